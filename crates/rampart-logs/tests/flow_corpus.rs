//! The public flow-log samples (tests/fixtures/flowlogs, see its SOURCE.md) read to the values
//! their documentation gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use rampart_logs::flow::{read_file, Action, FlowDirection, Format, LogStatus, ReadOptions, ReadStats};

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/flowlogs")
        .join(rel)
}

/// Every record of a file as (interface, src, dst, srcport, dstport, action, status, flags, direction).
type Row = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<u16>,
    Option<u16>,
    Option<Action>,
    Option<LogStatus>,
    Option<u16>,
    Option<FlowDirection>,
);

fn read(rel: &str, format: Option<&str>) -> (Vec<Row>, ReadStats) {
    let options = ReadOptions {
        format: format.map(|f| Format::parse(f).unwrap()),
    };
    let mut rows = Vec::new();
    let mut stats = ReadStats::default();
    read_file(&corpus(rel), &options, &mut stats, &mut |r| {
        rows.push((
            r.interface_id.map(String::from),
            r.srcaddr.map(|a| a.to_string()),
            r.dstaddr.map(|a| a.to_string()),
            r.srcport,
            r.dstport,
            r.action,
            r.log_status,
            r.tcp_flags,
            r.flow_direction,
        ))
    });
    (rows, stats)
}

#[test]
fn accepted_and_rejected_default_format() {
    let (rows, stats) = read("awsdocs-examples/01-accepted-rejected.v2.log", None);
    assert_eq!(stats.bad_lines, 0);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].1.as_deref(), Some("172.31.16.139"));
    assert_eq!((rows[0].4, rows[0].5), (Some(22), Some(Action::Accept)));
    assert_eq!((rows[1].4, rows[1].5), (Some(3389), Some(Action::Reject)));
}

#[test]
fn nodata_and_skipdata_are_counted_not_traffic() {
    let (rows, stats) = read("awsdocs-examples/02-nodata-skipdata.v2.log", None);
    assert_eq!((stats.records, stats.nodata, stats.skipdata), (0, 1, 1));
    assert_eq!(rows[0].6, Some(LogStatus::NoData));
    assert_eq!(rows[1].0.as_deref(), Some("eni-11111111aaaaaaaaa"));
    let (_, beats) = read("elastic-beats/no-data-skip-data.log", None);
    assert_eq!(beats.bad_lines, 0);
    assert!(beats.nodata + beats.skipdata >= 2);
}

#[test]
fn ipv6_and_the_stateless_reply_example() {
    let (rows, _) = read("awsdocs-examples/04-ipv6.v2.log", None);
    assert_eq!(rows[0].1.as_deref(), Some("2001:db8:1234:a100:8d6e:3477:df66:f105"));
    let (rows, _) = read("awsdocs-examples/03-sg-nacl-stateless-response.v2.log", None);
    // The ping is accepted in, its reply rejected out (the NACL is stateless).
    assert_eq!(rows[0].5, Some(Action::Accept));
    assert_eq!(rows[1].5, Some(Action::Reject));
    assert_eq!(rows[1].1.as_deref(), Some("172.31.16.139"));
}

#[test]
fn headers_announce_custom_orders() {
    let (rows, stats) = read("awsdocs-examples/05-tcp-flag-sequence.v3.log", None);
    assert_eq!((stats.headers, stats.bad_lines), (1, 0));
    let flags: Vec<Option<u16>> = rows.iter().map(|r| r.7).collect();
    assert_eq!(
        flags,
        [
            Some(2),
            Some(18),
            Some(2),
            Some(18),
            Some(1),
            Some(1),
            Some(3),
            Some(19)
        ]
    );
    let (rows, stats) = read("awsdocs-examples/08-traffic-path-flow-direction.v5.log", None);
    assert_eq!(stats.bad_lines, 0);
    assert_eq!(rows[0].8, Some(FlowDirection::Ingress));
    assert_eq!(rows[1].8, Some(FlowDirection::Egress));
    // A header before every record (Elastic's variant) switches the format each time.
    let (rows, stats) = read("elastic-integrations/test-tcp-flag-sequence.log", None);
    assert_eq!(stats.bad_lines, 0);
    assert!(stats.headers > 1 && rows.len() as u64 == stats.records + stats.nodata + stats.skipdata);
}

#[test]
fn nat_gateway_lines_with_trailing_text_are_reported_not_guessed() {
    let (rows, stats) = read("awsdocs-examples/06-nat-gateway.custom.log", None);
    // The documentation annotates two lines with `#…` comments: not valid records.
    assert_eq!(stats.bad_lines, 2);
    assert_eq!(rows.len() as u64, stats.lines - 1 - stats.bad_lines);
    assert!(stats.errors[0].reason.contains("fields where the format has 6"));
}

#[test]
fn headerless_custom_formats_need_the_format() {
    // Without the field list the v5 line is reported, with it the record is read.
    let (_, stats) = read("elastic-integrations/test-v5-all-fields.log", None);
    assert_eq!((stats.records, stats.bad_lines), (0, 1));
    let v5 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";
    let (rows, stats) = read("elastic-integrations/test-v5-all-fields.log", Some(v5));
    assert_eq!((stats.records, stats.bad_lines), (1, 0));
    assert_eq!(rows[0].1.as_deref(), Some("89.160.20.156"));
    assert_eq!(rows[0].8, Some(FlowDirection::Ingress));
}

#[test]
fn cloudwatch_json_lines_and_bad_input() {
    let (rows, stats) = read("elastic-integrations/test-with-message-field.log", None);
    assert_eq!((stats.nodata, stats.bad_lines), (1, 0));
    assert_eq!(rows[0].0.as_deref(), Some("eni-0e0bf7be352692297"));
    let (rows, stats) = read("elastic-beats/bad.log", None);
    assert!(rows.is_empty());
    assert_eq!(stats.bad_lines, 1);
    assert_eq!(stats.errors[0].line, 1);
    assert!(stats.errors[0].file.ends_with("bad.log"));
}

#[test]
fn every_sample_reads_without_a_panic() {
    let files = rampart_logs::flow::list(&[corpus("")]).unwrap();
    assert_eq!(files.len(), 23);
    let (n, stats) =
        rampart_logs::flow::read_files(&files, &ReadOptions::default(), || 0u64, |n, _| *n += 1, |a, b| a + b);
    assert_eq!(stats.files, 23);
    assert_eq!(n, stats.records + stats.nodata + stats.skipdata);
    assert!(stats.records > 30, "{stats:?}");
}
