//! Identity: root, people, keys and what their policies allow. The credential-report checks
//! read `iam get-credential-report`, whose columns are documented in the IAM User Guide,
//! "Getting credential reports for your AWS account": the root user's row is named
//! `<root_account>`; `mfa_active` covers virtual, hardware and passkey devices. The policy
//! checks read `iam get-account-authorization-details` through `crate::policy`.

pub mod access_key_not_rotated;
pub mod access_keys_two_active;
pub mod cloudshell_full_access_attached;
pub mod console_user_without_mfa;
pub mod console_users_not_federated;
pub mod credentials_unused;
pub mod data_exfiltration_rights;
pub mod execution_environment_rights;
pub mod grants;
pub mod network_controls_changeable_by_people;
pub mod password_policy_weak;
pub mod rights;
pub mod role_trusts_any_principal;
pub mod role_trusts_external_account;
pub mod root_access_key;
pub mod root_mfa_not_hardware;
pub mod root_used_recently;
pub mod root_without_mfa;
pub mod support_role_missing;
pub mod user_is_administrator;
pub mod user_with_access_keys;
pub mod user_with_direct_policies;

use rampart_inventory::{CredentialReport, CredentialReportRow, ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
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

/// What is known about the root user, from the best source that answers.
enum Root<'a> {
    /// The credential report's `<root_account>` row.
    Row(&'a CredentialReport, &'a CredentialReportRow),
    /// `iam get-account-summary`'s `SummaryMap` flag: 1 or 0.
    Summary(i64),
}

/// The root user's state from the credential report's `<root_account>` row, else from the
/// account summary's `summary_key` (IAM API Reference, GetAccountSummary: `AccountMFAEnabled`
/// is 1 "if the root user has an MFA device assigned", `AccountAccessKeysPresent` is 1 "if the
/// root user has access keys"; CIS 1.4 and 1.5 audit with these keys). When neither answers,
/// the check is recorded not evaluated with both reasons, and None returned.
fn root<'a>(
    cx: &GlobalContext<'a>,
    meta: &'static CheckMeta,
    summary_key: &str,
    out: &mut Outcomes,
) -> Option<Root<'a>> {
    let global = &cx.inventory.global;
    let coverage = &cx.inventory.coverage;
    if let Some(report) = &global.credential_report {
        if let Some(row) = report.rows.iter().find(|r| r.is_root()) {
            return Some(Root::Row(report, row));
        }
    }
    if let Some(&flag) = global.account_summary.get(summary_key) {
        return Some(Root::Summary(flag));
    }
    let why = |kind: ResourceKind, read: &str| match coverage.status(GLOBAL, kind).reason() {
        Some(reason) => reason.to_owned(),
        None => read.to_owned(),
    };
    let report = why(
        ResourceKind::CredentialReport,
        "the credential report has no `<root_account>` row",
    );
    let summary = why(
        ResourceKind::AccountSummary,
        &format!("the account summary has no `{summary_key}`"),
    );
    out.not_evaluated.push(NotEvaluated {
        check_id: meta.id,
        scope: GLOBAL.to_owned(),
        resource_id: Some(cx.account.to_owned()),
        reason: format!("nothing says what the root user has: {report}; {summary}"),
    });
    None
}

/// A finding about the root user judged from `iam get-account-summary`.
fn summary_finding(cx: &GlobalContext, meta: &'static CheckMeta, key: &str, flag: i64) -> FindingBuilder {
    Finding::builder(meta, cx.account, GLOBAL, "AWS::::Account", cx.account).evidence(format!(
        "iam get-account-summary: {key} = {flag} (the credential report has no root row)"
    ))
}

/// When a credential was last used, as the report says it (`N/A` and `no_information` mean never).
fn last_used(value: Option<&str>) -> &str {
    match value {
        Some(v) if !v.is_empty() && v != "N/A" && v != "no_information" => v,
        _ => "never",
    }
}

/// One active access key of a report row.
struct Key<'a> {
    number: u8,
    rotated: Option<&'a str>,
    used: Option<&'a str>,
}

fn active_keys(row: &CredentialReportRow) -> Vec<Key<'_>> {
    let keys = [
        (
            1,
            row.access_key_1_active,
            &row.access_key_1_last_rotated,
            &row.access_key_1_last_used,
        ),
        (
            2,
            row.access_key_2_active,
            &row.access_key_2_last_rotated,
            &row.access_key_2_last_used,
        ),
    ];
    keys.into_iter()
        .filter(|k| k.1)
        .map(|(number, _, rotated, used)| Key {
            number,
            rotated: rotated.as_deref(),
            used: used.as_deref(),
        })
        .collect()
}

/// When the report was generated: ages are counted to it. Without it ages cannot be judged.
fn report_time<'r>(meta: &'static CheckMeta, report: &'r CredentialReport, out: &mut Outcomes) -> Option<&'r str> {
    let time = report
        .generated_time
        .as_deref()
        .filter(|t| crate::days::day_number(t).is_some());
    if time.is_none() {
        out.not_evaluated.push(NotEvaluated {
            check_id: meta.id,
            scope: GLOBAL.to_owned(),
            resource_id: None,
            reason: "the credential report has no GeneratedTime to count ages from".into(),
        });
    }
    time
}
