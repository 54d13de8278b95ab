use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::evidence::{flow_partial, ingress_rules, region_usage, window_words};
use crate::meta::Confidence;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "rule-unused-in-flow-logs",
        theme: Theme::Lifecycle,
        title: "Inbound rule that no traffic in the flow logs used",
        severity: Severity::Low,
        summary: "Inbound security-group rules from private or on-premises ranges and other groups that admitted no accepted request in the flow logs given with the scan (`scan --flow-logs`), on any interface carrying the group. Replies to allowed connections do not count as uses.",
        rationale: "A grant nobody uses is reach an attacker inside the network can use and nobody would miss. Flow logs prove which grants a workload needs; the rest can go.",
        remediation: "Revoke the rule (the finding's command). The verdict covers the logs' window only: a monthly job or a failover path may need the rule outside it, so check the window is long enough.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    run_for(cx, out, CHECK.meta, false);
}

/// Shared with the internet-open variant: one finding per unused inbound rule.
pub(super) fn run_for(cx: &RegionContext, out: &mut Outcomes, meta: &'static CheckMeta, internet: bool) {
    let Some(usage) = region_usage(cx, meta, out) else {
        return;
    };
    for r in ingress_rules(cx, usage, meta, internet, out) {
        if r.status != rampart_logs::flow::usage::Status::Unused {
            continue;
        }
        let Some(group) = cx.region.security_groups.iter().find(|g| g.id == r.group_id) else {
            continue;
        };
        let mut b = cx
            .group_finding(meta, group)
            .key(r.rule_id.clone().unwrap_or_else(|| r.rule.clone()))
            .message(format!(
                "{} ({}): {} admitted no accepted request {}",
                group.id,
                group.name,
                r.rule,
                window_words(usage)
            ))
            .evidence(format!(
                "rule: {}{}",
                r.rule,
                r.description.as_deref().map(|d| format!(" — \"{d}\"")).unwrap_or_default()
            ))
            .evidence(format!(
                "the {} interface(s) carrying the group are in the logs with accepted traffic; none of it used this rule",
                r.interfaces
            ))
            .blast_radius(r.interfaces);
        if let Some(p) = flow_partial(usage) {
            b = b.evidence(p);
        }
        if let Some(gaps) = &r.reason {
            b = b.evidence(format!("note: {gaps}")).confidence(Confidence::Medium);
        }
        if let Some(fix) = &r.revoke {
            b = b.remediation(fix.clone());
        }
        out.findings.push(b.build());
    }
}
