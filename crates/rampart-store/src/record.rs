//! Writing a scan (one transaction) and reading scans and findings back.

use rampart_checks::{AppliedSuppression, Confidence, ScanResult, Severity};
use rampart_inventory::Inventory;
use rusqlite::{params, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Store};

/// A scan to record: what was read, what was found, and how it ran.
pub struct NewScan<'a> {
    pub inventory: &'a Inventory,
    pub result: &'a ScanResult,
    pub rampart_version: &'a str,
    /// Unix epoch milliseconds when the scan started.
    pub started_ms: u64,
    pub duration_ms: u64,
    /// The scan's exposure graph as JSON (`rampart-graph` version 1), stored as given.
    pub graph: Option<&'a str>,
}

/// A recorded scan, without its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanSummary {
    pub id: i64,
    pub started_ms: u64,
    pub duration_ms: u64,
    pub source: String,
    pub account: String,
    pub regions: Vec<String>,
    pub rampart_version: String,
    pub checks_evaluated: usize,
    pub coverage: Vec<CoverageEntry>,
    /// Open (not suppressed) findings per severity, most severe first.
    pub counts: [usize; 5],
    pub suppressed: usize,
    /// The log evidence the scan was given; None for a scan recorded before rampart kept it.
    pub logs: Option<Vec<StoredLogRead>>,
}

/// One kind of log evidence a scan was given, as its JSON column holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLogRead {
    /// `cloudtrail` or `flow-logs` ([`rampart_checks::evidence::LogKind::name`]).
    pub kind: String,
    pub files: u64,
    pub read: u64,
    pub unreadable: u64,
    pub damaged_files: u64,
    pub first_problem: Option<String>,
}

impl StoredLogRead {
    pub fn of(l: &rampart_checks::evidence::LogRead) -> StoredLogRead {
        StoredLogRead {
            kind: l.kind.name().to_owned(),
            files: l.coverage.files,
            read: l.coverage.read,
            unreadable: l.coverage.unreadable,
            damaged_files: l.coverage.damaged_files,
            first_problem: l.coverage.first_problem.clone(),
        }
    }

    /// Back as the checks' type; None for a kind this build does not know.
    pub fn to_log_read(&self) -> Option<rampart_checks::evidence::LogRead> {
        let kind = rampart_checks::evidence::LogKind::parse(&self.kind)?;
        Some(rampart_checks::evidence::LogRead {
            kind,
            coverage: rampart_checks::evidence::LogCoverage {
                unit: match kind {
                    rampart_checks::evidence::LogKind::CloudTrail => "record",
                    rampart_checks::evidence::LogKind::FlowLogs => "line",
                },
                files: self.files,
                read: self.read,
                unreadable: self.unreadable,
                damaged_files: self.damaged_files,
                first_problem: self.first_problem.clone(),
            },
        })
    }
}

impl ScanSummary {
    /// Whether the scan was given this log evidence and read some of it; None when the scan
    /// was recorded before rampart kept that.
    pub fn read_logs(&self, kind: rampart_checks::evidence::LogKind) -> Option<bool> {
        self.logs
            .as_ref()
            .map(|logs| logs.iter().any(|l| l.kind == kind.name() && l.read > 0))
    }
}

impl ScanSummary {
    pub fn open_findings(&self) -> usize {
        self.counts.iter().sum()
    }

    /// How many inputs were not read (missing, denied, failed).
    pub fn coverage_gaps(&self) -> usize {
        self.coverage.iter().filter(|c| c.state != "read").count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageEntry {
    pub scope: String,
    pub kind: String,
    pub state: String,
    pub reason: Option<String>,
}

/// A finding as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFinding {
    pub fingerprint: String,
    pub check_id: String,
    pub theme: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub account: String,
    pub region: String,
    pub resource_type: String,
    pub resource_id: String,
    pub resource_arn: Option<String>,
    pub title: String,
    pub message: String,
    pub evidence: Vec<String>,
    pub remediation: Vec<String>,
    pub blast_radius: usize,
    pub suppression: Option<AppliedSuppression>,
}

impl StoredFinding {
    pub fn is_suppressed(&self) -> bool {
        self.suppression.as_ref().is_some_and(|s| !s.expired)
    }

    /// Ranking order, as for live findings: severity, confidence, blast radius, then names.
    pub fn rank_cmp(&self, other: &StoredFinding) -> std::cmp::Ordering {
        other
            .severity
            .cmp(&self.severity)
            .then(other.confidence.cmp(&self.confidence))
            .then(other.blast_radius.cmp(&self.blast_radius))
            .then(self.check_id.cmp(&other.check_id))
            .then(self.region.cmp(&other.region))
            .then(self.resource_id.cmp(&other.resource_id))
            .then(self.fingerprint.cmp(&other.fingerprint))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNotEvaluated {
    pub check_id: String,
    pub scope: String,
    pub resource_id: Option<String>,
    pub reason: String,
}

/// The suppression as stored in its JSON column.
#[derive(Serialize, Deserialize)]
struct SuppressionJson {
    reason: String,
    owner: String,
    expires: String,
    expired: bool,
}

pub(crate) const SCAN_COLUMNS: &str = "id, started_ms, duration_ms, source, account, regions, rampart_version, \
     checks_evaluated, coverage, critical, high, medium, low, info, suppressed, logs";

pub(crate) fn scan_from_row(r: &Row) -> rusqlite::Result<ScanSummary> {
    let count = |i: usize| r.get::<_, i64>(i).map(|n| usize::try_from(n).unwrap_or(0));
    Ok(ScanSummary {
        id: r.get(0)?,
        started_ms: r.get::<_, i64>(1)? as u64,
        duration_ms: r.get::<_, i64>(2)? as u64,
        source: r.get(3)?,
        account: r.get(4)?,
        regions: json_column(r, 5)?,
        rampart_version: r.get(6)?,
        checks_evaluated: count(7)?,
        coverage: json_column(r, 8)?,
        counts: [count(9)?, count(10)?, count(11)?, count(12)?, count(13)?],
        suppressed: count(14)?,
        logs: match r.get::<_, Option<String>>(15)? {
            None => None,
            Some(text) => Some(serde_json::from_str(&text).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(15, rusqlite::types::Type::Text, Box::new(e))
            })?),
        },
    })
}

/// A JSON text column, parsed; a column that does not parse is a conversion error naming it.
fn json_column<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// The part of a finding stored once per distinct content (the `details` table).
#[derive(Deserialize)]
struct Details {
    message: String,
    evidence: Vec<String>,
    remediation: Vec<String>,
}

#[derive(Serialize)]
struct DetailsOut<'a> {
    message: &'a str,
    evidence: &'a [String],
    remediation: &'a [String],
}

fn finding_from_row(r: &Row) -> rusqlite::Result<StoredFinding> {
    let severity: String = r.get(3)?;
    let suppression: Option<String> = r.get(13)?;
    let body: String = r.get(12)?;
    let details: Details = serde_json::from_str(&body)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, Box::new(e)))?;
    Ok(StoredFinding {
        fingerprint: r.get(0)?,
        check_id: r.get(1)?,
        theme: r.get(2)?,
        // A name this build does not know (never written by rampart) ranks lowest.
        severity: Severity::parse(&severity).unwrap_or(Severity::Info),
        // As for severities: a name this build does not know ranks lowest.
        confidence: Confidence::parse(&r.get::<_, String>(4)?).unwrap_or(Confidence::Low),
        account: r.get(5)?,
        region: r.get(6)?,
        resource_type: r.get(7)?,
        resource_id: r.get(8)?,
        resource_arn: r.get(9)?,
        title: r.get(10)?,
        message: details.message,
        evidence: details.evidence,
        remediation: details.remediation,
        blast_radius: usize::try_from(r.get::<_, i64>(11)?).unwrap_or(0),
        suppression: suppression
            .and_then(|s| serde_json::from_str::<SuppressionJson>(&s).ok())
            .map(|s| AppliedSuppression {
                reason: s.reason,
                owner: s.owner,
                expires: s.expires,
                expired: s.expired,
            }),
    })
}

impl Store {
    /// Records a scan in one transaction and returns its id. `progress` is told how many
    /// findings are written so far, every 1,000.
    pub fn record(&mut self, scan: &NewScan, progress: &mut dyn FnMut(usize)) -> Result<i64, Error> {
        let path = self.path.clone();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let inventory = scan.inventory;
        let findings = &scan.result.findings;
        let mut counts = [0usize; 5];
        let mut suppressed = 0usize;
        for f in findings {
            if f.is_suppressed() {
                suppressed += 1;
            } else if let Some(i) = Severity::ALL.iter().position(|s| *s == f.severity) {
                counts[i] += 1;
            }
        }
        let coverage: Vec<CoverageEntry> = inventory
            .coverage
            .entries
            .iter()
            .map(|e| CoverageEntry {
                scope: e.scope.clone(),
                kind: e.kind.name(),
                state: e.status.state().to_string(),
                reason: e.status.reason().map(str::to_string),
            })
            .collect();
        let mut regions: Vec<&str> = inventory.regions.keys().map(String::as_str).collect();
        if inventory
            .coverage
            .entries
            .iter()
            .any(|e| e.scope == rampart_inventory::GLOBAL)
        {
            regions.push(rampart_inventory::GLOBAL);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        tx.execute(
            "INSERT INTO scans (started_ms, duration_ms, source, account, regions, rampart_version,
                 checks_evaluated, coverage, critical, high, medium, low, info, suppressed, logs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                scan.started_ms as i64,
                scan.duration_ms as i64,
                inventory.source,
                inventory.account(),
                json(&regions),
                scan.rampart_version,
                scan.result.evaluated as i64,
                json(&coverage),
                counts[0] as i64,
                counts[1] as i64,
                counts[2] as i64,
                counts[3] as i64,
                counts[4] as i64,
                suppressed as i64,
                json(&scan.result.logs.iter().map(StoredLogRead::of).collect::<Vec<_>>()),
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO findings (scan_id, fingerprint, check_id, theme, severity, confidence, account,
                         region, resource_type, resource_id, resource_arn, title, blast_radius, details, suppression)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )
                .map_err(sql)?;
            // The no-op update makes RETURNING answer for a body already stored, too.
            let mut details = tx
                .prepare(
                    "INSERT INTO details (hash, body) VALUES (?1, ?2)
                     ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id",
                )
                .map_err(sql)?;
            for (n, f) in findings.iter().enumerate() {
                if n % 1000 == 0 && n > 0 {
                    progress(n);
                }
                let suppression = f.suppression.as_ref().map(|s| {
                    json(&SuppressionJson {
                        reason: s.reason.clone(),
                        owner: s.owner.clone(),
                        expires: s.expires.clone(),
                        expired: s.expired,
                    })
                });
                let body = json(&DetailsOut {
                    message: &f.message,
                    evidence: &f.evidence,
                    remediation: &f.remediation,
                });
                let hash = &Sha256::digest(body.as_bytes())[..16];
                let details_id: i64 = details.query_row(params![hash, body], |r| r.get(0)).map_err(sql)?;
                insert
                    .execute(params![
                        id,
                        f.fingerprint,
                        f.check_id,
                        f.theme.name(),
                        f.severity.name(),
                        f.confidence.name(),
                        f.account,
                        f.region,
                        f.resource_type,
                        f.resource_id,
                        f.resource_arn,
                        f.title,
                        f.blast_radius as i64,
                        details_id,
                        suppression,
                    ])
                    .map_err(sql)?;
            }
            let mut insert = tx
                .prepare(
                    "INSERT INTO not_evaluated (scan_id, check_id, scope, resource_id, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(sql)?;
            for n in &scan.result.not_evaluated {
                insert
                    .execute(params![id, n.check_id, n.scope, n.resource_id, n.reason])
                    .map_err(sql)?;
            }
        }
        if let Some(graph) = scan.graph {
            tx.execute("INSERT INTO graphs (scan_id, body) VALUES (?1, ?2)", params![id, graph])
                .map_err(sql)?;
        }
        progress(findings.len());
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// A scan's findings, ranked.
    pub fn findings(&self, scan_id: i64) -> Result<Vec<StoredFinding>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT f.fingerprint, f.check_id, f.theme, f.severity, f.confidence, f.account, f.region,
                     f.resource_type, f.resource_id, f.resource_arn, f.title, f.blast_radius, d.body, f.suppression
                 FROM findings f JOIN details d ON d.id = f.details WHERE f.scan_id = ?1",
            )
            .map_err(self.sql())?;
        let rows = stmt.query_map([scan_id], finding_from_row).map_err(self.sql())?;
        let mut findings = rows.collect::<Result<Vec<_>, _>>().map_err(self.sql())?;
        findings.sort_by(StoredFinding::rank_cmp);
        Ok(findings)
    }

    /// The scan's exposure graph as recorded (JSON), if it was.
    pub fn graph(&self, scan_id: i64) -> Result<Option<String>, Error> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT body FROM graphs WHERE scan_id = ?1", [scan_id], |r| r.get(0))
            .optional()
            .map_err(self.sql())
    }

    pub fn not_evaluated(&self, scan_id: i64) -> Result<Vec<StoredNotEvaluated>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT check_id, scope, resource_id, reason FROM not_evaluated WHERE scan_id = ?1")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map([scan_id], |r| {
                Ok(StoredNotEvaluated {
                    check_id: r.get(0)?,
                    scope: r.get(1)?,
                    resource_id: r.get(2)?,
                    reason: r.get(3)?,
                })
            })
            .map_err(self.sql())?;
        rows.collect::<Result<_, _>>().map_err(self.sql())
    }
}

/// JSON text of a value that always serializes (strings, vectors of strings, plain structs).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
