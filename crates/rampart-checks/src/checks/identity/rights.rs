//! The runner the "who may do X" checks share: each IAM user and role (service-linked roles
//! excepted: AWS's, not the account's) whose policies allow any of the check's actions on every
//! resource (`*`), with the policies that grant each, the commands that take them away, and
//! lower confidence when a grant rests on a condition or a document that was not read.
//!
//! Rights on `*` only: an action allowed on named resources is a scoped grant, not this risk.

use rampart_inventory::{IamRole, GLOBAL};
use serde_json::Value;

use super::grants::{is_service_linked, removal, Rights};
use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence};
use crate::policy::{parse, Decision};

/// Whom a check asks about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Every user and role.
    Everyone,
    /// Users and roles a person can assume, less the deployers of `[change_control]`.
    People,
}

/// Whether anything but an AWS service may assume the role (an account, a user or role, a
/// SAML or web-identity provider, anyone): then a person can hold its rights. A trust policy
/// that does not parse counts as a person's (never a silent pass).
pub fn assumable_by_people(role: &IamRole) -> bool {
    let Some(doc) = &role.trust_policy else { return true };
    let Ok(policy) = parse(doc) else { return true };
    policy
        .statements
        .iter()
        .filter(|s| s.allow)
        .any(|s| match &s.principal {
            Some(Value::Object(m)) => m.keys().any(|k| k != "Service"),
            Some(_) => true, // "*"
            None => false,
        })
}

pub struct Request<'a> {
    pub meta: &'static CheckMeta,
    pub actions: &'a [&'a str],
    pub who: Who,
    /// What the rights let one do, for the message: `read data anywhere`.
    pub what: &'a str,
}

pub fn run(cx: &GlobalContext, out: &mut Outcomes, req: &Request) {
    let iam = &cx.inventory.global.iam;
    let deployer = |arn: &str| req.who == Who::People && cx.config.change_control.is_deployer(arn);
    for user in iam.users.iter().filter(|u| !deployer(&u.arn)) {
        let rights = Rights::of_user(cx, user);
        judge(cx, out, req, &rights, ("user", &user.name, &user.arn, "AWS::IAM::User"));
    }
    for role in iam
        .roles
        .iter()
        .filter(|r| !is_service_linked(r) && !deployer(&r.arn))
        .filter(|r| req.who == Who::Everyone || assumable_by_people(r))
    {
        let rights = Rights::of_role(cx, role);
        judge(cx, out, req, &rights, ("role", &role.name, &role.arn, "AWS::IAM::Role"));
    }
}

/// (kind, name, ARN, resource type) of the principal.
type Principal<'a> = (&'static str, &'a str, &'a str, &'static str);

fn judge(cx: &GlobalContext, out: &mut Outcomes, req: &Request, rights: &Rights, who: Principal) {
    let (kind, name, arn, resource_type) = who;
    let decisions: Vec<(&str, Decision)> = req.actions.iter().map(|&a| (a, rights.decide(a, "*"))).collect();
    let granted: Vec<(&str, Decision)> = decisions
        .iter()
        .copied()
        .filter(|(_, d)| matches!(d, Decision::Allowed | Decision::Conditional))
        .collect();
    let unreadable = rights.unreadable();
    if granted.is_empty() {
        // An unread document might grant what the read ones do not.
        if !unreadable.is_empty() && decisions.iter().any(|(_, d)| *d == Decision::NotAllowed) {
            out.not_evaluated.push(NotEvaluated {
                check_id: req.meta.id,
                scope: GLOBAL.to_owned(),
                resource_id: Some(name.to_owned()),
                reason: format!("policy documents not readable: {}", unreadable.join(", ")),
            });
        }
        return;
    }
    let actions: Vec<&str> = granted.iter().map(|(a, _)| *a).collect();
    let mut b = Finding::builder(req.meta, cx.account, GLOBAL, resource_type, name)
        .arn(arn.to_owned())
        .message(if actions.len() == req.actions.len() {
            format!(
                "IAM {kind} {name} may {} on every resource (all {} actions checked)",
                req.what,
                actions.len()
            )
        } else {
            format!(
                "IAM {kind} {name} may {} on every resource: {}",
                req.what,
                actions.join(", ")
            )
        })
        .blast_radius(actions.len());
    // One line per set of granting policies: usually one policy grants them all.
    let mut lines: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut fixes: Vec<String> = Vec::new();
    for (action, decision) in &granted {
        let sources = rights.sources(action, "*");
        let names: Vec<String> = sources.iter().map(|g| format!("{} {}", g.via, g.name)).collect();
        let action = if *decision == Decision::Conditional {
            format!("{action} (under a condition)")
        } else {
            (*action).to_owned()
        };
        match lines.iter_mut().find(|(n, _)| *n == names) {
            Some((_, actions)) => actions.push(action),
            None => lines.push((names, vec![action])),
        }
        for g in sources {
            let fix = removal(g, kind, name);
            if !fixes.contains(&fix) {
                fixes.push(fix);
            }
        }
    }
    for (names, actions) in lines {
        let which = if actions.len() == req.actions.len() {
            "all of them".to_owned()
        } else {
            actions.join(", ")
        };
        b = b.evidence(format!("{} → {which}", names.join("; ")));
    }
    if let Some((boundary, _)) = &rights.boundary {
        b = b.evidence(format!("permissions boundary {boundary} allows it too"));
    }
    if granted.iter().any(|(_, d)| *d == Decision::Conditional) || !unreadable.is_empty() {
        b = b
            .confidence(Confidence::Medium)
            .evidence("some grants depend on conditions or on policies that were not read");
    }
    for fix in fixes {
        b = b.remediation(format!("{fix}   # then grant the actions on the resources needed only"));
    }
    out.findings.push(b.build());
}
