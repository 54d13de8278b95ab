//! How people sign in. AWS guidance (IAM User Guide, "Security best practices in IAM":
//! require human users to use federation with an identity provider to access AWS using
//! temporary credentials): people should come in through IAM Identity Center or a SAML/OIDC
//! identity provider, not as IAM users with passwords. Signs of federation read from the
//! roles: Identity Center creates its permission-set roles under the path
//! `/aws-reserved/sso.amazonaws.com/` (IAM Identity Center User Guide, "Permission sets");
//! a role whose trust policy names a `Federated` principal with `sts:AssumeRoleWithSAML` or
//! `sts:AssumeRoleWithWebIdentity` is reached through that provider. Console users come from
//! the credential report (`password_enabled`).

use std::collections::BTreeSet;

use rampart_inventory::{ResourceKind, GLOBAL};
use serde_json::Value;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3};
use crate::policy::parse;
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "console-users-not-federated",
        theme: Theme::Identity,
        title: "People sign in as IAM users instead of through federation",
        severity: Severity::Medium,
        summary: "IAM users with console passwords: medium when the account shows no federation (no IAM Identity Center permission-set roles, no role trusting a SAML or OIDC provider), low when federation exists and these users are left over.",
        rationale: "An IAM user's password lives outside the company's identity provider: it is not disabled when the person leaves, not covered by the provider's MFA and device policies, and not in its audit trail.",
        remediation: "Enable IAM Identity Center (or a SAML provider), give people permission sets, then delete the IAM users' login profiles: `aws iam delete-login-profile --user-name USER`.",
        references: &[Reference { framework: CIS_V3, control: "1.21" }],
        requires: &[ResourceKind::CredentialReport, ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

/// The identity providers a role's trust policy lets in (`Federated` principals).
fn federated(doc: &str) -> Vec<String> {
    let Ok(policy) = parse(doc) else { return Vec::new() };
    policy
        .statements
        .iter()
        .filter(|s| {
            s.allow && (s.actions_match("sts:AssumeRoleWithSAML") || s.actions_match("sts:AssumeRoleWithWebIdentity"))
        })
        .filter_map(|s| s.principal.as_ref()?.get("Federated"))
        .flat_map(|f| match f {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    let console: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| !r.is_root() && r.password_enabled)
        .map(|r| r.user.as_str())
        .collect();
    if console.is_empty() {
        return;
    }
    let roles = &cx.inventory.global.iam.roles;
    let sso = roles
        .iter()
        .filter(|r| {
            r.path
                .as_deref()
                .is_some_and(|p| p.starts_with("/aws-reserved/sso.amazonaws.com/"))
        })
        .count();
    let providers: BTreeSet<String> = roles
        .iter()
        .filter_map(|r| r.trust_policy.as_deref())
        .flat_map(federated)
        .collect();
    let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::::Account", cx.account)
        .message(format!(
            "{} IAM user(s) sign in to the console with a password: {}",
            console.len(),
            console.join(", ")
        ))
        .blast_radius(console.len());
    if sso == 0 && providers.is_empty() {
        b = b.evidence("no IAM Identity Center permission-set role and no role trusting a SAML or OIDC provider");
    } else {
        b = b.severity(Severity::Low);
        if sso > 0 {
            b = b.evidence(format!("IAM Identity Center is in use: {sso} permission-set role(s)"));
        }
        if !providers.is_empty() {
            b = b.evidence(format!(
                "roles trust identity providers: {}",
                providers.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    for user in &console {
        b = b.remediation(format!(
            "aws iam delete-login-profile --user-name {user}   # once {user} signs in through federation"
        ));
    }
    out.findings.push(b.build());
}
