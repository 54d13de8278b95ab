//! How much of the log evidence given could be read. A verdict over logs holds only over what
//! was read: nothing read is *not evaluated* (never a clean bill), part read is evaluated with
//! the unreadable share stated beside the verdict.

use serde::Serialize;

use crate::flow::read::{FileIssue, LineIssue};

/// What one kind of log evidence read, in its own unit (CloudTrail records, flow-log lines).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LogCoverage {
    /// `record` (CloudTrail) or `line` (flow logs).
    pub unit: &'static str,
    pub files: u64,
    /// Units read and usable.
    pub read: u64,
    /// Units counted but not usable (each named in the reader's errors, the first few kept).
    pub unreadable: u64,
    /// Files that could not be read to their end, or at all: what they held past the damage is
    /// not counted in `unreadable` (it is unknown).
    pub damaged_files: u64,
    /// The first problem met, `file:position: reason`.
    pub first_problem: Option<String>,
}

/// The three answers a verdict over logs can have about its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completeness {
    /// Nothing usable was read: a verdict is not evaluated.
    Nothing,
    /// Some was unreadable: a verdict holds over what was read, and says so.
    Partial,
    Complete,
}

impl LogCoverage {
    pub fn new(
        unit: &'static str,
        files: u64,
        read: u64,
        unreadable: u64,
        errors: &[LineIssue],
        file_errors: &[FileIssue],
    ) -> Self {
        LogCoverage {
            unit,
            files,
            read,
            unreadable,
            damaged_files: file_errors.len() as u64,
            first_problem: file_errors
                .first()
                .map(|f| format!("{}: {}", f.file, f.reason))
                .or_else(|| errors.first().map(|e| format!("{}:{}: {}", e.file, e.line, e.reason))),
        }
    }

    pub fn completeness(&self) -> Completeness {
        if self.read == 0 {
            Completeness::Nothing
        } else if self.unreadable > 0 || self.damaged_files > 0 {
            Completeness::Partial
        } else {
            Completeness::Complete
        }
    }

    /// The unreadable share of the units counted, in percent (damaged files not counted).
    pub fn unreadable_percent(&self) -> f64 {
        let total = self.read + self.unreadable;
        if total == 0 {
            0.0
        } else {
            self.unreadable as f64 * 100.0 / total as f64
        }
    }

    /// `1,204 of 1,250 records read (46 unreadable, 3.7%; 1 file damaged; first: a.json:7: not JSON)`.
    pub fn describe(&self) -> String {
        if self.files == 0 {
            return "no log file was found in the paths given".into();
        }
        let mut text = format!(
            "{} of {} {}s read in {} file(s)",
            self.read,
            self.read + self.unreadable,
            self.unit,
            self.files
        );
        let mut problems = Vec::new();
        if self.unreadable > 0 {
            problems.push(format!(
                "{} unreadable, {:.1}%",
                self.unreadable,
                self.unreadable_percent()
            ));
        }
        if self.damaged_files > 0 {
            problems.push(format!(
                "{} file(s) not read to their end, what they held past the damage not counted",
                self.damaged_files
            ));
        }
        if let Some(first) = &self.first_problem {
            problems.push(format!("first: {first}"));
        }
        if !problems.is_empty() {
            text.push_str(&format!(" ({})", problems.join("; ")));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_partial_complete() {
        let issue = LineIssue {
            file: "a.json".into(),
            line: 3,
            reason: "not JSON".into(),
        };
        let none = LogCoverage::new("record", 1, 0, 4, std::slice::from_ref(&issue), &[]);
        assert_eq!(none.completeness(), Completeness::Nothing);
        let part = LogCoverage::new("record", 1, 3, 1, std::slice::from_ref(&issue), &[]);
        assert_eq!(part.completeness(), Completeness::Partial);
        assert_eq!(
            part.describe(),
            "3 of 4 records read in 1 file(s) (1 unreadable, 25.0%; first: a.json:3: not JSON)"
        );
        let damaged = LogCoverage::new(
            "line",
            2,
            10,
            0,
            &[],
            &[FileIssue {
                file: "b.gz".into(),
                reason: "truncated gzip".into(),
            }],
        );
        assert_eq!(damaged.completeness(), Completeness::Partial);
        assert_eq!(
            LogCoverage::new("line", 1, 5, 0, &[], &[]).completeness(),
            Completeness::Complete
        );
        // An empty folder, a file of nothing: nothing read, not complete.
        let empty = LogCoverage::new("line", 0, 0, 0, &[], &[]);
        assert_eq!(empty.completeness(), Completeness::Nothing);
        assert_eq!(empty.describe(), "no log file was found in the paths given");
    }
}
