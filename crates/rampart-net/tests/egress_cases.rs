//! Named egress cases in real AWS CLI shapes: through a gateway only with a public address,
//! through a NAT gateway only when the NAT itself reaches the internet, IPv6 through an
//! egress-only gateway, narrowed by rules and NACLs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_inventory::import_dir;
use rampart_net::egress::{analyze, Egress, Exit};
use rampart_net::PrefixLists;
use serde_json::{json, Value};

struct Net {
    host_route: Value,
    nat_subnet_route: Value,
    public_ip: bool,
    ipv6: bool,
    egress: Vec<Value>,
    nacl_out_deny_443: bool,
    nat_state: &'static str,
}

fn r4(gw: &str) -> Value {
    match gw.split('-').next() {
        Some("nat") => json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": gw, "State": "active"}),
        Some("tgw") => json!({"DestinationCidrBlock": "0.0.0.0/0", "TransitGatewayId": gw, "State": "active"}),
        _ => json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": gw, "State": "active"}),
    }
}

impl Default for Net {
    fn default() -> Self {
        Net {
            host_route: r4("nat-1"),
            nat_subnet_route: r4("igw-1"),
            public_ip: false,
            ipv6: false,
            egress: vec![
                json!({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}),
            ],
            nacl_out_deny_443: false,
            nat_state: "available",
        }
    }
}

fn egress(n: &Net) -> Vec<(String, Vec<Exit>, bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("us-east-1");
    std::fs::create_dir(&d).unwrap();
    let w = |name: &str, v: Value| std::fs::write(d.join(name), v.to_string()).unwrap();
    let mut host_routes = vec![n.host_route.clone()];
    if n.ipv6 {
        host_routes.push(
            json!({"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"}),
        );
    }
    w(
        "rtb.json",
        json!({"RouteTables": [
        {"RouteTableId": "rtb-host", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-host"}], "Routes": host_routes},
        {"RouteTableId": "rtb-nat", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-nat"}], "Routes": [n.nat_subnet_route]}]}),
    );
    w(
        "igw.json",
        json!({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]}),
    );
    w(
        "nat.json",
        json!({"NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-nat", "VpcId": "vpc-1", "State": n.nat_state, "ConnectivityType": "public",
        "NatGatewayAddresses": [{"PublicIp": "3.3.3.3", "PrivateIp": "10.0.9.9"}]}]}),
    );
    let mut entries = vec![];
    if n.nacl_out_deny_443 {
        entries.push(json!({"RuleNumber": 50, "Egress": true, "Protocol": "6", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 443, "To": 443}}));
    }
    for egress in [false, true] {
        entries.push(json!({"RuleNumber": 100, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}));
        entries.push(json!({"RuleNumber": 101, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "Ipv6CidrBlock": "::/0"}));
    }
    w(
        "nacl.json",
        json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-host"}, {"SubnetId": "subnet-nat"}], "Entries": entries}]}),
    );
    w(
        "sg.json",
        json!({"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "g", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": n.egress}]}),
    );
    let mut eni = json!({"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-host", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.5", "InterfaceType": "interface",
                         "Groups": [{"GroupId": "sg-1"}], "Attachment": {"InstanceId": "i-1"}});
    if n.public_ip {
        eni["Association"] = json!({"PublicIp": "54.1.1.1"});
    }
    if n.ipv6 {
        eni["Ipv6Addresses"] = json!([{"Ipv6Address": "2600:1f18::5"}]);
    }
    w("eni.json", json!({"NetworkInterfaces": [eni]}));
    let inv = import_dir(dir.path()).unwrap().0;
    let region = &inv.regions["us-east-1"];
    analyze(region, &PrefixLists::new(&region.prefix_lists))
        .iter()
        .map(|e: &Egress| {
            (
                e.family.to_owned(),
                e.exits.clone(),
                e.tcp_everywhere.is_full(),
                e.tcp_everywhere.display(),
            )
        })
        .collect()
}

#[test]
fn a_private_host_leaves_through_a_nat_that_reaches_the_internet() {
    assert_eq!(
        egress(&Net::default()),
        [(
            "IPv4".to_owned(),
            vec![Exit::NatGateway("nat-1".into())],
            true,
            "all".to_owned()
        )]
    );
    // A NAT whose own subnet has no internet route, or that is not available, takes nobody out.
    assert!(egress(&Net {
        nat_subnet_route: r4("local"),
        ..Net::default()
    })
    .is_empty());
    assert!(egress(&Net {
        nat_state: "failed",
        ..Net::default()
    })
    .is_empty());
}

#[test]
fn an_internet_gateway_takes_out_only_hosts_with_a_public_address() {
    assert!(egress(&Net {
        host_route: r4("igw-1"),
        ..Net::default()
    })
    .is_empty());
    let out = egress(&Net {
        host_route: r4("igw-1"),
        public_ip: true,
        ..Net::default()
    });
    assert_eq!(out[0].1, [Exit::InternetGateway("igw-1".into())]);
}

#[test]
fn rules_and_nacls_narrow_the_ports() {
    let only_443 =
        vec![json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})];
    assert_eq!(
        egress(&Net {
            egress: only_443,
            ..Net::default()
        })[0]
            .3,
        "443"
    );
    let out = egress(&Net {
        nacl_out_deny_443: true,
        ..Net::default()
    });
    assert_eq!(out[0].3, "0-442,444-65535");
}

#[test]
fn ipv6_leaves_through_an_egress_only_gateway_and_a_transit_gateway_is_not_assumed() {
    let out = egress(&Net {
        ipv6: true,
        ..Net::default()
    });
    let v6 = out.iter().find(|e| e.0 == "IPv6").unwrap();
    assert_eq!(v6.1, [Exit::EgressOnlyGateway("eigw-1".into())]);
    let out = egress(&Net {
        host_route: r4("tgw-1"),
        ..Net::default()
    });
    assert_eq!(out[0].1, [Exit::TransitGateway("tgw-1".into())]);
    assert!(!out[0].1[0].is_direct());
}
