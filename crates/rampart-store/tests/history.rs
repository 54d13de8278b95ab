//! The history on a real SQLite file: scans of the demo account and of edited copies of it,
//! recorded and compared; migration from the first schema; a writer killed mid-scan; two
//! writers at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use rampart_checks::evidence::LogKind;
use rampart_checks::{ScanResult, Severity};
use rampart_inventory::Inventory;
use rampart_store::{diff, NewScan, ScanSummary, Side, Store, StoredFinding, StoredNotEvaluated};
use serde_json::Value;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account")
}

/// A copy of the demo account that a test may edit.
fn demo_copy(dir: &Path) -> PathBuf {
    let to = dir.join("export");
    copy_dir(&demo(), &to);
    to
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

fn edit_json(path: &Path, edit: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

fn scan(dir: &Path) -> (Inventory, ScanResult) {
    let (inventory, _) = rampart_inventory::import_dir(dir).unwrap();
    let result = rampart_checks::run(&inventory);
    (inventory, result)
}

fn record(store: &mut Store, inventory: &Inventory, result: &ScanResult, at_ms: u64) -> i64 {
    let scan = NewScan {
        inventory,
        result,
        rampart_version: "test",
        started_ms: at_ms,
        duration_ms: 5,
        graph: Some(r#"{"graph":"as given"}"#),
    };
    store.record(&scan, &mut |_| {}).unwrap()
}

/// A recorded scan loaded back, to compare.
struct Loaded(ScanSummary, Vec<StoredFinding>, Vec<StoredNotEvaluated>);

impl Loaded {
    fn of(store: &Store, id: i64) -> Loaded {
        Loaded(
            store.scan(id).unwrap().unwrap(),
            store.findings(id).unwrap(),
            store.not_evaluated(id).unwrap(),
        )
    }

    fn side(&self) -> Side<'_> {
        Side {
            scan: &self.0,
            findings: &self.1,
            not_evaluated: &self.2,
        }
    }
}

#[test]
fn a_recorded_scan_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    // The store makes no folder (the binary makes rampart's own and refuses a missing one a
    // user named).
    assert!(Store::open(&dir.path().join("sub/history.sqlite")).is_err());
    assert!(!dir.path().join("sub").exists());
    let mut store = Store::open(&dir.path().join("history.sqlite")).unwrap();
    let (inventory, result) = scan(&demo());
    let id = record(&mut store, &inventory, &result, 1_795_845_600_000);

    let summary = store.scan(id).unwrap().unwrap();
    assert_eq!(summary.account, "123456789012");
    assert_eq!(summary.regions, ["eu-west-1", "us-east-1", "global"]);
    assert_eq!(summary.open_findings(), result.findings.len());
    let critical = result
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .count();
    assert_eq!(summary.counts[0], critical);
    assert_eq!(summary.coverage.len(), inventory.coverage.entries.len());
    assert_eq!(summary.coverage_gaps(), inventory.coverage.gaps().count());

    let stored = store.findings(id).unwrap();
    assert_eq!(stored.len(), result.findings.len());
    for (s, f) in stored.iter().zip(&result.findings) {
        assert_eq!(s.fingerprint, f.fingerprint, "stored findings come back in rank order");
        assert_eq!(s.evidence, f.evidence);
        assert_eq!(s.remediation, f.remediation);
        assert_eq!(s.severity, f.severity);
        assert_eq!(s.resource_arn, f.resource_arn);
    }
    assert_eq!(store.not_evaluated(id).unwrap().len(), result.not_evaluated.len());
}

#[test]
fn diff_of_edited_exports_says_new_resolved_changed_unverified_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("h.sqlite")).unwrap();
    let (inv_a, res_a) = scan(&demo());
    let a = record(&mut store, &inv_a, &res_a, 1_000);

    let export = demo_copy(dir.path());
    // Fixed: the bastion's SSH from 0.0.0.0/0 is revoked.
    // New: a group left behind with PostgreSQL open to the whole internet.
    edit_json(&export.join("us-east-1/security-groups.json"), |v| {
        let groups = v["SecurityGroups"].as_array_mut().unwrap();
        groups.push(serde_json::json!({
            "GroupId": "sg-0a0000000000000ff", "GroupName": "pg-test", "Description": "pg test",
            "OwnerId": "123456789012", "VpcId": "vpc-0a1b2c3d4e5f60001", "IpPermissionsEgress": [],
            "IpPermissions": [{
                "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []
            }]
        }));
        for g in v["SecurityGroups"].as_array_mut().unwrap() {
            if g["GroupId"] == "sg-0a000000000000002" {
                g["IpPermissions"]
                    .as_array_mut()
                    .unwrap()
                    .retain(|p| p["IpRanges"].as_array().unwrap().is_empty());
            }
        }
    });
    // Changed: eu-west-1 loses its route to the internet, so its open rules stop being reachable.
    edit_json(&export.join("eu-west-1/route-tables.json"), |v| {
        for t in v["RouteTables"].as_array_mut().unwrap() {
            t["Routes"]
                .as_array_mut()
                .unwrap()
                .retain(|r| r["DestinationCidrBlock"] != "0.0.0.0/0");
        }
    });
    // Unverified: the GuardDuty answer is missing from us-east-1, so nothing there can be judged.
    std::fs::remove_file(export.join("us-east-1/guardduty-detectors.json")).unwrap();
    let (inv_b, res_b) = scan(&export);
    let b = record(&mut store, &inv_b, &res_b, 2_000);

    let (a, b) = (Loaded::of(&store, a), Loaded::of(&store, b));
    let d = diff(a.side(), b.side());

    let ids = |v: &[StoredFinding]| -> Vec<(String, String)> {
        v.iter().map(|f| (f.check_id.clone(), f.resource_id.clone())).collect()
    };
    let has = |v: &[(String, String)], check: &str, resource: &str| v.iter().any(|(c, r)| c == check && r == resource);

    let resolved = ids(&d.resolved);
    assert!(
        has(&resolved, "admin-port-open-to-internet", "sg-0a000000000000002"),
        "{resolved:?} {:?}",
        d.unverified
            .iter()
            .map(|u| (&u.finding.check_id, &u.reason))
            .collect::<Vec<_>>()
    );
    let new = ids(&d.new);
    assert!(
        has(&new, "database-port-open-to-internet", "sg-0a0000000000000ff"),
        "{new:?}"
    );

    let ssh_eu = d
        .changed
        .iter()
        .find(|c| c.after.check_id == "admin-port-open-to-internet" && c.after.resource_id == "sg-0e000000000000001")
        .expect("the eu-west-1 SSH finding changed severity");
    assert_eq!(ssh_eu.before.severity, Severity::Critical);
    assert!(ssh_eu.after.severity < Severity::Critical);
    assert!(ssh_eu.what[0].starts_with("severity critical → "), "{:?}", ssh_eu.what);

    let malware = d
        .unverified
        .iter()
        .find(|u| u.finding.check_id == "guardduty-malware-protection-off")
        .expect("a finding whose input went missing is unverified, not resolved");
    assert!(malware.reason.contains("could not evaluate"), "{}", malware.reason);
    assert!(!d
        .resolved
        .iter()
        .any(|f| f.check_id == "guardduty-malware-protection-off"));

    // Everything is in exactly one bucket.
    let before = d.resolved.len() + d.unverified.len() + d.changed.len() + d.unchanged.len();
    assert_eq!(before, res_a.findings.len());
    assert_eq!(d.new.len() + d.changed.len() + d.unchanged.len(), res_b.findings.len());
    assert!(has(&ids(&d.unchanged), "root-without-mfa", "123456789012"));
}

#[test]
fn a_region_left_out_of_the_later_scan_resolves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("h.sqlite")).unwrap();
    let (inv_a, res_a) = scan(&demo());
    let a = record(&mut store, &inv_a, &res_a, 1_000);
    let export = demo_copy(dir.path());
    std::fs::remove_dir_all(export.join("eu-west-1")).unwrap();
    let (inv_b, res_b) = scan(&export);
    let b = record(&mut store, &inv_b, &res_b, 2_000);

    let (a, b) = (Loaded::of(&store, a), Loaded::of(&store, b));
    let d = diff(a.side(), b.side());
    assert!(d.resolved.iter().all(|f| f.region != "eu-west-1"), "{:?}", d.resolved);
    let eu = d.unverified.iter().filter(|u| u.finding.region == "eu-west-1").count();
    assert_eq!(eu, res_a.findings.iter().filter(|f| f.region == "eu-west-1").count());
    for u in &d.unverified {
        assert!(u.reason.contains("eu-west-1"), "{}: {:?}", u.reason, u.finding);
    }
}

#[test]
fn references_and_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("h.sqlite")).unwrap();
    assert!(store
        .resolve("latest", None)
        .unwrap_err()
        .to_string()
        .contains("no scan is recorded yet"));
    let (inventory, result) = scan(&demo());
    let first = record(&mut store, &inventory, &result, 1_000);
    let second = record(&mut store, &inventory, &result, 2_000);
    let stored: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM details", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored as usize,
        result.findings.len(),
        "a repeated finding's text is stored once"
    );
    assert_eq!(store.resolve("latest", None).unwrap().id, second);
    assert_eq!(store.resolve("latest~1", None).unwrap().id, first);
    assert_eq!(store.resolve(&first.to_string(), None).unwrap().id, first);
    assert!(store.resolve("latest~2", None).is_err());
    assert!(store
        .resolve("yesterday", None)
        .unwrap_err()
        .to_string()
        .contains("not a scan"));
    assert!(store
        .resolve("baseline", None)
        .unwrap_err()
        .to_string()
        .contains("no baseline"));

    let s1 = store.scan(first).unwrap().unwrap();
    store.set_baseline(&s1, 3_000).unwrap();
    assert_eq!(store.resolve("baseline", None).unwrap().id, first);
    assert_eq!(
        store
            .previous(&store.scan(second).unwrap().unwrap())
            .unwrap()
            .unwrap()
            .id,
        first
    );
    assert!(store.clear_baseline("123456789012").unwrap());
    assert!(!store.clear_baseline("123456789012").unwrap());
}

#[test]
fn a_database_of_the_first_schema_is_migrated_and_keeps_its_scans() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        // What the first schema's rampart wrote: no suppression column, no baselines.
        let old = Store::open_at(&path, 1).unwrap();
        assert_eq!(old.version().unwrap(), 1);
        let conn = old.connection();
        conn.execute_batch(
            "INSERT INTO scans (id, started_ms, duration_ms, source, account, regions, rampart_version,
                 checks_evaluated, coverage, critical, high, medium, low, info)
             VALUES (1, 1000, 7, 'old-export', '123456789012', '[\"us-east-1\"]', '0.0.9', 3,
                 '[{\"scope\":\"us-east-1\",\"kind\":\"security-groups\",\"state\":\"read\",\"reason\":null}]', 1, 0, 0, 0, 0);
             INSERT INTO details VALUES (1, x'00', '{\"message\":\"SSH open\",\"evidence\":[\"rule: tcp 22 from 0.0.0.0/0\"],\"remediation\":[\"aws ec2 revoke-security-group-ingress\"]}');
             INSERT INTO findings VALUES (1, 1, 'abc123', 'admin-port-open-to-internet', 'ingress', 'critical', 'high',
                 '123456789012', 'us-east-1', 'security-group', 'sg-1', NULL, 'Remote administration port open', 1, 1);",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), rampart_store::schema::VERSION);
    let old = store.scan(1).unwrap().unwrap();
    assert_eq!(
        (old.source.as_str(), old.counts[0], old.suppressed),
        ("old-export", 1, 0)
    );
    let findings = store.findings(1).unwrap();
    assert_eq!(findings[0].evidence, ["rule: tcp 22 from 0.0.0.0/0"]);
    assert_eq!(findings[0].suppression, None);
    store.set_baseline(&old, 2_000).unwrap();
    let (inventory, result) = scan(&demo());
    let new = record(&mut store, &inventory, &result, 3_000);
    assert_eq!(
        store.previous(&store.scan(new).unwrap().unwrap()).unwrap().unwrap().id,
        1
    );
    // Schema 3 keeps each scan's graph; a scan recorded before it has none.
    assert_eq!(store.graph(1).unwrap(), None);
    assert_eq!(store.graph(new).unwrap().as_deref(), Some(r#"{"graph":"as given"}"#));
    // Schema 4 keeps the log evidence each scan had; unknown before it, none given after.
    let old = store.scan(1).unwrap().unwrap();
    assert_eq!(old.logs, None);
    assert_eq!(old.read_logs(LogKind::CloudTrail), None);
    assert_eq!(
        store.scan(new).unwrap().unwrap().read_logs(LogKind::CloudTrail),
        Some(false)
    );
}

/// A trail detection as `scan --trail` gives it, for one account.
fn trail_evidence(read: u64) -> rampart_checks::Evidence {
    rampart_checks::Evidence {
        trail: Some(rampart_checks::evidence::TrailEvidence {
            detections: vec![rampart_logs::trail::detect::Detection {
                kind: "root-activity",
                severity: "high",
                message: "the root user made 1 call(s) on 2026-11-30: ListBuckets".into(),
                event_time: Some("2026-11-30T10:00:00Z".into()),
                region: Some("us-east-1".into()),
                actor: Some("root".into()),
                source_ip: None,
                resources: Vec::new(),
                event_ids: vec!["e-1".into()],
            }]
            .into_iter()
            .filter(|_| read > 0)
            .collect(),
            scope: "test".into(),
            coverage: rampart_checks::evidence::LogCoverage {
                unit: "record",
                files: 1,
                read,
                ..Default::default()
            },
        }),
        ..Default::default()
    }
}

#[test]
fn a_trail_finding_is_unverified_when_the_later_scan_read_no_trail() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("h.sqlite")).unwrap();
    let (inventory, _) = rampart_inventory::import_dir(&demo()).unwrap();
    let config = rampart_checks::Config::default();
    let with = rampart_checks::run_with_evidence(&inventory, &config, &trail_evidence(1));
    assert!(with.findings.iter().any(|f| f.check_id == "trail-root-activity"));
    let a = record(&mut store, &inventory, &with, 1_000);
    // No --trail, then a trail of which nothing could be read: unverified both times.
    for evidence in [rampart_checks::Evidence::default(), trail_evidence(0)] {
        let without = rampart_checks::run_with_evidence(&inventory, &config, &evidence);
        let b = record(&mut store, &inventory, &without, 2_000);
        let d = diff(Loaded::of(&store, a).side(), Loaded::of(&store, b).side());
        assert!(
            d.resolved.iter().all(|f| f.check_id != "trail-root-activity"),
            "{:?}",
            d.resolved
        );
        let u = d
            .unverified
            .iter()
            .find(|u| u.finding.check_id == "trail-root-activity")
            .unwrap();
        assert!(u.reason.contains("read no CloudTrail logs"), "{}", u.reason);
    }
    // A later scan that read the trail and found nothing: resolved.
    let read = rampart_checks::run_with_evidence(&inventory, &config, &{
        let mut e = trail_evidence(1);
        if let Some(t) = e.trail.as_mut() {
            t.detections.clear();
        }
        e
    });
    let c = record(&mut store, &inventory, &read, 3_000);
    let d = diff(Loaded::of(&store, a).side(), Loaded::of(&store, c).side());
    assert!(
        d.resolved.iter().any(|f| f.check_id == "trail-root-activity"),
        "{:?}",
        d.unverified
    );
}

#[test]
fn a_database_from_a_newer_rampart_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    {
        let store = Store::open(&path).unwrap();
        store.connection().pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path).err().expect("refused");
    assert!(
        err.to_string()
            .contains("schema version 99, newer than this rampart knows"),
        "{err}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, 99);
}

/// The child half of the kill test: records one scan, then starts a second and stops inside
/// its transaction, announcing it on stdout, until it is killed.
#[test]
#[ignore = "run by a_scan_killed_half_way_leaves_no_trace"]
fn child_writer() {
    let Some(path) = std::env::var_os("RAMPART_STORE_CHILD_DB") else {
        return;
    };
    let mut store = Store::open(Path::new(&path)).unwrap();
    let (inventory, mut result) = scan(&demo());
    record(&mut store, &inventory, &result, 1_000);
    // Enough findings that the writer is called back mid-transaction.
    let template = result.findings.clone();
    for i in 0..30 {
        result.findings.extend(template.iter().cloned().map(|mut f| {
            f.fingerprint = format!("{}-{i}", f.fingerprint);
            f
        }));
    }
    let scan = NewScan {
        inventory: &inventory,
        result: &result,
        rampart_version: "test",
        started_ms: 2_000,
        duration_ms: 1,
        graph: None,
    };
    let _ = store.record(&scan, &mut |n| {
        use std::io::Write;
        println!("WRITING {n}");
        let _ = std::io::stdout().flush();
        std::thread::sleep(std::time::Duration::from_secs(120));
    });
}

#[test]
fn a_scan_killed_half_way_leaves_no_trace() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writer",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RAMPART_STORE_CHILD_DB", &path)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let marker = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("WRITING "))
        .expect("the child reached the middle of its second scan");
    assert!(marker.ends_with("WRITING 1000"), "{marker}");
    child.kill().unwrap(); // SIGKILL: no destructor, no rollback by the child
    child.wait().unwrap();

    let mut store = Store::open(&path).unwrap();
    let scans = store.scans(None, 10).unwrap();
    assert_eq!(scans.len(), 1, "only the whole scan is there");
    let (inventory, result) = scan(&demo());
    assert_eq!(store.findings(scans[0].id).unwrap().len(), result.findings.len());
    let orphans: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM findings WHERE scan_id NOT IN (SELECT id FROM scans)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let ok: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // And the database takes the next scan.
    record(&mut store, &inventory, &result, 3_000);
    assert_eq!(store.scans(None, 10).unwrap().len(), 2);
}

#[test]
fn two_writers_at_once_both_land_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    Store::open(&path).unwrap();
    let (inventory, result) = scan(&demo());
    std::thread::scope(|s| {
        for w in 0..2u64 {
            let (path, inventory, result) = (&path, &inventory, &result);
            s.spawn(move || {
                let mut store = Store::open(path).unwrap();
                for i in 0..10 {
                    record(&mut store, inventory, result, w * 100 + i);
                }
            });
        }
    });
    let store = Store::open(&path).unwrap();
    let scans = store.scans(None, 100).unwrap();
    assert_eq!(scans.len(), 20);
    for s in &scans {
        assert_eq!(
            store.findings(s.id).unwrap().len(),
            result.findings.len(),
            "scan {}",
            s.id
        );
    }
}
