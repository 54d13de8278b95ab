//! Which hosts can reach which: lateral movement inside the account.
//!
//! Host A (a network interface with a private IPv4 address) can open a connection to host B
//! on (protocol, port) when (Amazon VPC user guide):
//! 1. A and B are in the same VPC (the `local` route), or in VPCs joined by an `active`
//!    peering that each side's route table sends the other's address to;
//! 2. a security group of B admits A: a rule referencing a group A carries (which matches A's
//!    private addresses, also across an in-region peering), or a CIDR or prefix list holding
//!    A's private address;
//! 3. a security group of A admits B outbound (by group or by address);
//! 4. when A and B are in different subnets, A's NACL lets the packet out and the replies in,
//!    and B's NACL lets it in and the replies out (stateless, first match).
//!
//! Requester-managed interfaces (load balancer nodes, NAT gateways, endpoints, RDS) can be the
//! end of a path, never a step on it: nobody runs code on them.
//!
//! Through a transit gateway T, A reaches B when A's subnet routes B's address to T, A's VPC
//! attachment is associated with a T route table whose longest matching route for B's address
//! (static or propagated) is active and points at B's VPC attachment, and the same holds back.
//! Where a transit gateway's route tables were not read, [`Graph::untraced_transit_gateways`]
//! names it. NACLs of the attachment subnets are not evaluated.
//!
//! Paths are found backwards from the targets, breadth first: a host's possible predecessors
//! come from indexes over its own rules (group → hosts carrying it, a sorted address index for
//! CIDRs), then each pair is checked exactly. No pair of hosts is compared blindly.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::Ipv4Addr;

use rampart_inventory::{NetworkInterface, Peer, Protocol, Region, RouteTarget, SecurityGroup, SgRule};

use crate::address::v4_range;
use crate::interval::{IntervalSet, PortSet};
use crate::nacl::{acl_for_subnet, allowed_ports, Addr};
use crate::route::{lookup_v4, table_for_subnet};
use crate::sg::PrefixLists;

/// Ports of interest, per protocol.
pub type Wanted = [(Protocol, PortSet)];

/// A host: one interface with a private IPv4 address.
pub struct Host<'a> {
    pub eni: &'a NetworkInterface,
    pub ip: u32,
    groups: Vec<&'a SecurityGroup>,
}

/// Where traffic from an address space enters: the first host, the ports, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub host: usize,
    pub ports: Vec<(Protocol, PortSet)>,
    pub evidence: Vec<String>,
}

/// How two hosts' VPCs connect.
enum Connection<'a> {
    SameVpc(&'a str),
    Peering(&'a str),
    TransitGateway(&'a str),
}

/// One hop: `from` reaches `to` on these ports, because of these rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    pub from: usize,
    pub to: usize,
    pub ports: Vec<(Protocol, PortSet)>,
    pub evidence: Vec<String>,
}

pub struct Graph<'a> {
    pub hosts: Vec<Host<'a>>,
    region: &'a Region,
    lists: &'a PrefixLists,
    by_group: HashMap<&'a str, Vec<usize>>,
    /// Hosts sorted by private address.
    by_ip: Vec<(u32, usize)>,
}

impl<'a> Graph<'a> {
    pub fn new(region: &'a Region, lists: &'a PrefixLists) -> Self {
        let groups: HashMap<&str, &SecurityGroup> = region.security_groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let mut hosts = Vec::new();
        for eni in &region.network_interfaces {
            let Some(ip) = eni.private_ips.first().and_then(|ip| ip.parse::<Ipv4Addr>().ok()) else {
                continue;
            };
            let gs = eni
                .security_group_ids
                .iter()
                .filter_map(|g| groups.get(g.as_str()).copied())
                .collect();
            hosts.push(Host {
                eni,
                ip: u32::from(ip),
                groups: gs,
            });
        }
        let mut by_group: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, h) in hosts.iter().enumerate() {
            for g in &h.eni.security_group_ids {
                by_group.entry(g.as_str()).or_default().push(i);
            }
        }
        let mut by_ip: Vec<(u32, usize)> = hosts.iter().enumerate().map(|(i, h)| (h.ip, i)).collect();
        by_ip.sort_unstable();
        Graph {
            hosts,
            region,
            lists,
            by_group,
            by_ip,
        }
    }

    /// The servers of a service class: hosts whose security groups open some of its ports
    /// specifically (a rule for that protocol whose range is not every port). Allow-all rules
    /// say nothing about what a host runs, so they do not make it a server.
    pub fn serving(&self, wanted: &Wanted) -> Vec<usize> {
        let specific = |r: &SgRule| {
            wanted.iter().any(|(p, w)| {
                r.protocol == *p
                    && r.ports
                        .port_range()
                        .is_some_and(|(lo, hi)| (lo, hi) != (0, 65535) && PortSet::range(lo, hi).intersects(w))
            })
        };
        (0..self.hosts.len())
            .filter(|&b| self.ingress(b).any(|(_, r)| specific(r)))
            .collect()
    }

    pub fn index_of(&self, eni_id: &str) -> Option<usize> {
        self.hosts.iter().position(|h| h.eni.id == eni_id)
    }

    /// Hosts that some ingress rule of `b` (on the wanted ports) could admit, each once: `seen`
    /// holds the epoch in which a host was last listed, so no sort is needed to deduplicate.
    fn candidates(&self, b: usize, wanted: &Wanted, seen: &mut [u32], epoch: u32) -> Vec<usize> {
        let mut out = Vec::new();
        let mut add = |a: usize| {
            if a != b && seen[a] != epoch {
                seen[a] = epoch;
                out.push(a);
            }
        };
        for (_, r) in self.ingress(b) {
            if !rule_hits(r, wanted) {
                continue;
            }
            match &r.peer {
                Peer::Group { group_id, .. } => self
                    .by_group
                    .get(group_id.as_str())
                    .into_iter()
                    .flatten()
                    .for_each(|&a| add(a)),
                Peer::Ipv4(n) => self.in_range(v4_range(n)).for_each(&mut add),
                Peer::PrefixList(id) => {
                    if let Some((v4, _)) = self.lists.get(id) {
                        for &range in v4.ranges() {
                            self.in_range(range).for_each(&mut add);
                        }
                    }
                }
                Peer::Ipv6(_) => {}
            }
        }
        out
    }

    fn in_range(&self, (lo, hi): (u32, u32)) -> impl Iterator<Item = usize> + '_ {
        let start = self.by_ip.partition_point(|(ip, _)| *ip < lo);
        self.by_ip[start..]
            .iter()
            .take_while(move |(ip, _)| *ip <= hi)
            .map(|(_, i)| *i)
    }

    fn ingress(&self, b: usize) -> impl Iterator<Item = (&'a SecurityGroup, &'a SgRule)> + '_ {
        self.hosts[b]
            .groups
            .iter()
            .flat_map(|g| g.ingress.iter().map(move |r| (*g, r)))
    }

    fn egress(&self, a: usize) -> impl Iterator<Item = (&'a SecurityGroup, &'a SgRule)> + '_ {
        self.hosts[a]
            .groups
            .iter()
            .flat_map(|g| g.egress.iter().map(move |r| (*g, r)))
    }

    /// Does a rule's peer match host `h`?
    fn peer_matches(&self, r: &SgRule, h: usize) -> bool {
        let host = &self.hosts[h];
        match &r.peer {
            Peer::Group { group_id, .. } => host.eni.security_group_ids.contains(group_id),
            Peer::Ipv4(n) => {
                let (lo, hi) = v4_range(n);
                lo <= host.ip && host.ip <= hi
            }
            Peer::PrefixList(id) => self.lists.get(id).is_some_and(|(v4, _)| v4.contains(host.ip)),
            Peer::Ipv6(_) => false,
        }
    }

    /// The exact hop from `a` to `b` on the wanted ports, if any.
    pub fn hop(&self, a: usize, b: usize, wanted: &Wanted) -> Option<Hop> {
        let (ha, hb) = (&self.hosts[a], &self.hosts[b]);
        let connected = self.connected(ha, hb)?;
        let mut evidence = Vec::new();
        let mut ports = Vec::new();
        for (protocol, want) in wanted {
            let mut admitted = PortSet::empty();
            let mut rules: Vec<(String, Vec<String>)> = Vec::new();
            for (g, r) in self.ingress(b) {
                if let Some(p) = rule_ports(r, *protocol) {
                    let hit = p.intersection(want);
                    if !hit.is_empty() && self.peer_matches(r, a) {
                        admitted = admitted.union(&hit);
                        let group = format!("{} ({})", g.id, g.name);
                        let rule = crate::describe::rule(r);
                        match rules.iter_mut().find(|(name, _)| *name == group) {
                            Some((_, list)) => list.push(rule),
                            None => rules.push((group, vec![rule])),
                        }
                    }
                }
            }
            let rules: Vec<String> = rules
                .into_iter()
                .map(|(g, list)| format!("{g} admits it: {}", list.join(", ")))
                .collect();
            if admitted.is_empty() {
                continue;
            }
            let mut sent = PortSet::empty();
            for (_, r) in self.egress(a) {
                if let Some(p) = rule_ports(r, *protocol) {
                    if self.peer_matches(r, b) {
                        sent = sent.union(&p);
                    }
                }
            }
            let mut open = admitted.intersection(&sent);
            if ha.eni.subnet_id != hb.eni.subnet_id {
                open = open.intersection(&self.nacls(ha, hb, *protocol));
            }
            if !open.is_empty() {
                evidence.extend(rules);
                ports.push((*protocol, open));
            }
        }
        if ports.is_empty() {
            return None;
        }
        let how = match connected {
            Connection::SameVpc(vpc) => format!("{} and {} are in {vpc}", ha.eni.id, hb.eni.id),
            Connection::Peering(pcx) => format!("{} and {} are joined by the peering {pcx}", ha.eni.id, hb.eni.id),
            Connection::TransitGateway(tgw) => {
                format!(
                    "{} and {} are joined by transit gateway {tgw} (routes both ways)",
                    ha.eni.id, hb.eni.id
                )
            }
        };
        evidence.insert(0, how);
        Some(Hop {
            from: a,
            to: b,
            ports,
            evidence,
        })
    }

    /// Ports the NACLs of both subnets let through from `a` to `b` (and the replies back).
    fn nacls(&self, a: &Host, b: &Host, protocol: Protocol) -> PortSet {
        let acl = |h: &Host| {
            let (s, v) = (h.eni.subnet_id.as_deref()?, h.eni.vpc_id.as_deref()?);
            acl_for_subnet(self.region, s, v)
        };
        let (Some(acl_a), Some(acl_b)) = (acl(a), acl(b)) else {
            return PortSet::empty();
        };
        let out_a = allowed_ports(acl_a, true, Addr::V4(b.ip), protocol).0;
        let in_b = allowed_ports(acl_b, false, Addr::V4(a.ip), protocol).0;
        let replies = !allowed_ports(acl_b, true, Addr::V4(a.ip), protocol).0.is_empty()
            && !allowed_ports(acl_a, false, Addr::V4(b.ip), protocol).0.is_empty();
        if replies {
            out_a.intersection(&in_b)
        } else {
            PortSet::empty()
        }
    }

    /// Same VPC, or an active peering both sides route through.
    fn connected<'h>(&'h self, a: &'h Host, b: &Host) -> Option<Connection<'h>> {
        let (va, vb) = (a.eni.vpc_id.as_deref()?, b.eni.vpc_id.as_deref()?);
        if va == vb {
            return Some(Connection::SameVpc(va));
        }
        let route_to = |from: &Host, to: u32| {
            let (s, v) = (from.eni.subnet_id.as_deref()?, from.eni.vpc_id.as_deref()?);
            let (t, _) = table_for_subnet(self.region, s, v)?;
            lookup_v4(t, to, self.lists)
                .filter(|r| r.active)
                .map(|r| r.target.clone())
        };
        let (there, back) = (route_to(a, b.ip)?, route_to(b, a.ip)?);
        match (&there, &back) {
            (RouteTarget::VpcPeering(p1), RouteTarget::VpcPeering(p2)) if p1 == p2 => {
                let pcx = self
                    .region
                    .vpc_peering_connections
                    .iter()
                    .find(|p| &p.id == p1 && p.status == "active")?;
                let joins = pcx.requester_vpc_id == va && pcx.accepter_vpc_id == vb
                    || pcx.requester_vpc_id == vb && pcx.accepter_vpc_id == va;
                joins.then_some(Connection::Peering(&pcx.id))
            }
            (RouteTarget::TransitGateway(t1), RouteTarget::TransitGateway(t2)) if t1 == t2 => {
                let region = self.region;
                let attachment = |vpc: &str| {
                    region.transit_gateway_attachments.iter().find(|x| {
                        &x.transit_gateway_id == t1
                            && x.resource_type == "vpc"
                            && x.resource_id == vpc
                            && x.state == "available"
                    })
                };
                let (att_a, att_b) = (attachment(va)?, attachment(vb)?);
                // Each attachment's associated route table must send the other's address to it.
                let forwards = |from: &rampart_inventory::TransitGatewayAttachment, to_ip: u32, to: &str| {
                    let table = region
                        .transit_gateway_route_tables
                        .iter()
                        .find(|t| Some(&t.id) == from.association_route_table_id.as_ref())?;
                    let best = table
                        .routes
                        .iter()
                        .filter_map(|r| match r.destination {
                            rampart_inventory::RouteDestination::Ipv4(n) => {
                                let (lo, hi) = v4_range(&n);
                                (lo <= to_ip && to_ip <= hi).then_some((n.prefix_len(), r))
                            }
                            _ => None,
                        })
                        .max_by_key(|(len, _)| *len)?;
                    (best.1.state == "active" && best.1.attachment_ids.iter().any(|x| x == to)).then_some(())
                };
                forwards(att_a, b.ip, &att_b.id)?;
                forwards(att_b, a.ip, &att_a.id)?;
                Some(Connection::TransitGateway(&att_a.transit_gateway_id))
            }
            _ => None,
        }
    }

    /// Transit gateways whose route tables were not read: paths through them cannot be traced
    /// and must be said to be missing, not absent.
    pub fn untraced_transit_gateways(&self) -> Vec<&'a str> {
        let region = self.region;
        let mut ids: Vec<&str> = region
            .transit_gateway_attachments
            .iter()
            .filter(|a| {
                a.resource_type == "vpc"
                    && a.association_route_table_id.as_ref().is_none_or(|rt| {
                        !region
                            .transit_gateway_route_tables
                            .iter()
                            .any(|t| &t.id == rt && t.routes_read)
                    })
            })
            .map(|a| a.transit_gateway_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The ports on which addresses of `space` can reach host `b` directly: its security groups
    /// admit some address of the space, and its subnet's NACL lets that address in and the
    /// replies out. How the space's traffic is routed into the VPC (VPN, Direct Connect,
    /// transit gateway) is not traced.
    pub fn entry(&self, space: &IntervalSet<u32>, b: usize, wanted: &Wanted) -> Option<Entry> {
        let hb = &self.hosts[b];
        let mut ports = Vec::new();
        let mut evidence = Vec::new();
        for (protocol, want) in wanted {
            let mut admitted = PortSet::empty();
            let mut via: Option<u32> = None;
            for (g, r) in self.ingress(b) {
                let Some(p) = rule_ports(r, *protocol) else { continue };
                let hit = p.intersection(want);
                let overlap = match &r.peer {
                    Peer::Ipv4(n) => space.intersection(&IntervalSet::from_ranges([v4_range(n)])),
                    Peer::PrefixList(id) => self
                        .lists
                        .get(id)
                        .map(|(v4, _)| space.intersection(v4))
                        .unwrap_or_default(),
                    _ => IntervalSet::empty(),
                };
                if hit.is_empty() || overlap.is_empty() {
                    continue;
                }
                admitted = admitted.union(&hit);
                via = via.or(Some(overlap.ranges()[0].0));
                evidence.push(format!("{} ({}) admits it: {}", g.id, g.name, crate::describe::rule(r)));
            }
            let Some(addr) = via else { continue };
            let acl = hb
                .eni
                .subnet_id
                .as_deref()
                .zip(hb.eni.vpc_id.as_deref())
                .and_then(|(s, v)| acl_for_subnet(self.region, s, v));
            let open = match acl {
                Some(acl) if !allowed_ports(acl, true, Addr::V4(addr), *protocol).0.is_empty() => {
                    admitted.intersection(&allowed_ports(acl, false, Addr::V4(addr), *protocol).0)
                }
                _ => PortSet::empty(),
            };
            if !open.is_empty() {
                ports.push((*protocol, open));
            }
        }
        if ports.is_empty() {
            return None;
        }
        evidence.push("how the address space is routed into the VPC is not traced".into());
        Some(Entry {
            host: b,
            ports,
            evidence,
        })
    }

    /// Shortest paths from an address space (outside the account, e.g. on-premises) to the
    /// targets: the entry into the first host, then hops as in [`Graph::paths`].
    pub fn paths_from_space(
        &self,
        space: &IntervalSet<u32>,
        targets: &[usize],
        wanted: &Wanted,
        max_hops: usize,
    ) -> Vec<(Entry, Vec<Hop>)> {
        let any: Vec<(Protocol, PortSet)> = vec![(Protocol::Tcp, PortSet::full()), (Protocol::Udp, PortSet::full())];
        // Every host the space enters is a source; targets entered directly need no hop.
        let mut entries: Vec<Entry> = Vec::new();
        for b in 0..self.hosts.len() {
            if self.hosts[b].eni.requester_managed && !targets.contains(&b) {
                continue; // a managed interface is no stepping stone
            }
            let w: &Wanted = if targets.contains(&b) { wanted } else { &any };
            if let Some(e) = self.entry(space, b, w) {
                entries.push(e);
            }
        }
        let mut out: Vec<(Entry, Vec<Hop>)> = entries
            .iter()
            .filter(|e| targets.contains(&e.host))
            .map(|e| (e.clone(), Vec::new()))
            .collect();
        if max_hops > 1 {
            let sources: HashSet<usize> = entries
                .iter()
                .map(|e| e.host)
                .filter(|h| !targets.contains(h))
                .collect();
            for path in self.paths(&sources, targets, wanted, max_hops - 1) {
                if let Some(e) = path.first().and_then(|h| entries.iter().find(|e| e.host == h.from)) {
                    out.push((e.clone(), path));
                }
            }
        }
        out
    }

    /// Shortest paths (at most `max_hops`) from any of `sources` to any of `targets` on the
    /// wanted ports (the last hop must reach them; earlier hops may use any port): one search
    /// backwards from every target at once, so each host is expanded at most once.
    pub fn paths(
        &self,
        sources: &HashSet<usize>,
        targets: &[usize],
        wanted: &Wanted,
        max_hops: usize,
    ) -> Vec<Vec<Hop>> {
        let any: Vec<(Protocol, PortSet)> = vec![(Protocol::Tcp, PortSet::full()), (Protocol::Udp, PortSet::full())];
        // Targets are seeds, expanded once with the wanted ports. Any host, a target included,
        // is then discovered at most once as a predecessor and expanded once more with any port:
        // so an exposed host that is itself a target still gets its path to another target.
        // Dense per-host state: hosts are indexes.
        const UNSEEN: usize = usize::MAX;
        let mut next: Vec<Option<Hop>> = vec![None; self.hosts.len()];
        let mut depth: Vec<usize> = vec![UNSEEN; self.hosts.len()];
        let is_source: Vec<bool> = (0..self.hosts.len()).map(|i| sources.contains(&i)).collect();
        let mut queue: VecDeque<(usize, bool)> = targets.iter().map(|&t| (t, true)).collect();
        let mut reached = Vec::new();
        let mut seen = vec![0u32; self.hosts.len()];
        let mut epoch = 0u32;
        while let Some((b, seed)) = queue.pop_front() {
            epoch += 1;
            let d = if seed { 0 } else { depth[b] };
            if d >= max_hops {
                continue;
            }
            let w: &Wanted = if seed { wanted } else { &any };
            for a in self.candidates(b, w, &mut seen, epoch) {
                // Requester-managed interfaces (load balancer nodes, NAT gateways, endpoints,
                // RDS) run nobody's code: they can be reached, never moved through.
                if depth[a] != UNSEEN || self.hosts[a].eni.requester_managed {
                    continue;
                }
                let Some(hop) = self.hop(a, b, w) else { continue };
                depth[a] = d + 1;
                next[a] = Some(hop);
                if is_source[a] {
                    reached.push(a);
                } else {
                    queue.push_back((a, false));
                }
            }
        }
        reached.sort_unstable();
        let target_set: HashSet<usize> = targets.iter().copied().collect();
        reached
            .into_iter()
            .map(|s| {
                // Follow the hops until the first target: links may also lead from one target
                // to another, never needed past the first.
                let mut path: Vec<Hop> = Vec::new();
                let mut at = s;
                while let Some(h) = next[at].as_ref() {
                    path.push(h.clone());
                    at = h.to;
                    if target_set.contains(&at) || path.len() > max_hops {
                        break;
                    }
                }
                path
            })
            // A source that is itself a target may be led back to itself: that is no path.
            .filter(|p: &Vec<Hop>| p.first().zip(p.last()).is_some_and(|(f, l)| f.from != l.to))
            .collect()
    }
}

fn rule_ports(r: &SgRule, protocol: Protocol) -> Option<PortSet> {
    match r.protocol {
        Protocol::All => Some(PortSet::full()),
        p if p == protocol => r.ports.port_range().map(|(lo, hi)| PortSet::range(lo, hi)),
        _ => None,
    }
}

fn rule_hits(r: &SgRule, wanted: &Wanted) -> bool {
    wanted
        .iter()
        .any(|(p, w)| rule_ports(r, *p).is_some_and(|ports| ports.intersects(w)))
}
