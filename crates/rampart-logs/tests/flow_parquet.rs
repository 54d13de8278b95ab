//! Parquet delivery: the demo week written as Parquet by DuckDB (an independent writer, with
//! AWS's column names, types and GZIP pages; scripts/flowlogs-to-parquet.py) gives exactly the
//! grant usage the text files give. A damaged Parquet file is reported, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use rampart_logs::flow::evidence::usage_report;
use rampart_logs::flow::model::Model;
use rampart_logs::flow::usage::tally_files;
use rampart_logs::flow::{list, read_file, ReadOptions, ReadStats};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../")
}

#[test]
fn parquet_and_text_say_the_same() {
    let (inventory, _) = rampart_inventory::import_dir(&root().join("examples/demo-account")).unwrap();
    let model = Model::new(&inventory);
    let text = list(&[root().join("examples/demo-flowlogs")]).unwrap();
    let parquet = list(&[root().join("tests/fixtures/flowlogs-parquet")]).unwrap();
    let (t1, s1) = tally_files(&model, &text, &ReadOptions::default(), &|_| true);
    let (t2, s2) = tally_files(&model, &parquet, &ReadOptions::default(), &|_| true);
    assert_eq!((s2.records, s2.nodata, s2.bad_lines), (s1.records, s1.nodata, 0));
    assert!(s2.file_errors.is_empty(), "{:?}", s2.file_errors);
    let r1 = serde_json::to_value(usage_report(&model, &t1, &s1)).unwrap();
    let r2 = serde_json::to_value(usage_report(&model, &t2, &s2)).unwrap();
    assert_eq!(r1["rules"], r2["rules"]);
    assert_eq!(r1["attribution"], r2["attribution"]);
    assert_eq!(r1["window"], r2["window"]);
}

#[test]
fn a_damaged_parquet_file_is_reported() {
    let whole = std::fs::read(root().join("tests/fixtures/flowlogs-parquet/demo-week.log.parquet")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("cut.parquet", whole[..whole.len() / 2].to_vec()),
        ("magic-only.parquet", b"PAR1".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut stats = ReadStats::default();
        read_file(&path, &ReadOptions::default(), &mut stats, &mut |_| {});
        assert_eq!(stats.file_errors.len(), 1, "{name}");
        assert!(
            stats.file_errors[0].reason.contains("Parquet"),
            "{:?}",
            stats.file_errors
        );
    }
}
