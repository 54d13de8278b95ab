//! Is a bucket public? AWS semantics (S3 User Guide, "Blocking public access to your Amazon S3
//! storage", "The meaning of public"; "Access control list (ACL) overview"):
//! - S3 itself says whether a bucket policy is public (`get-bucket-policy-status`, `IsPublic`:
//!   it grants access to a wildcard or unconditioned principal); a bucket without a policy has
//!   none.
//! - An ACL grant to the `AllUsers` group is public, to `AuthenticatedUsers` is public to every
//!   AWS account (both count).
//! - `RestrictPublicBuckets`, on the bucket or the account, limits a public policy to AWS
//!   services and the owner's own principals; `IgnorePublicAcls` makes S3 ignore public ACLs.
//!   `BlockPublicPolicy` and `BlockPublicAcls` only refuse new ones: they do not undo what is
//!   there.
//!
//! Object ACLs are not read (that would mean listing every object): a bucket is judged by its
//! policy and its own ACL.

use rampart_inventory::{Bucket, PublicAccessBlock, ResourceKind, GLOBAL};

use crate::context::GlobalContext;

/// A bucket's verdict.
pub enum Public {
    /// Public, with why; `certain` is false when the account-level settings were not read.
    Yes {
        reasons: Vec<String>,
        writable: bool,
        certain: bool,
    },
    No,
    /// What was not read, when that could decide it.
    Unknown(String),
}

/// The account-level Block Public Access: Some(settings) when read (all off when none is
/// configured), None when not read.
pub fn account_block(cx: &GlobalContext) -> Option<PublicAccessBlock> {
    cx.inventory
        .coverage
        .is_read(GLOBAL, ResourceKind::S3AccountPublicAccessBlock)
        .then(|| cx.inventory.global.s3_account_public_access_block.unwrap_or_default())
}

pub fn judge(bucket: &Bucket, account: Option<PublicAccessBlock>) -> Public {
    let pab = bucket.public_access_block;
    // A setting is on when the bucket or the account has it; unknown when neither says on
    // and one of them was not read.
    let setting = |f: fn(&PublicAccessBlock) -> bool| -> Option<bool> {
        let (b, a) = (pab.as_ref().map(f), account.as_ref().map(f));
        if b == Some(true) || a == Some(true) {
            Some(true)
        } else if b.is_none() || a.is_none() {
            None
        } else {
            Some(false)
        }
    };
    let restrict = setting(|p| p.restrict_public_buckets);
    let ignore = setting(|p| p.ignore_public_acls);
    let mut reasons = Vec::new();
    let mut unknown = Vec::new();
    let mut certain = true;
    match (bucket.policy_public, restrict) {
        (_, Some(true)) | (Some(false), _) => {}
        (Some(true), r) => {
            certain &= r.is_some();
            reasons.push(
                "its bucket policy is public (S3's policy status IsPublic) and RestrictPublicBuckets is off".to_owned(),
            );
        }
        (None, _) => unknown.push("the bucket policy status was not read"),
    }
    let mut writable = false;
    match (&bucket.acl_public_grants, ignore) {
        (_, Some(true)) => {}
        (Some(grants), i) if !grants.is_empty() => {
            certain &= i.is_some();
            writable = grants
                .iter()
                .any(|g| g.ends_with(" WRITE") || g.ends_with(" WRITE_ACP") || g.ends_with(" FULL_CONTROL"));
            reasons.push(format!(
                "its ACL grants {} and IgnorePublicAcls is off",
                grants.join(", ")
            ));
        }
        (Some(_), _) => {}
        (None, _) => unknown.push("the bucket ACL was not read"),
    }
    if !reasons.is_empty() {
        return Public::Yes {
            reasons,
            writable,
            certain,
        };
    }
    if unknown.is_empty() {
        return Public::No;
    }
    let mut why = unknown.join("; ");
    if !bucket.unread.is_empty() {
        why.push_str(&format!(" ({})", bucket.unread.join("; ")));
    }
    Public::Unknown(why)
}

/// The commands that make a bucket private whatever its policy and ACL say.
pub fn fixes(bucket: &str) -> [String; 2] {
    [
        format!(
            "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration \
             BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"
        ),
        format!("aws s3api get-bucket-policy --bucket {bucket}   # then remove the statements for Principal * (put-bucket-policy) and public ACL grants (put-bucket-acl --acl private)"),
    ]
}
