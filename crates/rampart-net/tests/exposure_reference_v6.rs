//! The IPv6 half of the exposure property: the engine equals a literal per-packet walk on
//! random IPv6 networks (global and unique-local addresses on the interface, routes to an
//! internet gateway, an egress-only gateway — which admits nothing inbound — or local, NACL
//! rules for IPv6 CIDRs, security-group rules with IPv6 sources, split between two groups on the
//! interface). ICMPv6 packets carry a type and code, matched literally against each rule's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ipnet::Ipv6Net;
use proptest::prelude::*;
use rampart_inventory::*;
use rampart_net::address::{public_v6, v6_range};
use rampart_net::{analyze_exposure, PrefixLists};

const CIDRS: &[&str] = &[
    "::/0",
    "2000::/3",
    "2600::/12",
    "2600:1f18::/32",
    "3000::/4",
    "fd00::/8",
    "::/1",
    "8000::/1",
];
const PORTS: &[u16] = &[0, 22, 128, 135, 443, 1024, 3389, 65535];

fn cidr() -> impl Strategy<Value = Ipv6Net> {
    (0..CIDRS.len()).prop_map(|i| CIDRS[i].parse().unwrap())
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::All),
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmpv6)
    ]
}

fn ports(p: Protocol) -> impl Strategy<Value = Ports> {
    (0..PORTS.len(), 0..PORTS.len()).prop_map(move |(a, b)| {
        let (lo, hi) = (PORTS[a.min(b)], PORTS[a.max(b)]);
        Ports::from_api(p, Some(i64::from(lo)), Some(i64::from(hi)))
    })
}

#[derive(Debug, Clone)]
struct Net {
    address: &'static str,
    routes: Vec<(Ipv6Net, u8, bool)>,
    nacl: Vec<NaclEntry>,
    rules: Vec<SgRule>,
}

fn net() -> impl Strategy<Value = Net> {
    let rule = (protocol(), cidr()).prop_flat_map(|(p, c)| {
        ports(p).prop_map(move |ports| SgRule {
            rule_id: None,
            protocol: p,
            ports,
            peer: Peer::Ipv6(c),
            description: None,
        })
    });
    let entry =
        (1u32..20, any::<bool>(), any::<bool>(), protocol(), cidr()).prop_flat_map(|(n, egress, allow, p, c)| {
            ports(p).prop_map(move |ports| NaclEntry {
                rule_number: n * 10,
                egress,
                allow,
                protocol: p,
                ports,
                cidr: NaclCidr::Ipv6(c),
            })
        });
    (
        prop_oneof![Just("2600:1f18::5"), Just("fd00::5")],
        prop::collection::vec((cidr(), 0..3u8, any::<bool>()), 0..4),
        prop::collection::vec(entry, 0..5),
        prop::collection::vec(rule, 1..5),
    )
        .prop_map(|(address, routes, mut nacl, rules)| {
            let mut seen = std::collections::HashSet::new();
            nacl.retain(|e| seen.insert((e.egress, e.rule_number)));
            for egress in [false, true] {
                let cidr = NaclCidr::Ipv6("::/0".parse().unwrap());
                nacl.push(NaclEntry {
                    rule_number: 1000,
                    egress,
                    allow: true,
                    protocol: Protocol::All,
                    ports: Ports::All,
                    cidr,
                });
            }
            Net {
                address,
                routes,
                nacl,
                rules,
            }
        })
}

fn target(t: u8) -> RouteTarget {
    match t {
        0 => RouteTarget::InternetGateway("igw-1".into()),
        1 => RouteTarget::EgressOnlyInternetGateway("eigw-1".into()),
        _ => RouteTarget::Local,
    }
}

fn region(n: &Net) -> Region {
    Region {
        name: "us-east-1".into(),
        internet_gateways: vec![InternetGateway {
            id: "igw-1".into(),
            vpc_ids: vec!["vpc-1".into()],
            ..Default::default()
        }],
        route_tables: vec![RouteTable {
            id: "rtb-1".into(),
            vpc_id: "vpc-1".into(),
            main: true,
            routes: n
                .routes
                .iter()
                .map(|&(c, t, active)| Route {
                    destination: RouteDestination::Ipv6(c),
                    target: target(t),
                    active,
                })
                .collect(),
            ..Default::default()
        }],
        network_acls: vec![NetworkAcl {
            id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: true,
            entries: n.nacl.clone(),
            ..Default::default()
        }],
        // Odd rules in a second group: the interface's groups are judged as one.
        security_groups: [1, 2]
            .iter()
            .map(|&g| SecurityGroup {
                id: format!("sg-{g}"),
                ingress: n.rules.iter().skip(g - 1).step_by(2).cloned().collect(),
                ..Default::default()
            })
            .collect(),
        network_interfaces: vec![NetworkInterface {
            id: "eni-1".into(),
            subnet_id: Some("subnet-1".into()),
            vpc_id: Some("vpc-1".into()),
            ipv6_addresses: vec![n.address.into()],
            security_group_ids: vec!["sg-1".into(), "sg-2".into()],
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn contains(net: &Ipv6Net, a: u128) -> bool {
    let (lo, hi) = v6_range(net);
    lo <= a && a <= hi
}

/// A port (TCP/UDP) or an ICMPv6 packet (`type << 8 | code`, the engine's unit) against a rule.
fn port_in(p: &Ports, port: u16) -> bool {
    match p {
        Ports::Range { from, to } => *from <= port && port <= *to,
        Ports::Icmp {
            icmp_type: Some(t),
            code,
        } => *t == (port >> 8) as u8 && code.is_none_or(|c| c == (port & 0xFF) as u8),
        _ => true,
    }
}

/// ICMPv6 packets to try: every type and code the generator can name, and one it cannot (1).
fn icmp_packets() -> Vec<u16> {
    let named = [0u16, 1, 22, 128, 135, 255];
    named
        .iter()
        .flat_map(|&t| named.iter().map(move |&c| t << 8 | c))
        .collect()
}

fn nacl_allows(entries: &[NaclEntry], egress: bool, a: u128, protocol: Protocol, port: u16) -> bool {
    let mut sorted: Vec<&NaclEntry> = entries.iter().filter(|e| e.egress == egress).collect();
    sorted.sort_by_key(|e| e.rule_number);
    for e in sorted {
        let NaclCidr::Ipv6(c) = e.cidr else { continue };
        if contains(&c, a) && (e.protocol == Protocol::All || e.protocol == protocol && port_in(&e.ports, port)) {
            return e.allow;
        }
    }
    false
}

fn reference(n: &Net, a: u128, protocol: Protocol, port: u16, client_ports: &[u16]) -> bool {
    let public_address = public_v6().contains(u128::from(n.address.parse::<std::net::Ipv6Addr>().unwrap()));
    if !public_address || !public_v6().contains(a) {
        return false;
    }
    let matching: Vec<&(Ipv6Net, u8, bool)> = n.routes.iter().filter(|(c, _, _)| contains(c, a)).collect();
    let Some(longest) = matching.iter().map(|(c, _, _)| c.prefix_len()).max() else {
        return false;
    };
    let winners: Vec<_> = matching.iter().filter(|(c, _, _)| c.prefix_len() == longest).collect();
    if !winners.iter().all(|(_, t, active)| *t == 0 && *active) {
        return false;
    }
    nacl_allows(&n.nacl, false, a, protocol, port)
        && client_ports.iter().any(|&p| nacl_allows(&n.nacl, true, a, protocol, p))
        && n.rules.iter().any(|r| {
            let Peer::Ipv6(c) = r.peer else { return false };
            contains(&c, a) && (r.protocol == Protocol::All || r.protocol == protocol && port_in(&r.ports, port))
        })
}

fn representatives(n: &Net) -> Vec<u128> {
    let mut cuts: Vec<u128> = vec![0];
    let mut add = |c: &Ipv6Net| {
        let (lo, hi) = v6_range(c);
        cuts.push(lo);
        if let Some(x) = hi.checked_add(1) {
            cuts.push(x);
        }
    };
    n.routes.iter().for_each(|(c, _, _)| add(c));
    n.nacl.iter().for_each(|e| {
        if let NaclCidr::Ipv6(c) = &e.cidr {
            add(c)
        }
    });
    n.rules.iter().for_each(|r| {
        if let Peer::Ipv6(c) = &r.peer {
            add(c)
        }
    });
    for &(lo, hi) in public_v6().ranges() {
        cuts.push(lo);
        cuts.extend(hi.checked_add(1));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_equals_packet_walk_v6(n in net()) {
        let region = region(&n);
        let result = analyze_exposure(&region, &PrefixLists::default());
        let mut ports: Vec<u16> = PORTS.iter().flat_map(|&p| [p.saturating_sub(1), p, p.saturating_add(1)]).collect();
        ports.sort_unstable();
        ports.dedup();
        for a in representatives(&n) {
            let longest: Vec<u8> = n.routes.iter().filter(|(c, _, _)| contains(c, a)).map(|(c, _, _)| c.prefix_len()).collect();
            if longest.iter().filter(|l| Some(*l) == longest.iter().max()).count() > 1 {
                continue; // two routes for one prefix cannot exist in AWS
            }
            let icmp = icmp_packets();
            for protocol in [Protocol::Tcp, Protocol::Udp, Protocol::Icmpv6] {
                let tried = if protocol == Protocol::Icmpv6 { &icmp[..] } else { &ports[..] };
                for &port in tried {
                    let engine = result.exposures.iter().any(|e| {
                        e.protocol == protocol && e.from_port <= port && port <= e.to_port
                            // Sources are named as blocks that may also hold reserved addresses.
                            && if e.whole_internet { public_v6().contains(a) } else {
                                public_v6().contains(a) && e.sources.iter().any(|s| s.parse::<Ipv6Net>().unwrap().contains(&std::net::Ipv6Addr::from(a)))
                            }
                    });
                    prop_assert_eq!(engine, reference(&n, a, protocol, port, tried), "{:?} {} {} from {}", n, protocol.cli_name(), port, std::net::Ipv6Addr::from(a));
                }
            }
        }
    }
}
