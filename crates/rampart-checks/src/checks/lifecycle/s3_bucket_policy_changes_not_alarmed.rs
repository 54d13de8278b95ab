//! Are S3 bucket policy and ACL changes in this region alarmed? CIS's list omits `PutBucketPublicAccessBlock` and `DeleteBucketPublicAccessBlock`, which lift the guard that keeps a public policy from applying: rampart requires all eleven. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 11] = [
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
    "PutBucketPublicAccessBlock",
    "DeleteBucketPublicAccessBlock",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "s3-bucket-policy-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "S3 bucket policy changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose S3 bucket policy, ACL, CORS, lifecycle, replication and public-access-block changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the eleven events, or no alarm with an action is set on its metric.",
        rationale: "A bucket made public, or replicated to a foreign account, is a data breach in one call; deleting the public access block is the step before.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the S3 bucket policy events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.8" },
            Reference { framework: FSBP, control: "CloudWatch.8" },
        ],
        requires: &[ResourceKind::Trails],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    watch(
        cx,
        out,
        &Watch {
            meta: CHECK.meta,
            what: "S3 bucket policy and ACL changes",
            events: &EVENTS,
            source: "s3.amazonaws.com",
            filter_name: "S3BucketPolicyChanges",
            global_service: false,
            metric_name: "S3BucketPolicyEventCount",
        },
    );
}
