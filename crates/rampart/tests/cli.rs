//! End-to-end: the `rampart` binary on the bundled demo account and on bad input, with the
//! environment scrubbed so that nothing of the developer's machine leaks into the output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use predicates::prelude::*;

mod common;
use common::{rampart, root};

#[test]
fn demo_scan_text() {
    let out = rampart()
        .args(["scan", "examples/demo-account"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
    insta::assert_snapshot!("demo_scan_text", text);
}

#[test]
fn demo_scan_json_v1() {
    let out = rampart()
        .args(["scan", "examples/demo-account", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["format"], "rampart-json");
    assert_eq!(v["version"], 1);
    // Every finding carries the fields the format promises.
    for f in v["findings"].as_array().unwrap() {
        for key in [
            "check_id",
            "title",
            "severity",
            "theme",
            "account",
            "region",
            "resource_id",
            "evidence",
            "remediation",
            "fingerprint",
        ] {
            assert!(!f[key].is_null(), "finding without {key}: {f}");
        }
        // Every resource that has an ARN is named by it; the account and a Config recorder
        // (whose ARN needs an id describe-configuration-recorders does not return) have none.
        if !["AWS::::Account", "AWS::Config::ConfigurationRecorder"].contains(&f["resource_type"].as_str().unwrap()) {
            assert!(f["resource_arn"].as_str().unwrap().starts_with("arn:aws:"), "{f}");
        }
    }
    // json and json-v1 are the same format today.
    let v1 = rampart()
        .args(["scan", "examples/demo-account", "--format", "json-v1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(out, v1);
    let mut settings = insta::Settings::clone_current();
    settings.add_redaction(".rampart_version", "[version]");
    settings.bind(|| insta::assert_json_snapshot!("demo_scan_json", v));
}

#[test]
fn fail_on_sets_the_exit_code() {
    rampart()
        .args(["scan", "examples/demo-account", "--fail-on", "critical"])
        .assert()
        .code(1);
    rampart()
        .args(["scan", "examples/demo-account", "--fail-on", "none"])
        .assert()
        .code(0);
    // A clean account passes even the strictest threshold.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("us-east-1")).unwrap();
    std::fs::write(dir.path().join("us-east-1/sg.json"), r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "IpPermissions": [], "IpPermissionsEgress": []}]}"#).unwrap();
    std::fs::write(dir.path().join("us-east-1/eni.json"), r#"{"NetworkInterfaces": []}"#).unwrap();
    rampart()
        .arg("scan")
        .arg(dir.path())
        .args(["--fail-on", "info"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 finding(s)"));
}

#[test]
fn colour_is_forced_or_refused_on_request() {
    rampart()
        .args(["scan", "examples/demo-account", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b[1;31mCRITICAL"));
    rampart()
        .args(["scan", "examples/demo-account", "--color", "auto"])
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\x1b").not());
}

#[test]
fn snapshot_round_trip_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("demo.rampart");
    rampart()
        .args(["collect", "--from", "examples/demo-account", "-o"])
        .arg(&snap)
        .assert()
        .success();
    let from_export = rampart()
        .args(["scan", "examples/demo-account", "--format", "json"])
        .output()
        .unwrap()
        .stdout;
    let from_snapshot = rampart()
        .arg("scan")
        .arg(&snap)
        .args(["--format", "json"])
        .output()
        .unwrap()
        .stdout;
    let strip_source = |b: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
        v["source"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip_source(&from_export), strip_source(&from_snapshot));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("eu-west-1")).unwrap();
    std::fs::write(
        dir.path().join("eu-west-1/broken.json"),
        r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": "one"}]}]}"#,
    )
    .unwrap();
    rampart().arg("scan").arg(dir.path()).assert().code(3).stderr(
        predicate::str::contains("broken.json").and(predicate::str::contains("NetworkAcls[0].Entries[0].RuleNumber")),
    );
    rampart()
        .args(["scan", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    rampart()
        .args(["scan", "Cargo.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a rampart snapshot"));
    // No source is a live scan; with no credentials anywhere it cannot start, and says why.
    // A build without the live collector says that instead.
    let live = rampart()
        .args(["scan", "--no-record"])
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_REGION", "us-east-1")
        .assert();
    if cfg!(feature = "live") {
        live.code(3)
            .stderr(predicate::str::contains("cannot identify the AWS account"));
    } else {
        live.code(2)
            .stderr(predicate::str::contains("without the live collector"));
    }
    rampart().args(["scan", "--format", "yaml", "x"]).assert().code(2);
    rampart()
        .args(["checks", "explain", "no-such-check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rampart checks list"));
}

#[test]
fn checks_list_and_explain() {
    rampart()
        .args(["checks", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("admin-port-open-to-internet"));
    rampart()
        .args(["checks", "explain", "admin-port-open-to-internet"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("CIS AWS Foundations Benchmark v3.0.0 5.2")
                .and(predicate::str::contains("CIS AWS Foundations Benchmark v7.0.0 6.3"))
                .and(predicate::str::contains("aws ec2 describe-security-groups")),
        );
    let json = rampart()
        .args(["checks", "list", "--format", "json"])
        .output()
        .unwrap()
        .stdout;
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let v = &v["checks"];
    assert_eq!(v.as_array().unwrap().len(), rampart_checks_count());
    // The CIS v7.0.0 controls are derived from the v3.0.0 ones, and shown with them.
    let admin = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "admin-port-open-to-internet")
        .unwrap();
    let cis_v7 = serde_json::json!({"framework": "CIS AWS Foundations Benchmark v7.0.0", "control": "6.3"});
    assert!(admin["references"].as_array().unwrap().contains(&cis_v7), "{admin}");
}

/// docs/checks.md is generated; this fails when the committed file is out of date.
#[test]
fn docs_checks_md_is_up_to_date() {
    let generated = rampart()
        .args(["checks", "list", "--format", "markdown"])
        .output()
        .unwrap()
        .stdout;
    let committed = std::fs::read(root().join("docs/checks.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/checks.md is out of date: run `cargo run -q -- checks list --format markdown > docs/checks.md`"
    );
}

#[test]
fn export_script_is_bash_and_a_closed_pipe_is_fine() {
    let script = rampart().arg("export-script").output().unwrap().stdout;
    let mut bash = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(bash.stdin.as_mut().unwrap(), &script).unwrap();
    assert!(bash.wait().unwrap().success());
    // `rampart export-script | head -1` must not fail or panic.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' export-script | head -n 1",
            assert_cmd::cargo::cargo_bin("rampart").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
}

fn rampart_checks_count() -> usize {
    let out = rampart().args(["checks", "list"]).output().unwrap().stdout;
    String::from_utf8(out).unwrap().lines().count()
}

#[test]
fn sg_query_has_real_semantics() {
    let rules = |args: &[&str]| -> Vec<String> {
        let out = rampart()
            .args(["sg", "query", "examples/demo-account", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{} {}", r["group_name"].as_str().unwrap(), r["rule"].as_str().unwrap()))
            .collect()
    };
    // SSH from the internet: the split halves and the -1 rule count; the office prefix list does not.
    let ssh = rules(&["--port", "22", "--source", "internet"]);
    assert_eq!(ssh.len(), 5, "{ssh:?}");
    assert!(ssh.iter().any(|r| r.contains("0.0.0.0/1")) && ssh.iter().any(|r| r.contains("legacy-debug all traffic")));
    // RDP: a 3000-4000 range holds it, and IPv6 counts.
    let rdp = rules(&["--port", "3389", "--source", "internet"]);
    assert!(
        rdp.iter().any(|r| r.contains("3000-4000")) && rdp.iter().any(|r| r.contains("::/0")),
        "{rdp:?}"
    );
    // Who trusts the load balancer's group.
    assert_eq!(
        rules(&["--source", "sg-0a000000000000001"]),
        ["app tcp 8080 from 123456789012/sg-0a000000000000001"]
    );
    // A source inside a prefix list's entries finds the rule that uses the list.
    assert!(rules(&["--source", "198.51.100.7"])
        .iter()
        .any(|r| r.contains("pl-0a00000000000001")));
    rampart()
        .args(["sg", "query", "examples/demo-account", "--source", "nonsense"])
        .assert()
        .code(2);
}

#[test]
fn exposure_command_json() {
    let out = rampart()
        .args(["exposure", "examples/demo-account", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["format"].as_str(), v["version"].as_u64()),
        (Some("rampart-exposure"), Some(1))
    );
    let ex = v["exposures"].as_array().unwrap();
    let find = |id: &str, port: u64| ex.iter().find(|e| e["resource_id"] == id && e["from_port"] == port);
    assert!(find("i-0a00000000000001", 22).is_some(), "bastion on SSH");
    assert!(
        find("i-0a00000000000004", 3389).is_some_and(|e| e["whole_internet"] == true),
        "the DC over IPv6"
    );
    let via = find("i-0a00000000000002", 8080).unwrap();
    assert_eq!(via["via"]["load_balancer"], "prod-web");
    assert!(
        find("i-0a00000000000002", 22).is_none(),
        "the app's SSH rule is not reachable"
    );
    for key in [
        "resource_id",
        "instance_id",
        "eni_id",
        "protocol",
        "from_port",
        "to_port",
        "sources",
        "path",
    ] {
        assert!(ex.iter().all(|e| e.get(key).is_some()), "{key}");
    }
    let blocked = v["not_exposed"].as_array().unwrap();
    assert!(blocked
        .iter()
        .any(|n| n["eni_id"] == "eni-0a00000000000006" && n["blocked_by"]["component"] == "public-address"));
    // Filters.
    let out = rampart()
        .args([
            "exposure",
            "examples/demo-account",
            "--format",
            "json",
            "--port",
            "3389",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["exposures"].as_array().unwrap().len(), 1);
    rampart()
        .args(["exposure", "examples/demo-account", "--region", "mars-1"])
        .assert()
        .code(2);
}

#[test]
fn egress_command_names_the_way_out() {
    let out = rampart()
        .args(["egress", "examples/demo-account", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "rampart-egress");
    let list = v["egress"].as_array().unwrap();
    let of = |id: &str| list.iter().find(|e| e["resource_id"] == id);
    assert_eq!(
        of("i-0a00000000000002").unwrap()["through"][0]["kind"],
        "nat-gateway",
        "private app server via NAT"
    );
    assert_eq!(
        of("i-0a00000000000001").unwrap()["through"][0]["kind"],
        "internet-gateway",
        "bastion via its public IP"
    );
    assert!(
        of("eni-0a00000000000006").is_none(),
        "the database's group allows no egress"
    );
    assert!(
        !list.iter().any(|e| e["eni_id"] == "eni-0e00000000000002"),
        "the cache has no public IP for its IGW route"
    );
}

#[test]
fn paths_from_the_internet_to_the_directory() {
    let out = rampart()
        .args([
            "paths",
            "examples/demo-account",
            "--from",
            "internet",
            "--to",
            "service:ad",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths = v["paths"].as_array().unwrap();
    let from: Vec<&str> = paths
        .iter()
        .map(|p| p["hops"][0]["from_instance"].as_str().unwrap())
        .collect();
    // The bastion (public) and both app servers (behind the load balancer); never the load balancer's own nodes.
    assert_eq!(from, ["i-0a00000000000001", "i-0a00000000000002", "i-0a00000000000003"]);
    assert!(paths.iter().all(|p| p["to"] == "eni-0a00000000000007"));
    rampart()
        .args([
            "paths",
            "examples/demo-account",
            "--from",
            "internet",
            "--to",
            "service:nope",
        ])
        .assert()
        .code(2);
    rampart()
        .args([
            "paths",
            "examples/demo-account",
            "--from",
            "bogus",
            "--to",
            "service:ad",
        ])
        .assert()
        .code(2);
}

#[test]
fn config_sets_the_web_ports_and_bad_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rampart.toml");
    let unexpected = |config: Option<&std::path::Path>| -> Vec<String> {
        let mut cmd = rampart();
        if let Some(c) = config {
            cmd.arg("--config").arg(c);
        }
        let out = cmd
            .args(["scan", "examples/demo-account", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check_id"] == "unexpected-port-exposed")
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let default = unexpected(None);
    assert_eq!(default.len(), 1);
    assert!(default[0].contains("tcp/8000-8085,8087-8100"), "{default:?}");
    std::fs::write(&cfg, "[network]\nweb_ports = [80, 443, 8000, 8001, 8002]\n").unwrap();
    assert!(unexpected(Some(&cfg))[0].contains("tcp/8003-8085,8087-8100"));
    // RAMPART_CONFIG is read too.
    let out = rampart()
        .env("RAMPART_CONFIG", &cfg)
        .args(["scan", "examples/demo-account"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("tcp/8003-8085"));
    // A typo is an error naming the file and line, not a silent default.
    std::fs::write(&cfg, "[network]\nweb_portz = [80]\n").unwrap();
    rampart()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "examples/demo-account"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2").and(predicate::str::contains("web_portz")));
    rampart()
        .args(["--config", "no/such.toml", "scan", "examples/demo-account"])
        .assert()
        .code(2);
    // An account id must be one.
    std::fs::write(&cfg, "[identity]\ntrusted_accounts = [\"4444-5555-6666\"]\n").unwrap();
    rampart()
        .arg("--config")
        .arg(&cfg)
        .args(["scan", "examples/demo-account"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`4444-5555-6666` is not a 12-digit account id",
        ));
}

/// PLANTED.md is the demo's answer key: every check that fires on the demo is named there.
#[test]
fn planted_md_names_every_check_that_fires_on_the_demo() {
    let planted = std::fs::read_to_string(root().join("examples/demo-account/PLANTED.md")).unwrap();
    let out = rampart()
        .args(["scan", "examples/demo-account", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fired: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .collect();
    for id in fired {
        assert!(
            planted.contains(&format!("`{id}`")),
            "{id} fires on the demo but PLANTED.md does not say so"
        );
    }
}

#[test]
fn paths_from_a_named_address_space_to_a_configured_class() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rampart.toml");
    std::fs::write(&cfg, "[address_spaces]\non-prem = [\"10.100.0.0/16\"]\nlab = [\"192.168.50.0/24\"]\n[service_classes]\nldap = [\"tcp/389\", \"tcp/636\"]\n").unwrap();
    let paths = |from: &str| -> Vec<serde_json::Value> {
        let out = rampart()
            .arg("--config")
            .arg(&cfg)
            .args([
                "paths",
                "examples/demo-account",
                "--from",
                from,
                "--to",
                "service:ldap",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["paths"].as_array().unwrap().clone()
    };
    // 10.100.0.0/16 is inside the domain controllers' 10.0.0.0/8 rules: straight in.
    let on_prem = paths("on-prem");
    assert!(
        on_prem
            .iter()
            .any(|p| p["hops"].as_array().unwrap().len() == 1 && p["to"] == "eni-0a00000000000007"),
        "{on_prem:?}"
    );
    assert!(on_prem[0]["hops"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e.as_str().unwrap().contains("not traced")));
    // The domain controllers do not admit 192.168.50.0/24, but SSH from anywhere (the bastion)
    // or from both halves of the internet (the app servers) does, and every host in 10.0.0.0/8
    // reaches LDAP: two hops, entering on SSH. Load balancer nodes are never a step.
    let lab = paths("lab");
    let entered: std::collections::BTreeSet<&str> = lab
        .iter()
        .map(|p| p["hops"][0]["to_instance"].as_str().unwrap())
        .collect();
    assert_eq!(
        entered,
        ["i-0a00000000000001", "i-0a00000000000002", "i-0a00000000000003"].into()
    );
    for p in &lab {
        let hops = p["hops"].as_array().unwrap();
        assert_eq!(hops.len(), 2, "{p}");
        assert_eq!(hops[0]["ports"][0]["ports"], "22");
    }
}

#[test]
fn sensitive_ports_come_from_the_configuration() {
    let findings = |config: Option<&str>| -> Vec<(String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = rampart();
        if let Some(text) = config {
            let cfg = dir.path().join("rampart.toml");
            std::fs::write(&cfg, text).unwrap();
            cmd.arg("--config").arg(cfg);
        }
        let out = cmd
            .args(["scan", "examples/demo-account", "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["check_id"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let default = findings(None);
    assert!(
        default
            .iter()
            .any(|(c, m)| c == "sensitive-port-open-to-internet" && m.contains("Docker API")),
        "{default:?}"
    );
    // 2375 is not also an "unexpected port".
    assert!(!default
        .iter()
        .any(|(c, m)| c == "unexpected-port-exposed" && m.contains("2375")));
    // An empty list turns the check off; 2375 is then simply a port that is not a web port.
    let none = findings(Some("[network]\nsensitive_ports = []\n"));
    assert!(!none.iter().any(|(c, _)| c == "sensitive-port-open-to-internet"));
    assert!(none
        .iter()
        .any(|(c, m)| c == "unexpected-port-exposed" && m.contains("2375")));
    // A listed range is matched inside the dev-server range too.
    let custom = findings(Some("[network]\nsensitive_ports = [\"tcp/8080\"]\n"));
    assert!(
        custom
            .iter()
            .any(|(c, m)| c == "sensitive-port-open-to-internet" && m.contains("tcp/8080")),
        "{custom:?}"
    );
}

fn demo_as(format: &str) -> String {
    let out = rampart()
        .args(["scan", "examples/demo-account", "--format", format])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn demo_findings() -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&demo_as("json")).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn sarif_has_what_code_scanning_needs() {
    let text = demo_as("sarif");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), demo_findings().len());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex points at the rule");
        assert!(
            r["partialFingerprints"]["rampartFingerprint/v1"]
                .as_str()
                .unwrap()
                .len()
                == 32
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let name = r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap();
        assert!(
            name.starts_with("arn:aws:") || name.starts_with("123456789012/"),
            "{name}"
        );
    }
    for rule in rules {
        let s: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.1..=10.0).contains(&s));
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    // The official SARIF 2.1.0 schema (tests/schemas/NOTICE.md).
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:?}");
    let mut broken = v.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("critical");
    assert!(!validator.is_valid(&broken), "the schema check can fail");
    let mut settings = insta::Settings::clone_current();
    settings.add_redaction(".runs[0].tool.driver.version", "[version]");
    settings.bind(|| insta::assert_json_snapshot!("demo_scan_sarif", v));
}

#[test]
fn csv_is_one_row_per_finding_and_parses_back() {
    let text = demo_as("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "severity");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let findings = demo_findings();
    assert_eq!(rows.len(), findings.len());
    for (row, f) in rows.iter().zip(&findings) {
        assert_eq!(row.len(), header.len());
        assert_eq!(&row[2], f["check_id"].as_str().unwrap());
        assert_eq!(&row[13], f["fingerprint"].as_str().unwrap());
        assert_eq!(
            row[11].lines().count(),
            f["evidence"].as_array().unwrap().len(),
            "evidence survives quoting"
        );
    }
    insta::assert_snapshot!("demo_scan_csv", text);
}

#[test]
fn junit_counts_findings_as_failures() {
    let text = demo_as("junit");
    let findings = demo_findings().len();
    assert_eq!(text.matches("<failure ").count(), findings);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rampart\""));
    assert!(text.contains(&format!("failures=\"{findings}\"")));
    assert_eq!(
        text.matches("<testsuite ").count(),
        text.matches("</testsuite>").count()
    );
    assert!(!text.contains("<<") && !text.contains("& "), "text is escaped");
    insta::assert_snapshot!("demo_scan_junit", text);
}

#[test]
fn markdown_fits_a_pull_request_comment() {
    let text = demo_as("markdown");
    assert!(text.len() < 65_536, "GitHub comments are at most 65,536 characters");
    assert!(text.contains("| critical | `admin-port-open-to-internet` |"));
    insta::assert_snapshot!("demo_scan_markdown", text);
}

#[test]
fn ocsf_detection_findings() {
    let out = rampart()
        .env("SOURCE_DATE_EPOCH", "1795845600")
        .args(["scan", "examples/demo-account", "--format", "ocsf"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = v.as_array().unwrap();
    assert_eq!(events.len(), demo_findings().len());
    for e in events {
        assert_eq!(
            (
                e["class_uid"].as_u64(),
                e["category_uid"].as_u64(),
                e["type_uid"].as_u64()
            ),
            (Some(2004), Some(2), Some(200401))
        );
        assert_eq!(e["time"].as_u64(), Some(1_795_845_600_000), "milliseconds");
        assert!((1..=5).contains(&e["severity_id"].as_u64().unwrap()));
        assert_eq!(e["metadata"]["profiles"][0], "cloud");
        assert_eq!(e["cloud"]["provider"], "AWS");
        for key in ["uid", "title"] {
            assert!(e["finding_info"][key].is_string(), "finding_info.{key}");
        }
        assert!(e["metadata"]["product"]["name"].is_string() && e["metadata"]["version"].is_string());
    }
    let mut settings = insta::Settings::clone_current();
    settings.add_redaction("[].metadata.product.version", "[version]");
    settings.bind(|| insta::assert_json_snapshot!("demo_scan_ocsf", v));
}

#[test]
fn asff_has_every_required_field_in_batches_of_100() {
    const REQUIRED: &[&str] = &[
        "SchemaVersion",
        "Id",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "Types",
        "CreatedAt",
        "UpdatedAt",
        "Severity",
        "Title",
        "Description",
        "Resources",
    ];
    // 150 unused groups: more findings than one batch holds.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("us-east-1")).unwrap();
    let groups: Vec<serde_json::Value> = (0..150)
        .map(|i| serde_json::json!({"GroupId": format!("sg-{i:017x}"), "GroupName": format!("g{i}"), "OwnerId": "111122223333", "IpPermissions": [], "IpPermissionsEgress": []}))
        .collect();
    std::fs::write(
        dir.path().join("us-east-1/sg.json"),
        serde_json::json!({"SecurityGroups": groups}).to_string(),
    )
    .unwrap();
    std::fs::write(dir.path().join("us-east-1/eni.json"), r#"{"NetworkInterfaces": []}"#).unwrap();
    // Nothing else that could name a group: they are unused.
    std::fs::write(
        dir.path().join("us-east-1/others.json"),
        r#"{"LoadBalancers": [], "LoadBalancerDescriptions": [], "Functions": [], "clusterArns": [], "VpcEndpoints": [],
            "DBInstances": [], "DBClusters": [], "CacheClusters": [], "Clusters": [], "DomainNames": [],
            "LaunchTemplateVersions": [], "LaunchConfigurations": []}"#,
    )
    .unwrap();
    let out = rampart()
        .env("SOURCE_DATE_EPOCH", "1795845600")
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "asff"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let batches = v.as_array().unwrap();
    assert_eq!(
        batches.iter().map(|b| b.as_array().unwrap().len()).collect::<Vec<_>>(),
        [100, 50]
    );
    for f in batches.iter().flat_map(|b| b.as_array().unwrap()) {
        for key in REQUIRED {
            assert!(!f[key].is_null(), "{key} missing: {f}");
        }
        assert_eq!(f["CreatedAt"], "2026-11-28T06:00:00.000Z");
        assert!(f["Title"].as_str().unwrap().chars().count() <= 256);
        assert!(f["Description"].as_str().unwrap().chars().count() <= 1024);
        assert!(
            ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"].contains(&f["Severity"]["Label"].as_str().unwrap())
        );
    }
    // The demo, pinned in time, as a snapshot.
    let out = rampart()
        .env("SOURCE_DATE_EPOCH", "1795845600")
        .args(["scan", "examples/demo-account", "--format", "asff"])
        .output()
        .unwrap();
    let demo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Account-wide (IAM) findings need a real region in ASFF: IAM's, us-east-1.
    let regions: std::collections::BTreeSet<&str> = demo[0]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            [
                f["Resources"][0]["Region"].as_str().unwrap(),
                f["ProductArn"].as_str().unwrap().split(':').nth(3).unwrap(),
            ]
        })
        .collect();
    assert_eq!(regions.into_iter().collect::<Vec<_>>(), ["eu-west-1", "us-east-1"]);
    insta::assert_json_snapshot!("demo_scan_asff", demo);
}

#[test]
fn sg_query_takes_a_named_address_space() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rampart.toml");
    std::fs::write(&cfg, "[address_spaces]\non-prem = [\"10.100.0.0/16\"]\n").unwrap();
    let out = rampart()
        .arg("--config")
        .arg(&cfg)
        .args([
            "sg",
            "query",
            "examples/demo-account",
            "--source",
            "on-prem",
            "--port",
            "389",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<&str> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group_name"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["domain-controllers", "legacy-debug"]);
}

/// PLANTED.md's flow-log table is the exact answer of the flow checks on the demo week.
#[test]
fn flow_checks_say_exactly_what_planted_md_says() {
    let planted = std::fs::read_to_string(root().join("examples/demo-account/PLANTED.md")).unwrap();
    let table = planted
        .split("## Flow logs")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let mut expected: Vec<(String, String, String, String)> = table
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("` ("))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let group = cells[2].split('`').nth(1).unwrap().to_owned();
            let mut verdict = cells[3].split(['`', ' ']).filter(|w| !w.is_empty());
            let severity = verdict.next().unwrap().to_owned();
            let check = verdict.next().unwrap().to_owned();
            (check, severity, group, cells[1].to_owned())
        })
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 16);
    let out = rampart()
        .args([
            "scan",
            "examples/demo-account",
            "--flow-logs",
            "examples/demo-flowlogs",
            "--format",
            "json",
            "--no-record",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut actual: Vec<(String, String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            [
                "internet-rule-unused-in-flow-logs",
                "rule-unused-in-flow-logs",
                "rule-wider-than-observed-traffic",
            ]
            .contains(&f["check_id"].as_str().unwrap())
        })
        .map(|f| {
            let message = f["message"].as_str().unwrap();
            let rule = message.split("): ").nth(1).unwrap();
            let rule = rule
                .split(" admitted ")
                .next()
                .unwrap()
                .split(" was used ")
                .next()
                .unwrap();
            (
                f["check_id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["resource_id"].as_str().unwrap().to_owned(),
                rule.to_owned(),
            )
        })
        .collect();
    actual.sort();
    assert_eq!(actual, expected);
    // Not evaluated, with the reason: the eu-west-1 interfaces have no traffic in the logs.
    let not_evaluated = v["not_evaluated"].as_array().unwrap();
    assert!(not_evaluated.iter().any(|n| n["scope"] == "eu-west-1"
        && n["reason"]
            .as_str()
            .unwrap()
            .contains("no accepted traffic of eni-0e00000000000001")));
}

fn flows(args: &[&str]) -> std::process::Output {
    let out = rampart()
        .arg("flows")
        .args(args)
        .args(["examples/demo-flowlogs", "--inventory", "examples/demo-account"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn flows_commands_on_the_demo_week() {
    for (name, args) in [
        ("flows_usage_text", vec!["usage"]),
        ("flows_tighten_text", vec!["tighten", "--max-cidrs", "3"]),
        ("flows_top_text", vec!["top", "--limit", "4"]),
        (
            "flows_who_text",
            vec!["who", "--dst", "i-0a00000000000001", "--port", "22"],
        ),
    ] {
        let out = flows(&args);
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
    // The usage JSON: one entry per security-group rule of the account, with the fields the
    // issue names.
    let out = flows(&["usage", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "rampart-flow-usage");
    let rules = v["rules"].as_array().unwrap();
    let sg = std::fs::read_to_string(root().join("examples/demo-account/us-east-1/security-groups.json")).unwrap();
    let sg_eu = std::fs::read_to_string(root().join("examples/demo-account/eu-west-1/security-groups.json")).unwrap();
    let count = |text: &str| -> usize {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["SecurityGroups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| {
                ["IpPermissions", "IpPermissionsEgress"]
                    .into_iter()
                    .flat_map(move |k| g[k].as_array().cloned().unwrap_or_default())
            })
            .map(|p| {
                ["IpRanges", "Ipv6Ranges", "PrefixListIds", "UserIdGroupPairs"]
                    .iter()
                    .map(|k| p[*k].as_array().map_or(0, Vec::len))
                    .sum::<usize>()
            })
            .sum()
    };
    assert_eq!(rules.len(), count(&sg) + count(&sg_eu));
    for r in rules {
        for key in [
            "group_id",
            "direction",
            "protocol",
            "peer",
            "flows",
            "bytes",
            "first_seen",
            "last_seen",
            "status",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
    let ssh = rules
        .iter()
        .find(|r| r["group_id"] == "sg-0a000000000000002" && r["peer"] == "0.0.0.0/0" && r["direction"] == "ingress")
        .unwrap();
    assert_eq!(ssh["status"], "used");
    assert_eq!(ssh["distinct_peers"], 5);
    // who needs the inventory for an instance, not for an address.
    rampart()
        .args(["flows", "who", "examples/demo-flowlogs", "--dst", "i-0a00000000000001"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --inventory"));
    rampart()
        .args(["flows", "usage", "examples/demo-flowlogs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--inventory"));
    rampart()
        .args([
            "flows",
            "top",
            "examples/demo-account/PLANTED.md",
            "--since",
            "last week",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since `last week`: not a time"));
}

#[test]
fn trail_commands_on_the_demo_day() {
    let out = rampart()
        .args(["trail", "detect", "examples/demo-cloudtrail"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!("trail_detect_text", String::from_utf8(out.stdout).unwrap());
    // With ci-deploy as a deployer, its change is allowed; bob's are not.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("rampart.toml");
    std::fs::write(
        &cfg,
        "[change_control]\ndeployers = [\"arn:aws:iam::*:user/ci-deploy\"]\n",
    )
    .unwrap();
    let out = rampart()
        .arg("--config")
        .arg(&cfg)
        .args(["trail", "detect", "examples/demo-cloudtrail", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outside: Vec<&str> = v["detections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "change-outside-deployers")
        .map(|d| d["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        outside,
        [
            "arn:aws:iam::123456789012:user/bob",
            "arn:aws:iam::123456789012:user/bob"
        ]
    );
    // The timeline of the database group, with when its current rules were added.
    let out = rampart()
        .args([
            "trail",
            "timeline",
            "examples/demo-cloudtrail",
            "--resource",
            "sg-0a000000000000004",
            "--inventory",
            "examples/demo-account",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let change = &v["changes"][0];
    for key in [
        "event_id",
        "event_time",
        "event_name",
        "resource_id",
        "principal",
        "source_ip",
        "user_agent",
        "error_code",
        "change",
    ] {
        assert!(change.get(key).is_some(), "{key} missing");
    }
    assert_eq!(change["change"]["kind"], "rules_added");
    assert_eq!(change["principal"]["arn"], "arn:aws:iam::123456789012:user/bob");
    let mysql = v["current_rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "tcp 3306 from 0.0.0.0/0")
        .unwrap();
    assert_eq!(mysql["added"]["principal"], "arn:aws:iam::123456789012:user/bob");
    // Integrity: intact as written; one altered log file and a removed digest are reported.
    rampart()
        .args(["trail", "verify", "examples/demo-cloudtrail"])
        .assert()
        .code(0);
    let copy = dir.path().join("trail");
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join("examples/demo-cloudtrail"))
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success());
    let day = copy.join("AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/30");
    let log = day.join("123456789012_CloudTrail_us-east-1_20261130T1400Z_demo1400.json.gz");
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(std::fs::File::open(&log).unwrap()),
        &mut text,
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, text.replace("StopLogging", "StartLogging").as_bytes()).unwrap();
    std::fs::write(&log, gz.finish().unwrap()).unwrap();
    let digests = copy.join("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/30");
    std::fs::remove_file(
        digests.join("123456789012_CloudTrail-Digest_us-east-1_prod-trail_us-east-1_20261130T100000Z.json.gz"),
    )
    .unwrap();
    let out = rampart()
        .args(["trail", "verify", "--format", "json"])
        .arg(&copy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["altered"].as_array().unwrap().len(), 1);
    assert!(v["altered"][0].as_str().unwrap().ends_with("demo1400.json.gz"));
    assert_eq!(v["chain_missing"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(
        v["unlisted"].as_array().unwrap().len(),
        1,
        "the 09:00 file lost its digest: {v}"
    );
    // scan --trail: the detections as findings.
    let out = rampart()
        .args([
            "scan",
            "examples/demo-account",
            "--trail",
            "examples/demo-cloudtrail",
            "--no-record",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fired: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .filter(|id| id.starts_with("trail-"))
        .collect();
    assert_eq!(
        fired.into_iter().collect::<Vec<_>>(),
        [
            "trail-access-denied-burst",
            "trail-change-outside-deployers",
            "trail-detection-turned-off",
            "trail-opened-to-internet",
            "trail-root-activity"
        ]
    );
}

/// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

/// The stakeholders' list: every rule open to the internet, both directions, with what carries
/// it; "reachable" agrees with `rampart exposure` for every inbound row.
#[test]
fn internet_rules_csv_lists_both_directions_and_agrees_with_exposure() {
    let out = rampart()
        .args([
            "sg",
            "query",
            "examples/demo-account",
            "--source",
            "internet",
            "--direction",
            "both",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("internet_rules_csv", text);
    let rows = csv_rows(&text);
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows = &rows[1..];
    assert!(rows.iter().all(|r| r.len() == head.len()));
    // Exactly the rules `sg query` finds in each direction.
    let count = |args: &[&str]| -> usize {
        let out = rampart()
            .args([
                "sg",
                "query",
                "examples/demo-account",
                "--source",
                "internet",
                "--format",
                "json",
            ])
            .args(args)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["rules"].as_array().unwrap().len()
    };
    let ingress = rows.iter().filter(|r| r[col("direction")] == "ingress").count();
    let egress = rows.iter().filter(|r| r[col("direction")] == "egress").count();
    assert_eq!((ingress, egress), (count(&[]), count(&["--egress"])));
    // Reachable = the exposure engine reaches an interface of the group on the rule's ports.
    let exposure: serde_json::Value = serde_json::from_slice(
        &rampart()
            .args(["exposure", "examples/demo-account", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let groups_of = |eni: &str| -> Vec<String> {
        let out = rampart()
            .args([
                "sg",
                "query",
                "examples/demo-account",
                "--format",
                "json",
                "--direction",
                "both",
            ])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["used_by"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u.as_str().unwrap().starts_with(eni))
            })
            .map(|r| r["group_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut reached: Vec<(String, String, u64, u64)> = Vec::new(); // (group, protocol, from, to)
    for e in exposure["exposures"].as_array().unwrap() {
        for g in groups_of(e["eni_id"].as_str().unwrap()) {
            reached.push((
                g,
                e["protocol"].as_str().unwrap().to_owned(),
                e["from_port"].as_u64().unwrap_or(0),
                e["to_port"].as_u64().unwrap_or(65535),
            ));
        }
    }
    for r in rows.iter().filter(|r| r[col("direction")] == "ingress") {
        let (lo, hi): (u64, u64) = (r[col("from_port")].parse().unwrap(), r[col("to_port")].parse().unwrap());
        let any = reached.iter().any(|(g, p, a, b)| {
            *g == r[col("group_id")] && (r[col("protocol")] == "-1" || *p == r[col("protocol")]) && *a <= hi && lo <= *b
        });
        assert_eq!(r[col("reachable_from_internet")] == "yes", any, "{r:?}");
    }
    assert!(rows.iter().any(|r| r[col("reachable_from_internet")] == "yes"));
    assert!(rows.iter().any(|r| r[col("reachable_from_internet")] == "no"));
}

/// The HTML page of the demo scan (no history: the trend is this scan alone). The inline
/// stylesheet and script are their own files; the snapshot is the page rendered around them.
#[test]
fn demo_scan_html() {
    let out = rampart()
        .env("SOURCE_DATE_EPOCH", "1795845600")
        .args(["scan", "examples/demo-account", "--format", "html"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(r#"data-scan="now""#),
        "without a history the trend is this scan"
    );
    let style = html.find("<style>").unwrap()..html.find("</style>").unwrap();
    let script = html.find("<script>").unwrap()..html.find("</script>").unwrap();
    let page = format!(
        "{}<style>[report.css]{}<script>[report.js]{}",
        &html[..style.start],
        &html[style.end..script.start],
        &html[script.end..]
    );
    // One finding per line, so a change shows as the findings it touches.
    insta::assert_snapshot!(
        "demo_scan_html",
        page.replace("<details ", "\n<details ")
            .replace("<section", "\n<section")
    );
}

#[test]
fn an_export_that_read_nothing_fails_whatever_fail_on_says() {
    let empty = tempfile::tempdir().unwrap();
    for fail_on in ["none", "info"] {
        rampart()
            .arg("scan")
            .arg(empty.path())
            .args(["--fail-on", fail_on, "--no-record"])
            .assert()
            .code(3)
            .stdout(predicate::str::is_empty())
            .stderr(
                predicate::str::contains("nothing was read from")
                    .and(predicate::str::contains(empty.path().to_str().unwrap())),
            );
    }
    // Files, but none an AWS response rampart reads.
    let unknown = tempfile::tempdir().unwrap();
    std::fs::write(unknown.path().join("notes.json"), r#"{"Hello": "world"}"#).unwrap();
    rampart()
        .arg("scan")
        .arg(unknown.path())
        .assert()
        .code(3)
        .stderr(predicate::str::contains("notes.json"));
    let snap = unknown.path().join("x.rampart");
    rampart()
        .args(["collect", "--from"])
        .arg(empty.path())
        .arg("-o")
        .arg(&snap)
        .assert()
        .code(3);
    assert!(!snap.exists());
}

#[test]
fn a_binary_file_under_an_aws_response_name_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("us-east-1")).unwrap();
    std::fs::write(
        dir.path().join("us-east-1/network-interfaces.json"),
        r#"{"NetworkInterfaces": []}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("us-east-1/security-groups.json"),
        [0x89u8, b'P', b'N', b'G', 0, 1, 2],
    )
    .unwrap();
    rampart()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(3)
        .stderr(predicate::str::contains("security-groups.json").and(predicate::str::contains("not JSON")));
}

#[test]
fn region_limits_an_offline_scan_and_an_unknown_one_is_an_error() {
    let json = |args: &[&str]| {
        let out = rampart()
            .args(["scan", "examples/demo-account", "--format", "json"])
            .args(args)
            .assert()
            .success();
        serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout).unwrap()
    };
    let all = json(&[]);
    assert_eq!(all["regions"], serde_json::json!(["eu-west-1", "us-east-1"]));
    let one = json(&["--region", "eu-west-1"]);
    assert_eq!(one["regions"], serde_json::json!(["eu-west-1"]));
    let findings = one["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f["region"] == "eu-west-1" || f["region"] == "global"));
    assert!(all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["region"] == "us-east-1"));
    // Comma-separated as for a live read.
    assert_eq!(json(&["--region", "us-east-1,eu-west-1"])["regions"], all["regions"]);
    rampart()
        .args(["scan", "examples/demo-account", "--region", "ap-south-2"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("holds nothing about region `ap-south-2`")
                .and(predicate::str::contains("eu-west-1, us-east-1")),
        );
    rampart()
        .args(["scan", "examples/demo-account", "--region", "us-east"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an AWS region name"));
    // A snapshot is limited the same way.
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("demo.rampart");
    rampart()
        .args(["collect", "--from", "examples/demo-account", "-o"])
        .arg(&snap)
        .assert()
        .success();
    let out = rampart()
        .arg("scan")
        .arg(&snap)
        .args(["--format", "json", "--region", "us-east-1"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["regions"], serde_json::json!(["us-east-1"]));
}

#[test]
fn profile_with_an_offline_source_is_an_error() {
    rampart()
        .args(["scan", "examples/demo-account", "--profile", "audit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--profile audit").and(predicate::str::contains("offline")));
    let dir = tempfile::tempdir().unwrap();
    rampart()
        .args(["collect", "--from", "examples/demo-account", "--profile", "audit", "-o"])
        .arg(dir.path().join("x.rampart"))
        .assert()
        .code(2);
}

/// Two VPCs joined by a transit gateway whose route table has no route back to the source VPC
/// (its propagation was disabled): `paths` finds none, and says which hop stops it.
#[test]
fn paths_says_what_stops_a_transit_gateway_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("us-east-1");
    std::fs::create_dir(&d).unwrap();
    let w = |name: &str, v: serde_json::Value| std::fs::write(d.join(name), v.to_string()).unwrap();
    let allow = |egress: bool| serde_json::json!([{"RuleNumber": 100, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]);
    let entries: Vec<serde_json::Value> = [allow(false), allow(true)]
        .iter()
        .flat_map(|v| v.as_array().unwrap().clone())
        .collect();
    w(
        "vpcs.json",
        serde_json::json!({"Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16"}, {"VpcId": "vpc-b", "CidrBlock": "10.2.0.0/16"}]}),
    );
    w("igw.json", serde_json::json!({"InternetGateways": []}));
    w(
        "rtb.json",
        serde_json::json!({"RouteTables": [
        {"RouteTableId": "rtb-a", "VpcId": "vpc-a", "Associations": [{"Main": true}], "Routes": [
            {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"},
            {"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}]},
        {"RouteTableId": "rtb-b", "VpcId": "vpc-b", "Associations": [{"Main": true}], "Routes": [
            {"DestinationCidrBlock": "10.2.0.0/16", "GatewayId": "local", "State": "active"},
            {"DestinationCidrBlock": "10.1.0.0/16", "TransitGatewayId": "tgw-1", "State": "active"}]}]}),
    );
    w(
        "nacl.json",
        serde_json::json!({"NetworkAcls": [
        {"NetworkAclId": "acl-a", "VpcId": "vpc-a", "IsDefault": true, "Associations": [{"SubnetId": "subnet-a"}], "Entries": entries},
        {"NetworkAclId": "acl-b", "VpcId": "vpc-b", "IsDefault": true, "Associations": [{"SubnetId": "subnet-b"}], "Entries": entries}]}),
    );
    w(
        "sg.json",
        serde_json::json!({"SecurityGroups": [
        {"GroupId": "sg-a", "GroupName": "app", "VpcId": "vpc-a", "IpPermissions": [],
         "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-b", "IpPermissionsEgress": [],
         "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]}]}),
    );
    w(
        "eni.json",
        serde_json::json!({"NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-a", "SubnetId": "subnet-a", "VpcId": "vpc-a", "PrivateIpAddress": "10.1.1.10",
         "Groups": [{"GroupId": "sg-a"}], "Attachment": {"InstanceId": "i-a"}},
        {"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-b", "VpcId": "vpc-b", "PrivateIpAddress": "10.2.1.20",
         "Groups": [{"GroupId": "sg-db"}], "Attachment": {"InstanceId": "i-b"}}]}),
    );
    let att = |id: &str, vpc: &str| {
        serde_json::json!({"TransitGatewayAttachmentId": id, "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": vpc,
            "State": "available", "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}})
    };
    w(
        "tgw-attachments.json",
        serde_json::json!({"TransitGatewayAttachments": [att("tgw-attach-a", "vpc-a"), att("tgw-attach-b", "vpc-b")]}),
    );
    w(
        "tgw-tables.json",
        serde_json::json!({"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1"}]}),
    );
    w(
        "tgw-routes.json",
        serde_json::json!({"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": [
        {"DestinationCidrBlock": "10.2.0.0/16", "Type": "propagated", "State": "active",
         "TransitGatewayAttachments": [{"TransitGatewayAttachmentId": "tgw-attach-b", "ResourceId": "vpc-b", "ResourceType": "vpc"}]}]}]}),
    );
    let out = rampart()
        .args(["paths", dir.path().to_str().unwrap(), "--from", "i-a", "--to", "i-b"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("0 path(s)"), "{text}");
    assert!(
        text.contains("no path from i-a (eni-a) to i-b (eni-b)")
            && text.contains("the way back: tgw-rtb-1 (associated with tgw-attach-b) has no route to 10.1.1.10"),
        "{text}"
    );
}

/// Each hop of `paths` names each group's admitting rules once: a rule of every protocol
/// (all traffic) used to be listed once per protocol it opens.
#[test]
fn paths_print_each_evidence_line_once() {
    for from in ["internet", "10.0.0.0/8"] {
        let out = rampart()
            .args(["paths", "examples/demo-account", "--from", from, "--to", "service:ad"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // A hop is a line indented by 4, its evidence the lines indented by 8 under it.
        let mut hops: Vec<Vec<&str>> = Vec::new();
        for line in text.lines() {
            if let Some(e) = line.strip_prefix("        ") {
                hops.last_mut().unwrap().push(e);
            } else if line.starts_with("    ") {
                hops.push(Vec::new());
            }
        }
        assert!(hops.len() > 1, "`paths --from {from}` found no hop:\n{text}");
        for evidence in &hops {
            // Each group's line (or each line, for the others) once.
            let mut keys: Vec<&str> = evidence
                .iter()
                .map(|e| e.split(" admits it: ").next().unwrap())
                .collect();
            let all = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(
                keys.len(),
                all,
                "a line twice in one hop of `paths --from {from}`:\n{text}"
            );
        }
    }
}

/// `flows top --inventory` names the hosts behind addresses and the protocols behind numbers.
#[test]
fn flows_top_names_hosts_and_protocols_with_the_inventory() {
    let out = flows(&["top", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["names"]["10.0.10.11"], "i-0a00000000000002 app-1");
    assert_eq!(v["names"]["10.0.0.20"], "load balancer prod-web");
    let text = String::from_utf8(flows(&["top"]).stdout).unwrap();
    assert!(
        text.contains("10.0.10.11 (i-0a00000000000002 app-1) -> 175.16.199.20"),
        "{text}"
    );
    assert!(
        text.contains("10.0.0.10 (i-0a00000000000001 bastion) tcp/3389"),
        "{text}"
    );
    assert!(!text.contains("proto 6"), "{text}");
    // Without the account: addresses alone, no names.
    let bare = rampart()
        .args(["flows", "top", "examples/demo-flowlogs", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bare.stdout).unwrap();
    assert!(v.get("names").is_none());
    let who = flows(&["who", "--dst", "i-0a00000000000001", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&who.stdout).unwrap();
    assert_eq!(v["names"]["10.0.0.10"], "i-0a00000000000001 bastion");
}

/// No fix shown on the demo account keeps a placeholder for a value its finding knows: the
/// region, the group, the rule, the port, the instance, the scanned source. Placeholders for
/// what only the operator knows (YOUR_RANGE, APP_GROUP_ID, a bucket to create) stay, in one
/// style: no `<name>` ones.
#[test]
fn no_fix_on_the_demo_keeps_a_placeholder_the_finding_could_fill() {
    const KNOWN: [&str; 8] = [
        "REGION",
        "GROUP",
        "GROUP_ID",
        "DC_GROUP",
        "RULE",
        "PORT",
        "INSTANCE_ID",
        "SOURCE",
    ];
    // The ports a group-to-group grant needs are the operator's to say.
    const ALLOWED: [(&str, &str); 1] = [("group-trusts-group-all-traffic", "PORT")];
    let out = rampart()
        .args(["scan", "examples/demo-account", "--no-record", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut fixes = 0;
    for f in v["findings"].as_array().unwrap() {
        let check = f["check_id"].as_str().unwrap();
        // An instance is known only when the finding names one (a group nothing uses has none).
        let said = format!("{} {}", f["message"], f["evidence"]);
        let knows_instance = said.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).any(|t| {
            t.strip_prefix("i-")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        });
        for fix in f["remediation"].as_array().unwrap() {
            let fix = fix.as_str().unwrap();
            fixes += 1;
            for token in fix.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                let unknown = ALLOWED.contains(&(check, token)) || (token == "INSTANCE_ID" && !knows_instance);
                assert!(
                    !KNOWN.contains(&token) || unknown,
                    "{check}: `{token}` is known to the finding: {fix}"
                );
            }
            let angle = fix.split('<').skip(1).any(|rest| {
                rest.split_once('>').is_some_and(|(name, _)| {
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                })
            });
            assert!(!angle, "{check}: a <placeholder>: {fix}");
        }
    }
    assert!(fixes > 100, "the demo scan shows fixes");
}
