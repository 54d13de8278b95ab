//! Root MFA. IAM User Guide, "Assign MFA devices in the AWS CLI or AWS API": an MFA device
//! for the root user cannot be enabled with the CLI or API, only in the console. Judged from the
//! credential report's root row, else from the account summary (`identity::root`).

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "root-without-mfa",
        theme: Theme::Identity,
        title: "Root user has no MFA",
        severity: Severity::Critical,
        summary: "The account's root user signs in with a password alone.",
        rationale: "Root can do everything, including closing the account and removing every other control; a phished or reused root password is the whole account.",
        remediation: "Sign in as root and assign an MFA device (a hardware key or passkey for root) under Security credentials.",
        references: &[
            Reference { framework: CIS_V3, control: "1.5" },
            Reference { framework: FSBP, control: "IAM.9" },
        ],
        requires: &[],
        requires_one_of: &[ResourceKind::CredentialReport, ResourceKind::AccountSummary],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let remediation = "only root can do this: sign in as root, open Security credentials, Assign MFA device (no API or CLI call exists for root MFA)";
    match super::root(cx, CHECK.meta, "AccountMFAEnabled", out) {
        Some(super::Root::Row(report, row)) if !row.mfa_active => out.findings.push(
            super::row_finding(cx, CHECK.meta, report, row)
                .message(format!("the root user of account {} has no MFA device", cx.account))
                .evidence(format!(
                    "mfa_active: false; password last used {}",
                    super::last_used(row.password_last_used.as_deref())
                ))
                .remediation(remediation)
                .build(),
        ),
        Some(super::Root::Summary(0)) => out.findings.push(
            super::summary_finding(cx, CHECK.meta, "AccountMFAEnabled", 0)
                .message(format!("the root user of account {} has no MFA device", cx.account))
                .remediation(remediation)
                .build(),
        ),
        _ => {}
    }
}
