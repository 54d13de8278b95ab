//! Are VPC changes in this region alarmed? CIS's list also names the four ClassicLink calls; EC2-Classic and ClassicLink were retired in 2022 and those calls no longer succeed, so rampart does not require them. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 7] = [
    "CreateVpc",
    "DeleteVpc",
    "ModifyVpcAttribute",
    "AcceptVpcPeeringConnection",
    "CreateVpcPeeringConnection",
    "DeleteVpcPeeringConnection",
    "RejectVpcPeeringConnection",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "vpc-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "VPC changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose VPC and peering changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the seven VPC events, or no alarm with an action is set on its metric.",
        rationale: "A peering connection accepted by hand joins another network to this one; its routes and groups then decide what it reaches.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the seven VPC events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.14" },
            Reference { framework: FSBP, control: "CloudWatch.14" },
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
            what: "VPC changes",
            events: &EVENTS,
            source: "ec2.amazonaws.com",
            filter_name: "VpcChanges",
            global_service: false,
            metric_name: "VpcEventCount",
        },
    );
}
