//! The internet-facing web tier: how its load balancers speak to the world.

pub mod http_listener_without_redirect;
pub mod inspector_scanning_off;
pub mod load_balancer_without_waf;
pub mod tls_policy_outdated;
pub mod vulnerable_host_exposed;

use rampart_inventory::LoadBalancer;

use crate::context::RegionContext;
use crate::finding::{Finding, FindingBuilder};
use crate::meta::CheckMeta;

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
