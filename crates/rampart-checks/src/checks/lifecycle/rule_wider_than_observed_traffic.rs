use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::evidence::{flow_partial, region_usage, window_words};
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "rule-wider-than-observed-traffic",
        theme: Theme::Lifecycle,
        title: "Inbound rule far wider than the sources that used it",
        severity: Severity::Medium,
        summary: "Inbound rules wider than a /24 (IPv4) or /56 (IPv6) that the flow logs show used by few sources: the sources seen, aggregated to at most five CIDR blocks, admit far fewer addresses (`rampart flows tighten` for other limits). Medium when the rule admits the internet, low otherwise. Rules that serve the public by design are left out, as `flows tighten` leaves them: the listener ports of internet-facing load balancers on their groups, and the web ports (rampart.toml `[network] web_ports`) on the groups of hosts with a public IP.",
        rationale: "Least privilege for network grants: a rule open to the world for a handful of office or partner addresses gives every scanner the same reach.",
        remediation: "Authorize the narrow blocks, then revoke the wide rule (the finding's two commands, in that order). The observed traffic the proposal would have rejected is zero by construction and stated in the evidence.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let Some(usage) = region_usage(cx, CHECK.meta, out) else {
        return;
    };
    let Some(tighten) = &cx.evidence.flow_tighten else {
        return;
    };
    for p in tighten
        .proposals
        .iter()
        .filter(|p| p.region == cx.region.name && p.direction == "ingress")
    {
        let Some(group) = cx.region.security_groups.iter().find(|g| g.id == p.group_id) else {
            continue;
        };
        let mut b = cx
            .group_finding(CHECK.meta, group)
            .key(p.rule_id.clone().unwrap_or_else(|| p.rule.clone()))
            .severity(if p.internet { Severity::Medium } else { Severity::Low })
            .message(format!(
                "{} ({}): {} was used by {}{} source(s) {}; {} admit them all",
                group.id,
                group.name,
                p.rule,
                if p.distinct_sources_at_least { "at least " } else { "" },
                p.distinct_sources,
                window_words(usage),
                p.proposed.join(", ")
            ))
            .evidence(format!(
                "{} addresses admitted now, {} with the proposal; {} flow(s) seen, {} of them outside the proposal",
                p.addresses_before, p.addresses_after, p.flows, p.flows_rejected
            ));
        if let Some(partial) = flow_partial(usage) {
            b = b.evidence(partial);
        }
        for c in &p.commands {
            b = b.remediation(c.clone());
        }
        out.findings.push(b.build());
    }
}
