//! Account-level S3 Block Public Access (S3 User Guide, "Blocking public access to your
//! Amazon S3 storage"): the four settings of `s3control get-public-access-block` apply to every
//! bucket of the account, existing and future; `NoSuchPublicAccessBlockConfiguration` means
//! none is set, so each bucket's own settings and policies decide alone.

use rampart_inventory::{ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "s3-account-public-access-block-off",
        theme: Theme::Access,
        title: "S3 Block Public Access is not on for the account",
        severity: Severity::Medium,
        summary: "Accounts without all four account-level S3 Block Public Access settings.",
        rationale: "One bucket policy or ACL written in a hurry makes data public; the account-level block stops that for every bucket, present and future.",
        remediation: "Turn on all four settings at the account level (after checking that no bucket is meant to be public).",
        references: &[
            Reference { framework: CIS_V3, control: "2.1.4" },
            Reference { framework: FSBP, control: "S3.1" },
        ],
        requires: &[ResourceKind::S3AccountPublicAccessBlock],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let block = &cx.inventory.global.s3_account_public_access_block;
    let evidence = match block {
        None => vec!["no account-level public access block is configured".to_owned()],
        Some(b) if b.all_on() => return,
        Some(b) => [
            ("BlockPublicAcls", b.block_public_acls),
            ("IgnorePublicAcls", b.ignore_public_acls),
            ("BlockPublicPolicy", b.block_public_policy),
            ("RestrictPublicBuckets", b.restrict_public_buckets),
        ]
        .iter()
        .filter(|(_, on)| !on)
        .map(|(name, _)| format!("{name}: false"))
        .collect(),
    };
    let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::::Account", cx.account).message(format!(
        "S3 Block Public Access is not fully on for account {}",
        cx.account
    ));
    for e in evidence {
        b = b.evidence(e);
    }
    out.findings.push(
        b.remediation(format!(
            "aws s3control put-public-access-block --account-id {} --public-access-block-configuration \
             BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
            cx.account
        ))
        .build(),
    );
}
