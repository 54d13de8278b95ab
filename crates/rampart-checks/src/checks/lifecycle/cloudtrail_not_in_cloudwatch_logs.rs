//! A trail that also delivers to CloudWatch Logs (CloudTrail User Guide, "Monitoring CloudTrail
//! log files with Amazon CloudWatch Logs") can drive metric filters and alarms; one that only
//! writes to S3 is read after the fact, if at all. Every "was anyone paged?" check rests on it.

use rampart_inventory::ResourceKind;

use super::trails::is_home;
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-not-in-cloudwatch-logs",
        theme: Theme::Lifecycle,
        title: "CloudTrail trail does not deliver to CloudWatch Logs",
        severity: Severity::Low,
        summary: "Trails with no CloudWatch Logs log group (reported once, in the trail's home region).",
        rationale: "Without CloudWatch Logs no metric filter or alarm sees the trail's events: a security-group change or a root sign-in is noticed only if someone reads the S3 logs.",
        remediation: "Create a log group and a role CloudTrail can assume to write to it, then point the trail at both.",
        references: &[Reference { framework: FSBP, control: "CloudTrail.5" }],
        requires: &[ResourceKind::Trails],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for trail in cx
        .region
        .trails
        .iter()
        .filter(|t| t.cloudwatch_logs_log_group_arn.is_none() && is_home(t, region))
    {
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::CloudTrail::Trail", &trail.name)
            .message(format!(
                "trail {} delivers to S3 only, not to CloudWatch Logs",
                trail.name
            ))
            .evidence("CloudWatchLogsLogGroupArn: not set");
        if let Some(arn) = &trail.arn {
            b = b.arn(arn.clone());
        }
        out.findings.push(
            b.remediation(format!(
                "aws logs create-log-group --region {region} --log-group-name cloudtrail/{name}",
                name = trail.name
            ))
            .remediation(format!(
                "aws cloudtrail update-trail --region {region} --name {name} --cloud-watch-logs-log-group-arn arn:aws:logs:{region}:{account}:log-group:cloudtrail/{name}:* --cloud-watch-logs-role-arn ROLE_ARN",
                name = trail.name,
                account = cx.account
            ))
            .remediation("ROLE_ARN: a role that cloudtrail.amazonaws.com may assume, allowed logs:CreateLogStream and logs:PutLogEvents on that log group")
            .build(),
        );
    }
}
