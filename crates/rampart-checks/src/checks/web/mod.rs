//! The internet-facing web tier: how its load balancers speak to the world.

pub mod http_listener_without_redirect;
pub mod inspector_scanning_off;
pub mod load_balancer_without_waf;
pub mod tls_policy_outdated;
pub mod vulnerable_host_exposed;

use rampart_inventory::{Listener, LoadBalancer};
use rampart_net::load_balancer::{front_door, FrontDoor};

use crate::context::RegionContext;
use crate::exposure::Reach;
use crate::finding::{Finding, FindingBuilder};
use crate::meta::CheckMeta;

/// Whether the internet reaches a listener, judged by the exposure engine on the load
/// balancer's own interfaces (its security groups, routes and NACLs), as the ingress checks
/// judge a host: reachable, not reachable (with the component that stops it), or not judged.
fn listener_reach(cx: &RegionContext, lb: &LoadBalancer, listener: &Listener) -> Reach {
    let found = match &cx.exposure {
        Ok(found) => found,
        Err(reason) => {
            return Reach::Unknown(format!(
                "whether the internet reaches {} on port {} was not evaluated: {reason}",
                lb.name, listener.port
            ))
        }
    };
    match front_door(cx.region, &cx.prefix_lists, found, lb, listener) {
        FrontDoor::Open {
            sources,
            whole_internet,
            steps,
        } => {
            let inspected = steps.iter().any(|s| s.component == "inspection");
            let from = if whole_internet {
                "the whole internet".to_owned()
            } else {
                sources.join(", ")
            };
            let part = (!whole_internet).then(|| sources.join(", "));
            let hops: Vec<String> = steps.into_iter().map(|s| s.detail).collect();
            Reach::Reachable {
                lines: vec![format!(
                    "reachable from {from} on {}/{}: {}",
                    listener.protocol.to_ascii_lowercase(),
                    listener.port,
                    hops.join("; ")
                )],
                inspected,
                part,
            }
        }
        FrontDoor::Closed(step) => Reach::Unreachable(vec![format!(
            "the internet does not reach port {}: {}",
            listener.port, step.detail
        )]),
        FrontDoor::Unknown(reason) => Reach::Unknown(format!(
            "whether the internet reaches {} on port {} was not evaluated: {reason}",
            lb.name, listener.port
        )),
    }
}

/// Applies a reach verdict to a finding of worst case `worst`: severity, confidence, evidence,
/// and a message tail for the unreachable case.
fn ranked(b: FindingBuilder, reach: &Reach, worst: crate::meta::Severity) -> FindingBuilder {
    let (severity, confidence) = reach.rank(worst);
    let mut b = b.severity(severity).confidence(confidence);
    for line in reach.evidence() {
        b = b.evidence(line.clone());
    }
    if let Reach::Unknown(reason) = reach {
        b = b.evidence(reason.clone());
    }
    b
}

/// A finding about a load balancer, keyed by listener port, with its ARN when it has one.
fn lb_finding(cx: &RegionContext, meta: &'static CheckMeta, lb: &LoadBalancer, port: u16) -> FindingBuilder {
    let (kind, arn) = if lb.lb_type == "classic" {
        ("AWS::ElasticLoadBalancing::LoadBalancer", None)
    } else {
        ("AWS::ElasticLoadBalancingV2::LoadBalancer", Some(lb.id.clone()))
    };
    let b = Finding::builder(meta, cx.account, &cx.region.name, kind, &lb.name).key(port.to_string());
    match arn {
        Some(arn) => b.arn(arn),
        None => b.arn(format!(
            "arn:{}:elasticloadbalancing:{}:{}:loadbalancer/{}",
            cx.partition(),
            cx.region.name,
            cx.account,
            lb.name
        )),
    }
}
