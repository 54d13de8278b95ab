//! ASFF (AWS Security Finding Format) for Security Hub's BatchImportFindings: every required
//! field, at most 100 findings per batch (the API's limit), Title and Description within their
//! limits (256 and 1,024 characters). Output: a JSON array of batches; import each with
//! `aws securityhub batch-import-findings --findings file://batch.json`.

use rampart_checks::Severity;
use serde_json::{json, Value};

use crate::time::iso8601;
use crate::Scan;

pub const BATCH: usize = 100;

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

/// The ASFF resource type for a CloudFormation type name.
fn resource_type(t: &str) -> &'static str {
    match t {
        "AWS::EC2::SecurityGroup" => "AwsEc2SecurityGroup",
        "AWS::EC2::Instance" => "AwsEc2Instance",
        "AWS::EC2::NetworkInterface" => "AwsEc2NetworkInterface",
        "AWS::EC2::VPC" => "AwsEc2Vpc",
        "AWS::GuardDuty::Detector" => "AwsGuardDutyDetector",
        ACCOUNT => "AwsAccount",
        _ => "Other",
    }
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

const ACCOUNT: &str = "AWS::::Account";

/// The resource's ARN; for the account itself, Security Hub's own `AWS::::Account:<id>`.
fn resource_id(f: &rampart_checks::Finding) -> String {
    match &f.resource_arn {
        Some(arn) => arn.clone(),
        None if f.resource_type == ACCOUNT => format!("{ACCOUNT}:{}", f.account),
        None => f.resource_id.clone(),
    }
}

/// ASFF needs a real region: account-wide (IAM) findings go to the region where IAM records
/// its events, us-east-1 (cn-north-1, us-gov-west-1 in the other partitions).
fn asff_region<'a>(region: &'a str, partition: &str) -> &'a str {
    if region != rampart_inventory::GLOBAL {
        return region;
    }
    match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    }
}

pub fn render(scan: &Scan) -> String {
    let time_ms = scan.about.started_ms;
    let now = iso8601(time_ms);
    let findings: Vec<Value> = scan
        .result
        .findings
        .iter()
        .map(|f| {
            let partition = f.resource_arn.as_deref().and_then(|a| a.split(':').nth(1)).unwrap_or("aws");
            let region = asff_region(&f.region, partition);
            let description = format!("{} Evidence: {}", f.message, f.evidence.join("; "));
            json!({
                "SchemaVersion": "2018-10-08",
                "Id": format!("rampart/{}", f.fingerprint),
                "ProductArn": format!("arn:{partition}:securityhub:{region}:{}:product/{}/default", f.account, f.account),
                "GeneratorId": format!("rampart/{}", f.check_id),
                "AwsAccountId": f.account,
                "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
                "CreatedAt": now,
                "UpdatedAt": now,
                "Severity": {"Label": label(f.severity)},
                "Title": cut(f.title, 256),
                "Description": cut(&description, 1024),
                "Remediation": {"Recommendation": {"Text": cut(&f.remediation.join("\n"), 512)}},
                "Resources": [{
                    "Type": resource_type(f.resource_type),
                    "Id": resource_id(f),
                    "Partition": partition,
                    "Region": region,
                }],
                "ProductFields": {"rampart/check": f.check_id, "rampart/fingerprint": f.fingerprint, "rampart/confidence": f.confidence.name()},
                "RecordState": "ACTIVE",
                "Workflow": {"Status": if f.is_suppressed() { "SUPPRESSED" } else { "NEW" }},
            })
        })
        .collect();
    let batches: Vec<&[Value]> = findings.chunks(BATCH).collect();
    let mut s = serde_json::to_string_pretty(&batches).unwrap_or_default();
    s.push('\n');
    s
}
