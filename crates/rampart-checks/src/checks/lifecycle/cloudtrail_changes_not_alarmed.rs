//! Are CloudTrail configuration changes in this region alarmed? The five events of CIS's list. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 5] = [
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "StartLogging",
    "StopLogging",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "CloudTrail configuration changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose trail changes (created, updated, deleted, started, stopped) no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the five events, or no alarm with an action is set on its metric.",
        rationale: "Stopping or redirecting the trail is the first thing an intruder does to work unseen; the alarm fires on the last event the trail records.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the five CloudTrail events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.5" },
            Reference { framework: FSBP, control: "CloudWatch.5" },
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
            what: "CloudTrail configuration changes",
            events: &EVENTS,
            source: "cloudtrail.amazonaws.com",
            filter_name: "CloudTrailChanges",
            global_service: false,
            metric_name: "CloudTrailEventCount",
        },
    );
}
