//! Are IAM policy changes in this region alarmed? CIS's list omits `SetDefaultPolicyVersion`, which switches a managed policy to another of its versions (an old, wider one), and `UpdateAssumeRolePolicy`, which changes who may assume a role: rampart requires all eighteen. IAM is a global service: judged in us-east-1, where its events are recorded. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 18] = [
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
    "SetDefaultPolicyVersion",
    "UpdateAssumeRolePolicy",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "iam-policy-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "IAM policy changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose IAM policy changes no CloudWatch alarm watches (IAM events are recorded in us-east-1): no trail sends them to CloudWatch Logs, no metric filter matches the eighteen policy events (including SetDefaultPolicyVersion and UpdateAssumeRolePolicy), or no alarm with an action is set on its metric.",
        rationale: "Granting oneself a policy is how a foothold becomes an administrator; the change is one API call and leaves the account looking normal.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the IAM policy events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.4" },
            Reference { framework: FSBP, control: "CloudWatch.4" },
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
            what: "IAM policy changes",
            events: &EVENTS,
            source: "iam.amazonaws.com",
            filter_name: "IamPolicyChanges",
            global_service: true,
            metric_name: "IamPolicyEventCount",
        },
    );
}
