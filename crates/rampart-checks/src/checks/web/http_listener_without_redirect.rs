//! Plain HTTP served to the internet. AWS semantics (ALB User Guide, "Listener rules"): an
//! HTTP listener whose default action redirects (to HTTPS) serves no content in clear text
//! unless a rule forwards some paths; classic load balancers cannot redirect, so their HTTP
//! listeners always serve in clear. Listener rules other than the default are not read: a
//! listener that redirects by default but forwards some paths by rule is not reported.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "http-listener-without-redirect",
        theme: Theme::Web,
        title: "Internet-facing load balancer serves plain HTTP",
        severity: Severity::Medium,
        summary: "HTTP listeners of internet-facing Application and Classic Load Balancers whose default action does not redirect to HTTPS.",
        rationale: "Sessions, cookies and credentials sent over HTTP can be read and changed by anyone on the path, from the café Wi-Fi to a compromised router.",
        remediation: "Make the HTTP listener's default action a redirect to HTTPS on 443 (Classic Load Balancers: move to an Application Load Balancer).",
        references: &[Reference { framework: FSBP, control: "ELB.1" }, Reference { framework: FSBP, control: "ELB.3" }],
        requires: &[ResourceKind::LoadBalancers],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for lb in cx.region.load_balancers.iter().filter(|lb| lb.is_internet_facing()) {
        for listener in lb.listeners.iter().filter(|l| l.protocol == "HTTP" && !l.redirects) {
            let b = super::lb_finding(cx, CHECK.meta, lb, listener.port)
                .message(format!(
                    "{} serves plain HTTP on port {} to the internet",
                    lb.name, listener.port
                ))
                .evidence(format!(
                    "{} listener on port {} does not redirect by default",
                    listener.protocol, listener.port
                ));
            let b = match (&listener.arn, lb.lb_type.as_str()) {
                (Some(arn), "application") => b.remediation(format!(
                    "aws elbv2 modify-listener --region {region} --listener-arn {arn} --default-actions \
                     'Type=redirect,RedirectConfig={{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}}'"
                )),
                _ => b.remediation(
                    "Classic Load Balancers cannot redirect: serve HTTPS only, or migrate to an Application Load Balancer \
                     (aws elbv2 create-load-balancer) with an HTTP listener that redirects",
                ),
            };
            out.findings.push(b.build());
        }
    }
}
