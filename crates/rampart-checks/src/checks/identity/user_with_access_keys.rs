//! Long-lived credentials: IAM users with active access keys. AWS's own guidance (IAM User
//! Guide, "Security best practices in IAM") is to require temporary credentials — people
//! through IAM Identity Center or a federated role, workloads through roles (instance
//! profiles, task roles, OIDC federation for CI) — and to keep access keys for the cases that
//! cannot use a role. Every active key is reported (low), so the list is the migration plan;
//! the age, rotation and second-key checks rank the worse ones.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "user-with-access-keys",
        theme: Theme::Identity,
        title: "IAM user holds long-lived access keys",
        severity: Severity::Low,
        summary: "IAM users (not root: see root-access-key) with an active access key, where a role with temporary credentials would do: IAM Identity Center for people, instance profiles, task roles or OIDC federation for workloads and CI.",
        rationale: "An access key works from anywhere until someone deletes it; keys leak through repositories, laptops and CI logs, and nothing expires them. Temporary credentials end by themselves within hours.",
        remediation: "Move the user's callers to a role (CI: OIDC federation, e.g. GitHub Actions' aws-actions/configure-aws-credentials with role-to-assume; people: IAM Identity Center), then deactivate and delete the keys.",
        references: &[],
        requires: &[ResourceKind::CredentialReport],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    for row in report.rows.iter().filter(|r| !r.is_root()) {
        let keys = super::active_keys(row);
        if keys.is_empty() {
            continue;
        }
        let mut b = super::row_finding(cx, CHECK.meta, report, row)
            .message(format!(
                "IAM user {} holds {} active access key(s), long-lived credentials",
                row.user,
                keys.len()
            ))
            .blast_radius(keys.len());
        for k in &keys {
            b = b.evidence(format!(
                "access key {}: created or rotated {}, last used {}",
                k.number,
                super::last_used(k.rotated),
                super::last_used(k.used)
            ));
        }
        out.findings.push(
            b.remediation(format!("aws iam list-access-keys --user-name {}", row.user))
                .remediation(format!(
                    "once its callers use a role: aws iam update-access-key --user-name {} --access-key-id KEY_ID --status Inactive, then aws iam delete-access-key --user-name {} --access-key-id KEY_ID",
                    row.user, row.user
                ))
                .build(),
        );
    }
}
