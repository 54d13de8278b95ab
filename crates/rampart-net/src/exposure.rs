//! Effective internet exposure of network interfaces: which public sources can open a
//! connection to which ports, and the path that allows it.
//!
//! An interface is reachable from an internet source S on (protocol, port) when, for the
//! address family of S (Amazon VPC user guide: "Internet gateways", "Route tables",
//! "Network ACLs", "Security groups"):
//! 1. it has a public address of that family: a public or Elastic IPv4 address, or an IPv6
//!    address inside the public (global unicast) space (IPv4 addresses shown only by the
//!    instance or the Elastic IP answer count too: [`crate::public_ip`]);
//! 2. an internet gateway is attached to its VPC (an egress-only gateway admits no inbound
//!    connection);
//! 3. its subnet's route table (explicit, else the VPC's main table) sends replies to S to that
//!    internet gateway: the longest matching route for S targets it and is not a blackhole —
//!    without that, no connection completes, so a public IP in a subnet without an internet
//!    route is not exposed;
//! 4. the subnet's NACL lets (S, protocol, port) in, first match by rule number, and lets the
//!    replies to S out on some port (the client picks its source port);
//! 5. a security group of the interface admits (S, protocol, port). The rules of every group
//!    on the interface are aggregated into one set ("Security group rules").
//!
//! Ingress routing (Amazon VPC user guide, "Gateway route tables"; "Inspection architectures
//! for AWS Network Firewall"): a route table edge-associated with the internet gateway sends
//! inbound traffic for the subnet to a Gateway Load Balancer or Network Firewall endpoint, which
//! forwards it to the host after inspection. The host is reachable *through* the appliance; its
//! rules are not evaluated, so the path names the endpoint. A route to a VPC endpoint for an
//! internet destination can only be such an endpoint (gateway endpoints route prefix lists).
//!
//! An interface attached to a stopped instance, or attached to nothing (`Status` `available`),
//! is judged as it would be when started or attached, and marked [`Standby`]: nothing answers
//! today. ICMP is judged per type and code ([`crate::icmp`]): an exposure's ports are then the
//! encoded (type, code) range.
//!
//! The address space is cut at every boundary of the rules involved, so each piece is judged
//! once, exactly: no sampling, no all-pairs comparison. NAT gateway interfaces are skipped:
//! they carry public addresses but accept no inbound connections.

use rampart_inventory::{
    InternetGateway, Inventory, NetworkAcl, NetworkInterface, Peer, Protocol, Region, ResourceKind, RouteTable,
    RouteTarget, SecurityGroup, SgRule, Status,
};

use crate::address::{public_v4, public_v6, v4_range, v6_range};
use crate::cidr::{v4_cidrs, v6_cidrs};
use crate::interval::{IntervalSet, Point, PortSet};
use crate::nacl::{acl_for_subnet, allowed_ports, deciding_rule, describe_entry, Addr};
use crate::public_ip::PublicIps;
use crate::route::{describe_destination, lookup_v4, lookup_v6, table_for_subnet};
use crate::sg::PrefixLists;

/// One component on the path of a verdict, for a reader to check by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// `public-address`, `internet-gateway`, `route-table`, `network-acl`, `security-group`.
    pub component: &'static str,
    pub id: String,
    pub detail: String,
}

/// A reachable (interface, protocol, port range) and who can reach it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure<'a> {
    pub eni: &'a NetworkInterface,
    /// The public address the sources connect to.
    pub address: String,
    pub protocol: Protocol,
    /// Inclusive port range; (0, 65535) for ICMP, whose ports do not apply.
    pub from_port: u16,
    pub to_port: u16,
    /// Source CIDRs; `whole_internet` when they cover every public address.
    pub sources: Vec<String>,
    pub whole_internet: bool,
    pub path: Vec<Step>,
    /// Set when the host is reached through an internet-facing load balancer: then the ports
    /// are the host's (the target port) and `address` is the load balancer's DNS name.
    pub via: Option<Via>,
    /// Set when nothing answers today: the instance is stopped, or the interface detached.
    pub standby: Option<Standby>,
}

/// Why a reachable interface does not answer now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standby {
    /// The instance is `stopped` or `stopping` (EC2 `State.Name`): reachable when started.
    Stopped { instance: String, state: String },
    /// The interface is attached to nothing (`Status` `available`): reachable when attached.
    Detached,
}

impl Standby {
    /// `when instance i-… (stopped) is started`, `when the interface is attached`.
    pub fn when(&self) -> String {
        match self {
            Standby::Stopped { instance, state } => format!("when instance {instance} ({state}) is started"),
            Standby::Detached => "when the interface (status available: attached to nothing) is attached".to_owned(),
        }
    }
}

/// The load balancer in front of a host, and the listener and target group that forward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    pub load_balancer: String,
    pub listener_port: u16,
    pub target_group: Option<String>,
}

/// An interface whose security groups admit part of the internet, but that is not reachable,
/// with the first component that blocks it.
#[derive(Debug, Clone, PartialEq)]
pub struct NotExposed<'a> {
    pub eni: &'a NetworkInterface,
    /// The rule that would admit the internet, as the console shows it, and its group.
    pub candidate: String,
    pub blocked_by: Step,
}

#[derive(Debug, Default)]
pub struct RegionExposure<'a> {
    pub exposures: Vec<Exposure<'a>>,
    pub not_exposed: Vec<NotExposed<'a>>,
    /// Interfaces (or load balancers) that could not be judged, by id, with the reason.
    pub not_evaluated: Vec<(String, String)>,
}

impl RegionExposure<'_> {
    /// True when the interface is reachable on some port of `protocol` within `ports`.
    pub fn is_exposed(&self, eni_id: &str, protocol: Protocol, ports: &PortSet) -> bool {
        self.exposures.iter().any(|e| {
            e.eni.id == eni_id && e.protocol == protocol && PortSet::range(e.from_port, e.to_port).intersects(ports)
        })
    }
}

/// What differs between IPv4 and IPv6.
trait Family {
    type P: Point + 'static;
    const NAME: &'static str;
    const ICMP: Protocol;
    fn internet(&self) -> &'static IntervalSet<Self::P>;
    /// The interface's public addresses, each with a note when only another answer shows it.
    fn public_addresses(&self, eni: &NetworkInterface, ips: &PublicIps) -> Vec<(String, Option<String>)>;
    fn rule_source(&self, rule: &SgRule, lists: &PrefixLists) -> Option<IntervalSet<Self::P>>;
    fn route_target<'t>(
        &self,
        table: &'t RouteTable,
        s: Self::P,
        lists: &PrefixLists,
    ) -> Option<&'t rampart_inventory::Route>;
    fn bounds(&self, table: &RouteTable, acl: &NetworkAcl, lists: &PrefixLists) -> Vec<(Self::P, Self::P)>;
    fn addr(&self, s: Self::P) -> Addr;
    /// The interface's primary private address of this family (for ingress routing).
    fn private_address(&self, eni: &NetworkInterface) -> Option<Self::P>;
    fn cidrs(&self, set: &IntervalSet<Self::P>) -> Vec<String>;
    /// One address for people.
    fn show(&self, s: Self::P) -> String;
    /// A block of this family as a set (None for the other family).
    fn block_v4(&self, n: &ipnet::Ipv4Net) -> Option<IntervalSet<Self::P>>;
    fn block_v6(&self, n: &ipnet::Ipv6Net) -> Option<IntervalSet<Self::P>>;
    /// The VPC's own addresses (its CIDR blocks): never an internet client's.
    fn own(&self, vpc: &rampart_inventory::Vpc) -> IntervalSet<Self::P>;
}

struct V4;
struct V6;

impl Family for V4 {
    type P = u32;
    const NAME: &'static str = "IPv4";
    const ICMP: Protocol = Protocol::Icmp;
    fn internet(&self) -> &'static IntervalSet<u32> {
        public_v4()
    }
    fn public_addresses(&self, eni: &NetworkInterface, ips: &PublicIps) -> Vec<(String, Option<String>)> {
        ips.of(eni)
            .into_iter()
            .map(|p| (p.note(), p.address))
            .map(|(n, a)| (a, n))
            .collect()
    }
    fn rule_source(&self, rule: &SgRule, lists: &PrefixLists) -> Option<IntervalSet<u32>> {
        match &rule.peer {
            rampart_inventory::Peer::Ipv4(n) => Some(IntervalSet::from_ranges([v4_range(n)])),
            rampart_inventory::Peer::PrefixList(id) => lists.get(id).map(|(a, _)| a.clone()),
            _ => None,
        }
    }
    fn route_target<'t>(
        &self,
        table: &'t RouteTable,
        s: u32,
        lists: &PrefixLists,
    ) -> Option<&'t rampart_inventory::Route> {
        lookup_v4(table, s, lists)
    }
    fn bounds(&self, table: &RouteTable, acl: &NetworkAcl, lists: &PrefixLists) -> Vec<(u32, u32)> {
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        crate::route::boundaries(table, lists, &mut v4, &mut v6);
        crate::nacl::boundaries(acl, &mut v4, &mut v6);
        v4
    }
    fn addr(&self, s: u32) -> Addr {
        Addr::V4(s)
    }
    fn private_address(&self, eni: &NetworkInterface) -> Option<u32> {
        eni.private_ips
            .first()
            .and_then(|a| a.parse::<std::net::Ipv4Addr>().ok())
            .map(u32::from)
    }
    fn cidrs(&self, set: &IntervalSet<u32>) -> Vec<String> {
        v4_cidrs(set)
    }
    fn show(&self, s: u32) -> String {
        std::net::Ipv4Addr::from(s).to_string()
    }
    fn block_v4(&self, n: &ipnet::Ipv4Net) -> Option<IntervalSet<u32>> {
        let (lo, hi) = v4_range(n);
        Some(IntervalSet::range(lo, hi))
    }
    fn block_v6(&self, _: &ipnet::Ipv6Net) -> Option<IntervalSet<u32>> {
        None
    }
    fn own(&self, vpc: &rampart_inventory::Vpc) -> IntervalSet<u32> {
        IntervalSet::from_ranges(vpc.cidr_blocks.iter().map(v4_range))
    }
}

impl Family for V6 {
    type P = u128;
    const NAME: &'static str = "IPv6";
    const ICMP: Protocol = Protocol::Icmpv6;
    fn internet(&self) -> &'static IntervalSet<u128> {
        public_v6()
    }
    fn public_addresses(&self, eni: &NetworkInterface, _: &PublicIps) -> Vec<(String, Option<String>)> {
        eni.ipv6_addresses
            .iter()
            .filter(|a| {
                a.parse::<std::net::Ipv6Addr>()
                    .is_ok_and(|ip| public_v6().contains(u128::from(ip)))
            })
            .map(|a| (a.clone(), None))
            .collect()
    }
    fn rule_source(&self, rule: &SgRule, lists: &PrefixLists) -> Option<IntervalSet<u128>> {
        match &rule.peer {
            rampart_inventory::Peer::Ipv6(n) => Some(IntervalSet::from_ranges([v6_range(n)])),
            rampart_inventory::Peer::PrefixList(id) => lists.get(id).map(|(_, b)| b.clone()),
            _ => None,
        }
    }
    fn route_target<'t>(
        &self,
        table: &'t RouteTable,
        s: u128,
        lists: &PrefixLists,
    ) -> Option<&'t rampart_inventory::Route> {
        lookup_v6(table, s, lists)
    }
    fn bounds(&self, table: &RouteTable, acl: &NetworkAcl, lists: &PrefixLists) -> Vec<(u128, u128)> {
        let (mut v4, mut v6) = (Vec::new(), Vec::new());
        crate::route::boundaries(table, lists, &mut v4, &mut v6);
        crate::nacl::boundaries(acl, &mut v4, &mut v6);
        v6
    }
    fn addr(&self, s: u128) -> Addr {
        Addr::V6(s)
    }
    fn private_address(&self, eni: &NetworkInterface) -> Option<u128> {
        eni.ipv6_addresses
            .first()
            .and_then(|a| a.parse::<std::net::Ipv6Addr>().ok())
            .map(u128::from)
    }
    fn cidrs(&self, set: &IntervalSet<u128>) -> Vec<String> {
        v6_cidrs(set)
    }
    fn show(&self, s: u128) -> String {
        std::net::Ipv6Addr::from(s).to_string()
    }
    fn block_v4(&self, _: &ipnet::Ipv4Net) -> Option<IntervalSet<u128>> {
        None
    }
    fn block_v6(&self, n: &ipnet::Ipv6Net) -> Option<IntervalSet<u128>> {
        let (lo, hi) = v6_range(n);
        Some(IntervalSet::range(lo, hi))
    }
    fn own(&self, vpc: &rampart_inventory::Vpc) -> IntervalSet<u128> {
        IntervalSet::from_ranges(vpc.ipv6_cidr_blocks.iter().map(v6_range))
    }
}

/// The inputs shared by every interface of a subnet.
struct Place<'a> {
    region: &'a Region,
    igw: &'a InternetGateway,
    table: &'a RouteTable,
    main_table: bool,
    acl: &'a NetworkAcl,
    /// The route table edge-associated with the internet gateway (ingress routing), if any.
    edge: Option<&'a RouteTable>,
}

/// What the analysis reads; without any of it a region is not evaluated.
pub const REQUIRES: &[ResourceKind] = &[
    ResourceKind::NetworkInterfaces,
    ResourceKind::SecurityGroups,
    ResourceKind::RouteTables,
    ResourceKind::NetworkAcls,
    ResourceKind::InternetGateways,
];

/// Where a reply route leads: straight to the internet gateway, through an inspection
/// endpoint (AWS Network Firewall or a Gateway Load Balancer endpoint, whose own route out is
/// not traced and whose rules are not evaluated), or elsewhere.
fn leads_out(region: &Region, route: &rampart_inventory::Route, igw: &str) -> Option<Option<String>> {
    if !route.active {
        return None;
    }
    match &route.target {
        RouteTarget::InternetGateway(id) if id == igw => Some(None),
        RouteTarget::VpcEndpoint(id) if is_inspection(region, id) => Some(Some(id.clone())),
        _ => None,
    }
}

/// True unless the endpoint answers say it is no inspection endpoint. A route to a VPC endpoint
/// can only target a Gateway Load Balancer endpoint (EC2 API reference, `CreateRoute`:
/// `VpcEndpointId` "supported for Gateway Load Balancer endpoints only"; Network Firewall
/// endpoints are ones); gateway endpoints (S3, DynamoDB) take only prefix-list routes. So an
/// endpoint not in the answers (not read, or another account's) is judged one.
pub fn is_inspection(region: &Region, endpoint: &str) -> bool {
    region
        .network_firewalls
        .iter()
        .any(|f| f.endpoint_ids.iter().any(|e| e == endpoint))
        || region
            .vpc_endpoints
            .iter()
            .find(|e| e.id == endpoint)
            .is_none_or(|e| e.endpoint_type == "GatewayLoadBalancer")
}

/// The inspection endpoint as a reader knows it: the firewall it belongs to, else its type.
pub fn describe_inspection(region: &Region, endpoint: &str) -> String {
    if let Some(f) = region
        .network_firewalls
        .iter()
        .find(|f| f.endpoint_ids.iter().any(|e| e == endpoint))
    {
        return format!("AWS Network Firewall {} endpoint {endpoint}", f.name);
    }
    match region.vpc_endpoints.iter().find(|e| e.id == endpoint) {
        Some(e) if e.endpoint_type == "GatewayLoadBalancer" => format!("Gateway Load Balancer endpoint {endpoint}"),
        Some(e) => format!("VPC endpoint {endpoint} ({})", e.endpoint_type),
        None => format!(
            "inspection endpoint {endpoint} (AWS Network Firewall or a third-party appliance behind a Gateway Load Balancer)"
        ),
    }
}

/// Judges a region when everything it needs was read; else says what is missing.
pub fn analyze_checked<'a>(
    inventory: &Inventory,
    region: &'a Region,
    lists: &PrefixLists,
) -> Result<RegionExposure<'a>, String> {
    let mut gateways_unread = None;
    for &kind in REQUIRES {
        match inventory.coverage.status(&region.name, kind) {
            Status::Read => {}
            // Without the internet gateways, a subnet with no route to one is still decided.
            status if kind == ResourceKind::InternetGateways => {
                gateways_unread = Some(status.reason().unwrap_or("not read").to_owned());
            }
            status => return Err(status.reason().unwrap_or("not read").to_owned()),
        }
    }
    Ok(analyze_with(region, lists, gateways_unread.as_deref()))
}

/// Why the region's egress cannot be judged, if it cannot: every input of the exposure is needed.
pub fn missing(inventory: &Inventory, region: &Region) -> Option<String> {
    REQUIRES
        .iter()
        .find_map(|&kind| match inventory.coverage.status(&region.name, kind) {
            Status::Read => None,
            status => Some(status.reason().unwrap_or("not read").to_owned()),
        })
}

/// Judges every interface of a region.
pub fn analyze<'a>(region: &'a Region, lists: &PrefixLists) -> RegionExposure<'a> {
    analyze_with(region, lists, None)
}

/// Judges every interface; `gateways_unread` says why the internet gateways are unknown.
fn analyze_with<'a>(region: &'a Region, lists: &PrefixLists, gateways_unread: Option<&str>) -> RegionExposure<'a> {
    let mut out = RegionExposure::default();
    let ips = PublicIps::new(region);
    let states: std::collections::HashMap<&str, &str> = region
        .instances
        .iter()
        .map(|i| (i.id.as_str(), i.state.as_str()))
        .collect();
    let by_id: std::collections::HashMap<&str, &SecurityGroup> =
        region.security_groups.iter().map(|g| (g.id.as_str(), g)).collect();
    for eni in &region.network_interfaces {
        if eni.interface_type.as_deref() == Some("nat_gateway") {
            continue;
        }
        let groups: Vec<&SecurityGroup> = eni
            .security_group_ids
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let rules: Vec<(&SecurityGroup, &SgRule)> = groups
            .iter()
            .flat_map(|g| g.ingress.iter().map(move |r| (*g, r)))
            .collect();
        let unread: Vec<&str> = rules
            .iter()
            .filter_map(|(_, r)| match &r.peer {
                Peer::PrefixList(id) if lists.get(id).is_none() => Some(id.as_str()),
                _ => None,
            })
            .collect();
        if !unread.is_empty() {
            let reason = format!(
                "rules use prefix list(s) {} whose entries were not read: exposure through them is not shown",
                unread.join(", ")
            );
            out.not_evaluated.push((eni.id.clone(), reason));
        }
        let standby = standby(eni, &states);
        let cx = Interface {
            region,
            eni,
            lists,
            ips: &ips,
            gateways_unread,
            standby: &standby,
        };
        analyze_family(&V4, &cx, &rules, &mut out);
        analyze_family(&V6, &cx, &rules, &mut out);
    }
    match gateways_unread {
        None => crate::load_balancer::analyze(region, lists, &mut out),
        Some(reason) => {
            for lb in region.load_balancers.iter().filter(|lb| lb.scheme == "internet-facing") {
                out.not_evaluated.push((
                    lb.name.clone(),
                    format!("internet gateways were not read ({reason}): the load balancer's path is not traced"),
                ));
            }
        }
    }
    out
}

/// What one interface's verdicts share.
struct Interface<'a, 'r> {
    region: &'a Region,
    eni: &'a NetworkInterface,
    lists: &'r PrefixLists,
    ips: &'r PublicIps<'a>,
    gateways_unread: Option<&'r str>,
    standby: &'r Option<Standby>,
}

/// Stopped instances and detached interfaces (EC2 `InstanceState`; `NetworkInterface.Status`).
fn standby(eni: &NetworkInterface, states: &std::collections::HashMap<&str, &str>) -> Option<Standby> {
    if eni.status.as_deref() == Some("available") {
        return Some(Standby::Detached);
    }
    let instance = eni.attached_instance_id.as_deref()?;
    let state = *states.get(instance)?;
    matches!(state, "stopped" | "stopping").then(|| Standby::Stopped {
        instance: instance.to_owned(),
        state: state.to_owned(),
    })
}

fn analyze_family<'a, F: Family>(
    fam: &F,
    cx: &Interface<'a, '_>,
    rules: &[(&SecurityGroup, &SgRule)],
    out: &mut RegionExposure<'a>,
) {
    let (region, eni, lists) = (cx.region, cx.eni, cx.lists);
    // Rules that admit part of this family's internet: without one there is nothing to judge.
    let candidates: Vec<(&SecurityGroup, &SgRule, IntervalSet<F::P>)> = rules
        .iter()
        .filter_map(|&(g, r)| {
            let src = fam.rule_source(r, lists)?.intersection(fam.internet());
            (!src.is_empty()).then_some((g, r, src))
        })
        .collect();
    let Some((first_group, first_rule, first_src)) = candidates.first() else {
        return;
    };
    let candidate = format!("{} in {}", crate::describe::rule(first_rule), first_group.id);
    let blocked = |component: &'static str, id: &str, detail: String| NotExposed {
        eni,
        candidate: candidate.clone(),
        blocked_by: Step {
            component,
            id: id.to_owned(),
            detail,
        },
    };

    let public = fam.public_addresses(eni, cx.ips);
    if public.is_empty() {
        out.not_exposed.push(blocked(
            "public-address",
            &eni.id,
            format!("no public {} address", F::NAME),
        ));
        return;
    }
    let addresses: Vec<String> = public.iter().map(|(a, _)| a.clone()).collect();
    let notes: Vec<String> = public.iter().filter_map(|(_, n)| n.clone()).collect();
    let (Some(subnet_id), Some(vpc_id)) = (eni.subnet_id.as_deref(), eni.vpc_id.as_deref()) else {
        out.not_evaluated
            .push((eni.id.clone(), "the interface names no subnet or VPC".into()));
        return;
    };
    let Some((table, main_table)) = table_for_subnet(region, subnet_id, vpc_id) else {
        out.not_evaluated.push((
            eni.id.clone(),
            format!("no route table found for {subnet_id} or the main table of {vpc_id}"),
        ));
        return;
    };
    let igw = region
        .internet_gateways
        .iter()
        .find(|g| g.vpc_ids.iter().any(|v| v == vpc_id));
    let Some(igw) = igw else {
        // Replies leave only by a route to an internet gateway or an inspection endpoint: a
        // table without one decides, whatever the internet-gateway answer would have said.
        let way_out = table
            .routes
            .iter()
            .any(|r| matches!(r.target, RouteTarget::InternetGateway(_) | RouteTarget::VpcEndpoint(_)));
        match cx.gateways_unread {
            Some(reason) if way_out => out.not_evaluated.push((
                eni.id.clone(),
                format!(
                    "internet gateways were not read ({reason}): whether one is attached to {vpc_id} decides"
                ),
            )),
            Some(_) => out.not_exposed.push(blocked(
                "route-table",
                &table.id,
                format!(
                    "{} has no route to an internet gateway (only {}): no internet path, whatever the internet gateways are",
                    table_label(table, main_table),
                    table
                        .routes
                        .iter()
                        .map(|r| format!("{} → {}", describe_destination(r), crate::describe::target(&r.target, r.active)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => out.not_exposed.push(blocked(
                "internet-gateway",
                vpc_id,
                format!("no internet gateway is attached to {vpc_id}"),
            )),
        }
        return;
    };
    let Some(acl) = acl_for_subnet(region, subnet_id, vpc_id) else {
        out.not_evaluated
            .push((eni.id.clone(), format!("no network ACL found for {subnet_id}")));
        return;
    };
    let edge = region
        .route_tables
        .iter()
        .find(|t| t.gateway_ids.iter().any(|g| g == &igw.id));
    let place = Place {
        region,
        igw,
        table,
        main_table,
        acl,
        edge,
    };
    // Ingress routing: the gateway route table decides where inbound traffic for the
    // interface's private address goes (an endpoint, `local`, or a blackhole).
    let mut inbound_via: Option<(String, String)> = None;
    if let Some(edge) = edge {
        let private = fam.private_address(eni);
        match private.and_then(|p| fam.route_target(edge, p, lists)) {
            Some(r) if r.active && matches!(r.target, RouteTarget::VpcEndpoint(_)) => {
                if let RouteTarget::VpcEndpoint(id) = &r.target {
                    inbound_via = Some((id.clone(), describe_destination(r)));
                }
            }
            Some(r) if r.active && r.target == RouteTarget::Local => {}
            Some(r) => {
                out.not_exposed.push(blocked(
                    "route-table",
                    &edge.id,
                    format!(
                        "{} (edge-associated with {}) sends inbound traffic for {} to {}",
                        edge.id,
                        igw.id,
                        describe_destination(r),
                        crate::describe::target(&r.target, r.active)
                    ),
                ));
                return;
            }
            // No route for the address: the gateway table's local route covers the VPC, so a
            // missing one means the private address is unknown; judge the subnet's routes.
            None => {}
        }
    }

    // Cut the address space at every boundary; judge one representative per piece.
    let mut cuts: Vec<F::P> = Vec::new();
    let mut add = |lo: F::P, hi: F::P| {
        cuts.push(lo);
        if let Some(n) = hi.succ() {
            cuts.push(n);
        }
    };
    for &(lo, hi) in fam.internet().ranges() {
        add(lo, hi);
    }
    for (_, _, src) in &candidates {
        for &(lo, hi) in src.ranges() {
            add(lo, hi);
        }
    }
    for (lo, hi) in fam.bounds(table, acl, lists) {
        add(lo, hi);
    }
    cuts.sort_unstable();
    cuts.dedup();

    // Per protocol: (source piece, open ports).
    let protocols = [Protocol::Tcp, Protocol::Udp, F::ICMP];
    let mut pieces: Vec<(Protocol, F::P, F::P, PortSet)> = Vec::new();
    for (i, &s) in cuts.iter().enumerate() {
        if !fam.internet().contains(s) {
            continue;
        }
        let end = cuts.get(i + 1).and_then(|n| n.pred()).unwrap_or(F::P::MAX);
        let route = fam.route_target(table, s, lists);
        if route.is_none_or(|r| leads_out(region, r, &igw.id).is_none()) {
            continue;
        }
        for protocol in protocols {
            let sg = sg_ports(fam, &candidates, s, protocol);
            if sg.is_empty() {
                continue;
            }
            let (nacl_in, _) = allowed_ports(acl, false, fam.addr(s), protocol);
            let open = sg.intersection(&nacl_in);
            if open.is_empty() {
                continue;
            }
            let (replies, _) = allowed_ports(acl, true, fam.addr(s), protocol);
            if replies.is_empty() {
                continue;
            }
            pieces.push((protocol, s, end, open));
        }
    }

    if pieces.is_empty() {
        // Say what blocks the first candidate rule's first public source.
        let s = first_src.ranges()[0].0;
        let protocol = match first_rule.protocol {
            Protocol::All => Protocol::Tcp,
            Protocol::Icmp | Protocol::Icmpv6 => F::ICMP,
            p => p,
        };
        let sg = sg_ports(fam, &candidates, s, protocol);
        let blocked_by = why_blocked(fam, &place, s, protocol, &sg, lists);
        out.not_exposed.push(NotExposed {
            eni,
            candidate,
            blocked_by,
        });
        return;
    }

    // When the VPC was not read its ranges are unknown: sources are then listed, not summarised.
    let own = region
        .vpcs
        .iter()
        .find(|v| v.id == vpc_id)
        .map(|v| fam.own(v))
        .unwrap_or_default();
    for protocol in protocols {
        let mine: Vec<&(Protocol, F::P, F::P, PortSet)> = pieces.iter().filter(|p| p.0 == protocol).collect();
        for (from, to, sources) in merge_by_ports(&mine) {
            let rep = sources.ranges()[0].0;
            let whole = sources.union(&own).covers(fam.internet());
            let mut path = path(
                fam,
                eni,
                &addresses,
                &place,
                &candidates,
                (rep, &sources),
                protocol,
                from,
                lists,
            );
            for n in &notes {
                path.insert(
                    1,
                    Step {
                        component: "public-address",
                        id: eni.id.clone(),
                        detail: n.clone(),
                    },
                );
            }
            if let Some((endpoint, dest)) = &inbound_via {
                path.insert(
                    notes.len() + 2,
                    Step {
                        component: "inspection",
                        id: endpoint.clone(),
                        detail: format!(
                            "ingress routing: {} (edge-associated with {}) sends {dest} to {}; it reaches the host after inspection, whose rules are not evaluated",
                            place.edge.map_or("?", |t| t.id.as_str()),
                            igw.id,
                            describe_inspection(region, endpoint)
                        ),
                    },
                );
            }
            if let Some(sb) = cx.standby.as_ref() {
                path.push(Step {
                    component: "state",
                    id: match sb {
                        Standby::Stopped { instance, .. } => instance.clone(),
                        Standby::Detached => eni.id.clone(),
                    },
                    detail: format!("nothing answers today: reachable {}", sb.when()),
                });
            }
            out.exposures.push(Exposure {
                eni,
                address: addresses.join(", "),
                protocol,
                from_port: from,
                to_port: to,
                sources: if whole {
                    fam.cidrs(&IntervalSet::full())
                } else {
                    part_cidrs(fam, &sources, &own)
                },
                whole_internet: whole,
                path,
                via: None,
                standby: cx.standby.clone(),
            });
        }
    }
}

/// Part of the internet as a reader would name it: the fewest CIDRs that hold these public
/// sources and otherwise only addresses no internet client has (reserved, or the VPC's own),
/// so the public pieces of 0.0.0.0/1 read `0.0.0.0/1`, not a list around 10.0.0.0/8.
fn part_cidrs<F: Family>(fam: &F, sources: &IntervalSet<F::P>, own: &IntervalSet<F::P>) -> Vec<String> {
    let loose = sources.union(&fam.internet().complement()).union(own);
    fam.cidrs(&loose)
        .into_iter()
        .filter(|c| {
            c.parse::<ipnet::IpNet>().is_ok_and(|n| {
                let block = match n {
                    ipnet::IpNet::V4(n) => fam.block_v4(&n),
                    ipnet::IpNet::V6(n) => fam.block_v6(&n),
                };
                block.is_some_and(|b| b.intersects(sources))
            })
        })
        .collect()
}

fn table_label(table: &RouteTable, main: bool) -> String {
    if main {
        format!("{} (main table)", table.id)
    } else {
        table.id.clone()
    }
}

/// Ports of `protocol` the candidate rules admit from source `s`.
fn sg_ports<F: Family>(
    _fam: &F,
    candidates: &[(&SecurityGroup, &SgRule, IntervalSet<F::P>)],
    s: F::P,
    protocol: Protocol,
) -> PortSet {
    let mut ports = PortSet::empty();
    for (_, r, src) in candidates {
        if !src.contains(s) {
            continue;
        }
        if let Some(p) = rule_ports(r, protocol) {
            ports = ports.union(&p);
        }
    }
    ports
}

/// The ports of `protocol` one SG rule admits; for ICMP, its encoded types and codes.
fn rule_ports(rule: &SgRule, protocol: Protocol) -> Option<PortSet> {
    if rule.protocol == Protocol::All {
        return Some(PortSet::full());
    }
    if rule.protocol != protocol {
        return None;
    }
    Some(match rule.ports.port_range() {
        Some((lo, hi)) if matches!(protocol, Protocol::Tcp | Protocol::Udp) => PortSet::range(lo, hi),
        _ if matches!(protocol, Protocol::Icmp | Protocol::Icmpv6) => crate::icmp::codes(rule.ports),
        _ => PortSet::full(),
    })
}

/// Groups source pieces by port segment: one entry per maximal port range with the same sources.
fn merge_by_ports<P: Point>(pieces: &[&(Protocol, P, P, PortSet)]) -> Vec<(u16, u16, IntervalSet<P>)> {
    let mut cuts: Vec<u32> = pieces
        .iter()
        .flat_map(|p| p.3.ranges().iter().flat_map(|&(a, b)| [u32::from(a), u32::from(b) + 1]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(u16, u16, IntervalSet<P>)> = Vec::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0] as u16, (w[1] - 1) as u16);
        let sources = IntervalSet::from_ranges(pieces.iter().filter(|p| p.3.contains(from)).map(|p| (p.1, p.2)));
        if sources.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.2 == sources && u32::from(last.1) + 1 == u32::from(from) => last.1 = to,
            _ => out.push((from, to, sources)),
        }
    }
    out
}

/// The first component that stops a connection from `s` on `protocol` to the ports `sg` the
/// security groups admit, named down to the NACL rule that decides.
fn why_blocked<F: Family>(
    fam: &F,
    place: &Place,
    s: F::P,
    protocol: Protocol,
    sg: &PortSet,
    lists: &PrefixLists,
) -> Step {
    let table_name = table_label(place.table, place.main_table);
    match fam.route_target(place.table, s, lists) {
        None => {
            return Step {
                component: "route-table",
                id: place.table.id.clone(),
                detail: format!(
                    "{table_name} has no route back to the internet ({} replies cannot leave)",
                    F::NAME
                ),
            }
        }
        Some(r) if leads_out(place.region, r, &place.igw.id).is_none() => {
            return Step {
                component: "route-table",
                id: place.table.id.clone(),
                detail: format!(
                    "{table_name} sends replies for {} to {}, not to {}",
                    describe_destination(r),
                    crate::describe::target(&r.target, r.active),
                    place.igw.id
                ),
            }
        }
        Some(_) => {}
    }
    let what = |port: u16| match protocol {
        Protocol::Icmp | Protocol::Icmpv6 => format!("{} {}", protocol.cli_name(), crate::icmp::describe(port, port)),
        _ => format!("{}/{port}", protocol.cli_name()),
    };
    // The NACL rule that decides the first port the security groups admit.
    let (inbound, _) = allowed_ports(place.acl, false, fam.addr(s), protocol);
    let refused = sg.intersection(&inbound.complement());
    if let Some(&(port, _)) = refused.ranges().first().filter(|_| inbound.intersection(sg).is_empty()) {
        let by = match deciding_rule(place.acl, false, fam.addr(s), protocol, port) {
            Some(e) => format!(
                "denied by inbound rule {} ({})",
                rule_no(e.rule_number),
                describe_entry(e)
            ),
            None => "denied by the final inbound rule * (nothing else matches)".to_owned(),
        };
        return Step {
            component: "network-acl",
            id: place.acl.id.clone(),
            detail: format!("{}: {} from {} {by}", place.acl.id, what(port), fam.show(s)),
        };
    }
    let (replies, _) = allowed_ports(place.acl, true, fam.addr(s), protocol);
    if replies.is_empty() {
        return Step {
            component: "network-acl",
            id: place.acl.id.clone(),
            detail: format!(
                "{}: the outbound replies to {} are denied (stateless: return traffic needs its own outbound rule)",
                place.acl.id,
                fam.show(s)
            ),
        };
    }
    Step {
        component: "network-acl",
        id: place.acl.id.clone(),
        detail: format!(
            "{}: lets it in and out, but the security groups admit it only on a protocol the engine does not trace (it traces TCP, UDP and ICMP)",
            place.acl.id
        ),
    }
}

/// `#50`, or `*` for the rule AWS adds last (32767).
fn rule_no(n: u32) -> String {
    if n >= 32767 {
        "*".into()
    } else {
        format!("#{n}")
    }
}

#[allow(clippy::too_many_arguments)]
fn path<F: Family>(
    fam: &F,
    eni: &NetworkInterface,
    addresses: &[String],
    place: &Place,
    candidates: &[(&SecurityGroup, &SgRule, IntervalSet<F::P>)],
    (s, sources): (F::P, &IntervalSet<F::P>),
    protocol: Protocol,
    port: u16,
    lists: &PrefixLists,
) -> Vec<Step> {
    let mut steps = vec![
        Step {
            component: "public-address",
            id: eni.id.clone(),
            detail: format!("{} on {}", addresses.join(", "), crate::describe::eni(eni)),
        },
        Step {
            component: "internet-gateway",
            id: place.igw.id.clone(),
            detail: format!("{} attached to {}", place.igw.id, eni.vpc_id.as_deref().unwrap_or("?")),
        },
    ];
    if let Some(r) = fam.route_target(place.table, s, lists) {
        let main = if place.main_table { " (main table)" } else { "" };
        let inspection = leads_out(place.region, r, &place.igw.id).flatten();
        let via = inspection.clone().unwrap_or_else(|| place.igw.id.clone());
        steps.push(Step {
            component: "route-table",
            id: place.table.id.clone(),
            detail: format!(
                "{}{main}: {} → {via} carries the replies",
                place.table.id,
                describe_destination(r)
            ),
        });
        if let Some(endpoint) = inspection {
            steps.push(Step {
                component: "inspection",
                id: endpoint.clone(),
                detail: format!(
                    "traffic passes {}: its rules are not evaluated, so it may still be blocked",
                    describe_inspection(place.region, &endpoint)
                ),
            });
        }
    }
    let (_, inbound) = allowed_ports(place.acl, false, fam.addr(s), protocol);
    let (_, outbound) = allowed_ports(place.acl, true, fam.addr(s), protocol);
    steps.push(Step {
        component: "network-acl",
        id: place.acl.id.clone(),
        detail: format!(
            "{}: inbound rule #{} allows it, outbound rule #{} lets the replies out",
            place.acl.id,
            inbound.first().map_or("?".into(), u32::to_string),
            outbound.first().map_or("?".into(), u32::to_string)
        ),
    });
    // Every rule that admits some of these sources on the port: with several groups on the
    // interface, each contributing group is named.
    for (g, r, src) in candidates {
        if src.intersects(sources) && rule_ports(r, protocol).is_some_and(|p| p.contains(port)) {
            steps.push(Step {
                component: "security-group",
                id: g.id.clone(),
                detail: format!("{} ({}): {}", g.id, g.name, crate::describe::rule(r)),
            });
        }
    }
    steps
}
