//! `rampart-exposure` v1 keeps what the engine knows: ICMP type and code, and the state of a
//! host that does not answer today. Driven by the network corpus (`tests/network-corpus/`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rampart_inventory::import_dir;
use rampart_net::{analyze_exposure_checked, PrefixLists};
use rampart_report::exposure_v1::{render_json, RegionResult};
use serde_json::Value;

fn report(case: &str) -> Value {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/network-corpus")
        .join(case)
        .join("export");
    let (inv, _) = import_dir(&dir).unwrap();
    let region = inv.regions.values().next().unwrap();
    let lists = PrefixLists::new(&region.prefix_lists);
    let results = [RegionResult {
        region,
        analysis: analyze_exposure_checked(&inv, region, &lists),
    }];
    serde_json::from_str(&render_json(inv.account(), &results)).unwrap()
}

#[test]
fn icmp_exposures_keep_their_type_and_code() {
    let v = report("nacl-icmp-type-code");
    let icmp: Vec<&Value> = v["exposures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["protocol"] == "icmp")
        .collect();
    assert_eq!(icmp.len(), 1, "{v:#}");
    let e = icmp[0];
    assert_eq!(e["icmp"]["from"], serde_json::json!({"type": 8, "code": 0}));
    assert_eq!(e["icmp"]["to"], serde_json::json!({"type": 8, "code": 255}));
    assert_eq!(e["icmp"]["description"], "type 8");
    assert!(e["from_port"].is_null() && e["to_port"].is_null());
    assert!(e["standby"].is_null());
}

#[test]
fn a_stopped_instance_says_so() {
    let v = report("stopped-instance");
    let e = &v["exposures"][0];
    assert_eq!(e["standby"]["state"], "stopped");
    assert_eq!(e["standby"]["instance_id"], "i-0a1");
    assert!(e["icmp"].is_null());
}

#[test]
fn a_nacl_block_names_its_rule() {
    let v = report("nacl-deny-named");
    let detail = v["not_exposed"][0]["blocked_by"]["detail"].as_str().unwrap();
    assert!(detail.contains("denied by inbound rule #50"), "{detail}");
    assert!(!detail.contains("admits other ports"), "{detail}");
}
