//! Helpers shared by the check tests: scan a one-region export written to a temp dir.

#![allow(dead_code, clippy::unwrap_used)]

use rampart_checks::{run, Finding, ScanResult};
use rampart_inventory::import_dir;
use serde_json::Value;

/// Scans a us-east-1 export made of these files.
pub fn scan_with(files: &[(&str, Value)]) -> ScanResult {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("us-east-1");
    std::fs::create_dir(&region).unwrap();
    for (name, value) in files {
        std::fs::write(region.join(name), value.to_string()).unwrap();
    }
    let (inv, _) = import_dir(dir.path()).unwrap();
    run(&inv)
}

/// The findings of one check.
pub fn of<'a>(r: &'a ScanResult, check: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.check_id == check).collect()
}
