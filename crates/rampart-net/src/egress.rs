//! Which hosts can open connections to the internet, on which ports, and through what.
//!
//! A host can reach a public destination D on (protocol, port) when (Amazon VPC user guide:
//! "Internet gateways", "NAT gateways", "Egress-only internet gateways", route tables, NACLs,
//! security groups):
//! 1. a security group of the interface admits D on the port outbound;
//! 2. the subnet's NACL lets (D, port) out, first match by rule number, and lets D's replies in
//!    on some port (stateless);
//! 3. the subnet's route for D (longest prefix, not a blackhole) leads out:
//!    - an internet gateway attached to the VPC, and the interface has a public address of D's
//!      family (an IGW drops traffic from private addresses);
//!    - a NAT gateway that is `available`, `public`, and whose own subnet routes D to the
//!      internet gateway (IPv4);
//!    - an egress-only internet gateway (IPv6);
//!    - an endpoint of a Network Firewall or Gateway Load Balancer (any CIDR route to a VPC
//!      endpoint: gateway endpoints take only prefix-list routes): out through inspection,
//!      whose own path is not traced; a NAT gateway whose subnet sends D to such an endpoint
//!      is inspected egress too ("Inspection architectures for AWS Network Firewall");
//!    - a transit gateway: possibly centralised egress, not traced (reported as unknown).
//!
//! The destinations are the public address space less the VPC's own blocks: the `local` route
//! covers exactly the VPC's CIDRs ("Route tables": "the local route ... for communication
//! within the VPC"), so an IPv6 block of the VPC (global unicast, hence public) is not
//! internet, and a `::/0` route to an internet or egress-only gateway reaches every IPv6
//! address outside the VPC. The space is cut at every boundary involved and each piece judged
//! once.

use rampart_inventory::{NetworkInterface, Protocol, Region, RouteTarget, SgRule};

use crate::address::{public_v4, public_v6, v4_range, v6_range};
use crate::interval::{IntervalSet, Point, PortSet};
use crate::nacl::{acl_for_subnet, allowed_ports, Addr};
use crate::route::{lookup_v4, lookup_v6, table_for_subnet};
use crate::sg::PrefixLists;

/// How traffic leaves.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    InternetGateway(String),
    NatGateway(String),
    EgressOnlyGateway(String),
    /// A Network Firewall or Gateway Load Balancer endpoint: inspected, not traced further.
    Inspection(String),
    /// A NAT gateway whose own subnet sends the traffic through an inspection endpoint.
    InspectedNat {
        nat: String,
        endpoint: String,
    },
    /// A transit gateway: egress may be centralised elsewhere; not traced.
    TransitGateway(String),
}

impl Exit {
    pub fn describe(&self) -> String {
        match self {
            Exit::InternetGateway(id) => format!("internet gateway {id}"),
            Exit::NatGateway(id) => format!("NAT gateway {id}"),
            Exit::EgressOnlyGateway(id) => format!("egress-only internet gateway {id}"),
            Exit::Inspection(id) => format!(
                "inspection endpoint {id} (AWS Network Firewall or a third-party appliance; not traced further)"
            ),
            Exit::InspectedNat { nat, endpoint } => format!(
                "NAT gateway {nat}, then inspection endpoint {endpoint} (AWS Network Firewall or a third-party appliance; not traced further)"
            ),
            Exit::TransitGateway(id) => format!("transit gateway {id} (not traced further)"),
        }
    }

    /// True when the traffic certainly reaches the internet (not through inspection or a TGW).
    /// The inspection endpoint on the way out, if any.
    pub fn inspection(&self) -> Option<&str> {
        match self {
            Exit::Inspection(e) | Exit::InspectedNat { endpoint: e, .. } => Some(e),
            _ => None,
        }
    }

    pub fn is_direct(&self) -> bool {
        matches!(
            self,
            Exit::InternetGateway(_) | Exit::NatGateway(_) | Exit::EgressOnlyGateway(_)
        )
    }
}

/// One host's way out, for one address family.
#[derive(Debug, Clone, PartialEq)]
pub struct Egress<'a> {
    pub eni: &'a NetworkInterface,
    /// `IPv4` or `IPv6`.
    pub family: &'static str,
    pub exits: Vec<Exit>,
    /// Ports open to every public destination (the exfiltration question), per protocol.
    pub tcp_everywhere: PortSet,
    pub udp_everywhere: PortSet,
    /// Ports open to at least some public destination.
    pub tcp_somewhere: PortSet,
    pub udp_somewhere: PortSet,
    /// Every protocol to every public destination (a `-1` rule that nothing narrows).
    pub all_traffic: bool,
}

/// Judges a region's egress when every input it needs was read (the exposure's, internet
/// gateways included: without them no way out could be named); else says what is missing.
pub fn analyze_checked<'a>(
    inventory: &rampart_inventory::Inventory,
    region: &'a Region,
    lists: &PrefixLists,
) -> Result<Vec<Egress<'a>>, String> {
    match crate::exposure::missing(inventory, region) {
        None => Ok(analyze(region, lists)),
        Some(reason) => Err(reason),
    }
}

/// Every interface's egress, for both families; interfaces that cannot leave are omitted.
pub fn analyze<'a>(region: &'a Region, lists: &PrefixLists) -> Vec<Egress<'a>> {
    let by_id: std::collections::HashMap<&str, &rampart_inventory::SecurityGroup> =
        region.security_groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let ips = crate::public_ip::PublicIps::new(region);
    let mut out = Vec::new();
    for eni in &region.network_interfaces {
        if eni
            .interface_type
            .as_deref()
            .is_some_and(|t| t != "interface" && t != "lambda")
        {
            continue;
        }
        let rules: Vec<&SgRule> = eni
            .security_group_ids
            .iter()
            .filter_map(|g| by_id.get(g.as_str()))
            .flat_map(|g| &g.egress)
            .collect();
        let public_v4 = ips.has(eni);
        out.extend(family(region, eni, &rules, lists, true, public_v4));
        out.extend(family(region, eni, &rules, lists, false, public_v4));
    }
    out
}

fn family<'a>(
    region: &'a Region,
    eni: &'a NetworkInterface,
    rules: &[&SgRule],
    lists: &PrefixLists,
    v4: bool,
    has_public_v4: bool,
) -> Option<Egress<'a>> {
    let (subnet, vpc) = (eni.subnet_id.as_deref()?, eni.vpc_id.as_deref()?);
    let (table, _) = table_for_subnet(region, subnet, vpc)?;
    let acl = acl_for_subnet(region, subnet, vpc)?;
    let igw = region
        .internet_gateways
        .iter()
        .find(|g| g.vpc_ids.iter().any(|v| v == vpc))
        .map(|g| g.id.as_str());
    let has_public = if v4 {
        has_public_v4
    } else {
        !eni.ipv6_addresses.is_empty()
    };
    if v4 {
        let sources: Vec<(IntervalSet<u32>, &SgRule)> = rules
            .iter()
            .filter_map(|r| rule_set_v4(r, lists).map(|s| (s, *r)))
            .collect();
        let route = |d: u32| lookup_v4(table, d, lists);
        let exit = |d: u32| {
            exit_for(region, route(d), igw, has_public, |sub, vpc| {
                nat_reaches(region, sub, vpc, igw, d, lists)
            })
        };
        let internet = public_v4().intersection(&local_v4(table).complement());
        let mut bounds: Vec<(u32, u32)> = sources.iter().flat_map(|(s, _)| s.ranges().to_vec()).collect();
        let mut b6 = Vec::new();
        crate::route::boundaries(table, lists, &mut bounds, &mut b6);
        crate::nacl::boundaries(acl, &mut bounds, &mut b6);
        sweep(eni, "IPv4", &internet, &bounds, &sources, exit, Addr::V4, acl)
    } else {
        let sources: Vec<(IntervalSet<u128>, &SgRule)> = rules
            .iter()
            .filter_map(|r| rule_set_v6(r, lists).map(|s| (s, *r)))
            .collect();
        let route = |d: u128| lookup_v6(table, d, lists);
        let exit = |d: u128| exit_for(region, route(d), igw, has_public, |_, _| None);
        let internet = public_v6().intersection(&local_v6(table).complement());
        let mut bounds: Vec<(u128, u128)> = sources.iter().flat_map(|(s, _)| s.ranges().to_vec()).collect();
        let mut b4 = Vec::new();
        crate::route::boundaries(table, lists, &mut b4, &mut bounds);
        crate::nacl::boundaries(acl, &mut b4, &mut bounds);
        sweep(eni, "IPv6", &internet, &bounds, &sources, exit, Addr::V6, acl)
    }
}

/// The destinations of the table's `local` routes: the VPC's own blocks, never the internet.
fn local_v4(table: &rampart_inventory::RouteTable) -> IntervalSet<u32> {
    IntervalSet::from_ranges(table.routes.iter().filter_map(|r| match (&r.target, &r.destination) {
        (RouteTarget::Local, rampart_inventory::RouteDestination::Ipv4(n)) => Some(v4_range(n)),
        _ => None,
    }))
}

fn local_v6(table: &rampart_inventory::RouteTable) -> IntervalSet<u128> {
    IntervalSet::from_ranges(table.routes.iter().filter_map(|r| match (&r.target, &r.destination) {
        (RouteTarget::Local, rampart_inventory::RouteDestination::Ipv6(n)) => Some(v6_range(n)),
        _ => None,
    }))
}

fn rule_set_v4(r: &SgRule, lists: &PrefixLists) -> Option<IntervalSet<u32>> {
    match &r.peer {
        rampart_inventory::Peer::Ipv4(n) => Some(IntervalSet::from_ranges([v4_range(n)])),
        rampart_inventory::Peer::PrefixList(id) => lists.get(id).map(|(a, _)| a.clone()),
        _ => None,
    }
}

fn rule_set_v6(r: &SgRule, lists: &PrefixLists) -> Option<IntervalSet<u128>> {
    match &r.peer {
        rampart_inventory::Peer::Ipv6(n) => Some(IntervalSet::from_ranges([v6_range(n)])),
        rampart_inventory::Peer::PrefixList(id) => lists.get(id).map(|(_, b)| b.clone()),
        _ => None,
    }
}

/// Where a route for a public destination leads, if out.
fn exit_for(
    region: &Region,
    route: Option<&rampart_inventory::Route>,
    igw: Option<&str>,
    has_public: bool,
    nat_ok: impl Fn(&str, &str) -> Option<Option<String>>,
) -> Option<Exit> {
    let r = route.filter(|r| r.active)?;
    match &r.target {
        RouteTarget::InternetGateway(id) if Some(id.as_str()) == igw && has_public => {
            Some(Exit::InternetGateway(id.clone()))
        }
        RouteTarget::NatGateway(id) => {
            let nat = region.nat_gateways.iter().find(|n| &n.id == id)?;
            if nat.state != "available" || nat.connectivity == "private" {
                return None;
            }
            match nat_ok(&nat.subnet_id, &nat.vpc_id)? {
                None => Some(Exit::NatGateway(id.clone())),
                Some(endpoint) => Some(Exit::InspectedNat {
                    nat: id.clone(),
                    endpoint,
                }),
            }
        }
        RouteTarget::EgressOnlyInternetGateway(id) => Some(Exit::EgressOnlyGateway(id.clone())),
        RouteTarget::VpcEndpoint(id) if crate::exposure::is_inspection(region, id) => {
            Some(Exit::Inspection(id.clone()))
        }
        RouteTarget::TransitGateway(id) => Some(Exit::TransitGateway(id.clone())),
        _ => None,
    }
}

/// A NAT gateway forwards to D when its own subnet routes D to the VPC's internet gateway
/// (Some(None)), or through an inspection endpoint (Some(Some(endpoint))).
fn nat_reaches(
    region: &Region,
    subnet: &str,
    vpc: &str,
    igw: Option<&str>,
    d: u32,
    lists: &PrefixLists,
) -> Option<Option<String>> {
    let (table, _) = table_for_subnet(region, subnet, vpc)?;
    let r = lookup_v4(table, d, lists).filter(|r| r.active)?;
    match &r.target {
        RouteTarget::InternetGateway(id) if Some(id.as_str()) == igw => Some(None),
        RouteTarget::VpcEndpoint(id) if crate::exposure::is_inspection(region, id) => Some(Some(id.clone())),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn sweep<'a, P: Point + 'static>(
    eni: &'a NetworkInterface,
    family: &'static str,
    internet: &IntervalSet<P>,
    bounds: &[(P, P)],
    rules: &[(IntervalSet<P>, &SgRule)],
    exit: impl Fn(P) -> Option<Exit>,
    addr: impl Fn(P) -> Addr,
    acl: &rampart_inventory::NetworkAcl,
) -> Option<Egress<'a>> {
    let mut cuts: Vec<P> = Vec::new();
    for &(lo, hi) in internet.ranges().iter().chain(bounds) {
        cuts.push(lo);
        if let Some(n) = hi.succ() {
            cuts.push(n);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut exits: Vec<Exit> = Vec::new();
    let (mut tcp_all, mut udp_all) = (PortSet::full(), PortSet::full());
    let (mut tcp_some, mut udp_some) = (PortSet::empty(), PortSet::empty());
    let mut all_traffic = true;
    let mut any_public = false;
    for &d in cuts.iter().filter(|d| internet.contains(**d)) {
        any_public = true;
        let Some(way) = exit(d) else {
            tcp_all = PortSet::empty();
            udp_all = PortSet::empty();
            all_traffic = false;
            continue;
        };
        let ports = |protocol: Protocol| {
            let mut sg = PortSet::empty();
            for (set, r) in rules {
                if set.contains(d) {
                    if r.protocol == Protocol::All {
                        sg = PortSet::full();
                    } else if r.protocol == protocol {
                        if let Some((lo, hi)) = r.ports.port_range() {
                            sg = sg.union(&PortSet::range(lo, hi));
                        }
                    }
                }
            }
            let out = sg.intersection(&allowed_ports(acl, true, addr(d), protocol).0);
            if allowed_ports(acl, false, addr(d), protocol).0.is_empty() {
                PortSet::empty()
            } else {
                out
            }
        };
        let (tcp, udp) = (ports(Protocol::Tcp), ports(Protocol::Udp));
        let all = rules.iter().any(|(s, r)| r.protocol == Protocol::All && s.contains(d))
            && allowed_ports(acl, true, addr(d), Protocol::Icmp).0.is_full()
            && tcp.is_full()
            && udp.is_full();
        all_traffic &= all;
        if (!tcp.is_empty() || !udp.is_empty()) && !exits.contains(&way) {
            exits.push(way);
        }
        tcp_all = tcp_all.intersection(&tcp);
        udp_all = udp_all.intersection(&udp);
        tcp_some = tcp_some.union(&tcp);
        udp_some = udp_some.union(&udp);
    }
    if !any_public || exits.is_empty() {
        return None;
    }
    exits.sort();
    Some(Egress {
        eni,
        family,
        exits,
        tcp_everywhere: tcp_all,
        udp_everywhere: udp_all,
        tcp_somewhere: tcp_some,
        udp_somewhere: udp_some,
        all_traffic,
    })
}
