//! Counts shared by every format.

use rampart_checks::Severity;

use crate::Scan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Per severity, most severe first.
    pub by_severity: Vec<(Severity, usize)>,
    pub findings: usize,
    /// (check, scope) pairs that could not run, plus single resources that could not be judged.
    pub not_evaluated: usize,
    pub evaluated: usize,
    /// Inputs not read (missing, denied or failed).
    pub coverage_gaps: usize,
    pub coverage_total: usize,
}

impl Summary {
    pub fn of(scan: &Scan) -> Summary {
        let by_severity = Severity::ALL
            .iter()
            .map(|&s| (s, scan.result.findings.iter().filter(|f| f.severity == s).count()))
            .collect();
        Summary {
            by_severity,
            findings: scan.result.findings.len(),
            not_evaluated: scan.result.not_evaluated.len(),
            evaluated: scan.result.evaluated,
            coverage_gaps: scan.inventory.coverage.gaps().count(),
            coverage_total: scan.inventory.coverage.entries.len(),
        }
    }

    /// The highest severity present, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.by_severity.iter().find(|(_, n)| *n > 0).map(|(s, _)| *s)
    }
}
