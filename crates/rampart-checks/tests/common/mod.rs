//! Helpers shared by the check tests: scan a one-region export written to a temp dir.

#![allow(dead_code, clippy::unwrap_used)]

use rampart_checks::{Finding, ScanResult};
use std::path::Path;

use rampart_inventory::import_dir;
use serde_json::Value;

/// Scans a us-east-1 export made of these files.
pub fn scan_with(files: &[(&str, Value)]) -> ScanResult {
    let files: Vec<(String, Value)> = files
        .iter()
        .map(|(n, v)| (format!("us-east-1/{n}"), v.clone()))
        .collect();
    scan_tree(&files)
}

/// Scans an export made of these files, named by their path in the export (`global/…`, `<region>/…`).
pub fn scan_tree(files: &[(String, Value)]) -> ScanResult {
    scan_tree_with(files, &rampart_checks::Config::default())
}

/// As [`scan_tree`], with a configuration.
pub fn scan_tree_with(files: &[(String, Value)], config: &rampart_checks::Config) -> ScanResult {
    let dir = tempfile::tempdir().unwrap();
    for (path, value) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, value.to_string()).unwrap();
    }
    let (inv, _) = import_dir(dir.path()).unwrap();
    rampart_checks::run_with(&inv, config)
}

/// The findings of one check.
pub fn of<'a>(r: &'a ScanResult, check: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.check_id == check).collect()
}

/// Copies a fixture folder (the demo export) so a test can change it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
