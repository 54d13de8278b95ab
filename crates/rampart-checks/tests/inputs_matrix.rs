//! Missing data is never a pass, for every registered check and every input it reads.
//!
//! Each file of the demo export (every kind rampart reads, both regions and the account) is, in
//! turn, taken away, replaced by bytes that are not JSON, emptied (the same response with every
//! list and map empty) and, for the credential report, stripped of its root row. Then every check
//! runs, and for each (check, scope):
//!
//! - when a file holding an input the check declares (`requires`) is absent or unreadable, the
//!   check is *not evaluated* there, with a reason;
//! - when a check said something in the untouched export (a finding or *not evaluated*) and
//!   says nothing after any change to one file, that is silence where there was an answer: a
//!   violation, unless the file was emptied and it holds the check's subject — the first kind
//!   of its `requires`, which none of means nothing to judge — or the pair is in [`QUIET`]
//!   with the reason it is right.
//!
//! A new check is held to this by being registered.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rampart_checks::{ScanResult, CHECKS};
use rampart_inventory::{import_dir, Inventory, ResourceKind, GLOBAL};
use serde_json::Value;

mod common;
use common::copy_dir;

/// (check, file) pairs where silence after emptying the file is the right answer, and why.
const QUIET: &[(&str, &str, &str)] = &[
    ("unexpected-port-exposed", "eu-west-1/internet-gateways.json", "no internet gateway: nothing comes in from the internet"),
    ("exposed-host-reaches-directory", "us-east-1/internet-gateways.json", "no internet gateway: no host is exposed to start from"),
    ("unexpected-port-exposed", "eu-west-1/network-interfaces.json", "no interface: no host to reach"),
    ("exposed-host-reaches-directory", "us-east-1/network-interfaces.json", "no interface: no host to start from or to reach"),
    ("shared-self-referencing-group", "us-east-1/network-interfaces.json", "no interface: the group has no members to share it with"),
    (
        "directory-server-not-maintained",
        "us-east-1/network-interfaces.json",
        "directory servers are the hosts whose groups admit the directory ports: no interface, no server",
    ),
    (
        "directory-server-not-maintained",
        "us-east-1/security-groups.json",
        "directory servers are the hosts whose groups admit the directory ports: no group, no server",
    ),
    (
        "instance-patches-missing",
        "us-east-1/ssm-instances.json",
        "no managed instance has a patch state to judge; instance-not-managed-by-ssm reports each instance",
    ),
    (
        "vulnerable-host-exposed",
        "us-east-1/instances.json",
        "Inspector's findings name instances describe-instances no longer lists (terminated since): nothing left to rank",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    Absent,
    Garbage,
    Empty,
    /// The credential report without its `<root_account>` row.
    WithoutRootRow,
}

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account")
}

/// Every JSON file of the export, relative to it (`us-east-1/security-groups.json`).
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for scope in std::fs::read_dir(root).unwrap() {
        let scope = scope.unwrap().path();
        if !scope.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&scope).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "json") {
                out.push(f.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The same response with every list and map in it empty: read, and holding nothing.
fn emptied(v: &Value) -> Value {
    match v {
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Array(_) => Value::Array(Vec::new()),
                        Value::Object(_) => Value::Object(Default::default()),
                        other => other.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn without_root_row(v: &Value) -> Option<Value> {
    use base64::Engine as _;
    let content = v.get("Content")?.as_str()?;
    let csv = base64::engine::general_purpose::STANDARD.decode(content).ok()?;
    let csv = String::from_utf8(csv).ok()?;
    let kept: Vec<&str> = csv.lines().filter(|l| !l.starts_with("<root_account>")).collect();
    let mut v = v.clone();
    v["Content"] = Value::String(base64::engine::general_purpose::STANDARD.encode(kept.join("\n")));
    Some(v)
}

/// Writes the mutation of `file` into the export at `root`; false when it does not apply.
fn mutate(root: &Path, file: &Path, m: Mutation) -> bool {
    let path = root.join(file);
    let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    match m {
        Mutation::Absent => std::fs::remove_file(&path).unwrap(),
        Mutation::Garbage => std::fs::write(&path, b"\x00\x9f\x92\x96 not json \xff\xfe").unwrap(),
        Mutation::Empty => std::fs::write(&path, emptied(&original).to_string()).unwrap(),
        Mutation::WithoutRootRow => match without_root_row(&original) {
            Some(v) => std::fs::write(&path, v.to_string()).unwrap(),
            None => return false,
        },
    }
    true
}

fn scope_of(file: &Path) -> String {
    file.components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned()
}

/// What each check said in each scope: findings and not-evaluated entries.
fn said(result: &ScanResult) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    for f in &result.findings {
        out.insert((f.check_id, f.region.clone()));
    }
    for n in &result.not_evaluated {
        out.insert((n.check_id, n.scope.clone()));
    }
    out
}

/// The finding's region for a global check is `global` or the account's home; normalise to the
/// scope the engine runs the check in.
fn check_scope(check: &str, region: &str) -> String {
    let global = CHECKS
        .iter()
        .find(|c| c.meta.id == check)
        .is_some_and(|c| matches!(c.run, rampart_checks::Runner::Global(_)));
    if global {
        GLOBAL.to_owned()
    } else {
        region.to_owned()
    }
}

fn normalised(result: &ScanResult) -> BTreeSet<(&'static str, String)> {
    said(result).into_iter().map(|(c, r)| (c, check_scope(c, &r))).collect()
}

/// The kinds each file provides: those read with it and not without it.
fn kinds_of(root: &Path, file: &Path, base: &Inventory) -> Vec<ResourceKind> {
    let scope = scope_of(file);
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(root, tmp.path());
    std::fs::remove_file(tmp.path().join(file)).unwrap();
    let (inv, _) = import_dir(tmp.path()).unwrap();
    ResourceKind::ALL
        .iter()
        .copied()
        .filter(|&k| base.coverage.is_read(&scope, k) && !inv.coverage.is_read(&scope, k))
        .collect()
}

#[test]
fn no_check_is_silent_where_an_input_it_reads_is_missing() {
    let root = demo();
    let (base, _) = import_dir(&root).unwrap();
    let before = normalised(&rampart_checks::run(&base));
    let mut violations = Vec::new();
    let mut tried = 0;
    for file in files(&root) {
        let scope = scope_of(&file);
        let kinds = kinds_of(&root, &file, &base);
        for m in [
            Mutation::Absent,
            Mutation::Garbage,
            Mutation::Empty,
            Mutation::WithoutRootRow,
        ] {
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(&root, tmp.path());
            if !mutate(tmp.path(), &file, m) {
                continue;
            }
            tried += 1;
            let inventory = match import_dir(tmp.path()) {
                Ok((inv, _)) => inv,
                // An unreadable file may stop the import, if the error names it.
                Err(e) if m == Mutation::Garbage && e.to_string().contains(&*file.to_string_lossy()) => continue,
                Err(e) => {
                    violations.push(format!("{} {m:?}: import failed: {e}", file.display()));
                    continue;
                }
            };
            let result = rampart_checks::run(&inventory);
            let after = normalised(&result);
            let not_evaluated: BTreeMap<(&str, &str), &str> = result
                .not_evaluated
                .iter()
                .map(|n| ((n.check_id, n.scope.as_str()), n.reason.as_str()))
                .collect();
            for check in CHECKS {
                let id = check.meta.id;
                let declared = check.meta.requires.iter().any(|k| kinds.contains(k));
                let runs_here = match check.run {
                    rampart_checks::Runner::Global(_) => scope == GLOBAL,
                    rampart_checks::Runner::Regional(_) => scope != GLOBAL,
                };
                if !runs_here {
                    continue;
                }
                if declared && matches!(m, Mutation::Absent | Mutation::Garbage) {
                    match not_evaluated.get(&(id, scope.as_str())) {
                        Some(reason) if !reason.is_empty() => {}
                        _ => violations.push(format!(
                            "{id} in {scope}: {} {m:?}, but not `not evaluated`",
                            file.display()
                        )),
                    }
                    continue;
                }
                let key = (id, scope.clone());
                if before.contains(&key) && !after.contains(&key) {
                    let subject = check.meta.requires.first().is_some_and(|k| kinds.contains(k));
                    let quiet = m == Mutation::Empty
                        && QUIET.iter().any(|(c, f, _)| *c == id && Path::new(f) == file.as_path());
                    let nothing_to_judge = m == Mutation::Empty && subject;
                    if !nothing_to_judge && !quiet {
                        violations.push(format!("{id} in {scope}: silent after {} {m:?}", file.display()));
                    }
                }
            }
        }
    }
    assert!(tried > 150, "only {tried} mutations applied");
    assert!(
        violations.is_empty(),
        "{} violation(s):\n{}",
        violations.len(),
        violations.join("\n")
    );
}

/// The matrix above can only take away what the demo holds: every input a check declares is
/// in the demo export, so that every check is tried.
#[test]
fn the_demo_holds_every_input_a_check_declares() {
    let (base, _) = import_dir(&demo()).unwrap();
    let mut absent = BTreeSet::new();
    for check in CHECKS {
        for &kind in check.meta.requires {
            let scopes: Vec<&str> = match check.run {
                rampart_checks::Runner::Global(_) => vec![GLOBAL],
                rampart_checks::Runner::Regional(_) => base.regions.keys().map(String::as_str).collect(),
            };
            if !scopes.iter().any(|s| base.coverage.is_read(s, kind)) {
                absent.insert(format!("{} (needed by {})", kind.cli(), check.meta.id));
            }
        }
    }
    assert!(absent.is_empty(), "not in examples/demo-account: {absent:?}");
}
