//! Internet-facing load balancers in front of private hosts, in real AWS CLI shapes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_inventory::{import_dir, Inventory, Protocol};
use rampart_net::{analyze_exposure_checked, PortSet, PrefixLists, RegionExposure};
use serde_json::{json, Value};

const LB_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/123";
const TG_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/app/456";
const TG2_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/789";
const LISTENER_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/123/l1";
const RULE_ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener-rule/app/web/123/l1/r1";

struct Setup {
    lb_type: &'static str,
    lb_groups: Vec<&'static str>,
    app_ingress: Vec<Value>,
    redirect: bool,
    health_read: bool,
    /// `TargetType` and `Protocol` of the target group.
    target_type: &'static str,
    tg_protocol: &'static str,
    /// `describe-target-group-attributes` (None: not in the export).
    attributes: Option<Vec<(&'static str, &'static str)>>,
    /// `describe-rules` of the listener (None: not in the export).
    rules: Option<Value>,
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
            target_type: "instance",
            tg_protocol: "HTTP",
            attributes: Some(vec![("stickiness.enabled", "false")]),
            rules: Some(default_rule_only()),
        }
    }
}

/// What `describe-rules` answers for a listener with no rule but its default one.
fn default_rule_only() -> Value {
    json!({"Rules": [{"RuleArn": format!("{}/default", LISTENER_ARN.replace(":listener/", ":listener-rule/")),
        "Priority": "default", "Conditions": [], "Actions": [{"Type": "forward", "TargetGroupArn": TG_ARN}], "IsDefault": true}]})
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
        json!({"Listeners": [{"ListenerArn": LISTENER_ARN, "LoadBalancerArn": LB_ARN, "Port": 80, "Protocol": if s.lb_type == "network" { "TCP" } else { "HTTP" }, "DefaultActions": [action]}]}),
    );
    if let Some(rules) = &s.rules {
        w("listener-rules.json", rules.clone());
    }
    w(
        "tg.json",
        json!({"TargetGroups": [
            {"TargetGroupArn": TG_ARN, "TargetGroupName": "app", "Protocol": s.tg_protocol, "Port": 8080, "VpcId": "vpc-1", "TargetType": s.target_type, "LoadBalancerArns": [LB_ARN]},
            {"TargetGroupArn": TG2_ARN, "TargetGroupName": "api", "Protocol": "HTTP", "Port": 9000, "VpcId": "vpc-1", "TargetType": "instance", "LoadBalancerArns": [LB_ARN]}]}),
    );
    let target = if s.target_type == "ip" { "10.0.1.10" } else { "i-app" };
    if s.health_read {
        w(
            "health.json",
            json!({"LoadBalancerTargetHealth": [
                {"TargetGroupArn": TG_ARN, "TargetHealthDescriptions": [{"Target": {"Id": target, "Port": 8080}, "TargetHealth": {"State": "healthy"}}]},
                {"TargetGroupArn": TG2_ARN, "TargetHealthDescriptions": [{"Target": {"Id": "i-app", "Port": 9000}, "TargetHealth": {"State": "healthy"}}]}]}),
        );
    }
    if let Some(attributes) = &s.attributes {
        let list: Vec<Value> = attributes.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect();
        w(
            "tg-attributes.json",
            json!({"TargetGroupAttributes": [{"TargetGroupArn": TG_ARN, "Attributes": list}]}),
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
    let nlb = |app_ingress: Vec<Value>| Setup {
        lb_type: "network",
        lb_groups: vec![],
        app_ingress,
        tg_protocol: "TCP",
        attributes: Some(vec![("preserve_client_ip.enabled", "true")]),
        ..Default::default()
    };
    let inv = import(&nlb(by_subnet.clone()));
    assert!(!analyze(&inv).exposures.iter().any(|e| e.eni.id == "eni-app"));
    // Instance targets keep client addresses by default: an answer without the key says so too.
    let inv = import(&Setup {
        attributes: Some(vec![("deregistration_delay.timeout_seconds", "300")]),
        ..nlb(by_subnet)
    });
    assert!(!analyze(&inv).exposures.iter().any(|e| e.eni.id == "eni-app"));
    let open =
        vec![json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})];
    let inv = import(&nlb(open));
    let r = analyze(&inv);
    let e = r.exposures.iter().find(|e| e.eni.id == "eni-app").unwrap();
    assert_eq!((e.from_port, e.via.as_ref().unwrap().listener_port), (8080, 80));
    assert!(e.path.iter().any(|s| s.detail.contains("sees the client's address")));
    // A target that admits only part of the internet is reached from that part only.
    let part =
        vec![json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "52.95.0.0/16"}]})];
    let inv = import(&nlb(part));
    let r = analyze(&inv);
    let e = r.exposures.iter().find(|e| e.eni.id == "eni-app").unwrap();
    assert_eq!(
        (e.sources.as_slice(), e.whole_internet),
        (&["52.95.0.0/16".to_owned()][..], false)
    );
}

/// The NLB of the issue: `ip` targets over TCP see the load balancer's private addresses
/// (client IP preservation is off by default for them), so the target's rule for the VPC's
/// CIDR admits the whole internet through the internet-facing load balancer.
fn nlb_ip_targets(attributes: Option<Vec<(&'static str, &'static str)>>) -> Setup {
    Setup {
        lb_type: "network",
        lb_groups: vec![],
        app_ingress: vec![
            json!({"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/16", "Description": "VPC"}]}),
        ],
        target_type: "ip",
        tg_protocol: "TCP",
        attributes,
        ..Default::default()
    }
}

#[test]
fn an_nlb_that_hides_client_addresses_lets_a_vpc_cidr_rule_admit_the_internet() {
    let off = Some(vec![
        ("preserve_client_ip.enabled", "false"),
        ("proxy_protocol_v2.enabled", "true"),
    ]);
    let inv = import(&nlb_ip_targets(off));
    let r = analyze(&inv);
    let e = r.exposures.iter().find(|e| e.eni.id == "eni-app").unwrap();
    assert!(e.whole_internet, "{e:?}");
    let lb_step = e
        .path
        .iter()
        .find(|s| s.component == "load-balancer" && s.detail.contains("forwards"))
        .unwrap();
    assert!(lb_step.detail.contains("private addresses"), "{}", lb_step.detail);
    assert!(lb_step.detail.contains("proxy protocol v2"), "{}", lb_step.detail);
    assert!(!e.path.iter().any(|s| s.component == "unverified"));
    // Preservation on: the target sees internet clients, which the VPC rule does not admit.
    let inv = import(&nlb_ip_targets(Some(vec![("preserve_client_ip.enabled", "true")])));
    let r = analyze(&inv);
    assert!(!r.exposures.iter().any(|e| e.eni.id == "eni-app"));
    let n = r.not_exposed.iter().find(|n| n.eni.id == "eni-app").unwrap();
    assert!(
        n.blocked_by.detail.contains("internet clients"),
        "{}",
        n.blocked_by.detail
    );
    // The attributes were not read: reachable under the default (off), and said to be unverified.
    let inv = import(&nlb_ip_targets(None));
    let r = analyze(&inv);
    let e = r.exposures.iter().find(|e| e.eni.id == "eni-app").unwrap();
    let u = e.path.iter().find(|s| s.component == "unverified").unwrap();
    assert!(
        u.detail.contains("describe-target-group-attributes") && u.detail.contains("is off"),
        "{}",
        u.detail
    );
}

#[test]
fn udp_target_groups_always_keep_client_addresses() {
    // The attribute cannot turn preservation off for UDP: the VPC rule admits no client.
    let inv = import(&Setup {
        tg_protocol: "UDP",
        attributes: Some(vec![("preserve_client_ip.enabled", "false")]),
        ..nlb_ip_targets(None)
    });
    assert!(!analyze(&inv).exposures.iter().any(|e| e.eni.id == "eni-app"));
}

#[test]
fn a_rule_for_the_nlb_security_group_admits_its_traffic_whatever_the_preservation() {
    for preserve in ["true", "false"] {
        let inv = import(&Setup {
            lb_type: "network",
            lb_groups: vec!["sg-lb"],
            tg_protocol: "TCP",
            attributes: Some(vec![("preserve_client_ip.enabled", preserve)]),
            ..Default::default()
        });
        let r = analyze(&inv);
        assert!(
            r.exposures.iter().any(|e| e.eni.id == "eni-app" && e.from_port == 8080),
            "preserve {preserve}: {:?}",
            r.not_exposed
        );
    }
}

/// `describe-rules` of a listener that redirects by default and forwards `/api/*` to two
/// target groups by weight (the shape of the AWS CLI's own example, with a `ForwardConfig`).
fn weighted_rule() -> Value {
    json!({"Rules": [
        {"RuleArn": RULE_ARN, "Priority": "10", "IsDefault": false,
         "Conditions": [{"Field": "path-pattern", "Values": ["/api/*"]}],
         "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
             {"TargetGroupArn": TG_ARN, "Weight": 0}, {"TargetGroupArn": TG2_ARN, "Weight": 100}],
             "TargetGroupStickinessConfig": {"Enabled": false}}}]},
        {"RuleArn": format!("{}/default", LISTENER_ARN.replace(":listener/", ":listener-rule/")), "Priority": "default", "IsDefault": true,
         "Conditions": [], "Actions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]}]})
}

#[test]
fn a_listener_rule_forwards_even_when_the_default_action_redirects() {
    let mut app_ingress = Setup::default().app_ingress;
    app_ingress.push(
        json!({"IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9000, "UserIdGroupPairs": [{"GroupId": "sg-lb"}]}),
    );
    let s = Setup {
        redirect: true,
        rules: Some(weighted_rule()),
        app_ingress,
        ..Default::default()
    };
    let inv = import(&s);
    let lb = &inv.regions["us-east-1"].load_balancers[0];
    let rules = lb.listeners[0].rules.as_ref().unwrap();
    assert_eq!(rules.len(), 1, "the default rule is the listener's default action");
    assert_eq!(rules[0].target_group_arns, [TG_ARN, TG2_ARN]);
    let r = analyze(&inv);
    let ports: Vec<(u16, Option<&str>)> = r
        .exposures
        .iter()
        .filter(|e| e.eni.id == "eni-app")
        .map(|e| (e.from_port, e.via.as_ref().unwrap().target_group.as_deref()))
        .collect();
    assert!(ports.contains(&(9000, Some("api"))), "{ports:?}");
    assert!(ports.contains(&(8080, Some("app"))), "{ports:?}");
    // The rules were not read: what they forward is not shown, and that is said.
    let inv = import(&Setup {
        redirect: true,
        rules: None,
        ..Default::default()
    });
    let r = analyze(&inv);
    assert!(!r.exposures.iter().any(|e| e.eni.id == "eni-app"));
    assert!(
        r.not_evaluated
            .iter()
            .any(|(id, why)| id == "web" && why.contains("describe-rules")),
        "{:?}",
        r.not_evaluated
    );
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
