//! CloudTrail in every form users have it: delivered files, bare arrays (attack-simulation
//! captures, CloudTrail Lake and SIEM exports), JSON lines, pretty-printed values, SIEM fields,
//! other ISO 8601 times; unusable records counted and named, anonymised values kept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rampart_logs::coverage::Completeness;
use rampart_logs::trail::detect::{detect, wanted, Gathered, Policy};
use rampart_logs::trail::read::{read_stream, TrailStats};
use rampart_logs::trail::Event;

fn read(name: &str, text: &[u8]) -> (Vec<Event>, TrailStats) {
    let mut events = Vec::new();
    let mut stats = TrailStats::default();
    read_stream(name, text, &|_| true, &mut stats, &mut |e| events.push(e));
    (events, stats)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/cloudtrail-samples")
            .join(name),
    )
    .unwrap()
}

const RECORD: &str = r#"{"eventVersion":"1.09","eventTime":"2026-11-30T14:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"DeleteFlowLogs","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventID":"e-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory"},"requestParameters":{"DeleteFlowLogsRequest":{"FlowLogId":{"content":"fl-1","tag":1}}}}"#;

#[test]
fn a_bare_array_of_records_is_read_as_records() {
    // The real attack-simulation capture: a pretty-printed array, anonymised upstream.
    let (events, stats) = read("sts.json", &fixture("stratus-sts-federation-token.json"));
    assert_eq!((stats.records, stats.bad_records), (2, 0), "{stats:?}");
    assert_eq!(events[0].name(), "GetFederationToken");
    // Anonymised values are kept as given, not fatal.
    assert_eq!(events[0].aws_region.as_deref(), Some("ap-isob-east-1r"));
    assert_eq!(events[0].source_ip_address.as_deref(), Some("255.090.254.5"));
    assert_eq!(stats.coverage().completeness(), Completeness::Complete);

    // The DeleteFlowLogs capture, in the array it was captured in, gives its detection.
    let mut g = Gathered::default();
    let mut stats = TrailStats::default();
    read_stream(
        "flow.json",
        fixture("stratus-vpc-remove-flow-logs.json").as_slice(),
        &wanted,
        &mut stats,
        &mut |e| g.add(e),
    );
    assert_eq!((stats.records, stats.kept), (1, 1));
    let found = detect(
        &g.finish(),
        &Policy {
            is_deployer: &|_| false,
            trusted_source: None,
            burst: 10,
            burst_seconds: 600,
        },
    );
    assert!(
        found
            .iter()
            .any(|d| d.kind == "blinding-change" && d.region.as_deref() == Some("megov-south-1r")),
        "{found:?}"
    );
}

#[test]
fn compact_arrays_jq_slurps_and_wrappers_inside_arrays() {
    let lookup = format!(
        r#"{{"EventId":"e-2","CloudTrailEvent":{}}}"#,
        serde_json::to_string(&RECORD.replace("e-1", "e-2")).unwrap()
    );
    let text = format!(r#"[{RECORD},{{"detail":{}}},{lookup}]"#, RECORD.replace("e-1", "e-3"));
    let (events, stats) = read("slurp.json", text.as_bytes());
    assert_eq!((stats.records, stats.bad_records), (3, 0), "{stats:?}");
    let ids: Vec<_> = events.iter().map(|e| e.event_id.clone().unwrap()).collect();
    assert_eq!(ids, ["e-1", "e-3", "e-2"]);
}

#[test]
fn delivered_files_json_lines_and_pretty_printed_values() {
    let delivered = format!(r#"{{"Records":[{RECORD}]}}"#);
    assert_eq!(read("d.json", delivered.as_bytes()).1.records, 1);
    let lines = format!("{RECORD}\n\n{}\n", RECORD.replace("e-1", "e-2"));
    assert_eq!(read("l.jsonl", lines.as_bytes()).1.records, 2);
    // Pretty-printed records one after another (jq without -c), and a document whose first
    // key is not Records.
    let pretty: serde_json::Value = serde_json::from_str(RECORD).unwrap();
    let text = format!(
        "{}\n{}\n",
        serde_json::to_string_pretty(&pretty).unwrap(),
        serde_json::to_string_pretty(&serde_json::json!({"Trail": "x", "Records": [pretty]})).unwrap()
    );
    let (_, stats) = read("p.json", text.as_bytes());
    assert_eq!((stats.records, stats.bad_records), (2, 0), "{stats:?}");
    // A JSON line cut short is bad on its own: the good line after it is still read.
    let cut = format!("{}\n{RECORD}\n", &RECORD[..RECORD.len() - 10]);
    let (events, stats) = read("cut.jsonl", cut.as_bytes());
    assert_eq!(
        (events.len() as u64, stats.records, stats.bad_records),
        (1, 1, 1),
        "{stats:?}"
    );
    assert_eq!(stats.errors[0].line, 1);
}

#[test]
fn siem_fields_and_other_iso_times() {
    // A Panther-style record: p_* fields, no eventTime but @timestamp, readOnly as text,
    // requestParameters stored as JSON text.
    let siem = r#"{"p_log_type":"AWS.CloudTrail","p_event_time":"2026-11-30 14:00:00.000000000","p_any_ip_addresses":["198.51.100.7"],"@timestamp":"2026-11-30T16:00:00.250+02:00","eventName":"DeleteFlowLogs","eventSource":"ec2.amazonaws.com","readOnly":"false","requestParameters":"{\"DeleteFlowLogsRequest\":{\"FlowLogId\":\"fl-9\"}}","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory"}}"#;
    let (events, stats) = read("siem.jsonl", siem.as_bytes());
    assert_eq!(stats.bad_records, 0, "{stats:?}");
    assert_eq!(events[0].event_time.as_deref(), Some("2026-11-30T14:00:00Z"));
    assert_eq!(events[0].read_only, Some(false));
    assert!(events[0].request_parameters.as_ref().unwrap().is_object());
    for (time, want) in [
        ("2026-11-30T14:00:00.123456Z", "2026-11-30T14:00:00Z"),
        ("2026-11-30T09:00:00-05:00", "2026-11-30T14:00:00Z"),
        ("2026-11-30T14:00:00", "2026-11-30T14:00:00Z"),
        ("20261130T140000Z", "2026-11-30T14:00:00Z"),
    ] {
        let text = RECORD.replace("2026-11-30T14:00:00Z", time);
        let (events, _) = read("t.jsonl", text.as_bytes());
        assert_eq!(events[0].event_time.as_deref(), Some(want), "{time}");
    }
    // Epoch milliseconds, as some SIEM exports write them.
    let text = RECORD.replace(r#""2026-11-30T14:00:00Z""#, "1796047200000");
    let (events, stats) = read("ms.jsonl", text.as_bytes());
    assert_eq!(stats.bad_records, 0);
    assert_eq!(events[0].event_time.as_deref(), Some("2026-11-30T14:00:00Z"));
    // A time in no ISO form is kept as given, the record still read.
    let text = RECORD.replace("2026-11-30T14:00:00Z", "Nov 30, 2026");
    let (events, _) = read("odd.jsonl", text.as_bytes());
    assert_eq!(events[0].event_time.as_deref(), Some("Nov 30, 2026"));
}

#[test]
fn an_unusable_record_is_counted_and_named_never_dropped() {
    let text = format!(r#"[{RECORD}, 42, {{"eventSource":"ec2.amazonaws.com"}}, {RECORD}]"#);
    let (events, stats) = read("mixed.json", text.as_bytes());
    assert_eq!(events.len(), 2);
    assert_eq!((stats.records, stats.bad_records), (2, 2), "{stats:?}");
    let named: Vec<(String, u64)> = stats.errors.iter().map(|e| (e.file.clone(), e.line)).collect();
    assert_eq!(named, [("mixed.json".to_owned(), 2), ("mixed.json".to_owned(), 3)]);
    assert!(stats.errors[1].reason.contains("eventName"), "{:?}", stats.errors);
    let coverage = stats.coverage();
    assert_eq!(coverage.completeness(), Completeness::Partial);
    assert!(
        coverage.describe().contains("2 of 4 records"),
        "{}",
        coverage.describe()
    );
    // A file of nothing CloudTrail: nothing read.
    for junk in [&b"{\"foo\": 1}\n"[..], b"\x00\x01\x02garbage", b"[]", b"", b"[1, 2]"] {
        let (_, stats) = read("junk.json", junk);
        assert_eq!(stats.coverage().completeness(), Completeness::Nothing, "{junk:?}");
    }
}

#[test]
fn a_rule_to_an_anonymised_address_is_read() {
    let text = r#"{"eventTime":"2024-07-31T15:07:49Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"megov-south-1r","sourceIPAddress":"010.001.002.003","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u"},"requestParameters":{"groupId":"sg-1","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{"items":[{"cidrIp":"010.001.002.003/32"}]}}]}}}"#;
    let (events, stats) = read("anon.jsonl", text.as_bytes());
    assert_eq!(stats.bad_records, 0);
    let change = rampart_logs::trail::change::normalise(&events[0]).unwrap();
    let rampart_logs::trail::change::Change::RulesAdded { rules, .. } = change else {
        panic!()
    };
    assert_eq!(rules[0].peer, "10.1.2.3/32");
    assert!(!rules[0].internet, "10.1.2.3 is private");
    let text = text.replace("010.001.002.003/32", "052.094.010.001/32");
    let (events, _) = read("anon.jsonl", text.as_bytes());
    let rampart_logs::trail::change::Change::RulesAdded { rules, .. } =
        rampart_logs::trail::change::normalise(&events[0]).unwrap()
    else {
        panic!()
    };
    assert_eq!(rules[0].peer, "52.94.10.1/32");
    assert!(rules[0].internet);
}
