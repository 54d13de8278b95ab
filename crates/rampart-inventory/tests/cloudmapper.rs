//! An export in CloudMapper's `collect` layout: list calls as `<region>/<service>-<request>.json`,
//! per-resource calls as `<region>/<service>-<request>/<URL-encoded parameter>` without an
//! extension, global services in the default region's folder (duo-labs/cloudmapper,
//! commands/collect.py and collect_commands.yaml). Answers are boto3's, in the AWS CLI's shapes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_inventory::import_dir;
use serde_json::json;

const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
const LB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";

fn quote_plus(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn a_cloudmapper_collection_is_read_each_resource_named_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("account-data/prod");
    let region = root.join("us-east-1");
    let write = |rel: &str, v: serde_json::Value| {
        let p = region.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    };
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("describe-regions.json"),
        json!({"Regions": [{"RegionName": "us-east-1", "Endpoint": "ec2.us-east-1.amazonaws.com", "OptInStatus": "opt-in-not-required"}]}).to_string(),
    )
    .unwrap();
    write(
        "sts-get-caller-identity.json",
        json!({"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/audit", "UserId": "AIDAEXAMPLE"}),
    );
    write(
        "s3-list-buckets.json",
        json!({"Buckets": [{"Name": "logs.example.com", "CreationDate": "2024-01-02T03:04:05+00:00"}], "Owner": {"ID": "abc"}}),
    );
    write(
        "s3-get-bucket-acl/logs.example.com",
        json!({"Owner": {"ID": "abc"}, "Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}),
    );
    write(
        "guardduty-list-detectors.json",
        json!({"DetectorIds": ["12abc34d567e8fa901bc2d34e56789f0"]}),
    );
    write(
        "guardduty-get-detector/12abc34d567e8fa901bc2d34e56789f0",
        json!({"CreatedAt": "2024-01-02T03:04:05.000Z", "FindingPublishingFrequency": "SIX_HOURS", "ServiceRole": "arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty", "Status": "ENABLED", "UpdatedAt": "2024-01-02T03:04:05.000Z"}),
    );
    write(
        &format!("elbv2-describe-target-groups/{}", quote_plus(LB)),
        json!({"TargetGroups": [{"TargetGroupArn": TG, "TargetGroupName": "web", "Protocol": "HTTP", "Port": 80, "VpcId": "vpc-1", "TargetType": "instance", "LoadBalancerArns": [LB]}]}),
    );
    write(
        &format!("elbv2-describe-target-health/{}", quote_plus(TG)),
        json!({"TargetHealthDescriptions": [{"Target": {"Id": "i-0123456789abcdef0", "Port": 80}, "HealthCheckPort": "80", "TargetHealth": {"State": "healthy"}}]}),
    );
    // A per-resource call rampart does not read is listed as not read, not an error.
    write(
        "ecs-list-tasks/arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Acluster%2Fdefault",
        json!({"taskArns": []}),
    );

    let (inventory, report) = import_dir(&root).unwrap();
    assert_eq!(inventory.account(), "123456789012");
    let bucket = inventory
        .global
        .buckets
        .iter()
        .find(|b| b.name == "logs.example.com")
        .unwrap();
    assert_eq!(
        bucket.acl_public_grants.as_deref(),
        Some(&["AllUsers READ".to_owned()][..])
    );
    let region = &inventory.regions["us-east-1"];
    assert_eq!(region.guardduty_detectors[0].status.as_deref(), Some("ENABLED"));
    let tg = region.target_groups.iter().find(|t| t.arn == TG).unwrap();
    assert!(tg.targets_read, "target health attached by the path's target group");
    assert_eq!(tg.targets[0].id, "i-0123456789abcdef0");
    assert!(
        report
            .skipped
            .iter()
            .any(|(f, _)| f.to_string_lossy().contains("ecs-list-tasks")),
        "{:?}",
        report.skipped
    );
}
