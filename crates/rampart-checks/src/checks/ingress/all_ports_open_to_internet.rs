use rampart_inventory::{Protocol, ResourceKind, SgRule};
use rampart_net::sg::rule_touches_internet;
use rampart_net::PortSet;

use super::{contributors, headline, opening_finding, set_finding, wide_open};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::{reach, GroupUse};
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP, TRUSTED_ADVISOR};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "all-ports-open-to-internet",
        theme: Theme::Ingress,
        title: "All ports open to the whole internet",
        severity: Severity::Critical,
        summary: "Security groups whose ingress admits every public address on every TCP port or every protocol (-1), including when the internet is split across several rules or across several groups on one interface.",
        rationale: "Every service the host runs, including ones nobody meant to publish (admin consoles, debug ports, databases), is on the internet. The per-service checks are folded into this finding.",
        remediation: "Revoke the rules and allow only the ports the workload serves, from the sources that need them.",
        references: &[
            Reference { framework: FSBP, control: "EC2.18" },
            Reference { framework: TRUSTED_ADVISOR, control: "Security Groups - Unrestricted Access" },
        ],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    for (group, ingress, _) in cx.groups() {
        if !wide_open(ingress) {
            continue;
        }
        let rules: Vec<&SgRule> = group
            .ingress
            .iter()
            .filter(|r| {
                matches!(r.protocol, Protocol::All | Protocol::Tcp) && rule_touches_internet(r, &cx.prefix_lists)
            })
            .collect();
        let used = GroupUse::of(cx, group);
        let what = if ingress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        let reach = reach(cx, &group.id, &used, &opened_all());
        let message = format!(
            "{what} open to the whole internet in security group {} ({}){}",
            group.id,
            group.name,
            headline(&reach)
        );
        let b = opening_finding(cx, CHECK.meta, group, message, &rules, &used, &reach);
        out.findings.push(b.remediation(advice(cx, &group.id)).build());
    }
    // Groups that open everything only together (their rules are aggregated on the interface).
    let alone: Vec<&str> = cx
        .groups()
        .filter(|(_, ingress, _)| wide_open(ingress))
        .map(|(g, _, _)| g.id.as_str())
        .collect();
    for set in cx.group_sets.iter().filter(|s| wide_open(&s.ingress)) {
        if set.groups.iter().any(|g| alone.contains(&g.id.as_str())) {
            continue;
        }
        let together = contributors(cx, set, |r| matches!(r.protocol, Protocol::All | Protocol::Tcp));
        if together.len() < 2 {
            continue;
        }
        let what = if set.ingress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        let wide = |f: &rampart_net::sg::FamilyOpen| f.all_protocols || f.tcp.is_full();
        let families = match (wide(&set.ingress.ipv4), wide(&set.ingress.ipv6)) {
            (true, true) => "IPv4 and IPv6",
            (false, true) => "IPv6",
            _ => "IPv4",
        };
        let b = set_finding(cx, CHECK.meta, &together, what, families, &opened_all());
        out.findings.push(b.remediation(advice(cx, &together[0].0.id)).build());
    }
}

/// What to allow instead, in the group that opened everything.
fn advice(cx: &RegionContext, group_id: &str) -> String {
    format!(
        "then allow only the served ports, e.g. `aws ec2 authorize-security-group-ingress --region {} --group-id {group_id} --protocol tcp --port 443 --cidr 0.0.0.0/0`",
        cx.region.name
    )
}

fn opened_all() -> [(Protocol, PortSet); 3] {
    [
        (Protocol::Tcp, PortSet::full()),
        (Protocol::Udp, PortSet::full()),
        (Protocol::Icmp, PortSet::full()),
    ]
}
