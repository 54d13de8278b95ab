//! The exposure graph against the engines it draws: every exposure the exposure engine finds
//! is an edge, every directory server the lateral check names is a node with a path to it,
//! nothing else is drawn, and the cap keeps the graph consistent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::path::Path;

use rampart_inventory::Inventory;
use rampart_net::{analyze_exposure_checked, PrefixLists};
use rampart_report::exposure_v1::resource;
use rampart_report::graph::{build, EdgeKind, ExposureGraph, NodeKind, MAX_NODES};

fn demo() -> Inventory {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account");
    rampart_inventory::import_dir(&dir).unwrap().0
}

fn edge<'g>(g: &'g ExposureGraph, from: &str, to: &str, kind: EdgeKind) -> Option<&'g str> {
    g.edges
        .iter()
        .find(|e| e.from == from && e.to == to && e.kind == kind)
        .map(|e| e.label.as_str())
}

/// Every edge joins two drawn nodes, and node ids are unique.
fn consistent(g: &ExposureGraph) {
    let ids: HashSet<&str> = g.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), g.nodes.len(), "node ids are unique");
    for e in &g.edges {
        assert!(ids.contains(e.from.as_str()) && ids.contains(e.to.as_str()), "{e:?}");
    }
    for n in &g.nodes {
        assert_eq!(n.layer, n.kind.layer(), "{n:?}");
    }
}

#[test]
fn every_exposure_is_an_edge_and_nothing_else_reaches_a_host() {
    let inventory = demo();
    let g = build(&inventory);
    consistent(&g);
    let mut expected_reached = HashSet::new();
    for region in inventory.regions.values() {
        let lists = PrefixLists::new(&region.prefix_lists);
        let exposure = analyze_exposure_checked(&inventory, region, &lists).unwrap();
        for e in &exposure.exposures {
            let (id, kind) = resource(e.eni);
            let port = if e.from_port == e.to_port {
                format!("{}/{}", e.protocol.cli_name(), e.from_port)
            } else {
                format!("{}/{}-{}", e.protocol.cli_name(), e.from_port, e.to_port)
            };
            if kind == "load-balancer" {
                let lb = format!("lb:{}:{id}", region.name);
                let label = edge(&g, "internet", &lb, EdgeKind::Reaches).unwrap_or_else(|| panic!("{lb}"));
                assert!(label.split(", ").any(|l| l == port), "{lb}: {label} lacks {port}");
                continue;
            }
            let host = format!("host:{}:{id}", region.name);
            expected_reached.insert(host.clone());
            let (from, kind) = match &e.via {
                Some(v) => (format!("lb:{}:{}", region.name, v.load_balancer), EdgeKind::Forwards),
                None => ("internet".to_owned(), EdgeKind::Reaches),
            };
            let label = edge(&g, &from, &host, kind).unwrap_or_else(|| panic!("{from} → {host}"));
            assert!(label.split(", ").any(|l| l == port), "{host}: {label} lacks {port}");
            for sg in &e.eni.security_group_ids {
                assert!(edge(&g, &host, &format!("sg:{}:{sg}", region.name), EdgeKind::Member).is_some());
            }
        }
    }
    // The converse: a host reached from the internet or a load balancer is one the engine
    // found exposed.
    let reached: HashSet<String> = g
        .edges
        .iter()
        .filter(|e| matches!(e.kind, EdgeKind::Reaches | EdgeKind::Forwards) && e.to.starts_with("host:"))
        .map(|e| e.to.clone())
        .collect();
    assert_eq!(reached, expected_reached);
}

#[test]
fn directory_servers_are_the_ones_the_lateral_check_names_with_their_paths() {
    let inventory = demo();
    let g = build(&inventory);
    let result = rampart_checks::run(&inventory);
    let named: HashSet<String> = result
        .findings
        .iter()
        .filter(|f| f.check_id == "exposed-host-reaches-directory")
        .map(|f| format!("host:{}:{}", f.region, f.resource_id))
        .collect();
    assert!(!named.is_empty(), "the demo plants a reachable directory server");
    let drawn: HashSet<String> = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Directory)
        .map(|n| n.id.clone())
        .collect();
    assert_eq!(drawn, named);
    for dc in &drawn {
        assert!(
            g.edges.iter().any(|e| e.kind == EdgeKind::Lateral && &e.to == dc),
            "{dc} has a lateral hop into it"
        );
    }
    // Every lateral hop starts at a host the internet reaches or at a host on a path.
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Lateral) {
        let from = g.nodes.iter().find(|n| n.id == e.from).unwrap();
        assert!(
            matches!(from.kind, NodeKind::ExposedHost | NodeKind::Host | NodeKind::Directory),
            "{e:?}"
        );
    }
}

#[test]
fn the_demo_graph() {
    insta::assert_json_snapshot!(build(&demo()));
}

#[test]
fn a_graph_too_large_to_draw_is_cut_and_counted() {
    let mut inventory = demo();
    let region = inventory.regions.get_mut("eu-west-1").unwrap();
    let exposed = region
        .network_interfaces
        .iter()
        .find(|e| e.id == "eni-0e00000000000001")
        .unwrap()
        .clone();
    for i in 0..MAX_NODES {
        let mut e = exposed.clone();
        e.id = format!("eni-1{i:016x}");
        e.attached_instance_id = Some(format!("i-1{i:016x}"));
        e.public_ips = vec![format!("52.48.{}.{}", i / 250, i % 250 + 1)];
        region.network_interfaces.push(e);
    }
    let g = build(&inventory);
    consistent(&g);
    assert_eq!(g.nodes.len(), MAX_NODES);
    assert!(g.omitted > 0);
    // The internet and the load balancers come first: the cut takes the far columns.
    assert!(g.nodes.iter().any(|n| n.kind == NodeKind::Internet));
}
