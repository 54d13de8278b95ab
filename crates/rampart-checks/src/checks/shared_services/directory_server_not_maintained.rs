//! The shared services every Windows host trusts: directory servers (hosts whose security
//! groups open Kerberos, LDAP, LDAPS or Global Catalog specifically, as the lateral check
//! finds them) that Systems Manager does not manage, or whose last patch scan found missing,
//! failed or pending-reboot patches, or that were never scanned. The same facts as
//! `instance-not-managed-by-ssm` and `instance-patches-missing`, judged at high severity for
//! the host whose compromise is every domain member's. Semantics of the inputs are in those
//! two checks.

use std::collections::HashMap;

use rampart_inventory::{PatchState, ResourceKind};
use rampart_net::lateral::Graph;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::ports::{wanted, AD_SIGNATURE};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "directory-server-not-maintained",
        theme: Theme::SharedServices,
        title: "Directory server not managed or not patched",
        severity: Severity::High,
        summary: "Directory servers (hosts whose groups open Kerberos, LDAP, LDAPS or Global Catalog) that Systems Manager does not manage, or that miss patches, failed to install them, wait for a reboot, or were never scanned.",
        rationale: "A domain controller holds every domain account's keys; one known, unpatched vulnerability on it (Zerologon, noPac) turns any foothold on the network into the whole domain.",
        remediation: "Manage the directory servers with Systems Manager and patch them on a schedule (a patch policy with Install and RebootIfNeeded), first of all hosts.",
        references: &[],
        requires: &[
            ResourceKind::Instances,
            ResourceKind::SecurityGroups,
            ResourceKind::NetworkInterfaces,
            ResourceKind::SsmManagedInstances,
            ResourceKind::SsmPatchStates,
        ],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let graph = Graph::new(cx.region, &cx.prefix_lists);
    let managed: HashMap<&str, Option<&str>> = cx
        .region
        .ssm_managed_instances
        .iter()
        .map(|m| (m.instance_id.as_str(), m.ping_status.as_deref()))
        .collect();
    let states: HashMap<&str, &PatchState> = cx
        .region
        .patch_states
        .iter()
        .map(|p| (p.instance_id.as_str(), p))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for host in graph.serving(&wanted(AD_SIGNATURE)) {
        let Some(id) = graph.hosts[host].eni.attached_instance_id.as_deref() else {
            continue;
        };
        let Some(instance) = cx.region.instances.iter().find(|i| i.id == id && i.state == "running") else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        let problem = match (managed.get(id), states.get(id)) {
            (None, _) => Some("not managed by Systems Manager (not in describe-instance-information)".to_owned()),
            (Some(status), _) if *status != Some("Online") => Some(format!(
                "Systems Manager agent not online (ping status {})",
                status.unwrap_or("unknown")
            )),
            (_, None) => Some("managed, but never scanned for patches".to_owned()),
            (_, Some(s)) if s.missing + s.failed + s.installed_pending_reboot > 0 => Some(format!(
                "{} missing ({} critical, {} security), {} failed, {} installed pending reboot",
                s.missing, s.critical_non_compliant, s.security_non_compliant, s.failed, s.installed_pending_reboot
            )),
            _ => None,
        };
        let Some(problem) = problem else { continue };
        let eni = graph.hosts[host].eni;
        let unmanaged = !matches!(managed.get(id), Some(Some("Online")));
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", id)
            .arn(cx.ec2_arn("instance", id))
            .message(format!(
                "directory server {} is {}",
                super::describe(instance),
                if unmanaged {
                    "not managed by Systems Manager"
                } else {
                    "not patched"
                }
            ))
            .evidence(format!(
                "serves the directory: its groups {} open Kerberos, LDAP, LDAPS or Global Catalog",
                eni.security_group_ids.join(", ")
            ))
            .evidence(problem);
        b = if unmanaged {
            b.remediation(format!(
                "aws ec2 associate-iam-instance-profile --region {region} --instance-id {id} --iam-instance-profile Name=SSM_PROFILE   # a role with AmazonSSMManagedInstanceCore; or Default Host Management Configuration"
            ))
        } else {
            b.remediation(format!(
                "aws ssm send-command --region {region} --document-name AWS-RunPatchBaseline --instance-ids {id} --parameters Operation=Install,RebootOption=RebootIfNeeded"
            ))
        };
        out.findings.push(b.build());
    }
}
