//! Any bytes as a CloudTrail file — `{"Records": …}`, JSON lines, lookup-events output, gzip:
//! reading never panics, and every record read normalises and feeds the detections without a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_logs::trail::detect::{detect, Gathered, Policy};
use rampart_logs::trail::read::{read_stream, TrailStats};

fuzz_target!(|data: &[u8]| {
    let mut g = Gathered::default();
    let mut stats = TrailStats::default();
    read_stream("fuzz", data, &|_| true, &mut stats, &mut |e| g.add(e));
    let g = g.finish();
    let policy = Policy {
        is_deployer: &|a: &str| a.ends_with("/ci"),
        trusted_source: None,
        burst: 2,
        burst_seconds: 600,
    };
    let _ = detect(&g, &policy);
});
