use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "internet-rule-unused-in-flow-logs",
        theme: Theme::Lifecycle,
        title: "Internet-open inbound rule that no traffic in the flow logs used",
        severity: Severity::High,
        summary: "Inbound security-group rules that admit public addresses and admitted no accepted request in the flow logs given with the scan (`scan --flow-logs`), on any interface carrying the group. Replies to allowed connections do not count as uses.",
        rationale: "An internet-open grant that nothing uses is pure attack surface: scanners find it, nobody needs it. The flow logs are the proof that removing it breaks nothing that ran in their window.",
        remediation: "Revoke the rule (the finding's command). The verdict covers the logs' window only: check that it spans the workload's cycle (month-end jobs, failover tests).",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    super::rule_unused_in_flow_logs::run_for(cx, out, CHECK.meta, true);
}
