use std::collections::HashMap;

use rampart_inventory::{Protocol, ResourceKind, SgRule};
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
        summary: "Security groups whose egress rules admit every protocol (-1) or every TCP port to every public address. AWS creates every group with this rule; most peers do not flag it.",
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
    for e in cx.egress.iter().filter(|e| e.tcp_everywhere.is_full()) {
        for g in &e.eni.security_group_ids {
            able_by_group.entry(g.as_str()).or_default().push(e);
        }
    }
    for (group, _, egress) in cx.groups() {
        if !(egress.all_protocols() || egress.ports(Protocol::Tcp).is_full()) {
            continue;
        }
        let used = GroupUse::of(cx, group);
        let rules: Vec<&SgRule> = group
            .egress
            .iter()
            .filter(|r| {
                matches!(r.protocol, Protocol::All | Protocol::Tcp) && rule_touches_internet(r, &cx.prefix_lists)
            })
            .collect();
        let what = if egress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        // What the carrying hosts can really do: leave on every TCP port, through what.
        let able: Vec<String> = able_by_group
            .get(group.id.as_str())
            .into_iter()
            .flatten()
            .map(|e| {
                let exits: Vec<String> = e.exits.iter().map(|x| x.describe()).collect();
                format!(
                    "{} can reach every {} internet address on every TCP port through {}",
                    describe_eni(e.eni),
                    e.family,
                    exits.join(", ")
                )
            })
            .collect();
        let (severity, confidence, verdict) = match (&cx.exposure, used.is_used(), able.is_empty()) {
            (_, false, _) => (Severity::Info, Confidence::High, None),
            (Err(reason), true, _) => (
                Severity::Medium,
                Confidence::Medium,
                Some(format!(
                    "whether its hosts have a route out was not evaluated: {reason}"
                )),
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
            .group_finding(CHECK.meta, group)
            .message(format!(
                "{what} allowed out to the whole internet from security group {} ({})",
                group.id, group.name
            ))
            .severity(severity)
            .confidence(confidence)
            .blast_radius(used.blast_radius())
            .key("egress");
        for r in &rules {
            b = b.evidence(format!("rule: {}", describe_rule(r, Direction::Egress)));
        }
        for line in used.evidence() {
            b = b.evidence(line);
        }
        for line in able.iter().take(5).cloned().chain(verdict) {
            b = b.evidence(line);
        }
        b = b.remediation(format!(
            "first allow what the workload needs, e.g. `aws ec2 authorize-security-group-egress --region {} --group-id {} --ip-permissions '[{{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,\"IpRanges\":[{{\"CidrIp\":\"0.0.0.0/0\"}}]}}]'`",
            cx.region.name, group.id
        ));
        for cmd in revoke(Direction::Egress, &cx.region.name, &group.id, &rules) {
            b = b.remediation(cmd);
        }
        out.findings.push(b.build());
    }
}
