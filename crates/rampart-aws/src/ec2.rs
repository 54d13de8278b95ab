//! EC2 and VPC networking: the calls of the export script's "VPC networking" block, each
//! answer paginated to the end and written as `aws ec2 …` prints it.

use aws_config::SdkConfig;
use aws_sdk_ec2::types::{self as t, Filter};
use aws_sdk_ec2::Client;
use serde_json::{json, Value};

use crate::call::Ctx;
use crate::shape::{iso, name, tags};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str) {
    let ec2 = Client::new(config);
    let c = (ctx, &ec2, region);
    tokio::join!(
        vpcs(c),
        subnets(c),
        route_tables(c),
        gateways(c),
        transit_gateways(c),
        peering_and_endpoints(c),
        prefix_lists(c),
        security_groups(c),
        security_group_rules(c),
        network_acls(c),
        network_interfaces(c),
        instances(c),
        addresses_and_flow_logs(c),
    );
}

type C<'a> = (&'a Ctx, &'a Client, &'a str);

/// Pages of a paginated call, flattened by `$items` into one CLI-shaped list under `$key`.
macro_rules! paged {
    ($ctx:expr, $region:expr, $file:literal, $command:literal, $key:literal, $builder:expr, $items:ident, $shape:expr) => {{
        if let Some(pages) = $ctx
            .call($region, $file, $command, $builder.into_paginator().send().try_collect())
            .await
        {
            let list: Vec<Value> = pages.iter().flat_map(|p| p.$items().iter().map($shape)).collect();
            $ctx.put($region, $file, json!({ $key: list }));
        }
    }};
}

async fn vpcs((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "vpcs.json",
        "ec2 describe-vpcs",
        "Vpcs",
        ec2.describe_vpcs(),
        vpcs,
        |v: &t::Vpc| {
            json!({
                "VpcId": v.vpc_id(), "OwnerId": v.owner_id(), "CidrBlock": v.cidr_block(), "IsDefault": v.is_default(),
                "CidrBlockAssociationSet": v.cidr_block_association_set().iter().map(|a| json!({
                    "CidrBlock": a.cidr_block(),
                    "CidrBlockState": {"State": a.cidr_block_state().and_then(|s| name!(s.state()))},
                })).collect::<Vec<_>>(),
                "Ipv6CidrBlockAssociationSet": v.ipv6_cidr_block_association_set().iter().map(|a| json!({
                    "Ipv6CidrBlock": a.ipv6_cidr_block(),
                    "Ipv6CidrBlockState": {"State": a.ipv6_cidr_block_state().and_then(|s| name!(s.state()))},
                })).collect::<Vec<_>>(),
                "Tags": tags!(v.tags()),
            })
        }
    );
}

async fn subnets((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "subnets.json",
        "ec2 describe-subnets",
        "Subnets",
        ec2.describe_subnets(),
        subnets,
        |s: &t::Subnet| {
            json!({
                "SubnetId": s.subnet_id(), "VpcId": s.vpc_id(), "AvailabilityZone": s.availability_zone(),
                "CidrBlock": s.cidr_block(), "MapPublicIpOnLaunch": s.map_public_ip_on_launch(),
                "Ipv6CidrBlockAssociationSet": s.ipv6_cidr_block_association_set().iter().map(|a| json!({
                    "Ipv6CidrBlock": a.ipv6_cidr_block(),
                    "Ipv6CidrBlockState": {"State": a.ipv6_cidr_block_state().and_then(|s| name!(s.state()))},
                })).collect::<Vec<_>>(),
                "Tags": tags!(s.tags()),
            })
        }
    );
}

async fn route_tables((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "route-tables.json",
        "ec2 describe-route-tables",
        "RouteTables",
        ec2.describe_route_tables(),
        route_tables,
        |r: &t::RouteTable| {
            json!({
                "RouteTableId": r.route_table_id(), "VpcId": r.vpc_id(), "Tags": tags!(r.tags()),
                "Associations": r.associations().iter().map(|a| json!({
                    "Main": a.main(), "SubnetId": a.subnet_id(), "GatewayId": a.gateway_id(),
                    "AssociationState": a.association_state().map(|s| json!({"State": name!(s.state())})),
                })).collect::<Vec<_>>(),
                "Routes": r.routes().iter().map(|x| json!({
                    "DestinationCidrBlock": x.destination_cidr_block(),
                    "DestinationIpv6CidrBlock": x.destination_ipv6_cidr_block(),
                    "DestinationPrefixListId": x.destination_prefix_list_id(),
                    "GatewayId": x.gateway_id(),
                    "EgressOnlyInternetGatewayId": x.egress_only_internet_gateway_id(),
                    "NatGatewayId": x.nat_gateway_id(),
                    "TransitGatewayId": x.transit_gateway_id(),
                    "VpcPeeringConnectionId": x.vpc_peering_connection_id(),
                    "NetworkInterfaceId": x.network_interface_id(),
                    "InstanceId": x.instance_id(),
                    "CarrierGatewayId": x.carrier_gateway_id(),
                    "LocalGatewayId": x.local_gateway_id(),
                    "CoreNetworkArn": x.core_network_arn(),
                    "State": name!(x.state()),
                })).collect::<Vec<_>>(),
            })
        }
    );
}

fn attachments(list: &[t::InternetGatewayAttachment]) -> Vec<Value> {
    list.iter()
        .map(|a| json!({"VpcId": a.vpc_id(), "State": name!(a.state())}))
        .collect()
}

async fn gateways((ctx, ec2, region): C<'_>) {
    tokio::join!(
        async {
            paged!(
                ctx,
                region,
                "internet-gateways.json",
                "ec2 describe-internet-gateways",
                "InternetGateways",
                ec2.describe_internet_gateways(),
                internet_gateways,
                |g: &t::InternetGateway| {
                    json!({"InternetGatewayId": g.internet_gateway_id(), "Attachments": attachments(g.attachments()), "Tags": tags!(g.tags())})
                }
            );
        },
        async {
            paged!(
                ctx,
                region,
                "egress-only-internet-gateways.json",
                "ec2 describe-egress-only-internet-gateways",
                "EgressOnlyInternetGateways",
                ec2.describe_egress_only_internet_gateways(),
                egress_only_internet_gateways,
                |g: &t::EgressOnlyInternetGateway| {
                    json!({"EgressOnlyInternetGatewayId": g.egress_only_internet_gateway_id(), "Attachments": attachments(g.attachments()), "Tags": tags!(g.tags())})
                }
            );
        },
        async {
            paged!(
                ctx,
                region,
                "nat-gateways.json",
                "ec2 describe-nat-gateways",
                "NatGateways",
                ec2.describe_nat_gateways(),
                nat_gateways,
                |n: &t::NatGateway| {
                    json!({
                        "NatGatewayId": n.nat_gateway_id(), "VpcId": n.vpc_id(), "SubnetId": n.subnet_id(),
                        "State": name!(n.state()), "ConnectivityType": name!(n.connectivity_type()), "Tags": tags!(n.tags()),
                        "NatGatewayAddresses": n.nat_gateway_addresses().iter()
                            .map(|a| json!({"PublicIp": a.public_ip(), "PrivateIp": a.private_ip()})).collect::<Vec<_>>(),
                    })
                }
            );
        },
    );
}

async fn transit_gateways((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "transit-gateways.json",
        "ec2 describe-transit-gateways",
        "TransitGateways",
        ec2.describe_transit_gateways(),
        transit_gateways,
        |g: &t::TransitGateway| {
            json!({"TransitGatewayId": g.transit_gateway_id(), "OwnerId": g.owner_id(), "State": name!(g.state()), "Tags": tags!(g.tags())})
        }
    );
    paged!(
        ctx,
        region,
        "transit-gateway-attachments.json",
        "ec2 describe-transit-gateway-attachments",
        "TransitGatewayAttachments",
        ec2.describe_transit_gateway_attachments(),
        transit_gateway_attachments,
        |a: &t::TransitGatewayAttachment| {
            json!({
                "TransitGatewayAttachmentId": a.transit_gateway_attachment_id(), "TransitGatewayId": a.transit_gateway_id(),
                "ResourceType": name!(a.resource_type()), "ResourceId": a.resource_id(), "ResourceOwnerId": a.resource_owner_id(),
                "State": name!(a.state()),
                "Association": a.association().map(|x| json!({
                    "TransitGatewayRouteTableId": x.transit_gateway_route_table_id(), "State": name!(x.state()),
                })),
            })
        }
    );
    paged!(
        ctx,
        region,
        "transit-gateway-vpc-attachments.json",
        "ec2 describe-transit-gateway-vpc-attachments",
        "TransitGatewayVpcAttachments",
        ec2.describe_transit_gateway_vpc_attachments(),
        transit_gateway_vpc_attachments,
        |a: &t::TransitGatewayVpcAttachment| {
            json!({
                "TransitGatewayAttachmentId": a.transit_gateway_attachment_id(), "TransitGatewayId": a.transit_gateway_id(),
                "VpcId": a.vpc_id(), "VpcOwnerId": a.vpc_owner_id(), "State": name!(a.state()), "SubnetIds": a.subnet_ids(),
            })
        }
    );
    let Some(pages) = ctx
        .call(
            region,
            "transit-gateway-route-tables.json",
            "ec2 describe-transit-gateway-route-tables",
            ec2.describe_transit_gateway_route_tables()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await
    else {
        return;
    };
    let tables: Vec<&t::TransitGatewayRouteTable> =
        pages.iter().flat_map(|p| p.transit_gateway_route_tables()).collect();
    ctx.put(
        region,
        "transit-gateway-route-tables.json",
        json!({"TransitGatewayRouteTables": tables.iter().map(|r| json!({
            "TransitGatewayRouteTableId": r.transit_gateway_route_table_id(), "TransitGatewayId": r.transit_gateway_id(),
        })).collect::<Vec<_>>()}),
    );
    for table in tables {
        let Some(id) = table.transit_gateway_route_table_id() else {
            continue;
        };
        let file = format!("tgw-routes-{id}.json");
        let routes = ec2
            .search_transit_gateway_routes()
            .transit_gateway_route_table_id(id)
            .filters(
                Filter::builder()
                    .name("type")
                    .values("static")
                    .values("propagated")
                    .build(),
            )
            .into_paginator()
            .send()
            .try_collect();
        if let Some(pages) = ctx
            .call(region, &file, "ec2 search-transit-gateway-routes", routes)
            .await
        {
            let routes: Vec<Value> = pages
                .iter()
                .flat_map(|p| p.routes())
                .map(|r| {
                    json!({
                        "DestinationCidrBlock": r.destination_cidr_block(), "PrefixListId": r.prefix_list_id(),
                        "Type": name!(r.r#type()), "State": name!(r.state()),
                        "TransitGatewayAttachments": r.transit_gateway_attachments().iter().map(|a| json!({
                            "TransitGatewayAttachmentId": a.transit_gateway_attachment_id(),
                            "ResourceId": a.resource_id(), "ResourceType": name!(a.resource_type()),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            ctx.put(
                region,
                &file,
                json!({"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": id, "Routes": routes}]}),
            );
        }
        let file = format!("tgw-propagations-{id}.json");
        let request = ec2
            .get_transit_gateway_route_table_propagations()
            .transit_gateway_route_table_id(id)
            .into_paginator()
            .send()
            .try_collect();
        if let Some(pages) = ctx
            .call(
                region,
                &file,
                "ec2 get-transit-gateway-route-table-propagations",
                request,
            )
            .await
        {
            let list: Vec<Value> = pages
                .iter()
                .flat_map(|p| p.transit_gateway_route_table_propagations())
                .map(|p| {
                    json!({
                        "TransitGatewayAttachmentId": p.transit_gateway_attachment_id(), "ResourceId": p.resource_id(),
                        "ResourceType": name!(p.resource_type()), "State": name!(p.state()),
                    })
                })
                .collect();
            ctx.put(
                region,
                &file,
                json!({"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": id, "TransitGatewayRouteTablePropagations": list}]}),
            );
        }
    }
}

fn peering_side(v: Option<&t::VpcPeeringConnectionVpcInfo>) -> Value {
    let Some(v) = v else { return json!({}) };
    json!({
        "VpcId": v.vpc_id(), "OwnerId": v.owner_id(), "Region": v.region(), "CidrBlock": v.cidr_block(),
        "CidrBlockSet": v.cidr_block_set().iter().map(|c| json!({"CidrBlock": c.cidr_block()})).collect::<Vec<_>>(),
    })
}

async fn peering_and_endpoints((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "vpc-peering-connections.json",
        "ec2 describe-vpc-peering-connections",
        "VpcPeeringConnections",
        ec2.describe_vpc_peering_connections(),
        vpc_peering_connections,
        |p: &t::VpcPeeringConnection| {
            json!({
                "VpcPeeringConnectionId": p.vpc_peering_connection_id(),
                "Status": p.status().map(|s| json!({"Code": name!(s.code())})),
                "RequesterVpcInfo": peering_side(p.requester_vpc_info()),
                "AccepterVpcInfo": peering_side(p.accepter_vpc_info()),
                "Tags": tags!(p.tags()),
            })
        }
    );
    paged!(
        ctx,
        region,
        "vpc-endpoints.json",
        "ec2 describe-vpc-endpoints",
        "VpcEndpoints",
        ec2.describe_vpc_endpoints(),
        vpc_endpoints,
        |e: &t::VpcEndpoint| {
            json!({
                "VpcEndpointId": e.vpc_endpoint_id(), "VpcId": e.vpc_id(), "ServiceName": e.service_name(),
                "VpcEndpointType": name!(e.vpc_endpoint_type()), "State": name!(e.state()),
                "SubnetIds": e.subnet_ids(), "RouteTableIds": e.route_table_ids(),
                "Groups": e.groups().iter().map(|g| json!({"GroupId": g.group_id()})).collect::<Vec<_>>(),
                "NetworkInterfaceIds": e.network_interface_ids(), "PolicyDocument": e.policy_document(),
            })
        }
    );
}

async fn prefix_lists((ctx, ec2, region): C<'_>) {
    let Some(pages) = ctx
        .call(
            region,
            "managed-prefix-lists.json",
            "ec2 describe-managed-prefix-lists",
            ec2.describe_managed_prefix_lists()
                .into_paginator()
                .send()
                .try_collect(),
        )
        .await
    else {
        return;
    };
    let lists: Vec<&t::ManagedPrefixList> = pages.iter().flat_map(|p| p.prefix_lists()).collect();
    ctx.put(
        region,
        "managed-prefix-lists.json",
        json!({"PrefixLists": lists.iter().map(|l| json!({
            "PrefixListId": l.prefix_list_id(), "PrefixListName": l.prefix_list_name(),
            "OwnerId": l.owner_id(), "AddressFamily": l.address_family(),
        })).collect::<Vec<_>>()}),
    );
    for id in lists.iter().filter_map(|l| l.prefix_list_id()) {
        let file = format!("prefix-list-entries-{id}.json");
        let request = ec2
            .get_managed_prefix_list_entries()
            .prefix_list_id(id)
            .into_paginator()
            .send()
            .try_collect();
        if let Some(pages) = ctx
            .call(region, &file, "ec2 get-managed-prefix-list-entries", request)
            .await
        {
            let entries: Vec<Value> = pages
                .iter()
                .flat_map(|p| p.entries())
                .map(|e| json!({"Cidr": e.cidr(), "Description": e.description()}))
                .collect();
            ctx.put(
                region,
                &file,
                json!({"ManagedPrefixListEntries": [{"PrefixListId": id, "Entries": entries}]}),
            );
        }
    }
}

fn permission(p: &t::IpPermission) -> Value {
    json!({
        "IpProtocol": p.ip_protocol(), "FromPort": p.from_port(), "ToPort": p.to_port(),
        "IpRanges": p.ip_ranges().iter().map(|r| json!({"CidrIp": r.cidr_ip(), "Description": r.description()})).collect::<Vec<_>>(),
        "Ipv6Ranges": p.ipv6_ranges().iter().map(|r| json!({"CidrIpv6": r.cidr_ipv6(), "Description": r.description()})).collect::<Vec<_>>(),
        "PrefixListIds": p.prefix_list_ids().iter().map(|r| json!({"PrefixListId": r.prefix_list_id(), "Description": r.description()})).collect::<Vec<_>>(),
        "UserIdGroupPairs": p.user_id_group_pairs().iter().map(|g| json!({
            "GroupId": g.group_id(), "GroupName": g.group_name(), "UserId": g.user_id(), "VpcId": g.vpc_id(),
            "VpcPeeringConnectionId": g.vpc_peering_connection_id(), "PeeringStatus": g.peering_status(),
            "Description": g.description(),
        })).collect::<Vec<_>>(),
    })
}

async fn security_groups((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "security-groups.json",
        "ec2 describe-security-groups",
        "SecurityGroups",
        ec2.describe_security_groups(),
        security_groups,
        |g: &t::SecurityGroup| {
            json!({
                "GroupId": g.group_id(), "GroupName": g.group_name(), "Description": g.description(),
                "VpcId": g.vpc_id(), "OwnerId": g.owner_id(), "Tags": tags!(g.tags()),
                "IpPermissions": g.ip_permissions().iter().map(permission).collect::<Vec<_>>(),
                "IpPermissionsEgress": g.ip_permissions_egress().iter().map(permission).collect::<Vec<_>>(),
            })
        }
    );
}

async fn security_group_rules((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "security-group-rules.json",
        "ec2 describe-security-group-rules",
        "SecurityGroupRules",
        ec2.describe_security_group_rules(),
        security_group_rules,
        |r: &t::SecurityGroupRule| {
            json!({
                "SecurityGroupRuleId": r.security_group_rule_id(), "GroupId": r.group_id(), "GroupOwnerId": r.group_owner_id(),
                "IsEgress": r.is_egress(), "IpProtocol": r.ip_protocol(), "FromPort": r.from_port(), "ToPort": r.to_port(),
                "CidrIpv4": r.cidr_ipv4(), "CidrIpv6": r.cidr_ipv6(), "PrefixListId": r.prefix_list_id(),
                "Description": r.description(),
                "ReferencedGroupInfo": r.referenced_group_info().map(|g| json!({
                    "GroupId": g.group_id(), "UserId": g.user_id(), "VpcId": g.vpc_id(),
                    "VpcPeeringConnectionId": g.vpc_peering_connection_id(), "PeeringStatus": g.peering_status(),
                })),
            })
        }
    );
}

async fn network_acls((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "network-acls.json",
        "ec2 describe-network-acls",
        "NetworkAcls",
        ec2.describe_network_acls(),
        network_acls,
        |a: &t::NetworkAcl| {
            json!({
                "NetworkAclId": a.network_acl_id(), "VpcId": a.vpc_id(), "IsDefault": a.is_default(), "Tags": tags!(a.tags()),
                "Associations": a.associations().iter().map(|x| json!({"SubnetId": x.subnet_id()})).collect::<Vec<_>>(),
                "Entries": a.entries().iter().map(|e| json!({
                    "RuleNumber": e.rule_number(), "Egress": e.egress(), "Protocol": e.protocol(),
                    "RuleAction": name!(e.rule_action()), "CidrBlock": e.cidr_block(), "Ipv6CidrBlock": e.ipv6_cidr_block(),
                    "PortRange": e.port_range().map(|p| json!({"From": p.from(), "To": p.to()})),
                    "IcmpTypeCode": e.icmp_type_code().map(|c| json!({"Type": c.r#type(), "Code": c.code()})),
                })).collect::<Vec<_>>(),
            })
        }
    );
}

async fn network_interfaces((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "network-interfaces.json",
        "ec2 describe-network-interfaces",
        "NetworkInterfaces",
        ec2.describe_network_interfaces(),
        network_interfaces,
        |n: &t::NetworkInterface| {
            json!({
                "NetworkInterfaceId": n.network_interface_id(), "SubnetId": n.subnet_id(), "VpcId": n.vpc_id(),
                "OwnerId": n.owner_id(), "AvailabilityZone": n.availability_zone(),
                "InterfaceType": name!(n.interface_type()), "Description": n.description(), "Status": name!(n.status()),
                "RequesterManaged": n.requester_managed(), "PrivateIpAddress": n.private_ip_address(),
                "PrivateIpAddresses": n.private_ip_addresses().iter().map(|p| json!({
                    "PrivateIpAddress": p.private_ip_address(),
                    "Association": p.association().map(|a| json!({"PublicIp": a.public_ip()})),
                })).collect::<Vec<_>>(),
                "Association": n.association().map(|a| json!({"PublicIp": a.public_ip()})),
                "Ipv6Addresses": n.ipv6_addresses().iter().map(|a| json!({"Ipv6Address": a.ipv6_address()})).collect::<Vec<_>>(),
                "Groups": n.groups().iter().map(|g| json!({"GroupId": g.group_id()})).collect::<Vec<_>>(),
                "Attachment": n.attachment().map(|a| json!({"InstanceId": a.instance_id()})),
                "TagSet": tags!(n.tag_set()),
            })
        }
    );
}

fn instance(i: &t::Instance) -> Value {
    json!({
        "InstanceId": i.instance_id(),
        "State": i.state().map(|s| json!({"Name": name!(s.name())})),
        "InstanceType": name!(i.instance_type()), "ImageId": i.image_id(), "PlatformDetails": i.platform_details(),
        "Platform": name!(i.platform()), "LaunchTime": iso(i.launch_time()), "VpcId": i.vpc_id(), "SubnetId": i.subnet_id(),
        "PrivateIpAddress": i.private_ip_address(), "PublicIpAddress": i.public_ip_address(), "Ipv6Address": i.ipv6_address(),
        "Placement": i.placement().map(|p| json!({"AvailabilityZone": p.availability_zone()})),
        "SecurityGroups": i.security_groups().iter().map(|g| json!({"GroupId": g.group_id()})).collect::<Vec<_>>(),
        "NetworkInterfaces": i.network_interfaces().iter().map(|n| json!({
            "NetworkInterfaceId": n.network_interface_id(),
            "Ipv6Addresses": n.ipv6_addresses().iter().map(|a| json!({"Ipv6Address": a.ipv6_address()})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "IamInstanceProfile": i.iam_instance_profile().map(|p| json!({"Arn": p.arn()})),
        "MetadataOptions": i.metadata_options().map(|m| json!({
            "HttpTokens": name!(m.http_tokens()), "HttpEndpoint": name!(m.http_endpoint()),
            "HttpPutResponseHopLimit": m.http_put_response_hop_limit(),
        })),
        "Tags": tags!(i.tags()),
    })
}

async fn instances((ctx, ec2, region): C<'_>) {
    paged!(
        ctx,
        region,
        "instances.json",
        "ec2 describe-instances",
        "Reservations",
        ec2.describe_instances(),
        reservations,
        |r: &t::Reservation| {
            json!({"OwnerId": r.owner_id(), "Instances": r.instances().iter().map(instance).collect::<Vec<_>>()})
        }
    );
}

async fn addresses_and_flow_logs((ctx, ec2, region): C<'_>) {
    if let Some(out) = ctx
        .call(
            region,
            "addresses.json",
            "ec2 describe-addresses",
            ec2.describe_addresses().send(),
        )
        .await
    {
        let list: Vec<Value> = out
            .addresses()
            .iter()
            .map(|a| {
                json!({
                    "PublicIp": a.public_ip(), "AllocationId": a.allocation_id(), "AssociationId": a.association_id(),
                    "InstanceId": a.instance_id(), "NetworkInterfaceId": a.network_interface_id(),
                    "PrivateIpAddress": a.private_ip_address(), "Tags": tags!(a.tags()),
                })
            })
            .collect();
        ctx.put(region, "addresses.json", json!({ "Addresses": list }));
    }
    paged!(
        ctx,
        region,
        "flow-logs.json",
        "ec2 describe-flow-logs",
        "FlowLogs",
        ec2.describe_flow_logs(),
        flow_logs,
        |f: &t::FlowLog| {
            json!({
                "FlowLogId": f.flow_log_id(), "ResourceId": f.resource_id(), "TrafficType": name!(f.traffic_type()),
                "LogDestinationType": name!(f.log_destination_type()), "LogDestination": f.log_destination(),
                "LogGroupName": f.log_group_name(), "LogFormat": f.log_format(), "FlowLogStatus": f.flow_log_status(),
                "DeliverLogsStatus": f.deliver_logs_status(),
            })
        }
    );
}
