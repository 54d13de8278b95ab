//! What every command that reads log evidence does with how much it read: nothing read is an
//! error (never a clean bill), part read is said, and `--require-coverage` turns it into exit 3.

use rampart_logs::coverage::{Completeness, LogCoverage};

use crate::Error;

/// An error when nothing could be read from the logs given (`words`: `CloudTrail logs`).
pub fn require_some(coverage: &LogCoverage, words: &str) -> Result<(), Error> {
    match coverage.completeness() {
        Completeness::Nothing => Err(Error::Source(format!(
            "nothing could be read from the {words} given: {}",
            coverage.describe()
        ))),
        _ => Ok(()),
    }
}

/// The exit code of a command that read the logs: `code`, or 3 when part of them could not be
/// read and `--require-coverage` is set (the warning says so either way).
pub fn verdict(code: u8, coverage: &LogCoverage, words: &str, require_coverage: bool) -> u8 {
    if coverage.completeness() == Completeness::Complete {
        return code;
    }
    let what = if coverage.completeness() == Completeness::Nothing {
        format!("nothing could be read from the {words}: what needs them is not evaluated")
    } else {
        format!("the answer holds only over what could be read of the {words}")
    };
    if require_coverage {
        eprintln!("error: {what} and --require-coverage is set: {}", coverage.describe());
        3
    } else {
        eprintln!("warning: {what}: {}", coverage.describe());
        code
    }
}
