//! The set engine's "open to the internet" answer equals a brute-force evaluator that walks
//! every rule literally for one packet (source address, protocol, port) at a time.
//!
//! The address space is too large to enumerate, so the reference tests one representative
//! address per elementary interval: the boundaries of every rule CIDR, prefix-list entry and
//! public block cut the space into intervals on which every membership test is constant.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use rampart_inventory::{Peer, Ports, PrefixList, Protocol, SgRule};
use rampart_net::address::{public_v4, public_v6, v4_range, v6_range};
use rampart_net::{internet_open, PrefixLists};

const V4: &[&str] = &[
    "0.0.0.0/0",
    "0.0.0.0/1",
    "128.0.0.0/1",
    "10.0.0.0/8",
    "0.0.0.0/2",
    "64.0.0.0/2",
    "192.0.0.0/2",
    "128.0.0.0/2",
    "1.2.3.4/32",
    "172.16.0.0/12",
    "8.0.0.0/5",
    "0.0.0.0/5",
];
const V6: &[&str] = &["::/0", "2000::/3", "2000::/4", "3000::/4", "fd00::/8", "2600::/12"];
const PORTS: &[u16] = &[0, 21, 22, 23, 80, 443, 1024, 3389, 65535];

fn peer() -> impl Strategy<Value = Peer> {
    prop_oneof![
        (0..V4.len()).prop_map(|i| Peer::Ipv4(V4[i].parse().unwrap())),
        (0..V6.len()).prop_map(|i| Peer::Ipv6(V6[i].parse().unwrap())),
        (0..3usize).prop_map(|i| Peer::PrefixList(format!("pl-{i}"))),
        Just(Peer::Group {
            group_id: "sg-1".into(),
            owner_id: None,
            vpc_id: None,
            peering_id: None
        }),
    ]
}

fn rule() -> impl Strategy<Value = SgRule> {
    let protocol = prop_oneof![
        Just(Protocol::All),
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmp),
        Just(Protocol::Number(47))
    ];
    (protocol, 0..PORTS.len(), 0..PORTS.len(), peer()).prop_map(|(protocol, a, b, peer)| {
        let (lo, hi) = (PORTS[a.min(b)], PORTS[a.max(b)]);
        let ports = Ports::from_api(protocol, Some(i64::from(lo)), Some(i64::from(hi)));
        SgRule {
            rule_id: None,
            protocol,
            ports,
            peer,
            description: None,
        }
    })
}

/// pl-0 holds the two halves of the IPv4 internet; pl-1 a private range and ::/0; pl-2 is unread.
fn prefix_lists() -> Vec<PrefixList> {
    let pl = |id: &str, entries: Option<&[&str]>| PrefixList {
        id: id.into(),
        entries: entries.map(|e| e.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    };
    vec![
        pl("pl-0", Some(&["0.0.0.0/1", "128.0.0.0/1"])),
        pl("pl-1", Some(&["10.0.0.0/8", "::/0"])),
        pl("pl-2", None),
    ]
}

fn nets(rule: &SgRule, lists: &[PrefixList]) -> Vec<IpNet> {
    match &rule.peer {
        Peer::Ipv4(n) => vec![IpNet::V4(*n)],
        Peer::Ipv6(n) => vec![IpNet::V6(*n)],
        Peer::PrefixList(id) => lists
            .iter()
            .find(|p| &p.id == id)
            .and_then(|p| p.entries.clone())
            .unwrap_or_default()
            .iter()
            .map(|e| e.parse().unwrap())
            .collect(),
        Peer::Group { .. } => vec![],
    }
}

/// One packet, every rule literally: is it admitted?
fn admits(rules: &[SgRule], lists: &[PrefixList], addr: &IpNet, protocol: Protocol, port: Option<u16>) -> bool {
    rules.iter().any(|r| {
        let proto_ok = r.protocol == Protocol::All || r.protocol == protocol;
        let port_ok = r.protocol == Protocol::All
            || match (r.ports, port) {
                (Ports::All, _) => true,
                (Ports::Range { from, to }, Some(p)) => from <= p && p <= to,
                (Ports::Icmp { .. }, _) => true,
                (Ports::Range { .. }, None) => false,
            };
        proto_ok && port_ok && nets(r, lists).iter().any(|n| n.contains(&addr.addr()))
    })
}

/// Representative public addresses: one per elementary interval.
fn representatives_v4(rules: &[SgRule], lists: &[PrefixList]) -> Vec<IpNet> {
    let mut cuts: Vec<u64> = vec![0];
    let mut add = |lo: u32, hi: u32| cuts.extend([u64::from(lo), u64::from(hi) + 1]);
    for r in rules {
        for n in nets(r, lists) {
            if let IpNet::V4(n) = n {
                let (lo, hi) = v4_range(&n);
                add(lo, hi);
            }
        }
    }
    for &(lo, hi) in public_v4().ranges() {
        add(lo, hi);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.into_iter()
        .filter(|&c| c <= u64::from(u32::MAX) && public_v4().contains(c as u32))
        .map(|c| IpNet::V4(Ipv4Net::new((c as u32).into(), 32).unwrap()))
        .collect()
}

fn representatives_v6(rules: &[SgRule], lists: &[PrefixList]) -> Vec<IpNet> {
    let mut cuts: Vec<u128> = vec![0];
    let mut add = |lo: u128, hi: u128| {
        cuts.push(lo);
        if let Some(n) = hi.checked_add(1) {
            cuts.push(n);
        }
    };
    for r in rules {
        for n in nets(r, lists) {
            if let IpNet::V6(n) = n {
                let (lo, hi) = v6_range(&n);
                add(lo, hi);
            }
        }
    }
    for &(lo, hi) in public_v6().ranges() {
        add(lo, hi);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.into_iter()
        .filter(|&c| public_v6().contains(c))
        .map(|c| IpNet::V6(Ipv6Net::new(c.into(), 128).unwrap()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn engine_equals_packet_reference(rules in proptest::collection::vec(rule(), 0..7)) {
        let lists = prefix_lists();
        let open = internet_open(&rules, &PrefixLists::new(&lists));
        for (family, reps) in [(&open.ipv4, representatives_v4(&rules, &lists)), (&open.ipv6, representatives_v6(&rules, &lists))] {
            let everywhere = |protocol, port| reps.iter().all(|a| admits(&rules, &lists, a, protocol, port));
            let mut ports: Vec<u16> = PORTS.iter().flat_map(|&p| [p.saturating_sub(1), p, p.saturating_add(1)]).collect();
            ports.sort_unstable();
            ports.dedup();
            for &port in &ports {
                prop_assert_eq!(family.tcp.contains(port), everywhere(Protocol::Tcp, Some(port)), "tcp/{}", port);
                prop_assert_eq!(family.udp.contains(port), everywhere(Protocol::Udp, Some(port)), "udp/{}", port);
            }
            let only_all: Vec<SgRule> = rules.iter().filter(|r| r.protocol == Protocol::All).cloned().collect();
            let all_ref = reps.iter().all(|a| admits(&only_all, &lists, a, Protocol::All, None));
            prop_assert_eq!(family.all_protocols, all_ref);
            // `other` lists protocol numbers opened by their own rules; with `-1` open, all are.
            if family.all_protocols {
                prop_assert!(everywhere(Protocol::Number(47), None));
            } else {
                prop_assert_eq!(family.other.contains(&47), everywhere(Protocol::Number(47), None));
            }
        }
        let unresolved_used = rules.iter().any(|r| r.peer == Peer::PrefixList("pl-2".into()));
        prop_assert_eq!(!open.unresolved_prefix_lists.is_empty(), unresolved_used);
    }
}

#[test]
fn named_cases() {
    let lists = PrefixLists::default();
    let rule = |protocol, from, to, cidr: &str| SgRule {
        rule_id: None,
        protocol,
        ports: Ports::from_api(protocol, Some(from), Some(to)),
        peer: if cidr.contains(':') {
            Peer::Ipv6(cidr.parse().unwrap())
        } else {
            Peer::Ipv4(cidr.parse().unwrap())
        },
        description: None,
    };
    // Split halves, different port ranges: only the overlap is open.
    let open = internet_open(
        &[
            rule(Protocol::Tcp, 22, 22, "0.0.0.0/1"),
            rule(Protocol::Tcp, 0, 1000, "128.0.0.0/1"),
        ],
        &lists,
    );
    assert_eq!(open.ipv4.tcp.display(), "22");
    // A range that includes 3389.
    let open = internet_open(&[rule(Protocol::Tcp, 3000, 4000, "0.0.0.0/0")], &lists);
    assert!(open.ipv4.tcp.contains(3389) && !open.ipv4.tcp.contains(22));
    // -1 opens everything; IPv6 separately.
    let open = internet_open(&[rule(Protocol::All, -1, -1, "::/0")], &lists);
    assert!(open.ipv6.all_protocols && open.ipv6.tcp.is_full() && open.ipv4.is_empty());
    // ICMP never opens TCP.
    let open = internet_open(&[rule(Protocol::Icmp, -1, -1, "0.0.0.0/0")], &lists);
    assert!(open.ipv4.icmp && open.ipv4.tcp.is_empty());
    // A private range is not the internet.
    let open = internet_open(&[rule(Protocol::Tcp, 22, 22, "10.0.0.0/8")], &lists);
    assert!(open.is_empty());
}
