//! Roles other accounts may assume. AWS semantics (IAM User Guide, "AWS JSON policy elements:
//! Principal" and "The confused deputy problem"): an `AWS` principal in a trust policy names an
//! account (`123456789012`, `arn:aws:iam::123456789012:root`) or a user or role in it; the
//! named account's administrators then decide who there may assume the role. A third party
//! acting for several customers should be required to pass `sts:ExternalId`, so that another
//! customer cannot make it act here. Accounts listed in `[identity] trusted_accounts` and the
//! audited account itself are not reported; `*` is `role-trusts-any-principal`'s.

use std::collections::BTreeSet;

use rampart_inventory::{ResourceKind, GLOBAL};
use serde_json::Value;

use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Severity, Theme};
use crate::policy::parse;
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "role-trusts-external-account",
        theme: Theme::Identity,
        title: "Role can be assumed from an account outside the trusted list",
        severity: Severity::Medium,
        summary: "IAM roles whose trust policy lets principals of another AWS account assume them, when that account is not in rampart.toml's [identity] trusted_accounts; low when an sts:ExternalId is required.",
        rationale: "Whoever administers the other account decides who there may take this role's rights; an unknown or forgotten account id is a standing door, and without an external id a vendor can be tricked into using it for someone else.",
        remediation: "Remove accounts that no longer need access; require `sts:ExternalId` for third parties; list the accounts you do trust in rampart.toml: [identity] trusted_accounts = [\"111122223333\"].",
        references: &[],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

/// The account id an `AWS` principal names: a bare id or the fifth field of an ARN.
fn account_of(principal: &str) -> Option<&str> {
    let id = if principal.starts_with("arn:") {
        principal.split(':').nth(4)?
    } else {
        principal
    };
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

fn aws_principals(principal: &Value) -> Vec<&str> {
    let Some(aws) = principal.get("AWS") else {
        return Vec::new();
    };
    match aws {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let trusted: BTreeSet<&str> = cx
        .config
        .identity
        .trusted_accounts
        .iter()
        .map(String::as_str)
        .chain([cx.account])
        .collect();
    for role in &cx.inventory.global.iam.roles {
        let Some(doc) = &role.trust_policy else { continue };
        let Ok(policy) = parse(doc) else {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: GLOBAL.to_owned(),
                resource_id: Some(role.name.clone()),
                reason: "trust policy not readable".into(),
            });
            continue;
        };
        // (account, whether the statement requires an external id, other condition keys)
        let mut external: Vec<(String, bool, Vec<String>)> = Vec::new();
        for s in policy
            .statements
            .iter()
            .filter(|s| s.allow && s.actions_match("sts:AssumeRole"))
        {
            let Some(principal) = &s.principal else { continue };
            let external_id = s
                .condition_keys
                .iter()
                .any(|k| k.eq_ignore_ascii_case("sts:ExternalId"));
            for p in aws_principals(principal) {
                if let Some(account) = account_of(p).filter(|a| !trusted.contains(a)) {
                    let others: Vec<String> = s
                        .condition_keys
                        .iter()
                        .filter(|k| !k.eq_ignore_ascii_case("sts:ExternalId"))
                        .cloned()
                        .collect();
                    external.push((account.to_owned(), external_id, others));
                }
            }
        }
        if external.is_empty() {
            continue;
        }
        let accounts: BTreeSet<&str> = external.iter().map(|(a, _, _)| a.as_str()).collect();
        let all_with_id = external.iter().all(|(_, id, _)| *id);
        let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::IAM::Role", &role.name)
            .arn(role.arn.clone())
            .message(format!(
                "role {} can be assumed from account(s) {} (not in [identity] trusted_accounts)",
                role.name,
                accounts.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        for (account, id, others) in &external {
            let mut line = format!(
                "trust policy: Allow sts:AssumeRole to account {account}{}",
                if *id {
                    ", requiring sts:ExternalId"
                } else {
                    ", no sts:ExternalId"
                }
            );
            if !others.is_empty() {
                line.push_str(&format!(", under conditions on {}", others.join(", ")));
            }
            b = b.evidence(line);
        }
        if all_with_id {
            b = b.severity(Severity::Low);
        }
        if external.iter().any(|(_, _, others)| !others.is_empty()) {
            b = b.confidence(Confidence::Medium);
        }
        b = b
            .remediation(format!(
                "aws iam get-role --role-name {} --query Role.AssumeRolePolicyDocument   # then remove the accounts that no longer need it, or require an external id:",
                role.name
            ))
            .remediation(format!(
                "aws iam update-assume-role-policy --role-name {} --policy-document '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:{}:iam::{}:root\"}},\"Action\":\"sts:AssumeRole\",\"Condition\":{{\"StringEquals\":{{\"sts:ExternalId\":\"EXTERNAL_ID\"}}}}}}]}}'",
                role.name,
                cx.partition(),
                accounts.iter().next().copied().unwrap_or("ACCOUNT_ID")
            ));
        out.findings.push(b.build());
    }
}

#[cfg(test)]
mod tests {
    use super::account_of;

    #[test]
    fn principals_name_accounts() {
        assert_eq!(account_of("444455556666"), Some("444455556666"));
        assert_eq!(account_of("arn:aws:iam::444455556666:root"), Some("444455556666"));
        assert_eq!(account_of("arn:aws-cn:iam::444455556666:role/x"), Some("444455556666"));
        assert_eq!(
            account_of("arn:aws:sts::444455556666:assumed-role/r/s"),
            Some("444455556666")
        );
        assert_eq!(account_of("*"), None);
        assert_eq!(account_of("AIDAEXAMPLE"), None);
    }
}
