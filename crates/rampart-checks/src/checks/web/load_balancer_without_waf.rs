//! Internet-facing Application Load Balancers that no AWS WAF web ACL protects. AWS semantics
//! (AWS WAF Developer Guide, "Resources you can protect"): a regional web ACL can be associated
//! with an Application Load Balancer (not a Network or Classic Load Balancer, which WAF does
//! not support), and then inspects every request before it reaches the targets. The load
//! balancers each ACL protects come from `list-resources-for-web-acl`; an ACL whose list was
//! not read leaves the load balancers it might protect not evaluated. A load balancer the
//! internet reaches on none of its listeners (the exposure engine) is reported low.

use rampart_inventory::ResourceKind;

use super::lb_finding;
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::exposure::Reach;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "load-balancer-without-waf",
        theme: Theme::Web,
        title: "Internet-facing Application Load Balancer has no WAF web ACL",
        severity: Severity::Medium,
        summary: "Internet-facing Application Load Balancers that no regional AWS WAF web ACL is associated with.",
        rationale: "The web tier takes every request the internet sends; without a web ACL, injection, scanner and bot traffic reach the application unfiltered, and there is no rate limit when an attack starts.",
        remediation: "Associate a web ACL with the AWS managed rule groups (AWSManagedRulesCommonRuleSet, KnownBadInputs, a rate-based rule): `aws wafv2 associate-web-acl --web-acl-arn ACL_ARN --resource-arn LB_ARN`.",
        references: &[],
        requires: &[ResourceKind::LoadBalancers, ResourceKind::WebAcls],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let unread: Vec<&str> = cx
        .region
        .web_acls
        .iter()
        .filter(|a| a.load_balancer_arns.is_none())
        .map(|a| a.name.as_str())
        .collect();
    let protected = |arn: &str| {
        cx.region.web_acls.iter().any(|a| {
            a.load_balancer_arns
                .as_ref()
                .is_some_and(|l| l.iter().any(|x| x == arn))
        })
    };
    for lb in cx
        .region
        .load_balancers
        .iter()
        .filter(|lb| lb.lb_type == "application" && lb.scheme == "internet-facing")
    {
        if protected(&lb.id) {
            continue;
        }
        if !unread.is_empty() {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: region.clone(),
                resource_id: Some(lb.name.clone()),
                reason: format!("the load balancers of web ACL(s) {} were not read", unread.join(", ")),
            });
            continue;
        }
        let reach = lb_reach(cx, lb);
        let tail = match reach {
            Reach::Unreachable(_) => ", but the internet reaches none of its listeners",
            _ => "",
        };
        let mut b = lb_finding(cx, CHECK.meta, lb, 0)
            .message(format!(
                "internet-facing load balancer {} has no WAF web ACL{tail}",
                lb.name
            ))
            .evidence(if cx.region.web_acls.is_empty() {
                format!("no regional web ACL exists in {region}")
            } else {
                format!(
                    "none of the {} regional web ACL(s) is associated with it",
                    cx.region.web_acls.len()
                )
            });
        let acl = cx.region.web_acls.first().map_or("ACL_ARN", |a| a.arn.as_str());
        b = b.remediation(format!(
            "aws wafv2 associate-web-acl --region {region} --web-acl-arn {acl} --resource-arn {}",
            lb.id
        ));
        b = super::ranked(b, &reach, CHECK.meta.severity);
        out.findings.push(b.build());
    }
}

/// The internet's reach of the load balancer: reachable when some listener is, else not
/// judged when some listener could not be, else not reachable.
fn lb_reach(cx: &RegionContext, lb: &rampart_inventory::LoadBalancer) -> Reach {
    let all: Vec<Reach> = lb.listeners.iter().map(|l| super::listener_reach(cx, lb, l)).collect();
    let mut reachable = Vec::new();
    let mut inspected = true;
    let mut parts: Vec<String> = Vec::new();
    let mut whole = false;
    let mut blocked = Vec::new();
    let mut unknown = Vec::new();
    for r in all {
        match r {
            Reach::Reachable {
                lines,
                inspected: i,
                part,
            } => {
                inspected &= i;
                reachable.extend(lines);
                match part {
                    Some(p) => parts.push(p),
                    None => whole = true,
                }
            }
            Reach::Unknown(reason) => unknown.push(reason),
            other => blocked.extend(other.evidence().iter().cloned()),
        }
    }
    if !reachable.is_empty() {
        Reach::Reachable {
            lines: reachable,
            inspected,
            part: (!whole).then(|| parts.join(", ")),
        }
    } else if !unknown.is_empty() {
        Reach::Unknown(unknown.join(" | "))
    } else if blocked.is_empty() {
        Reach::Unreachable(vec![format!("{} has no listener: it answers no request", lb.name)])
    } else {
        Reach::Unreachable(blocked)
    }
}
