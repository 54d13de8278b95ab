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
        f[0].evidence,
        ["HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08"]
    );
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
