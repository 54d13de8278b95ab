use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-change-outside-deployers",
        theme: Theme::Lifecycle,
        title: "Network or detection control changed outside the allowed deployers",
        severity: Severity::Medium,
        summary: "Successful changes in the CloudTrail logs given with the scan (`scan --trail`) to security groups, network ACLs, routes, gateways, prefix lists, detection controls or IAM, made neither by CloudFormation nor by a principal of rampart.toml `[change_control] deployers`.",
        rationale: "Changes made by hand drift from the reviewed code and are the usual way an attacker with stolen credentials opens a path; knowing who changed what, outside the pipeline, is the first question of an incident review.",
        remediation: "Review the change with its author (`rampart trail timeline --resource ID`); revert it or bring it into infrastructure code, and restrict who may make it (an SCP or permission boundary on ec2:Authorize*, ec2:CreateRoute, …).",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "change-outside-deployers", out);
}
