use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "unused-security-group",
        theme: Theme::Lifecycle,
        title: "Security group not used by anything",
        severity: Severity::Low,
        summary: "Non-default security groups that no network interface carries and no load balancer, Lambda function, ECS service, VPC endpoint or instance names.",
        rationale: "Unused groups accumulate permissive rules nobody reviews; the next resource launched with one inherits them. Fewer groups make every review faster.",
        remediation: "Delete the group after checking that no launch template or infrastructure code still refers to it (their references are not visible to this check).",
        references: &[Reference { framework: FSBP, control: "EC2.22" }],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    // A group another group's rules refer to is still "unused" for traffic, but deleting it
    // fails until the referring rule goes: say so.
    let mut referenced_by: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for g in &cx.region.security_groups {
        for r in g.ingress.iter().chain(&g.egress) {
            if let rampart_inventory::Peer::Group { group_id, .. } = &r.peer {
                if group_id != &g.id {
                    referenced_by.entry(group_id.as_str()).or_default().push(g.id.as_str());
                }
            }
        }
    }
    for group in &cx.region.security_groups {
        if group.is_default() || !cx.attachments.is_unused(&group.id) {
            continue;
        }
        let mut b = cx
            .group_finding(CHECK.meta, group)
            .message(format!(
                "security group {} ({}) is not used by any network interface or resource",
                group.id, group.name
            ))
            .evidence(format!(
                "{} inbound and {} outbound rule(s); no network interface carries it",
                group.ingress.len(),
                group.egress.len()
            ));
        if let Some(refs) = referenced_by.get(group.id.as_str()) {
            let mut refs = refs.clone();
            refs.sort_unstable();
            refs.dedup();
            b = b.evidence(format!(
                "referenced by the rules of {}: remove those rules first",
                refs.join(", ")
            ));
        }
        out.findings.push(
            b.remediation(format!(
                "aws ec2 delete-security-group --region {} --group-id {}",
                cx.region.name, group.id
            ))
            .build(),
        );
    }
}
