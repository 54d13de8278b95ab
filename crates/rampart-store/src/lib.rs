//! rampart's scan history: every scan with its coverage and its findings by fingerprint, one
//! baseline per account, in one SQLite file.
//!
//! Durability: a scan is written in one `BEGIN IMMEDIATE` transaction, so a process killed
//! half-way leaves no partial scan; the database runs in WAL mode with a busy timeout, so two
//! scans writing at once wait for each other instead of failing or corrupting the file.

mod diff;
mod record;
mod restore;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

pub use diff::{diff, Change, Diff, Side, Unverified};
pub use record::{CoverageEntry, NewScan, ScanSummary, StoredFinding, StoredNotEvaluated};

/// How long a writer waits for another to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("history database `{path}`: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "history database `{path}` has schema version {found}, newer than this rampart knows ({known}): upgrade rampart, or pass another `--db`"
    )]
    NewerSchema { path: PathBuf, found: usize, known: usize },
    #[error("{0}")]
    NotFound(String),
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating it and its folder if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Store::open_at(path, schema::VERSION)
    }

    /// Opens and migrates only up to `version`: how the tests build a database as an older
    /// rampart wrote it.
    #[doc(hidden)]
    pub fn open_at(path: &Path, version: usize) -> Result<Store, Error> {
        let sql = |source| Error::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // WAL: readers never block the writer; NORMAL sync is durable across a killed process.
        conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(sql)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(version)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The schema version of the file.
    pub fn version(&self) -> Result<usize, Error> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.sql())?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    fn migrate(&mut self, target: usize) -> Result<(), Error> {
        let path = self.path.clone();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        // Inside one immediate transaction, so that two first opens do not both migrate.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql)?;
        let found = usize::try_from(found).unwrap_or(0);
        if found > schema::VERSION {
            return Err(Error::NewerSchema {
                path: path.clone(),
                found,
                known: schema::VERSION,
            });
        }
        for migration in schema::MIGRATIONS.iter().take(target).skip(found) {
            tx.execute_batch(migration).map_err(sql)?;
        }
        if target > found {
            tx.pragma_update(None, "user_version", target as i64).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// The raw connection, for tests that write what an older rampart wrote.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The scans, newest first; only `account`'s when given; at most `limit`.
    pub fn scans(&self, account: Option<&str>, limit: usize) -> Result<Vec<ScanSummary>, Error> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM scans WHERE ?1 IS NULL OR account = ?1 ORDER BY id DESC LIMIT ?2",
                record::SCAN_COLUMNS
            ))
            .map_err(self.sql())?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map(rusqlite::params![account, limit], record::scan_from_row)
            .map_err(self.sql())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.sql())
    }

    pub fn scan(&self, id: i64) -> Result<Option<ScanSummary>, Error> {
        self.conn
            .query_row(
                &format!("SELECT {} FROM scans WHERE id = ?1", record::SCAN_COLUMNS),
                [id],
                record::scan_from_row,
            )
            .optional()
            .map_err(self.sql())
    }

    /// A scan named the way the command line names one: its number, `latest`, `latest~N`
    /// (N scans of the same account before the latest), or `baseline`.
    pub fn resolve(&self, reference: &str, account: Option<&str>) -> Result<ScanSummary, Error> {
        let missing = |what: String| Error::NotFound(what);
        if reference == "baseline" {
            let latest = self.resolve("latest", account)?;
            let id = self.baseline(&latest.account)?.ok_or_else(|| {
                missing(format!(
                    "no baseline is set for account {}: set one with `rampart baseline set`",
                    latest.account
                ))
            })?;
            return self
                .scan(id)?
                .ok_or_else(|| missing(format!("baseline scan {id} is gone")));
        }
        if let Some(back) = reference.strip_prefix("latest") {
            let back: usize = match back.strip_prefix('~') {
                None if back.is_empty() => 0,
                Some(n) => n.parse().map_err(|_| {
                    missing(format!(
                        "`{reference}` is not a scan: use a number, latest, latest~N or baseline"
                    ))
                })?,
                None => {
                    return Err(missing(format!(
                        "`{reference}` is not a scan: use a number, latest, latest~N or baseline"
                    )))
                }
            };
            let newest = self.scans(account, 1)?.into_iter().next().ok_or_else(|| {
                missing(match account {
                    Some(a) => format!("no scan of account {a} is recorded yet: run `rampart scan`"),
                    None => "no scan is recorded yet: run `rampart scan`".to_string(),
                })
            })?;
            let scans = self.scans(Some(&newest.account), back + 1)?;
            return scans.into_iter().nth(back).ok_or_else(|| {
                missing(format!(
                    "account {} has fewer than {} recorded scans",
                    newest.account,
                    back + 1
                ))
            });
        }
        let id: i64 = reference.trim_start_matches('#').parse().map_err(|_| {
            missing(format!(
                "`{reference}` is not a scan: use a number, latest, latest~N or baseline"
            ))
        })?;
        self.scan(id)?.ok_or_else(|| {
            missing(format!(
                "no scan {id} in `{}` (see `rampart history`)",
                self.path.display()
            ))
        })
    }

    /// The scan recorded just before `scan` for the same account.
    pub fn previous(&self, scan: &ScanSummary) -> Result<Option<ScanSummary>, Error> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(id) FROM scans WHERE account = ?1 AND id < ?2",
                rusqlite::params![scan.account, scan.id],
                |r| r.get(0),
            )
            .map_err(self.sql())?;
        match id {
            Some(id) => self.scan(id),
            None => Ok(None),
        }
    }

    pub fn baseline(&self, account: &str) -> Result<Option<i64>, Error> {
        self.conn
            .query_row("SELECT scan_id FROM baselines WHERE account = ?1", [account], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.sql())
    }

    /// Makes `scan` its account's baseline.
    pub fn set_baseline(&mut self, scan: &ScanSummary, now_ms: u64) -> Result<(), Error> {
        self.conn
            .execute(
                "INSERT INTO baselines (account, scan_id, set_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account) DO UPDATE SET scan_id = excluded.scan_id, set_ms = excluded.set_ms",
                rusqlite::params![scan.account, scan.id, now_ms as i64],
            )
            .map(|_| ())
            .map_err(self.sql())
    }

    /// Removes the account's baseline; false when there was none.
    pub fn clear_baseline(&mut self, account: &str) -> Result<bool, Error> {
        self.conn
            .execute("DELETE FROM baselines WHERE account = ?1", [account])
            .map(|n| n > 0)
            .map_err(self.sql())
    }

    /// The fingerprints of a scan's findings, for baseline comparison.
    pub fn fingerprints(&self, scan_id: i64) -> Result<std::collections::HashSet<String>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT fingerprint FROM findings WHERE scan_id = ?1")
            .map_err(self.sql())?;
        let rows = stmt.query_map([scan_id], |r| r.get(0)).map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }
}
