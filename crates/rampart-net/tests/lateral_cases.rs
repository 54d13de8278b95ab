//! Lateral movement: each rule of the hop semantics, and multi-hop paths.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use rampart_inventory::*;
use rampart_net::lateral::Graph;
use rampart_net::{PortSet, PrefixLists};

fn rule(port: u16, peer: Peer) -> SgRule {
    SgRule {
        rule_id: None,
        protocol: Protocol::Tcp,
        ports: Ports::Range { from: port, to: port },
        peer,
        description: None,
    }
}

fn all_out() -> Vec<SgRule> {
    vec![SgRule {
        rule_id: None,
        protocol: Protocol::All,
        ports: Ports::All,
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: None,
    }]
}

fn group_ref(id: &str) -> Peer {
    Peer::Group {
        group_id: id.into(),
        owner_id: None,
        vpc_id: None,
        peering_id: None,
    }
}

fn sg(id: &str, ingress: Vec<SgRule>, egress: Vec<SgRule>) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: id.into(),
        ingress,
        egress,
        ..Default::default()
    }
}

fn eni(id: &str, subnet: &str, vpc: &str, ip: &str, groups: &[&str]) -> NetworkInterface {
    NetworkInterface {
        id: id.into(),
        subnet_id: Some(subnet.into()),
        vpc_id: Some(vpc.into()),
        private_ips: vec![ip.into()],
        security_group_ids: groups.iter().map(|g| g.to_string()).collect(),
        attached_instance_id: Some(format!("i-{}", &id[4..])),
        ..Default::default()
    }
}

fn nacl(vpc: &str, subnets: &[&str], deny_in_445: bool) -> NetworkAcl {
    let mut entries = Vec::new();
    if deny_in_445 {
        entries.push(NaclEntry {
            rule_number: 10,
            egress: false,
            allow: false,
            protocol: Protocol::Tcp,
            ports: Ports::Range { from: 445, to: 445 },
            cidr: NaclCidr::Ipv4("0.0.0.0/0".parse().unwrap()),
        });
    }
    for egress in [false, true] {
        entries.push(NaclEntry {
            rule_number: 100,
            egress,
            allow: true,
            protocol: Protocol::All,
            ports: Ports::All,
            cidr: NaclCidr::Ipv4("0.0.0.0/0".parse().unwrap()),
        });
    }
    NetworkAcl {
        id: format!("acl-{vpc}"),
        vpc_id: vpc.into(),
        is_default: true,
        subnet_ids: subnets.iter().map(|s| s.to_string()).collect(),
        entries,
        ..Default::default()
    }
}

fn smb() -> Vec<(Protocol, PortSet)> {
    vec![(Protocol::Tcp, PortSet::range(445, 445))]
}

/// web (10.0.0.5) and app (10.0.1.5) in vpc-1; dc (10.0.2.5) admits 445 from `dc_source`.
fn region(dc_source: Peer, web_egress: Vec<SgRule>, deny_445_at_dc: bool) -> Region {
    Region {
        name: "us-east-1".into(),
        security_groups: vec![
            sg("sg-web", vec![], web_egress),
            sg("sg-app", vec![rule(8080, group_ref("sg-web"))], all_out()),
            sg("sg-dc", vec![rule(445, dc_source)], vec![]),
        ],
        network_interfaces: vec![
            eni("eni-web", "subnet-a", "vpc-1", "10.0.0.5", &["sg-web"]),
            eni("eni-app", "subnet-b", "vpc-1", "10.0.1.5", &["sg-app"]),
            eni("eni-dc", "subnet-c", "vpc-1", "10.0.2.5", &["sg-dc"]),
        ],
        network_acls: vec![nacl("vpc-1", &["subnet-a", "subnet-b"], false), {
            let mut n = nacl("vpc-1", &["subnet-c"], deny_445_at_dc);
            n.id = "acl-dc".into();
            n.is_default = false;
            n
        }],
        ..Default::default()
    }
}

fn reach(r: &Region, from: &str, to: &str, max_hops: usize) -> Vec<Vec<String>> {
    let lists = PrefixLists::default();
    let g = Graph::new(r, &lists);
    let sources: HashSet<usize> = [g.index_of(from).unwrap()].into();
    let paths = g.paths(&sources, &[g.index_of(to).unwrap()], &smb(), max_hops);
    paths
        .iter()
        .map(|p| p.iter().map(|h| g.hosts[h.to].eni.id.clone()).collect())
        .collect()
}

#[test]
fn a_cidr_or_group_reference_admits_the_source() {
    let r = region(Peer::Ipv4("10.0.0.0/16".parse().unwrap()), all_out(), false);
    assert_eq!(reach(&r, "eni-web", "eni-dc", 1), [vec!["eni-dc".to_owned()]]);
    let r = region(group_ref("sg-web"), all_out(), false);
    assert_eq!(reach(&r, "eni-web", "eni-dc", 1), [vec!["eni-dc".to_owned()]]);
    let r = region(Peer::Ipv4("10.0.1.0/24".parse().unwrap()), all_out(), false);
    assert!(
        reach(&r, "eni-web", "eni-dc", 1).is_empty(),
        "web is not in 10.0.1.0/24"
    );
}

#[test]
fn the_source_egress_and_the_nacls_must_agree() {
    let r = region(
        group_ref("sg-web"),
        vec![rule(443, Peer::Ipv4("0.0.0.0/0".parse().unwrap()))],
        false,
    );
    assert!(reach(&r, "eni-web", "eni-dc", 1).is_empty(), "web may only send 443");
    let r = region(group_ref("sg-web"), all_out(), true);
    assert!(
        reach(&r, "eni-web", "eni-dc", 1).is_empty(),
        "the DC subnet's NACL denies 445"
    );
}

#[test]
fn two_hops_when_the_direct_one_is_refused() {
    // The DC admits only the app tier; web reaches app on 8080; app reaches the DC on 445.
    let r = region(group_ref("sg-app"), all_out(), false);
    assert!(reach(&r, "eni-web", "eni-dc", 1).is_empty());
    assert_eq!(
        reach(&r, "eni-web", "eni-dc", 2),
        [vec!["eni-app".to_owned(), "eni-dc".to_owned()]]
    );
}

#[test]
fn peering_must_be_active_and_routed_both_ways() {
    let mut r = region(Peer::Ipv4("10.9.0.0/16".parse().unwrap()), all_out(), false);
    r.network_interfaces
        .push(eni("eni-far", "subnet-far", "vpc-2", "10.9.0.5", &["sg-web"]));
    r.network_acls.push(nacl("vpc-2", &["subnet-far"], false));
    let table = |id: &str, vpc: &str, subnets: &[&str], dest: &str| RouteTable {
        id: id.into(),
        vpc_id: vpc.into(),
        subnet_ids: subnets.iter().map(|s| s.to_string()).collect(),
        routes: vec![Route {
            destination: RouteDestination::Ipv4(dest.parse().unwrap()),
            target: RouteTarget::VpcPeering("pcx-1".into()),
            active: true,
        }],
        ..Default::default()
    };
    r.route_tables = vec![
        table("rtb-1", "vpc-1", &["subnet-c"], "10.9.0.0/16"),
        table("rtb-2", "vpc-2", &["subnet-far"], "10.0.0.0/16"),
    ];
    let mut pcx = VpcPeeringConnection {
        id: "pcx-1".into(),
        status: "active".into(),
        requester_vpc_id: "vpc-2".into(),
        accepter_vpc_id: "vpc-1".into(),
        ..Default::default()
    };
    r.vpc_peering_connections = vec![pcx.clone()];
    assert_eq!(reach(&r, "eni-far", "eni-dc", 1), [vec!["eni-dc".to_owned()]]);
    pcx.status = "pending-acceptance".into();
    r.vpc_peering_connections = vec![pcx];
    assert!(
        reach(&r, "eni-far", "eni-dc", 1).is_empty(),
        "a peering that is not active carries nothing"
    );
}

#[test]
fn an_address_space_enters_where_the_rules_and_the_nacl_admit_it() {
    use rampart_net::IntervalSet;
    let on_prem = IntervalSet::from_ranges([rampart_net::address::v4_range(&"10.0.0.0/16".parse().unwrap())]);
    let r = region(Peer::Ipv4("10.0.0.0/8".parse().unwrap()), all_out(), false);
    let lists = PrefixLists::default();
    let g = Graph::new(&r, &lists);
    let dc = g.index_of("eni-dc").unwrap();
    let found = g.paths_from_space(&on_prem, &[dc], &smb(), 3);
    assert!(found.iter().any(|(entry, hops)| entry.host == dc && hops.is_empty()));
    // The DC subnet's NACL denying 445 stops the direct entry.
    let r = region(Peer::Ipv4("10.0.0.0/8".parse().unwrap()), all_out(), true);
    let g = Graph::new(&r, &lists);
    assert!(!g
        .paths_from_space(&on_prem, &[dc], &smb(), 1)
        .iter()
        .any(|(e, _)| e.host == dc));
}

#[test]
fn a_transit_gateway_joins_vpcs_when_both_route_tables_agree() {
    // eni-far in vpc-2 (10.9.0.0/16) reaches the DC in vpc-1 through tgw-1.
    let build = |tgw_route_back: bool, routes_read: bool| {
        let mut r = region(Peer::Ipv4("10.9.0.0/16".parse().unwrap()), all_out(), false);
        r.network_interfaces
            .push(eni("eni-far", "subnet-far", "vpc-2", "10.9.0.5", &["sg-web"]));
        r.network_acls.push(nacl("vpc-2", &["subnet-far"], false));
        let to_tgw = |id: &str, vpc: &str, subnet: &str, dest: &str| RouteTable {
            id: id.into(),
            vpc_id: vpc.into(),
            subnet_ids: vec![subnet.into()],
            routes: vec![Route {
                destination: RouteDestination::Ipv4(dest.parse().unwrap()),
                target: RouteTarget::TransitGateway("tgw-1".into()),
                active: true,
            }],
            ..Default::default()
        };
        r.route_tables = vec![
            to_tgw("rtb-1", "vpc-1", "subnet-c", "10.9.0.0/16"),
            to_tgw("rtb-2", "vpc-2", "subnet-far", "10.0.0.0/16"),
        ];
        let att = |id: &str, vpc: &str| TransitGatewayAttachment {
            id: id.into(),
            transit_gateway_id: "tgw-1".into(),
            resource_type: "vpc".into(),
            resource_id: vpc.into(),
            state: "available".into(),
            association_route_table_id: Some("tgw-rtb-1".into()),
            ..Default::default()
        };
        r.transit_gateway_attachments = vec![att("tgw-attach-1", "vpc-1"), att("tgw-attach-2", "vpc-2")];
        let tgw_route = |dest: &str, att: &str| TransitGatewayRoute {
            destination: RouteDestination::Ipv4(dest.parse().unwrap()),
            route_type: "propagated".into(),
            state: "active".into(),
            attachment_ids: vec![att.into()],
        };
        let mut routes = vec![tgw_route("10.0.0.0/16", "tgw-attach-1")];
        if tgw_route_back {
            routes.push(tgw_route("10.9.0.0/16", "tgw-attach-2"));
        }
        r.transit_gateway_route_tables = vec![TransitGatewayRouteTable {
            id: "tgw-rtb-1".into(),
            transit_gateway_id: "tgw-1".into(),
            routes,
            routes_read,
            ..Default::default()
        }];
        r
    };
    let r = build(true, true);
    assert_eq!(reach(&r, "eni-far", "eni-dc", 1), [vec!["eni-dc".to_owned()]]);
    let lists = PrefixLists::default();
    assert!(Graph::new(&r, &lists).untraced_transit_gateways().is_empty());
    // No route back to vpc-2 in the TGW table: no connection completes.
    assert!(reach(&build(false, true), "eni-far", "eni-dc", 1).is_empty());
    // Routes not read: not connected, and said.
    let r = build(true, false);
    assert_eq!(Graph::new(&r, &lists).untraced_transit_gateways(), ["tgw-1"]);
}
