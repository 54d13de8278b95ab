//! Access-key age: `access_key_N_last_rotated` is when the key was created or last rotated;
//! ages are counted to the report's generation time, so a re-run on the same export agrees.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::days::days_between;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

/// CIS 1.14 and FSBP IAM.3.
const MAX_AGE_DAYS: i64 = 90;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "access-key-not-rotated",
        theme: Theme::Identity,
        title: "Access key older than 90 days",
        severity: Severity::Medium,
        summary: "Active IAM user access keys created or rotated more than 90 days before the credential report.",
        rationale: "Long-lived keys end up in laptops, CI logs and old repositories; the older the key, the more places it has leaked to. Roles and Identity Center give short-lived credentials instead.",
        remediation: "Replace the key (create a new one, move its users, deactivate, then delete the old one), or better, replace the user with a role.",
        references: &[
            Reference { framework: CIS_V3, control: "1.14" },
            Reference { framework: FSBP, control: "IAM.3" },
        ],
        requires: &[ResourceKind::CredentialReport],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    let Some(now) = super::report_time(CHECK.meta, report, out) else {
        return;
    };
    for row in report.rows.iter().filter(|r| !r.is_root()) {
        for key in super::active_keys(row) {
            let Some(age) = key.rotated.and_then(|t| days_between(t, now)) else {
                continue;
            };
            if age <= MAX_AGE_DAYS {
                continue;
            }
            out.findings.push(
                super::row_finding(cx, CHECK.meta, report, row)
                    .message(format!("access key {} of IAM user {} is {age} days old", key.number, row.user))
                    .evidence(format!(
                        "created or rotated {}; last used {}",
                        super::last_used(key.rotated),
                        super::last_used(key.used)
                    ))
                    .remediation(format!("aws iam list-access-keys --user-name {}", row.user))
                    .remediation(format!("aws iam create-access-key --user-name {}", row.user))
                    .remediation(format!(
                        "after its users have the new key: aws iam update-access-key --user-name {} --access-key-id OLD_KEY_ID --status Inactive, then aws iam delete-access-key --user-name {} --access-key-id OLD_KEY_ID",
                        row.user, row.user
                    ))
                    .key(format!("key{}", key.number))
                    .build(),
            );
        }
    }
}
