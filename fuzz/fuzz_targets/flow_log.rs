//! Any bytes as a flow-log file — header lines, records, JSON lines, gzip, Parquet: reading
//! never panics, every line is a record or a counted bad line, and attribution of whatever
//! parsed against a small account never panics either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_inventory::{Inventory, NetworkInterface, Region, SecurityGroup};
use rampart_logs::flow::model::Model;
use rampart_logs::flow::talk::Top;
use rampart_logs::flow::usage::Tally;
use rampart_logs::flow::{read_bytes, ReadOptions, ReadStats};

fuzz_target!(|data: &[u8]| {
    let mut inventory = Inventory::default();
    let region = Region {
        name: "eu-west-1".into(),
        security_groups: vec![SecurityGroup {
            id: "sg-1".into(),
            ..SecurityGroup::default()
        }],
        network_interfaces: vec![NetworkInterface {
            id: "eni-1".into(),
            private_ips: vec!["10.0.0.1".into()],
            security_group_ids: vec!["sg-1".into()],
            ..NetworkInterface::default()
        }],
        ..Region::default()
    };
    inventory.regions.insert(region.name.clone(), region);
    let model = Model::new(&inventory);
    let mut tally = Tally::new(&model);
    let mut top = Top::default();
    let mut stats = ReadStats::default();
    let mut records = 0u64;
    read_bytes("fuzz", data, &ReadOptions::default(), &mut stats, &mut |r| {
        records += 1;
        tally.add(&model, r);
        top.add(r);
    });
    assert_eq!(records, stats.records + stats.nodata + stats.skipdata);
    // Lines end in \n, the last may not: every line is counted once.
    let text = !data.starts_with(&[0x1f, 0x8b]) && !data.starts_with(b"PAR1");
    assert!(!text || stats.lines <= data.iter().filter(|b| **b == b'\n').count() as u64 + 1);
    let _ = top.report(3);
});
