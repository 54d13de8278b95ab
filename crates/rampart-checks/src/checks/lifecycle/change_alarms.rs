//! Is a change to a control in this region seen by someone within minutes? The runner the
//! `*-changes-not-alarmed` checks share (CIS AWS Foundations 4.x, FSBP CloudWatch.x).
//!
//! AWS semantics: a trail with `CloudWatchLogsLogGroupArn` delivers the events it records (for
//! a multi-region trail, every region's) to that log group in the trail's home region
//! (CloudTrail User Guide, "Sending events to CloudWatch Logs"). A metric filter on the group
//! counts the events its pattern matches; an alarm on the metric, with actions enabled and an
//! action, notifies. Each check names the events that change its control; where CIS's list
//! omits a call that changes the same control in place, rampart requires it too (each check
//! says which).
//!
//! Filter patterns are read for `$.eventName = Name` terms joined by `||`; a pattern that also
//! has `&&` narrows what it matches, so it is not counted as covering anything (reported with
//! medium confidence, since the narrowing may be harmless) — except `$.eventSource = SOURCE`
//! for the events' own service, which narrows nothing.

use std::collections::BTreeSet;

use rampart_inventory::{MetricAlarm, MetricFilter, Region, ResourceKind, Trail};

use super::trails::{is_logging, records_management_writes};
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence};

/// One watched control.
pub struct Watch {
    pub meta: &'static CheckMeta,
    /// What changes, for messages: `security-group changes`.
    pub what: &'static str,
    /// Every event that must be matched.
    pub events: &'static [&'static str],
    /// The service the events come from (`ec2.amazonaws.com`).
    pub source: &'static str,
    /// The names the fix gives a new filter and its metric.
    pub filter_name: &'static str,
    pub metric_name: &'static str,
    /// A global service (IAM, Organizations): CloudTrail records its events in one region,
    /// us-east-1 (cn-north-1, us-gov-west-1 in the other partitions), so only that region
    /// is judged (CloudTrail User Guide, "Global service events").
    pub global_service: bool,
}

fn global_events_region(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    }
}

pub fn run(cx: &RegionContext, out: &mut Outcomes, w: &Watch) {
    let region = &cx.region.name;
    if w.global_service && region != global_events_region(cx.partition()) {
        return;
    }
    let mut evidence = Vec::new();
    let mut unknown = Vec::new();
    let mut narrowed = false;
    let mut fix_target: Option<(String, String, Option<&MetricFilter>)> = None;

    for trail in &cx.region.trails {
        let Some(group_arn) = &trail.cloudwatch_logs_log_group_arn else {
            evidence.push(format!("trail {} does not send events to CloudWatch Logs", trail.name));
            continue;
        };
        match (is_logging(cx.inventory, trail), records_management_writes(trail)) {
            (Some(true), Some(true)) => {}
            (Some(false), _) | (_, Some(false)) => {
                evidence.push(format!(
                    "trail {} does not record this region's management events",
                    trail.name
                ));
                continue;
            }
            _ => {
                unknown.push(format!("the status or selectors of trail {} were not read", trail.name));
                continue;
            }
        }
        let home = trail.home_region.clone().unwrap_or_else(|| region.clone());
        let group = log_group_name(group_arn);
        let Some(home_region) = readable(cx, &home) else {
            unknown.push(format!("the metric filters and alarms of {home} were not read"));
            continue;
        };
        match judge(w, trail, home_region, &group) {
            Verdict::Alarmed => return,
            Verdict::Gaps {
                lines,
                narrowed: n,
                filter,
            } => {
                narrowed |= n;
                evidence.extend(lines);
                if fix_target.is_none() {
                    fix_target = Some((home.clone(), group.clone(), filter));
                }
            }
        }
    }
    if !unknown.is_empty() {
        out.not_evaluated.push(NotEvaluated {
            check_id: w.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: unknown.join("; "),
        });
        return;
    }
    if cx.region.trails.is_empty() {
        evidence.push("no trail records this region".into());
    }
    let mut b = Finding::builder(w.meta, cx.account, region, "AWS::::Account", cx.account)
        .message(format!("{} in {region} raise no alarm", w.what));
    if narrowed {
        b = b.confidence(Confidence::Medium);
    }
    for e in evidence {
        b = b.evidence(e);
    }
    b = match fix_target {
        Some((home, group, filter)) => fixes(b, cx, w, &home, &group, filter),
        None => b.remediation(
            "first have a trail that records this region (see cloudtrail-management-events-not-logged) send to CloudWatch Logs: \
             aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn LOG_GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN; \
             then add the metric filter and alarm",
        ),
    };
    out.findings.push(b.build());
}

enum Verdict<'a> {
    Alarmed,
    Gaps {
        lines: Vec<String>,
        narrowed: bool,
        filter: Option<&'a MetricFilter>,
    },
}

/// The filters on the trail's log group in its home region, and their alarms.
fn judge<'a>(w: &Watch, trail: &Trail, home: &'a Region, group: &str) -> Verdict<'a> {
    let mut lines = Vec::new();
    let mut narrowed = false;
    let mut best: Option<(&MetricFilter, usize)> = None;
    for filter in home.metric_filters.iter().filter(|f| f.log_group_name == group) {
        let matched = matched_events(&filter.pattern, w.source);
        let Some(matched) = matched else {
            narrowed |= filter.pattern.contains("$.eventName");
            continue;
        };
        let covered = w.events.iter().filter(|e| matched.contains(**e)).count();
        if covered == 0 {
            continue;
        }
        let missing: Vec<&str> = w.events.iter().copied().filter(|e| !matched.contains(*e)).collect();
        let alarms: Vec<&MetricAlarm> = home.metric_alarms.iter().filter(|a| alarms_on(a, filter)).collect();
        if missing.is_empty() && !alarms.is_empty() {
            return Verdict::Alarmed;
        }
        if !missing.is_empty() {
            lines.push(format!(
                "metric filter {} on log group {group} omits {}",
                filter.name,
                missing.join(", ")
            ));
        }
        if alarms.is_empty() {
            lines.push(format!(
                "no alarm with an action watches the metric of filter {}",
                filter.name
            ));
        }
        if best.is_none_or(|(_, c)| covered > c) {
            best = Some((filter, covered));
        }
    }
    if best.is_none() {
        lines.push(format!(
            "no metric filter on log group {group} (trail {}) matches {}{}",
            trail.name,
            w.what,
            if narrowed {
                "; a filter naming them also has && conditions"
            } else {
                ""
            }
        ));
    }
    Verdict::Gaps {
        lines,
        narrowed,
        filter: best.map(|(f, _)| f),
    }
}

/// The event names a pattern matches by `$.eventName = Name` terms, when it has no other
/// narrowing condition; None when it does (`&&`). One `&&` with `$.eventSource = SOURCE`, the
/// service the events come from (as CIS writes the Config and route-table patterns), narrows
/// nothing and is allowed.
pub fn matched_events(pattern: &str, source: &str) -> Option<BTreeSet<String>> {
    let conjunctions = pattern.matches("&&").count();
    if conjunctions > 1 || (conjunctions == 1 && !names_source(pattern, source)) {
        return None;
    }
    let mut names = BTreeSet::new();
    let mut rest = pattern;
    while let Some(at) = rest.find("$.eventName") {
        rest = &rest[at + "$.eventName".len()..];
        let after = rest.trim_start();
        // `!=` excludes; only `=` adds a name.
        let Some(value) = after.strip_prefix('=').filter(|_| !after.starts_with("==")) else {
            continue;
        };
        let value = value.trim_start().trim_start_matches('"');
        let name: String = value.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !name.is_empty() {
            names.insert(name);
        }
    }
    Some(names)
}

/// Whether the pattern has the term `$.eventSource = SOURCE` (quoted or not).
fn names_source(pattern: &str, source: &str) -> bool {
    pattern.match_indices("$.eventSource").any(|(at, _)| {
        let after = pattern[at + "$.eventSource".len()..].trim_start();
        after
            .strip_prefix('=')
            .filter(|_| !after.starts_with("=="))
            .map(|v| v.trim_start().trim_start_matches('"'))
            .is_some_and(|v| {
                v.starts_with(source) && !v[source.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
            })
    })
}

fn alarms_on(alarm: &MetricAlarm, filter: &MetricFilter) -> bool {
    alarm.actions_enabled
        && !alarm.alarm_actions.is_empty()
        && filter
            .metrics
            .iter()
            .any(|(ns, name)| alarm.namespace.as_deref() == Some(ns) && alarm.metric_name.as_deref() == Some(name))
}

/// `arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/logs:*` → `CloudTrail/logs`.
fn log_group_name(arn: &str) -> String {
    let name = arn.split_once(":log-group:").map_or(arn, |(_, n)| n);
    name.strip_suffix(":*").unwrap_or(name).to_owned()
}

/// The home region when its filters and alarms were read.
fn readable<'a>(cx: &RegionContext<'a>, home: &str) -> Option<&'a Region> {
    let read = |k| cx.coverage.is_read(home, k);
    (read(ResourceKind::MetricFilters) && read(ResourceKind::MetricAlarms)).then(|| cx.inventory.regions.get(home))?
}

/// The filter (keeping an existing one's name and metric) and the alarm.
fn fixes(
    b: crate::finding::FindingBuilder,
    cx: &RegionContext,
    w: &Watch,
    home: &str,
    group: &str,
    existing: Option<&MetricFilter>,
) -> crate::finding::FindingBuilder {
    let name = existing.map_or(w.filter_name, |f| f.name.as_str());
    let (namespace, metric) = existing
        .and_then(|f| f.metrics.first())
        .map_or(("CISBenchmark", w.metric_name), |(ns, m)| (ns.as_str(), m.as_str()));
    let pattern = w
        .events
        .iter()
        .map(|e| format!("($.eventName = {e})"))
        .collect::<Vec<_>>()
        .join(" || ");
    b.remediation(format!(
        "aws logs put-metric-filter --region {home} --log-group-name {group} --filter-name {name} \
         --filter-pattern '{{ {pattern} }}' --metric-transformations metricName={metric},metricNamespace={namespace},metricValue=1"
    ))
    .remediation(format!(
        "aws cloudwatch put-metric-alarm --region {home} --alarm-name {name} --namespace {namespace} --metric-name {metric} \
         --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold \
         --alarm-actions arn:{}:sns:{home}:{}:SECURITY_TOPIC",
        cx.partition(),
        cx.account
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let cis = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }";
        let names = matched_events(cis, "ec2.amazonaws.com").unwrap();
        assert_eq!(names.len(), 6);
        assert!(!names.contains("ModifySecurityGroupRules"));
        let quoted = r#"{ ($.eventName = "ModifySecurityGroupRules") || ($.eventName != "CreateSecurityGroup") }"#;
        assert_eq!(
            matched_events(quoted, "ec2.amazonaws.com")
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            ["ModifySecurityGroupRules"]
        );
        assert_eq!(
            matched_events(
                "{ ($.eventName = CreateSecurityGroup) && ($.userIdentity.type = Root) }",
                "ec2.amazonaws.com"
            ),
            None
        );
        // CIS's Config pattern: the event source conjunct narrows nothing; another one would.
        let config = "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }";
        assert_eq!(matched_events(config, "config.amazonaws.com").unwrap().len(), 4);
        assert_eq!(matched_events(config, "ec2.amazonaws.com"), None);
        assert_eq!(
            matched_events(
                &config.replace("config.amazonaws.com", "config.amazonaws.com.evil"),
                "config.amazonaws.com"
            ),
            None
        );
        assert_eq!(
            log_group_name("arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/logs:*"),
            "CloudTrail/logs"
        );
    }
}
