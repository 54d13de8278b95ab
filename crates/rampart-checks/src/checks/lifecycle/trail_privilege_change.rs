//! IAM changes that grant privileges (policies attached or written, access keys and passwords
//! made, users put in groups, trust policies changed), whoever made them: trusting a deployer or
//! a CloudFormation stack lowers the severity, it does not hide the event.

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-privilege-change",
        theme: Theme::Lifecycle,
        title: "A privilege was granted",
        severity: Severity::Medium,
        summary: "IAM calls in the CloudTrail logs given with the scan that grant privileges: AdministratorAccess attached is high outside the allowed deployers and medium by them or through a CloudFormation stack; other grants medium outside, low by them.",
        rationale: "A new access key or an administrator policy is how a foothold becomes a lasting one; infrastructure code can grant it too, and a reviewer should still see it.",
        remediation: "Confirm the grant was intended and is the least privilege the task needs; revoke it and rotate the credentials involved if not.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "privilege-change", out);
}
