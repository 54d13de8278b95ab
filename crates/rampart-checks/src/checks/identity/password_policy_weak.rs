//! The account password policy against CIS 1.8 (length at least 14) and 1.9 (remember 24
//! passwords). AWS semantics (IAM User Guide, "Set an account password policy for IAM
//! users"): without a custom policy IAM asks for 8 characters and prevents no reuse;
//! `update-account-password-policy` replaces the whole policy, parameters left out return to
//! their defaults, so the fix restates every current setting.

use rampart_inventory::{PasswordPolicy, ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

const MIN_LENGTH: i64 = 14;
const REUSE_PREVENTION: i64 = 24;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "password-policy-weak",
        theme: Theme::Identity,
        title: "Password policy weaker than CIS",
        severity: Severity::Medium,
        summary: "No custom account password policy, or one that allows passwords shorter than 14 characters or remembers fewer than 24.",
        rationale: "Short and recycled passwords are what password spraying and credential stuffing guess first.",
        remediation: "Set a minimum length of 14 and remember 24 passwords, keeping the other settings.",
        references: &[
            Reference { framework: CIS_V3, control: "1.8" },
            Reference { framework: CIS_V3, control: "1.9" },
            Reference { framework: FSBP, control: "IAM.15" },
            Reference { framework: FSBP, control: "IAM.16" },
        ],
        requires: &[ResourceKind::PasswordPolicy],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let policy = cx.inventory.global.password_policy.clone();
    let mut weaknesses = Vec::new();
    match &policy {
        None => {
            weaknesses.push("no custom password policy: IAM asks for 8 characters and prevents no reuse".to_owned())
        }
        Some(p) => {
            match p.minimum_length {
                Some(n) if n >= MIN_LENGTH => {}
                n => weaknesses.push(format!("minimum length {} (CIS: {MIN_LENGTH})", n.unwrap_or(8))),
            }
            match p.reuse_prevention {
                Some(n) if n >= REUSE_PREVENTION => {}
                Some(n) => weaknesses.push(format!("remembers {n} passwords (CIS: {REUSE_PREVENTION})")),
                None => weaknesses.push(format!("does not prevent reuse (CIS: remember {REUSE_PREVENTION})")),
            }
        }
    }
    if weaknesses.is_empty() {
        return;
    }
    let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::::Account", cx.account).message(format!(
        "the password policy of account {} is weaker than CIS",
        cx.account
    ));
    for w in weaknesses {
        b = b.evidence(w);
    }
    out.findings
        .push(b.remediation(fix(policy.unwrap_or_default())).build());
}

/// The update that raises length and reuse and restates every other current setting.
fn fix(current: PasswordPolicy) -> String {
    let flag = |on: bool, name: &str| {
        if on {
            format!(" --{name}")
        } else {
            format!(" --no-{name}")
        }
    };
    let mut cmd = format!(
        "aws iam update-account-password-policy --minimum-password-length {} --password-reuse-prevention {}",
        current.minimum_length.unwrap_or(0).max(MIN_LENGTH),
        current.reuse_prevention.unwrap_or(0).max(REUSE_PREVENTION)
    );
    cmd += &flag(current.require_symbols, "require-symbols");
    cmd += &flag(current.require_numbers, "require-numbers");
    cmd += &flag(current.require_uppercase, "require-uppercase-characters");
    cmd += &flag(current.require_lowercase, "require-lowercase-characters");
    cmd += &flag(current.allow_users_to_change, "allow-users-to-change-password");
    if let Some(days) = current.max_age_days {
        cmd += &format!(" --max-password-age {days}");
    }
    cmd += &flag(current.hard_expiry, "hard-expiry");
    cmd
}
