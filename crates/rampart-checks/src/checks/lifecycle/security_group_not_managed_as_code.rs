//! Security groups in use that no infrastructure code manages, as an inventory for the
//! change-control conversation: a group changed by hand drifts from any review, and the next
//! deployment may silently undo — or keep — the change. "Managed" means carrying one of the
//! configured tags (`[change_control] iac_tags`; by default CloudFormation's
//! `aws:cloudformation:stack-name`, which CDK stacks carry too). Default groups are AWS's, not
//! code's, and unused groups are `unused-security-group`'s. One finding per region.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

/// Groups named in the evidence; the rest are counted.
const LISTED: usize = 20;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "security-group-not-managed-as-code",
        theme: Theme::Lifecycle,
        title: "Security groups in use that no infrastructure code manages",
        severity: Severity::Info,
        summary: "Per region, the non-default groups attached to something that carry none of the tags in `[change_control] iac_tags`.",
        rationale: "Network rules changed by hand bypass review and drift from what the code says; knowing which groups have no code behind them is where change control starts.",
        remediation: "Import the groups into the stack or module that owns the workload (CloudFormation resource import, `terraform import`), or add the tag your code applies to `iac_tags` in rampart.toml.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let unmanaged: Vec<&str> = cx
        .region
        .security_groups
        .iter()
        .filter(|g| !g.is_default() && !cx.attachments.is_unused(&g.id))
        .filter(|g| !cx.config.change_control.manages(&g.tags))
        .map(|g| g.id.as_str())
        .collect();
    if unmanaged.is_empty() {
        return;
    }
    let more = unmanaged.len().saturating_sub(LISTED);
    let listed = unmanaged[..unmanaged.len().min(LISTED)].join(", ");
    out.findings.push(
        Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
            .message(format!(
                "{} security group(s) in use in {region} carry no infrastructure-as-code tag",
                unmanaged.len()
            ))
            .evidence(if more > 0 { format!("{listed} and {more} more") } else { listed })
            .evidence(format!("tags that mark code: {}", cx.config.change_control.iac_tags.join(", ")))
            .blast_radius(unmanaged.len())
            .remediation(format!(
                "aws ec2 describe-security-groups --region {region} --group-ids {} --query 'SecurityGroups[].[GroupId,GroupName,Tags]'",
                unmanaged.iter().take(LISTED).copied().collect::<Vec<_>>().join(" ")
            ))
            .remediation(CHECK.meta.remediation)
            .build(),
    );
}
