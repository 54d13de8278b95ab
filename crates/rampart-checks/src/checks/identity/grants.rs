//! What an IAM user or role may do: the union of its identity policies (attached managed,
//! inline, and for a user its groups'), within its permissions boundary. AWS semantics (IAM
//! User Guide, "Policy evaluation logic"): within an account, an identity-based Allow grants
//! unless an explicit Deny matches; a permissions boundary caps it (both must allow). Service
//! control policies, session policies and resource policies are not read: a right found here
//! may still be cut by an SCP, never widened.
//!
//! A managed policy whose document is not in the export leaves the answer open: a right it
//! might add is *not evaluated*, never silently absent. `AdministratorAccess` is known by its
//! ARN (its one statement is documented: Allow `*` on `*`).

use rampart_inventory::{IamRole, IamUser, InlinePolicy};

use crate::context::GlobalContext;
use crate::policy::{decide, parse, Decision, Policy};

const ADMINISTRATOR_ACCESS: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// A policy as the principal gets it: where from, its name, and its document when readable.
pub struct Granted {
    /// `attached policy`, `inline policy`, `through group`.
    pub via: &'static str,
    pub name: String,
    pub policy: Result<Policy, String>,
}

/// Everything that decides one principal's rights.
pub struct Rights {
    pub granted: Vec<Granted>,
    /// The boundary's ARN and document, when one is set.
    pub boundary: Option<(String, Result<Policy, String>)>,
}

impl Rights {
    pub fn of_user(cx: &GlobalContext, user: &IamUser) -> Rights {
        Rights {
            granted: user_grants(cx, user),
            boundary: boundary(cx, user.permissions_boundary_arn.as_deref()),
        }
    }

    pub fn of_role(cx: &GlobalContext, role: &IamRole) -> Rights {
        let granted = own(cx, &role.attached_policy_arns, &role.inline_policies);
        Rights {
            granted,
            boundary: boundary(cx, role.permissions_boundary_arn.as_deref()),
        }
    }

    fn readable(&self) -> impl Iterator<Item = &Policy> {
        self.granted.iter().filter_map(|g| g.policy.as_ref().ok())
    }

    /// Policies whose documents could not be read, with why.
    pub fn unreadable(&self) -> Vec<String> {
        self.granted
            .iter()
            .filter_map(|g| g.policy.as_ref().err().map(|e| format!("{} ({e})", g.name)))
            .collect()
    }

    /// The decision for one action on one resource, within the boundary.
    pub fn decide(&self, action: &str, resource: &str) -> Decision {
        let d = decide(self.readable(), action, resource);
        match &self.boundary {
            Some((_, Ok(b))) => within(d, decide([b], action, resource)),
            // An unreadable boundary may cut what the policies allow, never add.
            Some((_, Err(_))) if matches!(d, Decision::Allowed | Decision::Conditional) => Decision::Conditional,
            _ => d,
        }
    }

    /// The granted policies that, alone, allow the action on the resource.
    pub fn sources(&self, action: &str, resource: &str) -> Vec<&Granted> {
        self.granted
            .iter()
            .filter(|g| {
                g.policy
                    .as_ref()
                    .is_ok_and(|p| matches!(decide([p], action, resource), Decision::Allowed | Decision::Conditional))
            })
            .collect()
    }
}

/// An answer within a permissions boundary: both must allow.
pub fn within(identity: Decision, boundary: Decision) -> Decision {
    match (identity, boundary) {
        (Decision::Denied, _) | (_, Decision::Denied) => Decision::Denied,
        (Decision::NotAllowed, _) | (_, Decision::NotAllowed) => Decision::NotAllowed,
        (Decision::Allowed, Decision::Allowed) => Decision::Allowed,
        _ => Decision::Conditional,
    }
}

fn boundary(cx: &GlobalContext, arn: Option<&str>) -> Option<(String, Result<Policy, String>)> {
    arn.map(|a| (a.to_owned(), managed(cx, a)))
}

/// A principal's own policies: attached managed ones, then inline ones.
fn own(cx: &GlobalContext, attached: &[String], inline: &[InlinePolicy]) -> Vec<Granted> {
    attached
        .iter()
        .map(|arn| Granted {
            via: "attached policy",
            name: arn.clone(),
            policy: managed(cx, arn),
        })
        .chain(inline.iter().map(|p| Granted {
            via: "inline policy",
            name: p.name.clone(),
            policy: parse(&p.document),
        }))
        .collect()
}

fn user_grants(cx: &GlobalContext, user: &IamUser) -> Vec<Granted> {
    let iam = &cx.inventory.global.iam;
    let mut out = own(cx, &user.attached_policy_arns, &user.inline_policies);
    for group_name in &user.groups {
        let Some(group) = iam.groups.iter().find(|g| &g.name == group_name) else {
            out.push(Granted {
                via: "through group",
                name: format!("{group_name}: the group"),
                policy: Err("the group is not in the export".into()),
            });
            continue;
        };
        for arn in &group.attached_policy_arns {
            out.push(Granted {
                via: "through group",
                name: format!("{group_name}: {arn}"),
                policy: managed(cx, arn),
            });
        }
        for p in &group.inline_policies {
            out.push(Granted {
                via: "through group",
                name: format!("{group_name}: inline {}", p.name),
                policy: parse(&p.document),
            });
        }
    }
    out
}

/// `GROUP: POLICY` → `GROUP`.
pub fn group_of(name: &str) -> &str {
    name.split_once(": ").map_or(name, |(g, _)| g)
}

/// A managed policy's default version, or the documented content of AdministratorAccess.
pub fn managed(cx: &GlobalContext, arn: &str) -> Result<Policy, String> {
    let found = cx.inventory.global.iam.policies.iter().find(|p| p.arn == arn);
    match found.and_then(|p| p.default_document.as_deref()) {
        Some(doc) => parse(doc),
        None if arn.ends_with(":iam::aws:policy/AdministratorAccess") => parse(ADMINISTRATOR_ACCESS),
        None => Err("its document is not in the export".into()),
    }
}

/// The command that takes a granted policy away from a user or role.
pub fn removal(g: &Granted, kind: &str, name: &str) -> String {
    match (g.via, kind) {
        ("through group", _) => format!(
            "aws iam remove-user-from-group --group-name {} --user-name {name}",
            group_of(&g.name)
        ),
        ("inline policy", "user") => format!("aws iam delete-user-policy --user-name {name} --policy-name {}", g.name),
        ("inline policy", _) => format!("aws iam delete-role-policy --role-name {name} --policy-name {}", g.name),
        (_, "user") => format!("aws iam detach-user-policy --user-name {name} --policy-arn {}", g.name),
        _ => format!("aws iam detach-role-policy --role-name {name} --policy-arn {}", g.name),
    }
}

/// A role AWS creates and manages for a service (path `/aws-service-role/`): not the
/// account's to change, and no person assumes it.
pub fn is_service_linked(role: &IamRole) -> bool {
    role.path
        .as_deref()
        .is_some_and(|p| p.starts_with("/aws-service-role/"))
}
