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
//! attachment is associated with a T route table whose best route for B's address is active
//! and points at B's VPC attachment, and the same holds back (Transit Gateways Guide, "How
//! transit gateways work", route evaluation order: the most specific route; for the same
//! destination static routes, then prefix-list routes, then propagated ones). Where a transit
//! gateway's route tables were not read, [`Graph::untraced_transit_gateways`] names it. NACLs
//! of the attachment subnets are not evaluated.
//!
//! Through a load balancer L (application or network, internal or internet-facing), A reaches
//! a registered target T of a listener (default action or rule) when A reaches one of L's own
//! interfaces on the listener port (as a host: routes, L's security groups — none on a Network
//! Load Balancer without groups: every source —, A's egress, NACLs) and T's security groups
//! admit the source T sees: A itself when the target group preserves client addresses, else
//! L's interface; a rule for L's group admits both (semantics and sources in
//! `load_balancer.rs`). The hop is A → T on T's port; L's own egress is not evaluated.
//!
//! When no path joins two named hosts, [`Graph::why_not`] says what stops the direct way
//! (route table, peering, transit gateway attachment or route table, the way back, security
//! group, NACL) and the way through each load balancer in front of the target.
//!
//! Paths are found backwards from the targets, breadth first: a host's possible predecessors
//! come from indexes over its own rules (group → hosts carrying it, a sorted address index for
//! CIDRs), then each pair is checked exactly. No pair of hosts is compared blindly.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::Ipv4Addr;

use rampart_inventory::{
    Listener, LoadBalancer, NetworkInterface, Peer, Protocol, Region, RouteTarget, SecurityGroup, SgRule, TargetGroup,
};

use crate::address::v4_range;
use crate::interval::{IntervalSet, PortSet};
use crate::load_balancer::{listener_protocol, target_port, target_sees, Seen};
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
    /// The transit gateway, and the TGW route tables of the way there and of the way back.
    TransitGateway(&'a str, &'a str, &'a str),
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
    /// Load balancer forwarding: listener → target host, and the edges into each target host.
    lb_edges: Vec<LbEdge<'a>>,
    lb_into: HashMap<usize, Vec<usize>>,
}

/// One listener of a load balancer forwarding to one target host on one port.
struct LbEdge<'a> {
    lb: &'a LoadBalancer,
    listener: &'a Listener,
    tg: &'a TargetGroup,
    /// The load balancer's own interfaces, as hosts.
    nodes: Vec<usize>,
    target: usize,
    protocol: Protocol,
    port: u16,
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
        let lb_edges = lb_edges(region, &hosts);
        let mut lb_into: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, e) in lb_edges.iter().enumerate() {
            lb_into.entry(e.target).or_default().push(i);
        }
        Graph {
            hosts,
            region,
            lists,
            by_group,
            by_ip,
            lb_edges,
            lb_into,
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
        // The admitting rules of every protocol that opens, one line per group: a rule that
        // admits several protocols (all traffic) is named once, not once per protocol.
        let mut admitting: Vec<(String, Vec<String>)> = Vec::new();
        let mut ports = Vec::new();
        for (protocol, want) in wanted {
            let mut admitted = PortSet::empty();
            let mut rules: Vec<(String, String)> = Vec::new();
            for (g, r) in self.ingress(b) {
                if let Some(p) = rule_ports(r, *protocol) {
                    let hit = p.intersection(want);
                    if !hit.is_empty() && self.peer_matches(r, a) {
                        admitted = admitted.union(&hit);
                        rules.push((format!("{} ({})", g.id, g.name), crate::describe::rule(r)));
                    }
                }
            }
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
                for (group, rule) in rules {
                    admit(&mut admitting, group, rule);
                }
                ports.push((*protocol, open));
            }
        }
        if ports.is_empty() {
            return None;
        }
        let mut evidence = admits_lines(admitting);
        let how = match connected {
            Connection::SameVpc(vpc) => format!("{} and {} are in {vpc}", ha.eni.id, hb.eni.id),
            Connection::Peering(pcx) => format!("{} and {} are joined by the peering {pcx}", ha.eni.id, hb.eni.id),
            Connection::TransitGateway(tgw, there, back) => {
                format!(
                    "{} and {} are joined by transit gateway {tgw} (VPC routes both ways; TGW route table {there} there, {back} back)",
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
        self.link(a, b).ok()
    }

    /// How `a` and `b` are joined, or the first hop that stops it (VPC route table, peering,
    /// transit gateway attachment or route table, the same on the way back).
    fn link<'h>(&'h self, a: &'h Host, b: &Host) -> Result<Connection<'h>, String> {
        let vpc = |h: &Host| h.eni.vpc_id.clone().ok_or_else(|| format!("{} names no VPC", h.eni.id));
        let (va, vb) = (vpc(a)?, vpc(b)?);
        if va == vb {
            return Ok(Connection::SameVpc(a.eni.vpc_id.as_deref().unwrap_or_default()));
        }
        let route_to = |from: &Host, to: u32| -> Result<RouteTarget, String> {
            let (Some(s), Some(v)) = (from.eni.subnet_id.as_deref(), from.eni.vpc_id.as_deref()) else {
                return Err(format!("{} names no subnet", from.eni.id));
            };
            let (t, _) = table_for_subnet(self.region, s, v)
                .ok_or_else(|| format!("no route table was found for {s} (or the main table of {v})"))?;
            let ip = Ipv4Addr::from(to);
            match lookup_v4(t, to, self.lists) {
                None => Err(format!("{} (route table of {s}) has no route to {ip}", t.id)),
                Some(r) if !r.active => Err(format!(
                    "{} (route table of {s}) sends {ip} to a blackhole ({})",
                    t.id,
                    crate::describe::target(&r.target, r.active)
                )),
                Some(r) => Ok(r.target.clone()),
            }
        };
        let there = route_to(a, b.ip)?;
        let back = route_to(b, a.ip).map_err(|e| format!("the way back: {e}"))?;
        match (&there, &back) {
            (RouteTarget::VpcPeering(p1), RouteTarget::VpcPeering(p2)) if p1 == p2 => {
                let pcx = self
                    .region
                    .vpc_peering_connections
                    .iter()
                    .find(|p| &p.id == p1)
                    .ok_or_else(|| format!("the peering {p1} the routes use is not in the source"))?;
                if pcx.status != "active" {
                    return Err(format!("the peering {} is {}, not active", pcx.id, pcx.status));
                }
                let joins = pcx.requester_vpc_id == va && pcx.accepter_vpc_id == vb
                    || pcx.requester_vpc_id == vb && pcx.accepter_vpc_id == va;
                if !joins {
                    return Err(format!("the peering {} does not join {va} and {vb}", pcx.id));
                }
                Ok(Connection::Peering(&pcx.id))
            }
            (RouteTarget::TransitGateway(t1), RouteTarget::TransitGateway(t2)) if t1 == t2 => {
                let (ta, tb) = (
                    self.tgw_forwards(t1, &va, &vb, b.ip)?,
                    self.tgw_forwards(t1, &vb, &va, a.ip),
                );
                let (att, table_a) = ta;
                let (_, table_b) = tb.map_err(|e| format!("the way back: {e}"))?;
                Ok(Connection::TransitGateway(&att.transit_gateway_id, table_a, table_b))
            }
            _ => Err(format!(
                "{} sends {} to {}, and {} sends the replies to {}: not one peering or transit gateway",
                a.eni.id,
                Ipv4Addr::from(b.ip),
                crate::describe::target(&there, true),
                b.eni.id,
                crate::describe::target(&back, true)
            )),
        }
    }

    /// Through transit gateway `tgw` from VPC `from` to address `to_ip` in VPC `to` (VPC
    /// attachment → the TGW route table associated with it → the longest matching route, active,
    /// to `to`'s attachment: Transit Gateways Guide, "Transit gateway route tables"). Gives the
    /// source attachment and the table, or what stops it.
    fn tgw_forwards(
        &self,
        tgw: &str,
        from: &str,
        to: &str,
        to_ip: u32,
    ) -> Result<(&'a rampart_inventory::TransitGatewayAttachment, &'a str), String> {
        let region = self.region;
        let attachment = |vpc: &str| {
            region.transit_gateway_attachments.iter().find(|x| {
                x.transit_gateway_id == tgw
                    && x.resource_type == "vpc"
                    && x.resource_id == vpc
                    && x.state == "available"
            })
        };
        let att_from = attachment(from).ok_or_else(|| format!("{tgw} has no available attachment for {from}"))?;
        let att_to = attachment(to).ok_or_else(|| format!("{tgw} has no available attachment for {to}"))?;
        let table_id = att_from
            .association_route_table_id
            .as_deref()
            .ok_or_else(|| format!("{} ({from}) is associated with no route table of {tgw}", att_from.id))?;
        let table = region
            .transit_gateway_route_tables
            .iter()
            .find(|t| t.id == table_id && t.routes_read)
            .ok_or_else(|| {
                format!("the routes of {table_id} were not read (`aws ec2 search-transit-gateway-routes`): not traced")
            })?;
        let ip = Ipv4Addr::from(to_ip);
        // Route evaluation order ("How transit gateways work"): the most specific route; for the
        // same destination, static routes, then prefix-list routes, then propagated routes.
        let (net, _, best) = table
            .routes
            .iter()
            .filter_map(|r| {
                let (net, rank) = match &r.destination {
                    rampart_inventory::RouteDestination::Ipv4(n) => (*n, if r.route_type == "static" { 2 } else { 0 }),
                    rampart_inventory::RouteDestination::PrefixList(id) => {
                        let n = self.lists.entries(id)?.iter().filter_map(|e| match e {
                            ipnet::IpNet::V4(n) => Some(*n),
                            ipnet::IpNet::V6(_) => None,
                        });
                        let n = n.filter(|n| n.contains(&ip)).max_by_key(|n| n.prefix_len())?;
                        (n, 1)
                    }
                    _ => return None,
                };
                net.contains(&ip).then_some((net, rank, r))
            })
            .max_by_key(|(n, rank, _)| (n.prefix_len(), *rank))
            .ok_or_else(|| format!("{table_id} (associated with {}) has no route to {ip}", att_from.id))?;
        if best.state != "active" {
            return Err(format!("{table_id} routes {net} ({ip}) to a {}", best.state));
        }
        if !best.attachment_ids.contains(&att_to.id) {
            return Err(format!(
                "{table_id} sends {ip} ({net}) to {}, not to {} ({to})",
                best.attachment_ids.join(", "),
                att_to.id
            ));
        }
        Ok((att_from, table.id.as_str()))
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
        let mut admitting: Vec<(String, Vec<String>)> = Vec::new();
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
                admit(
                    &mut admitting,
                    format!("{} ({})", g.id, g.name),
                    crate::describe::rule(r),
                );
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
        let mut evidence = admits_lines(admitting);
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
            let mut found: Vec<(usize, Hop)> = Vec::new();
            for a in self.candidates(b, w, &mut seen, epoch) {
                // Requester-managed interfaces (load balancer nodes, NAT gateways, endpoints,
                // RDS) run nobody's code: they can be reached, never moved through.
                if depth[a] != UNSEEN || self.hosts[a].eni.requester_managed {
                    continue;
                }
                if let Some(hop) = self.hop(a, b, w) {
                    found.push((a, hop));
                }
            }
            // Through a load balancer that forwards to b: who reaches one of its listeners.
            for &edge in self.lb_into.get(&b).into_iter().flatten() {
                epoch += 1;
                for a in self.lb_candidates(&self.lb_edges[edge], &mut seen, epoch) {
                    if depth[a] != UNSEEN || self.hosts[a].eni.requester_managed || found.iter().any(|(x, _)| *x == a) {
                        continue;
                    }
                    if let Ok(hop) = self.lb_hop(a, &self.lb_edges[edge], w) {
                        found.push((a, hop));
                    }
                }
            }
            for (a, hop) in found {
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

impl<'a> Graph<'a> {
    /// Why `a` does not reach `b` on the wanted ports: directly (the first hop component that
    /// stops it: route table, peering, transit gateway attachment or route table, security
    /// group, NACL), and through each load balancer that forwards to `b`. Empty when it does.
    pub fn why_not(&self, a: usize, b: usize, wanted: &Wanted) -> Vec<String> {
        let mut out = Vec::new();
        if self.hop(a, b, wanted).is_some() {
            return out;
        }
        out.push(format!("directly: {}", self.why_hop(a, b, wanted)));
        for &edge in self.lb_into.get(&b).into_iter().flatten() {
            let e = &self.lb_edges[edge];
            match self.lb_hop(a, e, wanted) {
                Ok(_) => return Vec::new(),
                Err(why) => out.push(format!(
                    "through load balancer {} (listener {} {}): {why}",
                    e.lb.name, e.listener.protocol, e.listener.port
                )),
            }
        }
        out
    }

    /// The first component that stops the direct hop from `a` to `b`.
    fn why_hop(&self, a: usize, b: usize, wanted: &Wanted) -> String {
        let (ha, hb) = (&self.hosts[a], &self.hosts[b]);
        if let Err(why) = self.link(ha, hb) {
            return why;
        }
        let ports = describe_wanted(wanted);
        let mut admitted_any = false;
        let mut sent_any = false;
        for (protocol, want) in wanted {
            let admitted = self
                .ingress(b)
                .filter(|(_, r)| self.peer_matches(r, a))
                .filter_map(|(_, r)| rule_ports(r, *protocol))
                .fold(PortSet::empty(), |acc, p| acc.union(&p.intersection(want)));
            if admitted.is_empty() {
                continue;
            }
            admitted_any = true;
            let sent = self
                .egress(a)
                .filter(|(_, r)| self.peer_matches(r, b))
                .filter_map(|(_, r)| rule_ports(r, *protocol))
                .fold(PortSet::empty(), |acc, p| acc.union(&p));
            if admitted.intersection(&sent).is_empty() {
                continue;
            }
            sent_any = true;
        }
        let groups = |h: &Host| h.eni.security_group_ids.join(", ");
        if !admitted_any {
            return format!(
                "no security group of {} ({}) admits {} on {ports}",
                hb.eni.id,
                groups(hb),
                Ipv4Addr::from(ha.ip)
            );
        }
        if !sent_any {
            return format!(
                "the security groups of {} ({}) do not let it send to {} on {ports}",
                ha.eni.id,
                groups(ha),
                Ipv4Addr::from(hb.ip)
            );
        }
        let acl = |h: &Host| {
            h.eni
                .subnet_id
                .as_deref()
                .zip(h.eni.vpc_id.as_deref())
                .and_then(|(s, v)| acl_for_subnet(self.region, s, v))
        };
        match (acl(ha), acl(hb)) {
            (Some(x), Some(y)) => format!(
                "the network ACLs {} ({}) and {} ({}) do not let it through on {ports}, or not the replies back (stateless)",
                x.id,
                ha.eni.subnet_id.as_deref().unwrap_or("?"),
                y.id,
                hb.eni.subnet_id.as_deref().unwrap_or("?")
            ),
            _ => "the network ACL of a subnet on the way was not found".into(),
        }
    }

    /// Hosts that could reach one of the edge's load balancer interfaces on its listener port:
    /// by the load balancer's security groups; without groups (a Network Load Balancer), any.
    fn lb_candidates(&self, e: &LbEdge, seen: &mut [u32], epoch: u32) -> Vec<usize> {
        if e.lb.security_group_ids.is_empty() {
            return (0..self.hosts.len()).filter(|&a| a != e.target).collect();
        }
        let on_listener = [(e.protocol, PortSet::range(e.listener.port, e.listener.port))];
        let mut out = Vec::new();
        for &n in &e.nodes {
            out.extend(self.candidates(n, &on_listener, seen, epoch));
        }
        out
    }

    /// `a` → the load balancer's listener → the target, when the target's port is wanted
    /// (semantics in `load_balancer.rs`: which source the target sees).
    fn lb_hop(&self, a: usize, e: &LbEdge, wanted: &Wanted) -> Result<Hop, String> {
        let want = wanted.iter().any(|(p, w)| *p == e.protocol && w.contains(e.port));
        if !want {
            return Err(format!(
                "it forwards to port {}, not one of {}",
                e.port,
                describe_wanted(wanted)
            ));
        }
        let ha = &self.hosts[a];
        let lport = e.listener.port;
        let mut why_node = format!("none of {}'s network interfaces is in the source", e.lb.name);
        let mut via = None;
        for &n in &e.nodes {
            match self.reaches_node(a, n, e) {
                Ok(ev) => {
                    via = Some((n, ev));
                    break;
                }
                Err(w) => why_node = w,
            }
        }
        let Some((node, node_evidence)) = via else {
            return Err(format!("{} does not reach its listener: {why_node}", ha.eni.id));
        };
        let settings: Vec<bool> = match target_sees(e.lb, Some(e.tg)) {
            Seen::Client(_) => vec![true],
            Seen::LoadBalancer(_) => vec![false],
            Seen::Unknown(default) => vec![default, !default],
        };
        let mut results = Vec::new();
        for client in &settings {
            results.push((*client, self.lb_admits(a, node, e, *client)));
        }
        let passing: Vec<&(bool, Result<String, String>)> = results.iter().filter(|(_, r)| r.is_ok()).collect();
        let Some((client, Ok(rule))) = passing.first().map(|x| (x.0, x.1.as_ref())) else {
            let why = results
                .iter()
                .filter_map(|(_, r)| r.as_ref().err())
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            return Err(why);
        };
        let mut evidence = node_evidence;
        let seen = if client {
            format!("the target sees the client's address ({})", Ipv4Addr::from(ha.ip))
        } else {
            format!(
                "the target sees the load balancer's address ({})",
                Ipv4Addr::from(self.hosts[node].ip)
            )
        };
        evidence.push(format!(
            "load balancer {} forwards listener {} {lport} to target group {} → {}:{}; {seen}",
            e.lb.name, e.listener.protocol, e.tg.name, self.hosts[e.target].eni.id, e.port
        ));
        evidence.push(rule.clone());
        if passing.len() < results.len() {
            evidence.push(format!(
                "unverified: the attributes of target group {} were not read (`aws elbv2 describe-target-group-attributes`): this holds only if client IP preservation is {}",
                e.tg.name,
                if client { "on" } else { "off" }
            ));
        }
        Ok(Hop {
            from: a,
            to: e.target,
            ports: vec![(e.protocol, PortSet::range(e.port, e.port))],
            evidence,
        })
    }

    /// `a` opens a connection to load balancer interface `n` on the listener port.
    fn reaches_node(&self, a: usize, n: usize, e: &LbEdge) -> Result<Vec<String>, String> {
        let (ha, hn) = (&self.hosts[a], &self.hosts[n]);
        let lport = e.listener.port;
        let how = self.link(ha, hn)?;
        let mut evidence = vec![match how {
            Connection::SameVpc(vpc) => format!("{} and load balancer {} are in {vpc}", ha.eni.id, e.lb.name),
            Connection::Peering(p) => format!(
                "{} reaches load balancer {} through the peering {p}",
                ha.eni.id, e.lb.name
            ),
            Connection::TransitGateway(t, x, y) => format!(
                "{} reaches load balancer {} through transit gateway {t} (TGW route tables {x}, {y})",
                ha.eni.id, e.lb.name
            ),
        }];
        if e.lb.security_group_ids.is_empty() {
            evidence.push(format!(
                "{} has no security groups: its listeners admit every source",
                e.lb.name
            ));
        } else {
            let rule = self
                .ingress(n)
                .find(|(_, r)| self.peer_matches(r, a) && rule_ports(r, e.protocol).is_some_and(|p| p.contains(lport)));
            match rule {
                Some((g, r)) => evidence.push(format!("{} ({}) admits it: {}", g.id, g.name, crate::describe::rule(r))),
                None => {
                    return Err(format!(
                        "the security groups of {} ({}) do not admit {} on {}/{lport}",
                        e.lb.name,
                        e.lb.security_group_ids.join(", "),
                        Ipv4Addr::from(ha.ip),
                        e.protocol.cli_name()
                    ))
                }
            }
        }
        let sent = self
            .egress(a)
            .any(|(_, r)| self.peer_matches(r, n) && rule_ports(r, e.protocol).is_some_and(|p| p.contains(lport)));
        if !sent {
            return Err(format!(
                "the security groups of {} do not let it send to {} on {}/{lport}",
                ha.eni.id,
                Ipv4Addr::from(hn.ip),
                e.protocol.cli_name()
            ));
        }
        if ha.eni.subnet_id != hn.eni.subnet_id && !self.nacls(ha, hn, e.protocol).contains(lport) {
            return Err(format!(
                "the network ACLs between {} and {} do not let {}/{lport} through (or the replies back)",
                ha.eni.subnet_id.as_deref().unwrap_or("?"),
                hn.eni.subnet_id.as_deref().unwrap_or("?"),
                e.protocol.cli_name()
            ));
        }
        Ok(evidence)
    }

    /// The target admits what it sees from the load balancer: the client `a` (preservation on)
    /// or the load balancer interface `n`; a rule for the load balancer's group admits both.
    fn lb_admits(&self, a: usize, n: usize, e: &LbEdge, client: bool) -> Result<String, String> {
        let t = e.target;
        let source = if client { a } else { n };
        let rule = self.ingress(t).find(|(_, r)| {
            rule_ports(r, e.protocol).is_some_and(|p| p.contains(e.port))
                && (self.peer_matches(r, source)
                    || matches!(&r.peer, Peer::Group { group_id, .. } if e.lb.security_group_ids.contains(group_id)))
        });
        let who = if client {
            format!(
                "the client {} (client IP preservation is on)",
                Ipv4Addr::from(self.hosts[a].ip)
            )
        } else {
            format!("the load balancer's address {}", Ipv4Addr::from(self.hosts[n].ip))
        };
        let Some((g, r)) = rule else {
            return Err(format!(
                "no security group of the target {} admits {who} on {}/{}",
                self.hosts[t].eni.id,
                e.protocol.cli_name(),
                e.port
            ));
        };
        // The target subnet's NACL sees the same source, when the packet crosses subnets.
        let (hs, ht) = (&self.hosts[source], &self.hosts[t]);
        let from_subnet = self.hosts[n].eni.subnet_id.as_deref();
        if from_subnet != ht.eni.subnet_id.as_deref() {
            let acl = ht
                .eni
                .subnet_id
                .as_deref()
                .zip(ht.eni.vpc_id.as_deref())
                .and_then(|(s, v)| acl_for_subnet(self.region, s, v));
            let ok = acl.is_some_and(|acl| {
                allowed_ports(acl, false, Addr::V4(hs.ip), e.protocol)
                    .0
                    .contains(e.port)
                    && !allowed_ports(acl, true, Addr::V4(hs.ip), e.protocol).0.is_empty()
            });
            if !ok {
                return Err(format!(
                    "the network ACL of {} does not let {who} reach port {} (or the replies back)",
                    ht.eni.subnet_id.as_deref().unwrap_or("?"),
                    e.port
                ));
            }
        }
        Ok(format!("{} ({}) admits it: {}", g.id, g.name, crate::describe::rule(r)))
    }
}

/// Every load balancer listener → target host edge of a region (application and network load
/// balancers: default actions and rules; targets whose health was read).
fn lb_edges<'a>(region: &'a Region, hosts: &[Host<'a>]) -> Vec<LbEdge<'a>> {
    let mut out = Vec::new();
    for lb in region
        .load_balancers
        .iter()
        .filter(|lb| matches!(lb.lb_type.as_str(), "application" | "network"))
    {
        let nodes: Vec<usize> = crate::load_balancer::lb_interfaces(region, lb)
            .iter()
            .filter_map(|n| hosts.iter().position(|h| h.eni.id == n.id))
            .collect();
        for listener in &lb.listeners {
            let protocol = listener_protocol(&listener.protocol);
            for arn in listener.forwarded_target_groups() {
                let Some(tg) = region.target_groups.iter().find(|t| t.arn == arn) else {
                    continue;
                };
                for t in &tg.targets {
                    let Some(port) = target_port(t, tg) else { continue };
                    for (i, h) in hosts.iter().enumerate() {
                        if h.eni.attached_instance_id.as_deref() == Some(t.id.as_str())
                            || h.eni.private_ips.contains(&t.id)
                        {
                            out.push(LbEdge {
                                lb,
                                listener,
                                tg,
                                nodes: nodes.clone(),
                                target: i,
                                protocol,
                                port,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// `tcp/5432, udp/53`: the wanted ports, for a reader.
fn describe_wanted(wanted: &Wanted) -> String {
    wanted
        .iter()
        .map(|(p, s)| format!("{}/{}", p.cli_name(), s.display()))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Adds `rule` to `group`'s admitting rules, once: a rule of every protocol (all traffic) is met
/// once per protocol it opens.
fn admit(admitting: &mut Vec<(String, Vec<String>)>, group: String, rule: String) {
    match admitting.iter_mut().find(|(name, _)| *name == group) {
        Some((_, list)) if list.contains(&rule) => {}
        Some((_, list)) => list.push(rule),
        None => admitting.push((group, vec![rule])),
    }
}

/// One evidence line per group: `sg-… (name) admits it: RULE, RULE`.
fn admits_lines(admitting: Vec<(String, Vec<String>)>) -> Vec<String> {
    admitting
        .into_iter()
        .map(|(g, list)| format!("{g} admits it: {}", list.join(", ")))
        .collect()
}
