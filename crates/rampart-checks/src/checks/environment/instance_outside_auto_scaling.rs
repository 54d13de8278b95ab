//! Instances that no Auto Scaling group owns (`describe-auto-scaling-groups`' `Instances`).
//! Such a host is a pet: it cannot be replaced from its launch template after a compromise
//! ("return to a known good state"), only cleaned by hand.

use std::collections::HashSet;

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "instance-outside-auto-scaling",
        theme: Theme::Environment,
        title: "Instance is not part of an Auto Scaling group",
        severity: Severity::Low,
        summary: "Running instances that no Auto Scaling group manages.",
        rationale: "A host rebuilt from a launch template can be thrown away after a compromise or to apply patches; a hand-built host must be trusted, or rebuilt by hand.",
        remediation: "Build the instance from a launch template and run it in an Auto Scaling group (a group of one is enough to make it replaceable).",
        references: &[],
        requires: &[ResourceKind::Instances, ResourceKind::AutoScalingGroups],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let scaled: HashSet<&str> = cx
        .region
        .auto_scaling_groups
        .iter()
        .flat_map(|g| g.instance_ids.iter().map(String::as_str))
        .collect();
    for instance in cx
        .region
        .instances
        .iter()
        .filter(|i| i.state == "running" && !scaled.contains(i.id.as_str()))
    {
        let name = instance.name().map(|n| format!(" ({n})")).unwrap_or_default();
        out.findings.push(
            Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", &instance.id)
                .arn(cx.ec2_arn("instance", &instance.id))
                .message(format!("instance {}{name} is not in an Auto Scaling group", instance.id))
                .evidence(format!(
                    "launched {}; {} Auto Scaling group(s) in the region",
                    instance.launch_time.as_deref().unwrap_or("at an unknown time"),
                    cx.region.auto_scaling_groups.len()
                ))
                .remediation(format!(
                    "aws ec2 create-launch-template --region {region} --launch-template-name NAME --launch-template-data file://from-{}.json, \
                     then aws autoscaling create-auto-scaling-group --region {region} --auto-scaling-group-name NAME \
                     --launch-template LaunchTemplateName=NAME --min-size 1 --max-size 1 --vpc-zone-identifier {}",
                    instance.id,
                    instance.subnet_id.as_deref().unwrap_or("SUBNET_ID")
                ))
                .build(),
        );
    }
}
