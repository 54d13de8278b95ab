//! Are KMS key disabling and deletion in this region alarmed? The two events of CIS's list (whose pattern adds `$.eventSource = kms.amazonaws.com`, accepted here). The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 2] = ["DisableKey", "ScheduleKeyDeletion"];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "kms-key-deletion-not-alarmed",
        theme: Theme::Lifecycle,
        title: "Disabling or deleting KMS keys raises no alarm",
        severity: Severity::Medium,
        summary: "Regions where disabling a KMS key or scheduling its deletion raises no CloudWatch alarm: no trail sends the events to CloudWatch Logs, no metric filter matches both, or no alarm with an action is set on its metric.",
        rationale: "Data encrypted under a deleted key is gone for good; a scheduled deletion is ransom or sabotage with a 7-to-30-day fuse that someone must notice.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for DisableKey and ScheduleKeyDeletion and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.7" },
            Reference { framework: FSBP, control: "CloudWatch.7" },
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
            what: "KMS key disabling and deletion",
            events: &EVENTS,
            source: "kms.amazonaws.com",
            filter_name: "KmsKeyDeletion",
            global_service: false,
            metric_name: "KmsKeyDeletionEventCount",
        },
    );
}
