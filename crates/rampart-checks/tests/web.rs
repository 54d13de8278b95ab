//! The web tier's load balancers, from describe-load-balancers and describe-listeners answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use serde_json::{json, Value};

const LB: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188";

fn load_balancer(scheme: &str) -> Value {
    json!({"LoadBalancers": [{"LoadBalancerArn": LB, "LoadBalancerName": "web", "Scheme": scheme, "Type": "application",
        "VpcId": "vpc-1", "DNSName": "web-1.us-east-1.elb.amazonaws.com", "IpAddressType": "ipv4",
        "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}], "SecurityGroups": ["sg-1"],
        "State": {"Code": "active"}}]})
}

fn listener(port: u16, protocol: &str, action: Value, policy: Option<&str>) -> Value {
    let mut l = json!({"ListenerArn": format!("{}/{port}", LB.replace(":loadbalancer/", ":listener/")), "LoadBalancerArn": LB,
        "Port": port, "Protocol": protocol, "DefaultActions": [action]});
    if let Some(p) = policy {
        l["SslPolicy"] = json!(p);
    }
    l
}

fn redirect() -> Value {
    json!({"Type": "redirect", "Order": 1, "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "Host": "#{host}",
        "Path": "/#{path}", "Query": "#{query}", "StatusCode": "HTTP_301"}})
}

fn forward() -> Value {
    json!({"Type": "forward", "Order": 1, "TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1"})
}

fn scan(scheme: &str, listeners: Vec<Value>) -> rampart_checks::ScanResult {
    scan_with(&[
        ("lbs.json", load_balancer(scheme)),
        ("listeners-web.json", json!({"Listeners": listeners})),
    ])
}

#[test]
fn plain_http_is_reported_unless_it_redirects() {
    let r = scan(
        "internet-facing",
        vec![
            listener(80, "HTTP", forward(), None),
            listener(8080, "HTTP", redirect(), None),
        ],
    );
    let f = of(&r, "http-listener-without-redirect");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("port 80"));
    assert!(f[0].remediation[0].contains(
        "--listener-arn arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/50dc6c495c0c9188/80"
    ));
    assert!(f[0].remediation[0].contains("Type=redirect"));

    // Internal load balancers are not the internet's business.
    let r = scan("internal", vec![listener(80, "HTTP", forward(), None)]);
    assert!(of(&r, "http-listener-without-redirect").is_empty());
}

#[test]
fn tls_policies_that_accept_old_versions() {
    let r = scan(
        "internet-facing",
        vec![
            listener(443, "HTTPS", forward(), Some("ELBSecurityPolicy-2016-08")),
            listener(8443, "HTTPS", forward(), Some("ELBSecurityPolicy-TLS13-1-2-2021-06")),
        ],
    );
    let f = of(&r, "tls-policy-outdated");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].evidence[0],
        "HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08"
    );
    // Without the network, whether the internet reaches the listener is not known: said, medium confidence.
    assert!(f[0].evidence[1].contains("was not evaluated"), "{:?}", f[0].evidence);
    assert_eq!(f[0].confidence, rampart_checks::Confidence::Medium);
    assert!(f[0].remediation[0].ends_with("--ssl-policy ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"));
    // Two listeners of one load balancer are two findings with their own fingerprints.
    let r2 = scan(
        "internet-facing",
        vec![
            listener(443, "HTTPS", forward(), Some("ELBSecurityPolicy-2016-08")),
            listener(8443, "HTTPS", forward(), Some("ELBSecurityPolicy-2016-08")),
        ],
    );
    let f2 = of(&r2, "tls-policy-outdated");
    assert_eq!(f2.len(), 2);
    assert_ne!(f2[0].fingerprint, f2[1].fingerprint);
    assert!(
        f2.iter().any(|g| g.fingerprint == f[0].fingerprint),
        "fingerprints do not depend on the other listener"
    );
}

/// The network around the load balancer, in AWS CLI shapes: its node's interface in a public
/// subnet (internet gateway route, allow-all NACL) and its security group `sg-1`, which admits
/// the internet on `open_ports` only.
fn network(open_ports: &[u16]) -> Vec<(&'static str, Value)> {
    let perms: Vec<Value> = open_ports
        .iter()
        .map(|p| json!({"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}))
        .collect();
    let acl = |egress: bool| {
        [
            json!({"RuleNumber": 100, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}),
            json!({"RuleNumber": 32767, "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}),
        ]
    };
    let entries: Vec<Value> = [acl(false), acl(true)].concat();
    vec![
        (
            "vpcs.json",
            json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}),
        ),
        (
            "igw.json",
            json!({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]}),
        ),
        (
            "rtb.json",
            json!({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}],
                "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
                           {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}]}),
        ),
        (
            "nacl.json",
            json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true,
                "Associations": [{"SubnetId": "subnet-1"}], "Entries": entries}]}),
        ),
        (
            "sg.json",
            json!({"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web-lb", "VpcId": "vpc-1", "IpPermissions": perms}]}),
        ),
        (
            "eni.json",
            json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-lb", "SubnetId": "subnet-1", "VpcId": "vpc-1",
                "PrivateIpAddress": "10.0.0.20", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.20", "Primary": true}],
                "InterfaceType": "interface", "Description": "ELB app/web/50dc6c495c0c9188", "RequesterManaged": true,
                "Association": {"PublicIp": "34.1.1.1"}, "Groups": [{"GroupId": "sg-1", "GroupName": "web-lb"}]}]}),
        ),
    ]
}

fn scan_network(open_ports: &[u16], listeners: Vec<Value>, rules: Option<Value>) -> rampart_checks::ScanResult {
    let mut files = network(open_ports);
    files.push(("lbs.json", load_balancer("internet-facing")));
    files.push(("listeners-web.json", json!({ "Listeners": listeners })));
    if let Some(r) = rules {
        files.push(("listener-rules-web.json", r));
    }
    scan_with(&files)
}

#[test]
fn plain_http_on_a_port_the_load_balancer_does_not_admit_serves_nothing_to_the_internet() {
    let check = "http-listener-without-redirect";
    // sg-1 admits the internet on 80: reachable, medium, high confidence, with the path.
    let r = scan_network(&[80, 443], vec![listener(80, "HTTP", forward(), None)], None);
    let f = of(&r, check);
    assert_eq!(
        (f[0].severity, f[0].confidence),
        (rampart_checks::Severity::Medium, rampart_checks::Confidence::High)
    );
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("reachable from the whole internet on http/80")),
        "{:?}",
        f[0].evidence
    );
    // sg-1 admits only 443: the HTTP listener answers nobody on the internet: low, and why.
    let r = scan_network(&[443], vec![listener(80, "HTTP", forward(), None)], None);
    let f = of(&r, check);
    assert_eq!(f[0].severity, rampart_checks::Severity::Low);
    assert!(f[0].message.contains("does not reach"), "{}", f[0].message);
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("admit no internet source on tcp/80")),
        "{:?}",
        f[0].evidence
    );
    // The same for the TLS check: an old policy on a port nobody reaches is low.
    let r = scan_network(
        &[80],
        vec![listener(443, "HTTPS", forward(), Some("ELBSecurityPolicy-2016-08"))],
        None,
    );
    assert_eq!(of(&r, "tls-policy-outdated")[0].severity, rampart_checks::Severity::Low);
}

#[test]
fn a_listener_rule_that_forwards_serves_plain_http_despite_the_default_redirect() {
    let check = "http-listener-without-redirect";
    let l = LB.replace(":loadbalancer/", ":listener/") + "/80";
    let rule = |actions: Value| {
        json!({"Rules": [
            {"RuleArn": format!("{}/9683b2d02a6cabee", l.replace(":listener/", ":listener-rule/")), "Priority": "10", "IsDefault": false,
             "Conditions": [{"Field": "path-pattern", "Values": ["/img/*"]}], "Actions": actions},
            {"RuleArn": format!("{}/default", l.replace(":listener/", ":listener-rule/")), "Priority": "default", "IsDefault": true,
             "Conditions": [], "Actions": [redirect()]}]})
    };
    let weighted = json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [
        {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/img-blue/1", "Weight": 80},
        {"TargetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/img-green/2", "Weight": 20}]}}]);
    let r = scan_network(
        &[80],
        vec![listener(80, "HTTP", redirect(), None)],
        Some(rule(weighted)),
    );
    let f = of(&r, check);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].evidence
            .iter()
            .any(|e| e.contains("priority 10 forwards to img-blue, img-green")),
        "{:?}",
        f[0].evidence
    );
    assert!(f[0]
        .remediation
        .iter()
        .any(|c| c.contains("modify-rule") && c.contains("9683b2d02a6cabee")));
    // A rule that redirects too: nothing in clear text.
    let r = scan_network(
        &[80],
        vec![listener(80, "HTTP", redirect(), None)],
        Some(rule(json!([redirect()]))),
    );
    assert!(of(&r, check).is_empty());
    // The rules were not read: not evaluated, never a pass.
    let r = scan_network(&[80], vec![listener(80, "HTTP", redirect(), None)], None);
    assert!(of(&r, check).is_empty());
    assert!(
        r.not_evaluated
            .iter()
            .any(|n| n.check_id == check && n.reason.contains("describe-rules")),
        "{:?}",
        r.not_evaluated
    );
}

fn inspector(overall: &str, ec2: &str, ecr: &str, lambda: &str) -> Value {
    json!({"accounts": [{"accountId": "111122223333", "state": {"status": overall},
        "resourceState": {"ec2": {"status": ec2}, "ecr": {"status": ecr}, "lambda": {"status": lambda}}}], "failedAccounts": []})
}

#[test]
fn inspector_scan_types_that_are_off() {
    let check = "inspector-scanning-off";
    let all = scan_with(&[("inspector.json", inspector("ENABLED", "ENABLED", "ENABLED", "ENABLED"))]);
    assert!(of(&all, check).is_empty());

    // ECR and Lambda off in a region that runs neither containers we know of nor functions: low.
    let r = scan_with(&[
        (
            "inspector.json",
            inspector("ENABLED", "ENABLED", "DISABLED", "DISABLED"),
        ),
        ("lambda.json", json!({"Functions": []})),
        ("instances.json", json!({"Reservations": []})),
    ]);
    let f = of(&r, check);
    assert_eq!(f[0].severity, rampart_checks::Severity::Low);
    assert!(f[0].remediation[0].ends_with("--resource-types ECR LAMBDA"));

    // EC2 scanning off where instances run: medium.
    let r = scan_with(&[
        (
            "inspector.json",
            inspector("DISABLED", "DISABLED", "DISABLED", "DISABLED"),
        ),
        (
            "instances.json",
            json!({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}}]}]}),
        ),
    ]);
    assert_eq!(of(&r, check)[0].severity, rampart_checks::Severity::Medium);
}

#[test]
fn internet_facing_application_load_balancers_need_a_web_acl() {
    let acl = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
    let acls = json!({"WebACLs": [{"Name": "edge", "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "ARN": acl, "LockToken": "t"}]});
    let check = "load-balancer-without-waf";
    let run = |scheme: &str, resources: Option<Vec<&str>>| {
        let mut files = vec![("lbs.json", load_balancer(scheme)), ("acls.json", acls.clone())];
        if let Some(r) = resources {
            files.push(("acl-resources.json", json!({"WebACLArn": acl, "ResourceArns": r})));
        }
        scan_with(&files)
    };
    // Unprotected: found, with the command that associates the existing ACL.
    let r = run("internet-facing", Some(vec![]));
    let f = of(&r, check);
    assert_eq!(f.len(), 1);
    assert!(f[0].remediation[0].contains(&format!("--web-acl-arn {acl} --resource-arn {LB}")));
    // Protected, or internal: nothing.
    assert!(of(&run("internet-facing", Some(vec![LB])), check).is_empty());
    assert!(of(&run("internal", Some(vec![])), check).is_empty());
    // The ACL's resources not read: not evaluated, never passed.
    let r = run("internet-facing", None);
    assert!(of(&r, check).is_empty());
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == check && n.reason.contains("edge")));
    // WAF not read at all: the check does not run.
    let r = scan_with(&[("lbs.json", load_balancer("internet-facing"))]);
    assert!(r.not_evaluated.iter().any(|n| n.check_id == check));
}

/// A critical CVE on an `ip` target of an internet-facing Network Load Balancer without
/// security groups whose target admits the VPC's CIDR: reachable when client IP preservation
/// is off (the default for ip targets over TCP), high confidence when the attributes say so,
/// medium when they were not read.
#[test]
fn a_vulnerable_nlb_target_is_ranked_by_what_client_ip_preservation_makes_it_see() {
    let nlb = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/web/50dc6c495c0c9188";
    let tg = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/svc/73e2d6bc24d8a067";
    let files = |attributes: Option<&str>| {
        let mut files = network(&[]);
        let enis = json!({"NetworkInterfaces": [
            {"NetworkInterfaceId": "eni-lb", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.20",
             "InterfaceType": "network_load_balancer", "Description": "ELB net/web/50dc6c495c0c9188", "RequesterManaged": true,
             "Association": {"PublicIp": "34.1.1.1"}, "Groups": []},
            {"NetworkInterfaceId": "eni-t", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.50",
             "Groups": [{"GroupId": "sg-t"}], "Attachment": {"InstanceId": "i-t"}}]});
        files.retain(|(n, _)| *n != "eni.json" && *n != "sg.json");
        files.push(("eni.json", enis));
        files.push((
            "sg.json",
            json!({"SecurityGroups": [{"GroupId": "sg-t", "GroupName": "svc", "VpcId": "vpc-1",
                "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]}]}),
        ));
        files.push((
            "lbs.json",
            json!({"LoadBalancers": [{"LoadBalancerArn": nlb, "LoadBalancerName": "web", "Scheme": "internet-facing", "Type": "network",
                "VpcId": "vpc-1", "AvailabilityZones": [{"ZoneName": "us-east-1a", "SubnetId": "subnet-1"}]}]}),
        ));
        files.push((
            "listeners-web.json",
            json!({"Listeners": [{"ListenerArn": nlb.replace(":loadbalancer/", ":listener/") + "/1", "LoadBalancerArn": nlb,
                "Port": 443, "Protocol": "TCP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg}]}]}),
        ));
        files.push((
            "tgs.json",
            json!({"TargetGroups": [{"TargetGroupArn": tg, "TargetGroupName": "svc", "Protocol": "TCP", "Port": 8080,
                "VpcId": "vpc-1", "TargetType": "ip", "LoadBalancerArns": [nlb]}]}),
        ));
        files.push((
            "health.json",
            json!({"LoadBalancerTargetHealth": [{"TargetGroupArn": tg, "TargetHealthDescriptions": [
                {"Target": {"Id": "10.0.0.50", "Port": 8080}, "TargetHealth": {"State": "healthy"}}]}]}),
        ));
        if let Some(v) = attributes {
            files.push((
                "tg-attributes.json",
                json!({"TargetGroupAttributes": [{"TargetGroupArn": tg, "Attributes": [{"Key": "preserve_client_ip.enabled", "Value": v}]}]}),
            ));
        }
        files.push((
            "instances.json",
            json!({"Reservations": [{"Instances": [{"InstanceId": "i-t", "State": {"Name": "running"}, "SubnetId": "subnet-1", "VpcId": "vpc-1"}]}]}),
        ));
        files.push((
            "inspector-findings.json",
            json!({"findings": [{"findingArn": "arn:aws:inspector2:us-east-1:111122223333:finding/a1", "awsAccountId": "111122223333",
                "type": "PACKAGE_VULNERABILITY", "title": "CVE-2024-0001 - openssl", "severity": "CRITICAL", "status": "ACTIVE",
                "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-t", "region": "us-east-1"}],
                "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-0001"}}]}),
        ));
        files
    };
    let check = "vulnerable-host-exposed";
    let r = scan_with(&files(Some("false")));
    let f = of(&r, check);
    assert_eq!(
        (f[0].severity, f[0].confidence),
        (rampart_checks::Severity::Critical, rampart_checks::Confidence::High),
        "{:?}",
        f[0].evidence
    );
    assert!(
        f[0].evidence[0].contains("through load balancer web (listener 443)"),
        "{:?}",
        f[0].evidence
    );
    // Preservation on: the target sees internet clients, which its VPC rule does not admit.
    let r = scan_with(&files(Some("true")));
    assert_eq!(of(&r, check)[0].severity, rampart_checks::Severity::Medium);
    // Attributes not read: reachable under the default, said, at medium confidence.
    let r = scan_with(&files(None));
    let f = of(&r, check);
    assert_eq!(
        (f[0].severity, f[0].confidence),
        (rampart_checks::Severity::Critical, rampart_checks::Confidence::Medium)
    );
    assert!(f[0].evidence[0].contains("unverified"), "{:?}", f[0].evidence);
}
