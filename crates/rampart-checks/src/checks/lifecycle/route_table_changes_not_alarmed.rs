//! Are route table changes in this region alarmed? CIS's list omits `AssociateRouteTable`, which moves a subnet onto another table (one with an internet gateway route makes it public): rampart requires all eight. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 8] = [
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
    "AssociateRouteTable",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "route-table-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "Route table changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose route table changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the eight route events (including AssociateRouteTable), or no alarm with an action is set on its metric.",
        rationale: "A route to the internet gateway makes a private subnet public; a route to an unknown appliance or peering sends its traffic elsewhere. Either is one call.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the eight route table events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.13" },
            Reference { framework: FSBP, control: "CloudWatch.13" },
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
            what: "route table changes",
            events: &EVENTS,
            source: "ec2.amazonaws.com",
            filter_name: "RouteTableChanges",
            global_service: false,
            metric_name: "RouteTableEventCount",
        },
    );
}
