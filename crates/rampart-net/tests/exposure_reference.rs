//! The exposure engine equals a literal per-packet evaluator on random small networks: for a
//! packet from internet source S to the interface's public address on (protocol, port), walk
//! every component exactly as AWS documents it — public address, internet gateway, the
//! subnet's route table (longest prefix) for the reply, the NACL inbound (lowest rule number
//! first, first match) and outbound for the reply on some client port, then the security groups.
//! Representative sources and ports are the boundaries of every range involved; ICMP packets
//! carry a type and code, matched literally against each rule's (NACL `IcmpTypeCode`, SG
//! `FromPort`/`ToPort`). The rules are split between two security groups on the interface,
//! whose rules AWS aggregates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ipnet::{IpNet, Ipv4Net};
use proptest::prelude::*;
use rampart_inventory::*;
use rampart_net::address::{public_v4, v4_range};
use rampart_net::{analyze_exposure, PrefixLists};

const CIDRS: &[&str] = &[
    "0.0.0.0/0",
    "0.0.0.0/1",
    "128.0.0.0/1",
    "8.0.0.0/8",
    "8.8.0.0/16",
    "10.0.0.0/8",
    "64.0.0.0/2",
    "200.0.0.0/5",
];
const PORTS: &[u16] = &[0, 21, 22, 23, 80, 443, 1023, 1024, 3389, 65535];

fn cidr() -> impl Strategy<Value = Ipv4Net> {
    (0..CIDRS.len()).prop_map(|i| CIDRS[i].parse().unwrap())
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::All),
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmp)
    ]
}

fn ports(p: Protocol) -> impl Strategy<Value = Ports> {
    (0..PORTS.len(), 0..PORTS.len()).prop_map(move |(a, b)| {
        let (lo, hi) = (PORTS[a.min(b)], PORTS[a.max(b)]);
        Ports::from_api(p, Some(i64::from(lo)), Some(i64::from(hi)))
    })
}

/// A CIDR, the prefix list `pl-1` (the two halves of the internet), or a group reference
/// (which matches private addresses only: never the internet).
fn peer() -> impl Strategy<Value = Peer> {
    prop_oneof![
        6 => cidr().prop_map(Peer::Ipv4),
        1 => Just(Peer::PrefixList("pl-1".into())),
        1 => Just(Peer::Group { group_id: "sg-other".into(), owner_id: None, vpc_id: None, peering_id: None }),
    ]
}

fn sg_rule() -> impl Strategy<Value = SgRule> {
    (protocol(), peer()).prop_flat_map(|(p, peer)| {
        ports(p).prop_map(move |ports| SgRule {
            rule_id: None,
            protocol: p,
            ports,
            peer: peer.clone(),
            description: None,
        })
    })
}

const PL_ENTRIES: &[&str] = &["0.0.0.0/1", "128.0.0.0/1"];

/// The networks a rule's peer stands for, as the reference reads them.
fn peer_nets(peer: &Peer) -> Vec<Ipv4Net> {
    match peer {
        Peer::Ipv4(c) => vec![*c],
        Peer::PrefixList(_) => PL_ENTRIES.iter().map(|c| c.parse().unwrap()).collect(),
        _ => vec![],
    }
}

fn nacl_entry() -> impl Strategy<Value = NaclEntry> {
    (1u32..20, any::<bool>(), any::<bool>(), protocol(), cidr()).prop_flat_map(|(n, egress, allow, p, c)| {
        ports(p).prop_map(move |ports| NaclEntry {
            rule_number: n * 10,
            egress,
            allow,
            protocol: p,
            ports,
            cidr: NaclCidr::Ipv4(c),
        })
    })
}

fn route() -> impl Strategy<Value = Route> {
    (cidr(), 0..3u8, any::<bool>()).prop_map(|(c, t, active)| Route {
        destination: RouteDestination::Ipv4(c),
        target: match t {
            0 => RouteTarget::InternetGateway("igw-1".into()),
            1 => RouteTarget::NatGateway("nat-1".into()),
            _ => RouteTarget::Local,
        },
        active,
    })
}

#[derive(Debug, Clone)]
struct Net {
    igw_attached: bool,
    public_ip: bool,
    main_table: bool,
    routes: Vec<Route>,
    nacl: Vec<NaclEntry>,
    rules: Vec<SgRule>,
}

fn net() -> impl Strategy<Value = Net> {
    (
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.85),
        any::<bool>(),
        prop::collection::vec(route(), 0..4),
        prop::collection::vec(nacl_entry(), 0..6),
        prop::collection::vec(sg_rule(), 1..5),
        prop::bool::weighted(0.7),
    )
        .prop_map(
            |(igw_attached, public_ip, main_table, routes, mut nacl, rules, default_allow)| {
                // Most NACLs end like the default one: allow everything after the specific rules.
                if default_allow {
                    for egress in [false, true] {
                        let cidr = NaclCidr::Ipv4("0.0.0.0/0".parse().unwrap());
                        nacl.push(NaclEntry {
                            rule_number: 1000,
                            egress,
                            allow: true,
                            protocol: Protocol::All,
                            ports: Ports::All,
                            cidr,
                        });
                    }
                }
                // Rule numbers are unique per direction in AWS.
                let mut seen = std::collections::HashSet::new();
                nacl.retain(|e| seen.insert((e.egress, e.rule_number)));
                Net {
                    igw_attached,
                    public_ip,
                    main_table,
                    routes,
                    nacl,
                    rules,
                }
            },
        )
}

fn region(n: &Net) -> Region {
    let mut table = RouteTable {
        id: "rtb-1".into(),
        vpc_id: "vpc-1".into(),
        routes: n.routes.clone(),
        ..Default::default()
    };
    if n.main_table {
        table.main = true;
    } else {
        table.subnet_ids = vec!["subnet-1".into()];
    }
    Region {
        name: "us-east-1".into(),
        internet_gateways: vec![InternetGateway {
            id: "igw-1".into(),
            vpc_ids: if n.igw_attached { vec!["vpc-1".into()] } else { vec![] },
            ..Default::default()
        }],
        route_tables: vec![table],
        network_acls: vec![NetworkAcl {
            id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: true,
            subnet_ids: vec!["subnet-1".into()],
            entries: n.nacl.clone(),
            ..Default::default()
        }],
        // Odd rules in a second group: the interface's groups are judged as one.
        security_groups: [1, 2]
            .iter()
            .map(|&g| SecurityGroup {
                id: format!("sg-{g}"),
                name: "g".into(),
                ingress: n.rules.iter().skip(g - 1).step_by(2).cloned().collect(),
                ..Default::default()
            })
            .collect(),
        network_interfaces: vec![NetworkInterface {
            id: "eni-1".into(),
            subnet_id: Some("subnet-1".into()),
            vpc_id: Some("vpc-1".into()),
            private_ips: vec!["10.0.0.5".into()],
            public_ips: if n.public_ip { vec!["54.0.0.1".into()] } else { vec![] },
            security_group_ids: vec!["sg-1".into(), "sg-2".into()],
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn contains(net: &Ipv4Net, a: u32) -> bool {
    let (lo, hi) = v4_range(net);
    lo <= a && a <= hi
}

fn nacl_allows(entries: &[NaclEntry], egress: bool, a: u32, protocol: Protocol, port: u16) -> bool {
    let mut sorted: Vec<&NaclEntry> = entries.iter().filter(|e| e.egress == egress).collect();
    sorted.sort_by_key(|e| e.rule_number);
    for e in sorted {
        let NaclCidr::Ipv4(c) = e.cidr else { continue };
        if !contains(&c, a) {
            continue;
        }
        let proto_ok = e.protocol == Protocol::All || e.protocol == protocol;
        let port_ok = e.protocol == Protocol::All
            || if protocol == Protocol::Icmp {
                icmp_matches(e.ports, port)
            } else {
                match e.ports {
                    Ports::Range { from, to } => from <= port && port <= to,
                    _ => true,
                }
            };
        if proto_ok && port_ok {
            return e.allow;
        }
    }
    false
}

/// An ICMP packet (`v` = type << 8 | code, the engine's reporting unit) against a rule's type
/// and code, `None` meaning all.
fn icmp_matches(ports: Ports, v: u16) -> bool {
    let (t, c) = ((v >> 8) as u8, (v & 0xFF) as u8);
    match ports {
        Ports::Icmp {
            icmp_type: Some(rt),
            code,
        } => rt == t && code.is_none_or(|rc| rc == c),
        _ => true,
    }
}

/// ICMP packets to try: every type and code the generator can name, and one it cannot (1).
fn icmp_packets() -> Vec<u16> {
    let named = [0u16, 1, 21, 22, 23, 80, 255];
    named
        .iter()
        .flat_map(|&t| named.iter().map(move |&c| t << 8 | c))
        .collect()
}

/// The literal packet walk.
fn reference(n: &Net, a: u32, protocol: Protocol, port: u16, client_ports: &[u16]) -> bool {
    if !n.public_ip || !n.igw_attached || !public_v4().contains(a) {
        return false;
    }
    let best = n
        .routes
        .iter()
        .filter(|r| matches!(r.destination, RouteDestination::Ipv4(c) if contains(&c, a)))
        .max_by_key(|r| match r.destination {
            RouteDestination::Ipv4(c) => c.prefix_len(),
            _ => 0,
        });
    // Equal-length duplicates do not occur in AWS; the generator may make them, so require all
    // of the longest ones to agree.
    let longest = best.map(|b| match b.destination {
        RouteDestination::Ipv4(c) => c.prefix_len(),
        _ => 0,
    });
    let winners: Vec<&Route> = n
        .routes
        .iter()
        .filter(|r| matches!(r.destination, RouteDestination::Ipv4(c) if contains(&c, a) && Some(c.prefix_len()) == longest))
        .collect();
    if winners.is_empty()
        || !winners
            .iter()
            .all(|r| r.active && r.target == RouteTarget::InternetGateway("igw-1".into()))
    {
        return false;
    }
    if !nacl_allows(&n.nacl, false, a, protocol, port) {
        return false;
    }
    if !client_ports.iter().any(|&p| nacl_allows(&n.nacl, true, a, protocol, p)) {
        return false;
    }
    n.rules.iter().any(|r| {
        peer_nets(&r.peer).iter().any(|c| contains(c, a))
            && (r.protocol == Protocol::All
                || r.protocol == protocol
                    && if protocol == Protocol::Icmp {
                        icmp_matches(r.ports, port)
                    } else {
                        match r.ports {
                            Ports::Range { from, to } => from <= port && port <= to,
                            _ => true,
                        }
                    })
    })
}

fn representatives(n: &Net) -> Vec<u32> {
    let mut cuts: Vec<u64> = vec![0];
    let mut add = |c: &Ipv4Net| {
        let (lo, hi) = v4_range(c);
        cuts.extend([u64::from(lo), u64::from(hi) + 1]);
    };
    for r in &n.routes {
        if let RouteDestination::Ipv4(c) = &r.destination {
            add(c);
        }
    }
    for e in &n.nacl {
        if let NaclCidr::Ipv4(c) = &e.cidr {
            add(c);
        }
    }
    for r in &n.rules {
        for c in peer_nets(&r.peer) {
            add(&c);
        }
    }
    for &(lo, hi) in public_v4().ranges() {
        cuts.extend([u64::from(lo), u64::from(hi) + 1]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.into_iter()
        .filter(|&c| c <= u64::from(u32::MAX))
        .map(|c| c as u32)
        .collect()
}

fn has_duplicate_longest(n: &Net, a: u32) -> bool {
    let lens: Vec<u8> = n
        .routes
        .iter()
        .filter_map(|r| match r.destination {
            RouteDestination::Ipv4(c) if contains(&c, a) => Some(c.prefix_len()),
            _ => None,
        })
        .collect();
    let max = lens.iter().max();
    max.is_some_and(|m| lens.iter().filter(|l| *l == m).count() > 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn engine_equals_packet_walk(n in net()) {
        let region = region(&n);
        let lists = PrefixLists::new(&[PrefixList {
            id: "pl-1".into(),
            entries: Some(PL_ENTRIES.iter().map(|c| c.to_string()).collect()),
            ..Default::default()
        }]);
        let result = analyze_exposure(&region, &lists);
        let mut ports: Vec<u16> = PORTS.iter().flat_map(|&p| [p.saturating_sub(1), p, p.saturating_add(1)]).collect();
        ports.sort_unstable();
        ports.dedup();
        for a in representatives(&n) {
            if has_duplicate_longest(&n, a) {
                continue; // two routes for one prefix cannot exist in AWS
            }
            let icmp = icmp_packets();
            for protocol in [Protocol::Tcp, Protocol::Udp, Protocol::Icmp] {
                let tried = if protocol == Protocol::Icmp { &icmp[..] } else { &ports[..] };
                for &port in tried {
                    let engine = result.exposures.iter().any(|e| {
                        e.protocol == protocol
                            && e.from_port <= port
                            && port <= e.to_port
                            // `whole_internet` reports its sources as 0.0.0.0/0: every public address
                            // (outside the VPC's own blocks; these networks declare no VPC).
                            && if e.whole_internet {
                                public_v4().contains(a)
                            } else {
                                // Sources are named as blocks that may also hold reserved addresses.
                                public_v4().contains(a) && e.sources.iter().any(|s| s.parse::<IpNet>().unwrap().contains(&std::net::IpAddr::from(std::net::Ipv4Addr::from(a))))
                            }
                    });
                    prop_assert_eq!(engine, reference(&n, a, protocol, port, tried), "{:?} {} port {} from {}", n, protocol.cli_name(), port, std::net::Ipv4Addr::from(a));
                }
            }
        }
        // Every interface with an internet-admitting rule is exposed or says what blocks it.
        let touches = n.rules.iter().any(|r| peer_nets(&r.peer).iter().any(rampart_net::address::v4_touches_internet));
        let accounted = !result.exposures.is_empty() || !result.not_exposed.is_empty() || !result.not_evaluated.is_empty();
        prop_assert_eq!(touches, accounted);
    }
}
