//! The trail's own bucket made public (FSBP CloudTrail.6; CIS v1.4 3.3): the record of every
//! call, readable by anyone, tells an attacker the account's layout, and a writable one lets
//! them forge it. Each trail is judged once, in its home region, by the bucket rules of
//! `access/buckets.rs`; a bucket that is not in this account's bucket list (logs delivered to
//! another account, as organisations do) is not evaluated here.

use std::collections::HashSet;

use rampart_inventory::{ResourceKind, GLOBAL};

use super::trails::is_home;
use crate::checks::access::buckets::{account_block, fixes, judge, Public};
use crate::context::GlobalContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-bucket-public",
        theme: Theme::Lifecycle,
        title: "CloudTrail's bucket is public",
        severity: Severity::Critical,
        summary: "Trails whose S3 bucket (in this account) is public by its policy or ACL, with no Block Public Access setting that neutralises it.",
        rationale: "The trail is the account's memory: public, it maps every resource and principal for an attacker; writable, it can be forged or filled until it is useless as evidence.",
        remediation: "Turn on all four Block Public Access settings for the trail bucket, remove public statements and grants, and keep log-file validation on to detect tampering.",
        references: &[Reference { framework: FSBP, control: "CloudTrail.6" }],
        requires: &[ResourceKind::S3Buckets],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let account = account_block(cx);
    let mut seen = HashSet::new();
    for region in cx.inventory.regions.values() {
        if !cx.inventory.coverage.is_read(&region.name, ResourceKind::Trails) {
            continue;
        }
        for trail in region.trails.iter().filter(|t| is_home(t, &region.name)) {
            let Some(name) = trail.s3_bucket.as_deref() else {
                continue;
            };
            if !seen.insert((trail.name.clone(), name.to_owned())) {
                continue;
            }
            let not_evaluated = |reason: String| NotEvaluated {
                check_id: CHECK.meta.id,
                scope: GLOBAL.to_owned(),
                resource_id: Some(trail.name.clone()),
                reason,
            };
            let Some(bucket) = cx.inventory.global.buckets.iter().find(|b| b.name == name) else {
                out.not_evaluated.push(not_evaluated(format!(
                    "bucket {name} of trail {} is not in this account's bucket list (another account's?)",
                    trail.name
                )));
                continue;
            };
            match judge(bucket, account) {
                Public::No => {}
                Public::Unknown(why) => out.not_evaluated.push(not_evaluated(format!("bucket {name}: {why}"))),
                Public::Yes {
                    reasons,
                    writable,
                    certain,
                } => {
                    let mut b = Finding::builder(
                        CHECK.meta,
                        cx.account,
                        &region.name,
                        "AWS::CloudTrail::Trail",
                        &trail.name,
                    )
                    .message(format!(
                        "trail {}'s bucket {name} is public{}",
                        trail.name,
                        if writable { " and writable by anyone" } else { "" }
                    ));
                    if let Some(arn) = &trail.arn {
                        b = b.arn(arn.clone());
                    }
                    for r in reasons {
                        b = b.evidence(format!("bucket {name}: {r}"));
                    }
                    if !certain {
                        b = b
                            .confidence(Confidence::Medium)
                            .evidence("the account-level Block Public Access was not read: it may neutralise this");
                    }
                    for f in fixes(name) {
                        b = b.remediation(f);
                    }
                    out.findings.push(b.build());
                }
            }
        }
    }
}
