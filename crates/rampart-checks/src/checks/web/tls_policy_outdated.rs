//! TLS versions a listener accepts, from its predefined security policy's name (ELB User
//! Guide, "Security policies for your Application Load Balancer"): the policies that accept
//! TLS 1.2 and later only are named `…-TLS13-1-2-…`, `…-TLS13-1-3-…`, `…-TLS-1-2-…` or
//! `…-FS-1-2-…`; every other predefined policy, including `ELBSecurityPolicy-2016-08` (the
//! CLI's default), also accepts TLS 1.0 or 1.1. A custom (classic) policy is not judged. A
//! listener the internet does not reach (its port closed by the load balancer's security
//! groups, routes or NACLs: the exposure engine) is reported low, with what stops it.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

/// Recommended by the ELB documentation for most uses: TLS 1.3 and 1.2, post-quantum key exchange.
const RECOMMENDED: &str = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "tls-policy-outdated",
        theme: Theme::Web,
        title: "Load balancer accepts TLS 1.0 or 1.1",
        severity: Severity::Medium,
        summary: "HTTPS, TLS and SSL listeners of internet-facing load balancers whose security policy accepts TLS versions before 1.2.",
        rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow weak ciphers; accepting them lets a downgrade expose traffic and fails PCI DSS.",
        remediation: "Switch the listener to a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 after checking client support in the access logs.",
        references: &[Reference { framework: FSBP, control: "ELB.17" }],
        requires: &[ResourceKind::LoadBalancers],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

/// Some(true) when the predefined policy accepts only TLS 1.2 and later; None when the name is
/// not a predefined policy's.
pub fn tls12_only(policy: &str) -> Option<bool> {
    if !policy.starts_with("ELBSecurityPolicy-") {
        return None;
    }
    Some(
        ["-TLS13-1-2-", "-TLS13-1-3-", "-TLS-1-2-", "-FS-1-2-"]
            .iter()
            .any(|m| policy.contains(m)),
    )
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for lb in cx.region.load_balancers.iter().filter(|lb| lb.is_internet_facing()) {
        for listener in lb
            .listeners
            .iter()
            .filter(|l| matches!(l.protocol.as_str(), "HTTPS" | "TLS" | "SSL"))
        {
            let Some(policy) = &listener.ssl_policy else { continue };
            match tls12_only(policy) {
                Some(true) => {}
                Some(false) => {
                    let reach = super::listener_reach(cx, lb, listener);
                    let tail = match reach {
                        crate::exposure::Reach::Unreachable(_) => ", a port the internet does not reach",
                        _ => "",
                    };
                    let b = super::lb_finding(cx, CHECK.meta, lb, listener.port)
                        .message(format!(
                            "{} accepts TLS 1.0/1.1 on port {}{tail}",
                            lb.name, listener.port
                        ))
                        .evidence(format!(
                            "{} listener on port {} uses {policy}",
                            listener.protocol, listener.port
                        ));
                    let b = super::ranked(b, &reach, CHECK.meta.severity);
                    let b = match &listener.arn {
                        Some(arn) if lb.lb_type != "classic" => b.remediation(format!(
                            "aws elbv2 modify-listener --region {region} --listener-arn {arn} --ssl-policy {RECOMMENDED}"
                        )),
                        _ => b.remediation(format!(
                            "aws elb set-load-balancer-policies-of-listener --region {region} --load-balancer-name {} \
                             --load-balancer-port {} --policy-names POLICY_USING_A_TLS12_REFERENCE_POLICY",
                            lb.name, listener.port
                        )),
                    };
                    out.findings.push(b.build());
                }
                None => out.not_evaluated.push(NotEvaluated {
                    check_id: CHECK.meta.id,
                    scope: region.clone(),
                    resource_id: Some(format!("{}:{}", lb.name, listener.port)),
                    reason: format!("custom security policy {policy}: its protocols were not read"),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tls12_only;

    #[test]
    fn policy_names() {
        for old in [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS13-1-0-2021-06",
            "ELBSecurityPolicy-TLS13-1-1-2021-06",
            "ELBSecurityPolicy-FS-2018-06",
            "ELBSecurityPolicy-FS-1-1-2019-08",
            "ELBSecurityPolicy-TLS-1-1-2017-01",
            "ELBSecurityPolicy-2015-05",
        ] {
            assert_eq!(tls12_only(old), Some(false), "{old}");
        }
        for new in [
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        ] {
            assert_eq!(tls12_only(new), Some(true), "{new}");
        }
        assert_eq!(tls12_only("AWSConsole-SSLNegotiationPolicy-my-lb-1234"), None);
    }
}
