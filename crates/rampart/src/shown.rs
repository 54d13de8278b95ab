//! What a scan's report shows: `--severity`, `--check`, `--theme` and `--account` narrow the
//! findings (and what was not evaluated) that are printed and that `--fail-on` counts. The
//! history always records the whole scan, so a filtered run never reads as risk resolved.

use rampart_checks::{Finding, NotEvaluated, ScanResult};

use crate::cli::ShownArgs;
use crate::Error;

impl ShownArgs {
    /// Unknown check ids are a usage error (a typo would otherwise show nothing, a clean bill).
    pub fn validate(&self) -> Result<(), Error> {
        for id in &self.checks {
            if rampart_checks::find(id).is_none() {
                let hint = crate::checks_cmd::closest(id)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(Error::Usage(format!(
                    "--check: no check `{id}`: {hint}`rampart checks list` shows them all"
                )));
            }
        }
        Ok(())
    }

    fn narrows(&self) -> bool {
        self.severity.is_some() || !self.checks.is_empty() || !self.themes.is_empty() || !self.accounts.is_empty()
    }

    fn keeps_check(&self, id: &str) -> bool {
        let check_ok = self.checks.is_empty() || self.checks.iter().any(|c| c == id);
        let theme_ok =
            self.themes.is_empty() || rampart_checks::find(id).is_some_and(|c| self.themes.contains(&c.meta.theme));
        check_ok && theme_ok
    }

    fn keeps(&self, f: &Finding) -> bool {
        self.keeps_check(f.check_id)
            && self.severity.is_none_or(|s| f.severity >= s)
            && (self.accounts.is_empty() || self.accounts.contains(&f.account))
    }

    /// The part of the result these filters show; None when they show everything.
    pub fn apply(&self, result: &ScanResult) -> Option<ScanResult> {
        if !self.narrows() {
            return None;
        }
        let not_evaluated: Vec<NotEvaluated> = result
            .not_evaluated
            .iter()
            .filter(|n| self.keeps_check(n.check_id))
            .cloned()
            .collect();
        Some(ScanResult {
            findings: result.findings.iter().filter(|f| self.keeps(f)).cloned().collect(),
            not_evaluated,
            evaluated: result.evaluated,
            logs: result.logs.clone(),
        })
    }
}
