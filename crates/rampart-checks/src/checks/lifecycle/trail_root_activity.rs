use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-root-activity",
        theme: Theme::Lifecycle,
        title: "The root user was used",
        severity: Severity::High,
        summary: "Days on which the CloudTrail logs given with the scan show successful calls made by the root user (CIS AWS Foundations 1.7 asks that it not be used for everyday tasks).",
        rationale: "Root cannot be restricted by IAM policies; every use of it is a risk and, unplanned, a sign of compromise.",
        remediation: "Confirm who used root and why; use IAM roles for the task instead, keep root's credentials locked away with MFA, and delete any root access key.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "root-activity", out);
}
