//! Network objects in the words of the console, for evidence and paths.

use rampart_inventory::{NetworkInterface, Ports, Protocol, RouteTarget, SgRule};

/// An inbound rule: `tcp 22 from 0.0.0.0/0 (sgr-…)`.
pub fn rule(rule: &SgRule) -> String {
    rule_in(rule, true)
}

/// A rule of either direction: `from` for ingress, `to` for egress.
pub fn rule_in(rule: &SgRule, ingress: bool) -> String {
    let ports = match (rule.protocol, rule.ports) {
        (Protocol::All, _) => "all traffic".to_owned(),
        (p, Ports::All) => format!("{} all", p.cli_name()),
        (p, Ports::Range { from, to }) if from == to => format!("{} {from}", p.cli_name()),
        (p, Ports::Range { from, to }) => format!("{} {from}-{to}", p.cli_name()),
        (p, Ports::Icmp { icmp_type, code }) => format!(
            "{} type {} code {}",
            p.cli_name(),
            icmp_type.map_or("all".into(), |t| t.to_string()),
            code.map_or("all".into(), |c| c.to_string())
        ),
    };
    let dir = if ingress { "from" } else { "to" };
    let id = rule.rule_id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default();
    format!("{ports} {dir} {}{id}", rule.peer.display())
}

/// `eni-… (i-…)`, or the interface's type or description when it serves no instance.
pub fn eni(e: &NetworkInterface) -> String {
    match (
        &e.attached_instance_id,
        e.interface_type.as_deref(),
        e.description.as_deref(),
    ) {
        (Some(i), _, _) => format!("{} ({i})", e.id),
        (None, _, Some(d)) if d.starts_with("ELB ") => format!("{} (load balancer {})", e.id, &d[4..]),
        (None, Some(t), _) if t != "interface" => format!("{} ({t})", e.id),
        _ => e.id.clone(),
    }
}

/// A route target: `igw-…`, `nat-…`, `local`, with `(blackhole)` when its target is gone.
pub fn target(t: &RouteTarget, active: bool) -> String {
    let s = match t {
        RouteTarget::Local => "local".to_owned(),
        RouteTarget::InternetGateway(id)
        | RouteTarget::EgressOnlyInternetGateway(id)
        | RouteTarget::VirtualPrivateGateway(id)
        | RouteTarget::NatGateway(id)
        | RouteTarget::TransitGateway(id)
        | RouteTarget::VpcPeering(id)
        | RouteTarget::VpcEndpoint(id)
        | RouteTarget::NetworkInterface(id)
        | RouteTarget::Instance(id)
        | RouteTarget::CarrierGateway(id)
        | RouteTarget::LocalGateway(id)
        | RouteTarget::CoreNetwork(id) => id.clone(),
        // A route whose answer names no target field rampart knows: never a blank name.
        RouteTarget::Other(id) if id.is_empty() => "an unrecognised target".to_owned(),
        RouteTarget::Other(id) => id.clone(),
    };
    if active {
        s
    } else {
        format!("{s} (blackhole)")
    }
}
