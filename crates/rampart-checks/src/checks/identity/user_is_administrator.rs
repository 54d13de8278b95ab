//! IAM users with administrator rights: every sensitive probe action allowed on `*` by the
//! union of their policies (attached, inline, and their groups'), within their permissions
//! boundary. Semantics in `policy.rs`. `AdministratorAccess` is known by its ARN when its
//! document was not exported; any other policy whose document is missing leaves the user not
//! evaluated, unless what was read already makes them an administrator.

use rampart_inventory::{IamUser, ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::policy::{decide, parse, Decision, Policy};
use crate::registry::{Check, Runner};

/// Actions only an administrator has all of: grant rights, make keys, turn off the record,
/// read any data, leave the organization.
const PROBES: [&str; 8] = [
    "iam:PutUserPolicy",
    "iam:AttachRolePolicy",
    "iam:CreateAccessKey",
    "iam:PassRole",
    "cloudtrail:StopLogging",
    "ec2:AuthorizeSecurityGroupIngress",
    "s3:GetObject",
    "kms:Decrypt",
];

const ADMINISTRATOR_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

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
    },
    run: Runner::Global(run),
};

/// A policy as the user gets it: where from, its name, and its document when readable.
struct Granted {
    via: String,
    name: String,
    policy: Result<Policy, String>,
}

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let iam = &cx.inventory.global.iam;
    for user in &iam.users {
        let granted = granted(cx, user);
        let readable: Vec<&Policy> = granted.iter().filter_map(|g| g.policy.as_ref().ok()).collect();
        let unreadable: Vec<String> = granted
            .iter()
            .filter_map(|g| g.policy.as_ref().err().map(|e| format!("{} ({e})", g.name)))
            .collect();
        let boundary = user
            .permissions_boundary_arn
            .as_deref()
            .map(|arn| (arn, managed(cx, arn)));
        let decisions: Vec<Decision> = PROBES
            .iter()
            .map(|action| {
                let d = decide(readable.iter().copied(), action, "*");
                match &boundary {
                    Some((_, Ok(b))) => both(d, decide([b], action, "*")),
                    Some((_, Err(_))) if d != Decision::NotAllowed && d != Decision::Denied => Decision::Conditional,
                    _ => d,
                }
            })
            .collect();
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
        for g in granted.iter().filter(|g| g.policy.as_ref().is_ok_and(grants_admin)) {
            b = b.evidence(format!("{} {}", g.via, g.name));
            b = b.remediation(match g.via.as_str() {
                "through group" => format!(
                    "aws iam remove-user-from-group --group-name {} --user-name {}",
                    group_of(&g.name),
                    user.name
                ),
                "inline policy" => format!(
                    "aws iam delete-user-policy --user-name {} --policy-name {}",
                    user.name, g.name
                ),
                _ => format!(
                    "aws iam detach-user-policy --user-name {} --policy-arn {}",
                    user.name, g.name
                ),
            });
        }
        if let Some((arn, _)) = boundary {
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

/// An answer within a permissions boundary: both must allow.
fn both(identity: Decision, boundary: Decision) -> Decision {
    match (identity, boundary) {
        (Decision::Denied, _) | (_, Decision::Denied) => Decision::Denied,
        (Decision::NotAllowed, _) | (_, Decision::NotAllowed) => Decision::NotAllowed,
        (Decision::Allowed, Decision::Allowed) => Decision::Allowed,
        _ => Decision::Conditional,
    }
}

/// Whether this one policy, alone, allows every probe.
fn grants_admin(p: &Policy) -> bool {
    PROBES
        .iter()
        .all(|a| matches!(decide([p], a, "*"), Decision::Allowed | Decision::Conditional))
}

fn granted(cx: &GlobalContext, user: &IamUser) -> Vec<Granted> {
    let iam = &cx.inventory.global.iam;
    let mut out: Vec<Granted> = user
        .attached_policy_arns
        .iter()
        .map(|arn| Granted {
            via: "attached policy".into(),
            name: arn.clone(),
            policy: managed(cx, arn),
        })
        .chain(user.inline_policies.iter().map(|p| Granted {
            via: "inline policy".into(),
            name: p.name.clone(),
            policy: parse(&p.document),
        }))
        .collect();
    for group_name in &user.groups {
        let Some(group) = iam.groups.iter().find(|g| &g.name == group_name) else {
            out.push(Granted {
                via: "through group".into(),
                name: format!("{group_name}: the group"),
                policy: Err("the group is not in the export".into()),
            });
            continue;
        };
        for arn in &group.attached_policy_arns {
            out.push(Granted {
                via: "through group".into(),
                name: format!("{group_name}: {arn}"),
                policy: managed(cx, arn),
            });
        }
        for p in &group.inline_policies {
            out.push(Granted {
                via: "through group".into(),
                name: format!("{group_name}: inline {}", p.name),
                policy: parse(&p.document),
            });
        }
    }
    out
}

fn group_of(name: &str) -> &str {
    name.split_once(": ").map_or(name, |(g, _)| g)
}

/// A managed policy's default version, or the AWS-documented content of AdministratorAccess.
fn managed(cx: &GlobalContext, arn: &str) -> Result<Policy, String> {
    let found = cx.inventory.global.iam.policies.iter().find(|p| p.arn == arn);
    match found.and_then(|p| p.default_document.as_deref()) {
        Some(doc) => parse(doc),
        None if arn.ends_with(":iam::aws:policy/AdministratorAccess") => parse(ADMINISTRATOR_ACCESS),
        None => Err("its document is not in the export".into()),
    }
}
