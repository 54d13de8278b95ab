//! Are network ACL changes in this region alarmed? The six events of CIS's list. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 6] = [
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "network-acl-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "Network ACL changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose network ACL changes no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the six NACL events, or no alarm with an action is set on its metric.",
        rationale: "A network ACL entry is the subnet's outer door: an allow rule added by hand opens every host in the subnet at once, whatever its security groups say about the return path.",
        remediation: "Send a multi-region trail to CloudWatch Logs, add a metric filter for the six network ACL events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.11" },
            Reference { framework: FSBP, control: "CloudWatch.11" },
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
            what: "network ACL changes",
            events: &EVENTS,
            source: "ec2.amazonaws.com",
            filter_name: "NetworkAclChanges",
            global_service: false,
            metric_name: "NetworkAclEventCount",
        },
    );
}
