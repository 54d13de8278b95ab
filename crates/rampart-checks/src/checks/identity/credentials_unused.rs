//! Unused credentials: a console password or active key not used for 45 days (a credential
//! never used counts from when it was created). `no_information` means IAM has no record of
//! use, which is treated like never used.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::days::days_between;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

/// CIS 1.12 and FSBP IAM.22.
const MAX_IDLE_DAYS: i64 = 45;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "credentials-unused",
        theme: Theme::Identity,
        title: "Credential unused for 45 days",
        severity: Severity::Medium,
        summary: "Console passwords and active access keys of IAM users not used for more than 45 days before the credential report.",
        rationale: "A credential nobody uses is one nobody would miss, and nobody would notice being used by someone else.",
        remediation: "Delete the console password or deactivate the key; delete it once nothing breaks.",
        references: &[
            Reference { framework: CIS_V3, control: "1.12" },
            Reference { framework: FSBP, control: "IAM.22" },
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
    let idle = |used: Option<&str>, since: Option<&str>| {
        let from = if super::last_used(used) == "never" { since } else { used };
        from.and_then(|t| days_between(t, now)).filter(|d| *d > MAX_IDLE_DAYS)
    };
    for row in report.rows.iter().filter(|r| !r.is_root()) {
        if row.password_enabled {
            if let Some(days) = idle(row.password_last_used.as_deref(), row.user_creation_time.as_deref()) {
                out.findings.push(
                    super::row_finding(cx, CHECK.meta, report, row)
                        .message(format!(
                            "console password of IAM user {} unused for {days} days",
                            row.user
                        ))
                        .evidence(format!(
                            "password last used {}",
                            super::last_used(row.password_last_used.as_deref())
                        ))
                        .remediation(format!("aws iam delete-login-profile --user-name {}", row.user))
                        .key("password")
                        .build(),
                );
            }
        }
        for key in super::active_keys(row) {
            let Some(days) = idle(key.used, key.rotated) else {
                continue;
            };
            out.findings.push(
                super::row_finding(cx, CHECK.meta, report, row)
                    .message(format!(
                        "access key {} of IAM user {} unused for {days} days",
                        key.number, row.user
                    ))
                    .evidence(format!(
                        "created or rotated {}; last used {}",
                        super::last_used(key.rotated),
                        super::last_used(key.used)
                    ))
                    .remediation(format!("aws iam list-access-keys --user-name {}", row.user))
                    .remediation(format!(
                        "aws iam update-access-key --user-name {} --access-key-id KEY_ID --status Inactive",
                        row.user
                    ))
                    .key(format!("key{}", key.number))
                    .build(),
            );
        }
    }
}
