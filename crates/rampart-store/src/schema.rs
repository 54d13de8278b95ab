//! The schema, as the list of migrations that build it. `PRAGMA user_version` is the number of
//! migrations applied; opening a database applies the missing ones in one transaction, so a
//! database written by an older rampart is brought up to date and one from a newer rampart is
//! refused rather than misread. A migration is never edited once released: add the next one.

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: scans, their findings by fingerprint, and what could not be evaluated.
    "CREATE TABLE scans (
        id               INTEGER PRIMARY KEY,
        started_ms       INTEGER NOT NULL,   -- Unix epoch milliseconds, UTC
        duration_ms      INTEGER NOT NULL,
        source           TEXT    NOT NULL,
        account          TEXT    NOT NULL,
        regions          TEXT    NOT NULL,   -- JSON array of region names (and `global`)
        rampart_version  TEXT    NOT NULL,
        checks_evaluated INTEGER NOT NULL,
        coverage         TEXT    NOT NULL,   -- JSON array of {scope, kind, state, reason}
        critical INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL,
        low      INTEGER NOT NULL, info INTEGER NOT NULL
    );
    CREATE INDEX scans_by_account ON scans (account, id);
    -- What a finding says, stored once however many scans repeat it: most findings of a
    -- daily scan are unchanged, so the history grows by little more than their fingerprints.
    CREATE TABLE details (
        id   INTEGER PRIMARY KEY,
        hash BLOB    NOT NULL UNIQUE,           -- SHA-256 of body, first 16 bytes
        body TEXT    NOT NULL                   -- JSON {message, evidence, remediation}
    );
    CREATE TABLE findings (
        id            INTEGER PRIMARY KEY,
        scan_id       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        fingerprint   TEXT    NOT NULL,
        check_id      TEXT    NOT NULL,
        theme         TEXT    NOT NULL,
        severity      TEXT    NOT NULL,
        confidence    TEXT    NOT NULL,
        account       TEXT    NOT NULL,
        region        TEXT    NOT NULL,
        resource_type TEXT    NOT NULL,
        resource_id   TEXT    NOT NULL,
        resource_arn  TEXT,
        title         TEXT    NOT NULL,
        blast_radius  INTEGER NOT NULL,
        details       INTEGER NOT NULL REFERENCES details (id),
        UNIQUE (scan_id, fingerprint)
    );
    CREATE TABLE not_evaluated (
        scan_id     INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        check_id    TEXT    NOT NULL,
        scope       TEXT    NOT NULL,
        resource_id TEXT,
        reason      TEXT    NOT NULL
    );
    CREATE INDEX not_evaluated_by_scan ON not_evaluated (scan_id);",
    // 2: suppressions recorded with each finding, and one baseline per account.
    "ALTER TABLE findings ADD COLUMN suppression TEXT;   -- JSON {reason, owner, expires, expired}
    ALTER TABLE scans ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE baselines (
        account TEXT PRIMARY KEY,
        scan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        set_ms  INTEGER NOT NULL
    );",
    // 3: the exposure graph of each scan, so a recorded scan's HTML report draws it.
    "CREATE TABLE graphs (
        scan_id INTEGER PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
        body    TEXT    NOT NULL                -- JSON `rampart-graph` version 1
    );",
    // 4: the log evidence each scan was given (CloudTrail, flow logs) and how much of it was
    // read, so that a finding over logs is unverified, not resolved, when a later scan had none.
    // NULL: recorded before rampart kept it (unknown).
    "ALTER TABLE scans ADD COLUMN logs TEXT;   -- JSON array of {kind, files, read, unreadable, damaged_files, first_problem}",
];

/// The schema version this build writes.
pub const VERSION: usize = MIGRATIONS.len();
