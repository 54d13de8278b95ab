//! Are AWS Config configuration changes in this region alarmed? The four events of CIS's list (whose pattern adds `$.eventSource = config.amazonaws.com`, accepted here). The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 4] = [
    "StopConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutDeliveryChannel",
    "PutConfigurationRecorder",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "config-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "AWS Config configuration changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose AWS Config recorder and delivery-channel changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the four events, or no alarm with an action is set on its metric.",
        rationale: "A stopped recorder means the configuration history, and every Config rule, goes blind from that moment.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the four Config events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.9" },
            Reference { framework: FSBP, control: "CloudWatch.9" },
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
            what: "AWS Config configuration changes",
            events: &EVENTS,
            source: "config.amazonaws.com",
            filter_name: "ConfigChanges",
            global_service: false,
            metric_name: "ConfigEventCount",
        },
    );
}
