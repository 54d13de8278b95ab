//! Internet-facing load balancers in front of private hosts, in real AWS CLI shapes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_inventory::{import_dir, Inventory, Protocol};
use rampart_net::{analyze_exposure_checked, PortSet, PrefixLists, RegionExposure};
use serde_json::{json, Value};

const LB_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/123";
const TG_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app/456";

struct Setup {
    lb_type: &'static str,
    lb_groups: Vec<&'static str>,
    app_ingress: Vec<Value>,
    redirect: bool,
    health_read: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            lb_type: "application",
            lb_groups: vec!["sg-lb"],
            app_ingress: vec![
                json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": "sg-lb"}]}),
                json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
            ],
            redirect: false,
            health_read: true,
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

fn import(s: &Setup) -> Inventory {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("us-east-1");
    std::fs::create_dir(&d).unwrap();
    let w = |name: &str, v: Value| std::fs::write(d.join(name), v.to_string()).unwrap();
    w(
        "vpcs.json",
        json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}),
    );
    w(
        "igw.json",
        json!({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]}),
    );
    w(
        "rtb.json",
        json!({"RouteTables": [
        {"RouteTableId": "rtb-main", "VpcId": "vpc-1", "Associations": [{"Main": true}],
         "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}]},
        {"RouteTableId": "rtb-pub", "VpcId": "vpc-1", "Associations": [{"Main": false, "SubnetId": "subnet-pub"}],
         "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"}, {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}]}),
    );
    w(
        "nacl.json",
        json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true,
        "Associations": [{"SubnetId": "subnet-pub"}, {"SubnetId": "subnet-app"}], "Entries": allow_all()}]}),
    );
    w(
        "sg.json",
        json!({"SecurityGroups": [
        {"GroupId": "sg-lb", "GroupName": "lb", "VpcId": "vpc-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-app", "GroupName": "app", "VpcId": "vpc-1", "IpPermissions": s.app_ingress}]}),
    );
    let lb_node_groups: Vec<Value> = s.lb_groups.iter().map(|g| json!({"GroupId": g})).collect();
    w(
        "eni.json",
        json!({"NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-lb", "SubnetId": "subnet-pub", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.20", "InterfaceType": "interface",
         "Description": format!("ELB {}/web/123", if s.lb_type == "network" { "net" } else { "app" }), "RequesterManaged": true,
         "Association": {"PublicIp": "34.1.1.1"}, "Groups": lb_node_groups},
        {"NetworkInterfaceId": "eni-app", "SubnetId": "subnet-app", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.10",
         "Groups": [{"GroupId": "sg-app"}], "Attachment": {"InstanceId": "i-app"}}]}),
    );
    w(
        "lb.json",
        json!({"LoadBalancers": [{"LoadBalancerArn": LB_ARN, "LoadBalancerName": "web", "Type": s.lb_type, "Scheme": "internet-facing",
        "VpcId": "vpc-1", "DNSName": "web-1.us-east-1.elb.amazonaws.com", "SecurityGroups": s.lb_groups,
        "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-pub"}]}]}),
    );
    let action = if s.redirect {
        json!({"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}})
    } else {
        json!({"Type": "forward", "TargetGroupArn": TG_ARN})
    };
    w(
        "listeners.json",
        json!({"Listeners": [{"ListenerArn": format!("{LB_ARN}/l1"), "LoadBalancerArn": LB_ARN, "Port": 80, "Protocol": if s.lb_type == "network" { "TCP" } else { "HTTP" }, "DefaultActions": [action]}]}),
    );
    w(
        "tg.json",
        json!({"TargetGroups": [{"TargetGroupArn": TG_ARN, "TargetGroupName": "app", "Protocol": "HTTP", "Port": 8080, "VpcId": "vpc-1", "TargetType": "instance", "LoadBalancerArns": [LB_ARN]}]}),
    );
    if s.health_read {
        w(
            "health.json",
            json!({"LoadBalancerTargetHealth": [{"TargetGroupArn": TG_ARN, "TargetHealthDescriptions": [{"Target": {"Id": "i-app", "Port": 8080}, "TargetHealth": {"State": "healthy"}}]}]}),
        );
    }
    import_dir(dir.path()).unwrap().0
}

fn analyze(inv: &Inventory) -> RegionExposure<'_> {
    let region = &inv.regions["us-east-1"];
    analyze_exposure_checked(inv, region, &PrefixLists::new(&region.prefix_lists)).unwrap()
}

#[test]
fn a_private_host_is_reachable_through_the_load_balancer_on_the_target_port_only() {
    let inv = import(&Setup::default());
    let r = analyze(&inv);
    let via: Vec<_> = r.exposures.iter().filter(|e| e.eni.id == "eni-app").collect();
    assert_eq!(via.len(), 1, "{via:?}");
    let e = via[0];
    assert_eq!(
        (e.protocol, e.from_port, e.to_port, e.whole_internet),
        (Protocol::Tcp, 8080, 8080, true)
    );
    let v = e.via.as_ref().unwrap();
    assert_eq!(
        (v.load_balancer.as_str(), v.listener_port, v.target_group.as_deref()),
        ("web", 80, Some("app"))
    );
    assert_eq!(e.address, "web-1.us-east-1.elb.amazonaws.com");
    let components: Vec<&str> = e.path.iter().map(|s| s.component).collect();
    assert_eq!(components.last(), Some(&"security-group"));
    assert!(components.contains(&"load-balancer") && components.contains(&"internet-gateway"));
    // Its open SSH rule is not reachable: no public address, and nothing forwards 22.
    assert!(!r.is_exposed("eni-app", Protocol::Tcp, &PortSet::range(22, 22)));
}

#[test]
fn a_target_that_does_not_admit_the_load_balancer_is_not_reached() {
    let s = Setup {
        app_ingress: vec![
            json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "192.168.0.0/16"}]}),
        ],
        ..Default::default()
    };
    let inv = import(&s);
    let r = analyze(&inv);
    assert!(!r.exposures.iter().any(|e| e.eni.id == "eni-app"));
    let n = r
        .not_exposed
        .iter()
        .find(|n| n.eni.id == "eni-app" && n.candidate.contains("listener"))
        .unwrap();
    assert_eq!(n.blocked_by.component, "security-group");
    // An address range that holds the load balancer's address admits it.
    let s = Setup {
        app_ingress: vec![
            json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/24"}]}),
        ],
        ..Default::default()
    };
    let inv = import(&s);
    assert!(analyze(&inv)
        .exposures
        .iter()
        .any(|e| e.eni.id == "eni-app" && e.from_port == 8080));
}

#[test]
fn a_network_load_balancer_without_groups_keeps_client_addresses() {
    // The target must admit the internet itself; a rule for the load balancer's subnet is not enough.
    let by_subnet =
        vec![json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/24"}]})];
    let inv = import(&Setup {
        lb_type: "network",
        lb_groups: vec![],
        app_ingress: by_subnet,
        ..Default::default()
    });
    assert!(!analyze(&inv).exposures.iter().any(|e| e.eni.id == "eni-app"));
    let open =
        vec![json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})];
    let inv = import(&Setup {
        lb_type: "network",
        lb_groups: vec![],
        app_ingress: open,
        ..Default::default()
    });
    let r = analyze(&inv);
    let e = r.exposures.iter().find(|e| e.eni.id == "eni-app").unwrap();
    assert_eq!((e.from_port, e.via.as_ref().unwrap().listener_port), (8080, 80));
}

#[test]
fn a_redirect_forwards_nothing_and_unread_targets_are_said() {
    let inv = import(&Setup {
        redirect: true,
        ..Default::default()
    });
    assert!(!analyze(&inv).exposures.iter().any(|e| e.eni.id == "eni-app"));
    let inv = import(&Setup {
        health_read: false,
        ..Default::default()
    });
    let r = analyze(&inv);
    assert!(!r.exposures.iter().any(|e| e.eni.id == "eni-app"));
    assert!(
        r.not_evaluated
            .iter()
            .any(|(id, why)| id == "web" && why.contains("describe-target-health")),
        "{:?}",
        r.not_evaluated
    );
}
