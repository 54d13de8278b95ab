//! The public CloudTrail samples (tests/fixtures/cloudtrail-samples, see SOURCE.md) normalise to
//! the changes their documentation describes, and hand-made sequences rebuild a rule's history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rampart_logs::trail::change::{normalise, Change, Direction};
use rampart_logs::trail::detect::{wanted, Gathered};
use rampart_logs::trail::read::{read_stream, TrailStats};
use rampart_logs::trail::timeline::ChangeEvent;

fn samples() -> Vec<rampart_logs::trail::Event> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cloudtrail-samples/events.jsonl");
    let mut events = Vec::new();
    let mut stats = TrailStats::default();
    read_stream(
        "events.jsonl",
        std::fs::File::open(path).unwrap(),
        &|_| true,
        &mut stats,
        &mut |e| events.push(e),
    );
    assert_eq!((stats.records, stats.bad_records), (12, 0), "{stats:?}");
    events
}

#[test]
fn every_sample_normalises_to_its_documented_change() {
    let events = samples();
    let changes: Vec<Change> = events.iter().map(|e| normalise(e).unwrap()).collect();
    // 1-2: StreamAlert's pair: all traffic from 0.0.0.0/0 and ::/0 (opens), from 10.0.0.0/8 (does not).
    let Change::RulesAdded { direction, rules, .. } = &changes[0] else {
        panic!("{:?}", changes[0])
    };
    assert_eq!(*direction, Direction::Ingress);
    assert_eq!(
        rules.iter().map(|r| r.peer.as_str()).collect::<Vec<_>>(),
        ["0.0.0.0/0", "::/0"]
    );
    assert_eq!(rules[0].protocol, "-1");
    assert!(changes[0].opens_to_internet());
    assert!(!changes[1].opens_to_internet());
    // 3-4: a NACL entry allowing 0.0.0.0/0 in opens; the same entry as deny does not.
    assert!(matches!(
        &changes[2],
        Change::NetworkAclEntry {
            operation: "created",
            rule_number: Some(100),
            egress: Some(false),
            internet: true,
            ..
        }
    ));
    assert!(changes[2].opens_to_internet());
    assert!(!changes[3].opens_to_internet());
    // 5, 10: DeleteFlowLogs in the PascalCase request shape with {"content": …} values.
    for (i, id) in [(4, "fl-0e17aa62a21d4bbfe"), (9, "fl-07a9b55570fe770b6")] {
        assert_eq!(
            changes[i],
            Change::Detection {
                service: "vpc flow logs",
                operation: "deleted",
                resources: vec![id.into()],
                blinds: true
            }
        );
    }
    // 6: the response's rule set names the rule id AWS assigned.
    let Change::RulesAdded { group_id, rules, .. } = &changes[5] else {
        panic!()
    };
    assert_eq!(group_id.as_deref(), Some("sg-0f63fecfa17ef4fee"));
    assert_eq!(rules.len(), 1);
    assert_eq!(
        rules[0].rule,
        format!("tcp 22 from 203.0.113.0/24 ({})", rules[0].rule_id.as_deref().unwrap())
    );
    assert!(
        !rules[0].internet,
        "203.0.113.0/24 is documentation space, not the internet"
    );
    // 7: an egress rule to one address, by an assumed role.
    let Change::RulesAdded { direction, rules, .. } = &changes[6] else {
        panic!()
    };
    assert_eq!(*direction, Direction::Egress);
    assert_eq!(rules[0].rule, "tcp 4444 to 73.21.4.36/32 (sgr-02bdc373eac599585)");
    let who = ChangeEvent::of(&events[6]).unwrap();
    assert_eq!(who.principal.kind.as_deref(), Some("AssumedRole"));
    assert!(who.principal.session_issuer.is_some());
    assert_eq!(who.tool, "aws-cli");
    // 8-9: NACL entry and NACL deleted.
    assert!(matches!(
        &changes[7],
        Change::NetworkAclEntry {
            operation: "deleted",
            rule_number: Some(100),
            ..
        }
    ));
    assert_eq!(
        changes[8],
        Change::NetworkAcl {
            network_acl_id: Some("acl-0af9cb843511d66d4".into()),
            operation: "deleted",
            subnet_association: None
        }
    );
    // 11: RunInstances names the instance it launched.
    let Change::InstancesLaunched { instance_ids, .. } = &changes[10] else {
        panic!()
    };
    assert_eq!(instance_ids.len(), 1);
    // 12: CreateSecurityGroup from the console.
    assert_eq!(
        changes[11],
        Change::GroupCreated {
            group_id: Some("sg-01234567890123456".into()),
            group_name: Some("no-access".into()),
            vpc_id: Some("vpc-0123456789012345".into())
        }
    );
    assert_eq!(ChangeEvent::of(&events[11]).unwrap().tool, "console");
}

fn record(
    id: &str,
    time: &str,
    name: &str,
    who: &str,
    agent: &str,
    req: serde_json::Value,
    resp: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({
        "eventVersion": "1.09", "eventID": id, "eventTime": time, "eventSource": "ec2.amazonaws.com", "eventName": name,
        "awsRegion": "eu-west-1", "sourceIPAddress": "198.51.100.7", "userAgent": agent,
        "userIdentity": {"type": "IAMUser", "arn": who, "accountId": "123456789012"},
        "requestParameters": req, "responseElements": resp, "recipientAccountId": "123456789012"
    })
}

#[test]
fn a_rules_history_is_rebuilt_in_order_without_duplicates() {
    let alice = "arn:aws:iam::123456789012:user/alice";
    let sg = "sg-0123456789abcdef0";
    let authorize = record(
        "e2",
        "2026-11-30T10:00:00Z",
        "AuthorizeSecurityGroupIngress",
        alice,
        "console.ec2.amazonaws.com",
        serde_json::json!({"groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}}),
        serde_json::json!({"_return": true, "securityGroupRuleSet": {"items": [{"groupId": sg, "securityGroupRuleId": "sgr-1", "isEgress": false, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "0.0.0.0/0"}]}}),
    );
    let modify = record(
        "e3",
        "2026-11-30T11:00:00Z",
        "ModifySecurityGroupRules",
        alice,
        "aws-cli/2.17.60 md/awscrt#0.21.2",
        serde_json::json!({"ModifySecurityGroupRulesRequest": {"GroupId": sg, "SecurityGroupRule": {"SecurityGroupRuleId": "sgr-1", "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv4": "10.0.0.0/8"}, "tag": 1}}}),
        serde_json::json!({"ModifySecurityGroupRulesResponse": {"return": true}}),
    );
    let mut denied = record(
        "e4",
        "2026-11-30T12:00:00Z",
        "RevokeSecurityGroupIngress",
        "arn:aws:iam::123456789012:user/mallory",
        "Boto3/1.35.0",
        serde_json::json!({"groupId": sg, "securityGroupRuleIds": {"items": [{"securityGroupRuleId": "sgr-1"}]}}),
        serde_json::Value::Null,
    );
    denied["errorCode"] = "Client.UnauthorizedOperation".into();
    let create = record(
        "e1",
        "2026-11-30T09:00:00Z",
        "CreateSecurityGroup",
        alice,
        "APN/1.0 HashiCorp/1.0 Terraform/1.9.0",
        serde_json::json!({"groupName": "web", "groupDescription": "web", "vpcId": "vpc-1"}),
        serde_json::json!({"groupId": sg}),
    );
    // Two delivered files, out of order, one record in both.
    let file1 = serde_json::json!({"Records": [modify, authorize]}).to_string();
    let file2 = serde_json::json!({"Records": [denied, create, authorize]}).to_string();
    let mut gathered = Gathered::default();
    let mut stats = TrailStats::default();
    for f in [file1, file2] {
        read_stream("f", f.as_bytes(), &wanted, &mut stats, &mut |e| gathered.add(e));
    }
    let g = gathered.finish();
    assert_eq!(g.changes.duplicates, 1);
    let history: Vec<(&str, &str, Option<&str>)> = g
        .changes
        .about(sg)
        .map(|e| (e.event_name.as_str(), e.tool, e.error_code.as_deref()))
        .collect();
    assert_eq!(
        history,
        [
            ("CreateSecurityGroup", "terraform", None),
            ("AuthorizeSecurityGroupIngress", "console", None),
            ("ModifySecurityGroupRules", "aws-cli", None),
            (
                "RevokeSecurityGroupIngress",
                "sdk",
                Some("Client.UnauthorizedOperation")
            ),
        ]
    );
    let Change::RulesModified { rules, .. } = &g.changes.events[2].change else {
        panic!()
    };
    assert_eq!(rules[0].rule, "tcp 22 from 10.0.0.0/8 (sgr-1)");
    let Change::RulesRemoved { rule_ids, .. } = &g.changes.events[3].change else {
        panic!()
    };
    assert_eq!(rule_ids, &["sgr-1"]);
    // The current rule (as the inventory holds it) was last set by the modify.
    let current = rampart_inventory::SgRule {
        rule_id: Some("sgr-1".into()),
        protocol: rampart_inventory::Protocol::Tcp,
        ports: rampart_inventory::Ports::Range { from: 22, to: 22 },
        peer: rampart_inventory::Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
        description: None,
    };
    let last = rampart_logs::trail::timeline::provenance(&g.changes, sg, &current).unwrap();
    assert_eq!(last.event_id.as_deref(), Some("e3"));
    assert_eq!(g.denied.len(), 1);
}
