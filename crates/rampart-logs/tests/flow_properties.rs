//! Attribution and aggregation against brute-force reference models, on random rule sets and
//! flows.
//!
//! The reference for attribution re-derives, per record and per rule, whether the rule admits
//! the request from the user guide's definitions, with none of the engine's indexes: direction
//! from `flow-direction`, request or reply from the SYN/ACK bits, the peer by scanning every
//! interface for a group reference. The reference for aggregation tries every set of at most
//! k blocks drawn from the prefixes of the seen addresses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};
use proptest::prelude::*;
use rampart_inventory::{Inventory, NetworkInterface, Peer, Ports, Protocol, Region, SecurityGroup, SgRule};
use rampart_logs::flow::model::Model;
use rampart_logs::flow::record::{Action, FlowDirection, FlowRecord, LogStatus};
use rampart_logs::flow::tighten::aggregate;
use rampart_logs::flow::usage::Tally;

const GROUPS: usize = 3;
const ENIS: usize = 4;

/// An address in a small universe: 10.0.0.0-15 (private, the interfaces) and 1.2.3.0-15 (public).
fn address(i: u8) -> Ipv4Addr {
    if i < 16 {
        Ipv4Addr::new(10, 0, 0, i)
    } else {
        Ipv4Addr::new(1, 2, 3, i - 16)
    }
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::All),
        Just(Protocol::Icmp)
    ]
}

fn rule() -> impl Strategy<Value = SgRule> {
    let peer = prop_oneof![
        (0u8..32, 28u8..=32).prop_map(|(a, len)| Peer::Ipv4(Ipv4Net::new(address(a), len).unwrap().trunc())),
        Just(Peer::Ipv4("0.0.0.0/0".parse().unwrap())),
        (0..GROUPS).prop_map(|g| Peer::Group {
            group_id: format!("sg-{g}"),
            owner_id: None,
            vpc_id: None,
            peering_id: None,
        }),
    ];
    (protocol(), 0u16..8, 0u16..4, peer).prop_map(|(protocol, from, width, peer)| SgRule {
        rule_id: None,
        protocol,
        ports: Ports::from_api(protocol, Some(i64::from(from)), Some(i64::from(from + width))),
        peer,
        description: None,
    })
}

fn inventory() -> impl Strategy<Value = Inventory> {
    let group = (prop::collection::vec(rule(), 0..4), prop::collection::vec(rule(), 0..3));
    let groups = prop::collection::vec(group, GROUPS);
    let enis = prop::collection::vec((0u8..16, prop::collection::btree_set(0..GROUPS, 0..=2)), ENIS);
    (groups, enis).prop_map(|(groups, enis)| {
        let mut region = Region {
            name: "eu-west-1".into(),
            ..Region::default()
        };
        for (g, (ingress, egress)) in groups.into_iter().enumerate() {
            region.security_groups.push(SecurityGroup {
                id: format!("sg-{g}"),
                name: format!("g{g}"),
                vpc_id: Some("vpc-1".into()),
                ingress,
                egress,
                ..SecurityGroup::default()
            });
        }
        let mut used = std::collections::HashSet::new();
        for (e, (ip, groups)) in enis.into_iter().enumerate() {
            // Distinct addresses: an address belongs to one interface.
            let ip = (0..16).map(|k| (ip + k) % 16).find(|a| used.insert(*a)).unwrap();
            region.network_interfaces.push(NetworkInterface {
                id: format!("eni-{e}"),
                vpc_id: Some("vpc-1".into()),
                private_ips: vec![address(ip).to_string()],
                security_group_ids: groups.into_iter().map(|g| format!("sg-{g}")).collect(),
                ..NetworkInterface::default()
            });
        }
        let mut inv = Inventory::default();
        inv.regions.insert(region.name.clone(), region);
        inv
    })
}

/// A record as generated: interface, remote address, ports, protocol, direction, flags, action.
#[derive(Debug, Clone)]
struct Flow {
    eni: usize,
    remote: u8,
    srcport: u16,
    dstport: u16,
    protocol: u8,
    ingress: bool,
    flags: u16,
    accept: bool,
}

fn flows() -> impl Strategy<Value = Vec<Flow>> {
    let flow = (
        0..ENIS,
        0u8..32,
        0u16..12,
        0u16..12,
        prop_oneof![Just(6u8), Just(17u8), Just(1u8)],
        any::<bool>(),
        prop_oneof![Just(2u16), Just(18u16), Just(0u16), Just(1u16)],
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(eni, remote, srcport, dstport, protocol, ingress, flags, accept)| Flow {
                eni,
                remote,
                srcport,
                dstport,
                protocol,
                ingress,
                flags,
                accept,
            },
        );
    prop::collection::vec(flow, 0..40)
}

fn record<'a>(inv: &Inventory, f: &Flow, eni_id: &'a str) -> FlowRecord<'a> {
    let local: IpAddr = inv.regions["eu-west-1"].network_interfaces[f.eni].private_ips[0]
        .parse()
        .unwrap();
    let remote = IpAddr::V4(address(f.remote));
    let (src, dst) = if f.ingress { (remote, local) } else { (local, remote) };
    FlowRecord {
        interface_id: Some(eni_id),
        srcaddr: Some(src),
        dstaddr: Some(dst),
        srcport: Some(f.srcport),
        dstport: Some(f.dstport),
        protocol: Some(f.protocol),
        packets: Some(1),
        bytes: Some(100),
        start: Some(1000),
        end: Some(1060),
        action: Some(if f.accept { Action::Accept } else { Action::Reject }),
        log_status: Some(LogStatus::Ok),
        tcp_flags: (f.protocol == 6).then_some(f.flags),
        flow_direction: Some(if f.ingress {
            FlowDirection::Ingress
        } else {
            FlowDirection::Egress
        }),
        ..FlowRecord::default()
    }
}

/// The reference: is this flow a request, and does this rule admit it?
fn reference_admits(inv: &Inventory, f: &Flow, group: &SecurityGroup, rule: &SgRule, egress_rule: bool) -> bool {
    if !f.accept || egress_rule == f.ingress {
        return false;
    }
    // Request or reply: SYN-ACK is a reply, SYN a request; otherwise the lower port is the service.
    let request = match f.protocol {
        6 if f.flags & 2 != 0 => f.flags & 16 == 0,
        6 | 17 => f.dstport <= f.srcport,
        _ => true,
    };
    if !request {
        return false;
    }
    let _ = group;
    let protocol_ok = match rule.protocol {
        Protocol::All => true,
        Protocol::Tcp => f.protocol == 6,
        Protocol::Udp => f.protocol == 17,
        Protocol::Icmp => f.protocol == 1,
        _ => false,
    };
    let ports_ok = match (rule.protocol, rule.ports) {
        (Protocol::Tcp | Protocol::Udp, Ports::Range { from, to }) => from <= f.dstport && f.dstport <= to,
        _ => true,
    };
    let remote = IpAddr::V4(address(f.remote));
    let peer_ok = match &rule.peer {
        Peer::Ipv4(n) => IpNet::V4(*n).contains(&remote),
        Peer::Group { group_id, .. } => inv.regions["eu-west-1"]
            .network_interfaces
            .iter()
            .any(|e| e.security_group_ids.contains(group_id) && e.private_ips.contains(&remote.to_string())),
        _ => false,
    };
    protocol_ok && ports_ok && peer_ok
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_rule_counts_exactly_the_requests_it_admits(inv in inventory(), flows in flows()) {
        let model = Model::new(&inv);
        let mut tally = Tally::new(&model);
        let ids: Vec<String> = (0..ENIS).map(|e| format!("eni-{e}")).collect();
        for f in &flows {
            tally.add(&model, &record(&inv, f, &ids[f.eni]));
        }
        for (ri, r) in model.rules.iter().enumerate() {
            let egress = r.direction == rampart_logs::flow::model::Direction::Egress;
            let expected = flows
                .iter()
                .filter(|f| {
                    let eni = &inv.regions["eu-west-1"].network_interfaces[f.eni];
                    eni.security_group_ids.contains(&r.group.id) && reference_admits(&inv, f, r.group, r.rule, egress)
                })
                .count() as u64;
            prop_assert_eq!(tally.rules[ri].flows, expected, "rule {} of {}", ri, r.group.id);
        }
    }

    #[test]
    fn the_tightest_cover_is_optimal_and_covers(seen in prop::collection::btree_set(0u8..64, 1..7), k in 1usize..4) {
        let nets: Vec<IpNet> = seen.iter().map(|a| IpNet::new(IpAddr::V4(Ipv4Addr::new(10, 0, 0, *a)), 32).unwrap()).collect();
        let (blocks, size) = aggregate(&nets, k).unwrap();
        prop_assert!(blocks.len() <= k);
        for n in &nets {
            prop_assert!(blocks.iter().any(|b| b.contains(n)), "{} not covered", n);
        }
        let admitted: u128 = blocks.iter().map(|b| 1u128 << (32 - b.prefix_len())).sum();
        prop_assert_eq!(admitted, size);
        // Brute force: every choice of at most k prefixes of the seen addresses.
        let candidates: Vec<Ipv4Net> = {
            let mut c: Vec<Ipv4Net> = seen
                .iter()
                .flat_map(|a| (0..=32u8).map(move |len| Ipv4Net::new(Ipv4Addr::new(10, 0, 0, *a), len).unwrap().trunc()))
                .collect();
            c.sort();
            c.dedup();
            c.retain(|n| n.prefix_len() >= 26 || n.prefix_len() == 0 || n.prefix_len() == 24);
            c
        };
        let mut best = u128::MAX;
        let covers = |chosen: &[Ipv4Net]| seen.iter().all(|a| chosen.iter().any(|n| n.contains(&Ipv4Addr::new(10, 0, 0, *a))));
        let mut stack: Vec<(usize, Vec<Ipv4Net>)> = vec![(0, Vec::new())];
        while let Some((start, chosen)) = stack.pop() {
            if covers(&chosen) {
                best = best.min(chosen.iter().map(|n| 1u128 << (32 - n.prefix_len())).sum());
                continue;
            }
            if chosen.len() == k {
                continue;
            }
            for (i, candidate) in candidates.iter().enumerate().skip(start) {
                let mut next = chosen.clone();
                next.push(*candidate);
                stack.push((i + 1, next));
            }
        }
        prop_assert_eq!(size, best);
    }
}
