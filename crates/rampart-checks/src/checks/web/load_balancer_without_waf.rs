//! Internet-facing Application Load Balancers that no AWS WAF web ACL protects. AWS semantics
//! (AWS WAF Developer Guide, "Resources you can protect"): a regional web ACL can be associated
//! with an Application Load Balancer (not a Network or Classic Load Balancer, which WAF does
//! not support), and then inspects every request before it reaches the targets. The load
//! balancers each ACL protects come from `list-resources-for-web-acl`; an ACL whose list was
//! not read leaves the load balancers it might protect not evaluated.

use rampart_inventory::ResourceKind;

use super::lb_finding;
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
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
        let mut b = lb_finding(cx, CHECK.meta, lb, 0)
            .message(format!("internet-facing load balancer {} has no WAF web ACL", lb.name))
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
        out.findings.push(b.build());
    }
}
