//! Grant usage on named cases: the user guide's stateful-reply example, and the verdicts
//! (unused, not evaluated, gaps) that depend on what the logs cover.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rampart_inventory::{FlowLog, Inventory, NetworkInterface, Peer, Ports, Protocol, Region, SecurityGroup, SgRule};
use rampart_logs::flow::model::Model;
use rampart_logs::flow::usage::{verdicts, Status, Tally};
use rampart_logs::flow::{read_file, read_stream, ReadOptions, ReadStats};

fn rule(protocol: Protocol, ports: Ports, cidr: &str) -> SgRule {
    SgRule {
        rule_id: None,
        protocol,
        ports,
        peer: Peer::Ipv4(cidr.parse().unwrap()),
        description: None,
    }
}

fn account(eni: &str, ip: &str, flow_log: Option<&str>) -> Inventory {
    let region = Region {
        name: "ap-southeast-2".into(),
        security_groups: vec![
            SecurityGroup {
                id: "sg-1".into(),
                name: "web".into(),
                ingress: vec![rule(Protocol::Tcp, Ports::All, "0.0.0.0/0")],
                egress: vec![rule(Protocol::All, Ports::All, "0.0.0.0/0")],
                ..SecurityGroup::default()
            },
            SecurityGroup {
                id: "sg-2".into(),
                name: "spare".into(),
                ingress: vec![rule(Protocol::Tcp, Ports::Range { from: 22, to: 22 }, "0.0.0.0/0")],
                ..SecurityGroup::default()
            },
        ],
        network_interfaces: vec![NetworkInterface {
            id: eni.into(),
            vpc_id: Some("vpc-1".into()),
            private_ips: vec![ip.into()],
            security_group_ids: vec!["sg-1".into()],
            ..NetworkInterface::default()
        }],
        flow_logs: flow_log
            .map(|t| FlowLog {
                id: "fl-1".into(),
                resource_id: "vpc-1".into(),
                traffic_type: Some(t.into()),
                ..FlowLog::default()
            })
            .into_iter()
            .collect(),
        ..Region::default()
    };
    let mut inv = Inventory::default();
    inv.regions.insert(region.name.clone(), region);
    inv
}

fn tally_text(inv: &Inventory, text: &str) -> (Tally, Vec<rampart_logs::flow::usage::Verdict>) {
    let model = Model::new(inv);
    let mut tally = Tally::new(&model);
    let mut stats = ReadStats::default();
    read_stream("test", text.as_bytes(), &ReadOptions::default(), &mut stats, &mut |r| {
        tally.add(&model, r)
    });
    let v = verdicts(&model, &tally);
    (tally, v)
}

#[test]
fn a_reply_is_not_a_use_of_an_inbound_rule() {
    // The user guide's S3 example: 10.0.0.71 downloads from S3 over port 80. The inbound record
    // carries SYN-ACK (19 = SYN-ACK + FIN): S3's reply. Only the outbound request is a use.
    let inv = account("eni-1235b8ca123456789", "10.0.0.71", None);
    let model = Model::new(&inv);
    let mut tally = Tally::new(&model);
    let mut stats = ReadStats::default();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/flowlogs/awsdocs-examples/08-traffic-path-flow-direction.v5.log");
    read_file(&file, &ReadOptions::default(), &mut stats, &mut |r| {
        tally.add(&model, r)
    });
    assert_eq!((tally.requests, tally.replies), (1, 1));
    let v = verdicts(&model, &tally);
    assert_eq!(
        v[0].status,
        Status::Unused,
        "tcp all ports inbound: only a reply came in"
    );
    assert_eq!(v[1].status, Status::Used, "all traffic outbound: the request to S3");
    assert_eq!(tally.rules[1].bytes, 471);
    assert_eq!(v[2].status, Status::NotAttached);
}

#[test]
fn without_flags_the_lower_port_is_the_service() {
    let inv = account("eni-1", "10.0.0.5", None);
    let text = "2 1 eni-1 81.2.69.142 10.0.0.5 51000 443 6 10 800 100 160 ACCEPT OK\n\
                2 1 eni-1 10.0.0.5 81.2.69.142 443 51000 6 10 9000 100 160 ACCEPT OK\n";
    let (tally, v) = tally_text(&inv, text);
    assert_eq!((tally.requests, tally.replies), (1, 1));
    assert_eq!(v[0].status, Status::Used);
    assert_eq!(tally.rules[0].by_ports, 1);
    assert_eq!(
        v[1].status,
        Status::Unused,
        "the reply out is not a use of the egress rule"
    );
}

#[test]
fn an_interface_without_accepted_traffic_in_the_logs_is_not_evaluated() {
    let nodata = "2 1 eni-1 - - - - - - - 100 160 - NODATA\n";
    // Only NODATA, and nothing says accepted traffic is logged: not evaluated.
    let (_, v) = tally_text(&account("eni-1", "10.0.0.5", None), nodata);
    assert_eq!(v[0].status, Status::NotEvaluated);
    assert!(v[0].reason.as_deref().unwrap().contains("eni-1"));
    // A REJECT-only flow log can never show a use: still not evaluated.
    let (_, v) = tally_text(&account("eni-1", "10.0.0.5", Some("REJECT")), nodata);
    assert_eq!(v[0].status, Status::NotEvaluated);
    // A flow log of all traffic on the VPC, and the interface reported idle: unused.
    let (_, v) = tally_text(&account("eni-1", "10.0.0.5", Some("ALL")), nodata);
    assert_eq!(v[0].status, Status::Unused);
    // No record at all for the interface: not evaluated, whatever the flow log.
    let (_, v) = tally_text(
        &account("eni-1", "10.0.0.5", Some("ALL")),
        "2 1 eni-9 - - - - - - - 100 160 - NODATA\n",
    );
    assert_eq!(v[0].status, Status::NotEvaluated);
    // Gaps are said.
    let (_, v) = tally_text(
        &account("eni-1", "10.0.0.5", Some("ALL")),
        "2 1 eni-1 - - - - - - - 100 160 - SKIPDATA\n2 1 eni-1 - - - - - - - 100 160 - NODATA\n",
    );
    assert_eq!(v[0].status, Status::Unused);
    assert!(v[0].reason.as_deref().unwrap().contains("SKIPDATA"));
}

#[test]
fn the_web_ports_of_public_hosts_and_the_listeners_of_internet_facing_load_balancers_serve_the_public() {
    let (inventory, _) = rampart_inventory::import::import_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account"),
    )
    .unwrap();
    let public = rampart_logs::flow::evidence::Guard::public_by_design(&inventory, &[80, 443]);
    // prod-web's group, for its listeners.
    assert!(public.iter().any(|p| p.group_id == "sg-0a000000000000001"
        && p.ports == [80, 443]
        && p.why.contains("internet-facing load balancer prod-web")));
    // Every group of an interface with a public IP, for the web ports.
    for eni in inventory
        .regions
        .values()
        .flat_map(|r| &r.network_interfaces)
        .filter(|e| !e.public_ips.is_empty())
    {
        for g in &eni.security_group_ids {
            assert!(
                public
                    .iter()
                    .any(|p| &p.group_id == g && p.ports == [80, 443] && p.why.contains(&eni.id)),
                "{g} of {}",
                eni.id
            );
        }
    }
}
