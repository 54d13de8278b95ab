//! Public buckets: semantics in `buckets.rs`.

use rampart_inventory::{ResourceKind, GLOBAL};

use super::buckets::{account_block, fixes, judge, Public};
use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "s3-bucket-public",
        theme: Theme::Access,
        title: "S3 bucket is public",
        severity: Severity::High,
        summary: "Buckets whose policy S3 judges public or whose ACL grants AllUsers or AuthenticatedUsers, with no Block Public Access setting (bucket or account) that neutralises it; critical when the public may write.",
        rationale: "A public bucket is read by crawlers within hours of being made so; a publicly writable one also serves malware and takes ransom notes in the company's name.",
        remediation: "Turn on all four Block Public Access settings for the bucket (and the account), then remove the public statements and grants; serve public content through CloudFront with origin access control instead.",
        references: &[
            Reference { framework: FSBP, control: "S3.2" },
            Reference { framework: FSBP, control: "S3.3" },
        ],
        requires: &[ResourceKind::S3Buckets],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let account = account_block(cx);
    for bucket in &cx.inventory.global.buckets {
        match judge(bucket, account) {
            Public::No => {}
            Public::Unknown(why) => out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: GLOBAL.to_owned(),
                resource_id: Some(bucket.name.clone()),
                reason: why,
            }),
            Public::Yes {
                reasons,
                writable,
                certain,
            } => {
                let mut b = Finding::builder(CHECK.meta, cx.account, GLOBAL, "AWS::S3::Bucket", &bucket.name)
                    .arn(format!("arn:{}:s3:::{}", cx.partition(), bucket.name))
                    .message(format!(
                        "bucket {} is public{}",
                        bucket.name,
                        if writable { ", and anyone may write to it" } else { "" }
                    ));
                if writable {
                    b = b.severity(Severity::Critical);
                }
                for r in reasons {
                    b = b.evidence(r);
                }
                if !certain {
                    b = b
                        .confidence(Confidence::Medium)
                        .evidence("the account-level Block Public Access was not read: it may neutralise this");
                }
                for f in fixes(&bucket.name) {
                    b = b.remediation(f);
                }
                out.findings.push(b.build());
            }
        }
    }
}
