//! Are security-group changes in this region alarmed? CIS's list omits `ModifySecurityGroupRules` (EC2 API, 2021), which changes a rule in place: rampart requires all seven. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 7] = [
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
    "ModifySecurityGroupRules",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "security-group-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "Security-group changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose security-group changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches all seven change events (including ModifySecurityGroupRules), or no alarm with an action is set on the filter's metric.",
        rationale: "A rule opened by hand at night is the change an intruder makes; an alarm turns it into a page within minutes instead of a discovery at the next audit.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for all seven security-group events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.10" },
            Reference { framework: FSBP, control: "CloudWatch.10" },
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
            what: "security-group changes",
            events: &EVENTS,
            source: "ec2.amazonaws.com",
            filter_name: "SecurityGroupChanges",
            global_service: false,
            metric_name: "SecurityGroupEventCount",
        },
    );
}
