//! Output formats. Each owns a versioned DTO built from the internal findings, which are not
//! serializable themselves (ARCHITECTURE.md, invariant 6): changing a format is deliberate.

pub mod asff;
pub mod csv;
pub mod egress_v1;
pub mod envelope;
pub mod exposure_v1;
pub mod graph;
pub mod html;
pub mod json_v1;
pub mod junit;
pub mod markdown;
pub mod ocsf;
pub mod sarif;
pub mod summary;
pub mod text;
pub mod time;

use rampart_checks::ScanResult;
use rampart_inventory::Inventory;

/// What every format renders.
pub struct Scan<'a> {
    pub about: About<'a>,
    pub result: &'a ScanResult,
    /// The rampart version that produced the scan.
    pub version: &'a str,
}

/// Which scan a report is of: what it read, where from, when. Built from the inventory of a
/// scan that just ran, or from the history for a recorded one (`rampart report`).
pub struct About<'a> {
    pub source: &'a str,
    pub account: &'a str,
    /// Region names, without `global`.
    pub regions: Vec<&'a str>,
    /// One line per (scope, kind) whose state is known.
    pub coverage: Vec<CoverageLine<'a>>,
    /// When the scan started, Unix epoch milliseconds.
    pub started_ms: u64,
}

pub struct CoverageLine<'a> {
    /// A region name, or `global`.
    pub scope: &'a str,
    /// The kebab-case input name (`security-groups`).
    pub kind: String,
    /// The AWS CLI call that reads it; None for an input this build no longer knows.
    pub cli: Option<&'static str>,
    /// `read`, `missing`, `denied` or `failed`.
    pub state: &'a str,
    pub reason: Option<&'a str>,
}

impl<'a> About<'a> {
    pub fn of(inventory: &'a Inventory, started_ms: u64) -> About<'a> {
        About {
            source: &inventory.source,
            account: inventory.account(),
            regions: inventory.regions.keys().map(String::as_str).collect(),
            coverage: inventory
                .coverage
                .entries
                .iter()
                .map(|e| CoverageLine {
                    scope: &e.scope,
                    kind: e.kind.name(),
                    cli: Some(e.kind.cli()),
                    state: e.status.state(),
                    reason: e.status.reason(),
                })
                .collect(),
            started_ms,
        }
    }

    /// Inputs not read (missing, denied or failed).
    pub fn coverage_gaps(&self) -> usize {
        self.coverage.iter().filter(|c| c.state != "read").count()
    }
}
