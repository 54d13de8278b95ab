//! Flow logs, AWS Config and GuardDuty checks against exports in the AWS CLI's shapes
//! (`describe-flow-logs` from the AWS CLI documentation, tests/fixtures/awscli-examples).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use rampart_checks::Severity;
use serde_json::{json, Value};

const DOC_VPC: &str = "vpc-00112233445566778";
const DOC_SUBNET: &str = "subnet-12345678901234567";

fn vpcs(ids: &[&str]) -> Value {
    json!({"Vpcs": ids.iter().map(|id| json!({"VpcId": id, "CidrBlock": "10.0.0.0/16", "State": "available",
        "OwnerId": "111122223333", "Tags": [{"Key": "Name", "Value": "prod"}]})).collect::<Vec<_>>()})
}

fn subnets(pairs: &[(&str, &str)]) -> Value {
    json!({"Subnets": pairs.iter().map(|(id, vpc)| json!({"SubnetId": id, "VpcId": vpc, "CidrBlock": "10.0.1.0/24",
        "AvailabilityZone": "us-east-1a"})).collect::<Vec<_>>()})
}

fn flow_log(id: &str, resource: &str, traffic: &str, delivery: &str) -> Value {
    json!({"FlowLogId": id, "ResourceId": resource, "TrafficType": traffic, "FlowLogStatus": "ACTIVE",
           "DeliverLogsStatus": delivery, "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::logs"})
}

/// The AWS CLI documentation's describe-flow-logs answer: an ALL log on a subnet, an ACCEPT
/// log on a VPC.
fn doc_flow_logs() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/awscli-examples/ec2/describe-flow-logs.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_vpc_is_captured_by_vpc_level_or_every_subnet_logs() {
    // Documentation data: the VPC log captures ACCEPT only; its one subnet has an ALL log, so
    // every interface of the VPC is captured for both actions.
    let r = scan_with(&[
        ("vpcs.json", vpcs(&[DOC_VPC])),
        ("subnets.json", subnets(&[(DOC_SUBNET, DOC_VPC)])),
        ("flow-logs.json", doc_flow_logs()),
    ]);
    assert!(of(&r, "vpc-flow-logs-missing").is_empty(), "{:?}", r.findings);

    // A second subnet without its own log: rejected traffic there is not captured.
    let r = scan_with(&[
        ("vpcs.json", vpcs(&[DOC_VPC])),
        ("subnets.json", subnets(&[(DOC_SUBNET, DOC_VPC), ("subnet-2", DOC_VPC)])),
        ("flow-logs.json", doc_flow_logs()),
    ]);
    let f = of(&r, "vpc-flow-logs-missing");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].resource_id, DOC_VPC);
    assert_eq!(f[0].severity, Severity::Low);
    assert!(f[0].message.contains("only ACCEPT"), "{}", f[0].message);
    assert!(
        f[0].evidence.iter().any(|e| e.contains("1 of 2 subnet")),
        "{:?}",
        f[0].evidence
    );
}

#[test]
fn no_log_reject_only_and_failing_delivery_are_reported() {
    let r = scan_with(&[
        (
            "vpcs.json",
            vpcs(&["vpc-none", "vpc-reject", "vpc-failing", "vpc-ok", "vpc-eni"]),
        ),
        ("subnets.json", subnets(&[("subnet-e", "vpc-eni")])),
        (
            "enis.json",
            json!({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "SubnetId": "subnet-e", "VpcId": "vpc-eni",
                "PrivateIpAddress": "10.0.1.5", "Groups": []}]}),
        ),
        (
            "flow-logs.json",
            json!({"FlowLogs": [
                flow_log("fl-1", "vpc-reject", "REJECT", "SUCCESS"),
                flow_log("fl-2", "vpc-failing", "ALL", "FAILED"),
                flow_log("fl-3", "vpc-ok", "ALL", "SUCCESS"),
                flow_log("fl-4", "vpc-ok", "ACCEPT", "SUCCESS"),
                flow_log("fl-5", "eni-1", "ALL", "SUCCESS"),
            ]}),
        ),
    ]);
    let by_vpc = |id: &str| {
        of(&r, "vpc-flow-logs-missing")
            .into_iter()
            .find(|f| f.resource_id == id)
    };
    let none = by_vpc("vpc-none").unwrap();
    assert_eq!(none.severity, Severity::Medium);
    assert!(none.remediation[0].starts_with(
        "aws ec2 create-flow-logs --region us-east-1 --resource-type VPC --resource-ids vpc-none --traffic-type ALL"
    ));
    assert_eq!(by_vpc("vpc-reject").unwrap().severity, Severity::Low);
    // A log that fails to deliver captures nothing anyone can read.
    let failing = by_vpc("vpc-failing").unwrap();
    assert_eq!(failing.severity, Severity::Medium);
    assert!(failing
        .evidence
        .iter()
        .any(|e| e.contains("fl-2") && e.contains("fails to deliver")));
    assert!(by_vpc("vpc-ok").is_none());
    // An interface-level log covers that interface only.
    let eni = by_vpc("vpc-eni").unwrap();
    assert!(
        eni.evidence.iter().any(|e| e.contains("1 network interface")),
        "{:?}",
        eni.evidence
    );
}

#[test]
fn flow_logs_not_read_is_not_evaluated() {
    let r = scan_with(&[("vpcs.json", vpcs(&["vpc-1"])), ("subnets.json", subnets(&[]))]);
    assert!(of(&r, "vpc-flow-logs-missing").is_empty());
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "vpc-flow-logs-missing")
        .unwrap();
    assert!(ne.reason.contains("describe-flow-logs"), "{}", ne.reason);
}

fn recorder(all_supported: bool) -> Value {
    json!({"name": "default", "roleARN": "arn:aws:iam::111122223333:role/config",
           "recordingGroup": {"allSupported": all_supported, "includeGlobalResourceTypes": true,
                              "resourceTypes": if all_supported { json!([]) } else { json!(["AWS::EC2::Instance"]) }}})
}

fn recorder_status(recording: bool) -> Value {
    json!({"ConfigurationRecordersStatus": [{"name": "default", "recording": recording, "lastStatus": "SUCCESS"}]})
}

#[test]
fn config_recorder_missing_stopped_partial_or_unknown() {
    let check = "config-recorder-not-recording";
    let none = scan_with(&[("rec.json", json!({"ConfigurationRecorders": []}))]);
    assert_eq!(of(&none, check)[0].resource_type, "AWS::::Account");

    let stopped = scan_with(&[
        ("rec.json", json!({"ConfigurationRecorders": [recorder(true)]})),
        ("status.json", recorder_status(false)),
    ]);
    let f = of(&stopped, check);
    assert!(f[0].message.contains("stopped"));
    assert_eq!(
        f[0].remediation,
        ["aws configservice start-configuration-recorder --region us-east-1 --configuration-recorder-name default"]
    );

    let partial = scan_with(&[
        ("rec.json", json!({"ConfigurationRecorders": [recorder(false)]})),
        ("status.json", recorder_status(true)),
    ]);
    assert_eq!(of(&partial, check)[0].severity, Severity::Low);

    let good = scan_with(&[
        ("rec.json", json!({"ConfigurationRecorders": [recorder(true)]})),
        ("status.json", recorder_status(true)),
    ]);
    assert!(of(&good, check).is_empty());

    // Without the status a recorder may be stopped: not evaluated, never passed.
    let unknown = scan_with(&[("rec.json", json!({"ConfigurationRecorders": [recorder(true)]}))]);
    assert!(of(&unknown, check).is_empty());
    assert!(unknown
        .not_evaluated
        .iter()
        .any(|n| n.check_id == check && n.resource_id.as_deref() == Some("default")));
}

fn detector(id: &str, status: &str, malware: Option<&str>) -> Value {
    let mut features = vec![json!({"Name": "CLOUD_TRAIL", "Status": "ENABLED"})];
    if let Some(m) = malware {
        features.push(json!({"Name": "EBS_MALWARE_PROTECTION", "Status": m}));
    }
    json!({"Detectors": [{"DetectorId": id, "Detector": {"Status": status, "ServiceRole": "r", "Features": features}}]})
}

#[test]
fn guardduty_off_suspended_and_without_malware_protection() {
    let off = scan_with(&[("gd.json", json!({"DetectorIds": []}))]);
    assert_eq!(
        of(&off, "guardduty-disabled")[0].remediation,
        ["aws guardduty create-detector --region us-east-1 --enable"]
    );
    assert!(of(&off, "guardduty-malware-protection-off").is_empty());

    let suspended = scan_with(&[
        ("gd.json", json!({"DetectorIds": ["d1"]})),
        ("gd-d1.json", detector("d1", "DISABLED", Some("ENABLED"))),
    ]);
    assert_eq!(of(&suspended, "guardduty-disabled")[0].resource_id, "d1");
    // A suspended detector scans nothing: one finding, not two.
    assert!(of(&suspended, "guardduty-malware-protection-off").is_empty());

    let no_malware = scan_with(&[
        ("gd.json", json!({"DetectorIds": ["d1"]})),
        ("gd-d1.json", detector("d1", "ENABLED", Some("DISABLED"))),
    ]);
    assert!(of(&no_malware, "guardduty-disabled").is_empty());
    let f = of(&no_malware, "guardduty-malware-protection-off");
    assert!(f[0].remediation[0].ends_with("--detector-id d1 --features Name=EBS_MALWARE_PROTECTION,Status=ENABLED"));

    // The legacy DataSources answer says the same thing in another shape.
    let legacy = scan_with(&[
        ("gd.json", json!({"DetectorIds": ["d1"]})),
        (
            "gd-d1.json",
            json!({"Detectors": [{"DetectorId": "d1", "Detector": {"Status": "ENABLED", "ServiceRole": "r",
                "DataSources": {"MalwareProtection": {"ScanEc2InstanceWithFindings": {"EbsVolumes": {"Status": "ENABLED"}}}}}}]}),
        ),
    ]);
    assert!(
        of(&legacy, "guardduty-malware-protection-off").is_empty(),
        "{:?}",
        legacy.not_evaluated
    );

    // Only the detector list was read: the detector's state is unknown.
    let unread = scan_with(&[("gd.json", json!({"DetectorIds": ["d1"]}))]);
    assert!(of(&unread, "guardduty-disabled").is_empty());
    assert!(unread
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "guardduty-disabled" && n.resource_id.as_deref() == Some("d1")));
}

fn trail(name: &str, home: &str, multi_region: bool, custom_selectors: bool) -> Value {
    json!({"Name": name, "TrailARN": format!("arn:aws:cloudtrail:{home}:111122223333:trail/{name}"), "HomeRegion": home,
           "IsMultiRegionTrail": multi_region, "LogFileValidationEnabled": true, "S3BucketName": "trail-logs",
           "IncludeGlobalServiceEvents": true, "HasCustomEventSelectors": custom_selectors})
}

fn trail_status(home: &str, name: &str, logging: bool) -> Value {
    json!({"TrailStatuses": [{"Name": format!("arn:aws:cloudtrail:{home}:111122223333:trail/{name}"),
                              "Status": {"IsLogging": logging}}]})
}

fn regions(files: Vec<(&str, Value)>) -> Vec<(String, Value)> {
    files.into_iter().map(|(p, v)| (p.to_owned(), v)).collect()
}

#[test]
fn a_multi_region_trail_covers_every_region_from_its_home_status() {
    let check = "cloudtrail-management-events-not-logged";
    // The shadow copy in eu-west-1 has no status of its own: the home region's answer counts.
    let r = common::scan_tree(&regions(vec![
        (
            "us-east-1/trails.json",
            json!({"trailList": [trail("org", "us-east-1", true, false)]}),
        ),
        (
            "us-east-1/trail-status-org.json",
            trail_status("us-east-1", "org", true),
        ),
        (
            "eu-west-1/trails.json",
            json!({"trailList": [trail("org", "us-east-1", true, false)]}),
        ),
    ]));
    assert!(of(&r, check).is_empty(), "{:?}", r.findings);
    assert!(
        !r.not_evaluated.iter().any(|n| n.check_id == check),
        "{:?}",
        r.not_evaluated
    );

    // Stopped: both regions lose their record, and say why.
    let r = common::scan_tree(&regions(vec![
        (
            "us-east-1/trails.json",
            json!({"trailList": [trail("org", "us-east-1", true, false)]}),
        ),
        (
            "us-east-1/trail-status-org.json",
            trail_status("us-east-1", "org", false),
        ),
        (
            "eu-west-1/trails.json",
            json!({"trailList": [trail("org", "us-east-1", true, false)]}),
        ),
    ]));
    let f = of(&r, check);
    assert_eq!(f.len(), 2);
    assert!(f
        .iter()
        .all(|f| f.evidence.iter().any(|e| e == "trail org is not logging")));
}

#[test]
fn read_only_selectors_and_single_region_trails() {
    let check = "cloudtrail-management-events-not-logged";
    let r = common::scan_tree(&regions(vec![
        (
            "us-east-1/trails.json",
            json!({"trailList": [trail("reads", "us-east-1", false, true)]}),
        ),
        (
            "us-east-1/trail-status-reads.json",
            trail_status("us-east-1", "reads", true),
        ),
        (
            "us-east-1/event-selectors-reads.json",
            json!({"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/reads",
                   "EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": true, "DataResources": []}]}),
        ),
        (
            "eu-west-1/trails.json",
            json!({"trailList": [trail("local", "eu-west-1", false, false)]}),
        ),
        (
            "eu-west-1/trail-status-local.json",
            trail_status("eu-west-1", "local", true),
        ),
    ]));
    let f = of(&r, check);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].region, "us-east-1");
    assert!(f[0]
        .evidence
        .iter()
        .any(|e| e == "trail reads records no write management events"));
    // The eu-west-1 trail already records management events: widen it rather than add one.
    assert_eq!(
        f[0].remediation,
        ["aws cloudtrail update-trail --region eu-west-1 --name local --is-multi-region-trail"]
    );
}

#[test]
fn trails_from_the_cli_documentation() {
    // describe-trails from the AWS CLI docs: two single-region trails without validation, and no
    // status or selectors read, so coverage cannot be judged.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/awscli-examples/cloudtrail/describe-trails.json"),
    )
    .unwrap();
    let r = common::scan_with(&[("trails.json", serde_json::from_str(&text).unwrap())]);
    let validation: Vec<&str> = of(&r, "cloudtrail-log-validation-off")
        .iter()
        .map(|f| f.resource_id.as_str())
        .collect();
    assert_eq!(validation, ["Trail1", "Trail2"]);
    assert!(of(&r, "cloudtrail-management-events-not-logged").is_empty());
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "cloudtrail-management-events-not-logged")
        .unwrap();
    assert!(ne.reason.contains("Trail1, Trail2"), "{}", ne.reason);
}

#[test]
fn log_validation_is_reported_once_in_the_home_region() {
    let mut t = trail("org", "us-east-1", true, false);
    t["LogFileValidationEnabled"] = json!(false);
    let r = common::scan_tree(&regions(vec![
        ("us-east-1/trails.json", json!({"trailList": [t.clone()]})),
        ("eu-west-1/trails.json", json!({"trailList": [t]})),
    ]));
    let f = of(&r, "cloudtrail-log-validation-off");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].region, "us-east-1");
    assert_eq!(
        f[0].resource_arn.as_deref(),
        Some("arn:aws:cloudtrail:us-east-1:111122223333:trail/org")
    );
}

const CIS_SG_PATTERN: &str = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }";

/// A multi-region trail homed in us-east-1 sending to log group `ct`, a filter with `pattern`
/// on it, and an alarm on its metric (actions enabled or not); eu-west-1 sees the shadow trail.
fn monitored_account(pattern: &str, actions_enabled: bool) -> Vec<(String, Value)> {
    let mut t = trail("org", "us-east-1", true, false);
    t["CloudWatchLogsLogGroupArn"] = json!("arn:aws:logs:us-east-1:111122223333:log-group:ct:*");
    regions(vec![
        ("us-east-1/trails.json", json!({"trailList": [t.clone()]})),
        (
            "us-east-1/trail-status-org.json",
            trail_status("us-east-1", "org", true),
        ),
        ("eu-west-1/trails.json", json!({"trailList": [t]})),
        (
            "us-east-1/metric-filters.json",
            json!({"metricFilters": [{"filterName": "sg-changes", "logGroupName": "ct", "filterPattern": pattern,
                "metricTransformations": [{"metricName": "SgChanges", "metricNamespace": "Security", "metricValue": "1"}]}]}),
        ),
        (
            "us-east-1/metric-alarms.json",
            json!({"MetricAlarms": [{"AlarmName": "sg-changes", "Namespace": "Security", "MetricName": "SgChanges",
                "ActionsEnabled": actions_enabled, "AlarmActions": ["arn:aws:sns:us-east-1:111122223333:security"], "StateValue": "OK"}],
                "CompositeAlarms": []}),
        ),
    ])
}

#[test]
fn security_group_changes_need_all_seven_events_and_a_live_alarm() {
    let check = "security-group-changes-not-alarmed";
    let all_seven = CIS_SG_PATTERN.replace(" }", " || ($.eventName = ModifySecurityGroupRules) }");
    let r = common::scan_tree(&monitored_account(&all_seven, true));
    assert!(of(&r, check).is_empty(), "{:?}", of(&r, check));
    assert!(
        !r.not_evaluated.iter().any(|n| n.check_id == check),
        "{:?}",
        r.not_evaluated
    );

    // The CIS pattern misses in-place rule changes, in both regions the trail records.
    let r = common::scan_tree(&monitored_account(CIS_SG_PATTERN, true));
    let f = of(&r, check);
    assert_eq!(f.len(), 2);
    for f in &f {
        assert!(f
            .evidence
            .iter()
            .any(|e| e == "metric filter sg-changes on log group ct omits ModifySecurityGroupRules"));
        // The fix keeps the filter's name and metric, so the existing alarm keeps working.
        assert!(f.remediation[0]
            .starts_with("aws logs put-metric-filter --region us-east-1 --log-group-name ct --filter-name sg-changes"));
        assert!(f.remediation[0].contains("metricName=SgChanges,metricNamespace=Security"));
    }

    // An alarm whose actions are disabled pages nobody.
    let r = common::scan_tree(&monitored_account(&all_seven, false));
    assert!(of(&r, check)[0]
        .evidence
        .iter()
        .any(|e| e.starts_with("no alarm with an action")));
}

#[test]
fn alarms_in_an_unread_home_region_are_not_evaluated() {
    let check = "security-group-changes-not-alarmed";
    let files: Vec<(String, Value)> = monitored_account(CIS_SG_PATTERN, true)
        .into_iter()
        .filter(|(p, _)| !p.contains("metric-"))
        .collect();
    let r = common::scan_tree(&files);
    assert!(of(&r, check).is_empty());
    let ne: Vec<&str> = r
        .not_evaluated
        .iter()
        .filter(|n| n.check_id == check)
        .map(|n| n.scope.as_str())
        .collect();
    assert_eq!(ne, ["eu-west-1", "us-east-1"]);
}

#[test]
fn trails_without_cloudwatch_logs_or_a_kms_key_are_reported_once_at_home() {
    // `plain`: S3 only, default encryption. `wired`: a log group and a KMS key. Both multi-region,
    // so eu-west-1 lists their shadow copies too.
    let plain = trail("plain", "us-east-1", true, false);
    let mut wired = trail("wired", "us-east-1", true, false);
    wired["CloudWatchLogsLogGroupArn"] = json!("arn:aws:logs:us-east-1:111122223333:log-group:ct:*");
    wired["KmsKeyId"] = json!("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let files = regions(vec![
        (
            "us-east-1/trails.json",
            json!({"trailList": [plain.clone(), wired.clone()]}),
        ),
        ("eu-west-1/trails.json", json!({"trailList": [plain, wired]})),
    ]);
    let r = common::scan_tree(&files);
    for check in ["cloudtrail-not-in-cloudwatch-logs", "cloudtrail-not-kms-encrypted"] {
        let found: Vec<(&str, &str)> = of(&r, check)
            .iter()
            .map(|f| (f.region.as_str(), f.resource_id.as_str()))
            .collect();
        assert_eq!(found, [("us-east-1", "plain")], "{check}");
    }
    let cw = &of(&r, "cloudtrail-not-in-cloudwatch-logs")[0];
    assert!(cw.remediation[1].contains("--cloud-watch-logs-log-group-arn arn:aws:logs:us-east-1:"));
    // The CLI documentation's trails: Trail1 delivers to CloudWatch Logs, Trail2 has a KMS key.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/awscli-examples/cloudtrail/describe-trails.json"),
    )
    .unwrap();
    let r = common::scan_with(&[("trails.json", serde_json::from_str(&text).unwrap())]);
    let ids = |check| of(&r, check).iter().map(|f| f.resource_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("cloudtrail-not-kms-encrypted"), ["Trail1"]);
    assert_eq!(ids("cloudtrail-not-in-cloudwatch-logs"), ["Trail2"]);
    // No trail read: not evaluated, never passed.
    let r = common::scan_with(&[("vpcs.json", vpcs(&["vpc-1"]))]);
    assert!(of(&r, "cloudtrail-not-kms-encrypted").is_empty());
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "cloudtrail-not-kms-encrypted"));
}

#[test]
fn s3_data_events_need_an_object_selector_on_a_logging_trail() {
    let check = "cloudtrail-s3-data-events-off";
    let status = |logging| trail_status("us-east-1", "t", logging);
    let selectors =
        |v: Value| json!({"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", "EventSelectors": v});
    let scan = |sel: Value, logging: bool| {
        common::scan_tree(&regions(vec![
            (
                "us-east-1/trails.json",
                json!({"trailList": [trail("t", "us-east-1", false, true)]}),
            ),
            ("us-east-1/trail-status-t.json", status(logging)),
            ("us-east-1/event-selectors-t.json", sel),
        ]))
    };
    // Management events only: reported.
    let r = scan(
        selectors(json!([{"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": []}])),
        true,
    );
    assert_eq!(of(&r, check).len(), 1);
    // An S3 object selector (basic): not reported.
    let basic = json!([{"ReadWriteType": "All", "IncludeManagementEvents": true,
                        "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}]);
    assert!(of(&scan(selectors(basic), true), check).is_empty());
    // An advanced selector on S3 objects: not reported.
    let advanced = json!({"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", "AdvancedEventSelectors": [
        {"Name": "objects", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                                               {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]});
    assert!(of(&scan(advanced, true), check).is_empty());
    // The only trail is stopped: that is the management check's finding, not this one's.
    let r = scan(
        selectors(json!([{"ReadWriteType": "All", "IncludeManagementEvents": true, "DataResources": []}])),
        false,
    );
    assert!(of(&r, check).is_empty());
    // Custom selectors that were not read: not evaluated.
    let r = common::scan_tree(&regions(vec![
        (
            "us-east-1/trails.json",
            json!({"trailList": [trail("t", "us-east-1", false, true)]}),
        ),
        ("us-east-1/trail-status-t.json", status(true)),
    ]));
    assert!(of(&r, check).is_empty());
    assert!(r.not_evaluated.iter().any(|n| n.check_id == check));
}

/// CIS AWS Foundations v3.0.0's own patterns for the other watched controls, as its audit
/// procedures write them (4.4, 4.5, 4.7–4.9, 4.11–4.15), and what rampart still misses in
/// each: the calls CIS omits that change the same control in place.
const CIS_PATTERNS: [(&str, &str, Option<&str>); 10] = [
    ("cloudtrail-changes-not-alarmed", "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }", None),
    ("config-changes-not-alarmed", "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }", None),
    ("network-acl-changes-not-alarmed", "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }", None),
    ("network-gateway-changes-not-alarmed", "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }", None),
    ("route-table-changes-not-alarmed", "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }", Some("AssociateRouteTable")),
    ("vpc-changes-not-alarmed", "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }", None),
    ("iam-policy-changes-not-alarmed", "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}", Some("SetDefaultPolicyVersion, UpdateAssumeRolePolicy")),
    ("kms-key-deletion-not-alarmed", "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }", None),
    ("s3-bucket-policy-changes-not-alarmed", "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }", Some("PutBucketPublicAccessBlock, DeleteBucketPublicAccessBlock")),
    ("organizations-changes-not-alarmed", "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName = \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") || ($.eventName = \"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") || ($.eventName = \"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") || ($.eventName = \"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || ($.eventName = \"UpdateOrganizationalUnit\")) }", None),
];

/// IAM and Organizations are global services: their events are recorded in us-east-1 only.
fn judged_regions(check: &str) -> usize {
    if check.starts_with("iam-") || check.starts_with("organizations-") {
        1
    } else {
        2
    }
}

#[test]
fn each_watched_control_is_alarmed_by_its_cis_pattern_and_only_by_it() {
    for (check, pattern, missing) in CIS_PATTERNS {
        let r = common::scan_tree(&monitored_account(pattern, true));
        let mine = of(&r, check);
        match missing {
            Some(missing) => {
                assert_eq!(mine.len(), judged_regions(check), "{check}");
                let line = format!("metric filter sg-changes on log group ct omits {missing}");
                assert!(mine[0].evidence.contains(&line), "{check}: {:?}", mine[0].evidence);
            }
            None => assert!(
                mine.is_empty(),
                "{check} with its own CIS pattern: {:?}",
                mine[0].evidence
            ),
        }
        // The filter of one control alarms on nothing else (event names may overlap: IAM's
        // and Organizations' CreatePolicy, so the evidence is "omits" or "no filter").
        for (other, _, _) in CIS_PATTERNS.iter().filter(|(c, _, _)| *c != check) {
            let f = of(&r, other);
            assert_eq!(f.len(), judged_regions(other), "{other} with {check}'s pattern");
            assert!(
                f[0].evidence
                    .iter()
                    .any(|e| e.starts_with("no metric filter on log group ct") || e.contains(" omits ")),
                "{other}: {:?}",
                f[0].evidence
            );
            assert!(f.iter().all(|f| judged_regions(other) == 2 || f.region == "us-east-1"));
        }
    }
    // The event-source conjunct must name the events' own service to be harmless.
    let wrong = CIS_PATTERNS[1].1.replace("config.amazonaws.com", "ec2.amazonaws.com");
    let r = common::scan_tree(&monitored_account(&wrong, true));
    let f = of(&r, "config-changes-not-alarmed");
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0].confidence,
        rampart_checks::Confidence::Medium,
        "a narrowed filter may be harmless"
    );
}

/// A finding as `guardduty get-findings` prints it (GuardDuty API Reference, Finding).
fn gd_finding(id: &str, kind: &str, severity: f64, resource: Value, archived: bool) -> Value {
    json!({"AccountId": "111122223333", "Arn": format!("arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/{id}"),
        "CreatedAt": "2026-11-27T10:00:00.000Z", "UpdatedAt": "2026-11-28T05:00:00.000Z", "Id": id, "Partition": "aws",
        "Region": "us-east-1", "SchemaVersion": "2.0", "Severity": severity, "Title": format!("{kind} seen"), "Type": kind,
        "Description": "…", "Resource": resource,
        "Service": {"Archived": archived, "Count": 14, "DetectorId": "d1", "ServiceName": "guardduty",
            "EventFirstSeen": "2026-11-27T10:00:00.000Z", "EventLastSeen": "2026-11-28T05:00:00.000Z"}})
}

#[test]
fn open_high_guardduty_findings_are_reported_one_by_one() {
    let instance = json!({"ResourceType": "Instance", "InstanceDetails": {"InstanceId": "i-0123456789abcdef0"}});
    let key = json!({"ResourceType": "AccessKey", "AccessKeyDetails": {"UserName": "ci-deploy", "AccessKeyId": "AKIAEXAMPLE"}});
    let r = scan_with(&[
        ("detectors.json", json!({"DetectorIds": ["d1"]})),
        ("detector-d1.json", detector("d1", "ENABLED", Some("ENABLED"))),
        (
            "ids.json",
            json!({"FindingIds": ["f-ssh", "f-key", "f-old", "f-unread"]}),
        ),
        (
            "findings.json",
            json!({"Findings": [
                gd_finding("f-ssh", "UnauthorizedAccess:EC2/SSHBruteForce", 8.0, instance.clone(), false),
                gd_finding("f-key", "CredentialAccess:IAMUser/AnomalousBehavior", 9.2, key, false),
                gd_finding("f-old", "Recon:EC2/PortProbeUnprotectedPort", 8.0, instance, true),
            ]}),
        ),
    ]);
    let f = of(&r, "guardduty-high-findings-open");
    let mut got: Vec<(&str, Severity)> = f.iter().map(|f| (f.message.as_str(), f.severity)).collect();
    got.sort_unstable_by(|a, b| a.0.cmp(b.0));
    assert_eq!(
        got,
        [
            ("GuardDuty CredentialAccess:IAMUser/AnomalousBehavior: CredentialAccess:IAMUser/AnomalousBehavior seen (AccessKey ci-deploy)", Severity::Critical),
            ("GuardDuty UnauthorizedAccess:EC2/SSHBruteForce: UnauthorizedAccess:EC2/SSHBruteForce seen (Instance i-0123456789abcdef0)", Severity::High),
        ],
        "the archived one is not open"
    );
    assert_ne!(
        f[0].fingerprint, f[1].fingerprint,
        "one finding each, on the same detector"
    );
    // A listed id whose details were not read: not evaluated, never clean.
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "guardduty-high-findings-open" && n.reason.starts_with("1 listed finding(s)")));
    // No listing read: the check does not run.
    let r = scan_with(&[
        ("detectors.json", json!({"DetectorIds": ["d1"]})),
        ("detector-d1.json", detector("d1", "ENABLED", None)),
    ]);
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "guardduty-high-findings-open"));
}
