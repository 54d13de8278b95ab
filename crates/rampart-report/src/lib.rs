//! Output formats. Each owns a versioned DTO built from the internal findings, which are not
//! serializable themselves (ARCHITECTURE.md, invariant 6): changing a format is deliberate.

pub mod asff;
pub mod csv;
pub mod egress_v1;
pub mod exposure_v1;
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
    pub inventory: &'a Inventory,
    pub result: &'a ScanResult,
    /// The rampart version that produced the scan.
    pub version: &'a str,
}
