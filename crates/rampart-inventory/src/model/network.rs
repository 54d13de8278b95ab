//! VPC networking: the resources that decide which packets flow where.
//!
//! The shapes are normalized from the EC2 API: one rule per peer, protocol and ports parsed
//! into enums whose meaning is documented where they are defined, CIDRs parsed.

use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::Tags;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub owner_id: Option<String>,
    pub cidr_blocks: Vec<Ipv4Net>,
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    pub is_default: bool,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: Option<String>,
    pub cidr_block: Option<Ipv4Net>,
    pub ipv6_cidr_blocks: Vec<Ipv6Net>,
    pub map_public_ip_on_launch: bool,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    /// True when this is the VPC's main table (used by subnets with no explicit association).
    pub main: bool,
    pub subnet_ids: Vec<String>,
    /// Gateways (IGW/VGW) with an edge association to this table (ingress routing).
    pub gateway_ids: Vec<String>,
    pub routes: Vec<Route>,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub destination: RouteDestination,
    pub target: RouteTarget,
    /// `blackhole` routes drop traffic: their target is gone.
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteDestination {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    PrefixList(String),
}

/// Where a route sends traffic. The id prefix decides the kind, as the EC2 API reports every
/// gateway in `GatewayId` (`igw-`, `vgw-`, `vpce-`, `local`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum RouteTarget {
    Local,
    InternetGateway(String),
    EgressOnlyInternetGateway(String),
    VirtualPrivateGateway(String),
    NatGateway(String),
    TransitGateway(String),
    VpcPeering(String),
    VpcEndpoint(String),
    NetworkInterface(String),
    Instance(String),
    CarrierGateway(String),
    LocalGateway(String),
    CoreNetwork(String),
    Other(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    pub id: String,
    /// VPCs this gateway is attached to (state `available`/`attached`).
    pub vpc_ids: Vec<String>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EgressOnlyInternetGateway {
    pub id: String,
    pub vpc_ids: Vec<String>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NatGateway {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub state: String,
    /// `public` (internet via the subnet's IGW) or `private` (no internet).
    pub connectivity: String,
    pub public_ips: Vec<String>,
    pub private_ips: Vec<String>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGateway {
    pub id: String,
    pub owner_id: Option<String>,
    pub state: String,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayAttachment {
    pub id: String,
    pub transit_gateway_id: String,
    /// `vpc`, `vpn`, `direct-connect-gateway`, `peering`, `connect`, …
    pub resource_type: String,
    pub resource_id: String,
    pub resource_owner_id: Option<String>,
    pub state: String,
    /// The TGW route table this attachment is associated with (its traffic is routed by it).
    pub association_route_table_id: Option<String>,
    /// For VPC attachments: the subnets holding the attachment's interfaces.
    pub subnet_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayRouteTable {
    pub id: String,
    pub transit_gateway_id: String,
    pub routes: Vec<TransitGatewayRoute>,
    /// Attachments whose routes propagate into this table.
    pub propagations: Vec<TransitGatewayPropagation>,
    /// False until the routes were read (search-transit-gateway-routes).
    pub routes_read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayRoute {
    pub destination: RouteDestination,
    /// `static` or `propagated`.
    pub route_type: String,
    /// `active` or `blackhole`.
    pub state: String,
    pub attachment_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayPropagation {
    pub attachment_id: String,
    pub resource_id: String,
    pub resource_type: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VpcPeeringConnection {
    pub id: String,
    /// Only `active` peerings carry traffic.
    pub status: String,
    pub requester_vpc_id: String,
    pub requester_owner_id: Option<String>,
    pub requester_region: Option<String>,
    pub requester_cidrs: Vec<Ipv4Net>,
    pub accepter_vpc_id: String,
    pub accepter_owner_id: Option<String>,
    pub accepter_region: Option<String>,
    pub accepter_cidrs: Vec<Ipv4Net>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: String,
    pub service_name: String,
    /// `Gateway`, `Interface` or `GatewayLoadBalancer`.
    pub endpoint_type: String,
    pub state: String,
    pub subnet_ids: Vec<String>,
    pub route_table_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    /// The endpoint policy as JSON text (None = the default full-access policy).
    pub policy_document: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PrefixList {
    pub id: String,
    pub name: Option<String>,
    pub owner_id: Option<String>,
    /// `IPv4` or `IPv6`.
    pub address_family: Option<String>,
    /// The CIDRs in the list; None when they were not read (they need a call per list).
    pub entries: Option<Vec<String>>,
}

/// A security group. Rules are flattened to one per peer, as `describe-security-group-rules`
/// reports them; an `IpPermission` with three CIDRs becomes three rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
    pub tags: Tags,
}

impl SecurityGroup {
    /// AWS names the group every VPC is created with `default`; it cannot be deleted.
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SgRule {
    pub rule_id: Option<String>,
    pub protocol: Protocol,
    pub ports: Ports,
    pub peer: Peer,
    pub description: Option<String>,
}

/// An IP protocol as the EC2 API names it (`IpProtocol`: `-1`, `tcp`, `udp`, `icmp`, `icmpv6`
/// or a protocol number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// `-1`: every protocol, every port.
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Any other IANA protocol number.
    Number(u8),
}

impl Protocol {
    /// Parses `IpProtocol` (names are case-insensitive; numbers 6, 17, 1 and 58 are the named ones).
    pub fn parse(s: &str) -> Option<Protocol> {
        match s.to_ascii_lowercase().as_str() {
            "-1" | "all" => Some(Protocol::All),
            "tcp" | "6" => Some(Protocol::Tcp),
            "udp" | "17" => Some(Protocol::Udp),
            "icmp" | "1" => Some(Protocol::Icmp),
            "icmpv6" | "58" => Some(Protocol::Icmpv6),
            other => other.parse::<u8>().ok().map(Protocol::Number),
        }
    }

    /// The name used in messages and in AWS CLI commands (`-1` for all).
    pub fn cli_name(self) -> String {
        match self {
            Protocol::All => "-1".into(),
            Protocol::Tcp => "tcp".into(),
            Protocol::Udp => "udp".into(),
            Protocol::Icmp => "icmp".into(),
            Protocol::Icmpv6 => "icmpv6".into(),
            Protocol::Number(n) => n.to_string(),
        }
    }
}

/// The ports (or ICMP type/code) a rule matches.
///
/// EC2 semantics (API reference, `IpPermission`): for TCP and UDP, `FromPort`..`ToPort` is an
/// inclusive port range. For ICMP and ICMPv6, `FromPort` is the ICMP type and `ToPort` the code,
/// `-1` meaning all. For `-1` and any protocol other than TCP, UDP, ICMP and ICMPv6 the ports
/// are ignored: all traffic of that protocol is allowed. ICMPv6 without ports means all types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ports {
    All,
    Range { from: u16, to: u16 },
    Icmp { icmp_type: Option<u8>, code: Option<u8> },
}

impl Ports {
    /// Builds the normalized ports from the API's `FromPort`/`ToPort` for a protocol.
    pub fn from_api(protocol: Protocol, from: Option<i64>, to: Option<i64>) -> Ports {
        let as_u8 = |v: Option<i64>| v.filter(|v| *v >= 0).and_then(|v| u8::try_from(v).ok());
        match protocol {
            Protocol::Tcp | Protocol::Udp => {
                // A missing or negative bound (some exports write -1/-1) means all ports.
                let (Some(from @ 0..=65535), Some(to @ 0..=65535)) = (from, to) else {
                    return Ports::All;
                };
                let (from, to) = (from as u16, to as u16);
                // AWS never stores a reversed range; read one as everything rather than nothing,
                // so that corrupt input can only over-report.
                if from == 0 && to == 65535 || from > to {
                    Ports::All
                } else {
                    Ports::Range { from, to }
                }
            }
            Protocol::Icmp | Protocol::Icmpv6 => match as_u8(from) {
                None => Ports::All,
                t => Ports::Icmp {
                    icmp_type: t,
                    code: as_u8(to),
                },
            },
            Protocol::All | Protocol::Number(_) => Ports::All,
        }
    }

    /// The inclusive port range for TCP/UDP (all ports for `All`); None for ICMP.
    pub fn port_range(self) -> Option<(u16, u16)> {
        match self {
            Ports::All => Some((0, 65535)),
            Ports::Range { from, to } => Some((from, to)),
            Ports::Icmp { .. } => None,
        }
    }
}

/// Where a security-group rule lets traffic come from (ingress) or go to (egress).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Peer {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    PrefixList(String),
    /// Another security group: matches the private IPs of the interfaces that carry it.
    Group {
        group_id: String,
        owner_id: Option<String>,
        vpc_id: Option<String>,
        peering_id: Option<String>,
    },
}

impl Peer {
    /// The peer as the AWS CLI and console show it.
    pub fn display(&self) -> String {
        match self {
            Peer::Ipv4(n) => n.to_string(),
            Peer::Ipv6(n) => n.to_string(),
            Peer::PrefixList(id) => id.clone(),
            Peer::Group {
                group_id,
                owner_id: Some(owner),
                ..
            } => format!("{owner}/{group_id}"),
            Peer::Group { group_id, .. } => group_id.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub subnet_ids: Vec<String>,
    pub entries: Vec<NaclEntry>,
    pub tags: Tags,
}

/// One numbered NACL rule. Rules are evaluated lowest number first; the first match decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaclEntry {
    pub rule_number: u32,
    pub egress: bool,
    pub allow: bool,
    pub protocol: Protocol,
    pub ports: Ports,
    pub cidr: NaclCidr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NaclCidr {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    /// `interface`, `nat_gateway`, `network_load_balancer`, `vpc_endpoint`, `lambda`, …
    pub interface_type: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub requester_managed: bool,
    pub private_ips: Vec<String>,
    /// Public IPv4 addresses associated with any of its private IPs (auto-assigned or Elastic).
    pub public_ips: Vec<String>,
    pub ipv6_addresses: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub attached_instance_id: Option<String>,
    pub tags: Tags,
}
