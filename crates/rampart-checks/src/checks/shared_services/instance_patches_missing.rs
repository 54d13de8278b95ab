//! Patch compliance. AWS semantics (Systems Manager API, `InstancePatchState`): the counts
//! come from the last Scan or Install operation against the instance's baseline;
//! `MissingCount` are applicable patches not installed, `FailedCount` failed to install,
//! `InstalledPendingRebootCount` need a reboot to take effect, and
//! `CriticalNonCompliantCount`/`SecurityNonCompliantCount` are missing patches the baseline
//! classes as critical or security. A managed instance without a patch state was never scanned.

use std::collections::HashMap;

use rampart_inventory::{PatchState, ResourceKind};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "instance-patches-missing",
        theme: Theme::SharedServices,
        title: "Managed instance is missing patches or was never scanned",
        severity: Severity::High,
        summary: "Instances managed by Systems Manager with missing, failed or pending-reboot patches by their baseline (high when critical or security patches are missing), or with no patch scan at all.",
        rationale: "Known, published vulnerabilities are the ones attackers exploit first; a missing critical patch on a reachable host is usually the way in.",
        remediation: "Run AWS-RunPatchBaseline with Install (and reboot), then fix what fails; schedule scans with a patch policy.",
        references: &[Reference { framework: FSBP, control: "SSM.2" }],
        requires: &[ResourceKind::Instances, ResourceKind::SsmManagedInstances, ResourceKind::SsmPatchStates],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let states: HashMap<&str, &PatchState> = cx
        .region
        .patch_states
        .iter()
        .map(|p| (p.instance_id.as_str(), p))
        .collect();
    let instances: HashMap<&str, &rampart_inventory::Instance> =
        cx.region.instances.iter().map(|i| (i.id.as_str(), i)).collect();
    for managed in &cx.region.ssm_managed_instances {
        let Some(instance) = instances.get(managed.instance_id.as_str()) else {
            continue;
        };
        if instance.state == "terminated" {
            continue;
        }
        let b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", &instance.id)
            .arn(cx.ec2_arn("instance", &instance.id));
        let install = format!(
            "aws ssm send-command --region {region} --document-name AWS-RunPatchBaseline --instance-ids {} --parameters Operation=Install,RebootOption=RebootIfNeeded",
            instance.id
        );
        let Some(state) = states.get(instance.id.as_str()) else {
            out.findings.push(
                b.message(format!(
                    "instance {} has never been scanned for patches",
                    super::describe(instance)
                ))
                .severity(Severity::Medium)
                .evidence("no patch state in describe-instance-patch-states")
                .remediation(install.replace("Operation=Install,RebootOption=RebootIfNeeded", "Operation=Scan"))
                .build(),
            );
            continue;
        };
        let problems = state.missing + state.failed + state.installed_pending_reboot;
        if problems == 0 && state.critical_non_compliant == 0 && state.security_non_compliant == 0 {
            continue;
        }
        let severity = if state.critical_non_compliant > 0 || state.security_non_compliant > 0 {
            Severity::High
        } else {
            Severity::Medium
        };
        let mut b = b
            .message(format!("instance {} is missing patches", super::describe(instance)))
            .severity(severity)
            .evidence(format!(
                "{} missing ({} critical, {} security), {} failed, {} installed pending reboot",
                state.missing,
                state.critical_non_compliant,
                state.security_non_compliant,
                state.failed,
                state.installed_pending_reboot
            ));
        if let (Some(op), Some(end)) = (&state.operation, &state.operation_end_time) {
            b = b.evidence(format!("last {op} finished {end}"));
        }
        out.findings.push(
            b.remediation(install)
                .blast_radius(usize::try_from(state.missing).unwrap_or(0))
                .build(),
        );
    }
}
