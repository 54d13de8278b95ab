use std::collections::HashMap;

use rampart_inventory::{Protocol, ResourceKind, SecurityGroup, SgRule};
use rampart_net::egress::Egress;
use rampart_net::sg::rule_touches_internet;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::{describe_eni, GroupUse};
use crate::meta::{CheckMeta, Confidence, Severity, Theme};
use crate::registry::{Check, Runner};
use crate::remediate::{describe_rule, revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "egress-open-to-internet",
        theme: Theme::Egress,
        title: "All outbound traffic allowed to the whole internet",
        severity: Severity::Medium,
        summary: "Security groups whose egress rules (alone, or with the other groups of an interface) admit every protocol (-1) or every TCP port to every public address; the evidence says whether an inspection point (AWS Network Firewall or a third-party appliance) is on each host's way out. AWS creates every group with this rule; most peers do not flag it.",
        rationale: "A compromised host with unrestricted egress can download tooling, reach command-and-control on any port and exfiltrate data anywhere. Egress limited to the destinations a workload needs turns those steps into alerts.",
        remediation: "Replace the allow-all rule with the ports and destinations the workload needs (e.g. 443 to the internet through a proxy or NAT, and its database's security group).",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    // Hosts that can leave on every TCP port, by the groups they carry: built once.
    let mut able_by_group: HashMap<&str, Vec<&Egress>> = HashMap::new();
    let egress: &[Egress] = cx.egress.as_deref().unwrap_or(&[]);
    for e in egress.iter().filter(|e| e.tcp_everywhere.is_full()) {
        for g in &e.eni.security_group_ids {
            able_by_group.entry(g.as_str()).or_default().push(e);
        }
    }
    for (group, _, egress) in cx.groups() {
        if !(egress.all_protocols() || egress.ports(Protocol::Tcp).is_full()) {
            continue;
        }
        let used = GroupUse::of(cx, group);
        let rules: Vec<&SgRule> = group.egress.iter().filter(|r| wide_rule(cx, r)).collect();
        let hosts: Vec<&Egress> = able_by_group
            .get(group.id.as_str())
            .into_iter()
            .flatten()
            .copied()
            .collect();
        let what = if egress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        let message = format!(
            "{what} allowed out to the whole internet from security group {} ({})",
            group.id, group.name
        );
        let b = opening(cx, group, &[(group, rules)], &used, &hosts, message).key("egress");
        out.findings.push(b.build());
    }
    // Groups that allow it only together: AWS aggregates the rules of every group on an
    // interface (Amazon VPC user guide, "Security group rules"). One finding per set, on the
    // first contributing group, keyed by all of them.
    let alone = |id: &str| {
        cx.groups()
            .any(|(g, _, e)| g.id == id && (e.all_protocols() || e.ports(Protocol::Tcp).is_full()))
    };
    let mut seen: Vec<Vec<&str>> = Vec::new();
    for set in &cx.group_sets {
        if !(set.egress.all_protocols() || set.egress.ports(Protocol::Tcp).is_full())
            || set.groups.iter().any(|g| alone(&g.id))
        {
            continue;
        }
        let together: Vec<(&SecurityGroup, Vec<&SgRule>)> = set
            .groups
            .iter()
            .map(|g| (*g, g.egress.iter().filter(|r| wide_rule(cx, r)).collect::<Vec<_>>()))
            .filter(|(_, rules)| !rules.is_empty())
            .collect();
        let ids: Vec<&str> = together.iter().map(|(g, _)| g.id.as_str()).collect();
        if together.len() < 2 || seen.contains(&ids) {
            continue;
        }
        seen.push(ids.clone());
        let used = GroupUse::of_groups(cx, &ids);
        let hosts: Vec<&Egress> = egress
            .iter()
            .filter(|e| e.tcp_everywhere.is_full() && used.interfaces.iter().any(|i| i.id == e.eni.id))
            .collect();
        let what = if set.egress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        let names: Vec<String> = together.iter().map(|(g, _)| format!("{} ({})", g.id, g.name)).collect();
        let message = format!(
            "{what} allowed out to the whole internet by security groups {} together",
            names.join(" and ")
        );
        let b = opening(cx, together[0].0, &together, &used, &hosts, message)
            .key(format!("egress with {}", ids.join("+")))
            .evidence(format!(
                "no group allows it alone: the rules of every group on an interface are aggregated, and {} interface(s) carry {} together",
                used.interfaces.len(),
                names.join(" + ")
            ));
        out.findings.push(b.build());
    }
}

/// An egress rule that opens every TCP port (or everything) to some of the internet.
fn wide_rule(cx: &RegionContext, r: &SgRule) -> bool {
    matches!(r.protocol, Protocol::All | Protocol::Tcp) && rule_touches_internet(r, &cx.prefix_lists)
}

/// The finding for an egress opening by `together` (one group, or several on one interface),
/// ranked by what the carrying `hosts` can really do.
fn opening(
    cx: &RegionContext,
    anchor: &SecurityGroup,
    together: &[(&SecurityGroup, Vec<&SgRule>)],
    used: &GroupUse,
    hosts: &[&Egress],
    message: String,
) -> crate::finding::FindingBuilder {
    // What the carrying hosts can really do: leave on every TCP port, through what, and
    // whether an inspection point (AWS Network Firewall or a third-party appliance behind a
    // Gateway Load Balancer endpoint) is on the way.
    let able: Vec<String> = hosts
        .iter()
        .map(|e| {
            let exits: Vec<String> = e.exits.iter().map(|x| x.describe()).collect();
            let inspection = if e.exits.iter().all(|x| x.inspection().is_some()) {
                "inspected egress: every way out passes an inspection point"
            } else if e.exits.iter().any(|x| x.inspection().is_some()) {
                "partly inspected: some ways out pass an inspection point, others do not"
            } else {
                "no inspection point (AWS Network Firewall or a third-party appliance) is on its path"
            };
            format!(
                "{} can reach every {} internet address on every TCP port through {}: {inspection}",
                describe_eni(e.eni),
                e.family,
                exits.join(", ")
            )
        })
        .collect();
    let inspected = !hosts.is_empty() && hosts.iter().all(|e| e.exits.iter().all(|x| x.inspection().is_some()));
    let (severity, confidence, verdict) = match (&cx.egress, used.is_used(), able.is_empty()) {
        (_, false, _) => (Severity::Info, Confidence::High, None),
        (Err(reason), true, _) => (
            Severity::Medium,
            Confidence::Medium,
            Some(format!(
                "whether its hosts have a route out was not evaluated: {reason}"
            )),
        ),
        // Every way out is inspected: the firewall's rules (not evaluated) may narrow it, as
        // the ingress checks rank a path through inspection.
        (Ok(_), true, false) if inspected => (
            Severity::Medium,
            Confidence::Medium,
            Some("every host leaves through an inspection point whose rules are not evaluated".to_owned()),
        ),
        (Ok(_), true, false) => (Severity::Medium, Confidence::High, None),
        (Ok(_), true, true) => (
            Severity::Low,
            Confidence::High,
            Some(
                "none of its hosts can reach the whole internet: no route out, or NACLs or other rules narrow it"
                    .to_owned(),
            ),
        ),
    };
    let mut b = cx
        .group_finding(CHECK.meta, anchor)
        .message(message)
        .severity(severity)
        .confidence(confidence)
        .blast_radius(used.blast_radius());
    for (g, rules) in together {
        for r in rules {
            b = if together.len() > 1 {
                b.evidence(format!("rule of {}: {}", g.id, describe_rule(r, Direction::Egress)))
            } else {
                b.evidence(format!("rule: {}", describe_rule(r, Direction::Egress)))
            };
        }
    }
    for line in used.evidence() {
        b = b.evidence(line);
    }
    for line in able.iter().take(5).cloned().chain(verdict) {
        b = b.evidence(line);
    }
    b = b.remediation(format!(
        "first allow what the workload needs, e.g. `aws ec2 authorize-security-group-egress --region {} --group-id {} --ip-permissions '[{{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,\"IpRanges\":[{{\"CidrIp\":\"0.0.0.0/0\"}}]}}]'`",
        cx.region.name, anchor.id
    ));
    for (g, rules) in together {
        for cmd in revoke(Direction::Egress, &cx.region.name, &g.id, rules) {
            b = b.remediation(cmd);
        }
    }
    b
}
