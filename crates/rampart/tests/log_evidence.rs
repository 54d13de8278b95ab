//! Log evidence at its edges, through the binary: nothing read is never a clean bill, part read
//! is said, the forms users have are read, `trail verify` over nothing is not intact, and the
//! history does not call a trail finding resolved because a later scan had no trail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{copy_dir, root};

fn rampart() -> Command {
    let mut cmd = Command::cargo_bin("rampart").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SOURCE_DATE_EPOCH", "1795845600")
        .current_dir(root());
    cmd
}

fn scan_json(args: &[&str]) -> (Value, Option<i32>, String) {
    let out = rampart()
        .args(["scan", "examples/demo-account", "--no-record", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn trail_not_evaluated(v: &Value) -> Vec<String> {
    v["not_evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["check_id"].as_str().unwrap().starts_with("trail-"))
        .map(|n| n["reason"].as_str().unwrap().to_owned())
        .collect()
}

fn findings_of<'a>(v: &'a Value, prefix: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check_id"].as_str().unwrap().starts_with(prefix))
        .collect()
}

/// A folder holding one file of these bytes.
fn folder_with(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let folder = dir.join(name.replace('.', "_"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join(name), bytes).unwrap();
    folder
}

#[test]
fn scan_trail_over_nothing_readable_is_not_evaluated_and_require_coverage_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let garbage = folder_with(dir.path(), "a.json", b"\x00\x01\x02 not json at all");
    let flow_logs = root().join("examples/demo-flowlogs");
    for path in [empty.as_path(), garbage.as_path(), flow_logs.as_path()] {
        let p = path.to_str().unwrap();
        let (v, code, _) = scan_json(&["--trail", p]);
        assert_eq!(code, Some(0), "{p}");
        assert!(findings_of(&v, "trail-").is_empty(), "{p}");
        let reasons = trail_not_evaluated(&v);
        assert_eq!(reasons.len(), 8, "every trail check not evaluated for {p}: {reasons:?}");
        assert!(
            reasons
                .iter()
                .all(|r| r.starts_with("nothing could be read from the CloudTrail logs given")),
            "{reasons:?}"
        );
        let (_, code, stderr) = scan_json(&["--trail", p, "--require-coverage"]);
        assert_eq!(code, Some(3), "{p}: {stderr}");
        assert!(
            stderr.contains("nothing could be read from the CloudTrail logs"),
            "{stderr}"
        );
    }
    // Every trail command: nothing read is an error, never a clean bill.
    for args in [vec!["trail", "detect"], vec!["trail", "timeline", "--resource", "sg-1"]] {
        let out = rampart().args(&args).arg(&garbage).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("nothing could be read"),
            "{args:?}"
        );
    }
}

#[test]
fn scan_trail_partly_read_is_evaluated_and_says_the_unreadable_share() {
    let dir = tempfile::tempdir().unwrap();
    let good =
        std::fs::read_to_string(root().join("tests/fixtures/cloudtrail-samples/stratus-vpc-remove-flow-logs.json"))
            .unwrap();
    let records: Value = serde_json::from_str(&good).unwrap();
    // The capture's record, and one line that is not JSON.
    let text = format!(
        "{}\n{{\"eventName\": \"broken\n",
        serde_json::to_string(&records[0]).unwrap()
    );
    let folder = folder_with(dir.path(), "part.jsonl", text.as_bytes());
    let p = folder.to_str().unwrap();
    let (v, code, _) = scan_json(&["--trail", p]);
    assert_eq!(code, Some(0));
    let blind = findings_of(&v, "trail-detection-turned-off");
    assert_eq!(blind.len(), 1, "evaluated over what was read");
    let evidence: Vec<&str> = blind[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        evidence.iter().any(|e| e
            .contains("judged only over what could be read of the CloudTrail logs: 1 of 2 records read")
            && e.contains("50.0%")),
        "{evidence:?}"
    );
    assert_eq!(v["logs"][0]["kind"], "cloudtrail");
    assert_eq!(v["logs"][0]["completeness"], "partial");
    assert_eq!(v["logs"][0]["unreadable_percent"], 50.0);
    let (_, code, stderr) = scan_json(&["--trail", p, "--require-coverage"]);
    assert_eq!(code, Some(3), "{stderr}");
    // The text summary names it.
    let out = rampart()
        .args(["scan", "examples/demo-account", "--no-record", "--trail", p])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Log evidence not fully read\n  CloudTrail logs: 1 of 2 records read"),
        "{text}"
    );
}

#[test]
fn flow_logs_over_nothing_readable_are_not_evaluated_and_flows_commands_fail() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = folder_with(dir.path(), "x.log", b"this is not a flow log\nnor is this\n");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    for path in [&garbage, &empty] {
        let p = path.to_str().unwrap();
        let (v, code, _) = scan_json(&["--flow-logs", p]);
        assert_eq!(code, Some(0));
        assert!(findings_of(&v, "rule-unused-in-flow-logs").is_empty());
        assert!(findings_of(&v, "internet-rule-unused-in-flow-logs").is_empty());
        let reasons: Vec<&str> = v["not_evaluated"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["check_id"] == "rule-unused-in-flow-logs")
            .map(|n| n["reason"].as_str().unwrap())
            .collect();
        assert!(
            !reasons.is_empty()
                && reasons
                    .iter()
                    .all(|r| r.starts_with("nothing could be read from the flow logs given")),
            "{reasons:?}"
        );
        let (_, code, _) = scan_json(&["--flow-logs", p, "--require-coverage"]);
        assert_eq!(code, Some(3));
        for args in [
            vec!["flows", "top"],
            vec!["flows", "who", "--dst", "10.0.0.0/8"],
            vec!["flows", "usage", "--inventory", "examples/demo-account"],
            vec!["flows", "tighten", "--inventory", "examples/demo-account"],
        ] {
            let out = rampart().args(&args).arg(p).output().unwrap();
            assert_eq!(out.status.code(), Some(3), "{args:?} {p}");
        }
    }
}

#[test]
fn a_bare_array_capture_is_read_with_its_anonymised_values() {
    // Today's bug: a JSON array of CloudTrail records gave "0 read, exit 0".
    let out = rampart()
        .args([
            "trail",
            "detect",
            "tests/fixtures/cloudtrail-samples/stratus-vpc-remove-flow-logs.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["read"]["records"], 1);
    let d = &v["detections"][0];
    assert_eq!(d["kind"], "blinding-change");
    assert_eq!(d["region"], "megov-south-1r", "an unknown region is kept as given");
    // The other capture: read whole, its leading-zero address kept.
    let out = rampart()
        .args([
            "trail",
            "detect",
            "tests/fixtures/cloudtrail-samples/stratus-sts-federation-token.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["read"]["records"].as_u64(), v["read"]["bad_records"].as_u64()),
        (Some(2), Some(0))
    );
    // scan --trail over the array: the trail checks are evaluated and fire.
    let (v, _, _) = scan_json(&[
        "--trail",
        "tests/fixtures/cloudtrail-samples/stratus-vpc-remove-flow-logs.json",
    ]);
    assert_eq!(findings_of(&v, "trail-detection-turned-off").len(), 1);
    assert!(trail_not_evaluated(&v).is_empty());
}

#[test]
fn trail_verify_over_nothing_verified_is_not_intact() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    // Log files without their digests: the demo day's logs only.
    let logs_only = dir.path().join("logs-only");
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join("examples/demo-cloudtrail"))
        .arg(&logs_only)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_dir_all(logs_only.join("AWSLogs/123456789012/CloudTrail-Digest")).unwrap();
    for path in [empty.clone(), root().join("examples/demo-flowlogs"), logs_only.clone()] {
        let out = rampart().args(["trail", "verify"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("NOT VERIFIED: nothing was verified"), "{text}");
    }
    // The JSON says it too.
    let out = rampart()
        .args(["trail", "verify", "--format", "json"])
        .arg(&empty)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intact"], false);
    assert!(
        v["nothing_verified"]
            .as_str()
            .unwrap()
            .starts_with("no CloudTrail digest file"),
        "{v}"
    );
    // Which files no digest covers, by name.
    let out = rampart().args(["trail", "verify"]).arg(&logs_only).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("IN NO DIGEST: ") && text.contains("demo1400.json.gz"),
        "{text}"
    );
    // The intact demo day still verifies.
    rampart()
        .args(["trail", "verify", "examples/demo-cloudtrail"])
        .assert()
        .code(0);
}

#[test]
fn a_later_scan_without_trail_leaves_trail_findings_unverified_in_diff_and_trend() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let run = |args: &[&str]| {
        let out = rampart().env("RAMPART_DB", &db).args(args).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(&["scan", "examples/demo-account", "--trail", "examples/demo-cloudtrail"]);
    run(&["scan", "examples/demo-account"]);
    let out = run(&["diff", "--format", "json"]);
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let resolved_trail: Vec<&Value> = d["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check_id"].as_str().unwrap().starts_with("trail-"))
        .collect();
    assert!(resolved_trail.is_empty(), "no --trail is not a fix: {resolved_trail:?}");
    let unverified: Vec<&Value> = d["unverified"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u.to_string().contains("trail-"))
        .collect();
    assert!(unverified.len() >= 5, "{d}");
    assert!(
        unverified[0].to_string().contains("read no CloudTrail logs"),
        "{}",
        unverified[0]
    );
    // The HTML trend: the second scan marked, its bar not dropped.
    let out = run(&["report", "latest", "--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(r##"class="scan no-logs" data-scan="#2""##),
        "the scan without a trail is marked"
    );
    assert!(html.contains("no CloudTrail logs given:"), "its title says why");
    assert!(html.contains("unverified"), "{}", html.len());
    // A scan shown but not recorded, without a trail: marked too.
    let out = run(&["scan", "examples/demo-account", "--no-record", "--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(r#"class="scan no-logs" data-scan="now""#),
        "the unrecorded scan is marked"
    );
    // With the trail again, nothing is carried.
    let out = run(&[
        "scan",
        "examples/demo-account",
        "--no-record",
        "--format",
        "html",
        "--trail",
        "examples/demo-cloudtrail",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains(r#"class="scan" data-scan="now""#));
}

#[test]
fn flows_tighten_never_narrows_what_serves_the_public_nor_allows_an_exfiltration_suspect() {
    let out = rampart()
        .args([
            "flows",
            "tighten",
            "examples/demo-flowlogs",
            "--inventory",
            "examples/demo-account",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let proposals = v["proposals"].as_array().unwrap();
    // The web tier's group behind the internet-facing load balancer: its listener ports are
    // left as they are, and the report says why.
    assert!(
        !proposals
            .iter()
            .any(|p| p["group_id"] == "sg-0a000000000000001" && p["direction"] == "ingress"),
        "{proposals:?}"
    );
    let left: Vec<&str> = v["left_public"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for port in ["tcp 80 from 0.0.0.0/0", "tcp 443 from 0.0.0.0/0"] {
        assert!(
            left.iter().any(|l| l.starts_with(&format!("sg-0a000000000000001 {port}: left as it is, it serves the public by design (listener port(s) 80, 443 of internet-facing load balancer prod-web)"))),
            "{left:?}"
        );
    }
    // SSH from the internet is still narrowed: only what serves the public is spared.
    assert!(proposals
        .iter()
        .any(|p| p["group_id"] == "sg-0a000000000000002" && p["rule"] == "tcp 22 from 0.0.0.0/0"));
    // The 2 GiB destination `flows top` lists for exfiltration review is never allowed by name.
    for p in proposals {
        assert!(
            !p["proposed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b == "175.16.199.20/32"),
            "{p}"
        );
    }
    let called: Vec<&str> = v["exfiltration_suspects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        called
            .iter()
            .any(|c| c.starts_with("sg-0a000000000000003 all traffic to 0.0.0.0/0")
                && c.contains("175.16.199.20 (2048 MiB from 10.0.10.11)")),
        "{called:?}"
    );
    // The scan check reads the same report: no finding narrows the web tier's listener ports.
    let (v, _, _) = scan_json(&["--flow-logs", "examples/demo-flowlogs"]);
    assert!(!findings_of(&v, "rule-wider-than-observed-traffic")
        .iter()
        .any(|f| f["resource_id"] == "sg-0a000000000000001"),);
}

#[test]
fn flow_logs_partly_read_are_evaluated_and_say_the_unreadable_share() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("flowlogs");
    copy_dir(&root().join("examples/demo-flowlogs"), &logs);
    std::fs::write(
        logs.join("damaged.log"),
        "version account-id\n2 garbage line\nnot a record\n",
    )
    .unwrap();
    let p = logs.to_str().unwrap();
    let (v, code, _) = scan_json(&["--flow-logs", p]);
    assert_eq!(code, Some(0));
    let unused = findings_of(&v, "internet-rule-unused-in-flow-logs");
    assert!(!unused.is_empty(), "evaluated over what was read");
    for f in unused {
        assert!(
            f["evidence"].as_array().unwrap().iter().any(|e| e
                .as_str()
                .unwrap()
                .starts_with("judged only over what could be read of the flow logs:")),
            "{f}"
        );
    }
    let (_, code, _) = scan_json(&["--flow-logs", p, "--require-coverage"]);
    assert_eq!(code, Some(3));
    // The commands: the answer, a warning, and exit 3 under --require-coverage.
    let out = rampart().args(["flows", "top", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds only over what could be read of the flow logs"));
    let out = rampart()
        .args(["flows", "top", p, "--require-coverage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn trail_commands_partly_read_say_so_and_require_coverage_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let good =
        std::fs::read_to_string(root().join("tests/fixtures/cloudtrail-samples/stratus-vpc-remove-flow-logs.json"))
            .unwrap();
    let records: Value = serde_json::from_str(&good).unwrap();
    let text = format!("{}\n[1, 2\n", serde_json::to_string(&records[0]).unwrap());
    let folder = folder_with(dir.path(), "part.jsonl", text.as_bytes());
    let out = rampart().args(["trail", "detect"]).arg(&folder).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("only part of the logs could be read: 1 of 2 records read"),
        "{text}"
    );
    for args in [
        vec!["trail", "detect"],
        vec!["trail", "timeline", "--resource", "fl-0e17aa62a21d4bbfe"],
    ] {
        let out = rampart()
            .args(&args)
            .arg(&folder)
            .arg("--require-coverage")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
    }
}
