//! Users who get rights from their own policies rather than a group (CIS 1.15, FSBP IAM.2).
//! AWS semantics (IAM User Guide, "Security best practices"): permissions attached to groups
//! (or better, roles) are reviewed and removed in one place; policies on a user are rights
//! that follow the person and are forgotten when their job changes.

use rampart_inventory::{ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "user-with-direct-policies",
        theme: Theme::Identity,
        title: "IAM user has policies of its own",
        severity: Severity::Low,
        summary: "IAM users with managed policies attached directly or inline policies, instead of receiving permissions only through groups.",
        rationale: "Rights on a user escape the group reviews: they stay when the person changes team and are missed when access is audited by group.",
        remediation: "Put the user in a group that carries the policy (or move the workload to a role) and remove the user's own policies.",
        references: &[
            Reference { framework: CIS_V3, control: "1.15" },
            Reference { framework: FSBP, control: "IAM.2" },
        ],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    for user in &cx.inventory.global.iam.users {
        let direct = user.attached_policy_arns.len() + user.inline_policies.len();
        if direct == 0 {
            continue;
        }
        let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::IAM::User", &user.name)
            .arn(user.arn.clone())
            .message(format!("IAM user {} has {direct} policy(ies) of its own", user.name))
            .blast_radius(direct);
        for arn in &user.attached_policy_arns {
            b = b.evidence(format!("attached policy {arn}")).remediation(format!(
                "aws iam add-user-to-group --group-name GROUP_WITH_{} --user-name {} && aws iam detach-user-policy --user-name {} --policy-arn {arn}",
                arn.rsplit('/').next().unwrap_or("POLICY"),
                user.name,
                user.name
            ));
        }
        for p in &user.inline_policies {
            b = b.evidence(format!("inline policy {}", p.name)).remediation(format!(
                "aws iam delete-user-policy --user-name {} --policy-name {}   # after granting it through a group",
                user.name, p.name
            ));
        }
        out.findings.push(b.build());
    }
}
