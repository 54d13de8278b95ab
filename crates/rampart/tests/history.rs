//! The history from the command line: scans recorded in a real SQLite file, `history`, `diff`,
//! `baseline`, CI gating on new findings, and suppressions that expire (the clock fixed by
//! SOURCE_DATE_EPOCH).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// 2026-11-28T06:00:00Z.
const CLOCK: &str = "1795845600";

fn rampart(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rampart").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RAMPART_DB", db)
        .env("SOURCE_DATE_EPOCH", CLOCK)
        .current_dir(root());
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
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

/// The demo account with one more group: PostgreSQL open to the internet on the bastion's
/// interface, which is reachable, so a new critical finding.
fn demo_with_new_risk(dir: &Path) -> PathBuf {
    let export = dir.join("export");
    copy_dir(&root().join("examples/demo-account"), &export);
    let path = export.join("us-east-1/security-groups.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for g in v["SecurityGroups"].as_array_mut().unwrap() {
        if g["GroupId"] == "sg-0a000000000000002" {
            g["IpPermissions"].as_array_mut().unwrap().push(serde_json::json!({
                "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []
            }));
        }
    }
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    export
}

#[test]
fn every_scan_is_recorded_and_history_shows_the_trend() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    let export = demo_with_new_risk(dir.path());
    rampart(&db).arg("scan").arg(&export).assert().success();
    rampart(&db)
        .args(["scan", "examples/demo-account", "--no-record"])
        .assert()
        .success();

    let h = json(rampart(&db).args(["history", "--format", "json"]));
    assert_eq!(h["format"], "rampart-history");
    let scans = h["scans"].as_array().unwrap();
    assert_eq!(scans.len(), 2, "--no-record records nothing");
    assert_eq!(scans[0]["id"], 2, "newest first");
    assert_eq!(scans[0]["started"], "2026-11-28T06:00:00.000Z");
    assert_eq!(scans[1]["trend"], Value::Null, "the first scan has no trend");
    assert!(scans[0]["trend"].as_i64().unwrap() >= 1, "{}", scans[0]);
    assert_eq!(
        scans[0]["critical"].as_u64().unwrap(),
        scans[1]["critical"].as_u64().unwrap() + 1
    );

    let text = rampart(&db).arg("history").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .trim_start()
            .starts_with("2  2026-11-28 06:00:00"),
        "{text}"
    );
    assert!(text.contains("open findings, oldest to newest:"), "{text}");
}

#[test]
fn diff_says_what_is_new_and_the_json_has_every_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    let export = demo_with_new_risk(dir.path());
    rampart(&db).arg("scan").arg(&export).assert().success();

    let d = json(rampart(&db).args(["diff", "--format", "json"]));
    assert_eq!(d["format"], "rampart-diff");
    assert_eq!((d["from"]["id"].as_i64(), d["to"]["id"].as_i64()), (Some(1), Some(2)));
    let new = d["new"].as_array().unwrap();
    assert!(
        new.iter().any(|f| f["check_id"] == "database-port-open-to-internet"
            && f["resource_id"] == "sg-0a000000000000002"
            && f["severity"] == "critical"
            && f["fingerprint"].as_str().unwrap().len() == 32),
        "{new:?}"
    );
    for key in ["resolved", "changed", "unchanged", "unverified"] {
        assert!(d[key].is_array(), "{key}");
    }
    assert!(d["unchanged"].as_array().unwrap().len() > 50);

    // The other way round, the new finding is resolved.
    let back = json(rampart(&db).args(["diff", "2", "1", "--format", "json"]));
    assert!(back["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["check_id"] == "database-port-open-to-internet" && f["resource_id"] == "sg-0a000000000000002"));

    let text = String::from_utf8(rampart(&db).arg("diff").output().unwrap().stdout).unwrap();
    assert!(text.starts_with("account 123456789012: scan 1 ("), "{text}");
    assert!(text.contains("New ("), "{text}");
}

#[test]
fn ci_fails_only_on_risk_that_is_not_in_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    rampart(&db).args(["baseline", "set"]).assert().success();

    // Same account, nothing new: passes, though it has critical findings.
    rampart(&db)
        .args(["scan", "examples/demo-account", "--fail-on", "new:high"])
        .assert()
        .code(0);
    rampart(&db)
        .args(["scan", "examples/demo-account", "--fail-on", "high"])
        .assert()
        .code(1);

    let export = demo_with_new_risk(dir.path());
    let out = rampart(&db)
        .arg("scan")
        .arg(&export)
        .args(["--fail-on", "new:critical", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a new critical finding fails the build");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let new: Vec<&Value> = findings.iter().filter(|f| f["baseline"] == "new").collect();
    assert_eq!(new.len(), report["summary"]["new"].as_u64().unwrap() as usize);
    assert!(new.iter().any(|f| f["resource_id"] == "sg-0a000000000000002"));
    assert!(findings
        .iter()
        .all(|f| f["baseline"] == "new" || f["baseline"] == "existing"));

    let d = json(rampart(&db).args(["diff", "--baseline", "--format", "json"]));
    assert_eq!(d["from"]["id"], 1);

    // Without a baseline every finding is new, and the user is told.
    rampart(&db).args(["baseline", "clear"]).assert().success();
    let out = rampart(&db)
        .args(["scan", "examples/demo-account", "--fail-on", "new:high"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no baseline"));
}

#[test]
fn bad_history_requests_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let out = rampart(&db).arg("diff").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no history at"));
    assert!(!db.exists(), "reading a history never creates one");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    let out = rampart(&db).arg("diff").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to compare it with yet"));
    rampart(&db).args(["diff", "9", "1"]).assert().code(2);
    rampart(&db)
        .args(["scan", "examples/demo-account", "--fail-on", "news:high"])
        .assert()
        .code(2);
}

fn config_with(dir: &Path, expires: &str) -> PathBuf {
    let cfg = dir.join("rampart.toml");
    std::fs::write(
        &cfg,
        format!(
            "[network]\nweb_ports = [80, 443]\n\n[[suppress]]\ncheck = \"admin-port-open-to-internet\"\nresource = \"sg-0a*\"\nreason = \"bastion, replaced by SSM in Q1\"\nowner = \"alice@example.com\"\nexpires = \"{expires}\"\n"
        ),
    )
    .unwrap();
    cfg
}

#[test]
fn a_suppression_applies_until_its_expiry_then_the_finding_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let scan = |clock: &str, cfg: &Path| {
        let out = rampart(&db)
            .env("SOURCE_DATE_EPOCH", clock)
            .env("RAMPART_CONFIG", cfg)
            .args([
                "scan",
                "examples/demo-account",
                "--format",
                "json",
                "--fail-on",
                "critical",
                "--no-record",
            ])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), v)
    };
    let ssh = |v: &Value| -> Vec<Value> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check_id"] == "admin-port-open-to-internet" && f["region"] == "us-east-1")
            .cloned()
            .collect()
    };
    // 2026-11-28: suppressed until 2026-11-29.
    let cfg = config_with(dir.path(), "2026-11-29");
    let (_, v) = scan(CLOCK, &cfg);
    let found = ssh(&v);
    assert_eq!(
        found.len(),
        3,
        "bastion, app servers and domain controllers: all sg-0a…"
    );
    for f in &found {
        assert_eq!(f["status"], "suppressed", "{f}");
        assert_eq!(f["suppression"]["owner"], "alice@example.com");
        assert_eq!(f["suppression"]["expired"], false);
    }
    assert_eq!(v["summary"]["suppressed"], 3);
    let all = v["findings"].as_array().unwrap().len() as u64;
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap(),
        all - 3,
        "open findings only"
    );

    // One day later, on the expiry date, the findings are open again and say why.
    let (_, v) = scan("1795932000", &cfg);
    for f in ssh(&v) {
        assert_eq!(f["status"], "open");
        assert_eq!(f["suppression"]["expired"], true);
        let evidence: Vec<&str> = f["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        assert!(
            evidence
                .iter()
                .any(|e| e.starts_with("a suppression expired on 2026-11-29")),
            "{evidence:?}"
        );
    }
    assert_eq!(v["summary"]["suppressed"], 0);

    // Suppressed findings do not fail the build: suppress every critical one and it passes.
    let cfg = dir.path().join("all.toml");
    let criticals: std::collections::BTreeSet<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "critical")
        .map(|f| f["check_id"].as_str().unwrap().to_string())
        .collect();
    let mut text = String::new();
    for check in &criticals {
        text.push_str(&format!(
            "[[suppress]]\ncheck = \"{check}\"\nresource = \"*\"\nreason = \"test\"\nowner = \"ci\"\nexpires = \"2030-01-01\"\n\n"
        ));
    }
    std::fs::write(&cfg, text).unwrap();
    let (code, v) = scan(CLOCK, &cfg);
    assert_eq!(code, Some(0), "{}", v["summary"]);
    let (code, _) = scan(CLOCK, &config_with(dir.path(), "2026-11-29"));
    assert_eq!(code, Some(1));
}

#[test]
fn suppress_writes_an_entry_that_the_next_scan_applies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let cfg = dir.path().join("rampart.toml");
    std::fs::write(&cfg, "[network]\nweb_ports = [80, 443, 8443]").unwrap();
    rampart(&db)
        .env("RAMPART_CONFIG", &cfg)
        .args([
            "suppress",
            "root-access-key",
            "--resource",
            "123456789012",
            "--reason",
            "break-glass key in the safe, \"audited\" monthly",
            "--owner",
            "secops",
            "--expires",
            "2027-01-31",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.starts_with("[network]\nweb_ports = [80, 443, 8443]\n\n[[suppress]]\n"),
        "{text}"
    );
    let v = json(rampart(&db).env("RAMPART_CONFIG", &cfg).args([
        "scan",
        "examples/demo-account",
        "--format",
        "json",
        "--no-record",
    ]));
    let key = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check_id"] == "root-access-key")
        .unwrap();
    assert_eq!(key["status"], "suppressed");
    assert_eq!(
        key["suppression"]["reason"],
        "break-glass key in the safe, \"audited\" monthly"
    );

    // A typo in the check id, or a date in the past, changes nothing.
    for (check, expires) in [("root-acess-key", "2027-01-31"), ("root-access-key", "2026-11-01")] {
        let out = rampart(&db)
            .env("RAMPART_CONFIG", &cfg)
            .args([
                "suppress",
                check,
                "--resource",
                "*",
                "--reason",
                "r",
                "--owner",
                "o",
                "--expires",
                expires,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);
    }
}

#[test]
fn a_config_with_a_bad_suppression_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rampart.toml");
    std::fs::write(
        &cfg,
        "[[suppress]]\ncheck = \"admin-port-open-to-internet\"\nresource = \"*\"\nreason = \"\"\nowner = \"me\"\nexpires = \"2027-01-01\"\n",
    )
    .unwrap();
    let out = rampart(&dir.path().join("h.sqlite"))
        .env("RAMPART_CONFIG", &cfg)
        .args(["scan", "examples/demo-account"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a `reason` and an `owner`"));
}

#[test]
fn sarif_carries_suppressions_and_baseline_state_and_still_validates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    rampart(&db).args(["baseline", "set"]).assert().success();
    let export = demo_with_new_risk(dir.path());
    let cfg = config_with(dir.path(), "2027-01-01");
    let v = json(rampart(&db).env("RAMPART_CONFIG", &cfg).arg("scan").arg(&export).args([
        "--format",
        "sarif",
        "--no-record",
    ]));
    let results = v["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 3);
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
    assert!(suppressed[0]["suppressions"][0]["justification"]
        .as_str()
        .unwrap()
        .contains("alice@example.com"));
    let new: Vec<&Value> = results.iter().filter(|r| r["baselineState"] == "new").collect();
    assert_eq!(new.len(), 1, "only the planted PostgreSQL rule is new");
    assert_eq!(new[0]["ruleId"], "database-port-open-to-internet");
    assert!(results
        .iter()
        .all(|r| r["baselineState"] == "new" || r["baselineState"] == "unchanged"));

    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// A recorded scan renders in every format exactly as the scan itself did: findings, evidence,
/// fixes, suppressions, baseline states, coverage, the exposure graph and the trend all come
/// back from the history unchanged.
#[test]
fn a_recorded_scan_reports_exactly_as_the_scan_did() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    rampart(&db).args(["baseline", "set"]).assert().success();
    let cfg = config_with(dir.path(), "2026-12-31");
    let export = demo_with_new_risk(dir.path());
    let export = export.to_str().unwrap();
    let formats = [
        "text", "json", "sarif", "csv", "junit", "markdown", "ocsf", "asff", "html",
    ];
    for format in formats {
        let scanned = rampart(&db)
            .args(["--config", cfg.to_str().unwrap(), "scan", export, "--format", format])
            .output()
            .unwrap();
        assert!(
            scanned.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&scanned.stderr)
        );
        let reported = rampart(&db).args(["report", "--format", format]).output().unwrap();
        assert!(
            reported.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&reported.stderr)
        );
        let (a, b) = (
            String::from_utf8(scanned.stdout).unwrap(),
            String::from_utf8(reported.stdout).unwrap(),
        );
        assert!(
            a.contains("sg-0a000000000000002"),
            "{format}: the scan reports the new risk"
        );
        assert_eq!(
            a, b,
            "{format}: the report of the recorded scan differs from the scan's"
        );
    }
    // Both kinds of finding the baseline tells apart, and the suppression, made it through.
    let report = json(rampart(&db).args(["report", "latest", "--format", "json"]));
    let states: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["baseline"].as_str().unwrap())
        .collect();
    assert_eq!(states.into_iter().collect::<Vec<_>>(), ["existing", "new"]);
    assert!(report["summary"]["suppressed"].as_u64().unwrap() > 0);
    // An earlier scan renders with the trend up to it, not after.
    let html = rampart(&db).args(["report", "2", "--format", "html"]).output().unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.contains(r##"data-scan="#2""##) && !html.contains(r##"data-scan="#3""##));
}

#[test]
fn report_writes_a_file_and_says_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    rampart(&db).args(["report"]).assert().code(2); // nothing recorded yet
    rampart(&db)
        .args(["scan", "examples/demo-account", "--no-record", "-f", "html", "-o"])
        .arg(dir.path().join("now.html"))
        .assert()
        .success()
        .stdout("");
    let html = std::fs::read_to_string(dir.path().join("now.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(r#"data-scan="now""#));
    rampart(&db).args(["scan", "examples/demo-account"]).assert().success();
    let out = dir.path().join("scan.sarif");
    rampart(&db)
        .args(["report", "1", "-f", "sarif", "-o"])
        .arg(&out)
        .assert()
        .success();
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let err = rampart(&db)
        .args(["report", "-f", "csv", "-o", "/no/such/folder/r.csv"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&err)
        .contains("cannot write the report into `/no/such/folder`: that folder does not exist"));
}
