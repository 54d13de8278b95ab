//! The scan history: where the database is, recording a scan and its baseline state, and
//! `rampart history`, `diff` and `baseline`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use rampart_checks::{BaselineState, Finding, Severity};
use rampart_report::envelope::{self, Envelope};
use rampart_store::{ScanSummary, Side, Store, StoredFinding};
use serde::Serialize;

use crate::cli::{BaselineCommand, ExposureFormat};
use crate::{output, Error};

/// The database: `--db`, else `$RAMPART_DB`, else `history.sqlite` in the user's data folder
/// (`$XDG_DATA_HOME/rampart`, `~/.local/share/rampart`; on macOS `~/Library/Application
/// Support/rampart`; on Windows `%APPDATA%\rampart`). None when there is no home to put it in.
pub fn db_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = env("RAMPART_DB") {
        return Some(p);
    }
    let data = if cfg!(windows) {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")))
    };
    data.map(|d| d.join("rampart").join("history.sqlite"))
}

/// How a command uses the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A scan records into it: created on first use (the default's folder too; an explicit
    /// `--db` must name a folder that exists).
    Record,
    /// Every other command reads one a scan made: a path where there is none is an error,
    /// never a new empty history.
    Read,
}

pub fn open(explicit: Option<&Path>, access: Access) -> Result<Store, Error> {
    let path = db_path(explicit).ok_or_else(|| {
        Error::Usage("no data folder for the history (HOME is not set): pass `--db PATH` or set RAMPART_DB".into())
    })?;
    match access {
        Access::Read if !path.is_file() => {
            return Err(Error::Usage(format!(
                "there is no history at `{}`: a scan records one (pass the `--db` the scans used)",
                path.display()
            )))
        }
        Access::Read => {}
        Access::Record => prepare_folder(&path, explicit.is_some())?,
    }
    Store::open(&path).map_err(store_error)
}

/// The default history's folder is rampart's own and is made; a folder the user named must exist.
fn prepare_folder(path: &Path, explicit: bool) -> Result<(), Error> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if explicit {
        return crate::output::folder_exists(parent, "history");
    }
    std::fs::create_dir_all(parent).map_err(|e| {
        Error::Source(format!(
            "cannot create the history's folder `{}`: {e}",
            parent.display()
        ))
    })
}

pub fn store_error(e: rampart_store::Error) -> Error {
    match e {
        rampart_store::Error::NotFound(what) => Error::Usage(what),
        other => Error::Source(other.to_string()),
    }
}

/// Marks each finding new or existing against the account's baseline. Returns whether a
/// baseline was there to compare with.
pub fn mark_baseline(store: &Store, account: &str, findings: &mut [Finding]) -> Result<bool, Error> {
    let Some(id) = store.baseline(account).map_err(store_error)? else {
        return Ok(false);
    };
    let known = store.fingerprints(id).map_err(store_error)?;
    for f in findings {
        f.baseline = Some(if known.contains(&f.fingerprint) {
            BaselineState::Existing
        } else {
            BaselineState::New
        });
    }
    Ok(true)
}

pub struct ListRequest<'a> {
    pub account: Option<&'a str>,
    pub limit: usize,
    pub format: ExposureFormat,
}

/// `rampart history`: the scans, newest first, with counts and the trend against the scan
/// before of the same account.
pub fn history(store: &Store, request: &ListRequest) -> Result<u8, Error> {
    // One more than shown, so the oldest row shown still has a trend.
    let scans = store.scans(request.account, request.limit + 1).map_err(store_error)?;
    let baselines: Vec<(String, Option<i64>)> = {
        let mut accounts: Vec<&str> = scans.iter().map(|s| s.account.as_str()).collect();
        accounts.sort_unstable();
        accounts.dedup();
        accounts
            .into_iter()
            .map(|a| Ok((a.to_string(), store.baseline(a).map_err(store_error)?)))
            .collect::<Result<_, Error>>()?
    };
    let is_baseline = |s: &ScanSummary| baselines.iter().any(|(a, b)| *a == s.account && *b == Some(s.id));
    let previous_of = |i: usize| scans[i + 1..].iter().find(|p| p.account == scans[i].account);
    let shown = scans.len().min(request.limit);
    let text = match request.format {
        ExposureFormat::Json => {
            let rows: Vec<HistoryRow> = (0..shown)
                .map(|i| HistoryRow::of(&scans[i], previous_of(i), is_baseline(&scans[i])))
                .collect();
            json(
                envelope::HISTORY,
                &HistoryReport {
                    database: store.path().display().to_string(),
                    scans: rows,
                },
            )
        }
        ExposureFormat::Text => {
            if scans.is_empty() {
                format!(
                    "no scan recorded in `{}` yet: run `rampart scan`\n",
                    store.path().display()
                )
            } else {
                let mut out = String::new();
                let _ = writeln!(
                    out,
                    "{:>5}  {:<20} {:<13} {:>7} {:>8} {:>5} {:>6} {:>4} {:>4} {:>10}  {:<9} source",
                    "scan",
                    "started (UTC)",
                    "account",
                    "regions",
                    "critical",
                    "high",
                    "medium",
                    "low",
                    "info",
                    "suppressed",
                    "trend"
                );
                for (i, s) in scans.iter().enumerate().take(shown) {
                    let trend = match previous_of(i) {
                        Some(p) => signed(s.open_findings() as i64 - p.open_findings() as i64),
                        None => "first".to_string(),
                    };
                    let mark = if is_baseline(s) { " (baseline)" } else { "" };
                    let _ = writeln!(
                        out,
                        "{:>5}  {:<20} {:<13} {:>7} {:>8} {:>5} {:>6} {:>4} {:>4} {:>10}  {:<9} {}{mark}",
                        s.id,
                        started(s.started_ms),
                        s.account,
                        s.regions.iter().filter(|r| *r != rampart_inventory::GLOBAL).count(),
                        s.counts[0],
                        s.counts[1],
                        s.counts[2],
                        s.counts[3],
                        s.counts[4],
                        s.suppressed,
                        trend,
                        s.source
                    );
                }
                if let Some(line) = sparkline(&scans[..shown]) {
                    let _ = writeln!(out, "\nopen findings, oldest to newest: {line}");
                }
                out
            }
        }
    };
    output::stdout(&text)?;
    Ok(0)
}

pub struct DiffRequest<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub baseline: bool,
    pub account: Option<&'a str>,
    pub format: ExposureFormat,
}

/// `rampart diff`: default the latest scan against the one before it of the same account;
/// `--baseline`, against the account's baseline.
pub fn diff(store: &Store, request: &DiffRequest) -> Result<u8, Error> {
    // With one scan named, it is the earlier one and the later is the latest.
    let (from_ref, to_ref) = match (request.from, request.to) {
        (Some(a), Some(b)) => (Some(a), b),
        (Some(a), None) => (Some(a), "latest"),
        (None, _) => (None, "latest"),
    };
    let after = store.resolve(to_ref, request.account).map_err(store_error)?;
    let before = match (from_ref, request.baseline) {
        (Some(_), true) => {
            return Err(Error::Usage(
                "pass either scans to compare or `--baseline`, not both".into(),
            ))
        }
        (Some(r), false) => store.resolve(r, request.account).map_err(store_error)?,
        (None, true) => store.resolve("baseline", Some(&after.account)).map_err(store_error)?,
        (None, false) => store.previous(&after).map_err(store_error)?.ok_or_else(|| {
            Error::Usage(format!(
                "scan {} is the first of account {}: nothing to compare it with yet",
                after.id, after.account
            ))
        })?,
    };
    if before.account != after.account {
        return Err(Error::Usage(format!(
            "scan {} is of account {} and scan {} of account {}: compare scans of one account",
            before.id, before.account, after.id, after.account
        )));
    }
    let load = |s: &ScanSummary| -> Result<_, Error> {
        Ok((
            store.findings(s.id).map_err(store_error)?,
            store.not_evaluated(s.id).map_err(store_error)?,
        ))
    };
    let (bf, bn) = load(&before)?;
    let (af, an) = load(&after)?;
    let d = rampart_store::diff(
        Side {
            scan: &before,
            findings: &bf,
            not_evaluated: &bn,
        },
        Side {
            scan: &after,
            findings: &af,
            not_evaluated: &an,
        },
    );
    let text = match request.format {
        ExposureFormat::Json => json(
            envelope::DIFF,
            &DiffReport {
                account: &after.account,
                from: ScanRef::of(&before),
                to: ScanRef::of(&after),
                new: d.new.iter().map(FindingDto::of).collect(),
                resolved: d.resolved.iter().map(FindingDto::of).collect(),
                unverified: d
                    .unverified
                    .iter()
                    .map(|u| UnverifiedDto {
                        finding: FindingDto::of(&u.finding),
                        reason: &u.reason,
                    })
                    .collect(),
                changed: d
                    .changed
                    .iter()
                    .map(|c| ChangedDto {
                        before: FindingDto::of(&c.before),
                        after: FindingDto::of(&c.after),
                        changes: &c.what,
                    })
                    .collect(),
                unchanged: d.unchanged.iter().map(FindingDto::of).collect(),
            },
        ),
        ExposureFormat::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "account {}: scan {} ({}) → scan {} ({})\n",
                after.account,
                before.id,
                started(before.started_ms),
                after.id,
                started(after.started_ms)
            );
            let line = |out: &mut String, f: &StoredFinding, extra: &str| {
                let _ = writeln!(
                    out,
                    "  {:<8} {}  {} {}  {}{extra}",
                    f.severity.name(),
                    f.check_id,
                    f.region,
                    f.resource_id,
                    f.message
                );
            };
            let section = |out: &mut String, title: &str, n: usize| {
                if n > 0 {
                    let _ = writeln!(out, "{title} ({n})");
                }
            };
            section(&mut out, "New", d.new.len());
            for f in &d.new {
                line(&mut out, f, "");
            }
            section(&mut out, "Changed", d.changed.len());
            for c in &d.changed {
                line(&mut out, &c.after, &format!("  [{}]", c.what.join(", ")));
            }
            section(&mut out, "Resolved", d.resolved.len());
            for f in &d.resolved {
                line(&mut out, f, "");
            }
            section(
                &mut out,
                "Not re-evaluated (not counted as resolved)",
                d.unverified.len(),
            );
            for u in &d.unverified {
                line(&mut out, &u.finding, &format!("  [{}]", u.reason));
            }
            let _ = writeln!(
                out,
                "\n{} new, {} changed, {} resolved, {} not re-evaluated, {} unchanged",
                d.new.len(),
                d.changed.len(),
                d.resolved.len(),
                d.unverified.len(),
                d.unchanged.len()
            );
            out
        }
    };
    output::stdout(&text)?;
    Ok(0)
}

pub fn baseline(store: &mut Store, command: &BaselineCommand, now_ms: u64) -> Result<u8, Error> {
    match command {
        BaselineCommand::Set { scan, account } => {
            let s = store.resolve(scan, account.as_deref()).map_err(store_error)?;
            store.set_baseline(&s, now_ms).map_err(store_error)?;
            eprintln!(
                "scan {} ({}, {} open finding(s)) is now the baseline of account {}",
                s.id,
                started(s.started_ms),
                s.open_findings(),
                s.account
            );
        }
        BaselineCommand::Show { account } => {
            let latest = store.resolve("latest", account.as_deref()).map_err(store_error)?;
            let text = match store.baseline(&latest.account).map_err(store_error)? {
                Some(id) => format!("account {}: baseline is scan {id}\n", latest.account),
                None => format!("account {}: no baseline (`rampart baseline set`)\n", latest.account),
            };
            output::stdout(&text)?;
        }
        BaselineCommand::Clear { account } => {
            let latest = store.resolve("latest", account.as_deref()).map_err(store_error)?;
            let had = store.clear_baseline(&latest.account).map_err(store_error)?;
            eprintln!(
                "account {}: {}",
                latest.account,
                if had { "baseline cleared" } else { "had no baseline" }
            );
        }
    }
    Ok(0)
}

fn signed(n: i64) -> String {
    match n {
        0 => "±0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", -n),
    }
}

fn started(ms: u64) -> String {
    let iso = rampart_report::time::iso8601(ms);
    format!("{} {}", &iso[..10], &iso[11..19])
}

/// Open findings of the shown scans, oldest first, as block characters (one account only).
fn sparkline(scans: &[ScanSummary]) -> Option<String> {
    let first = scans.first()?;
    if scans.len() < 2 || scans.iter().any(|s| s.account != first.account) {
        return None;
    }
    let values: Vec<usize> = scans.iter().rev().map(ScanSummary::open_findings).collect();
    let (lo, hi) = (*values.iter().min()?, *values.iter().max()?);
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let bars: String = values
        .iter()
        .map(|&v| {
            if hi == lo {
                BARS[3]
            } else {
                BARS[(v - lo) * 7 / (hi - lo)]
            }
        })
        .collect();
    Some(format!("{bars}  ({} → {})", values[0], values[values.len() - 1]))
}

fn json(envelope: Envelope, value: &impl Serialize) -> String {
    envelope.render(value).unwrap_or_default()
}

#[derive(Serialize)]
struct HistoryReport {
    database: String,
    scans: Vec<HistoryRow>,
}

#[derive(Serialize)]
struct HistoryRow {
    id: i64,
    started: String,
    duration_ms: u64,
    account: String,
    regions: Vec<String>,
    source: String,
    rampart_version: String,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
    suppressed: usize,
    checks_evaluated: usize,
    coverage_gaps: usize,
    baseline: bool,
    /// Open findings against the account's previous scan; None for its first.
    trend: Option<i64>,
}

impl HistoryRow {
    fn of(s: &ScanSummary, previous: Option<&ScanSummary>, baseline: bool) -> HistoryRow {
        HistoryRow {
            id: s.id,
            started: rampart_report::time::iso8601(s.started_ms),
            duration_ms: s.duration_ms,
            account: s.account.clone(),
            regions: s.regions.clone(),
            source: s.source.clone(),
            rampart_version: s.rampart_version.clone(),
            critical: s.counts[0],
            high: s.counts[1],
            medium: s.counts[2],
            low: s.counts[3],
            info: s.counts[4],
            suppressed: s.suppressed,
            checks_evaluated: s.checks_evaluated,
            coverage_gaps: s.coverage_gaps(),
            baseline,
            trend: previous.map(|p| s.open_findings() as i64 - p.open_findings() as i64),
        }
    }
}

#[derive(Serialize)]
struct DiffReport<'a> {
    account: &'a str,
    from: ScanRef,
    to: ScanRef,
    new: Vec<FindingDto<'a>>,
    resolved: Vec<FindingDto<'a>>,
    unverified: Vec<UnverifiedDto<'a>>,
    changed: Vec<ChangedDto<'a>>,
    unchanged: Vec<FindingDto<'a>>,
}

#[derive(Serialize)]
struct ScanRef {
    id: i64,
    started: String,
    source: String,
}

impl ScanRef {
    fn of(s: &ScanSummary) -> ScanRef {
        ScanRef {
            id: s.id,
            started: rampart_report::time::iso8601(s.started_ms),
            source: s.source.clone(),
        }
    }
}

#[derive(Serialize)]
struct FindingDto<'a> {
    fingerprint: &'a str,
    check_id: &'a str,
    severity: &'a str,
    confidence: &'a str,
    theme: &'a str,
    account: &'a str,
    region: &'a str,
    resource_type: &'a str,
    resource_id: &'a str,
    resource_arn: Option<&'a str>,
    title: &'a str,
    message: &'a str,
    evidence: &'a [String],
    remediation: &'a [String],
    suppressed: bool,
}

impl<'a> FindingDto<'a> {
    fn of(f: &'a StoredFinding) -> FindingDto<'a> {
        FindingDto {
            fingerprint: &f.fingerprint,
            check_id: &f.check_id,
            severity: f.severity.name(),
            confidence: f.confidence.name(),
            theme: &f.theme,
            account: &f.account,
            region: &f.region,
            resource_type: &f.resource_type,
            resource_id: &f.resource_id,
            resource_arn: f.resource_arn.as_deref(),
            title: &f.title,
            message: &f.message,
            evidence: &f.evidence,
            remediation: &f.remediation,
            suppressed: f.is_suppressed(),
        }
    }
}

#[derive(Serialize)]
struct UnverifiedDto<'a> {
    #[serde(flatten)]
    finding: FindingDto<'a>,
    reason: &'a str,
}

#[derive(Serialize)]
struct ChangedDto<'a> {
    before: FindingDto<'a>,
    after: FindingDto<'a>,
    changes: &'a [String],
}

/// The exit code of `--fail-on`: 1 when an open finding at or above `severity` counts —
/// every one, or with `only_new` those not in the baseline.
/// How many findings fail `--fail-on`: unsuppressed, at or above the threshold, and new when
/// only new ones count.
pub fn failing(findings: &[Finding], severity: Option<Severity>, only_new: bool) -> usize {
    let Some(threshold) = severity else { return 0 };
    findings
        .iter()
        .filter(|f| {
            !f.is_suppressed() && f.severity >= threshold && (!only_new || f.baseline != Some(BaselineState::Existing))
        })
        .count()
}
