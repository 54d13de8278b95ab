//! Lateral paths through a transit gateway and through load balancers, from an export in real
//! AWS CLI shapes (describe-transit-gateway-attachments, search-transit-gateway-routes,
//! get-transit-gateway-route-table-propagations, describe-load-balancers, …), and what is said
//! when no path exists.
//!
//! The network: vpc-a (10.1.0.0/16) holds the private instance i-a (10.1.1.10); vpc-b
//! (10.2.0.0/16) holds the database i-b (10.2.1.20, tcp/5432 from 10.1.0.0/16). Both VPC
//! attachments of tgw-1 are associated with tgw-rtb-1, into which both propagate. vpc-a also
//! holds an internal Network Load Balancer `svc` whose listener tcp/80 forwards to i-svc:8080.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use rampart_inventory::{import_dir, Inventory, Protocol};
use rampart_net::lateral::Graph;
use rampart_net::{PortSet, PrefixLists};
use serde_json::{json, Value};

const NLB: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/svc/0123456789abcdef";
const NLB_TG: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/svc/fedcba9876543210";

struct Net {
    /// Routes in tgw-rtb-1, as (destination, attachment) — `search-transit-gateway-routes`.
    tgw_routes: Vec<(&'static str, &'static str)>,
    /// More routes of tgw-rtb-1, as `search-transit-gateway-routes` prints them.
    extra_routes: Vec<Value>,
    /// Whether tgw-rtb-1's routes are in the export.
    routes_read: bool,
    /// vpc-a's route to vpc-b goes to the transit gateway.
    route_a: bool,
    /// i-b admits tcp/5432 from vpc-a's CIDR.
    db_admits_a: bool,
    /// i-svc's rule on 8080 (a CIDR; by default the NLB's subnet, which i-a is not in).
    svc_admits: &'static str,
    /// `preserve_client_ip.enabled` of the NLB's target group (None: attributes not read).
    preserve: Option<&'static str>,
}

impl Default for Net {
    fn default() -> Self {
        Net {
            tgw_routes: vec![("10.1.0.0/16", "tgw-attach-a"), ("10.2.0.0/16", "tgw-attach-b")],
            extra_routes: Vec::new(),
            routes_read: true,
            route_a: true,
            db_admits_a: true,
            svc_admits: "10.1.9.0/24",
            preserve: Some("false"),
        }
    }
}

fn allow_all() -> Vec<Value> {
    [false, true]
        .iter()
        .flat_map(|&egress| {
            [
                json!({"RuleNumber": 100, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}),
                json!({"RuleNumber": 32767, "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}),
            ]
        })
        .collect()
}

fn all_out() -> Value {
    json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
}

fn eni(id: &str, subnet: &str, vpc: &str, ip: &str, group: &str, instance: Option<&str>, desc: &str) -> Value {
    let mut e = json!({"NetworkInterfaceId": id, "SubnetId": subnet, "VpcId": vpc, "PrivateIpAddress": ip,
        "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": true}], "InterfaceType": "interface",
        "Description": desc, "Status": "in-use", "Groups": if group.is_empty() { json!([]) } else { json!([{"GroupId": group}]) }});
    match instance {
        Some(i) => e["Attachment"] = json!({"InstanceId": i, "Status": "attached"}),
        None => e["RequesterManaged"] = json!(true),
    }
    e
}

fn import(n: &Net) -> Inventory {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("us-east-1");
    std::fs::create_dir(&d).unwrap();
    let w = |name: &str, v: Value| std::fs::write(d.join(name), v.to_string()).unwrap();
    w(
        "vpcs.json",
        json!({"Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16"}, {"VpcId": "vpc-b", "CidrBlock": "10.2.0.0/16"}]}),
    );
    w("igw.json", json!({"InternetGateways": []}));
    let local = |cidr: &str| json!({"DestinationCidrBlock": cidr, "GatewayId": "local", "State": "active", "Origin": "CreateRouteTable"});
    let to_tgw = |cidr: &str| json!({"DestinationCidrBlock": cidr, "TransitGatewayId": "tgw-1", "State": "active", "Origin": "CreateRoute"});
    let mut routes_a = vec![local("10.1.0.0/16")];
    if n.route_a {
        routes_a.push(to_tgw("10.2.0.0/16"));
    }
    w(
        "route-tables.json",
        json!({"RouteTables": [
            {"RouteTableId": "rtb-a", "VpcId": "vpc-a", "Associations": [{"Main": true, "RouteTableId": "rtb-a"}], "Routes": routes_a},
            {"RouteTableId": "rtb-b", "VpcId": "vpc-b", "Associations": [{"Main": true, "RouteTableId": "rtb-b"}],
             "Routes": [local("10.2.0.0/16"), to_tgw("10.1.0.0/16")]}]}),
    );
    w(
        "network-acls.json",
        json!({"NetworkAcls": [
            {"NetworkAclId": "acl-a", "VpcId": "vpc-a", "IsDefault": true, "Associations": [{"SubnetId": "subnet-a"}, {"SubnetId": "subnet-lb"}], "Entries": allow_all()},
            {"NetworkAclId": "acl-b", "VpcId": "vpc-b", "IsDefault": true, "Associations": [{"SubnetId": "subnet-b"}], "Entries": allow_all()}]}),
    );
    let db_in = if n.db_admits_a {
        json!([{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}])
    } else {
        json!([{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.2.0.0/16"}]}])
    };
    w(
        "security-groups.json",
        json!({"SecurityGroups": [
            {"GroupId": "sg-a", "GroupName": "app", "VpcId": "vpc-a", "IpPermissions": [], "IpPermissionsEgress": all_out()},
            {"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-b", "IpPermissions": db_in, "IpPermissionsEgress": all_out()},
            {"GroupId": "sg-svc", "GroupName": "svc", "VpcId": "vpc-a", "IpPermissionsEgress": all_out(),
             "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": n.svc_admits}]}]}]}),
    );
    w(
        "network-interfaces.json",
        json!({"NetworkInterfaces": [
            eni("eni-a", "subnet-a", "vpc-a", "10.1.1.10", "sg-a", Some("i-a"), ""),
            eni("eni-b", "subnet-b", "vpc-b", "10.2.1.20", "sg-db", Some("i-b"), ""),
            eni("eni-svc", "subnet-a", "vpc-a", "10.1.1.30", "sg-svc", Some("i-svc"), ""),
            eni("eni-nlb", "subnet-lb", "vpc-a", "10.1.9.9", "", None, "ELB net/svc/0123456789abcdef")]}),
    );
    w(
        "transit-gateways.json",
        json!({"TransitGateways": [{"TransitGatewayId": "tgw-1", "State": "available", "OwnerId": "111122223333"}]}),
    );
    let att = |id: &str, vpc: &str| {
        json!({"TransitGatewayAttachmentId": id, "TransitGatewayId": "tgw-1", "TransitGatewayOwnerId": "111122223333",
            "ResourceOwnerId": "111122223333", "ResourceType": "vpc", "ResourceId": vpc, "State": "available",
            "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1", "State": "associated"}})
    };
    w(
        "transit-gateway-attachments.json",
        json!({"TransitGatewayAttachments": [att("tgw-attach-a", "vpc-a"), att("tgw-attach-b", "vpc-b")]}),
    );
    w(
        "transit-gateway-route-tables.json",
        json!({"TransitGatewayRouteTables": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "State": "available",
            "DefaultAssociationRouteTable": true, "DefaultPropagationRouteTable": true}]}),
    );
    if n.routes_read {
        let mut routes: Vec<Value> = n
            .tgw_routes
            .iter()
            .map(|(cidr, att)| {
                json!({"DestinationCidrBlock": cidr, "TransitGatewayAttachments": [{"ResourceId": if *att == "tgw-attach-a" { "vpc-a" } else { "vpc-b" },
                    "TransitGatewayAttachmentId": att, "ResourceType": "vpc"}], "Type": "propagated", "State": "active"})
            })
            .collect();
        routes.extend(n.extra_routes.iter().cloned());
        w(
            "tgw-routes-tgw-rtb-1.json",
            json!({"TransitGatewayStaticRoutes": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "Routes": routes}]}),
        );
    }
    w(
        "tgw-propagations-tgw-rtb-1.json",
        json!({"TransitGatewayPropagations": [{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayRouteTablePropagations": [
            {"TransitGatewayAttachmentId": "tgw-attach-a", "ResourceId": "vpc-a", "ResourceType": "vpc", "State": "enabled"},
            {"TransitGatewayAttachmentId": "tgw-attach-b", "ResourceId": "vpc-b", "ResourceType": "vpc", "State": "enabled"}]}]}),
    );
    w(
        "load-balancers.json",
        json!({"LoadBalancers": [{"LoadBalancerArn": NLB, "LoadBalancerName": "svc", "Type": "network", "Scheme": "internal",
            "VpcId": "vpc-a", "DNSName": "svc-0123456789abcdef.elb.us-east-1.amazonaws.com",
            "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-lb"}], "IpAddressType": "ipv4"}]}),
    );
    let listener = NLB.replace(":loadbalancer/", ":listener/") + "/1111111111111111";
    w(
        "listeners-svc.json",
        json!({"Listeners": [{"ListenerArn": listener, "LoadBalancerArn": NLB, "Port": 80, "Protocol": "TCP",
            "DefaultActions": [{"Type": "forward", "TargetGroupArn": NLB_TG}]}]}),
    );
    w(
        "listener-rules-svc.json",
        json!({"Rules": [{"RuleArn": listener.replace(":listener/", ":listener-rule/") + "/2222222222222222", "Priority": "default",
            "IsDefault": true, "Conditions": [], "Actions": [{"Type": "forward", "TargetGroupArn": NLB_TG}]}]}),
    );
    w(
        "target-groups.json",
        json!({"TargetGroups": [{"TargetGroupArn": NLB_TG, "TargetGroupName": "svc", "Protocol": "TCP", "Port": 8080, "VpcId": "vpc-a",
            "TargetType": "ip", "LoadBalancerArns": [NLB]}]}),
    );
    w(
        "target-health-svc.json",
        json!({"LoadBalancerTargetHealth": [{"TargetGroupArn": NLB_TG, "TargetHealthDescriptions": [
            {"Target": {"Id": "10.1.1.30", "Port": 8080, "AvailabilityZone": "us-east-1a"}, "TargetHealth": {"State": "healthy"}}]}]}),
    );
    if let Some(p) = n.preserve {
        w(
            "target-group-attributes-svc.json",
            json!({"TargetGroupAttributes": [{"TargetGroupArn": NLB_TG, "Attributes": [
                {"Key": "preserve_client_ip.enabled", "Value": p}, {"Key": "proxy_protocol_v2.enabled", "Value": "false"}]}]}),
        );
    }
    import_dir(dir.path()).unwrap().0
}

fn tcp(port: u16) -> Vec<(Protocol, PortSet)> {
    vec![(Protocol::Tcp, PortSet::range(port, port))]
}

/// The paths from one interface to another, as the hops' evidence.
fn paths(inv: &Inventory, from: &str, to: &str, wanted: &[(Protocol, PortSet)]) -> Vec<Vec<String>> {
    let region = &inv.regions["us-east-1"];
    let lists = PrefixLists::new(&region.prefix_lists);
    let g = Graph::new(region, &lists);
    let sources: HashSet<usize> = [g.index_of(from).unwrap()].into();
    let targets = [g.index_of(to).unwrap()];
    g.paths(&sources, &targets, wanted, 3)
        .into_iter()
        .map(|p| p.into_iter().flat_map(|h| h.evidence).collect())
        .collect()
}

/// Why `from` does not reach `to`, as the graph says it.
fn why_not(inv: &Inventory, from: &str, to: &str, wanted: &[(Protocol, PortSet)]) -> Vec<String> {
    let region = &inv.regions["us-east-1"];
    let lists = PrefixLists::new(&region.prefix_lists);
    let g = Graph::new(region, &lists);
    g.why_not(g.index_of(from).unwrap(), g.index_of(to).unwrap(), wanted)
}

#[test]
fn a_private_instance_reaches_another_vpc_through_the_transit_gateway() {
    let inv = import(&Net::default());
    let p = paths(&inv, "eni-a", "eni-b", &tcp(5432));
    assert_eq!(p.len(), 1, "{p:?}");
    let how = &p[0][0];
    assert!(how.contains("tgw-1") && how.contains("tgw-rtb-1"), "{how}");
}

#[test]
fn a_static_route_wins_over_the_propagated_one_for_the_same_destination() {
    // A static blackhole for vpc-b's CIDR overrides its propagation; an IPv6 route in the same
    // table is read, not fatal.
    let inv = import(&Net {
        extra_routes: vec![
            json!({"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayAttachments": [], "Type": "static", "State": "blackhole"}),
            json!({"DestinationCidrBlock": "2600:1f18:aaaa::/56", "TransitGatewayAttachments": [{"ResourceId": "vpc-b",
                "TransitGatewayAttachmentId": "tgw-attach-b", "ResourceType": "vpc"}], "Type": "propagated", "State": "active"}),
        ],
        ..Default::default()
    });
    assert!(paths(&inv, "eni-a", "eni-b", &tcp(5432)).is_empty());
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(why.iter().any(|w| w.contains("blackhole")), "{why:?}");
    // A more specific propagated route still wins over the static /16.
    let inv = import(&Net {
        extra_routes: vec![
            json!({"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayAttachments": [], "Type": "static", "State": "blackhole"}),
            json!({"DestinationCidrBlock": "10.2.1.0/24", "TransitGatewayAttachments": [{"ResourceId": "vpc-b",
                "TransitGatewayAttachmentId": "tgw-attach-b", "ResourceType": "vpc"}], "Type": "propagated", "State": "active"}),
        ],
        ..Default::default()
    });
    assert_eq!(paths(&inv, "eni-a", "eni-b", &tcp(5432)).len(), 1);
}

#[test]
fn no_path_says_which_hop_stops_it() {
    // The TGW route table has no route to vpc-b (its propagation was removed).
    let inv = import(&Net {
        tgw_routes: vec![("10.1.0.0/16", "tgw-attach-a")],
        ..Default::default()
    });
    assert!(paths(&inv, "eni-a", "eni-b", &tcp(5432)).is_empty());
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(
        why.iter()
            .any(|w| w.contains("tgw-rtb-1") && w.contains("no route") && w.contains("10.2.1.20")),
        "{why:?}"
    );
    // The return route is missing: said as the way back.
    let inv = import(&Net {
        tgw_routes: vec![("10.2.0.0/16", "tgw-attach-b")],
        ..Default::default()
    });
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(
        why.iter().any(|w| w.contains("back") && w.contains("tgw-rtb-1")),
        "{why:?}"
    );
    // The VPC route table sends nothing to the transit gateway.
    let inv = import(&Net {
        route_a: false,
        ..Default::default()
    });
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(
        why.iter().any(|w| w.contains("rtb-a") && w.contains("no route")),
        "{why:?}"
    );
    // Routed both ways, but the database's group admits only its own VPC.
    let inv = import(&Net {
        db_admits_a: false,
        ..Default::default()
    });
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(
        why.iter().any(|w| w.contains("sg-db") || w.contains("security group")),
        "{why:?}"
    );
    // The TGW routes were not read: not "no path", but not traced.
    let inv = import(&Net {
        routes_read: false,
        ..Default::default()
    });
    let why = why_not(&inv, "eni-a", "eni-b", &tcp(5432));
    assert!(why.iter().any(|w| w.contains("not read")), "{why:?}");
}

#[test]
fn a_private_instance_reaches_the_targets_of_a_network_load_balancer() {
    // ip targets over TCP without preservation: the target sees the NLB's address (10.1.9.9),
    // which its rule for the NLB's subnet admits; i-a itself it does not admit.
    let inv = import(&Net::default());
    let p = paths(&inv, "eni-a", "eni-svc", &tcp(8080));
    assert!(
        p.iter()
            .any(|hops| hops.iter().any(|e| e.contains("load balancer svc"))),
        "{p:?}"
    );
    // Client IP preservation on: the target sees i-a's address, which it does not admit.
    let inv = import(&Net {
        preserve: Some("true"),
        ..Default::default()
    });
    assert!(paths(&inv, "eni-a", "eni-svc", &tcp(8080)).is_empty());
    let why = why_not(&inv, "eni-a", "eni-svc", &tcp(8080));
    assert!(
        why.iter()
            .any(|w| w.contains("load balancer svc") && w.contains("client")),
        "{why:?}"
    );
    // The target admits i-a's VPC: reached with preservation on too.
    let inv = import(&Net {
        preserve: Some("true"),
        svc_admits: "10.1.0.0/16",
        ..Default::default()
    });
    assert!(!paths(&inv, "eni-a", "eni-svc", &tcp(8080)).is_empty());
    // Attributes not read: the path holds under the default (off) and says it is unverified.
    let inv = import(&Net {
        preserve: None,
        ..Default::default()
    });
    let p = paths(&inv, "eni-a", "eni-svc", &tcp(8080));
    assert!(
        p.iter()
            .flatten()
            .any(|e| e.contains("not read") && e.contains("preservation")),
        "{p:?}"
    );
}
