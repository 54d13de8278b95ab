//! Every command's JSON starts with the envelope docs/formats.md documents for it.
//!
//! The commands are enumerated from the CLI definition itself: a command that gains a `json`
//! format without a run here, or a doc row, fails; so does a doc row no command prints, and a
//! format of `rampart_report::envelope::ALL` the table does not list.

#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

mod common;

#[path = "../src/cli.rs"]
mod cli;

use std::collections::BTreeMap;

use common::{rampart, root};

/// The commands (as typed, e.g. `flows usage`) whose `--format` offers `json`.
fn json_commands() -> Vec<String> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let has_json = cmd
            .get_arguments()
            .any(|a| a.get_id() == "format" && a.get_possible_values().iter().any(|v| v.get_name() == "json"));
        if has_json {
            out.push(path.to_owned());
        }
        for sub in cmd.get_subcommands() {
            let name = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path} {}", sub.get_name())
            };
            walk(sub, &name, out);
        }
    }
    let mut out = Vec::new();
    walk(&<cli::Cli as clap::CommandFactory>::command(), "", &mut out);
    out.sort();
    out
}

/// docs/formats.md's table: `rampart COMMAND --format json` → (format, version).
fn documented() -> BTreeMap<String, (String, u64)> {
    let doc = std::fs::read_to_string(root().join("docs/formats.md")).unwrap();
    let mut rows = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "", command, format, version, documented in, ""
        if cells.len() != 6 {
            continue;
        }
        let Some(command) = cells[1]
            .strip_prefix("`rampart ")
            .and_then(|c| c.strip_suffix(" --format json`"))
        else {
            continue;
        };
        let format = cells[2].trim_matches('`').to_owned();
        let version: u64 = cells[3]
            .parse()
            .unwrap_or_else(|_| panic!("version of `{command}`: {line}"));
        assert!(
            rows.insert(command.to_owned(), (format, version)).is_none(),
            "`{command}` is in docs/formats.md twice"
        );
    }
    rows
}

/// The arguments that run each JSON command on the demo data (the history in `db`).
fn run_args(command: &str) -> Vec<&'static str> {
    let flows = |sub: &'static str, more: &[&'static str]| {
        let mut a = vec![
            "flows",
            sub,
            "examples/demo-flowlogs",
            "--inventory",
            "examples/demo-account",
        ];
        a.extend(more);
        a
    };
    match command {
        "scan" => vec!["scan", "examples/demo-account"],
        "report" => vec!["report"],
        "history" => vec!["history"],
        "diff" => vec!["diff"],
        "exposure" => vec!["exposure", "examples/demo-account"],
        "egress" => vec!["egress", "examples/demo-account"],
        "paths" => vec![
            "paths",
            "examples/demo-account",
            "--from",
            "internet",
            "--to",
            "service:ad",
        ],
        "sg query" => vec!["sg", "query", "examples/demo-account", "--source", "internet"],
        "checks list" => vec!["checks", "list"],
        "flows usage" => flows("usage", &[]),
        "flows tighten" => flows("tighten", &[]),
        "flows who" => flows("who", &["--dst", "i-0a00000000000001"]),
        "flows top" => flows("top", &[]),
        "trail timeline" => vec![
            "trail",
            "timeline",
            "examples/demo-cloudtrail",
            "--resource",
            "sg-0a000000000000004",
            "--inventory",
            "examples/demo-account",
        ],
        "trail detect" => vec!["trail", "detect", "examples/demo-cloudtrail"],
        "trail verify" => vec!["trail", "verify", "examples/demo-cloudtrail"],
        other => {
            panic!("`rampart {other}` has a JSON format: add how to run it to run_args (and a row to docs/formats.md)")
        }
    }
}

#[test]
fn every_json_output_has_its_documented_envelope() {
    let commands = json_commands();
    let doc = documented();
    assert_eq!(
        commands,
        doc.keys().cloned().collect::<Vec<_>>(),
        "the commands with --format json and the rows of docs/formats.md's table differ"
    );
    let mut in_code: Vec<(String, u64)> = rampart_report::envelope::ALL
        .iter()
        .map(|e| (e.format.to_owned(), u64::from(e.version)))
        .collect();
    in_code.sort();
    let mut in_doc: Vec<(String, u64)> = doc.values().cloned().collect();
    in_doc.sort();
    in_doc.dedup();
    assert_eq!(in_code, in_doc, "envelope::ALL and docs/formats.md list other formats");

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    let db = db.to_str().unwrap();
    // Two recorded scans, for history, diff and report.
    for _ in 0..2 {
        rampart()
            .args(["scan", "examples/demo-account", "--format", "text", "-q", "--db", db])
            .assert()
            .success();
    }
    for command in &commands {
        let out = rampart()
            .args(run_args(command))
            .args(["--format", "json", "--db", db])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "`rampart {command} --format json` printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let (format, version) = &doc[command];
        assert_eq!(v["format"], format.as_str(), "`rampart {command}`: format");
        assert_eq!(v["version"], *version, "`rampart {command}`: version");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert!(
            !keys.iter().any(|k| *k == "schema"),
            "`rampart {command}` still names itself in `schema`"
        );
    }
}

/// docs/formats.md's `Header: `…`` line under `section`.
fn documented_header(section: &str) -> String {
    let doc = std::fs::read_to_string(root().join("docs/formats.md")).unwrap();
    let start = doc
        .find(&format!("\n{section}\n"))
        .unwrap_or_else(|| panic!("no `{section}` in docs/formats.md"));
    let rest = &doc[start + section.len() + 2..];
    let body = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let line = body
        .lines()
        .find_map(|l| l.strip_prefix("Header: `").and_then(|l| l.strip_suffix('`')))
        .unwrap_or_else(|| panic!("`{section}` has no Header line"));
    line.to_owned()
}

#[test]
fn every_csv_has_its_documented_columns() {
    for (section, args) in [
        (
            "## CSV",
            vec!["scan", "examples/demo-account", "--no-record", "--format", "csv"],
        ),
        (
            "## Rules CSV (`sg query --format csv`)",
            vec![
                "sg",
                "query",
                "examples/demo-account",
                "--source",
                "internet",
                "--format",
                "csv",
            ],
        ),
    ] {
        let out = rampart().args(&args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let header = text.split("\r\n").next().unwrap_or_default();
        assert_eq!(header, documented_header(section), "`rampart {}`", args.join(" "));
    }
}
