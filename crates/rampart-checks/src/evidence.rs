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
