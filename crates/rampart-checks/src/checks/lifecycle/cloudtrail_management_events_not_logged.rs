//! CloudTrail coverage per region: is some logging trail recording this region's write
//! management events (every security-group change is one)? Semantics in `trails.rs`.

use rampart_inventory::ResourceKind;

use super::trails::{is_home, is_logging, records_management_writes};
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-management-events-not-logged",
        theme: Theme::Lifecycle,
        title: "No CloudTrail trail records this region's management events",
        severity: Severity::High,
        summary: "Regions where no trail that applies to them (a multi-region trail or one homed there) is logging write management events.",
        rationale: "Management events are the record of who changed what: without them a security-group change, a new access key or a deleted log cannot be traced to anyone.",
        remediation: "Create one multi-region trail that records all management events, with log-file validation, and keep it logging.",
        references: &[
            Reference { framework: CIS_V3, control: "3.1" },
            Reference { framework: FSBP, control: "CloudTrail.1" },
        ],
        requires: &[ResourceKind::Trails],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let mut unknown = Vec::new();
    let mut evidence = Vec::new();
    for trail in &cx.region.trails {
        match (is_logging(cx.inventory, trail), records_management_writes(trail)) {
            (Some(true), Some(true)) => return,
            (Some(false), _) => evidence.push(format!("trail {} is not logging", trail.name)),
            (_, Some(false)) => evidence.push(format!("trail {} records no write management events", trail.name)),
            _ => unknown.push(trail.name.clone()),
        }
    }
    if !unknown.is_empty() {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: format!(
                "the status or event selectors of trail(s) {} were not read (get-trail-status, get-event-selectors)",
                unknown.join(", ")
            ),
        });
        return;
    }
    if cx.region.trails.is_empty() {
        evidence.push("describe-trails lists no trail for this region, multi-region or not".into());
    }
    let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
        .message(format!("no CloudTrail trail records management events in {region}"));
    for e in evidence {
        b = b.evidence(e);
    }
    // A single-region trail elsewhere is best made multi-region: one trail, one bucket, and no
    // name clash with a new trail's shadow copies.
    let single = cx.inventory.regions.values().find_map(|r| {
        r.trails
            .iter()
            .find(|t| !t.multi_region && is_home(t, &r.name) && records_management_writes(t) == Some(true))
            .map(|t| (r.name.as_str(), t.name.as_str()))
    });
    if let Some((home, name)) = single {
        out.findings.push(
            b.evidence(format!("trail {name} records management events in {home} only"))
                .remediation(format!(
                    "aws cloudtrail update-trail --region {home} --name {name} --is-multi-region-trail"
                ))
                .build(),
        );
        return;
    }
    out.findings.push(
        b.remediation(format!(
            "aws cloudtrail create-trail --region {region} --name management-events --s3-bucket-name TRAIL_BUCKET \
             --is-multi-region-trail --enable-log-file-validation"
        ))
        .remediation(format!(
            "aws cloudtrail start-logging --region {region} --name management-events"
        ))
        .build(),
    );
}
