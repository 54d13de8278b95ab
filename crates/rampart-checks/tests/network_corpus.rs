//! The adversarial network corpus (`tests/network-corpus/`): one small export per documented
//! network semantic, each with a README citing the AWS source and an `expected.json` that this
//! test checks against the exposure engine, the egress analysis and the scan. A case folder
//! holds `export/` (AWS CLI answers, imported as an export folder), `README.md` and
//! `expected.json`; adding a folder adds a test case.
//!
//! `expected.json` keys (all optional, each a list):
//! - `exposure`: `{eni, protocol, port | icmp_type + icmp_code, reachable, whole_internet?,
//!   standby?, path?: [substrings]}`: the interface is (or is not) reachable there;
//! - `not_exposed`: `{eni, blocked_by: [substrings]}`;
//! - `not_evaluated`: `{resource, reason: [substrings]}`;
//! - `egress`: `{eni, family, tcp_everywhere: "all" | "none", exits?: [substrings]}`;
//! - `findings`: `{check, resource, severity?, message?: [substrings], evidence?: [substrings]}`;
//! - `no_findings`: `{check, resource?}`; `not_evaluated_checks`: `{check, resource?}`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use rampart_inventory::{import_dir, Protocol};
use rampart_net::{analyze_exposure_checked, PrefixLists};
use serde_json::Value;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/network-corpus")
}

fn strs(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map_or(&[], Vec::as_slice)
}

fn has_all(text: &str, needles: &[String]) -> bool {
    needles.iter().all(|n| text.contains(n.as_str()))
}

/// Runs one case; returns what did not hold.
fn run_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let mut fails = Vec::new();
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
    if !readme.contains("docs.aws.amazon.com") {
        fails.push(format!(
            "{name}: README.md must cite the AWS documentation (a docs.aws.amazon.com address)"
        ));
    }
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
        .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let (inv, _) = import_dir(&dir.join("export")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let region = inv
        .regions
        .values()
        .next()
        .unwrap_or_else(|| panic!("{name}: no region"));
    let lists = PrefixLists::new(&region.prefix_lists);
    let exposure = analyze_exposure_checked(&inv, region, &lists);
    let mut checked = 0;

    for want in list(&expected, "exposure") {
        checked += 1;
        let Ok(a) = &exposure else {
            fails.push(format!(
                "{name}: exposure not evaluated: {exposure:?}",
                exposure = exposure.as_ref().err()
            ));
            continue;
        };
        let eni = want["eni"].as_str().unwrap();
        let protocol = Protocol::parse(want["protocol"].as_str().unwrap()).unwrap();
        let port = match want["port"].as_u64() {
            Some(p) => p as u16,
            None => (want["icmp_type"].as_u64().unwrap() as u16) << 8 | want["icmp_code"].as_u64().unwrap() as u16,
        };
        let hit = a
            .exposures
            .iter()
            .find(|e| e.eni.id == eni && e.protocol == protocol && e.from_port <= port && port <= e.to_port);
        let reachable = want["reachable"].as_bool().unwrap();
        match (hit, reachable) {
            (Some(_), false) => fails.push(format!(
                "{name}: {eni} {} {port} is reachable, expected not",
                protocol.cli_name()
            )),
            (None, true) => fails.push(format!(
                "{name}: {eni} {} {port} is not reachable, expected reachable; not exposed: {:?}",
                protocol.cli_name(),
                a.not_exposed.iter().map(|n| &n.blocked_by.detail).collect::<Vec<_>>()
            )),
            (Some(e), true) => {
                if let Some(w) = want["whole_internet"].as_bool() {
                    if e.whole_internet != w {
                        fails.push(format!(
                            "{name}: {eni} whole_internet {} (sources {:?})",
                            e.whole_internet, e.sources
                        ));
                    }
                }
                if let Some(s) = want["standby"].as_bool() {
                    if e.standby.is_some() != s {
                        fails.push(format!("{name}: {eni} standby {:?}", e.standby));
                    }
                }
                let path: String = e
                    .path
                    .iter()
                    .map(|s| format!("{} {}: {}\n", s.component, s.id, s.detail))
                    .collect();
                if !has_all(&path, &strs(want, "path")) {
                    fails.push(format!("{name}: {eni} path lacks {:?}:\n{path}", strs(want, "path")));
                }
                if let Some(sources) = want["sources"].as_array() {
                    let want: Vec<&str> = sources.iter().filter_map(Value::as_str).collect();
                    if e.sources != want {
                        fails.push(format!("{name}: {eni} sources {:?}, expected {want:?}", e.sources));
                    }
                }
            }
            (None, false) => {}
        }
    }
    for want in list(&expected, "not_exposed") {
        checked += 1;
        let eni = want["eni"].as_str().unwrap();
        let needles = strs(want, "blocked_by");
        let ok = exposure.as_ref().is_ok_and(|a| {
            a.not_exposed.iter().any(|n| {
                n.eni.id == eni && has_all(&format!("{} {}", n.blocked_by.component, n.blocked_by.detail), &needles)
            })
        });
        if !ok {
            fails.push(format!(
                "{name}: {eni} is not blocked by {needles:?}: {:?}",
                exposure.as_ref().map(|a| a
                    .not_exposed
                    .iter()
                    .map(|n| n.blocked_by.detail.clone())
                    .collect::<Vec<_>>())
            ));
        }
    }
    for want in list(&expected, "not_evaluated") {
        checked += 1;
        let id = want["resource"].as_str().unwrap();
        let needles = strs(want, "reason");
        let ok = exposure.as_ref().is_ok_and(|a| {
            a.not_evaluated
                .iter()
                .any(|(r, reason)| r == id && has_all(reason, &needles))
        });
        if !ok {
            fails.push(format!("{name}: {id} is not 'not evaluated' with {needles:?}"));
        }
    }
    if !list(&expected, "egress").is_empty() {
        let egress = rampart_net::egress::analyze(region, &lists);
        for want in list(&expected, "egress") {
            checked += 1;
            let eni = want["eni"].as_str().unwrap();
            let family = want["family"].as_str().unwrap();
            let Some(e) = egress.iter().find(|e| e.eni.id == eni && e.family == family) else {
                fails.push(format!("{name}: no {family} egress for {eni}"));
                continue;
            };
            let full = e.tcp_everywhere.is_full();
            if (want["tcp_everywhere"] == "all") != full {
                fails.push(format!(
                    "{name}: {eni} {family} tcp_everywhere {}",
                    e.tcp_everywhere.display()
                ));
            }
            let exits: String = e.exits.iter().map(|x| x.describe() + "\n").collect();
            if !has_all(&exits, &strs(want, "exits")) {
                fails.push(format!("{name}: {eni} exits {exits}"));
            }
        }
    }

    let scan = rampart_checks::run_with(&inv, &rampart_checks::Config::default());
    for want in list(&expected, "findings") {
        checked += 1;
        let check = want["check"].as_str().unwrap();
        let resource = want["resource"].as_str().unwrap();
        let mine: Vec<_> = scan
            .findings
            .iter()
            .filter(|f| f.check_id == check && f.resource_id == resource)
            .collect();
        let found = mine.iter().find(|f| {
            want["severity"]
                .as_str()
                .is_none_or(|s| format!("{:?}", f.severity).eq_ignore_ascii_case(s))
                && has_all(&f.message, &strs(want, "message"))
                && has_all(&f.evidence.join("\n"), &strs(want, "evidence"))
        });
        if found.is_none() {
            fails.push(format!(
                "{name}: no {check} finding on {resource} matching {want}; found: {:#?}",
                mine.iter()
                    .map(|f| (format!("{:?}", f.severity), &f.message, &f.evidence))
                    .collect::<Vec<_>>()
            ));
        }
    }
    for want in list(&expected, "no_findings") {
        checked += 1;
        let check = want["check"].as_str().unwrap();
        let resource = want["resource"].as_str();
        if let Some(f) = scan
            .findings
            .iter()
            .find(|f| f.check_id == check && resource.is_none_or(|r| f.resource_id == r))
        {
            fails.push(format!("{name}: unexpected {check} finding: {}", f.message));
        }
    }
    for want in list(&expected, "not_evaluated_checks") {
        checked += 1;
        let check = want["check"].as_str().unwrap();
        let resource = want["resource"].as_str();
        if !scan
            .not_evaluated
            .iter()
            .any(|n| n.check_id == check && resource.is_none_or(|r| n.resource_id.as_deref() == Some(r)))
        {
            fails.push(format!("{name}: {check} was evaluated, expected not evaluated"));
        }
    }
    if checked == 0 {
        fails.push(format!("{name}: expected.json asserts nothing"));
    }
    fails
}

#[test]
fn every_corpus_case_holds() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    let fails: Vec<String> = cases.iter().flat_map(|c| run_case(c)).collect();
    assert!(fails.is_empty(), "{} failure(s):\n{}", fails.len(), fails.join("\n\n"));
}
