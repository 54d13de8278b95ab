//! The inventory side of attribution, indexed once: every interface by id with its addresses
//! and the rules of its groups, every security-group rule as a matcher.
//!
//! Which rule admits a flow (Amazon VPC user guide, "Security group rules"): a rule of the
//! flow's direction on the interface whose protocol matches (`-1` any), whose port range holds
//! the destination port (TCP, UDP; flow logs give no ICMP type, so an ICMP rule matches every
//! ICMP flow), and whose peer holds the remote address: a CIDR, a managed prefix list's
//! entries, or a referenced security group — the private addresses of the interfaces that
//! carry it, in the same VPC or across a peering. Every admitting rule counts (a group allows
//! the union of its rules): a flow is a use of each rule that would have let it through.

use std::collections::HashMap;
use std::net::IpAddr;

use foldhash::fast::RandomState;
use rampart_inventory::{Inventory, NetworkInterface, Peer, Ports, Protocol, SecurityGroup, SgRule};
use rampart_net::address::{v4_range, v6_range};
pub use rampart_net::commands::Direction;
use rampart_net::PrefixLists;

/// One security-group rule of the inventory.
#[derive(Debug)]
pub struct RuleRef<'a> {
    pub region: &'a str,
    pub group: &'a SecurityGroup,
    pub rule: &'a SgRule,
    pub direction: Direction,
    /// Index into the model's regions (for prefix lists).
    region_index: usize,
}

/// One network interface of the inventory.
#[derive(Debug)]
pub struct Interface<'a> {
    pub eni: &'a NetworkInterface,
    pub region: &'a str,
    /// Its private IPv4 and IPv6 addresses (flow logs record these, never the public ones).
    pub addresses: Vec<IpAddr>,
    /// Rule indexes of its groups, by direction.
    pub ingress: Vec<u32>,
    pub egress: Vec<u32>,
    /// True when an inventory flow log on the interface, its subnet or its VPC captures
    /// accepted traffic (`ALL` or `ACCEPT`).
    pub logs_accepted: bool,
}

/// A peer that is a security group: who carries it.
#[derive(Debug, Clone, Copy)]
struct Member<'a> {
    group_id: &'a str,
    vpc_id: Option<&'a str>,
}

pub struct Model<'a> {
    pub rules: Vec<RuleRef<'a>>,
    pub interfaces: Vec<Interface<'a>>,
    by_id: HashMap<&'a str, u32, RandomState>,
    members: HashMap<IpAddr, Vec<Member<'a>>, RandomState>,
    prefix_lists: Vec<PrefixLists>,
    /// Interfaces carrying each group: (region, group id) → interface indexes.
    carriers: HashMap<&'a str, HashMap<&'a str, Vec<u32>>>,
}

impl<'a> Model<'a> {
    pub fn new(inventory: &'a Inventory) -> Model<'a> {
        let mut model = Model {
            rules: Vec::new(),
            interfaces: Vec::new(),
            by_id: HashMap::default(),
            members: HashMap::default(),
            prefix_lists: Vec::new(),
            carriers: HashMap::new(),
        };
        for (region_index, region) in inventory.regions.values().enumerate() {
            model.prefix_lists.push(PrefixLists::new(&region.prefix_lists));
            let mut group_rules: HashMap<&str, (Vec<u32>, Vec<u32>)> = HashMap::new();
            for group in &region.security_groups {
                let entry = group_rules.entry(group.id.as_str()).or_default();
                for (direction, rules) in [(Direction::Ingress, &group.ingress), (Direction::Egress, &group.egress)] {
                    for rule in rules {
                        let index = model.rules.len() as u32;
                        model.rules.push(RuleRef {
                            region: &region.name,
                            group,
                            rule,
                            direction,
                            region_index,
                        });
                        match direction {
                            Direction::Ingress => entry.0.push(index),
                            Direction::Egress => entry.1.push(index),
                        }
                    }
                }
            }
            let logged = |ids: &[Option<&str>]| {
                region.flow_logs.iter().any(|fl| {
                    ids.contains(&Some(fl.resource_id.as_str()))
                        && matches!(fl.traffic_type.as_deref(), Some("ALL" | "ACCEPT"))
                })
            };
            for eni in &region.network_interfaces {
                let mut addresses: Vec<IpAddr> = eni
                    .private_ips
                    .iter()
                    .chain(&eni.ipv6_addresses)
                    .filter_map(|a| a.parse().ok())
                    .collect();
                addresses.sort_unstable();
                addresses.dedup();
                let (mut ingress, mut egress) = (Vec::new(), Vec::new());
                for g in &eni.security_group_ids {
                    if let Some((i, e)) = group_rules.get(g.as_str()) {
                        ingress.extend(i);
                        egress.extend(e);
                    }
                }
                let index = model.interfaces.len() as u32;
                for g in &eni.security_group_ids {
                    model
                        .carriers
                        .entry(&region.name)
                        .or_default()
                        .entry(g.as_str())
                        .or_default()
                        .push(index);
                    for a in &addresses {
                        model.members.entry(*a).or_default().push(Member {
                            group_id: g,
                            vpc_id: eni.vpc_id.as_deref(),
                        });
                    }
                }
                model.by_id.insert(&eni.id, index);
                model.interfaces.push(Interface {
                    eni,
                    region: &region.name,
                    addresses,
                    ingress,
                    egress,
                    logs_accepted: logged(&[Some(&eni.id), eni.subnet_id.as_deref(), eni.vpc_id.as_deref()]),
                });
            }
        }
        model
    }

    pub fn interface(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The interfaces that carry a group.
    pub fn carriers(&self, region: &str, group_id: &str) -> &[u32] {
        self.carriers
            .get(region)
            .and_then(|groups| groups.get(group_id))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether a rule admits a flow of `protocol` to `port` with `remote` as the peer, on an
    /// interface of `vpc`. `None` when the rule's peer cannot be judged (a prefix list whose
    /// entries were not read).
    pub fn admits(
        &self,
        rule: u32,
        protocol: u8,
        port: Option<u16>,
        remote: IpAddr,
        vpc: Option<&str>,
    ) -> Option<bool> {
        let r = &self.rules[rule as usize];
        if !protocol_matches(r.rule, protocol, port) {
            return Some(false);
        }
        self.peer_holds(r, remote, vpc)
    }

    fn peer_holds(&self, r: &RuleRef, remote: IpAddr, vpc: Option<&str>) -> Option<bool> {
        Some(match (&r.rule.peer, remote) {
            (Peer::Ipv4(n), IpAddr::V4(a)) => {
                let (lo, hi) = v4_range(n);
                (lo..=hi).contains(&u32::from(a))
            }
            (Peer::Ipv6(n), IpAddr::V6(a)) => {
                let (lo, hi) = v6_range(n);
                (lo..=hi).contains(&u128::from(a))
            }
            (Peer::Ipv4(_), IpAddr::V6(_)) | (Peer::Ipv6(_), IpAddr::V4(_)) => false,
            (Peer::PrefixList(id), a) => {
                let (v4, v6) = self.prefix_lists[r.region_index].get(id)?;
                match a {
                    IpAddr::V4(a) => v4.contains(u32::from(a)),
                    IpAddr::V6(a) => v6.contains(u128::from(a)),
                }
            }
            (
                Peer::Group {
                    group_id, peering_id, ..
                },
                a,
            ) => self.members.get(&a).is_some_and(|ms| {
                ms.iter()
                    .any(|m| m.group_id == group_id && (peering_id.is_some() || m.vpc_id == vpc || vpc.is_none()))
            }),
        })
    }
}

/// Protocol and port of a rule against a flow (`port`: the destination port, TCP/UDP only).
fn protocol_matches(rule: &SgRule, protocol: u8, port: Option<u16>) -> bool {
    let in_range = |p: Option<u16>| match (rule.ports, p) {
        (Ports::All, _) => true,
        (Ports::Range { from, to }, Some(p)) => (from..=to).contains(&p),
        // A flow without a port cannot be placed inside a range.
        (Ports::Range { .. }, None) => false,
        (Ports::Icmp { .. }, _) => true,
    };
    match rule.protocol {
        Protocol::All => true,
        Protocol::Tcp => protocol == 6 && in_range(port),
        Protocol::Udp => protocol == 17 && in_range(port),
        // Flow logs carry no ICMP type or code: an ICMP rule of any type matches.
        Protocol::Icmp => protocol == 1,
        Protocol::Icmpv6 => protocol == 58,
        Protocol::Number(n) => protocol == n,
    }
}

impl Model<'_> {
    /// True when the rule admits some public address.
    pub fn touches_internet(&self, rule: u32) -> bool {
        let r = &self.rules[rule as usize];
        rampart_net::sg::rule_touches_internet(r.rule, &self.prefix_lists[r.region_index])
    }
}
