//! Plain HTTP served to the internet. AWS semantics (ALB User Guide, "Listener rules"): an
//! HTTP listener whose default action redirects (to HTTPS) serves no content in clear text
//! unless one of its other rules forwards or answers with a fixed response (a rule's actions
//! run when its conditions match); classic load balancers cannot redirect, so their HTTP
//! listeners always serve in clear. A listener serves nothing to the internet when the
//! internet does not reach its port (the load balancer's security groups, routes and NACLs,
//! judged by the exposure engine as for any host): then the finding is low, with what stops
//! it. When the listener's rules were not read, a redirecting listener is not evaluated.

use rampart_inventory::{Listener, LoadBalancer, ResourceKind};

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::exposure::Reach;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "http-listener-without-redirect",
        theme: Theme::Web,
        title: "Internet-facing load balancer serves plain HTTP",
        severity: Severity::Medium,
        summary: "HTTP listeners of internet-facing Application and Classic Load Balancers that answer requests in clear text (a default action or a listener rule that does not redirect to HTTPS), ranked by whether the internet reaches the listener's port.",
        rationale: "Sessions, cookies and credentials sent over HTTP can be read and changed by anyone on the path, from the café Wi-Fi to a compromised router.",
        remediation: "Make the HTTP listener's default action, and every rule on it, a redirect to HTTPS on 443 (Classic Load Balancers: move to an Application Load Balancer).",
        references: &[Reference { framework: FSBP, control: "ELB.1" }, Reference { framework: FSBP, control: "ELB.3" }],
        requires: &[ResourceKind::LoadBalancers],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

/// What on a listener answers in clear text: evidence lines, and the ARNs of the rules to fix.
type ClearText = (Vec<String>, Vec<String>);

/// None when nothing answers in clear text; Err when the rules that could were not read.
fn clear_text(lb: &LoadBalancer, l: &Listener) -> Result<Option<ClearText>, String> {
    let mut lines = Vec::new();
    let mut rules = Vec::new();
    if !l.redirects {
        lines.push(format!(
            "{} listener on port {} does not redirect by default",
            l.protocol, l.port
        ));
    }
    match &l.rules {
        Some(list) => {
            for r in list.iter().filter(|r| r.serves) {
                let what = if r.target_group_arns.is_empty() {
                    "returns a fixed response".to_owned()
                } else {
                    let names: Vec<&str> = r
                        .target_group_arns
                        .iter()
                        .map(|a| a.rsplit('/').nth(1).unwrap_or(a))
                        .collect();
                    format!("forwards to {}", names.join(", "))
                };
                lines.push(format!("listener rule priority {} {what} in clear text", r.priority));
                rules.push(r.arn.clone());
            }
        }
        None if l.redirects && lb.lb_type == "application" => {
            return Err(format!(
                "listener {} redirects by default, but its rules were not read (`aws elbv2 describe-rules`)",
                l.port
            ))
        }
        None => {}
    }
    Ok((!lines.is_empty()).then_some((lines, rules)))
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for lb in cx.region.load_balancers.iter().filter(|lb| lb.is_internet_facing()) {
        for listener in lb.listeners.iter().filter(|l| l.protocol == "HTTP") {
            let (lines, rules) = match clear_text(lb, listener) {
                Ok(Some(found)) => found,
                Ok(None) => continue,
                Err(reason) => {
                    out.not_evaluated.push(NotEvaluated {
                        check_id: CHECK.meta.id,
                        scope: region.clone(),
                        resource_id: Some(format!("{}:{}", lb.name, listener.port)),
                        reason,
                    });
                    continue;
                }
            };
            let reach = super::listener_reach(cx, lb, listener);
            let message = match reach {
                Reach::Unreachable(_) => format!(
                    "{} has a plain HTTP listener on port {} that the internet does not reach",
                    lb.name, listener.port
                ),
                Reach::Unknown(_) => format!(
                    "{} serves plain HTTP on port {} (whether the internet reaches it was not evaluated)",
                    lb.name, listener.port
                ),
                _ => format!(
                    "{} serves plain HTTP on port {} to the internet",
                    lb.name, listener.port
                ),
            };
            let mut b = super::lb_finding(cx, CHECK.meta, lb, listener.port).message(message);
            for line in lines {
                b = b.evidence(line);
            }
            b = super::ranked(b, &reach, CHECK.meta.severity);
            let redirect = "'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'";
            b = match (&listener.arn, lb.lb_type.as_str()) {
                (Some(arn), "application") => {
                    if !listener.redirects {
                        b = b.remediation(format!(
                            "aws elbv2 modify-listener --region {region} --listener-arn {arn} --default-actions {redirect}"
                        ));
                    }
                    for rule in &rules {
                        b = b.remediation(format!(
                            "aws elbv2 modify-rule --region {region} --rule-arn {rule} --actions {redirect}"
                        ));
                    }
                    b
                }
                _ => b.remediation(
                    "Classic Load Balancers cannot redirect: serve HTTPS only, or migrate to an Application Load Balancer \
                     (aws elbv2 create-load-balancer) with an HTTP listener that redirects",
                ),
            };
            out.findings.push(b.build());
        }
    }
}
