//! Are network gateway changes in this region alarmed? The six events of CIS's list. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 6] = [
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "network-gateway-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "Network gateway changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose internet and customer gateway changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the six gateway events, or no alarm with an action is set on its metric.",
        rationale: "Attaching an internet gateway to a private VPC, or a customer gateway to an unknown network, creates a path in or out that no security group review sees.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the six gateway events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.12" },
            Reference { framework: FSBP, control: "CloudWatch.12" },
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
            what: "network gateway changes",
            events: &EVENTS,
            source: "ec2.amazonaws.com",
            filter_name: "NetworkGatewayChanges",
            global_service: false,
            metric_name: "NetworkGatewayEventCount",
        },
    );
}
