//! Reading: gzip, folders in the S3 layout, damaged files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;

use rampart_logs::flow::{list, read_files, ReadOptions};

const HEADER: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";

fn record(i: u32) -> String {
    format!(
        "2 123456789012 eni-0a00000000000001 198.51.100.{} 10.0.1.10 {} 443 6 10 840 {} {} ACCEPT OK\n",
        i % 250,
        40000 + i % 20000,
        1_764_547_200 + u64::from(i),
        1_764_547_260 + u64::from(i)
    )
}

fn gzip(text: &str) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap()
}

fn count(paths: &[&Path]) -> (u64, rampart_logs::flow::ReadStats) {
    let files = list(&paths.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>()).unwrap();
    read_files(&files, &ReadOptions::default(), || 0u64, |n, _| *n += 1, |a, b| a + b)
}

#[test]
fn folders_in_the_s3_layout_gzip_and_plain() {
    let dir = tempfile::tempdir().unwrap();
    let day = dir.path().join("AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/12/01");
    std::fs::create_dir_all(&day).unwrap();
    let body: String = (0..1000).map(record).collect();
    std::fs::write(
        day.join("123456789012_vpcflowlogs_eu-west-1_fl-0a1_20251201T0000Z_abcd.log.gz"),
        gzip(&format!("{HEADER}{body}")),
    )
    .unwrap();
    // Two gzip members in one file (concatenated deliveries) and CRLF line ends, no final newline.
    let mut two = gzip(&format!("{HEADER}{}", record(1)));
    two.extend(gzip(&record(2).replace('\n', "\r\n")));
    std::fs::write(day.join("two-members.log.gz"), two).unwrap();
    std::fs::write(day.join("plain.log"), format!("{HEADER}{}", record(3).trim_end())).unwrap();
    std::fs::write(day.join("README.md"), "not a log").unwrap();
    let (n, stats) = count(&[dir.path()]);
    assert_eq!(stats.files, 3);
    assert_eq!((n, stats.records, stats.bad_lines), (1003, 1003, 0));
    assert!(stats.file_errors.is_empty());
    assert_eq!(stats.first_start, Some(1_764_547_200));
    assert!(stats.stored_bytes < stats.bytes);
}

#[test]
fn a_truncated_gzip_says_so_and_keeps_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let body: String = (0..20_000).map(record).collect();
    let full = gzip(&format!("{HEADER}{body}"));
    let cut = &full[..full.len() / 2];
    let path = dir.path().join("cut.log.gz");
    std::fs::write(&path, cut).unwrap();
    let (n, stats) = count(&[path.as_path()]);
    assert!(n > 1000 && n < 20_000, "{n} records kept");
    assert_eq!(
        stats.bad_lines, 0,
        "the cut line is dropped, not misread: {:?}",
        stats.errors
    );
    assert_eq!(stats.file_errors.len(), 1);
    let reason = &stats.file_errors[0].reason;
    assert!(reason.starts_with("truncated gzip after"), "{reason}");
    assert!(
        reason.contains(&format!("the {} lines before it were kept", n + 1)),
        "{reason}"
    );
}

#[test]
fn corrupt_gzip_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = gzip(&format!("{HEADER}{}", record(1)));
    let mid = bad.len() / 2;
    bad[mid..].iter_mut().for_each(|b| *b ^= 0x5a);
    let path = dir.path().join("bad.log.gz");
    std::fs::write(&path, bad).unwrap();
    let (_, stats) = count(&[path.as_path()]);
    assert_eq!(stats.file_errors.len(), 1, "{stats:?}");
    assert!(stats.file_errors[0].reason.contains("gzip"), "{:?}", stats.file_errors);
    let missing = list(&[dir.path().join("nope.log")]).unwrap_err();
    assert!(missing.to_string().contains("nope.log"));
}
