//! What a security group's rules admit from (ingress) or to (egress) the whole internet.
//!
//! Semantics (Amazon VPC user guide, "Security group rules"; EC2 API `IpPermission`):
//! - Rules only allow; the group allows the union of its rules (and an ENI the union of its groups).
//! - Protocol `-1` is every protocol on every port. TCP/UDP rules hold an inclusive port range.
//!   ICMP rules hold a type and code. Other protocol numbers allow the whole protocol.
//! - A source is a CIDR (IPv4 or IPv6), a managed prefix list (its entries), or another
//!   security group, which matches only the *private* addresses of the interfaces carrying
//!   it: a group reference never admits the internet.
//! - Open to the internet means the union of sources covers every public address
//!   ([`crate::address`]), per port: rule A (0.0.0.0/1, port 22) and rule B (128.0.0.0/1,
//!   ports 0-65535) together open port 22.

use std::collections::{BTreeSet, HashMap};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use rampart_inventory::{Peer, Ports, PrefixList, Protocol, SgRule};

use crate::address::{
    public_v4, public_v6, v4_range, v4_touches_internet, v6_range, v6_touches_internet, Ipv4Set, Ipv6Set,
};
use crate::interval::PortSet;

/// The resolved entries of a region's managed prefix lists; None where they were not read.
#[derive(Debug, Default)]
pub struct PrefixLists {
    lists: HashMap<String, Option<Resolved>>,
}

#[derive(Debug)]
struct Resolved {
    nets: Vec<IpNet>,
    sets: (Ipv4Set, Ipv6Set),
}

impl PrefixLists {
    pub fn new(lists: &[PrefixList]) -> Self {
        let lists = lists
            .iter()
            .map(|pl| {
                let resolved = pl.entries.as_ref().map(|entries| {
                    let nets: Vec<IpNet> = entries.iter().filter_map(|e| e.parse().ok()).collect();
                    let v4 = nets.iter().filter_map(|n| match n {
                        IpNet::V4(n) => Some(v4_range(n)),
                        IpNet::V6(_) => None,
                    });
                    let v6 = nets.iter().filter_map(|n| match n {
                        IpNet::V6(n) => Some(v6_range(n)),
                        IpNet::V4(_) => None,
                    });
                    let sets = (Ipv4Set::from_ranges(v4), Ipv6Set::from_ranges(v6));
                    Resolved { nets, sets }
                });
                (pl.id.clone(), resolved)
            })
            .collect();
        PrefixLists { lists }
    }

    /// The list's addresses, or None when the list is unknown or its entries were not read.
    pub fn get(&self, id: &str) -> Option<&(Ipv4Set, Ipv6Set)> {
        self.lists.get(id).and_then(Option::as_ref).map(|r| &r.sets)
    }

    /// The list's entries as networks (with their prefix lengths, which routes need).
    pub fn entries(&self, id: &str) -> Option<&[IpNet]> {
        self.lists.get(id).and_then(Option::as_ref).map(|r| r.nets.as_slice())
    }
}

/// What rules admit from the whole internet, for one address family.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FamilyOpen {
    /// Every protocol and port (`-1` rules alone cover the internet).
    pub all_protocols: bool,
    pub tcp: PortSet,
    pub udp: PortSet,
    /// Some ICMP (ICMPv6 for IPv6) type is open.
    pub icmp: bool,
    /// Other protocol numbers that are open.
    pub other: BTreeSet<u8>,
}

impl FamilyOpen {
    pub fn is_empty(&self) -> bool {
        !self.all_protocols && self.tcp.is_empty() && self.udp.is_empty() && !self.icmp && self.other.is_empty()
    }
}

/// What a rule list admits from (or to) the whole internet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InternetOpen {
    pub ipv4: FamilyOpen,
    pub ipv6: FamilyOpen,
    /// Prefix lists used by these rules whose entries are unknown: the answer may be incomplete.
    pub unresolved_prefix_lists: Vec<String>,
}

impl InternetOpen {
    /// Open ports of a protocol in either family.
    pub fn ports(&self, protocol: Protocol) -> PortSet {
        match protocol {
            Protocol::Tcp => self.ipv4.tcp.union(&self.ipv6.tcp),
            Protocol::Udp => self.ipv4.udp.union(&self.ipv6.udp),
            _ => PortSet::empty(),
        }
    }

    pub fn all_protocols(&self) -> bool {
        self.ipv4.all_protocols || self.ipv6.all_protocols
    }

    pub fn is_empty(&self) -> bool {
        self.ipv4.is_empty() && self.ipv6.is_empty()
    }
}

/// The addresses of one rule's peer, per family.
enum Source<'a> {
    V4(Ipv4Net),
    V6(Ipv6Net),
    List(&'a (Ipv4Set, Ipv6Set)),
    None,
}

fn source<'a>(rule: &SgRule, lists: &'a PrefixLists, unresolved: &mut Vec<String>) -> Source<'a> {
    match &rule.peer {
        Peer::Ipv4(n) => Source::V4(*n),
        Peer::Ipv6(n) => Source::V6(*n),
        Peer::PrefixList(id) => match lists.get(id) {
            Some(sets) => Source::List(sets),
            None => {
                if !unresolved.contains(id) {
                    unresolved.push(id.clone());
                }
                Source::None
            }
        },
        Peer::Group { .. } => Source::None,
    }
}

/// Rules reduced to what matters for one family: protocol, ports, addresses.
struct Flat<S> {
    protocol: Protocol,
    ports: Ports,
    addresses: S,
}

/// Computes what `rules` admit from the whole internet.
pub fn internet_open(rules: &[SgRule], lists: &PrefixLists) -> InternetOpen {
    let mut unresolved = Vec::new();
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    for rule in rules {
        let (a4, a6) = match source(rule, lists, &mut unresolved) {
            Source::V4(n) => (Some(Ipv4Set::from_ranges([v4_range(&n)])), None),
            Source::V6(n) => (None, Some(Ipv6Set::from_ranges([v6_range(&n)]))),
            Source::List((s4, s6)) => (Some(s4.clone()), Some(s6.clone())),
            Source::None => (None, None),
        };
        if let Some(a) = a4.filter(|a| a.intersects(public_v4())) {
            v4.push(Flat {
                protocol: rule.protocol,
                ports: rule.ports,
                addresses: a,
            });
        }
        if let Some(a) = a6.filter(|a| a.intersects(public_v6())) {
            v6.push(Flat {
                protocol: rule.protocol,
                ports: rule.ports,
                addresses: a,
            });
        }
    }
    InternetOpen {
        ipv4: family_open(&v4, public_v4(), Protocol::Icmp),
        ipv6: family_open(&v6, public_v6(), Protocol::Icmpv6),
        unresolved_prefix_lists: unresolved,
    }
}

fn family_open<T: crate::interval::Point>(
    rules: &[Flat<crate::interval::IntervalSet<T>>],
    internet: &crate::interval::IntervalSet<T>,
    icmp: Protocol,
) -> FamilyOpen {
    let covers = |matching: &mut dyn Iterator<Item = &Flat<crate::interval::IntervalSet<T>>>| {
        let mut union = crate::interval::IntervalSet::empty();
        for r in matching {
            union = union.union(&r.addresses);
            if union.covers(internet) {
                return true;
            }
        }
        false
    };
    let all_protocols = covers(&mut rules.iter().filter(|r| r.protocol == Protocol::All));
    let other: BTreeSet<u8> = rules
        .iter()
        .filter_map(|r| match r.protocol {
            Protocol::Number(n) => Some(n),
            _ => None,
        })
        .filter(|n| {
            covers(
                &mut rules
                    .iter()
                    .filter(|r| r.protocol == Protocol::All || r.protocol == Protocol::Number(*n)),
            )
        })
        .collect();
    FamilyOpen {
        all_protocols,
        tcp: open_ports(rules, Protocol::Tcp, internet),
        udp: open_ports(rules, Protocol::Udp, internet),
        icmp: covers(
            &mut rules
                .iter()
                .filter(|r| r.protocol == Protocol::All || r.protocol == icmp || r.protocol == Protocol::Icmp),
        ),
        other,
    }
}

/// Ports of `protocol` whose admitted sources cover the internet: a sweep over the elementary
/// port segments that the rules' boundaries cut 0-65535 into.
fn open_ports<T: crate::interval::Point>(
    rules: &[Flat<crate::interval::IntervalSet<T>>],
    protocol: Protocol,
    internet: &crate::interval::IntervalSet<T>,
) -> PortSet {
    let relevant: Vec<(u16, u16, &crate::interval::IntervalSet<T>)> = rules
        .iter()
        .filter(|r| r.protocol == protocol || r.protocol == Protocol::All)
        .filter_map(|r| {
            let (lo, hi) = if r.protocol == Protocol::All {
                (0, 65535)
            } else {
                r.ports.port_range()?
            };
            Some((lo, hi, &r.addresses))
        })
        .collect();
    if relevant.is_empty() {
        return PortSet::empty();
    }
    let mut cuts: Vec<u32> = relevant
        .iter()
        .flat_map(|&(lo, hi, _)| [u32::from(lo), u32::from(hi) + 1])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut open = Vec::new();
    let mut ranges = Vec::new();
    for w in cuts.windows(2) {
        let (start, end) = (w[0] as u16, (w[1] - 1) as u16);
        // One merge of every admitted address range, not a union per rule.
        ranges.clear();
        for &(lo, hi, addresses) in &relevant {
            if lo <= start && end <= hi {
                ranges.extend_from_slice(addresses.ranges());
            }
        }
        if crate::interval::IntervalSet::from_ranges(ranges.iter().copied()).covers(internet) {
            open.push((start, end));
        }
    }
    PortSet::from_ranges(open)
}

/// True when a rule admits at least one public address (directly, or through a resolved
/// prefix list). Used to name the rules behind an opening.
pub fn rule_touches_internet(rule: &SgRule, lists: &PrefixLists) -> bool {
    match &rule.peer {
        Peer::Ipv4(n) => v4_touches_internet(n),
        Peer::Ipv6(n) => v6_touches_internet(n),
        Peer::PrefixList(id) => lists
            .get(id)
            .is_some_and(|(a4, a6)| a4.intersects(public_v4()) || a6.intersects(public_v6())),
        Peer::Group { .. } => false,
    }
}

/// True when a rule matches some of the given ports of a protocol (TCP/UDP).
pub fn rule_matches_ports(rule: &SgRule, protocol: Protocol, ports: &PortSet) -> bool {
    if rule.protocol == Protocol::All {
        return !ports.is_empty();
    }
    if rule.protocol != protocol {
        return false;
    }
    rule.ports
        .port_range()
        .is_some_and(|(lo, hi)| PortSet::range(lo, hi).intersects(ports))
}
