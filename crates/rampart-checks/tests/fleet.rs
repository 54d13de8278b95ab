//! Systems Manager coverage, patch compliance and Auto Scaling, against answers in the AWS
//! CLI's shapes (`describe-instance-patch-states` from the AWS CLI documentation).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use rampart_checks::Severity;
use serde_json::{json, Value};

/// The documentation's instance, with a patch state of 1 missing, 2 failed, 2 critical.
const DOC_INSTANCE: &str = "i-1234567890abcdef0";

fn instances(ids: &[(&str, &str)]) -> Value {
    json!({"Reservations": [{"Instances": ids.iter().map(|(id, state)| json!({"InstanceId": id, "State": {"Name": state},
        "SubnetId": "subnet-1", "VpcId": "vpc-1", "LaunchTime": "2026-01-01T00:00:00+00:00",
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"}})).collect::<Vec<_>>()}]})
}

fn ssm(pairs: &[(&str, &str)]) -> Value {
    json!({"InstanceInformationList": pairs.iter().map(|(id, ping)| json!({"InstanceId": id, "PingStatus": ping,
        "AgentVersion": "3.3.0.0", "PlatformType": "Linux", "ResourceType": "EC2Instance"})).collect::<Vec<_>>()})
}

fn doc_patch_states() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/awscli-examples/ssm/describe-instance-patch-states.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn ssm_coverage_of_running_instances() {
    let r = scan_with(&[
        (
            "instances.json",
            instances(&[
                ("i-online", "running"),
                ("i-lost", "running"),
                ("i-absent", "running"),
                ("i-stopped", "stopped"),
            ]),
        ),
        ("ssm.json", ssm(&[("i-online", "Online"), ("i-lost", "ConnectionLost")])),
    ]);
    let f = of(&r, "instance-not-managed-by-ssm");
    let mut ids: Vec<&str> = f.iter().map(|f| f.resource_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["i-absent", "i-lost"]);
    let lost = f.iter().find(|f| f.resource_id == "i-lost").unwrap();
    assert!(lost.evidence[0].contains("ConnectionLost"));
}

#[test]
fn patch_states_from_the_cli_documentation() {
    let r = scan_with(&[
        (
            "instances.json",
            instances(&[(DOC_INSTANCE, "running"), ("i-never-scanned", "running")]),
        ),
        (
            "ssm.json",
            ssm(&[(DOC_INSTANCE, "Online"), ("i-never-scanned", "Online")]),
        ),
        ("patches.json", doc_patch_states()),
    ]);
    let f = of(&r, "instance-patches-missing");
    let doc = f.iter().find(|f| f.resource_id == DOC_INSTANCE).unwrap();
    assert_eq!(doc.severity, Severity::High, "critical patches are missing");
    assert_eq!(
        doc.evidence[0],
        "1 missing (2 critical, 2 security), 2 failed, 0 installed pending reboot"
    );
    assert!(doc.remediation[0].contains("AWS-RunPatchBaseline") && doc.remediation[0].contains("Operation=Install"));
    let never = f.iter().find(|f| f.resource_id == "i-never-scanned").unwrap();
    assert_eq!(never.severity, Severity::Medium);
    assert!(never.remediation[0].contains("Operation=Scan"));

    // Without the patch states nothing is judged.
    let r = scan_with(&[
        ("instances.json", instances(&[(DOC_INSTANCE, "running")])),
        ("ssm.json", ssm(&[(DOC_INSTANCE, "Online")])),
    ]);
    assert!(of(&r, "instance-patches-missing").is_empty());
    assert!(r.not_evaluated.iter().any(|n| n.check_id == "instance-patches-missing"));
}

#[test]
fn instances_outside_auto_scaling() {
    let r = scan_with(&[
        (
            "instances.json",
            instances(&[("i-scaled", "running"), ("i-pet", "running"), ("i-stopped", "stopped")]),
        ),
        (
            "asg.json",
            json!({"AutoScalingGroups": [{"AutoScalingGroupName": "web", "MinSize": 1, "MaxSize": 2, "DesiredCapacity": 1,
                "Instances": [{"InstanceId": "i-scaled", "LifecycleState": "InService", "HealthStatus": "Healthy"}]}]}),
        ),
    ]);
    let ids: Vec<&str> = of(&r, "instance-outside-auto-scaling")
        .iter()
        .map(|f| f.resource_id.as_str())
        .collect();
    assert_eq!(ids, ["i-pet"]);

    // Groups not read: not judged.
    let r = scan_with(&[("instances.json", instances(&[("i-pet", "running")]))]);
    assert!(of(&r, "instance-outside-auto-scaling").is_empty());
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "instance-outside-auto-scaling"));
}

#[test]
fn lambda_functions_on_deprecated_runtimes() {
    let function = |name: &str, runtime: Option<&str>| {
        let mut f = json!({"FunctionName": name, "FunctionArn": format!("arn:aws:lambda:us-east-1:111122223333:function:{name}"),
            "Role": "arn:aws:iam::111122223333:role/fn", "LastModified": "2024-02-01T10:00:00.000+0000", "PackageType": "Zip"});
        match runtime {
            Some(r) => f["Runtime"] = json!(r),
            None => f["PackageType"] = json!("Image"),
        }
        f
    };
    let r = scan_with(&[(
        "lambda.json",
        json!({"Functions": [function("old", Some("python3.8")), function("node18", Some("nodejs18.x")),
            function("current", Some("python3.13")), function("image", None)]}),
    )]);
    let mut f: Vec<(&str, &str)> = of(&r, "lambda-runtime-deprecated")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.remediation[0].rsplit(' ').next().unwrap()))
        .collect();
    f.sort_unstable();
    assert_eq!(f, [("node18", "nodejs22.x"), ("old", "python3.13")]);
}

#[test]
fn auto_scaling_groups_without_a_maximum_lifetime() {
    let group = |name: &str, lifetime: Option<i64>| {
        let mut g = json!({"AutoScalingGroupName": name, "MinSize": 1, "MaxSize": 2, "DesiredCapacity": 1,
            "AutoScalingGroupARN": format!("arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:uuid:autoScalingGroupName/{name}"),
            "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService", "HealthStatus": "Healthy"}]});
        if let Some(l) = lifetime {
            g["MaxInstanceLifetime"] = json!(l);
        }
        g
    };
    let r = scan_with(&[(
        "asg.json",
        json!({"AutoScalingGroups": [group("forever", None), group("zero", Some(0)), group("monthly", Some(2_592_000))]}),
    )]);
    let found = of(&r, "auto-scaling-group-without-max-lifetime");
    let ids: Vec<&str> = found.iter().map(|f| f.resource_id.as_str()).collect();
    assert_eq!(ids, ["forever", "zero"]);
    assert!(found.iter().all(|f| f.severity == Severity::Info));
    assert!(found[0].remediation[0].ends_with("--max-instance-lifetime 2592000"));
    assert!(
        found.iter().all(|f| f.confidence == rampart_checks::Confidence::Medium),
        "refreshes not read"
    );
    // A successful refresh in the past six weeks replaces hosts as well as a lifetime does;
    // a failed one does not.
    let refreshes = |name: &str, status: &str| {
        json!({"AutoScalingGroupName": name, "InstanceRefreshes": [{"InstanceRefreshId": "r-1", "AutoScalingGroupName": name,
            "Status": status, "StartTime": "2026-11-20T10:00:00Z", "EndTime": "2026-11-20T10:40:00Z"}]})
    };
    let r = scan_with(&[
        (
            "asg.json",
            json!({"AutoScalingGroups": [group("forever", None), group("zero", Some(0))]}),
        ),
        ("refresh-forever.json", refreshes("forever", "Successful")),
        ("refresh-zero.json", refreshes("zero", "Failed")),
    ]);
    let found = of(&r, "auto-scaling-group-without-max-lifetime");
    assert_eq!(
        found.iter().map(|f| f.resource_id.as_str()).collect::<Vec<_>>(),
        ["zero"]
    );
    assert_eq!(found[0].confidence, rampart_checks::Confidence::High);
    assert!(found[0]
        .evidence
        .iter()
        .any(|e| e == "no successful instance refresh in the past six weeks"));
    // The groups not read: not judged.
    let r = scan_with(&[("instances.json", instances(&[("i-1", "running")]))]);
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "auto-scaling-group-without-max-lifetime"));
}

#[test]
fn workload_footprint_counts_what_was_read_and_names_what_was_not() {
    let r = scan_with(&[
        (
            "instances.json",
            instances(&[("i-1", "running"), ("i-2", "running"), ("i-3", "stopped")]),
        ),
        (
            "lambda.json",
            json!({"Functions": [{"FunctionName": "f", "FunctionArn": "arn:aws:lambda:us-east-1:111122223333:function:f", "Runtime": "python3.12"}]}),
        ),
    ]);
    let found = of(&r, "workload-footprint");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "us-east-1: 2 instance(s), 0 ECS service(s), 1 function(s)"
    );
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0].evidence.iter().any(|e| e == "ECS services: not read"),
        "{:?}",
        found[0].evidence
    );
    assert!(found[0].evidence.iter().any(|e| e == "1 Lambda function(s)"));
    // Nothing runs: nothing to say.
    let r = scan_with(&[("instances.json", instances(&[("i-3", "stopped")]))]);
    assert!(of(&r, "workload-footprint").is_empty());
}

fn eni(id: &str, instance: &str, group: &str, ip: &str) -> Value {
    json!({"NetworkInterfaceId": id, "SubnetId": "subnet-1", "VpcId": "vpc-1", "InterfaceType": "interface", "Status": "in-use",
        "PrivateIpAddress": ip, "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": true}], "Ipv6Addresses": [],
        "Groups": [{"GroupId": group, "GroupName": group}], "Attachment": {"InstanceId": instance, "Status": "attached"}, "TagSet": []})
}

fn group(id: &str, ports: &[u16]) -> Value {
    json!({"GroupId": id, "GroupName": id, "VpcId": "vpc-1", "OwnerId": "111122223333", "Description": id,
        "IpPermissions": ports.iter().map(|p| json!({"IpProtocol": "tcp", "FromPort": p, "ToPort": p,
            "IpRanges": [{"CidrIp": "10.0.0.0/8"}], "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []})).collect::<Vec<_>>(),
        "IpPermissionsEgress": []})
}

#[test]
fn directory_servers_are_managed_and_patched_first() {
    let mut patches = doc_patch_states();
    let mut clean = patches["InstancePatchStates"][0].clone();
    for (k, v) in [
        ("InstanceId", json!("i-dc-patched")),
        ("MissingCount", json!(0)),
        ("FailedCount", json!(0)),
        ("CriticalNonCompliantCount", json!(0)),
        ("SecurityNonCompliantCount", json!(0)),
        ("OtherNonCompliantCount", json!(0)),
    ] {
        clean[k] = v;
    }
    patches["InstancePatchStates"].as_array_mut().unwrap().push(clean);
    let r = scan_with(&[
        (
            "instances.json",
            instances(&[
                ("i-dc-unmanaged", "running"),
                (DOC_INSTANCE, "running"),
                ("i-dc-patched", "running"),
                ("i-web", "running"),
            ]),
        ),
        ("ssm.json", ssm(&[(DOC_INSTANCE, "Online"), ("i-dc-patched", "Online")])),
        ("patches.json", patches),
        (
            "groups.json",
            json!({"SecurityGroups": [group("sg-dc", &[88, 389, 636]), group("sg-web", &[443])]}),
        ),
        (
            "enis.json",
            json!({"NetworkInterfaces": [
                eni("eni-1", "i-dc-unmanaged", "sg-dc", "10.0.1.10"),
                eni("eni-2", DOC_INSTANCE, "sg-dc", "10.0.1.11"),
                eni("eni-3", "i-dc-patched", "sg-dc", "10.0.1.12"),
                eni("eni-4", "i-web", "sg-web", "10.0.2.10"),
            ]}),
        ),
    ]);
    let mut got: Vec<(&str, &str)> = of(&r, "directory-server-not-maintained")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.message.as_str()))
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            (DOC_INSTANCE, "directory server i-1234567890abcdef0 is not patched"),
            (
                "i-dc-unmanaged",
                "directory server i-dc-unmanaged is not managed by Systems Manager"
            ),
        ],
        "the patched one passes; the web server is not a directory server"
    );
    // The general checks still name the web server.
    assert!(of(&r, "instance-not-managed-by-ssm")
        .iter()
        .any(|f| f.resource_id == "i-web"));
}

#[test]
fn instances_the_cloudwatch_agent_does_not_report_from() {
    let metric = |instance: Option<&str>| {
        let mut dims = vec![json!({"Name": "ImageId", "Value": "ami-1"})];
        if let Some(i) = instance {
            dims.push(json!({"Name": "InstanceId", "Value": i}));
        }
        json!({"Namespace": "CWAgent", "MetricName": "mem_used_percent", "Dimensions": dims})
    };
    let hosts = instances(&[("i-agent", "running"), ("i-silent", "running"), ("i-off", "stopped")]);
    let r = scan_with(&[
        ("instances.json", hosts.clone()),
        (
            "cw.json",
            json!({"Metrics": [metric(Some("i-agent")), metric(Some("i-agent"))]}),
        ),
    ]);
    let ids: Vec<&str> = of(&r, "instance-without-cloudwatch-agent")
        .iter()
        .map(|f| f.resource_id.as_str())
        .collect();
    assert_eq!(ids, ["i-silent"], "stopped instances send nothing and are not judged");
    // Agent metrics without the InstanceId dimension cannot be attributed: not evaluated.
    let r = scan_with(&[
        ("instances.json", hosts.clone()),
        ("cw.json", json!({"Metrics": [metric(None)]})),
    ]);
    assert!(of(&r, "instance-without-cloudwatch-agent").is_empty());
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "instance-without-cloudwatch-agent"));
    // No agent anywhere: every running instance.
    let r = scan_with(&[("instances.json", hosts), ("cw.json", json!({"Metrics": []}))]);
    assert_eq!(of(&r, "instance-without-cloudwatch-agent").len(), 2);
}
