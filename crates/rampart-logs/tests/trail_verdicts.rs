//! CloudTrail verdicts at their edges: failed sign-ins are attempts (never root activity), one
//! public address is not the internet, and a stack's privilege change is still reported.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_logs::trail::detect::{detect, wanted, Detection, Gathered, Policy};
use rampart_logs::trail::read::{read_stream, TrailStats};

fn detections(lines: &[String], deployer: &str) -> Vec<Detection> {
    let text = lines.join("\n");
    let mut g = Gathered::default();
    let mut stats = TrailStats::default();
    read_stream("t.jsonl", text.as_bytes(), &wanted, &mut stats, &mut |e| g.add(e));
    assert_eq!(stats.bad_records, 0, "{stats:?}");
    let is_deployer = |arn: &str| arn == deployer;
    detect(
        &g.finish(),
        &Policy {
            is_deployer: &is_deployer,
            trusted_source: None,
            burst: 10,
            burst_seconds: 600,
        },
    )
}

/// A console sign-in as root, in the shape of the CloudTrail user guide's example.
fn root_sign_in(i: usize, outcome: &str, minute: usize) -> String {
    let error = if outcome == "Failure" {
        r#","errorMessage":"Failed authentication""#
    } else {
        ""
    };
    format!(
        r#"{{"eventVersion":"1.08","userIdentity":{{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"}},"eventTime":"2026-11-30T10:{minute:02}:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":{{"ConsoleLogin":"{outcome}"}},"additionalEventData":{{"MFAUsed":"No"}},"eventID":"login-{i}","eventType":"AwsConsoleSignIn","recipientAccountId":"123456789012"{error}}}"#
    )
}

#[test]
fn a_failed_root_sign_in_is_an_attempt_not_root_activity() {
    let found = detections(&[root_sign_in(1, "Failure", 0)], "");
    assert!(found.iter().all(|d| d.kind != "root-activity"), "{found:?}");
    let attempt = found.iter().find(|d| d.kind == "sign-in-failures").unwrap();
    assert_eq!(attempt.severity, "medium");
    assert!(
        attempt
            .message
            .contains("1 failed console sign-in attempt(s) as arn:aws:iam::123456789012:root"),
        "{}",
        attempt.message
    );
    assert!(!attempt.message.contains("made"), "{}", attempt.message);
    // A successful root sign-in is root activity.
    let found = detections(&[root_sign_in(2, "Success", 0)], "");
    assert!(found.iter().any(|d| d.kind == "root-activity"), "{found:?}");
}

#[test]
fn repeated_failed_sign_ins_are_a_brute_force_burst() {
    let lines: Vec<String> = (0..6).map(|i| root_sign_in(i, "Failure", i)).collect();
    let found = detections(&lines, "");
    assert!(found.iter().all(|d| d.kind != "root-activity"), "{found:?}");
    let bursts: Vec<&Detection> = found.iter().filter(|d| d.kind == "sign-in-failures").collect();
    assert_eq!(bursts.len(), 1, "{bursts:?}");
    assert_eq!(bursts[0].severity, "high");
    assert!(
        bursts[0]
            .message
            .starts_with("brute-force burst: 6 failed console sign-ins"),
        "{}",
        bursts[0].message
    );
    assert_eq!(bursts[0].event_ids.len(), 6);
    // Four failures spread over an hour are attempts, not a burst.
    let lines: Vec<String> = (0..4).map(|i| root_sign_in(i, "Failure", i * 15)).collect();
    let found = detections(&lines, "");
    let d: Vec<&Detection> = found.iter().filter(|d| d.kind == "sign-in-failures").collect();
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message.starts_with("4 failed console sign-in attempt(s)"),
        "{}",
        d[0].message
    );
}

fn ingress(cidr: &str, id: &str) -> String {
    format!(
        r#"{{"eventTime":"2026-11-30T11:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2.15.0","eventID":"{id}","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/bob"}},"requestParameters":{{"groupId":"sg-1","ipPermissions":{{"items":[{{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":{{"items":[{{"cidrIp":"{cidr}"}}]}}}}]}}}}}}"#
    )
}

#[test]
fn one_public_address_is_not_the_internet() {
    for (cidr, severity, words) in [
        ("0.0.0.0/0", "high", "opened to the internet (0.0.0.0/0)"),
        ("0.0.0.0/1", "high", "opened to the internet (0.0.0.0/1)"),
        ("52.94.10.1/32", "low", "opened to one outside address, 52.94.10.1/32"),
        (
            "52.0.0.0/8",
            "medium",
            "opened to a public range, 52.0.0.0/8 (0.5% of the public IPv4 addresses)",
        ),
    ] {
        let found = detections(&[ingress(cidr, cidr)], "");
        let d = found.iter().find(|d| d.kind == "opened-to-internet").unwrap();
        assert_eq!(d.severity, severity, "{cidr}: {}", d.message);
        assert!(d.message.starts_with(words), "{cidr}: {}", d.message);
    }
    // A NACL entry allowing one public address in.
    let nacl = r#"{"eventTime":"2026-11-30T11:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateNetworkAclEntry","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.1","eventID":"n-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/bob"},"requestParameters":{"networkAclId":"acl-1","ruleNumber":100,"egress":false,"ruleAction":"allow","aclProtocol":"6","portRange":{"from":22,"to":22},"cidrBlock":"52.94.10.1/32"}}"#;
    let found = detections(&[nacl.to_owned()], "");
    let d = found.iter().find(|d| d.kind == "opened-to-internet").unwrap();
    assert_eq!(d.severity, "low", "{}", d.message);
    assert!(
        d.message.contains("one outside address, 52.94.10.1/32"),
        "{}",
        d.message
    );
    // IPv6: one address, and ::/0.
    let v6 = ingress("x", "v6").replace(
        r#""ipRanges":{"items":[{"cidrIp":"x"}]}"#,
        r#""ipv6Ranges":{"items":[{"cidrIpv6":"2600:1f18::1/128"}]}"#,
    );
    let found = detections(std::slice::from_ref(&v6), "");
    assert_eq!(
        found.iter().find(|d| d.kind == "opened-to-internet").unwrap().severity,
        "low"
    );
    let found = detections(&[v6.replace("2600:1f18::1/128", "::/0")], "");
    assert_eq!(
        found.iter().find(|d| d.kind == "opened-to-internet").unwrap().severity,
        "high"
    );
}

fn iam(name: &str, params: &str, id: &str, through_stack: bool) -> String {
    let (agent, invoked) = if through_stack {
        (
            "cloudformation.amazonaws.com",
            r#","invokedBy":"cloudformation.amazonaws.com""#,
        )
    } else {
        ("aws-cli/2.15.0", "")
    };
    format!(
        r#"{{"eventTime":"2026-11-30T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"{name}","awsRegion":"us-east-1","sourceIPAddress":"{agent}","userAgent":"{agent}","eventID":"{id}","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/deployer/s","sessionContext":{{"sessionIssuer":{{"type":"Role","arn":"arn:aws:iam::123456789012:role/deployer"}}}}{invoked}}},"requestParameters":{params}}}"#
    )
}

#[test]
fn a_privilege_change_through_a_stack_is_still_reported() {
    let admin = r#"{"userName":"eve","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"#;
    let key = r#"{"userName":"eve"}"#;
    let found = detections(
        &[
            iam("AttachUserPolicy", admin, "p-1", true),
            iam("CreateAccessKey", key, "p-2", true),
        ],
        "",
    );
    let p: Vec<&Detection> = found.iter().filter(|d| d.kind == "privilege-change").collect();
    assert_eq!(p.len(), 2, "{found:?}");
    let admin_d = p.iter().find(|d| d.event_ids == ["p-1"]).unwrap();
    assert_eq!(admin_d.severity, "medium");
    assert!(
        admin_d
            .message
            .contains("administrator privilege change through a CloudFormation stack"),
        "{}",
        admin_d.message
    );
    assert_eq!(p.iter().find(|d| d.event_ids == ["p-2"]).unwrap().severity, "low");
    // Not hidden, and not called outside the deployers either.
    assert!(found.iter().all(|d| d.kind != "change-outside-deployers"), "{found:?}");
    // The same outside the deployers: higher.
    let found = detections(&[iam("AttachUserPolicy", admin, "p-3", false)], "");
    let d = found.iter().find(|d| d.kind == "privilege-change").unwrap();
    assert_eq!(d.severity, "high", "{}", d.message);
    // By an allowed deployer, without a stack: lowered, not hidden.
    let found = detections(
        &[iam("AttachUserPolicy", admin, "p-4", false)],
        "arn:aws:iam::123456789012:role/deployer",
    );
    let d = found.iter().find(|d| d.kind == "privilege-change").unwrap();
    assert_eq!(d.severity, "medium", "{}", d.message);
    assert!(d.message.contains("by an allowed deployer"), "{}", d.message);
}
