//! Every check against small exports in real AWS CLI shapes: cases that must fire, tricky
//! cases that must not, severity by what carries the group, and inputs that were not read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use rampart_checks::{Confidence, ScanResult, Severity};
use serde_json::{json, Value};

const ACCOUNT: &str = "111122223333";

/// One ingress or egress permission in `IpPermissions` shape.
fn perm(proto: &str, from: i64, to: i64, cidrs: &[&str]) -> Value {
    let v4: Vec<Value> = cidrs
        .iter()
        .filter(|c| !c.contains(':'))
        .map(|c| json!({"CidrIp": c}))
        .collect();
    let v6: Vec<Value> = cidrs
        .iter()
        .filter(|c| c.contains(':'))
        .map(|c| json!({"CidrIpv6": c}))
        .collect();
    json!({"IpProtocol": proto, "FromPort": from, "ToPort": to, "IpRanges": v4, "Ipv6Ranges": v6, "PrefixListIds": [], "UserIdGroupPairs": []})
}

fn sg(id: &str, name: &str, ingress: Vec<Value>, egress: Vec<Value>) -> Value {
    json!({"GroupId": id, "GroupName": name, "Description": name, "VpcId": "vpc-1", "OwnerId": ACCOUNT,
           "IpPermissions": ingress, "IpPermissionsEgress": egress})
}

/// An ENI carrying `groups`, with a public IP when given.
fn eni(id: &str, groups: &[&str], public: Option<&str>) -> Value {
    let mut e = json!({"NetworkInterfaceId": id, "SubnetId": "subnet-1", "VpcId": "vpc-1", "OwnerId": ACCOUNT,
        "InterfaceType": "interface", "PrivateIpAddress": "10.0.0.10", "Status": "in-use",
        "Groups": groups.iter().map(|g| json!({"GroupId": g, "GroupName": g})).collect::<Vec<_>>(),
        "Attachment": {"InstanceId": format!("i-{id}")}});
    if let Some(ip) = public {
        e["Association"] = json!({"PublicIp": ip});
    }
    e
}

fn scan(groups: Vec<Value>, enis: Vec<Value>) -> ScanResult {
    scan_with(&[
        ("sgs.json", json!({"SecurityGroups": groups})),
        ("enis.json", json!({"NetworkInterfaces": enis})),
        ("pls.json", json!({"PrefixLists": []})),
    ])
}

fn fires_on(check: &str, ingress: Vec<Value>) -> bool {
    let r = scan(
        vec![sg("sg-1", "web", ingress, vec![])],
        vec![eni("eni-1", &["sg-1"], Some("54.0.0.1"))],
    );
    of(&r, check).iter().any(|f| f.resource_id == "sg-1")
}

#[test]
fn admin_ports_fire_on_every_way_of_opening_them() {
    let check = "admin-port-open-to-internet";
    assert!(fires_on(check, vec![perm("tcp", 22, 22, &["0.0.0.0/0"])]));
    assert!(
        fires_on(check, vec![perm("tcp", 22, 22, &["0.0.0.0/1", "128.0.0.0/1"])]),
        "split CIDRs"
    );
    assert!(
        fires_on(
            check,
            vec![
                perm("tcp", 22, 22, &["0.0.0.0/1"]),
                perm("tcp", 0, 1024, &["128.0.0.0/1"])
            ]
        ),
        "split across rules"
    );
    assert!(
        fires_on(check, vec![perm("tcp", 20, 25, &["0.0.0.0/0"])]),
        "a range that includes 22"
    );
    assert!(fires_on(check, vec![perm("tcp", 3389, 3389, &["::/0"])]), "IPv6");
    assert!(
        fires_on(check, vec![perm("udp", 3389, 3389, &["0.0.0.0/0"])]),
        "RDP over UDP"
    );
    assert!(fires_on(check, vec![perm("tcp", 5986, 5986, &["0.0.0.0/0"])]), "WinRM");
    assert!(
        fires_on(check, vec![perm("6", 22, 22, &["0.0.0.0/0"])]),
        "protocol by number"
    );
}

#[test]
fn admin_ports_do_not_fire_on_look_alikes() {
    let check = "admin-port-open-to-internet";
    assert!(
        !fires_on(check, vec![perm("tcp", 22, 22, &["10.0.0.0/8"])]),
        "private range"
    );
    assert!(
        !fires_on(check, vec![perm("tcp", 22, 22, &["0.0.0.0/1"])]),
        "half the internet is not the whole"
    );
    assert!(
        !fires_on(
            check,
            vec![
                perm("tcp", 23, 23, &["0.0.0.0/1"]),
                perm("tcp", 22, 22, &["128.0.0.0/1"])
            ]
        ),
        "halves on different ports"
    );
    assert!(
        !fires_on(check, vec![perm("icmp", -1, -1, &["0.0.0.0/0"])]),
        "ICMP type/code are not ports"
    );
    assert!(
        !fires_on(check, vec![perm("icmp", 22, -1, &["0.0.0.0/0"])]),
        "ICMP type 22 is not port 22"
    );
    assert!(
        !fires_on(check, vec![perm("tcp", 443, 443, &["0.0.0.0/0", "::/0"])]),
        "web port"
    );
    assert!(
        !fires_on(check, vec![perm("udp", 22, 22, &["0.0.0.0/0"])]),
        "SSH is TCP"
    );
    let by_group = json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": ACCOUNT}]});
    assert!(
        !fires_on(check, vec![by_group]),
        "group reference admits only private addresses"
    );
    // Everything open is one finding of its own, not three.
    assert!(!fires_on(check, vec![perm("-1", -1, -1, &["0.0.0.0/0"])]));
    assert!(fires_on(
        "all-ports-open-to-internet",
        vec![perm("-1", -1, -1, &["0.0.0.0/0"])]
    ));
}

#[test]
fn severity_follows_what_carries_the_group() {
    // No route tables, NACLs or gateways in this export: the public host keeps the rule-level
    // worst case, at medium confidence, and says the path was not traced.
    let open = || vec![perm("tcp", 22, 22, &["0.0.0.0/0"])];
    let r = scan(
        vec![
            sg("sg-pub", "a", open(), vec![]),
            sg("sg-priv", "b", open(), vec![]),
            sg("sg-none", "c", open(), vec![]),
        ],
        vec![
            eni("eni-1", &["sg-pub"], Some("54.0.0.1")),
            eni("eni-2", &["sg-priv"], None),
        ],
    );
    let get = |id: &str| {
        of(&r, "admin-port-open-to-internet")
            .into_iter()
            .find(|f| f.resource_id == id)
            .unwrap()
    };
    assert_eq!(
        (get("sg-pub").severity, get("sg-pub").confidence),
        (Severity::Critical, Confidence::Medium)
    );
    assert!(
        get("sg-pub").evidence.iter().any(|e| e.contains("not evaluated")),
        "{:?}",
        get("sg-pub").evidence
    );
    assert_eq!(get("sg-priv").severity, Severity::Low);
    assert_eq!(get("sg-none").severity, Severity::Info);
    // Ranked most severe first.
    assert_eq!(r.findings[0].resource_id, "sg-pub");
    let f = get("sg-pub");
    assert!(
        f.evidence.iter().any(|e| e.contains("eni-1") && e.contains("54.0.0.1")),
        "{:?}",
        f.evidence
    );
    assert!(f.remediation[0].starts_with("aws ec2 revoke-security-group-ingress --region us-east-1 --group-id sg-pub"));
    assert_eq!(
        f.resource_arn.as_deref(),
        Some("arn:aws:ec2:us-east-1:111122223333:security-group/sg-pub")
    );
}

/// A VPC with an internet gateway, one subnet whose table routes 0.0.0.0/0 to `target`, an
/// allow-all NACL, and the given groups and interfaces.
fn scan_network(target: &str, groups: Vec<Value>, enis: Vec<Value>) -> ScanResult {
    scan_with(&network_files(target, groups, enis))
}

/// One VPC whose main route table sends 0.0.0.0/0 to `target`, with an allow-all network ACL.
fn network_files(target: &str, groups: Vec<Value>, enis: Vec<Value>) -> Vec<(&'static str, Value)> {
    let route = if target.starts_with("nat-") {
        json!({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": target, "State": "active"})
    } else {
        json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": target, "State": "active"})
    };
    let nacl: Vec<Value> = [false, true]
        .iter()
        .flat_map(|&egress| {
            [
                json!({"RuleNumber": 100, "Egress": egress, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}),
                json!({"RuleNumber": 32767, "Egress": egress, "Protocol": "-1", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"}),
            ]
        })
        .collect();
    vec![
        ("sgs.json", json!({"SecurityGroups": groups})),
        ("enis.json", json!({"NetworkInterfaces": enis})),
        ("pls.json", json!({"PrefixLists": []})),
        (
            "igw.json",
            json!({"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]}),
        ),
        (
            "rtb.json",
            json!({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": true}], "Routes": [route]}]}),
        ),
        (
            "nacl.json",
            json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true, "Associations": [{"SubnetId": "subnet-1"}], "Entries": nacl}]}),
        ),
    ]
}

#[test]
fn effective_exposure_re_ranks_rule_level_findings() {
    let open = || vec![sg("sg-1", "web", vec![perm("tcp", 22, 22, &["0.0.0.0/0"])], vec![])];
    let host = || vec![eni("eni-1", &["sg-1"], Some("54.0.0.1"))];
    // Reachable: critical, high confidence, with the path.
    let r = scan_network("igw-1", open(), host());
    let f = of(&r, "admin-port-open-to-internet")[0];
    assert_eq!((f.severity, f.confidence), (Severity::Critical, Confidence::High));
    let path = f
        .evidence
        .iter()
        .find(|e| e.starts_with("reachable from the internet"))
        .unwrap();
    assert!(
        path.contains("igw-1") && path.contains("acl-1") && path.contains("tcp/22"),
        "{path}"
    );
    // Same rule, same public IP, but replies go to a NAT gateway: low, with the reason.
    let r = scan_network("nat-1", open(), host());
    let f = of(&r, "admin-port-open-to-internet")[0];
    assert_eq!(f.severity, Severity::Low);
    assert!(
        f.evidence
            .iter()
            .any(|e| e.contains("not reachable") && e.contains("nat-1")),
        "{:?}",
        f.evidence
    );
    assert!(f.message.contains("cannot reach"));
}

#[test]
fn database_ports() {
    let check = "database-port-open-to-internet";
    assert!(fires_on(check, vec![perm("tcp", 3306, 3306, &["0.0.0.0/0"])]));
    assert!(
        fires_on(check, vec![perm("udp", 11211, 11211, &["::/0"])]),
        "memcached UDP"
    );
    assert!(
        fires_on(check, vec![perm("tcp", 5000, 6000, &["0.0.0.0/0"])]),
        "range including 5432"
    );
    assert!(!fires_on(check, vec![perm("tcp", 3306, 3306, &["172.16.0.0/12"])]));
    assert!(!fires_on(check, vec![perm("tcp", 80, 443, &["0.0.0.0/0"])]));
}

#[test]
fn all_ports() {
    let check = "all-ports-open-to-internet";
    assert!(fires_on(check, vec![perm("tcp", 0, 65535, &["0.0.0.0/0"])]));
    assert!(fires_on(check, vec![perm("-1", -1, -1, &["::/0"])]));
    assert!(
        fires_on(
            check,
            vec![
                perm("tcp", 0, 30000, &["0.0.0.0/0"]),
                perm("tcp", 30001, 65535, &["0.0.0.0/0"])
            ]
        ),
        "adjacent ranges"
    );
    assert!(!fires_on(check, vec![perm("tcp", 0, 65534, &["0.0.0.0/0"])]));
    assert!(!fires_on(check, vec![perm("-1", -1, -1, &["10.0.0.0/8"])]));
    // 0-65534 still opens SSH and MySQL: the per-service checks report it.
    assert!(fires_on(
        "admin-port-open-to-internet",
        vec![perm("tcp", 0, 65534, &["0.0.0.0/0"])]
    ));
}

#[test]
fn egress_and_default_group() {
    let allow_all = || vec![perm("-1", -1, -1, &["0.0.0.0/0"])];
    let r = scan(
        vec![
            sg(
                "sg-d",
                "default",
                vec![json!({"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-d"}]})],
                allow_all(),
            ),
            sg("sg-clean", "default", vec![], vec![]),
            sg("sg-e", "app", vec![], allow_all()),
            sg("sg-443", "app2", vec![], vec![perm("tcp", 443, 443, &["0.0.0.0/0"])]),
        ],
        vec![eni("eni-1", &["sg-e", "sg-443"], None)],
    );
    let ids = |c| of(&r, c).iter().map(|f| f.resource_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("default-security-group-allows-traffic"), ["sg-d"]);
    let egress = of(&r, "egress-open-to-internet");
    assert_eq!(
        egress.iter().find(|f| f.resource_id == "sg-e").unwrap().severity,
        Severity::Medium
    );
    assert_eq!(
        egress.iter().find(|f| f.resource_id == "sg-d").unwrap().severity,
        Severity::Info,
        "unused"
    );
    assert!(!egress.iter().any(|f| f.resource_id == "sg-443"));
}

#[test]
fn unused_and_stale() {
    let stale = json!({"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": "sg-gone", "UserId": ACCOUNT}]});
    let other_account = json!({"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": "sg-theirs", "UserId": "999988887777"}]});
    let pl =
        json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": "pl-gone"}]});
    let r = scan_with(&[
        (
            "sgs.json",
            json!({"SecurityGroups": [
                sg("sg-used", "app", vec![stale, other_account, pl], vec![]),
                sg("sg-lonely", "old", vec![], vec![]),
                sg("sg-lb", "lb", vec![], vec![]),
                sg("sg-default", "default", vec![], vec![]),
            ]}),
        ),
        (
            "enis.json",
            json!({"NetworkInterfaces": [eni("eni-1", &["sg-used"], None)]}),
        ),
        (
            "lbs.json",
            json!({"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1", "LoadBalancerName": "x", "SecurityGroups": ["sg-lb"]}]}),
        ),
        ("pls.json", json!({"PrefixLists": [{"PrefixListId": "pl-other"}]})),
        ("refs.json", nothing_else_names_groups()),
    ]);
    let unused: Vec<_> = of(&r, "unused-security-group")
        .iter()
        .map(|f| f.resource_id.clone())
        .collect();
    assert_eq!(unused, ["sg-lonely"]);
    let stale: Vec<_> = of(&r, "stale-rule-reference")
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(stale.iter().any(|m| m.contains("sg-gone")) && stale.iter().any(|m| m.contains("pl-gone")));
}

#[test]
fn missing_inputs_are_not_evaluated_never_passed() {
    // No describe-network-interfaces: exposure checks cannot judge, and say why.
    let r = scan_with(&[(
        "sgs.json",
        json!({"SecurityGroups": [sg("sg-1", "web", vec![perm("tcp", 22, 22, &["0.0.0.0/0"])], vec![])]}),
    )]);
    assert!(of(&r, "admin-port-open-to-internet").is_empty());
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "admin-port-open-to-internet")
        .unwrap();
    assert_eq!(ne.scope, "us-east-1");
    assert!(ne.reason.contains("describe-network-interfaces"), "{}", ne.reason);
    // stale-rule-reference needs only the groups.
    assert!(!r.not_evaluated.iter().any(|n| n.check_id == "stale-rule-reference"
        && n.resource_id.is_none()
        && n.reason.contains("security-groups")));
}

#[test]
fn unread_prefix_list_entries_leave_a_group_not_evaluated() {
    let via_pl =
        json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": "pl-1"}]});
    let r = scan_with(&[
        (
            "sgs.json",
            json!({"SecurityGroups": [sg("sg-1", "web", vec![via_pl.clone()], vec![])]}),
        ),
        ("enis.json", json!({"NetworkInterfaces": []})),
        (
            "pls.json",
            json!({"PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "office"}]}),
        ),
    ]);
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "admin-port-open-to-internet")
        .unwrap();
    assert_eq!(ne.resource_id.as_deref(), Some("sg-1"));
    // With its entries read, the same rule is judged: 0.0.0.0/0 in the list opens SSH.
    let r = scan_with(&[
        (
            "sgs.json",
            json!({"SecurityGroups": [sg("sg-1", "web", vec![via_pl], vec![])]}),
        ),
        ("enis.json", json!({"NetworkInterfaces": []})),
        ("pls.json", json!({"PrefixLists": [{"PrefixListId": "pl-1"}]})),
        (
            "entries.json",
            json!({"ManagedPrefixListEntries": [{"PrefixListId": "pl-1", "Entries": [{"Cidr": "0.0.0.0/0"}]}]}),
        ),
    ]);
    assert_eq!(of(&r, "admin-port-open-to-internet").len(), 1);
}

#[test]
fn fingerprints_do_not_depend_on_order_or_wording() {
    let a = scan(
        vec![
            sg("sg-1", "web", vec![perm("tcp", 22, 22, &["0.0.0.0/0"])], vec![]),
            sg("sg-2", "x", vec![], vec![]),
        ],
        vec![],
    );
    let b = scan(
        vec![
            sg("sg-2", "x", vec![], vec![]),
            sg("sg-1", "renamed", vec![perm("tcp", 22, 23, &["0.0.0.0/0"])], vec![]),
        ],
        vec![],
    );
    let fp = |r: &ScanResult| {
        let mut v: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.check_id, f.resource_id.clone(), f.fingerprint.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(fp(&a), fp(&b));
}

#[test]
fn group_trust_and_shared_self_reference() {
    let all_from = |g: &str| json!({"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": g}]});
    let instances = json!({"Reservations": [{"OwnerId": ACCOUNT, "Instances": [
        {"InstanceId": "i-eni-1", "Tags": [{"Key": "Application", "Value": "billing"}]},
        {"InstanceId": "i-eni-2", "Tags": [{"Key": "Application", "Value": "billing"}]},
        {"InstanceId": "i-eni-3", "Tags": [{"Key": "Application", "Value": "crm"}]}]}]});
    let r = scan_with(&[
        (
            "sgs.json",
            json!({"SecurityGroups": [
                sg("sg-web", "web", vec![], vec![]),
                sg("sg-app", "app", vec![all_from("sg-web"), perm("tcp", 8080, 8080, &["10.0.0.0/8"])], vec![]),
                sg("sg-narrow", "narrow", vec![json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "UserIdGroupPairs": [{"GroupId": "sg-web"}]})], vec![]),
                sg("sg-cluster", "cluster", vec![all_from("sg-cluster")], vec![]),
                sg("sg-flat", "flat", vec![all_from("sg-flat")], vec![]),
            ]}),
        ),
        (
            "enis.json",
            json!({"NetworkInterfaces": [
                eni("eni-1", &["sg-web", "sg-cluster", "sg-flat"], None),
                eni("eni-2", &["sg-app", "sg-cluster"], None),
                eni("eni-3", &["sg-narrow", "sg-flat"], None),
            ]}),
        ),
        ("instances.json", instances),
        ("pls.json", json!({"PrefixLists": []})),
    ]);
    let ids = |c| of(&r, c).iter().map(|f| f.resource_id.clone()).collect::<Vec<_>>();
    // All traffic from another group fires; a port-specific reference does not.
    assert_eq!(ids("group-trusts-group-all-traffic"), ["sg-app"]);
    // One workload (billing twice) sharing a self-reference is a cluster; two workloads are not.
    assert_eq!(ids("shared-self-referencing-group"), ["sg-flat"]);
    let f = of(&r, "shared-self-referencing-group")[0];
    assert!(
        f.evidence
            .iter()
            .any(|e| e.contains("Application=billing") && e.contains("Application=crm")),
        "{:?}",
        f.evidence
    );
}

/// `describe-instances` answer for one instance on interface `eni-{id}`.
fn instance(id: &str, tokens: Option<&str>, profile: bool) -> Value {
    let mut i = json!({"InstanceId": format!("i-eni-{id}"), "State": {"Name": "running"}, "VpcId": "vpc-1", "SubnetId": "subnet-1",
        "NetworkInterfaces": [{"NetworkInterfaceId": format!("eni-{id}")}], "SecurityGroups": [{"GroupId": "sg-1"}]});
    if let Some(t) = tokens {
        i["MetadataOptions"] =
            json!({"HttpTokens": t, "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1, "State": "applied"});
    }
    if profile {
        i["IamInstanceProfile"] = json!({"Arn": "arn:aws:iam::111122223333:instance-profile/app", "Id": "AIPAEXAMPLE"});
    }
    i
}

#[test]
fn imdsv1_severity_follows_role_and_exposure() {
    let groups = vec![sg("sg-1", "web", vec![perm("tcp", 443, 443, &["0.0.0.0/0"])], vec![])];
    let enis = vec![
        eni("eni-public", &["sg-1"], Some("54.0.0.1")),
        eni("eni-private", &["sg-1"], None),
        eni("eni-norole", &["sg-1"], Some("54.0.0.2")),
        eni("eni-v2", &["sg-1"], Some("54.0.0.3")),
        eni("eni-unknown", &["sg-1"], None),
    ];
    let mut files = network_files("igw-1", groups, enis);
    files.push((
        "instances.json",
        json!({"Reservations": [{"Instances": [
            instance("public", Some("optional"), true),
            instance("private", Some("optional"), true),
            instance("norole", Some("optional"), false),
            instance("v2", Some("required"), true),
            instance("unknown", None, true),
        ]}]}),
    ));
    let r = scan_with(&files);
    let severity = |id: &str| {
        of(&r, "imdsv1-allowed")
            .iter()
            .find(|f| f.resource_id == format!("i-eni-{id}"))
            .map(|f| f.severity)
    };
    assert_eq!(severity("public"), Some(Severity::High));
    assert_eq!(severity("private"), Some(Severity::Medium));
    assert_eq!(severity("norole"), Some(Severity::Low));
    assert_eq!(severity("v2"), None);
    // No MetadataOptions in the answer: not judged, never passed.
    assert_eq!(severity("unknown"), None);
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "imdsv1-allowed" && n.resource_id.as_deref() == Some("i-eni-unknown")));
}

#[test]
fn groups_in_use_without_an_infrastructure_as_code_tag() {
    let check = "security-group-not-managed-as-code";
    let tagged = |id: &str, key: &str, value: &str| {
        let mut g = sg(id, id, vec![], vec![]);
        g["Tags"] = json!([{"Key": key, "Value": value}]);
        g
    };
    let groups = vec![
        tagged("sg-cfn", "aws:cloudformation:stack-name", "web"),
        tagged("sg-tf", "ManagedBy", "terraform"),
        sg("sg-hand", "hand-made", vec![], vec![]),
        sg("sg-idle", "idle", vec![], vec![]),
        sg("sg-default", "default", vec![], vec![]),
    ];
    let enis = vec![eni("eni-1", &["sg-cfn", "sg-tf", "sg-hand", "sg-default"], None)];
    let files = [
        ("sgs.json", json!({"SecurityGroups": groups})),
        ("enis.json", json!({"NetworkInterfaces": enis})),
    ];
    // Default tags: only CloudFormation's counts; idle and default groups are not this check's.
    let r = scan_with(&files);
    let found = of(&r, check);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].evidence[0], "sg-tf, sg-hand");
    assert_eq!(found[0].blast_radius, 2);
    // With the team's Terraform tag configured, only the hand-made group is left.
    let config: rampart_checks::Config =
        config_with_iac_tags(&["aws:cloudformation:stack-name", "ManagedBy=terraform"]);
    let dir = tempfile::tempdir().unwrap();
    for (name, v) in &files {
        std::fs::create_dir_all(dir.path().join("us-east-1")).unwrap();
        std::fs::write(dir.path().join("us-east-1").join(name), v.to_string()).unwrap();
    }
    let (inv, _) = rampart_inventory::import_dir(dir.path()).unwrap();
    let r = rampart_checks::run_with(&inv, &config);
    assert_eq!(of(&r, check)[0].evidence[0], "sg-hand");
    // A value that does not match is not a mark.
    let config = config_with_iac_tags(&["ManagedBy=pulumi"]);
    let r = rampart_checks::run_with(&inv, &config);
    assert_eq!(of(&r, check)[0].evidence[0], "sg-cfn, sg-tf, sg-hand");
}

fn config_with_iac_tags(tags: &[&str]) -> rampart_checks::Config {
    let mut c = rampart_checks::Config::default();
    c.change_control.iac_tags = tags.iter().map(|t| t.to_string()).collect();
    c.validate().unwrap();
    c
}

/// One inbound NACL rule as `describe-network-acls` prints it (protocol 6 is TCP).
fn nacl_rule(n: u32, allow: bool, protocol: &str, ports: Option<(u16, u16)>, cidr: &str) -> Value {
    let mut e = json!({"RuleNumber": n, "Egress": false, "Protocol": protocol,
        "RuleAction": if allow { "allow" } else { "deny" }});
    if cidr.contains(':') {
        e["Ipv6CidrBlock"] = json!(cidr);
    } else {
        e["CidrBlock"] = json!(cidr);
    }
    if let Some((from, to)) = ports {
        e["PortRange"] = json!({"From": from, "To": to});
    }
    e
}

/// Which of SSH and RDP the check finds open on a NACL made of these inbound rules (the
/// final `*` deny is AWS's).
fn admin_open(rules: Vec<Value>) -> Vec<String> {
    let mut entries = rules;
    entries.push(nacl_rule(32767, false, "-1", None, "0.0.0.0/0"));
    entries.push(nacl_rule(32768, false, "-1", None, "::/0"));
    let r = scan_with(&[(
        "nacl.json",
        json!({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": false,
            "Associations": [{"SubnetId": "subnet-1"}], "Entries": entries}]}),
    )]);
    of(&r, "nacl-allows-admin-ports-from-internet")
        .first()
        .map(|f| {
            f.evidence
                .iter()
                .filter(|e| e.contains(" allowed from "))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn network_acls_judged_in_rule_order_for_every_public_source() {
    // Allow-all: both ports, from 0.0.0.0/0 (the sources as CIDRs, never one sample address).
    let all = admin_open(vec![nacl_rule(100, true, "-1", None, "0.0.0.0/0")]);
    assert_eq!(
        all,
        [
            "SSH (tcp/22) allowed from IPv4 0.0.0.0/0 by inbound rule #100",
            "RDP (tcp/3389) allowed from IPv4 0.0.0.0/0 by inbound rule #100"
        ]
    );
    // A lower-numbered deny for SSH wins; RDP stays open.
    let ssh_denied = admin_open(vec![
        nacl_rule(90, false, "6", Some((22, 22)), "0.0.0.0/0"),
        nacl_rule(100, true, "-1", None, "0.0.0.0/0"),
    ]);
    assert_eq!(ssh_denied.len(), 1);
    assert!(ssh_denied[0].starts_with("RDP"));
    // A deny numbered after the allow does nothing.
    assert_eq!(
        admin_open(vec![
            nacl_rule(100, true, "-1", None, "0.0.0.0/0"),
            nacl_rule(110, false, "6", Some((22, 22)), "0.0.0.0/0"),
        ])
        .len(),
        2
    );
    // Private sources only: nothing from the internet.
    assert!(admin_open(vec![nacl_rule(100, true, "6", Some((22, 22)), "10.0.0.0/8")]).is_empty());
    // The internet in two halves, and a partial deny that leaves the rest open.
    let halves = admin_open(vec![
        nacl_rule(50, false, "6", Some((0, 65535)), "1.0.0.0/8"),
        nacl_rule(100, true, "6", Some((22, 22)), "0.0.0.0/1"),
        nacl_rule(101, true, "6", Some((22, 22)), "128.0.0.0/1"),
    ]);
    assert_eq!(
        halves,
        ["SSH (tcp/22) allowed from IPv4 0.0.0.0/0 except 1.0.0.0/8 by inbound rule #100, #101"]
    );
    // IPv6 counts; a port range that holds 3389 counts.
    let v6 = admin_open(vec![nacl_rule(100, true, "6", Some((3000, 4000)), "::/0")]);
    assert_eq!(v6.len(), 1);
    assert!(
        v6[0].starts_with("RDP (tcp/3389) allowed from IPv6 ::/0 by inbound rule #100"),
        "{v6:?}"
    );
    // UDP is not SSH.
    assert!(admin_open(vec![nacl_rule(100, true, "17", Some((0, 65535)), "0.0.0.0/0")]).is_empty());
}

fn inspector(id: &str, instance: &str, cve: &str, severity: &str, status: &str) -> Value {
    json!({"findingArn": format!("arn:aws:inspector2:us-east-1:{ACCOUNT}:finding/{id}"), "awsAccountId": ACCOUNT,
        "type": "PACKAGE_VULNERABILITY", "title": format!("{cve} - openssl"), "severity": severity, "status": status,
        "resources": [{"type": "AWS_EC2_INSTANCE", "id": instance, "region": "us-east-1"}],
        "packageVulnerabilityDetails": {"vulnerabilityId": cve}, "exploitAvailable": "YES", "fixAvailable": "YES", "inspectorScore": 9.1})
}

#[test]
fn inspector_findings_rank_by_what_the_internet_reaches() {
    // eni-pub is reachable on 443 (public address, route to the IGW, open group); eni-priv
    // has the same group but no public address.
    let groups = vec![sg("sg-web", "web", vec![perm("tcp", 443, 443, &["0.0.0.0/0"])], vec![])];
    let enis = vec![
        eni("pub", &["sg-web"], Some("54.0.0.1")),
        eni("priv", &["sg-web"], None),
    ];
    let mut files = network_files("igw-1", groups, enis);
    let instances = |ids: &[&str]| {
        json!({"Reservations": [{"Instances": ids.iter().map(|id| json!({"InstanceId": id, "State": {"Name": "running"},
            "SubnetId": "subnet-1", "VpcId": "vpc-1", "MetadataOptions": {"HttpTokens": "required"}})).collect::<Vec<_>>()}]})
    };
    files.push(("instances.json", instances(&["i-pub", "i-priv"])));
    files.push((
        "inspector-findings.json",
        json!({"findings": [
            inspector("a1", "i-pub", "CVE-2024-0001", "CRITICAL", "ACTIVE"),
            inspector("a2", "i-priv", "CVE-2024-0001", "CRITICAL", "ACTIVE"),
            inspector("a3", "i-priv", "CVE-2024-0002", "HIGH", "ACTIVE"),
            inspector("a4", "i-pub", "CVE-2024-0003", "CRITICAL", "CLOSED"),
        ]}),
    ));
    let r = scan_with(&files);
    let f = of(&r, "vulnerable-host-exposed");
    let mut got: Vec<(&str, Severity, usize)> = f
        .iter()
        .map(|f| (f.resource_id.as_str(), f.severity, f.blast_radius))
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [("i-priv", Severity::Medium, 2), ("i-pub", Severity::Critical, 1)],
        "the closed finding does not count"
    );
    let public = f.iter().find(|f| f.resource_id == "i-pub").unwrap();
    assert_eq!(public.evidence[0], "reachable from the internet: tcp/443 on 54.0.0.1");
    assert!(public.evidence[1]
        .starts_with("CVE-2024-0001: CVE-2024-0001 - openssl (critical, score 9.1, exploit available"));
    // The same CVE ranks above on the reachable host.
    assert!(
        r.findings.iter().position(|x| x.resource_id == "i-pub")
            < r.findings.iter().position(|x| x.resource_id == "i-priv")
    );

    // Without the routing data the exposure is not judged: high, at medium confidence.
    let unrouted: Vec<(&str, Value)> = files.iter().filter(|(n, _)| *n != "rtb.json").cloned().collect();
    let r = scan_with(&unrouted);
    let f = of(&r, "vulnerable-host-exposed");
    assert!(f
        .iter()
        .all(|f| f.severity == Severity::High && f.confidence == rampart_checks::Confidence::Medium));
    // Without Inspector's findings: not evaluated, never clean.
    let none: Vec<(&str, Value)> = files
        .iter()
        .filter(|(n, _)| *n != "inspector-findings.json")
        .cloned()
        .collect();
    let r = scan_with(&none);
    assert!(of(&r, "vulnerable-host-exposed").is_empty());
    assert!(r.not_evaluated.iter().any(|n| n.check_id == "vulnerable-host-exposed"));
}

/// Empty answers, in the AWS CLI's shapes, for every other call whose resources can name a
/// security group (unused-security-group judges a group only when all were read).
fn nothing_else_names_groups() -> Value {
    json!({
        "LoadBalancerDescriptions": [], "Functions": [], "services": [], "VpcEndpoints": [],
        "DBInstances": [], "DBClusters": [], "CacheClusters": [], "Clusters": [], "DomainNames": [],
        "LaunchTemplateVersions": [], "LaunchConfigurations": [],
    })
}

/// One answer per call that names groups, in the shapes of the AWS CLI reference examples
/// (trimmed to what matters), each naming one group no interface carries.
fn group_users() -> Vec<(&'static str, Value)> {
    vec![
        ("lbs.json", json!({"LoadBalancers": []})),
        ("classic.json", json!({"LoadBalancerDescriptions": []})),
        ("lambda.json", json!({"Functions": []})),
        ("ecs.json", json!({"services": []})),
        ("vpce.json", json!({"VpcEndpoints": []})),
        (
            "rds-db-instances.json",
            json!({"DBInstances": [{
            "DBInstanceIdentifier": "test-rds", "DBInstanceClass": "db.t2.micro", "Engine": "mysql",
            "DBInstanceStatus": "stopped", "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db", "Status": "active"}],
            "DBSubnetGroup": {"DBSubnetGroupName": "default", "VpcId": "vpc-1"}}]}),
        ),
        (
            "rds-db-clusters.json",
            json!({"DBClusters": [{
            "DBClusterIdentifier": "aurora-1", "Engine": "aurora-mysql", "Status": "available",
            "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-aurora", "Status": "active"}]}]}),
        ),
        (
            "elasticache-cache-clusters.json",
            json!({"CacheClusters": [{
            "CacheClusterId": "my-cluster-003", "CacheNodeType": "cache.r5.large", "Engine": "redis",
            "CacheClusterStatus": "available", "CacheSecurityGroups": [],
            "SecurityGroups": [{"SecurityGroupId": "sg-cache", "Status": "active"}], "ReplicationGroupId": "my-cluster"}]}),
        ),
        (
            "redshift-clusters.json",
            json!({"Clusters": [{
            "ClusterIdentifier": "mycluster", "NodeType": "dc2.large", "ClusterStatus": "available",
            "ClusterSecurityGroups": [], "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-redshift", "Status": "active"}]}]}),
        ),
        (
            "opensearch-domain-names.json",
            json!({"DomainNames": [{"DomainName": "es-domain", "EngineType": "OpenSearch"}]}),
        ),
        (
            "opensearch-domains-1.json",
            json!({"DomainStatusList": [{
            "DomainId": "111122223333/es-domain", "DomainName": "es-domain",
            "ARN": "arn:aws:es:us-east-1:111122223333:domain/es-domain", "Created": true, "Deleted": false,
            "VPCOptions": {"VPCId": "vpc-1", "SubnetIds": ["subnet-1"], "AvailabilityZones": ["us-east-1a"], "SecurityGroupIds": ["sg-search"]}}]}),
        ),
        // As the export script projects it (`--query`): absent fields are null.
        (
            "launch-template-versions.json",
            json!({"LaunchTemplateVersions": [
            {"LaunchTemplateId": "lt-068f72b72934aff71", "LaunchTemplateName": "Webservers", "VersionNumber": 2, "DefaultVersion": false,
             "LaunchTemplateData": {"SecurityGroupIds": null, "SecurityGroups": null, "NetworkInterfaces": [{"Groups": ["sg-lt-eni"]}]}},
            {"LaunchTemplateId": "lt-0aa", "LaunchTemplateName": "workers", "VersionNumber": 1, "DefaultVersion": true,
             "LaunchTemplateData": {"SecurityGroupIds": ["sg-lt"], "SecurityGroups": null, "NetworkInterfaces": null}}]}),
        ),
        (
            "launch-configurations.json",
            json!({"LaunchConfigurations": [
            {"LaunchConfigurationName": "my-launch-config", "SecurityGroups": ["sg-lc"]},
            {"LaunchConfigurationName": "classic-config", "SecurityGroups": ["legacy"]}]}),
        ),
    ]
}

#[test]
fn unused_only_when_nothing_uses_it() {
    let users = [
        "sg-db",
        "sg-aurora",
        "sg-cache",
        "sg-redshift",
        "sg-search",
        "sg-lt",
        "sg-lt-eni",
        "sg-lc",
        "sg-legacy",
    ];
    let groups = |extra: &[&str]| {
        let mut all: Vec<Value> = users
            .iter()
            .chain(extra)
            .map(|id| sg(id, id.trim_start_matches("sg-"), vec![], vec![]))
            .collect();
        all.push(sg("sg-on-eni", "web", vec![], vec![]));
        json!({"SecurityGroups": all})
    };
    let enis = json!({"NetworkInterfaces": [eni("eni-1", &["sg-on-eni"], None)]});
    let mut files = vec![("sgs.json", groups(&["sg-lonely"])), ("enis.json", enis.clone())];
    files.extend(group_users());
    let r = scan_with(&files);
    let unused: Vec<_> = of(&r, "unused-security-group")
        .iter()
        .map(|f| f.resource_id.clone())
        .collect();
    assert_eq!(
        unused,
        ["sg-lonely"],
        "a group a database, cache, search domain, template or configuration names is in use"
    );
    assert!(
        !r.not_evaluated.iter().any(|n| n.check_id == "unused-security-group"),
        "{:?}",
        r.not_evaluated
    );

    // Without the RDS instances answer, a group nothing read uses could be the stopped
    // database's: not evaluated, never "unused"; the groups something read names stay used.
    let files: Vec<_> = files
        .into_iter()
        .filter(|(f, _)| *f != "rds-db-instances.json")
        .collect();
    let r = scan_with(&files);
    assert!(of(&r, "unused-security-group").is_empty());
    let mut ne: Vec<_> = r
        .not_evaluated
        .iter()
        .filter(|n| n.check_id == "unused-security-group")
        .map(|n| (n.resource_id.clone().unwrap(), n.reason.clone()))
        .collect();
    ne.sort();
    assert_eq!(
        ne.iter().map(|(g, _)| g.as_str()).collect::<Vec<_>>(),
        ["sg-db", "sg-lonely"]
    );
    assert!(ne[0].1.contains("`rds describe-db-instances`"), "{}", ne[0].1);
}

#[test]
fn unused_group_not_evaluated_when_a_listed_search_domain_was_not_described() {
    let mut files = vec![
        (
            "sgs.json",
            json!({"SecurityGroups": [sg("sg-search", "search", vec![], vec![])]}),
        ),
        ("enis.json", json!({"NetworkInterfaces": []})),
    ];
    files.extend(
        group_users()
            .into_iter()
            .filter(|(f, _)| *f != "opensearch-domains-1.json"),
    );
    let r = scan_with(&files);
    assert!(of(&r, "unused-security-group").is_empty());
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "unused-security-group")
        .unwrap();
    assert!(ne.reason.contains("opensearch describe-domains"), "{}", ne.reason);
}

#[test]
fn batfish_database_and_search_groups_are_never_called_unused() {
    // A real export (Batfish's example-aws): an RDS instance and an Elasticsearch domain use
    // groups no interface in it carries; the export has no answer for the other callers.
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/batfish-example-aws");
    let (inv, _) = rampart_inventory::import_dir(&dir).unwrap();
    let r = rampart_checks::run(&inv);
    let unused: Vec<_> = of(&r, "unused-security-group")
        .iter()
        .map(|f| f.resource_id.clone())
        .collect();
    assert!(unused.is_empty(), "{unused:?}");
    for group in ["sg-55510831", "sg-3dfb3140"] {
        assert!(
            !r.not_evaluated
                .iter()
                .any(|n| n.check_id == "unused-security-group" && n.resource_id.as_deref() == Some(group)),
            "{group} is used by what was read: neither unused nor not evaluated"
        );
    }
}

#[test]
fn unused_group_not_evaluated_when_a_response_rampart_does_not_read_names_it() {
    let mut files = vec![
        (
            "sgs.json",
            json!({"SecurityGroups": [sg("sg-0aaaaaaaaaaaaaaa1", "eks", vec![], vec![]), sg("sg-0aaaaaaaaaaaaaaa2", "old", vec![], vec![])]}),
        ),
        ("enis.json", json!({"NetworkInterfaces": []})),
        // `eks describe-cluster`, which rampart does not read.
        (
            "eks-cluster.json",
            json!({"cluster": {"name": "prod", "resourcesVpcConfig": {"securityGroupIds": ["sg-0aaaaaaaaaaaaaaa1"]}}}),
        ),
    ];
    files.extend(group_users());
    let r = scan_with(&files);
    let unused: Vec<_> = of(&r, "unused-security-group")
        .iter()
        .map(|f| f.resource_id.clone())
        .collect();
    assert_eq!(unused, ["sg-0aaaaaaaaaaaaaaa2"]);
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "unused-security-group")
        .unwrap();
    assert_eq!(ne.resource_id.as_deref(), Some("sg-0aaaaaaaaaaaaaaa1"));
    assert!(ne.reason.contains("eks-cluster.json"), "{}", ne.reason);
}
