use rampart_inventory::{ResourceKind, SgRule};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::GroupUse;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};
use crate::remediate::{describe_rule, revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "default-security-group-allows-traffic",
        theme: Theme::Ingress,
        title: "Default security group allows traffic",
        severity: Severity::High,
        summary: "The `default` security group of a VPC has any inbound or outbound rule. Every VPC starts with one that lets its members talk to each other and reach anywhere.",
        rationale: "Resources launched without an explicit group land in the default group, silently joining every other such resource: unrelated workloads can reach each other, and it is easy to open it further by accident.",
        remediation: "Remove every rule from the default group and give each workload its own group; the default group cannot be deleted.",
        references: &[Reference { framework: CIS_V3, control: "5.4" }, Reference { framework: FSBP, control: "EC2.2" }],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    for group in cx.region.security_groups.iter().filter(|g| g.is_default()) {
        if group.ingress.is_empty() && group.egress.is_empty() {
            continue;
        }
        let used = GroupUse::of(cx, group);
        let vpc = group.vpc_id.as_deref().unwrap_or("?");
        let mut b = cx
            .group_finding(CHECK.meta, group)
            .message(format!(
                "default security group {} of {vpc} has {} inbound and {} outbound rule(s)",
                group.id,
                group.ingress.len(),
                group.egress.len()
            ))
            .severity(used.severity(Severity::High, Severity::High, Severity::Medium))
            .blast_radius(used.blast_radius());
        for r in &group.ingress {
            b = b.evidence(format!("inbound: {}", describe_rule(r, Direction::Ingress)));
        }
        for r in &group.egress {
            b = b.evidence(format!("outbound: {}", describe_rule(r, Direction::Egress)));
        }
        for line in used.evidence() {
            b = b.evidence(line);
        }
        if used.is_used() {
            b = b.remediation(format!("first move the resources to their own groups: `aws ec2 describe-network-interfaces --region {} --filters Name=group-id,Values={}`", cx.region.name, group.id));
        }
        let ingress: Vec<&SgRule> = group.ingress.iter().collect();
        let egress: Vec<&SgRule> = group.egress.iter().collect();
        for cmd in revoke(Direction::Ingress, &cx.region.name, &group.id, &ingress) {
            b = b.remediation(cmd);
        }
        for cmd in revoke(Direction::Egress, &cx.region.name, &group.id, &egress) {
            b = b.remediation(cmd);
        }
        out.findings.push(b.build());
    }
}
