//! Identity: root, people, keys and what their policies allow. Everything here reads the
//! IAM credential report (`iam get-credential-report`), whose columns are documented in the
//! IAM User Guide, "Getting credential reports for your AWS account": the root user's row is
//! named `<root_account>`; `mfa_active` covers virtual, hardware and passkey devices.

pub mod console_user_without_mfa;
pub mod root_access_key;
pub mod root_without_mfa;

use rampart_inventory::{CredentialReport, CredentialReportRow, GLOBAL};

use crate::context::GlobalContext;
use crate::finding::{Finding, FindingBuilder};
use crate::meta::CheckMeta;

/// A finding about one row of the credential report, scoped `global`, with when the report
/// was generated as the first evidence (the report can be up to four hours old).
fn row_finding(
    cx: &GlobalContext,
    meta: &'static CheckMeta,
    report: &CredentialReport,
    row: &CredentialReportRow,
) -> FindingBuilder {
    let (kind, id) = if row.is_root() {
        ("AWS::::Account", cx.account)
    } else {
        ("AWS::IAM::User", row.user.as_str())
    };
    let b = Finding::builder(meta, cx.account, GLOBAL, kind, id).arn(row.arn.clone());
    match &report.generated_time {
        Some(t) => b.evidence(format!("credential report generated {t}")),
        None => b,
    }
}

/// When a credential was last used, as the report says it (`N/A` and `no_information` mean never).
fn last_used(value: Option<&str>) -> &str {
    match value {
        Some(v) if !v.is_empty() && v != "N/A" && v != "no_information" => v,
        _ => "never",
    }
}
