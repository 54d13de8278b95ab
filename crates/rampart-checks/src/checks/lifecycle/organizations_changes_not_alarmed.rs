//! Are AWS Organizations changes in this region alarmed? The eighteen events of CIS's list (whose pattern adds `$.eventSource = organizations.amazonaws.com`, accepted here). Organizations is a global service: judged in us-east-1, where its events are recorded. The runner and its semantics:
//! `change_alarms.rs`.

use rampart_inventory::ResourceKind;

use super::change_alarms::{run as watch, Watch};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3};
use crate::registry::{Check, Runner};

pub const EVENTS: [&str; 18] = [
    "AcceptHandshake",
    "AttachPolicy",
    "CreateAccount",
    "CreateOrganizationalUnit",
    "CreatePolicy",
    "DeclineHandshake",
    "DeleteOrganization",
    "DeleteOrganizationalUnit",
    "DeletePolicy",
    "DetachPolicy",
    "DisablePolicyType",
    "EnablePolicyType",
    "InviteAccountToOrganization",
    "LeaveOrganization",
    "MoveAccount",
    "RemoveAccountFromOrganization",
    "UpdatePolicy",
    "UpdateOrganizationalUnit",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "organizations-changes-not-alarmed",
        theme: Theme::Lifecycle,
        title: "AWS Organizations changes raise no alarm",
        severity: Severity::Medium,
        summary: "Regions whose AWS Organizations changes (accounts, organizational units, service control policies) no CloudWatch alarm watches: no trail sends them to CloudWatch Logs, no metric filter matches the eighteen events, or no alarm with an action is set on its metric.",
        rationale: "Detaching a service control policy or moving an account out of its organizational unit removes guardrails from every account under it at once.",
        remediation: "In the management account, send a multi-region trail to CloudWatch Logs, add a metric filter for the Organizations events and an alarm with an SNS action on its metric.",
        references: &[
            Reference { framework: CIS_V3, control: "4.15" },
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
            what: "AWS Organizations changes",
            events: &EVENTS,
            source: "organizations.amazonaws.com",
            filter_name: "OrganizationsChanges",
            global_service: true,
            metric_name: "OrganizationsEventCount",
        },
    );
}
