//! The small edges a user hits: a closed pipe, history paths that do not exist, output into a
//! folder that does not exist, and the inputs a scan could not read named, not only counted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Stdio;

mod common;
use common::{copy_dir, rampart, root};

const FORMATS: [&str; 9] = [
    "text", "json", "sarif", "csv", "junit", "markdown", "ocsf", "asff", "html",
];

/// `scan | head -1`: the reader goes away before the report is written. That is not an error
/// in any format, and `--fail-on` still decides the exit code (the demo has critical findings).
#[test]
fn a_closed_pipe_is_not_an_error_and_fail_on_still_decides() {
    for format in FORMATS {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rampart"))
            .env_clear()
            .current_dir(root())
            .args([
                "scan",
                "examples/demo-account",
                "--no-record",
                "--fail-on",
                "critical",
                "--format",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader closes at once
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}

fn scan_with_db(db: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["scan", "examples/demo-account", "--format", "json"];
    args.extend_from_slice(extra);
    rampart().args(&args).arg("--db").arg(db).output().unwrap()
}

#[test]
fn no_record_never_creates_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite");
    let out = scan_with_db(&db, &["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!out.stdout.is_empty(), "the report is written");
    assert!(!db.exists(), "--no-record created {}", db.display());
}

#[test]
fn reading_a_history_that_is_not_there_is_an_error_not_an_empty_history() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.sqlite");
    for args in [
        vec!["history"],
        vec!["diff"],
        vec!["report", "--format", "json"],
        vec!["baseline", "show"],
    ] {
        let out = rampart().args(&args).arg("--db").arg(&typo).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("there is no history at"), "{args:?}: {stderr}");
        assert!(!typo.exists(), "{args:?} created {}", typo.display());
    }
}

/// A history that cannot be opened costs the record, never the report.
#[test]
fn an_unusable_history_still_gives_the_report() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the database should be: SQLite cannot open it.
    let folder = dir.path().join("a-folder.sqlite");
    std::fs::create_dir(&folder).unwrap();
    for extra in [&["--no-record"][..], &[][..]] {
        let out = scan_with_db(&folder, extra);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["format"], "rampart-json", "{extra:?}");
    }
}

#[test]
fn missing_folders_are_named_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");

    let out = scan_with_db(&missing.join("history.sqlite"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("that folder does not exist"), "{stderr}");
    assert!(!missing.exists(), "--db made {}", missing.display());

    let out = rampart()
        .args(["scan", "examples/demo-account", "--no-record", "-o"])
        .arg(missing.join("report.html"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("`{}`: that folder does not exist", missing.display())),
        "{stderr}"
    );
    assert!(!missing.exists(), "-o made {}", missing.display());
}

/// "11 of 87 inputs not read" is not something a user can act on; the calls are.
#[test]
fn the_text_report_names_the_inputs_it_could_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("demo");
    copy_dir(&root().join("examples/demo-account"), &export);
    std::fs::remove_file(export.join("us-east-1/flow-logs.json")).unwrap();
    let out = rampart().args(["scan", "--no-record"]).arg(&export).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let section = text
        .split("Inputs not read\n")
        .nth(1)
        .expect("an `Inputs not read` section");
    assert!(
        section.lines().any(|l| l.trim_start().starts_with("missing")
            && l.contains("ec2 describe-flow-logs")
            && l.contains("us-east-1")),
        "{section}"
    );
    let gaps = section.lines().take_while(|l| !l.is_empty()).count();
    let summary = text.lines().last().unwrap();
    assert!(summary.contains("inputs not read"), "{summary}");
    assert!(gaps > 0 && gaps <= 87, "{gaps} lines");
}

/// A CI log shows "exit 1"; stderr says which findings caused it.
#[test]
fn fail_on_says_why_it_fails() {
    let out = rampart()
        .args(["scan", "examples/demo-account", "--no-record", "--fail-on", "critical"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let demo = String::from_utf8_lossy(&out.stdout);
    let critical = demo
        .lines()
        .last()
        .unwrap()
        .split(" critical")
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        stderr.contains(&format!("exit 1: {critical} finding(s) at or above critical")),
        "{stderr}"
    );
}

#[test]
fn checks_explain_suggests_the_id_meant() {
    let out = rampart()
        .args(["checks", "explain", "root-without-mfaa"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `root-without-mfa`?"));
}

fn demo(args: &[&str]) -> std::process::Output {
    rampart()
        .args(["scan", "examples/demo-account", "--no-record"])
        .args(args)
        .output()
        .unwrap()
}

/// What matters first: the summary line and the top findings open the report.
#[test]
fn the_text_report_opens_with_the_summary_and_the_top_findings() {
    let text = String::from_utf8(demo(&[]).stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].contains(" finding(s): ") && lines[1].contains("inputs not read"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[1], *lines.last().unwrap(), "the same summary closes the report");
    assert_eq!(lines[3], "Top findings");
    assert!(lines[4].starts_with("  CRITICAL "), "{}", lines[4]);

    let summary = String::from_utf8(demo(&["--summary"]).stdout).unwrap();
    let listed = summary
        .lines()
        .filter(|l| l.starts_with("  ") && !l.contains("more"))
        .count();
    assert_eq!(listed, 10, "{summary}");
    assert!(summary.contains("… and 122 more"), "{summary}");
    assert!(summary.len() < text.len() / 10);
}

/// Filters narrow what is shown and what --fail-on counts, in every format.
#[test]
fn filters_narrow_the_report_and_the_gate() {
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = demo(&[&["--format", "json"][..], args].concat());
        assert!(
            out.status.success() || out.status.code() == Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"].as_array().unwrap().clone()
    };
    let all = json(&[]);
    let high = json(&["--severity", "high"]);
    let expected: Vec<_> = all
        .iter()
        .filter(|f| ["high", "critical"].contains(&f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(high.len(), expected.len());
    assert!(!high.is_empty() && high.len() < all.len());

    let identity = json(&[
        "--theme",
        "identity",
        "--check",
        "root-without-mfa,user-is-administrator",
    ]);
    assert!(!identity.is_empty());
    for f in &identity {
        assert!(
            ["root-without-mfa", "user-is-administrator"].contains(&f["check_id"].as_str().unwrap()),
            "{f}"
        );
    }
    assert!(json(&["--account", "999999999999"]).is_empty());

    // The demo's egress has nothing critical: a gate on it alone passes.
    assert_eq!(
        demo(&["-q", "--fail-on", "critical", "--theme", "egress"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(demo(&["-q", "--fail-on", "critical"]).status.code(), Some(1));
    let typo = demo(&["--check", "root-witout-mfa"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `root-without-mfa`?"));
}

#[test]
fn several_formats_in_one_run_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo(&[
        "-q",
        "--format",
        "text,html,sarif,json,json-v1",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "quiet: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["rampart.html", "rampart.json", "rampart.sarif", "rampart.txt"]);
    // Each file is what the format alone prints.
    let alone = demo(&["--format", "sarif"]).stdout;
    assert_eq!(std::fs::read(dir.path().join("rampart.sarif")).unwrap(), alone);

    let out = demo(&["--format", "text,html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--output-dir"));
    let out = demo(&["--format", "text,html", "--output-dir", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("that folder does not exist"));
    assert!(demo(&["-q"]).stdout.is_empty());
}
