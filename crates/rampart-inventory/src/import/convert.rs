//! Raw AWS shapes to the normalized model. Pure functions, one per resource.

use serde_json::Value;

use super::policy::decode_policy;
use super::raw;
use crate::kind::ResourceKind;
use crate::model::*;

pub fn tags(tags: Vec<raw::Tag>) -> Tags {
    tags.into_iter().map(|t| (t.key, t.value)).collect()
}

pub fn vpc(r: raw::Vpc) -> Vpc {
    let mut cidr_blocks: Vec<_> = r
        .cidr_block_association_set
        .iter()
        .filter(|a| associated(&a.cidr_block_state))
        .filter_map(|a| a.cidr_block)
        .collect();
    if let Some(primary) = r.cidr_block {
        if !cidr_blocks.contains(&primary) {
            cidr_blocks.insert(0, primary);
        }
    }
    Vpc {
        id: r.vpc_id,
        owner_id: r.owner_id,
        cidr_blocks,
        ipv6_cidr_blocks: r
            .ipv6_cidr_block_association_set
            .iter()
            .filter(|a| associated(&a.ipv6_cidr_block_state))
            .filter_map(|a| a.ipv6_cidr_block)
            .collect(),
        is_default: r.is_default,
        tags: tags(r.tags),
    }
}

/// A CIDR association counts unless AWS says it is gone (`disassociated`, `failed`, …).
fn associated(state: &Option<raw::State>) -> bool {
    match state.as_ref().and_then(|s| s.state.as_deref()) {
        None => true,
        Some(s) => s == "associated" || s == "associating",
    }
}

pub fn subnet(r: raw::Subnet) -> Subnet {
    Subnet {
        id: r.subnet_id,
        vpc_id: r.vpc_id,
        availability_zone: r.availability_zone,
        cidr_block: r.cidr_block,
        ipv6_cidr_blocks: r
            .ipv6_cidr_block_association_set
            .iter()
            .filter(|a| associated(&a.ipv6_cidr_block_state))
            .filter_map(|a| a.ipv6_cidr_block)
            .collect(),
        map_public_ip_on_launch: r.map_public_ip_on_launch,
        tags: tags(r.tags),
    }
}

pub fn route_table(r: raw::RouteTable) -> RouteTable {
    let live = |a: &raw::RouteTableAssociation| associated(&a.association_state);
    RouteTable {
        main: r.associations.iter().any(|a| a.main && live(a)),
        subnet_ids: r
            .associations
            .iter()
            .filter(|a| live(a))
            .filter_map(|a| a.subnet_id.clone())
            .collect(),
        gateway_ids: r
            .associations
            .iter()
            .filter(|a| live(a))
            .filter_map(|a| a.gateway_id.clone())
            .collect(),
        routes: r.routes.into_iter().filter_map(route).collect(),
        id: r.route_table_id,
        vpc_id: r.vpc_id,
        tags: tags(r.tags),
    }
}

fn route(r: raw::Route) -> Option<Route> {
    let destination = if let Some(net) = r.destination_cidr_block {
        RouteDestination::Ipv4(net)
    } else if let Some(net) = r.destination_ipv6_cidr_block {
        RouteDestination::Ipv6(net)
    } else {
        RouteDestination::PrefixList(r.destination_prefix_list_id?)
    };
    let target = if let Some(id) = r.nat_gateway_id {
        RouteTarget::NatGateway(id)
    } else if let Some(id) = r.transit_gateway_id {
        RouteTarget::TransitGateway(id)
    } else if let Some(id) = r.vpc_peering_connection_id {
        RouteTarget::VpcPeering(id)
    } else if let Some(id) = r.egress_only_internet_gateway_id {
        RouteTarget::EgressOnlyInternetGateway(id)
    } else if let Some(id) = r.carrier_gateway_id {
        RouteTarget::CarrierGateway(id)
    } else if let Some(id) = r.local_gateway_id {
        RouteTarget::LocalGateway(id)
    } else if let Some(id) = r.core_network_arn {
        RouteTarget::CoreNetwork(id)
    } else if let Some(id) = r.vpc_endpoint_id {
        RouteTarget::VpcEndpoint(id)
    } else if let Some(id) = r.gateway_id {
        gateway_target(id)
    } else if let Some(id) = r.network_interface_id {
        RouteTarget::NetworkInterface(id)
    } else if let Some(id) = r.instance_id {
        RouteTarget::Instance(id)
    } else {
        RouteTarget::Other(String::new())
    };
    Some(Route {
        destination,
        target,
        active: r.state.as_deref() != Some("blackhole"),
    })
}

/// `GatewayId` holds every kind of gateway; the id prefix says which.
fn gateway_target(id: String) -> RouteTarget {
    match id.split('-').next() {
        Some("local") => RouteTarget::Local,
        Some("igw") => RouteTarget::InternetGateway(id),
        Some("eigw") => RouteTarget::EgressOnlyInternetGateway(id),
        Some("vgw") => RouteTarget::VirtualPrivateGateway(id),
        Some("vpce") => RouteTarget::VpcEndpoint(id),
        Some("nat") => RouteTarget::NatGateway(id),
        Some("tgw") => RouteTarget::TransitGateway(id),
        _ => RouteTarget::Other(id),
    }
}

/// IGW attachments report `available` (the documented state for an attached IGW) or `attached`.
fn attached_vpcs(attachments: &[raw::Attachment]) -> Vec<String> {
    attachments
        .iter()
        .filter(|a| matches!(a.state.as_deref(), None | Some("available" | "attached")))
        .filter_map(|a| a.vpc_id.clone())
        .collect()
}

pub fn internet_gateway(r: raw::InternetGateway) -> InternetGateway {
    InternetGateway {
        vpc_ids: attached_vpcs(&r.attachments),
        id: r.internet_gateway_id,
        tags: tags(r.tags),
    }
}

pub fn egress_only_gateway(r: raw::EgressOnlyInternetGateway) -> EgressOnlyInternetGateway {
    EgressOnlyInternetGateway {
        vpc_ids: attached_vpcs(&r.attachments),
        id: r.egress_only_internet_gateway_id,
        tags: tags(r.tags),
    }
}

pub fn nat_gateway(r: raw::NatGateway) -> NatGateway {
    NatGateway {
        public_ips: r
            .nat_gateway_addresses
            .iter()
            .filter_map(|a| a.public_ip.clone())
            .collect(),
        private_ips: r
            .nat_gateway_addresses
            .iter()
            .filter_map(|a| a.private_ip.clone())
            .collect(),
        id: r.nat_gateway_id,
        vpc_id: r.vpc_id,
        subnet_id: r.subnet_id,
        state: r.state.unwrap_or_default(),
        connectivity: r.connectivity_type.unwrap_or_else(|| "public".into()),
        tags: tags(r.tags),
    }
}

pub fn transit_gateway(r: raw::TransitGateway) -> TransitGateway {
    TransitGateway {
        id: r.transit_gateway_id,
        owner_id: r.owner_id,
        state: r.state.unwrap_or_default(),
        tags: tags(r.tags),
    }
}

pub fn tgw_attachment(r: raw::TransitGatewayAttachment) -> TransitGatewayAttachment {
    TransitGatewayAttachment {
        id: r.transit_gateway_attachment_id,
        transit_gateway_id: r.transit_gateway_id,
        resource_type: r.resource_type.unwrap_or_default(),
        resource_id: r.resource_id.unwrap_or_default(),
        resource_owner_id: r.resource_owner_id,
        state: r.state.unwrap_or_default(),
        association_route_table_id: r
            .association
            .filter(|a| a.state.as_deref() != Some("disassociated"))
            .and_then(|a| a.transit_gateway_route_table_id),
        subnet_ids: Vec::new(),
    }
}

pub fn tgw_vpc_attachment(r: raw::TransitGatewayVpcAttachment) -> TransitGatewayAttachment {
    TransitGatewayAttachment {
        id: r.transit_gateway_attachment_id,
        transit_gateway_id: r.transit_gateway_id,
        resource_type: "vpc".into(),
        resource_id: r.vpc_id.unwrap_or_default(),
        resource_owner_id: r.vpc_owner_id,
        state: r.state.unwrap_or_default(),
        association_route_table_id: None,
        subnet_ids: r.subnet_ids,
    }
}

pub fn tgw_route(r: raw::TgwRoute) -> Option<TransitGatewayRoute> {
    let destination = match (r.destination_cidr_block, r.prefix_list_id) {
        (Some(net), _) => match (net.parse::<ipnet::Ipv4Net>(), net.parse::<ipnet::Ipv6Net>()) {
            (Ok(v4), _) => RouteDestination::Ipv4(v4),
            (_, Ok(v6)) => RouteDestination::Ipv6(v6),
            _ => return None,
        },
        (None, Some(pl)) => RouteDestination::PrefixList(pl),
        (None, None) => return None,
    };
    Some(TransitGatewayRoute {
        destination,
        route_type: r.route_type.unwrap_or_default(),
        state: r.state.unwrap_or_default(),
        attachment_ids: r
            .transit_gateway_attachments
            .into_iter()
            .map(|a| a.transit_gateway_attachment_id)
            .collect(),
    })
}

pub fn tgw_propagation(r: raw::TgwPropagation) -> TransitGatewayPropagation {
    TransitGatewayPropagation {
        attachment_id: r.transit_gateway_attachment_id,
        resource_id: r.resource_id.unwrap_or_default(),
        resource_type: r.resource_type.unwrap_or_default(),
        enabled: r.state.as_deref() == Some("enabled"),
    }
}

pub fn peering(r: raw::VpcPeeringConnection) -> VpcPeeringConnection {
    let cidrs = |info: &raw::PeeringVpcInfo| {
        let mut v: Vec<_> = info.cidr_block_set.iter().filter_map(|c| c.cidr_block).collect();
        if let Some(c) = info.cidr_block {
            if !v.contains(&c) {
                v.insert(0, c);
            }
        }
        v
    };
    VpcPeeringConnection {
        status: r.status.and_then(|s| s.code).unwrap_or_default(),
        requester_cidrs: cidrs(&r.requester_vpc_info),
        accepter_cidrs: cidrs(&r.accepter_vpc_info),
        requester_vpc_id: r.requester_vpc_info.vpc_id,
        requester_owner_id: r.requester_vpc_info.owner_id,
        requester_region: r.requester_vpc_info.region,
        accepter_vpc_id: r.accepter_vpc_info.vpc_id,
        accepter_owner_id: r.accepter_vpc_info.owner_id,
        accepter_region: r.accepter_vpc_info.region,
        id: r.vpc_peering_connection_id,
        tags: tags(r.tags),
    }
}

pub fn vpc_endpoint(r: raw::VpcEndpoint) -> VpcEndpoint {
    VpcEndpoint {
        id: r.vpc_endpoint_id,
        vpc_id: r.vpc_id,
        service_name: r.service_name,
        endpoint_type: r.vpc_endpoint_type.unwrap_or_default(),
        state: r.state.unwrap_or_default(),
        subnet_ids: r.subnet_ids,
        route_table_ids: r.route_table_ids,
        security_group_ids: r.groups.into_iter().map(|g| g.group_id).collect(),
        network_interface_ids: r.network_interface_ids,
        policy_document: r.policy_document.as_ref().and_then(decode_policy),
    }
}

pub fn prefix_list(r: raw::PrefixList) -> PrefixList {
    PrefixList {
        id: r.prefix_list_id,
        name: r.prefix_list_name,
        owner_id: r.owner_id,
        address_family: r.address_family,
        entries: r.cidrs,
    }
}

/// Flattens `IpPermissions` to one rule per peer, as `describe-security-group-rules` does.
pub fn security_group(r: raw::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        ingress: r.ip_permissions.into_iter().flat_map(flatten_permission).collect(),
        egress: r
            .ip_permissions_egress
            .into_iter()
            .flat_map(flatten_permission)
            .collect(),
        id: r.group_id,
        name: r.group_name,
        description: r.description,
        vpc_id: r.vpc_id,
        owner_id: r.owner_id,
        tags: tags(r.tags),
    }
}

fn flatten_permission(p: raw::IpPermission) -> Vec<SgRule> {
    // An unparseable protocol is kept as "all": a rule we cannot read must not hide traffic.
    let protocol = Protocol::parse(&p.ip_protocol).unwrap_or(Protocol::All);
    let ports = Ports::from_api(protocol, p.from_port, p.to_port);
    let rule = |peer, description| SgRule {
        rule_id: None,
        protocol,
        ports,
        peer,
        description,
    };
    let mut rules = Vec::new();
    for r in p.ip_ranges {
        if let Some(net) = r.cidr_ip {
            rules.push(rule(Peer::Ipv4(net), r.description));
        }
    }
    for r in p.ipv6_ranges {
        if let Some(net) = r.cidr_ipv6 {
            rules.push(rule(Peer::Ipv6(net), r.description));
        }
    }
    for r in p.prefix_list_ids {
        rules.push(rule(Peer::PrefixList(r.prefix_list_id), r.description));
    }
    for g in p.user_id_group_pairs {
        let description = g.description.clone();
        if let Some(peer) = group_peer(g) {
            rules.push(rule(peer, description));
        }
    }
    rules
}

fn group_peer(g: raw::UserIdGroupPair) -> Option<Peer> {
    Some(Peer::Group {
        group_id: g.group_id.or(g.group_name)?,
        owner_id: g.user_id,
        vpc_id: g.vpc_id,
        peering_id: g.vpc_peering_connection_id,
    })
}

/// One rule from `describe-security-group-rules`, with the group it belongs to.
pub fn security_group_rule(r: raw::SecurityGroupRule) -> Option<(String, bool, SgRule)> {
    let protocol = Protocol::parse(&r.ip_protocol).unwrap_or(Protocol::All);
    let peer = if let Some(net) = r.cidr_ipv4 {
        Peer::Ipv4(net)
    } else if let Some(net) = r.cidr_ipv6 {
        Peer::Ipv6(net)
    } else if let Some(pl) = r.prefix_list_id {
        Peer::PrefixList(pl)
    } else {
        group_peer(r.referenced_group_info?)?
    };
    let rule = SgRule {
        rule_id: r.security_group_rule_id,
        protocol,
        ports: Ports::from_api(protocol, r.from_port, r.to_port),
        peer,
        description: r.description,
    };
    Some((r.group_id, r.is_egress, rule))
}

pub fn network_acl(r: raw::NetworkAcl) -> NetworkAcl {
    NetworkAcl {
        id: r.network_acl_id,
        vpc_id: r.vpc_id,
        is_default: r.is_default,
        subnet_ids: r.associations.into_iter().filter_map(|a| a.subnet_id).collect(),
        entries: {
            // Evaluation order: by rule number (the API lists them in no promised order).
            let mut entries: Vec<NaclEntry> = r.entries.into_iter().filter_map(nacl_entry).collect();
            entries.sort_by_key(|e| (e.egress, e.rule_number));
            entries
        },
        tags: tags(r.tags),
    }
}

fn nacl_entry(e: raw::NaclEntry) -> Option<NaclEntry> {
    let cidr = match (e.cidr_block, e.ipv6_cidr_block) {
        (Some(net), _) => NaclCidr::Ipv4(net),
        (None, Some(net)) => NaclCidr::Ipv6(net),
        (None, None) => return None,
    };
    let protocol = Protocol::parse(&e.protocol).unwrap_or(Protocol::All);
    let ports = match protocol {
        Protocol::Icmp | Protocol::Icmpv6 => {
            let tc = e.icmp_type_code.unwrap_or_default();
            Ports::from_api(protocol, tc.icmp_type, tc.code)
        }
        _ => {
            let pr = e.port_range.unwrap_or_default();
            Ports::from_api(protocol, pr.from, pr.to)
        }
    };
    Some(NaclEntry {
        rule_number: u32::try_from(e.rule_number).unwrap_or(u32::MAX),
        egress: e.egress,
        allow: e.rule_action.eq_ignore_ascii_case("allow"),
        protocol,
        ports,
        cidr,
    })
}

pub fn network_interface(r: raw::NetworkInterface) -> NetworkInterface {
    let mut private_ips = Vec::new();
    let mut public_ips = Vec::new();
    if let Some(ip) = r.private_ip_address {
        private_ips.push(ip);
    }
    if let Some(ip) = r.association.and_then(|a| a.public_ip) {
        public_ips.push(ip);
    }
    for p in r.private_ip_addresses {
        if let Some(ip) = p.private_ip_address {
            if !private_ips.contains(&ip) {
                private_ips.push(ip);
            }
        }
        if let Some(ip) = p.association.and_then(|a| a.public_ip) {
            if !public_ips.contains(&ip) {
                public_ips.push(ip);
            }
        }
    }
    NetworkInterface {
        id: r.network_interface_id,
        subnet_id: r.subnet_id,
        vpc_id: r.vpc_id,
        owner_id: r.owner_id,
        interface_type: r.interface_type,
        description: r.description,
        status: r.status,
        requester_managed: r.requester_managed,
        private_ips,
        public_ips,
        ipv6_addresses: r.ipv6_addresses.into_iter().map(|a| a.ipv6_address).collect(),
        security_group_ids: r.groups.into_iter().map(|g| g.group_id).collect(),
        attached_instance_id: r.attachment.and_then(|a| a.instance_id),
        tags: tags(r.tag_set),
    }
}

pub fn instance(r: raw::Instance, owner_id: Option<String>) -> Instance {
    let mut ipv6: Vec<String> = r.ipv6_address.into_iter().collect();
    for eni in &r.network_interfaces {
        for a in &eni.ipv6_addresses {
            if !ipv6.contains(&a.ipv6_address) {
                ipv6.push(a.ipv6_address.clone());
            }
        }
    }
    Instance {
        id: r.instance_id,
        owner_id,
        state: r.state.and_then(|s| s.name).unwrap_or_default(),
        instance_type: r.instance_type,
        image_id: r.image_id,
        platform: r.platform_details.or(r.platform),
        launch_time: time(r.launch_time),
        vpc_id: r.vpc_id,
        subnet_id: r.subnet_id,
        private_ip: r.private_ip_address,
        public_ip: r.public_ip_address,
        ipv6_addresses: ipv6,
        security_group_ids: r.security_groups.into_iter().map(|g| g.group_id).collect(),
        network_interface_ids: r
            .network_interfaces
            .into_iter()
            .map(|e| e.network_interface_id)
            .collect(),
        iam_instance_profile_arn: r.iam_instance_profile.and_then(|p| p.arn),
        metadata: r.metadata_options.map(|m| MetadataOptions {
            http_tokens: m.http_tokens,
            http_endpoint: m.http_endpoint,
            http_put_response_hop_limit: m.http_put_response_hop_limit,
        }),
        tags: tags(r.tags),
    }
}

pub fn address(r: raw::Address) -> Address {
    Address {
        public_ip: r.public_ip,
        allocation_id: r.allocation_id,
        association_id: r.association_id,
        instance_id: r.instance_id,
        network_interface_id: r.network_interface_id,
        private_ip: r.private_ip_address,
        tags: tags(r.tags),
    }
}

pub fn flow_log(r: raw::FlowLog) -> FlowLog {
    FlowLog {
        id: r.flow_log_id,
        resource_id: r.resource_id,
        traffic_type: r.traffic_type,
        destination_type: r.log_destination_type,
        destination: r.log_destination.or(r.log_group_name),
        log_format: r.log_format,
        status: r.flow_log_status,
        deliver_logs_status: r.deliver_logs_status,
    }
}

pub fn load_balancer_v2(r: raw::LoadBalancerV2) -> LoadBalancer {
    LoadBalancer {
        id: r.load_balancer_arn,
        name: r.load_balancer_name,
        lb_type: r.lb_type.unwrap_or_else(|| "application".into()),
        scheme: r.scheme.unwrap_or_default(),
        vpc_id: r.vpc_id,
        dns_name: r.dns_name,
        subnet_ids: r.availability_zones.into_iter().filter_map(|z| z.subnet_id).collect(),
        security_group_ids: r.security_groups,
        ip_address_type: r.ip_address_type,
        listeners: Vec::new(),
        instance_ids: Vec::new(),
    }
}

pub fn classic_load_balancer(r: raw::ClassicLoadBalancer) -> LoadBalancer {
    LoadBalancer {
        id: r.load_balancer_name.clone(),
        name: r.load_balancer_name,
        lb_type: "classic".into(),
        scheme: r.scheme.unwrap_or_default(),
        vpc_id: r.vpc_id,
        dns_name: r.dns_name,
        subnet_ids: r.subnets,
        security_group_ids: r.security_groups,
        ip_address_type: None,
        listeners: r
            .listener_descriptions
            .into_iter()
            .map(|d| Listener {
                arn: None,
                port: port(d.listener.load_balancer_port),
                protocol: d.listener.protocol.to_ascii_uppercase(),
                instance_port: d.listener.instance_port.map(port),
                ssl_policy: d.policy_names.into_iter().next(),
                target_group_arns: Vec::new(),
                redirects: false,
                // Classic listeners have no rules: the listener is the whole answer.
                rules: Some(Vec::new()),
            })
            .collect(),
        instance_ids: r.instances.into_iter().map(|i| i.instance_id).collect(),
    }
}

fn port(p: i64) -> u16 {
    u16::try_from(p).unwrap_or(0)
}

/// The target groups a list of actions forwards to: `TargetGroupArn`, and every group of a
/// weighted `ForwardConfig` (ELB API Reference, "Action" and "ForwardActionConfig").
fn forwarded(actions: &[raw::ListenerAction]) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    for action in actions {
        let groups = action.forward_config.iter().flat_map(|fc| &fc.target_groups);
        for arn in action
            .target_group_arn
            .iter()
            .chain(groups.map(|t| &t.target_group_arn))
        {
            if !arn.is_empty() && !arns.contains(arn) {
                arns.push(arn.clone());
            }
        }
    }
    arns
}

pub fn listener(r: raw::ListenerV2) -> (Option<String>, Listener) {
    let target_group_arns = forwarded(&r.default_actions);
    let redirects = r
        .default_actions
        .iter()
        .any(|a| a.action_type.eq_ignore_ascii_case("redirect"));
    let listener = Listener {
        arn: r.listener_arn,
        port: r.port.map(port).unwrap_or(0),
        protocol: r.protocol.unwrap_or_default(),
        instance_port: None,
        ssl_policy: r.ssl_policy,
        target_group_arns,
        redirects,
        rules: None,
    };
    (r.load_balancer_arn, listener)
}

/// A non-default rule of `describe-rules` with the ARN of its listener, which the rule's ARN
/// names (`…:listener-rule/app/NAME/LB/LISTENER/RULE` → `…:listener/app/NAME/LB/LISTENER`);
/// no rule for the default one (the listener's default action holds it). None for items that
/// are not listener rules.
pub fn listener_rule(r: raw::ListenerRule) -> Option<(String, Option<ListenerRule>)> {
    let (head, tail) = r.rule_arn.split_once(":listener-rule/")?;
    let (listener_path, _) = tail.rsplit_once('/')?;
    let listener = format!("{head}:listener/{listener_path}");
    if r.is_default || r.priority.as_deref() == Some("default") {
        return Some((listener, None));
    }
    let serves = r
        .actions
        .iter()
        .any(|a| a.action_type.eq_ignore_ascii_case("forward") || a.action_type.eq_ignore_ascii_case("fixed-response"));
    let rule = ListenerRule {
        target_group_arns: forwarded(&r.actions),
        arn: r.rule_arn,
        priority: r.priority.unwrap_or_default(),
        serves,
    };
    Some((listener, Some(rule)))
}

/// The attributes of `describe-target-group-attributes` rampart reads.
pub fn target_group_attributes(list: Vec<raw::KeyValue>) -> TargetGroupAttributes {
    let flag = |key: &str| {
        list.iter()
            .find(|a| a.key == key)
            .and_then(|a| a.value.as_deref())
            .map(|v| v.eq_ignore_ascii_case("true"))
    };
    TargetGroupAttributes {
        preserve_client_ip: flag("preserve_client_ip.enabled"),
        proxy_protocol_v2: flag("proxy_protocol_v2.enabled"),
    }
}

pub fn target_group(r: raw::TargetGroup) -> TargetGroup {
    TargetGroup {
        arn: r.target_group_arn,
        name: r.target_group_name,
        protocol: r.protocol,
        port: r.port.map(port),
        vpc_id: r.vpc_id,
        target_type: r.target_type.unwrap_or_else(|| "instance".into()),
        load_balancer_arns: r.load_balancer_arns,
        targets: Vec::new(),
        targets_read: false,
        attributes: None,
    }
}

pub fn target(r: raw::TargetHealthDescription) -> Target {
    Target {
        id: r.target.id,
        port: r.target.port.map(port),
        availability_zone: r.target.availability_zone,
        health: r.target_health.and_then(|h| h.state),
    }
}

pub fn auto_scaling_group(r: raw::AutoScalingGroup) -> AutoScalingGroup {
    AutoScalingGroup {
        name: r.auto_scaling_group_name,
        arn: r.arn,
        instance_ids: r.instances.into_iter().map(|i| i.instance_id).collect(),
        subnet_ids: r
            .vpc_zone_identifier
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        load_balancer_names: r.load_balancer_names,
        target_group_arns: r.target_group_arns,
        max_instance_lifetime: r.max_instance_lifetime,
        launch_template: r
            .launch_template
            .and_then(|t| t.launch_template_id.or(t.launch_template_name))
            .or(r.launch_configuration_name),
        tags: tags(r.tags),
        instance_refreshes: None,
    }
}

pub fn trail(r: raw::Trail) -> Trail {
    Trail {
        name: r.name,
        arn: r.trail_arn,
        home_region: r.home_region,
        multi_region: r.is_multi_region_trail,
        organization_trail: r.is_organization_trail,
        include_global_service_events: r.include_global_service_events,
        log_file_validation: r.log_file_validation_enabled,
        s3_bucket: r.s3_bucket_name,
        kms_key_id: r.kms_key_id,
        cloudwatch_logs_log_group_arn: r.cloud_watch_logs_log_group_arn,
        has_custom_event_selectors: r.has_custom_event_selectors,
        is_logging: None,
        latest_delivery_error: None,
        event_selectors: None,
    }
}

pub fn event_selectors(basic: Option<Vec<raw::EventSelector>>, advanced: Option<Value>) -> EventSelectors {
    let basic = basic.unwrap_or_default();
    let advanced = advanced.filter(|v| v.as_array().is_some_and(|a| !a.is_empty()));
    let adv_text = advanced.as_ref().map(Value::to_string);
    // Advanced selectors record management events when a selector says eventCategory = Management.
    let adv_management = adv_text.as_deref().is_some_and(|t| t.contains("\"Management\""));
    EventSelectors {
        management_events: adv_management || basic.iter().any(|s| s.include_management_events.unwrap_or(true)),
        read_write_type: basic.first().and_then(|s| s.read_write_type.clone()),
        data_resource_types: basic
            .iter()
            .flat_map(|s| s.data_resources.iter().map(|d| d.resource_type.clone()))
            .collect(),
        advanced: adv_text,
    }
}

pub fn metric_filter(r: raw::MetricFilter) -> MetricFilter {
    MetricFilter {
        name: r.filter_name,
        log_group_name: r.log_group_name,
        pattern: r.filter_pattern,
        metrics: r
            .metric_transformations
            .into_iter()
            .map(|m| (m.metric_namespace, m.metric_name))
            .collect(),
    }
}

pub fn metric_alarm(r: raw::MetricAlarm) -> MetricAlarm {
    MetricAlarm {
        name: r.alarm_name,
        namespace: r.namespace,
        metric_name: r.metric_name,
        actions_enabled: r.actions_enabled,
        alarm_actions: r.alarm_actions,
        state: r.state_value,
    }
}

pub fn config_recorder(r: raw::ConfigRecorder) -> ConfigRecorder {
    let group = r.recording_group.unwrap_or_default();
    ConfigRecorder {
        name: r.name,
        all_supported: group.all_supported,
        include_global_resource_types: group.include_global_resource_types,
        resource_types: group.resource_types,
        recording: None,
        last_status: None,
    }
}

/// Detector features, with legacy `DataSources` translated to the feature names that replaced them.
pub fn detector_features(features: Vec<raw::DetectorFeature>, data_sources: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = features.into_iter().map(|f| (f.name, f.status)).collect();
    if let Some(ds) = data_sources {
        let status = |path: &[&str]| {
            let mut v = ds;
            for p in path {
                v = v.get(p)?;
            }
            v.get("Status").and_then(Value::as_str).map(String::from)
        };
        let legacy = [
            ("CLOUD_TRAIL", &["CloudTrail"][..]),
            ("DNS_LOGS", &["DNSLogs"][..]),
            ("FLOW_LOGS", &["FlowLogs"][..]),
            ("S3_DATA_EVENTS", &["S3Logs"][..]),
            ("EKS_AUDIT_LOGS", &["Kubernetes", "AuditLogs"][..]),
            (
                "EBS_MALWARE_PROTECTION",
                &["MalwareProtection", "ScanEc2InstanceWithFindings", "EbsVolumes"][..],
            ),
        ];
        for (name, path) in legacy {
            if out.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(s) = status(path) {
                out.push((name.to_owned(), s));
            }
        }
    }
    out
}

/// Timestamps come as ISO strings from the CLI and as epoch numbers from some tools.
pub fn time_text(v: Option<Value>) -> Option<String> {
    super::timestamp::from_value(v)
}

fn time(s: Option<String>) -> Option<String> {
    s.map(|s| super::timestamp::canonical(&s))
}

pub fn ssm_instance(r: raw::SsmInstance) -> SsmManagedInstance {
    SsmManagedInstance {
        instance_id: r.instance_id,
        ping_status: r.ping_status,
        last_ping: time_text(r.last_ping_date_time),
        agent_version: r.agent_version,
        platform: r.platform_name,
        computer_name: r.computer_name,
    }
}

pub fn patch_state(r: raw::PatchState) -> PatchState {
    PatchState {
        instance_id: r.instance_id,
        baseline_id: r.baseline_id,
        operation: r.operation,
        operation_end_time: time_text(r.operation_end_time),
        installed: r.installed_count,
        installed_pending_reboot: r.installed_pending_reboot_count,
        missing: r.missing_count,
        failed: r.failed_count,
        critical_non_compliant: r.critical_non_compliant_count,
        security_non_compliant: r.security_non_compliant_count,
    }
}

pub fn guardduty_finding(r: raw::GdFinding) -> GuardDutyFinding {
    let resource = r.resource.unwrap_or_default();
    let resource_id = resource
        .instance_details
        .and_then(|i| i.instance_id)
        .or_else(|| resource.access_key_details.and_then(|k| k.user_name))
        .or_else(|| resource.s3_bucket_details.into_iter().flatten().find_map(|b| b.name));
    let service = r.service.unwrap_or_default();
    GuardDutyFinding {
        id: r.id,
        detector_id: r.detector_id.or(service.detector_id).unwrap_or_default(),
        finding_type: r.finding_type,
        title: r.title,
        severity: r.severity,
        resource_type: resource.resource_type,
        resource_id,
        updated_at: r.updated_at.map(|t| super::timestamp::canonical(&t)),
        count: service.count,
        archived: service.archived,
    }
}

pub fn inspector_finding(r: raw::InspectorFinding) -> InspectorFinding {
    InspectorFinding {
        arn: r.finding_arn,
        title: r.title,
        severity: r.severity,
        status: r.status,
        vulnerability_id: r.package_vulnerability_details.and_then(|p| p.vulnerability_id),
        instance_ids: r
            .resources
            .into_iter()
            .filter(|x| x.kind == "AWS_EC2_INSTANCE")
            .map(|x| x.id)
            .collect(),
        exploit_available: r.exploit_available.as_deref() == Some("YES"),
        fix_available: r.fix_available,
        score: r.inspector_score,
    }
}

pub fn inspector(r: raw::InspectorAccount) -> InspectorStatus {
    InspectorStatus {
        account_id: r.account_id,
        state: r.state.and_then(|s| s.status),
        resources: r
            .resource_state
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.status?)))
            .collect(),
    }
}

pub fn workspaces_directory(r: raw::WorkspacesDirectory) -> WorkspacesDirectory {
    WorkspacesDirectory {
        id: r.directory_id,
        directory_type: r.directory_type,
        state: r.state,
        ip_group_ids: r.ip_group_ids,
        device_access: r
            .workspace_access_properties
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_str()?.to_owned())))
            .collect(),
        certificate_based_auth: r.certificate_based_auth_properties.and_then(|c| c.status),
    }
}

pub fn workspaces_ip_group(r: raw::WorkspacesIpGroup) -> WorkspacesIpGroup {
    WorkspacesIpGroup {
        id: r.group_id,
        name: r.group_name,
        rules: r.user_rules.into_iter().map(|u| u.ip_rule).collect(),
    }
}

pub fn firewall(r: raw::Firewall, status: Option<raw::FirewallStatus>) -> NetworkFirewall {
    NetworkFirewall {
        name: r.firewall_name,
        arn: r.firewall_arn,
        vpc_id: r.vpc_id,
        subnet_ids: r.subnet_mappings.into_iter().map(|m| m.subnet_id).collect(),
        policy_arn: r.firewall_policy_arn,
        endpoint_ids: status
            .map(|s| {
                s.sync_states
                    .into_values()
                    .filter_map(|s| s.attachment?.endpoint_id)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub fn lambda(r: raw::LambdaFunction) -> LambdaFunction {
    let vpc = r.vpc_config.unwrap_or_default();
    LambdaFunction {
        name: r.function_name,
        arn: r.function_arn,
        runtime: r.runtime,
        role: r.role,
        vpc_id: vpc.vpc_id.filter(|v| !v.is_empty()),
        subnet_ids: vpc.subnet_ids,
        security_group_ids: vpc.security_group_ids,
        last_modified: r.last_modified,
    }
}

pub fn ecs_service(r: raw::EcsService) -> EcsService {
    let net = r
        .network_configuration
        .and_then(|n| n.awsvpc_configuration)
        .unwrap_or_default();
    EcsService {
        name: r.service_name,
        arn: r.service_arn,
        cluster_arn: r.cluster_arn,
        launch_type: r.launch_type,
        desired_count: r.desired_count,
        subnet_ids: net.subnets,
        security_group_ids: net.security_groups,
        assign_public_ip: net.assign_public_ip.as_deref() == Some("ENABLED"),
    }
}

fn inline(policies: Vec<raw::InlinePolicy>) -> Vec<InlinePolicy> {
    policies
        .into_iter()
        .map(|p| InlinePolicy {
            document: decode_policy(&p.policy_document).unwrap_or_default(),
            name: p.policy_name,
        })
        .collect()
}

fn arns(policies: Vec<raw::AttachedPolicy>) -> Vec<String> {
    policies.into_iter().map(|p| p.policy_arn).collect()
}

pub fn iam_user(r: raw::UserDetail) -> IamUser {
    IamUser {
        name: r.user_name,
        arn: r.arn,
        id: r.user_id,
        create_date: time(r.create_date),
        groups: r.group_list,
        attached_policy_arns: arns(r.attached_managed_policies),
        inline_policies: inline(r.user_policy_list),
        permissions_boundary_arn: r.permissions_boundary.and_then(|b| b.permissions_boundary_arn),
        tags: tags(r.tags),
    }
}

pub fn iam_group(r: raw::GroupDetail) -> IamGroup {
    IamGroup {
        name: r.group_name,
        arn: r.arn,
        attached_policy_arns: arns(r.attached_managed_policies),
        inline_policies: inline(r.group_policy_list),
    }
}

pub fn iam_role(r: raw::RoleDetail) -> IamRole {
    IamRole {
        name: r.role_name,
        arn: r.arn,
        path: r.path,
        create_date: time(r.create_date),
        trust_policy: r.assume_role_policy_document.as_ref().and_then(decode_policy),
        attached_policy_arns: arns(r.attached_managed_policies),
        inline_policies: inline(r.role_policy_list),
        instance_profile_arns: r.instance_profile_list.into_iter().filter_map(|p| p.arn).collect(),
        last_used: time(r.role_last_used.and_then(|u| u.last_used_date)),
        permissions_boundary_arn: r.permissions_boundary.and_then(|b| b.permissions_boundary_arn),
        tags: tags(r.tags),
    }
}

pub fn managed_policy(r: raw::PolicyDetail) -> ManagedPolicy {
    let default = r
        .policy_version_list
        .iter()
        .find(|v| v.is_default_version || (v.version_id.is_some() && v.version_id == r.default_version_id));
    ManagedPolicy {
        default_document: default.and_then(|v| decode_policy(&v.document)),
        name: r.policy_name,
        arn: r.arn,
        attachment_count: r.attachment_count,
    }
}

pub fn password_policy(r: raw::PasswordPolicy) -> PasswordPolicy {
    PasswordPolicy {
        minimum_length: r.minimum_password_length,
        require_symbols: r.require_symbols,
        require_numbers: r.require_numbers,
        require_uppercase: r.require_uppercase_characters,
        require_lowercase: r.require_lowercase_characters,
        allow_users_to_change: r.allow_users_to_change_password,
        max_age_days: r.max_password_age,
        reuse_prevention: r.password_reuse_prevention,
        hard_expiry: r.hard_expiry,
    }
}

pub fn mfa_device(r: raw::VirtualMfaDevice) -> MfaDevice {
    MfaDevice {
        serial_number: r.serial_number,
        user_arn: r.user.and_then(|u| u.arn),
        enable_date: time(r.enable_date),
    }
}

pub fn public_access_block(r: raw::PublicAccessBlock) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: r.block_public_acls,
        ignore_public_acls: r.ignore_public_acls,
        block_public_policy: r.block_public_policy,
        restrict_public_buckets: r.restrict_public_buckets,
    }
}

/// How an OpenSearch domain is named in [`GroupReference::resource`].
pub const SEARCH_DOMAIN: &str = "OpenSearch domain";

fn membership_ids(groups: Vec<raw::VpcSecurityGroupMembership>) -> Vec<String> {
    groups.into_iter().map(|g| g.vpc_security_group_id).collect()
}

fn reference(kind: ResourceKind, resource: String, group_ids: Vec<String>) -> GroupReference {
    GroupReference {
        kind,
        resource,
        group_ids,
        group_names: Vec::new(),
    }
}

pub fn db_instance(r: raw::DbInstance) -> GroupReference {
    reference(
        ResourceKind::DbInstances,
        format!("RDS DB instance {}", r.db_instance_identifier),
        membership_ids(r.vpc_security_groups),
    )
}

pub fn db_cluster(r: raw::DbCluster) -> GroupReference {
    reference(
        ResourceKind::DbClusters,
        format!("RDS DB cluster {}", r.db_cluster_identifier),
        membership_ids(r.vpc_security_groups),
    )
}

pub fn cache_cluster(r: raw::CacheCluster) -> GroupReference {
    reference(
        ResourceKind::CacheClusters,
        format!("ElastiCache cluster {}", r.cache_cluster_id),
        r.security_groups.into_iter().map(|g| g.security_group_id).collect(),
    )
}

/// None for another service's `Clusters` entry (no `ClusterIdentifier`).
pub fn redshift_cluster(r: raw::RedshiftCluster) -> Option<GroupReference> {
    Some(reference(
        ResourceKind::RedshiftClusters,
        format!("Redshift cluster {}", r.cluster_identifier?),
        membership_ids(r.vpc_security_groups),
    ))
}

/// A domain outside a VPC has no `VPCOptions` and names no group.
pub fn search_domain(r: raw::DomainStatus) -> GroupReference {
    reference(
        ResourceKind::OpenSearchDomains,
        format!("{SEARCH_DOMAIN} {}", r.domain_name),
        r.vpc_options.map(|v| v.security_group_ids).unwrap_or_default(),
    )
}

/// The groups a launch template version launches with: its own `SecurityGroupIds` (or names),
/// and those of each network interface it specifies (EC2 API Reference,
/// RequestLaunchTemplateData / LaunchTemplateInstanceNetworkInterfaceSpecification).
pub fn launch_template_version(r: raw::LaunchTemplateVersion) -> GroupReference {
    let data = r.launch_template_data.unwrap_or_default();
    let mut ids = data.security_group_ids.unwrap_or_default();
    ids.extend(
        data.network_interfaces
            .into_iter()
            .flatten()
            .flat_map(|n| n.groups.unwrap_or_default()),
    );
    let version = r.version_number.map_or_else(String::new, |v| format!(" version {v}"));
    GroupReference {
        kind: ResourceKind::LaunchTemplateVersions,
        resource: format!(
            "launch template {}{version}",
            r.launch_template_name.unwrap_or(r.launch_template_id)
        ),
        group_ids: ids,
        group_names: data.security_groups.unwrap_or_default(),
    }
}

/// `SecurityGroups` holds group ids, or group names (EC2-Classic, default VPC): a value that
/// is not an id is kept as a name.
pub fn launch_configuration(r: raw::LaunchConfiguration) -> GroupReference {
    let (group_ids, group_names) = r
        .security_groups
        .into_iter()
        .flatten()
        .partition(|g| g.starts_with("sg-"));
    GroupReference {
        kind: ResourceKind::LaunchConfigurations,
        resource: format!("launch configuration {}", r.launch_configuration_name),
        group_ids,
        group_names,
    }
}
