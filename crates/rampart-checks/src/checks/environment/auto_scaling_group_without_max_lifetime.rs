//! Auto Scaling groups without a maximum instance lifetime (Amazon EC2 Auto Scaling User Guide,
//! "Replace Auto Scaling instances based on maximum instance lifetime"): with one, Auto Scaling
//! replaces every instance older than it from the launch template, so no host — compromised,
//! drifted or unpatched — outlives it. Instance refreshes are not read, so a team that replaces
//! hosts by refreshes instead still sees this, as information.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

/// 30 days: the shortest lifetime that still spans a monthly patch cycle.
const SUGGESTED_SECONDS: u32 = 30 * 86_400;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "auto-scaling-group-without-max-lifetime",
        theme: Theme::Environment,
        title: "Auto Scaling group has no maximum instance lifetime",
        severity: Severity::Info,
        summary: "Auto Scaling groups whose instances live until someone replaces them (MaxInstanceLifetime unset).",
        rationale: "Returning to a known good state works only if it happens: a maximum lifetime makes every host be rebuilt from its template on a schedule, taking any foothold an intruder had with it.",
        remediation: "Set a maximum instance lifetime (at least a day; 30 days suits a monthly patch cycle), or replace instances by instance refreshes.",
        references: &[],
        requires: &[ResourceKind::AutoScalingGroups],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for group in cx
        .region
        .auto_scaling_groups
        .iter()
        .filter(|g| g.max_instance_lifetime.is_none_or(|s| s == 0))
    {
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::AutoScaling::AutoScalingGroup", &group.name)
            .message(format!(
                "Auto Scaling group {} never replaces its {} instance(s) by age",
                group.name,
                group.instance_ids.len()
            ))
            .evidence("MaxInstanceLifetime: not set")
            .blast_radius(group.instance_ids.len())
            .remediation(format!(
                "aws autoscaling update-auto-scaling-group --region {region} --auto-scaling-group-name {} --max-instance-lifetime {SUGGESTED_SECONDS}",
                group.name
            ));
        if let Some(arn) = &group.arn {
            b = b.arn(arn.clone());
        }
        out.findings.push(b.build());
    }
}
