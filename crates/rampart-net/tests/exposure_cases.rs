//! Named exposure cases in real AWS CLI shapes, through the importer: each says what AWS does
//! and checks the verdict and the component named as the reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rampart_inventory::{import_dir, Inventory, Protocol};
use rampart_net::{analyze_exposure_checked, PortSet, PrefixLists};
use serde_json::{json, Value};

struct Account {
    igw_attached: bool,
    routes: Vec<Value>,
    explicit_table: bool,
    nacl: Vec<Value>,
    ingress: Vec<Value>,
    public_ip: Option<&'static str>,
    ipv6: Option<&'static str>,
    other_vpc_main_table: bool,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            igw_attached: true,
            routes: vec![
                json!({"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}),
                route("0.0.0.0/0", "igw-1"),
            ],
            explicit_table: true,
            nacl: allow_all(),
            ingress: vec![
                json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
            ],
            public_ip: Some("54.1.2.3"),
            ipv6: None,
            other_vpc_main_table: false,
        }
    }
}

fn route(dest: &str, gw: &str) -> Value {
    if dest.contains(':') {
        json!({"DestinationIpv6CidrBlock": dest, "GatewayId": gw, "State": "active"})
    } else if gw.starts_with("nat-") {
        json!({"DestinationCidrBlock": dest, "NatGatewayId": gw, "State": "active"})
    } else {
        json!({"DestinationCidrBlock": dest, "GatewayId": gw, "State": "active"})
    }
}

fn nacl_rule(n: u32, egress: bool, allow: bool, cidr: &str, ports: Option<(u16, u16)>) -> Value {
    let mut e = json!({"RuleNumber": n, "Egress": egress, "RuleAction": if allow { "allow" } else { "deny" }});
    if cidr.contains(':') {
        e["Ipv6CidrBlock"] = json!(cidr);
    } else {
        e["CidrBlock"] = json!(cidr);
    }
    match ports {
        Some((a, b)) => {
            e["Protocol"] = json!("6");
            e["PortRange"] = json!({"From": a, "To": b});
        }
        None => e["Protocol"] = json!("-1"),
    }
    e
}

fn allow_all() -> Vec<Value> {
    let mut v = Vec::new();
    for egress in [false, true] {
        v.push(nacl_rule(100, egress, true, "0.0.0.0/0", None));
        v.push(nacl_rule(101, egress, true, "::/0", None));
        v.push(nacl_rule(32767, egress, false, "0.0.0.0/0", None));
    }
    v
}

fn import(a: &Account) -> Inventory {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("us-east-1");
    std::fs::create_dir(&d).unwrap();
    let w = |name: &str, v: Value| std::fs::write(d.join(name), v.to_string()).unwrap();
    w(
        "vpcs.json",
        json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:aaaa:bb00::/56", "Ipv6CidrBlockState": {"State": "associated"}}]}]}),
    );
    w(
        "subnets.json",
        json!({"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"}]}),
    );
    let attachments = if a.igw_attached {
        json!([{"State": "available", "VpcId": "vpc-1"}])
    } else {
        json!([])
    };
    w(
        "igw.json",
        json!({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": attachments}]}),
    );
    let mut tables = vec![json!({
        "RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": a.routes,
        "Associations": if a.explicit_table { json!([{"Main": false, "SubnetId": "subnet-1"}]) } else { json!([{"Main": true}]) },
    })];
    if a.other_vpc_main_table {
        tables = vec![
            json!({"RouteTableId": "rtb-9", "VpcId": "vpc-9", "Routes": [route("0.0.0.0/0", "igw-1")], "Associations": [{"Main": true}]}),
        ];
    }
    w("rtb.json", json!({"RouteTables": tables}));
    w(
        "nacl.json",
        json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}], "Entries": a.nacl}]}),
    );
    w(
        "sg.json",
        json!({"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "g", "VpcId": "vpc-1", "IpPermissions": a.ingress, "IpPermissionsEgress": []}]}),
    );
    let mut eni = json!({"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.5",
                         "Groups": [{"GroupId": "sg-1"}], "Attachment": {"InstanceId": "i-1"}});
    if let Some(ip) = a.public_ip {
        eni["Association"] = json!({"PublicIp": ip});
    }
    if let Some(ip) = a.ipv6 {
        eni["Ipv6Addresses"] = json!([{"Ipv6Address": ip}]);
    }
    w("eni.json", json!({"NetworkInterfaces": [eni]}));
    // describe-firewall: one AWS Network Firewall with endpoint vpce-fw1.
    w(
        "fw.json",
        json!({"Firewall": {"FirewallName": "edge", "VpcId": "vpc-1", "SubnetMappings": [{"SubnetId": "subnet-fw"}]},
        "FirewallStatus": {"Status": "READY", "SyncStates": {"us-east-1a": {"Attachment": {"SubnetId": "subnet-fw", "EndpointId": "vpce-fw1", "Status": "READY"}}}}}),
    );
    import_dir(dir.path()).unwrap().0
}

/// (exposed on tcp/22, blocking component if not)
fn verdict(a: &Account) -> (bool, Option<String>) {
    let inv = import(a);
    let region = &inv.regions["us-east-1"];
    let lists = PrefixLists::new(&region.prefix_lists);
    let r = analyze_exposure_checked(&inv, region, &lists).unwrap();
    (
        r.is_exposed("eni-1", Protocol::Tcp, &PortSet::range(22, 22)),
        r.not_exposed.first().map(|n| n.blocked_by.component.to_owned()),
    )
}

#[test]
fn public_host_with_open_rule_is_exposed_with_its_path() {
    let inv = import(&Account::default());
    let region = &inv.regions["us-east-1"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    let e = &r.exposures[0];
    assert_eq!(
        (e.protocol, e.from_port, e.to_port, e.whole_internet),
        (Protocol::Tcp, 22, 22, true)
    );
    let components: Vec<&str> = e.path.iter().map(|s| s.component).collect();
    assert_eq!(
        components,
        [
            "public-address",
            "internet-gateway",
            "route-table",
            "network-acl",
            "security-group"
        ]
    );
    assert!(e.path[2].detail.contains("0.0.0.0/0 → igw-1"));
    assert!(e.path[3].detail.contains("#100"));
}

#[test]
fn a_public_ip_without_an_internet_route_is_not_exposed() {
    let a = Account {
        routes: vec![route("0.0.0.0/0", "nat-1")],
        ..Default::default()
    };
    assert_eq!(verdict(&a), (false, Some("route-table".into())));
}

#[test]
fn no_public_address_or_no_gateway_is_not_exposed() {
    assert_eq!(
        verdict(&Account {
            public_ip: None,
            ..Default::default()
        }),
        (false, Some("public-address".into()))
    );
    assert_eq!(
        verdict(&Account {
            igw_attached: false,
            ..Default::default()
        }),
        (false, Some("internet-gateway".into()))
    );
}

#[test]
fn main_table_applies_when_no_table_is_associated_but_never_another_vpcs() {
    assert!(
        verdict(&Account {
            explicit_table: false,
            ..Default::default()
        })
        .0
    );
    let inv = import(&Account {
        other_vpc_main_table: true,
        ..Default::default()
    });
    let region = &inv.regions["us-east-1"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    assert!(r.exposures.is_empty());
    assert!(
        r.not_evaluated
            .iter()
            .any(|(id, why)| id == "eni-1" && why.contains("route table")),
        "{:?}",
        r.not_evaluated
    );
}

#[test]
fn a_more_specific_route_elsewhere_narrows_the_sources() {
    // Replies to 8.0.0.0/8 go to a NAT: those clients cannot connect; everyone else can.
    let mut routes = Account::default().routes;
    routes.push(route("8.0.0.0/8", "nat-1"));
    let inv = import(&Account {
        routes,
        ..Default::default()
    });
    let region = &inv.regions["us-east-1"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    let e = &r.exposures[0];
    assert!(!e.whole_internet);
    assert!(
        e.sources.contains(&"9.0.0.0/8".to_owned()) && !e.sources.iter().any(|s| s.starts_with("8.")),
        "{:?}",
        e.sources
    );
}

#[test]
fn stateless_nacl_blocks_in_either_direction() {
    let mut deny_in = allow_all();
    deny_in.insert(0, nacl_rule(50, false, false, "0.0.0.0/0", Some((22, 22))));
    assert_eq!(
        verdict(&Account {
            nacl: deny_in,
            ..Default::default()
        }),
        (false, Some("network-acl".into()))
    );
    // Replies to clients: only port 443 may leave, and a client can pick 443 as its source port.
    let mut narrow_out = vec![
        nacl_rule(100, false, true, "0.0.0.0/0", None),
        nacl_rule(100, true, true, "0.0.0.0/0", Some((443, 443))),
    ];
    narrow_out.push(nacl_rule(32767, true, false, "0.0.0.0/0", None));
    assert!(
        verdict(&Account {
            nacl: narrow_out,
            ..Default::default()
        })
        .0
    );
    let no_out = vec![
        nacl_rule(100, false, true, "0.0.0.0/0", None),
        nacl_rule(32767, true, false, "0.0.0.0/0", None),
    ];
    assert_eq!(
        verdict(&Account {
            nacl: no_out,
            ..Default::default()
        }),
        (false, Some("network-acl".into()))
    );
}

#[test]
fn ipv6_is_judged_on_its_own() {
    let ingress =
        vec![json!({"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})];
    let mut routes = Account::default().routes;
    routes.push(route("::/0", "igw-1"));
    let a = Account {
        ingress: ingress.clone(),
        routes,
        public_ip: None,
        ipv6: Some("2600:1f18:aaaa:bb01::10"),
        ..Default::default()
    };
    let inv = import(&a);
    let region = &inv.regions["us-east-1"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    let e = r.exposures.iter().find(|e| e.from_port == 3389).unwrap();
    // The VPC's own /56 is routed locally; every other public IPv6 address is the internet.
    assert!(e.whole_internet, "{:?}", e.sources);
    // Without a ::/0 route the same host is not exposed; an egress-only gateway would not admit it either.
    let a = Account {
        ingress,
        public_ip: None,
        ipv6: Some("2600:1f18:aaaa:bb01::10"),
        ..Default::default()
    };
    assert_eq!(verdict(&a).1.as_deref(), Some("route-table"));
}

#[test]
fn batfish_public_private_scenario() {
    // SOURCE.md: the public instance (13.58.55.60) allows tcp/22 from anywhere and its subnet
    // routes 0.0.0.0/0 to the IGW; the private instance has the same rule but no public IP.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/batfish-aws-resources/scenario-public-private-subnet");
    let inv = import_dir(&dir).unwrap().0;
    let region = &inv.regions["us-east-2"];
    let lists = PrefixLists::new(&region.prefix_lists);
    let r = analyze_exposure_checked(&inv, region, &lists).unwrap();
    let public = r
        .exposures
        .iter()
        .find(|e| e.eni.attached_instance_id.as_deref() == Some("i-094a9e5b545a4fde4"))
        .unwrap();
    assert_eq!(
        (public.protocol, public.from_port, public.to_port, public.whole_internet),
        (Protocol::Tcp, 22, 22, true)
    );
    assert_eq!(public.address, "13.58.55.60");
    let private = r
        .not_exposed
        .iter()
        .find(|n| n.eni.attached_instance_id.as_deref() == Some("i-099cf38911942421c"))
        .unwrap();
    assert_eq!(private.blocked_by.component, "public-address");
}

#[test]
fn replies_through_a_firewall_endpoint_are_exposure_through_inspection() {
    let via = |endpoint: &str| {
        let routes = vec![
            json!({"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}),
            json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": endpoint, "State": "active"}),
        ];
        import(&Account {
            routes,
            ..Default::default()
        })
    };
    let inv = via("vpce-fw1");
    let region = &inv.regions["us-east-1"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    let e = r.exposures.first().expect("exposed, through inspection");
    assert!(
        e.path.iter().any(|s| s.component == "inspection" && s.id == "vpce-fw1"),
        "{:?}",
        e.path
    );
    // An endpoint the answers do not list is still one: a CIDR route can only target a
    // Gateway Load Balancer endpoint (EC2 API `CreateRoute`), so the host is reached through it.
    assert_eq!(
        verdict(&Account {
            routes: vec![json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "vpce-unlisted", "State": "active"})],
            ..Default::default()
        }),
        (true, None)
    );
}

#[test]
fn batfish_example_account_has_no_reachable_instance() {
    // SOURCE.md: 4 VPCs, 4 instances, none with a public IP.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/batfish-example-aws");
    let inv = import_dir(&dir).unwrap().0;
    let region = &inv.regions["us-west-2"];
    let r = analyze_exposure_checked(&inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap();
    let instances: Vec<&str> = region.instances.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(instances.len(), 4);
    assert!(
        !r.exposures.iter().any(|e| e
            .eni
            .attached_instance_id
            .as_deref()
            .is_some_and(|i| instances.contains(&i))),
        "{:?}",
        r.exposures
    );
    // Every instance interface with an internet-admitting rule says the missing public address blocks it.
    for n in r.not_exposed.iter().filter(|n| n.eni.attached_instance_id.is_some()) {
        assert_eq!(n.blocked_by.component, "public-address", "{n:?}");
    }
}
