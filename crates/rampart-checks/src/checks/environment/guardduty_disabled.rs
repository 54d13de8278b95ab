//! GuardDuty, per region.
//!
//! AWS semantics (GuardDuty API Reference, ListDetectors/GetDetector): GuardDuty is a regional
//! service with at most one detector per account and region; a detector whose `Status` is
//! `DISABLED` is suspended and produces no findings.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "guardduty-disabled",
        theme: Theme::Environment,
        title: "GuardDuty is not enabled",
        severity: Severity::High,
        summary: "Regions without a GuardDuty detector, or whose detector is suspended.",
        rationale: "GuardDuty is what notices crypto-miners, credential theft and traffic to known-bad hosts; attackers use the regions nobody watches.",
        remediation: "Enable GuardDuty in every region, including the ones not used (or block them with an SCP).",
        references: &[Reference { framework: FSBP, control: "GuardDuty.1" }],
        requires: &[ResourceKind::GuardDutyDetectors],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    if cx.region.guardduty_detectors.is_empty() {
        out.findings.push(
            Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
                .message(format!("GuardDuty is not enabled in {region}"))
                .evidence("list-detectors returned no detector")
                .remediation(format!("aws guardduty create-detector --region {region} --enable"))
                .build(),
        );
        return;
    }
    for detector in &cx.region.guardduty_detectors {
        match detector.status.as_deref() {
            Some("ENABLED") => {}
            Some(status) => out.findings.push(
                super::detector_finding(cx, CHECK.meta, &detector.id)
                    .message(format!("GuardDuty detector {} in {region} is suspended", detector.id))
                    .evidence(format!("detector status {status}"))
                    .remediation(format!(
                        "aws guardduty update-detector --region {region} --detector-id {} --enable",
                        detector.id
                    ))
                    .build(),
            ),
            None => out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: region.clone(),
                resource_id: Some(detector.id.clone()),
                reason: "the detector (guardduty get-detector) was not read".into(),
            }),
        }
    }
}
