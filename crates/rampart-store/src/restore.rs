//! A recorded scan back as the checks' own types, so every report format renders it
//! (`rampart report`). Check ids, titles and resource types are `&'static str` in a
//! [`Finding`]: the ones this build knows are its own; a name it does not know (a check since
//! renamed or removed) is leaked once per distinct name, which the short-lived process can
//! afford, rather than dropped from the report.

use std::collections::HashSet;
use std::sync::Mutex;

use rampart_checks::{Finding, NotEvaluated, ScanResult, Theme, CHECKS};

use crate::record::{ScanSummary, StoredFinding, StoredNotEvaluated};
use crate::{Error, Store};

static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

fn intern(s: &str) -> &'static str {
    let mut names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(&known) = names.get(s) {
        return known;
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

fn check_id(id: &str) -> &'static str {
    CHECKS
        .iter()
        .map(|c| c.meta.id)
        .find(|&k| k == id)
        .unwrap_or_else(|| intern(id))
}

impl StoredFinding {
    pub fn to_finding(&self) -> Finding {
        let meta = CHECKS.iter().map(|c| c.meta).find(|m| m.id == self.check_id);
        Finding {
            check_id: check_id(&self.check_id),
            // A theme name this build does not know keeps the check's own, else ingress.
            theme: Theme::parse(&self.theme)
                .or(meta.map(|m| m.theme))
                .unwrap_or(Theme::Ingress),
            title: match meta {
                Some(m) if m.title == self.title => m.title,
                _ => intern(&self.title),
            },
            message: self.message.clone(),
            severity: self.severity,
            confidence: self.confidence,
            account: self.account.clone(),
            region: self.region.clone(),
            resource_type: intern(&self.resource_type),
            resource_id: self.resource_id.clone(),
            resource_arn: self.resource_arn.clone(),
            evidence: self.evidence.clone(),
            remediation: self.remediation.clone(),
            blast_radius: self.blast_radius,
            fingerprint: self.fingerprint.clone(),
            suppression: self.suppression.clone(),
            baseline: None,
        }
    }
}

impl StoredNotEvaluated {
    pub fn to_not_evaluated(&self) -> NotEvaluated {
        NotEvaluated {
            check_id: check_id(&self.check_id),
            scope: self.scope.clone(),
            resource_id: self.resource_id.clone(),
            reason: self.reason.clone(),
        }
    }
}

impl Store {
    /// A recorded scan's result, ranked as when it ran.
    pub fn result(&self, scan: &ScanSummary) -> Result<ScanResult, Error> {
        Ok(ScanResult {
            findings: self.findings(scan.id)?.iter().map(StoredFinding::to_finding).collect(),
            not_evaluated: self
                .not_evaluated(scan.id)?
                .iter()
                .map(StoredNotEvaluated::to_not_evaluated)
                .collect(),
            evaluated: scan.checks_evaluated,
            logs: scan
                .logs
                .iter()
                .flatten()
                .filter_map(crate::record::StoredLogRead::to_log_read)
                .collect(),
        })
    }
}
