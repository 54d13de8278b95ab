//! Internet-facing load balancers and the private hosts they expose.
//!
//! Semantics (Elastic Load Balancing user guides: listeners, target groups, security groups):
//! - An internet-facing load balancer's nodes have public addresses. A listener is reachable
//!   where the load balancer's own interfaces are (the exposure engine judges them, with the
//!   load balancer's security groups); a Network Load Balancer without security groups admits
//!   every source the routes and NACLs let through.
//! - A listener whose default action forwards sends to its target groups' registered targets,
//!   on the target's port (else the group's); a redirect or fixed response forwards nothing.
//!   A classic load balancer sends to its registered instances on the listener's instance port.
//! - The target's security groups must admit the load balancer: a rule referencing one of its
//!   security groups, or an address range holding its private addresses. A Network Load
//!   Balancer without security groups preserves client addresses for instance targets, so the
//!   target's groups must admit the internet sources themselves.
//! - When the load balancer and the target are in different subnets, the target subnet's NACL
//!   must admit the load balancer's addresses and let the replies back (stateless).
//!
//! Only listener rules' default actions are read (the export does not hold listener rules).

use std::net::Ipv4Addr;

use rampart_inventory::{LoadBalancer, NetworkInterface, Peer, Protocol, Region, SgRule, Target, TargetGroup};

use crate::address::v4_range;
use crate::exposure::{Exposure, NotExposed, RegionExposure, Step, Via};
use crate::interval::PortSet;
use crate::nacl::{acl_for_subnet, allowed_ports, Addr};
use crate::sg::{rule_touches_internet, PrefixLists};

/// The load balancer's own interfaces (requester-managed, described `ELB app/NAME/ID`,
/// `ELB net/NAME/ID` or `ELB NAME`).
fn lb_interfaces<'a>(region: &'a Region, lb: &LoadBalancer) -> Vec<&'a NetworkInterface> {
    region
        .network_interfaces
        .iter()
        .filter(|e| {
            e.description
                .as_deref()
                .and_then(|d| d.strip_prefix("ELB "))
                .is_some_and(|d| d == lb.name || d.split('/').nth(1) == Some(lb.name.as_str()))
        })
        .collect()
}

/// Listener ports of `lb` the internet reaches, with the sources (None: judged without a path).
struct Front {
    port: u16,
    protocol: Protocol,
    sources: Vec<String>,
    whole_internet: bool,
    steps: Vec<Step>,
}

fn listener_protocol(p: &str) -> Protocol {
    match p.to_ascii_uppercase().as_str() {
        "UDP" => Protocol::Udp,
        _ => Protocol::Tcp,
    }
}

/// Adds to `out` the private hosts that internet-facing load balancers expose, and the
/// forwarding that stops short of a host.
pub fn analyze<'a>(region: &'a Region, lists: &PrefixLists, out: &mut RegionExposure<'a>) {
    let by_id: std::collections::HashMap<&str, &rampart_inventory::SecurityGroup> =
        region.security_groups.iter().map(|g| (g.id.as_str(), g)).collect();
    for lb in region.load_balancers.iter().filter(|lb| lb.is_internet_facing()) {
        let nodes = lb_interfaces(region, lb);
        if nodes.is_empty() && !lb.security_group_ids.is_empty() {
            out.not_evaluated.push((
                lb.name.clone(),
                "none of the load balancer's network interfaces is in the source".into(),
            ));
            continue;
        }
        let fronts = fronts(lb, &nodes, out);
        let lb_ips: Vec<u32> = nodes
            .iter()
            .flat_map(|e| &e.private_ips)
            .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
            .map(u32::from)
            .collect();
        for front in fronts {
            let Some(listener) = lb.listeners.iter().find(|l| l.port == front.port) else {
                continue;
            };
            // Classic: registered instances on the instance port. ELBv2: target groups.
            let mut targets: Vec<(Option<&TargetGroup>, &str, u16)> = Vec::new();
            if lb.lb_type == "classic" {
                let port = listener.instance_port.unwrap_or(listener.port);
                targets.extend(lb.instance_ids.iter().map(|i| (None, i.as_str(), port)));
            } else {
                for arn in &listener.target_group_arns {
                    let Some(tg) = region.target_groups.iter().find(|t| &t.arn == arn) else {
                        continue;
                    };
                    if !tg.targets_read {
                        let reason = format!(
                            "targets of {} were not read (`aws elbv2 describe-target-health`)",
                            tg.name
                        );
                        out.not_evaluated.push((lb.name.clone(), reason));
                        continue;
                    }
                    for t in &tg.targets {
                        if let Some(port) = target_port(t, tg) {
                            targets.push((Some(tg), t.id.as_str(), port));
                        }
                    }
                }
            }
            for (tg, target_id, port) in targets {
                let target_enis: Vec<&NetworkInterface> = region
                    .network_interfaces
                    .iter()
                    .filter(|e| {
                        e.attached_instance_id.as_deref() == Some(target_id)
                            || e.private_ips.iter().any(|ip| ip == target_id)
                    })
                    .collect();
                for eni in target_enis {
                    let via = Via {
                        load_balancer: lb.name.clone(),
                        listener_port: front.port,
                        target_group: tg.map(|t| t.name.clone()),
                    };
                    let mut path = front.steps.clone();
                    path.push(Step {
                        component: "load-balancer",
                        id: lb.id.clone(),
                        detail: match tg {
                            Some(tg) => format!(
                                "listener {} {} of {} forwards to target group {} → {target_id}:{port}",
                                listener.protocol, front.port, lb.name, tg.name
                            ),
                            None => format!(
                                "listener {} {} of {} forwards to {target_id}:{port}",
                                listener.protocol, front.port, lb.name
                            ),
                        },
                    });
                    let groups: Vec<&rampart_inventory::SecurityGroup> = eni
                        .security_group_ids
                        .iter()
                        .filter_map(|g| by_id.get(g.as_str()).copied())
                        .collect();
                    let preserves_clients = lb.security_group_ids.is_empty() && lb.lb_type == "network";
                    let admitted = groups
                        .iter()
                        .flat_map(|g| g.ingress.iter().map(move |r| (*g, r)))
                        .find(|(_, r)| {
                            port_matches(r, front.protocol, port)
                                && if preserves_clients {
                                    rule_touches_internet(r, lists)
                                } else {
                                    admits_lb(r, lb, &lb_ips, lists)
                                }
                        });
                    let candidate = format!("{} listener {} forwards to {}:{port}", lb.name, front.port, target_id);
                    let Some((g, rule)) = admitted else {
                        let who = if preserves_clients {
                            "the internet clients (the load balancer keeps their addresses)"
                        } else {
                            "the load balancer"
                        };
                        out.not_exposed.push(NotExposed {
                            eni,
                            candidate,
                            blocked_by: Step {
                                component: "security-group",
                                id: eni.id.clone(),
                                detail: format!("the target's security groups do not admit {who} on {port}"),
                            },
                        });
                        continue;
                    };
                    if let Some(block) = nacl_block(region, lb, &nodes, eni, &lb_ips, front.protocol, port) {
                        out.not_exposed.push(NotExposed {
                            eni,
                            candidate,
                            blocked_by: block,
                        });
                        continue;
                    }
                    path.push(Step {
                        component: "security-group",
                        id: g.id.clone(),
                        detail: format!("{} ({}): {}", g.id, g.name, crate::describe::rule(rule)),
                    });
                    out.exposures.push(Exposure {
                        eni,
                        address: lb.dns_name.clone().unwrap_or_else(|| lb.name.clone()),
                        protocol: front.protocol,
                        from_port: port,
                        to_port: port,
                        sources: front.sources.clone(),
                        whole_internet: front.whole_internet,
                        path,
                        via: Some(via),
                        standby: None,
                    });
                }
            }
        }
    }
}

/// The listener ports of an internet-facing load balancer that the internet reaches.
fn fronts(lb: &LoadBalancer, nodes: &[&NetworkInterface], found: &RegionExposure) -> Vec<Front> {
    let forwarding = lb
        .listeners
        .iter()
        .filter(|l| !l.redirects && (!l.target_group_arns.is_empty() || lb.lb_type == "classic"));
    if lb.security_group_ids.is_empty() && lb.lb_type != "classic" {
        // No security groups (a Network Load Balancer): every listener, from everywhere.
        return forwarding
            .map(|l| Front {
                port: l.port,
                protocol: listener_protocol(&l.protocol),
                sources: vec!["0.0.0.0/0".into()],
                whole_internet: true,
                steps: vec![Step {
                    component: "load-balancer",
                    id: lb.id.clone(),
                    detail: format!(
                        "{} is internet-facing and has no security groups: its listeners admit every source",
                        lb.name
                    ),
                }],
            })
            .collect();
    }
    forwarding
        .filter_map(|l| {
            let protocol = listener_protocol(&l.protocol);
            let e = found.exposures.iter().find(|e| {
                e.via.is_none()
                    && nodes.iter().any(|n| n.id == e.eni.id)
                    && e.protocol == protocol
                    && e.from_port <= l.port
                    && l.port <= e.to_port
            })?;
            Some(Front {
                port: l.port,
                protocol,
                sources: e.sources.clone(),
                whole_internet: e.whole_internet,
                steps: e.path.clone(),
            })
        })
        .collect()
}

fn target_port(t: &Target, tg: &TargetGroup) -> Option<u16> {
    if matches!(tg.target_type.as_str(), "lambda" | "alb") {
        return None;
    }
    t.port.or(tg.port)
}

fn port_matches(rule: &SgRule, protocol: Protocol, port: u16) -> bool {
    rule.protocol == Protocol::All
        || rule.protocol == protocol
            && rule
                .ports
                .port_range()
                .is_some_and(|(lo, hi)| PortSet::range(lo, hi).contains(port))
}

/// True when a target's rule admits the load balancer: its group, or a range with its addresses.
fn admits_lb(rule: &SgRule, lb: &LoadBalancer, lb_ips: &[u32], lists: &PrefixLists) -> bool {
    match &rule.peer {
        Peer::Group { group_id, .. } => lb.security_group_ids.contains(group_id),
        Peer::Ipv4(n) => {
            let (lo, hi) = v4_range(n);
            lb_ips.iter().any(|ip| lo <= *ip && *ip <= hi)
        }
        Peer::PrefixList(id) => lists
            .get(id)
            .is_some_and(|(v4, _)| lb_ips.iter().any(|ip| v4.contains(*ip))),
        Peer::Ipv6(_) => false,
    }
}

/// The target subnet's NACL between the load balancer's nodes and the target, when they are in
/// different subnets; the first node address that gets through is enough.
fn nacl_block(
    region: &Region,
    lb: &LoadBalancer,
    nodes: &[&NetworkInterface],
    target: &NetworkInterface,
    lb_ips: &[u32],
    protocol: Protocol,
    port: u16,
) -> Option<Step> {
    let (Some(subnet), Some(vpc)) = (target.subnet_id.as_deref(), target.vpc_id.as_deref()) else {
        return None;
    };
    if nodes.iter().all(|n| n.subnet_id.as_deref() == Some(subnet)) && !nodes.is_empty() {
        return None;
    }
    let acl = acl_for_subnet(region, subnet, vpc)?;
    if lb_ips.is_empty() {
        return None;
    }
    let ok = lb_ips.iter().any(|&ip| {
        allowed_ports(acl, false, Addr::V4(ip), protocol).0.contains(port)
            && !allowed_ports(acl, true, Addr::V4(ip), protocol).0.is_empty()
    });
    (!ok).then(|| Step {
        component: "network-acl",
        id: acl.id.clone(),
        detail: format!(
            "{} does not let {}'s addresses reach port {port} (or the replies back)",
            acl.id, lb.name
        ),
    })
}
