//! S3 object-level logging (CIS 3.8 and 3.9; CloudTrail User Guide, "Logging data events"): only
//! data events record who read or wrote which object; management events do not. A trail records
//! them with a basic selector whose data resources include `AWS::S3::Object`, or an advanced
//! selector on `eventCategory` `Data` with `resources.type` `AWS::S3::Object`. A selector for
//! some buckets counts: which buckets it names is not judged here.
//!
//! Reported where trails exist but none records S3 data events; a region with no logging trail
//! at all is `cloudtrail-management-events-not-logged`'s.

use rampart_inventory::{ResourceKind, Trail};

use super::trails::is_logging;
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

const S3_OBJECT: &str = "AWS::S3::Object";

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-s3-data-events-off",
        theme: Theme::Lifecycle,
        title: "No trail records S3 object-level events",
        severity: Severity::Low,
        summary: "Regions whose logging trails record no S3 data events (object reads and writes).",
        rationale: "Without data events there is no record of who downloaded or changed which object: after a leaked key, nobody can say what data left.",
        remediation: "Add an S3 data-event selector to a trail, for every bucket or at least the sensitive ones (data events are billed per event).",
        references: &[
            Reference { framework: CIS_V3, control: "3.8" },
            Reference { framework: CIS_V3, control: "3.9" },
            Reference { framework: FSBP, control: "S3.22" },
            Reference { framework: FSBP, control: "S3.23" },
        ],
        requires: &[ResourceKind::Trails],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

/// Whether the trail records S3 object events: None when its selectors were not read.
fn records_s3_objects(trail: &Trail) -> Option<bool> {
    match &trail.event_selectors {
        Some(es) => Some(
            es.data_resource_types.iter().any(|t| t == S3_OBJECT)
                || es
                    .advanced
                    .as_deref()
                    .is_some_and(|a| a.contains(S3_OBJECT) && a.contains("\"Data\"")),
        ),
        // Default selectors: management events only.
        None if trail.has_custom_event_selectors == Some(false) => Some(false),
        None => None,
    }
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let logging: Vec<&Trail> = cx
        .region
        .trails
        .iter()
        .filter(|t| is_logging(cx.inventory, t) != Some(false))
        .collect();
    if logging.is_empty() {
        return;
    }
    let mut unknown = Vec::new();
    for trail in &logging {
        match records_s3_objects(trail) {
            Some(true) => return,
            Some(false) => {}
            None => unknown.push(trail.name.as_str()),
        }
    }
    if !unknown.is_empty() {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: format!(
                "the event selectors of trail(s) {} were not read (get-event-selectors)",
                unknown.join(", ")
            ),
        });
        return;
    }
    let names: Vec<&str> = logging.iter().map(|t| t.name.as_str()).collect();
    let trail = names.first().copied().unwrap_or("TRAIL");
    out.findings.push(
        Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
            .message(format!("no trail records S3 object-level events in {region}"))
            .evidence(format!("trails that apply here, with no S3 data-event selector: {}", names.join(", ")))
            .remediation(format!(
                "aws cloudtrail put-event-selectors --region {region} --trail-name {trail} --advanced-event-selectors '[{{\"Name\":\"Management\",\"FieldSelectors\":[{{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}}]}},{{\"Name\":\"S3 objects\",\"FieldSelectors\":[{{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]}},{{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]}}]}}]'"
            ))
            .remediation("the command replaces the trail's selectors: the first selector keeps its management events")
            .build(),
    );
}
