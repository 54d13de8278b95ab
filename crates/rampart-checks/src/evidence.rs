//! Log evidence a scan can be given besides the inventory: flow-log grant usage. Checks that
//! need it report "not evaluated" when it was not given.

use rampart_logs::flow::evidence::{RuleReport, TightenReport, UsageReport};
use rampart_logs::flow::usage::Status;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::CheckMeta;

#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Grant usage from the flow logs given (`scan --flow-logs`).
    pub flow_usage: Option<UsageReport>,
    pub flow_tighten: Option<TightenReport>,
    /// Detections from the CloudTrail logs given (`scan --trail`).
    pub trail: Option<TrailEvidence>,
}

/// What the trail said, and over which records.
#[derive(Debug, Clone, Default)]
pub struct TrailEvidence {
    pub detections: Vec<rampart_logs::trail::detect::Detection>,
    /// `12,345 records in 48 files, 2026-11-01T… .. 2026-11-30T…`.
    pub scope: String,
}

/// The trail's detections of one kind as findings (account-wide: a change names its region),
/// or not evaluated when no trail was given.
pub fn trail_findings(cx: &crate::context::GlobalContext, meta: &'static CheckMeta, kind: &str, out: &mut Outcomes) {
    let Some(trail) = &cx.evidence.trail else {
        out.not_evaluated.push(NotEvaluated {
            check_id: meta.id,
            scope: rampart_inventory::GLOBAL.into(),
            resource_id: None,
            reason: "no CloudTrail logs were given (scan --trail PATH)".into(),
        });
        return;
    };
    for d in trail.detections.iter().filter(|d| d.kind == kind) {
        let severity = crate::meta::Severity::parse(d.severity).unwrap_or(meta.severity);
        let resource = d
            .resources
            .first()
            .cloned()
            .or_else(|| d.actor.clone())
            .unwrap_or_else(|| "account".into());
        let mut b = crate::finding::Finding::builder(
            meta,
            cx.account,
            d.region.as_deref().unwrap_or(rampart_inventory::GLOBAL),
            "AWS::CloudTrail::Event",
            &resource,
        )
        .key(d.event_ids.first().cloned().unwrap_or_else(|| d.message.clone()))
        .severity(severity)
        .message(d.message.clone())
        .evidence(format!("from CloudTrail: {}", trail.scope));
        if let Some(actor) = &d.actor {
            b = b.evidence(format!("principal: {actor}"));
        }
        if !d.event_ids.is_empty() {
            b = b.evidence(format!("event ids: {}", d.event_ids.join(", ")));
        }
        out.findings.push(b.build());
    }
}

/// The flow-log usage of a region's ingress rules, or None after recording why the check
/// could not run.
pub fn region_usage<'e>(cx: &RegionContext<'e>, meta: &CheckMeta, out: &mut Outcomes) -> Option<&'e UsageReport> {
    match &cx.evidence.flow_usage {
        Some(u) => Some(u),
        None => {
            out.not_evaluated.push(NotEvaluated {
                check_id: meta.id,
                scope: cx.region.name.clone(),
                resource_id: None,
                reason: "no flow logs were given (scan --flow-logs PATH)".into(),
            });
            None
        }
    }
}

/// The ingress rules of this region that a check judges, by status, with the ones the logs
/// could not judge recorded as not evaluated.
pub fn ingress_rules<'e>(
    cx: &RegionContext,
    usage: &'e UsageReport,
    meta: &CheckMeta,
    internet: bool,
    out: &mut Outcomes,
) -> Vec<&'e RuleReport> {
    let mut judged = Vec::new();
    for r in usage
        .rules
        .iter()
        .filter(|r| r.region == cx.region.name && r.direction == "ingress" && r.internet == internet)
    {
        match r.status {
            Status::NotEvaluated => out.not_evaluated.push(NotEvaluated {
                check_id: meta.id,
                scope: cx.region.name.clone(),
                resource_id: Some(r.group_id.clone()),
                reason: format!("{}: {}", r.rule, r.reason.as_deref().unwrap_or("not observed")),
            }),
            Status::Unused | Status::Used => judged.push(r),
            Status::NotAttached => {}
        }
    }
    judged
}

/// `in 7.0 days of flow logs (2026-11-24T00:00:00Z .. 2026-11-30T23:56:00Z)`.
pub fn window_words(usage: &UsageReport) -> String {
    usage
        .window
        .as_ref()
        .map(|w| format!("in {} days of flow logs ({} .. {})", w.days, w.from, w.to))
        .unwrap_or_else(|| "in the flow logs given".into())
}
