//! IAM users with administrator rights: every sensitive probe action allowed on `*` by the
//! union of their policies (attached, inline, and their groups'), within their permissions
//! boundary. Semantics in `policy.rs`. `AdministratorAccess` is known by its ARN when its
//! document was not exported; any other policy whose document is missing leaves the user not
//! evaluated, unless what was read already makes them an administrator.

use rampart_inventory::{ResourceKind, GLOBAL};

use super::grants::{removal, Rights};
use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::policy::{decide, Decision, Policy};
use crate::registry::{Check, Runner};

/// Actions only an administrator has all of: grant rights, make keys, turn off the record,
/// read any data, leave the organization.
pub const PROBES: [&str; 8] = [
    "iam:PutUserPolicy",
    "iam:AttachRolePolicy",
    "iam:CreateAccessKey",
    "iam:PassRole",
    "cloudtrail:StopLogging",
    "ec2:AuthorizeSecurityGroupIngress",
    "s3:GetObject",
    "kms:Decrypt",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "user-is-administrator",
        theme: Theme::Identity,
        title: "IAM user has administrator rights",
        severity: Severity::High,
        summary: "IAM users whose policies (directly, through groups, or inline) allow every sensitive action on every resource, within any permissions boundary; service control policies are not read.",
        rationale: "A long-lived IAM user with administrator rights is the account's keys on a person or a laptop: whoever phishes the password or finds the key owns everything.",
        remediation: "Give administrators a role (IAM Identity Center permission set) they assume with MFA for the task, and remove the rights from the user.",
        references: &[
            Reference { framework: CIS_V3, control: "1.16" },
            Reference { framework: FSBP, control: "IAM.1" },
        ],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let iam = &cx.inventory.global.iam;
    for user in &iam.users {
        let rights = Rights::of_user(cx, user);
        let unreadable = rights.unreadable();
        let decisions: Vec<Decision> = PROBES.iter().map(|action| rights.decide(action, "*")).collect();
        let all_allowed = decisions
            .iter()
            .all(|d| matches!(d, Decision::Allowed | Decision::Conditional));
        if !all_allowed {
            if !unreadable.is_empty() && !decisions.contains(&Decision::Denied) {
                out.not_evaluated.push(NotEvaluated {
                    check_id: CHECK.meta.id,
                    scope: GLOBAL.to_owned(),
                    resource_id: Some(user.name.clone()),
                    reason: format!("policy documents not readable: {}", unreadable.join(", ")),
                });
            }
            continue;
        }
        let uncertain = decisions.contains(&Decision::Conditional) || !unreadable.is_empty();
        let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::IAM::User", &user.name)
            .arn(user.arn.clone())
            .message(format!("IAM user {} has administrator rights", user.name));
        for g in rights
            .granted
            .iter()
            .filter(|g| g.policy.as_ref().is_ok_and(grants_admin))
        {
            b = b.evidence(format!("{} {}", g.via, g.name));
            b = b.remediation(removal(g, "user", &user.name));
        }
        if let Some((arn, _)) = &rights.boundary {
            b = b.evidence(format!("permissions boundary {arn} allows it too"));
        }
        if uncertain {
            b = b
                .confidence(Confidence::Medium)
                .evidence("some grants depend on conditions or on policies that were not read");
        }
        out.findings.push(b.build());
    }
}

/// Whether this one policy, alone, allows every probe.
fn grants_admin(p: &Policy) -> bool {
    PROBES
        .iter()
        .all(|a| matches!(decide([p], a, "*"), Decision::Allowed | Decision::Conditional))
}
