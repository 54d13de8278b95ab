//! Counts shared by every format.

use rampart_checks::Severity;

use crate::Scan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Per severity, most severe first.
    /// Open findings per severity, most severe first (suppressed ones are counted apart).
    pub by_severity: Vec<(Severity, usize)>,
    /// Open findings: every finding but the suppressed ones.
    pub findings: usize,
    /// Findings an unexpired suppression in rampart.toml applies to.
    pub suppressed: usize,
    /// Open findings not in the account's baseline; None when no baseline was compared.
    pub new: Option<usize>,
    /// (check, scope) pairs that could not run, plus single resources that could not be judged.
    pub not_evaluated: usize,
    pub evaluated: usize,
    /// Inputs not read (missing, denied or failed).
    pub coverage_gaps: usize,
    pub coverage_total: usize,
}

impl Summary {
    pub fn of(scan: &Scan) -> Summary {
        let open: Vec<_> = scan.result.findings.iter().filter(|f| !f.is_suppressed()).collect();
        let by_severity = Severity::ALL
            .iter()
            .map(|&s| (s, open.iter().filter(|f| f.severity == s).count()))
            .collect();
        let compared = scan.result.findings.iter().any(|f| f.baseline.is_some());
        Summary {
            by_severity,
            findings: open.len(),
            suppressed: scan.result.findings.len() - open.len(),
            new: compared.then(|| {
                open.iter()
                    .filter(|f| f.baseline == Some(rampart_checks::BaselineState::New))
                    .count()
            }),
            not_evaluated: scan.result.not_evaluated.len(),
            evaluated: scan.result.evaluated,
            coverage_gaps: scan.about.coverage_gaps(),
            coverage_total: scan.about.coverage.len(),
        }
    }

    /// The highest severity present, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.by_severity.iter().find(|(_, n)| *n > 0).map(|(s, _)| *s)
    }
}
