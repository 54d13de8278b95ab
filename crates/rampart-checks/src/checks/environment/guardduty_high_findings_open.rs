//! GuardDuty has seen something and nobody has acted: unarchived findings of severity 7 and
//! above. AWS semantics (GuardDuty User Guide, "Severity levels of GuardDuty findings"): 7.0–8.9
//! is high ("the resource is compromised and actively being used for unauthorized purposes"),
//! 9.0–10.0 critical; a finding stays active until it is archived (by hand or by a suppression
//! rule). One rampart finding per GuardDuty finding, keyed by its id, so it follows it across
//! scans; the ids whose details were not read leave the detector not evaluated for them.

use std::collections::HashSet;

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "guardduty-high-findings-open",
        theme: Theme::Environment,
        title: "GuardDuty high-severity finding is still open",
        severity: Severity::High,
        summary: "Unarchived GuardDuty findings of severity 7.0 and above (critical from 9.0), with the resource they name.",
        rationale: "A high GuardDuty finding means an instance or a key is probably being used by someone else right now; left open, detection has happened and response has not.",
        remediation: "Investigate the resource (isolate the instance, rotate the key), then archive the finding; send high findings to a pager through EventBridge so the next one is not missed.",
        references: &[],
        requires: &[ResourceKind::GuardDutyDetectors, ResourceKind::GuardDutyFindings],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let detailed: HashSet<&str> = cx.region.guardduty_findings.iter().map(|f| f.id.as_str()).collect();
    let missing = cx
        .region
        .guardduty_finding_ids
        .iter()
        .filter(|id| !detailed.contains(id.as_str()))
        .count();
    if missing > 0 {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: format!("{missing} listed finding(s) whose details (guardduty get-findings) were not read"),
        });
    }
    for f in cx
        .region
        .guardduty_findings
        .iter()
        .filter(|f| !f.archived && f.severity >= 7.0)
    {
        let resource = match &f.resource_id {
            Some(id) => format!("{} {id}", f.resource_type),
            None => f.resource_type.clone(),
        };
        let mut b = super::detector_finding(cx, CHECK.meta, &f.detector_id)
            .key(f.id.clone())
            .message(format!("GuardDuty {}: {} ({resource})", f.finding_type, f.title))
            .evidence(format!(
                "severity {:.1}, seen {} time(s){}",
                f.severity,
                f.count.max(1),
                f.updated_at
                    .as_deref()
                    .map(|t| format!(", last at {t}"))
                    .unwrap_or_default()
            ))
            .evidence(format!("finding {}", f.id))
            .blast_radius(usize::try_from(f.count).unwrap_or(0));
        if f.severity >= 9.0 {
            b = b.severity(Severity::Critical);
        }
        b = b
            .remediation(format!(
                "aws guardduty get-findings --region {region} --detector-id {} --finding-ids {}   # the whole finding: who, from where, what",
                f.detector_id, f.id
            ))
            .remediation(format!(
                "once resolved: aws guardduty archive-findings --region {region} --detector-id {} --finding-ids {}",
                f.detector_id, f.id
            ));
        out.findings.push(b.build());
    }
}
