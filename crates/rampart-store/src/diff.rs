//! What changed between two scans of one account, by fingerprint.
//!
//! - **new**: in the later scan, not in the earlier one;
//! - **resolved**: in the earlier scan, not in the later one, *and* the later scan did judge it:
//!   its region was read and its check was evaluated there;
//! - **unverified**: in the earlier scan, not in the later one, but the later scan could not
//!   judge it (region not scanned, check not evaluated, in its region or account-wide, or — for
//!   a finding over CloudTrail or flow logs — the later scan read no such logs): missing data is
//!   never a pass, so it is not counted as resolved;
//! - **changed**: in both, with another severity, confidence or suppression state (say,
//!   severity moved because the host became reachable);
//! - **unchanged**: in both, alike in those respects (wording may differ).

use std::collections::HashMap;

use crate::record::{StoredFinding, StoredNotEvaluated};
use crate::ScanSummary;

#[derive(Debug, Default)]
pub struct Diff {
    pub new: Vec<StoredFinding>,
    pub resolved: Vec<StoredFinding>,
    pub unverified: Vec<Unverified>,
    pub changed: Vec<Change>,
    pub unchanged: Vec<StoredFinding>,
}

#[derive(Debug)]
pub struct Unverified {
    pub finding: StoredFinding,
    /// Why the later scan could not say whether it is fixed.
    pub reason: String,
}

#[derive(Debug)]
pub struct Change {
    pub before: StoredFinding,
    pub after: StoredFinding,
    /// `severity high → critical`, `confidence medium → high`, `now suppressed`, …
    pub what: Vec<String>,
}

/// One side of a comparison.
pub struct Side<'a> {
    pub scan: &'a ScanSummary,
    pub findings: &'a [StoredFinding],
    pub not_evaluated: &'a [StoredNotEvaluated],
}

/// Compares `before` with `after`. Each list comes out ranked (the later finding's rank for
/// changed ones).
pub fn diff(before: Side, after: Side) -> Diff {
    let later: HashMap<&str, &StoredFinding> = after.findings.iter().map(|f| (f.fingerprint.as_str(), f)).collect();
    let earlier: HashMap<&str, &StoredFinding> = before.findings.iter().map(|f| (f.fingerprint.as_str(), f)).collect();
    let mut out = Diff::default();
    for f in after.findings {
        match earlier.get(f.fingerprint.as_str()) {
            None => out.new.push(f.clone()),
            Some(b) => {
                let what = changes(b, f);
                if what.is_empty() {
                    out.unchanged.push(f.clone());
                } else {
                    out.changed.push(Change {
                        before: (*b).clone(),
                        after: f.clone(),
                        what,
                    });
                }
            }
        }
    }
    for f in before
        .findings
        .iter()
        .filter(|f| !later.contains_key(f.fingerprint.as_str()))
    {
        match why_unjudged(f, &after) {
            Some(reason) => out.unverified.push(Unverified {
                finding: f.clone(),
                reason,
            }),
            None => out.resolved.push(f.clone()),
        }
    }
    out.new.sort_by(StoredFinding::rank_cmp);
    out.resolved.sort_by(StoredFinding::rank_cmp);
    out.unchanged.sort_by(StoredFinding::rank_cmp);
    out.unverified.sort_by(|a, b| a.finding.rank_cmp(&b.finding));
    out.changed.sort_by(|a, b| a.after.rank_cmp(&b.after));
    out
}

fn changes(before: &StoredFinding, after: &StoredFinding) -> Vec<String> {
    let mut what = Vec::new();
    if before.severity != after.severity {
        what.push(format!(
            "severity {} → {}",
            before.severity.name(),
            after.severity.name()
        ));
    }
    if before.confidence != after.confidence {
        what.push(format!(
            "confidence {} → {}",
            before.confidence.name(),
            after.confidence.name()
        ));
    }
    match (before.is_suppressed(), after.is_suppressed()) {
        (false, true) => what.push("now suppressed".to_string()),
        (true, false) => what.push("no longer suppressed".to_string()),
        _ => {}
    }
    what
}

/// Why the later scan cannot vouch that a finding is gone, if it cannot.
fn why_unjudged(f: &StoredFinding, after: &Side) -> Option<String> {
    // A finding over log evidence (CloudTrail, flow logs) is judged only by a scan that read
    // that evidence: a later scan without `--trail` says nothing about an earlier detection.
    if let Some(kind) = rampart_checks::evidence::LogKind::of_check(&f.check_id) {
        if after.scan.read_logs(kind) == Some(false) {
            return Some(format!(
                "scan {} read no {} (none given, or nothing readable)",
                after.scan.id,
                kind.words()
            ));
        }
    }
    if let Some(n) = after.not_evaluated.iter().find(|n| {
        // A check not evaluated account-wide (scope `global`, no resource) judged nothing in
        // any region: the trail checks' findings are regional, their not-evaluated global.
        n.check_id == f.check_id && n.scope == rampart_inventory::GLOBAL && n.resource_id.is_none()
    }) {
        return Some(format!(
            "scan {} could not evaluate {}: {}",
            after.scan.id, n.check_id, n.reason
        ));
    }
    if !after.scan.regions.contains(&f.region) {
        return Some(format!("{} was not read by scan {}", f.region, after.scan.id));
    }
    after
        .not_evaluated
        .iter()
        .find(|n| {
            n.check_id == f.check_id
                && n.scope == f.region
                && n.resource_id.as_deref().is_none_or(|r| r == f.resource_id)
        })
        .map(|n| {
            format!(
                "scan {} could not evaluate {} here: {}",
                after.scan.id, n.check_id, n.reason
            )
        })
}
