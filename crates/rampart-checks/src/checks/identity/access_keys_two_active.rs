//! Two active access keys on one IAM user (CIS 1.13): AWS allows two so that a key can be
//! rotated without downtime; both staying active means the old one was never retired, and
//! twice the long-lived secrets are out there.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "access-keys-two-active",
        theme: Theme::Identity,
        title: "IAM user has two active access keys",
        severity: Severity::Medium,
        summary: "IAM users (not root: see root-access-key) whose two access keys are both active.",
        rationale: "The second key exists for rotation; when both stay active the rotation was never finished, and a leaked old key keeps working.",
        remediation: "Find which key is still used (its last-used date), move everything to the newer one, then deactivate and delete the other.",
        references: &[Reference { framework: CIS_V3, control: "1.13" }],
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
        if keys.len() < 2 {
            continue;
        }
        // Retire the key that was used least recently (ISO dates compare as text; never
        // used sorts first).
        let older = keys
            .iter()
            .min_by_key(|k| super::last_used(k.used).replace("never", ""))
            .map_or(1, |k| k.number);
        let mut b = super::row_finding(cx, CHECK.meta, report, row)
            .message(format!("IAM user {} has two active access keys", row.user));
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
                    "aws iam update-access-key --user-name {} --access-key-id KEY{older}_ID --status Inactive   # key {older} was used least recently; delete it once nothing breaks",
                    row.user
                ))
                .build(),
        );
    }
}
