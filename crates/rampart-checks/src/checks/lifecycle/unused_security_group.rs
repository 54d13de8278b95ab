//! A group is unused only when no network interface carries it and no resource that names
//! groups in its configuration does (EC2 User Guide, "Delete a security group": a group
//! associated with an instance, a network interface or another resource cannot be deleted).
//! The resources read for that are [`REFERENCING`]; when one of those calls was not read in
//! the region, a group nothing read uses is *not evaluated*, never "unused".

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "unused-security-group",
        theme: Theme::Lifecycle,
        title: "Security group not used by anything",
        severity: Severity::Low,
        summary: "Non-default security groups that no network interface carries and no load balancer, Lambda function, ECS service, VPC endpoint, instance, RDS instance or cluster, ElastiCache or Redshift cluster, OpenSearch domain, launch template (latest and default versions) or launch configuration names.",
        rationale: "Unused groups accumulate permissive rules nobody reviews; the next resource launched with one inherits them. Fewer groups make every review faster.",
        remediation: "Delete the group after checking that no infrastructure code, older launch template version or service this check does not read (EKS, EFS, DMS, …) still refers to it.",
        references: &[Reference { framework: FSBP, control: "EC2.22" }],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

/// The kinds whose resources name security groups in their configuration, so that a group can
/// be in use while no interface carries it (a stopped database, a template nothing launched
/// from yet, a service scaled to zero). Instances are not here: their groups are their
/// interfaces'.
pub const REFERENCING: &[ResourceKind] = &[
    ResourceKind::LoadBalancers,
    ResourceKind::ClassicLoadBalancers,
    ResourceKind::LambdaFunctions,
    ResourceKind::EcsServices,
    ResourceKind::VpcEndpoints,
    ResourceKind::DbInstances,
    ResourceKind::DbClusters,
    ResourceKind::CacheClusters,
    ResourceKind::RedshiftClusters,
    ResourceKind::OpenSearchDomains,
    ResourceKind::LaunchTemplateVersions,
    ResourceKind::LaunchConfigurations,
];

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
    let unread: Vec<String> = REFERENCING
        .iter()
        .filter(|&&kind| !cx.coverage.is_read(&cx.region.name, kind))
        .map(|kind| format!("`{}`", kind.cli()))
        .collect();
    for group in &cx.region.security_groups {
        if group.is_default() || !cx.attachments.is_unused(&group.id) {
            continue;
        }
        // A file of the export that rampart does not read and that names the group could be
        // a resource using it (an EKS cluster, an EFS mount target, …).
        let named_by: Vec<&str> = cx
            .inventory
            .unread_responses
            .iter()
            .filter(|u| u.names_group(&cx.region.name, &group.id))
            .map(|u| u.file.as_str())
            .collect();
        if !named_by.is_empty() {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: cx.region.name.clone(),
                resource_id: Some(group.id.clone()),
                reason: format!(
                    "no interface carries {} and nothing read names it, but {} names it, a response rampart does not read",
                    group.id,
                    named_by.join(", ")
                ),
            });
            continue;
        }
        if !unread.is_empty() {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: cx.region.name.clone(),
                resource_id: Some(group.id.clone()),
                reason: format!(
                    "no interface carries {} and nothing read names it, but these were not read and could: {}",
                    group.id,
                    unread.join(", ")
                ),
            });
            continue;
        }
        let mut b = cx
            .group_finding(CHECK.meta, group)
            .message(format!(
                "security group {} ({}) is not used by any network interface or resource",
                group.id, group.name
            ))
            .evidence(format!(
                "{} inbound and {} outbound rule(s); no network interface carries it and no resource read names it",
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
