//! Auto Scaling groups without a maximum instance lifetime (Amazon EC2 Auto Scaling User Guide,
//! "Replace Auto Scaling instances based on maximum instance lifetime"): with one, Auto Scaling
//! replaces every instance older than it from the launch template, so no host — compromised,
//! drifted or unpatched — outlives it. A team may replace hosts by instance refreshes instead:
//! a successful refresh in the past six weeks (what `describe-instance-refreshes` keeps) counts
//! the same. When the refreshes were not read the group is still reported, at medium
//! confidence, as information.

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
        title: "Auto Scaling group neither ages out nor refreshes its instances",
        severity: Severity::Info,
        summary: "Auto Scaling groups whose instances live until someone replaces them: MaxInstanceLifetime unset and no successful instance refresh in the past six weeks.",
        rationale: "Returning to a known good state works only if it happens: a maximum lifetime makes every host be rebuilt from its template on a schedule, taking any foothold an intruder had with it.",
        remediation: "Set a maximum instance lifetime (at least a day; 30 days suits a monthly patch cycle), or replace instances by instance refreshes.",
        references: &[],
        requires: &[ResourceKind::AutoScalingGroups],
        requires_one_of: &[],
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
        let refreshed = g_refreshed(group);
        if refreshed == Some(true) {
            continue;
        }
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::AutoScaling::AutoScalingGroup", &group.name)
            .message(format!(
                "Auto Scaling group {} never replaces its {} instance(s) by age",
                group.name,
                group.instance_ids.len()
            ))
            .evidence("MaxInstanceLifetime: not set")
            .evidence(match refreshed {
                Some(_) => "no successful instance refresh in the past six weeks",
                None => "its instance refreshes were not read",
            })
            .blast_radius(group.instance_ids.len())
            .remediation(format!(
                "aws autoscaling update-auto-scaling-group --region {region} --auto-scaling-group-name {} --max-instance-lifetime {SUGGESTED_SECONDS}",
                group.name
            ));
        if let Some(arn) = &group.arn {
            b = b.arn(arn.clone());
        }
        if refreshed.is_none() {
            b = b.confidence(crate::meta::Confidence::Medium);
        }
        out.findings.push(b.build());
    }
}

/// Whether a refresh of the group succeeded in the history AWS keeps; None when not read.
fn g_refreshed(group: &rampart_inventory::AutoScalingGroup) -> Option<bool> {
    group
        .instance_refreshes
        .as_ref()
        .map(|r| r.iter().any(|(status, _)| status == "Successful"))
}
