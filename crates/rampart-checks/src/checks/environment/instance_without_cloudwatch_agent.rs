//! Are the instance's logs and metrics collected centrally? AWS semantics (CloudWatch User
//! Guide, "Collect metrics, logs, and traces with the CloudWatch agent"; CloudWatch API,
//! ListMetrics): the agent publishes under the `CWAgent` namespace with an `InstanceId`
//! dimension by default, and ListMetrics returns the metrics that received data in the past
//! two weeks. A running instance that none of them names has no agent sending from it (or one
//! stopped for two weeks): its memory, disk and, usually, its logs are not collected. An agent
//! configured without the `InstanceId` dimension cannot be attributed: then instances are not
//! evaluated, with that reason.

use std::collections::HashSet;

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "instance-without-cloudwatch-agent",
        theme: Theme::Environment,
        title: "Instance sends no CloudWatch agent metrics",
        severity: Severity::Low,
        summary: "Running EC2 instances that no CloudWatch agent metric (namespace CWAgent, InstanceId dimension) named in the last two weeks: their memory, disk and logs are not collected centrally.",
        rationale: "When an instance is compromised or fails, what happened on it is only known if its logs left it in time; an instance whose logs stay local loses them to the attacker or the crash.",
        remediation: "Install and start the CloudWatch agent through Systems Manager (AWS-ConfigureAWSPackage with AmazonCloudWatchAgent, then AmazonCloudWatch-ManageAgent) with a configuration that ships the system and security logs.",
        references: &[],
        requires: &[ResourceKind::Instances, ResourceKind::CloudWatchAgentMetrics],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let running: Vec<&rampart_inventory::Instance> =
        cx.region.instances.iter().filter(|i| i.state == "running").collect();
    if running.is_empty() {
        return;
    }
    if cx.region.cloudwatch_agent_metrics > 0 && cx.region.cloudwatch_agent_instances.is_empty() {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: format!(
                "{} CloudWatch agent metric(s), none with an InstanceId dimension: the agent's instances cannot be told apart",
                cx.region.cloudwatch_agent_metrics
            ),
        });
        return;
    }
    let seen: HashSet<&str> = cx
        .region
        .cloudwatch_agent_instances
        .iter()
        .map(String::as_str)
        .collect();
    for instance in running.into_iter().filter(|i| !seen.contains(i.id.as_str())) {
        let name = instance.name().map(|n| format!(" ({n})")).unwrap_or_default();
        out.findings.push(
            Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", &instance.id)
                .arn(cx.ec2_arn("instance", &instance.id))
                .message(format!("instance {}{name} sends no CloudWatch agent metrics", instance.id))
                .evidence(format!(
                    "no CWAgent metric names it ({} agent metric(s) in {region}, from {} instance(s))",
                    cx.region.cloudwatch_agent_metrics,
                    seen.len()
                ))
                .remediation(format!(
                    "aws ssm send-command --region {region} --instance-ids {} --document-name AWS-ConfigureAWSPackage --parameters action=Install,name=AmazonCloudWatchAgent",
                    instance.id
                ))
                .remediation(format!(
                    "aws ssm send-command --region {region} --instance-ids {} --document-name AmazonCloudWatch-ManageAgent --parameters action=configure,mode=ec2,optionalConfigurationSource=ssm,optionalConfigurationLocation=AmazonCloudWatch-linux,optionalRestart=yes",
                    instance.id
                ))
                .build(),
        );
    }
}
