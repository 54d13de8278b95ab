//! `json-v1`: the frozen machine format. Fields are only ever added, never renamed or removed;
//! a breaking change is `json-v2`. Documented in docs/json-v1.md.

use serde::Serialize;

use crate::summary::Summary;
use crate::Scan;

use crate::envelope::{Envelope, SCAN};

#[derive(Serialize)]
pub struct Report<'a> {
    #[serde(flatten)]
    pub envelope: Envelope,
    pub rampart_version: &'a str,
    pub source: &'a str,
    pub account: &'a str,
    pub regions: Vec<&'a str>,
    pub summary: SummaryDto,
    pub findings: Vec<FindingDto<'a>>,
    pub not_evaluated: Vec<NotEvaluatedDto<'a>>,
    pub coverage: Vec<CoverageDto<'a>>,
    /// The log evidence the scan was given (`--trail`, `--flow-logs`) and how much was read.
    pub logs: Vec<LogDto<'a>>,
}

#[derive(Serialize)]
pub struct LogDto<'a> {
    /// `cloudtrail` or `flow-logs`.
    pub kind: &'static str,
    /// `record` or `line`.
    pub unit: &'static str,
    pub files: u64,
    pub read: u64,
    pub unreadable: u64,
    pub unreadable_percent: f64,
    pub damaged_files: u64,
    /// `complete`, `partial` (the checks over it are evaluated over what was read) or
    /// `nothing` (they are not evaluated).
    pub completeness: &'static str,
    pub first_problem: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SummaryDto {
    pub findings: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    pub not_evaluated: usize,
    /// Findings a suppression applies to; not counted in `findings` or the severities.
    pub suppressed: usize,
    /// Open findings not in the baseline; null when no baseline was compared.
    pub new: Option<usize>,
    pub checks_evaluated: usize,
    pub coverage_gaps: usize,
}

#[derive(Serialize)]
pub struct FindingDto<'a> {
    pub check_id: &'a str,
    pub title: &'a str,
    pub message: &'a str,
    pub severity: &'a str,
    pub confidence: &'a str,
    pub theme: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    pub resource_type: &'a str,
    pub resource_id: &'a str,
    pub resource_arn: Option<&'a str>,
    pub evidence: &'a [String],
    pub remediation: &'a [String],
    pub blast_radius: usize,
    pub fingerprint: &'a str,
    /// `open` or `suppressed`.
    pub status: &'static str,
    /// The suppression that matched, also when it has expired (the finding is then open).
    pub suppression: Option<SuppressionDto<'a>>,
    /// `new` or `existing` against the account's baseline; null when none was compared.
    pub baseline: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SuppressionDto<'a> {
    pub reason: &'a str,
    pub owner: &'a str,
    pub expires: &'a str,
    pub expired: bool,
}

#[derive(Serialize)]
pub struct NotEvaluatedDto<'a> {
    pub check_id: &'a str,
    pub scope: &'a str,
    pub resource_id: Option<&'a str>,
    pub reason: &'a str,
}

#[derive(Serialize)]
pub struct CoverageDto<'a> {
    pub scope: &'a str,
    pub kind: String,
    /// The AWS CLI call that reads it; null only in a recorded scan's report when this
    /// version no longer knows the input.
    pub cli: Option<&'static str>,
    /// `read`, `missing`, `denied` or `failed`.
    pub state: &'a str,
    pub reason: Option<&'a str>,
}

pub fn report<'a>(scan: &Scan<'a>) -> Report<'a> {
    let s = Summary::of(scan);
    let count = |sev: rampart_checks::Severity| s.by_severity.iter().find(|(v, _)| *v == sev).map_or(0, |(_, n)| *n);
    use rampart_checks::Severity as S;
    Report {
        envelope: SCAN,
        rampart_version: scan.version,
        source: scan.about.source,
        account: scan.about.account,
        regions: scan.about.regions.clone(),
        summary: SummaryDto {
            findings: s.findings,
            critical: count(S::Critical),
            high: count(S::High),
            medium: count(S::Medium),
            low: count(S::Low),
            info: count(S::Info),
            not_evaluated: s.not_evaluated,
            suppressed: s.suppressed,
            new: s.new,
            checks_evaluated: s.evaluated,
            coverage_gaps: s.coverage_gaps,
        },
        findings: scan
            .result
            .findings
            .iter()
            .map(|f| FindingDto {
                check_id: f.check_id,
                title: f.title,
                message: &f.message,
                severity: f.severity.name(),
                confidence: f.confidence.name(),
                theme: f.theme.name(),
                account: &f.account,
                region: &f.region,
                resource_type: f.resource_type,
                resource_id: &f.resource_id,
                resource_arn: f.resource_arn.as_deref(),
                evidence: &f.evidence,
                remediation: &f.remediation,
                blast_radius: f.blast_radius,
                fingerprint: &f.fingerprint,
                status: if f.is_suppressed() { "suppressed" } else { "open" },
                suppression: f.suppression.as_ref().map(|s| SuppressionDto {
                    reason: &s.reason,
                    owner: &s.owner,
                    expires: &s.expires,
                    expired: s.expired,
                }),
                baseline: f.baseline.map(|b| b.name()),
            })
            .collect(),
        not_evaluated: scan
            .result
            .not_evaluated
            .iter()
            .map(|n| NotEvaluatedDto {
                check_id: n.check_id,
                scope: &n.scope,
                resource_id: n.resource_id.as_deref(),
                reason: &n.reason,
            })
            .collect(),
        coverage: scan
            .about
            .coverage
            .iter()
            .map(|e| CoverageDto {
                scope: e.scope,
                kind: e.kind.clone(),
                cli: e.cli,
                state: e.state,
                reason: e.reason,
            })
            .collect(),
        logs: scan
            .result
            .logs
            .iter()
            .map(|l| {
                use rampart_checks::evidence::Completeness;
                let c = &l.coverage;
                LogDto {
                    kind: l.kind.name(),
                    unit: c.unit,
                    files: c.files,
                    read: c.read,
                    unreadable: c.unreadable,
                    unreadable_percent: (c.unreadable_percent() * 10.0).round() / 10.0,
                    damaged_files: c.damaged_files,
                    completeness: match c.completeness() {
                        Completeness::Complete => "complete",
                        Completeness::Partial => "partial",
                        Completeness::Nothing => "nothing",
                    },
                    first_problem: c.first_problem.as_deref(),
                }
            })
            .collect(),
    }
}

/// The report as pretty-printed JSON with a trailing newline.
pub fn render(scan: &Scan) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and the DTO has only string keys.
    let _ = write(scan, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Streams the report: no copy of a large report is held in memory.
pub fn write(scan: &Scan, mut w: impl std::io::Write) -> std::io::Result<()> {
    // `From` keeps an I/O error's kind (a closed pipe stays `BrokenPipe`, which stdout ends quietly on).
    serde_json::to_writer_pretty(&mut w, &report(scan)).map_err(std::io::Error::from)?;
    w.write_all(b"\n")
}
