use rampart_inventory::{Peer, Protocol, ResourceKind, SgRule};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::GroupUse;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};
use crate::remediate::{describe_rule, revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "group-trusts-group-all-traffic",
        theme: Theme::Lateral,
        title: "Security group trusts another group on every protocol and port",
        severity: Severity::Medium,
        summary: "Inbound rules with protocol -1 whose source is another security group: every member of that group may reach every port of this one's members.",
        rationale: "Group references are the right tool, but \"all traffic from the web tier\" turns one compromised web host into a foothold on every service of the next tier — databases, admin agents, debug ports — instead of the one port it needs.",
        remediation: "Replace the rule with the ports the source tier actually uses, keeping the group reference.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let names: std::collections::HashMap<&str, &str> = cx
        .region
        .security_groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    for group in &cx.region.security_groups {
        for rule in group.ingress.iter().filter(|r| r.protocol == Protocol::All) {
            let Peer::Group { group_id: source, .. } = &rule.peer else {
                continue;
            };
            if source == &group.id {
                continue; // self-references: default-security-group-allows-traffic, shared-self-referencing-group
            }
            let used = GroupUse::of(cx, group);
            let source_used = !cx.attachments.is_unused(source);
            let severity = if used.is_used() && source_used {
                Severity::Medium
            } else {
                Severity::Low
            };
            let source_name = names.get(source.as_str()).copied().unwrap_or("not in this region");
            let mut b = cx
                .group_finding(CHECK.meta, group)
                .message(format!(
                    "{} ({}) admits all traffic from every member of {source} ({source_name})",
                    group.id, group.name
                ))
                .severity(severity)
                .blast_radius(used.blast_radius())
                .key(source.clone())
                .evidence(format!("rule: {}", describe_rule(rule, Direction::Ingress)))
                .evidence(format!(
                    "{} interface(s) carry {source}; {} carry {}",
                    cx.attachments.interfaces(source).len(),
                    used.interfaces.len(),
                    group.id
                ));
            let rules: Vec<&SgRule> = vec![rule];
            b = b.remediation(format!(
                "first allow only the ports needed, e.g. `aws ec2 authorize-security-group-ingress --region {} --group-id {} --protocol tcp --port PORT --source-group {source}`",
                cx.region.name, group.id
            ));
            for cmd in revoke(Direction::Ingress, &cx.region.name, &group.id, &rules) {
                b = b.remediation(cmd);
            }
            out.findings.push(b.build());
        }
    }
}
