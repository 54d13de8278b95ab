//! Someone to call AWS Support in an incident (CIS 1.17, FSBP IAM.18): some user, group or role
//! has AWS's `AWSSupportAccess` managed policy attached. `get-account-authorization-details`
//! lists each principal's attached policies, so its absence is known when that was read.

use rampart_inventory::{ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "support-role-missing",
        theme: Theme::Identity,
        title: "No role can open AWS Support cases",
        severity: Severity::Low,
        summary: "No IAM user, group or role has the AWSSupportAccess managed policy attached.",
        rationale: "In an incident the team must open a Support case at once; if only root can, someone has to fetch the root credentials at the worst moment.",
        remediation: "Create a support role for the incident team: `aws iam create-role --role-name support --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess`.",
        references: &[
            Reference { framework: CIS_V3, control: "1.17" },
            Reference { framework: FSBP, control: "IAM.18" },
        ],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let iam = &cx.inventory.global.iam;
    let support = |arns: &[String]| arns.iter().any(|a| a.ends_with(":iam::aws:policy/AWSSupportAccess"));
    if iam.users.iter().any(|u| support(&u.attached_policy_arns))
        || iam.groups.iter().any(|g| support(&g.attached_policy_arns))
        || iam.roles.iter().any(|r| support(&r.attached_policy_arns))
    {
        return;
    }
    out.findings.push(
        Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::::Account", cx.account)
            .message(format!("no principal of account {} can manage AWS Support cases", cx.account))
            .evidence(format!(
                "AWSSupportAccess is attached to none of {} user(s), {} group(s), {} role(s)",
                iam.users.len(),
                iam.groups.len(),
                iam.roles.len()
            ))
            .remediation(format!(
                "aws iam create-role --role-name incident-support --assume-role-policy-document '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:{}:iam::{}:root\"}},\"Action\":\"sts:AssumeRole\"}}]}}'",
                cx.partition(),
                cx.account
            ))
            .remediation(format!(
                "aws iam attach-role-policy --role-name incident-support --policy-arn arn:{}:iam::aws:policy/AWSSupportAccess",
                cx.partition()
            ))
            .build(),
    );
}
