//! Roles anyone may assume. AWS semantics (IAM User Guide, "AWS JSON policy elements:
//! Principal"): in a role's trust policy, `"Principal": "*"` or `{"AWS": "*"}` lets every AWS
//! principal of every account call `sts:AssumeRole` on it; a `Condition` may narrow that (to
//! an organization, an external id), which this check reports with lower severity and
//! confidence rather than trusting or ignoring.

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
        id: "role-trusts-any-principal",
        theme: Theme::Identity,
        title: "Role can be assumed by any AWS principal",
        severity: Severity::Critical,
        summary: "IAM roles whose trust policy allows sts:AssumeRole to every AWS principal (`*`); critical without a condition, low with one.",
        rationale: "Anyone with an AWS account, anywhere, can take the role's rights; the account id and role name are easy to guess or find.",
        remediation: "Name the accounts or roles that may assume it in the trust policy, and require an external id for third parties.",
        references: &[],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn is_everyone(principal: &Value) -> bool {
    let star = |v: &Value| match v {
        Value::String(s) => s == "*",
        Value::Array(items) => items.iter().any(|i| i == "*"),
        _ => false,
    };
    star(principal) || principal.get("AWS").is_some_and(star)
}

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    for role in &cx.inventory.global.iam.roles {
        let Some(doc) = &role.trust_policy else { continue };
        let policy = match parse(doc) {
            Ok(p) => p,
            Err(e) => {
                out.not_evaluated.push(NotEvaluated {
                    check_id: CHECK.meta.id,
                    scope: GLOBAL.to_owned(),
                    resource_id: Some(role.name.clone()),
                    reason: format!("trust policy not readable: {e}"),
                });
                continue;
            }
        };
        let open: Vec<_> = policy
            .statements
            .iter()
            .filter(|s| s.allow && s.actions_match("sts:AssumeRole") && s.principal.as_ref().is_some_and(is_everyone))
            .collect();
        if open.is_empty() {
            continue;
        }
        let unconditional = open.iter().any(|s| !s.conditional);
        let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::IAM::Role", &role.name)
            .arn(role.arn.clone())
            .message(format!("role {} can be assumed by any AWS principal", role.name))
            .evidence("trust policy: Allow sts:AssumeRole to Principal *");
        if !unconditional {
            let keys: Vec<&str> = open
                .iter()
                .flat_map(|s| s.condition_keys.iter().map(String::as_str))
                .collect();
            b = b
                .severity(Severity::Low)
                .confidence(Confidence::Low)
                .message(format!(
                    "role {} can be assumed by any AWS principal that meets its conditions",
                    role.name
                ))
                .evidence(format!("narrowed only by conditions on {}", keys.join(", ")));
        }
        out.findings.push(
            b.remediation(format!(
                "aws iam update-assume-role-policy --role-name {} --policy-document '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"arn:{}:iam::TRUSTED_ACCOUNT_ID:root\"}},\"Action\":\"sts:AssumeRole\",\"Condition\":{{\"StringEquals\":{{\"sts:ExternalId\":\"EXTERNAL_ID\"}}}}}}]}}'",
                role.name,
                cx.partition()
            ))
            .build(),
        );
    }
}
