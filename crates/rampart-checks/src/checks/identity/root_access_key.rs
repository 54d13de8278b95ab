//! Root access keys, from the credential report's `access_key_N_*` columns, else from the
//! account summary's `AccountAccessKeysPresent` (`identity::root`), which counts inactive keys too.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "root-access-key",
        theme: Theme::Identity,
        title: "Root user has an active access key",
        severity: Severity::Critical,
        summary: "Active access keys on the root user, with when each was last used.",
        rationale: "A root key is a permanent, unrestrictable credential for everything in the account; no SCP or permission boundary limits it in a standalone account.",
        remediation: "Move whatever uses the key to an IAM role, then delete the key as root (Security credentials, Access keys).",
        references: &[
            Reference { framework: CIS_V3, control: "1.4" },
            Reference { framework: FSBP, control: "IAM.4" },
        ],
        requires: &[],
        requires_one_of: &[ResourceKind::CredentialReport, ResourceKind::AccountSummary],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let remediation = "find what uses it first: CloudTrail events with userIdentity.type Root and an accessKeyId; then deactivate and delete it as root under Security credentials (or from the management account through a privileged root session, where centralized root access is on)";
    match super::root(cx, CHECK.meta, "AccountAccessKeysPresent", out) {
        Some(super::Root::Row(report, row)) => {
            for key in super::active_keys(row) {
                let (n, used, rotated) = (key.number, key.used, key.rotated);
                out.findings.push(
                    super::row_finding(cx, CHECK.meta, report, row)
                        .message(format!("the root user of account {} has an active access key (key {n})", cx.account))
                        .evidence(format!(
                            "access_key_{n}_active: true; created or rotated {}; last used {}",
                            super::last_used(rotated),
                            super::last_used(used)
                        ))
                        .remediation(remediation)
                        .key(format!("key{n}"))
                        .build(),
                );
            }
        }
        // The summary counts keys whatever their status: any root key is against CIS 1.4.
        Some(super::Root::Summary(flag)) if flag > 0 => out.findings.push(
            super::summary_finding(cx, CHECK.meta, "AccountAccessKeysPresent", flag)
                .message(format!(
                    "the root user of account {} has an access key (the account summary does not say whether it is active)",
                    cx.account
                ))
                .remediation(remediation)
                .build(),
        ),
        _ => {}
    }
}
