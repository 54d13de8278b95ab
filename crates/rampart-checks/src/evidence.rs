//! Log evidence a scan can be given besides the inventory: flow-log grant usage and CloudTrail
//! detections. Checks that need it report "not evaluated" when it was not given or nothing of
//! it could be read; when only part could be read they are evaluated over that part, and their
//! findings say which share was unreadable.

pub use rampart_logs::coverage::{Completeness, LogCoverage};
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
    /// How much of the logs given could be read.
    pub coverage: LogCoverage,
}

/// The kinds of log evidence a scan can be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogKind {
    CloudTrail,
    FlowLogs,
}

impl LogKind {
    pub const ALL: [LogKind; 2] = [LogKind::CloudTrail, LogKind::FlowLogs];

    /// `cloudtrail`, `flow-logs`: the name the history records.
    pub fn name(self) -> &'static str {
        match self {
            LogKind::CloudTrail => "cloudtrail",
            LogKind::FlowLogs => "flow-logs",
        }
    }

    pub fn parse(name: &str) -> Option<LogKind> {
        LogKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// `CloudTrail logs`, `flow logs`.
    pub fn words(self) -> &'static str {
        match self {
            LogKind::CloudTrail => "CloudTrail logs",
            LogKind::FlowLogs => "flow logs",
        }
    }

    /// The log evidence a check judges, if any: the `trail-*` checks CloudTrail, the flow-log
    /// checks flow logs. A finding of such a check cannot be confirmed or resolved by a scan
    /// that was not given that evidence.
    pub fn of_check(check_id: &str) -> Option<LogKind> {
        if check_id.starts_with("trail-") {
            Some(LogKind::CloudTrail)
        } else if matches!(
            check_id,
            "rule-unused-in-flow-logs" | "internet-rule-unused-in-flow-logs" | "rule-wider-than-observed-traffic"
        ) {
            Some(LogKind::FlowLogs)
        } else {
            None
        }
    }
}

/// One kind of log evidence a scan was given, and how much of it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRead {
    pub kind: LogKind,
    pub coverage: LogCoverage,
}

impl Evidence {
    /// The log evidence given, with how much of each was read.
    pub fn reads(&self) -> Vec<LogRead> {
        let mut out = Vec::new();
        if let Some(t) = &self.trail {
            out.push(LogRead {
                kind: LogKind::CloudTrail,
                coverage: t.coverage.clone(),
            });
        }
        if let Some(u) = &self.flow_usage {
            out.push(LogRead {
                kind: LogKind::FlowLogs,
                coverage: u.read.coverage(),
            });
        }
        out
    }
}

/// Why a verdict over these logs cannot be given (nothing read), or None.
fn nothing_read(kind: LogKind, coverage: &LogCoverage) -> Option<String> {
    (coverage.completeness() == Completeness::Nothing).then(|| {
        format!(
            "nothing could be read from the {} given: {}",
            kind.words(),
            coverage.describe()
        )
    })
}

/// The evidence line of a finding judged over logs of which part could not be read.
fn partial_words(kind: LogKind, coverage: &LogCoverage) -> Option<String> {
    (coverage.completeness() == Completeness::Partial).then(|| {
        format!(
            "judged only over what could be read of the {}: {}",
            kind.words(),
            coverage.describe()
        )
    })
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
    if let Some(reason) = nothing_read(LogKind::CloudTrail, &trail.coverage) {
        out.not_evaluated.push(NotEvaluated {
            check_id: meta.id,
            scope: rampart_inventory::GLOBAL.into(),
            resource_id: None,
            reason,
        });
        return;
    }
    let partial = partial_words(LogKind::CloudTrail, &trail.coverage);
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
        if let Some(p) = &partial {
            b = b.evidence(p.clone());
        }
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
        Some(u) => match nothing_read(LogKind::FlowLogs, &u.read.coverage()) {
            None => Some(u),
            Some(reason) => {
                out.not_evaluated.push(NotEvaluated {
                    check_id: meta.id,
                    scope: cx.region.name.clone(),
                    resource_id: None,
                    reason,
                });
                None
            }
        },
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

/// The evidence line of a finding over flow logs of which part could not be read, if so.
pub fn flow_partial(usage: &UsageReport) -> Option<String> {
    partial_words(LogKind::FlowLogs, &usage.read.coverage())
}
