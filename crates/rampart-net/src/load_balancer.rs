//! Internet-facing load balancers and the private hosts they expose.
//!
//! Semantics (Elastic Load Balancing user guides: listeners, listener rules, target groups,
//! security groups):
//! - An internet-facing load balancer's nodes have public addresses. A listener is reachable
//!   where the load balancer's own interfaces are (the exposure engine judges them, with the
//!   load balancer's security groups); a Network Load Balancer without security groups admits
//!   every source ("If you don't assign a security group to your Network Load Balancer, all
//!   client traffic can reach the Network Load Balancer listeners": NLB User Guide, "Update
//!   the security groups for your Network Load Balancer").
//! - A listener forwards to the target groups of its default action and of its other rules
//!   (ALB User Guide, "Listener rules": a rule's actions run when its conditions match; a
//!   weighted forward sends to every group of its `ForwardConfig`). A redirect or fixed
//!   response forwards nothing. Targets get traffic on the target's port (else the group's).
//!   A classic load balancer sends to its registered instances on the listener's instance port.
//! - The target's security groups must admit the source the target sees. A rule referencing
//!   one of the load balancer's security groups always does ("ensures your targets accept
//!   traffic from your Network Load Balancer even if you enable client IP preservation").
//!   Application and Classic Load Balancers open their own connections: the target sees the
//!   load balancer's private addresses. A Network Load Balancer preserves the client's address
//!   when the target group's `preserve_client_ip.enabled` says so; by default (NLB User Guide,
//!   "Edit target group attributes", Client IP preservation): instance targets enabled, `ip`
//!   targets over UDP, TCP_UDP, QUIC and TCP_QUIC enabled (cannot be disabled), `ip` targets
//!   over TCP and TLS disabled. When it is off, "the source IP address is the private IP
//!   address of the Network Load Balancer": a target rule admitting the VPC's CIDR admits the
//!   whole internet through an internet-facing NLB (AWS Knowledge Center, "security group load
//!   balancer": "If the setting is off and the target allowlists the load balancer's private
//!   IP addresses …, then all incoming traffic can access your service"). Proxy protocol v2
//!   only tells the application the client's address in a header: evidence, not a gate.
//!   When the attributes were not read, the verdict is given under both settings and marked
//!   `unverified` where they differ.
//! - When the load balancer and the target are in different subnets, the target subnet's NACL
//!   must admit the source the target sees and let the replies back (stateless).

use std::net::Ipv4Addr;

use rampart_inventory::{
    Listener, LoadBalancer, NetworkInterface, Peer, Protocol, Region, SecurityGroup, SgRule, Target, TargetGroup,
};

use crate::address::{public_v4, v4_range};
use crate::cidr::v4_cidrs;
use crate::exposure::{Exposure, NotExposed, RegionExposure, Step, Via};
use crate::interval::{IntervalSet, PortSet};
use crate::nacl::{acl_for_subnet, allowed_ports, Addr};
use crate::sg::{rule_touches_internet, PrefixLists};

/// The load balancer's own interfaces (requester-managed, described `ELB app/NAME/ID`,
/// `ELB net/NAME/ID` or `ELB NAME`).
pub fn lb_interfaces<'a>(region: &'a Region, lb: &LoadBalancer) -> Vec<&'a NetworkInterface> {
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

/// How the internet reaches one listener of a load balancer.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontDoor {
    /// Reached from these sources (CIDRs; `whole_internet` when they cover it), by this path.
    Open {
        sources: Vec<String>,
        whole_internet: bool,
        steps: Vec<Step>,
    },
    /// Not reached: the first component that stops it.
    Closed(Step),
    /// Not judged, with the reason (an input was not read).
    Unknown(String),
}

pub(crate) fn listener_protocol(p: &str) -> Protocol {
    match p.to_ascii_uppercase().as_str() {
        "UDP" => Protocol::Udp,
        _ => Protocol::Tcp,
    }
}

/// Whether the internet reaches `listener` of `lb`, judged by the exposure engine on the load
/// balancer's own interfaces (`found` is the region's exposure).
pub fn front_door(
    region: &Region,
    lists: &PrefixLists,
    found: &RegionExposure,
    lb: &LoadBalancer,
    listener: &Listener,
) -> FrontDoor {
    let protocol = listener_protocol(&listener.protocol);
    let port = listener.port;
    if !lb.is_internet_facing() {
        return FrontDoor::Closed(Step {
            component: "load-balancer",
            id: lb.id.clone(),
            detail: format!("{} is internal: it has no public address", lb.name),
        });
    }
    if lb.security_group_ids.is_empty() && lb.lb_type != "classic" {
        return FrontDoor::Open {
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
        };
    }
    let nodes = lb_interfaces(region, lb);
    if nodes.is_empty() {
        return FrontDoor::Unknown(format!(
            "none of {}'s network interfaces is in the source (`aws ec2 describe-network-interfaces`)",
            lb.name
        ));
    }
    if let Some(e) = found.exposures.iter().find(|e| {
        e.via.is_none()
            && nodes.iter().any(|n| n.id == e.eni.id)
            && e.protocol == protocol
            && e.from_port <= port
            && port <= e.to_port
    }) {
        return FrontDoor::Open {
            sources: e.sources.clone(),
            whole_internet: e.whole_internet,
            steps: e.path.clone(),
        };
    }
    if let Some((_, why)) = found
        .not_evaluated
        .iter()
        .find(|(id, _)| nodes.iter().any(|n| &n.id == id))
    {
        return FrontDoor::Unknown(why.clone());
    }
    let groups: Vec<&SecurityGroup> = region
        .security_groups
        .iter()
        .filter(|g| lb.security_group_ids.contains(&g.id))
        .collect();
    let opened = groups
        .iter()
        .flat_map(|g| &g.ingress)
        .any(|r| port_matches(r, protocol, port) && rule_touches_internet(r, lists));
    if !opened {
        return FrontDoor::Closed(Step {
            component: "security-group",
            id: lb.security_group_ids.first().cloned().unwrap_or_default(),
            detail: format!(
                "the security groups of {} ({}) admit no internet source on {}/{port}",
                lb.name,
                lb.security_group_ids.join(", "),
                protocol.cli_name()
            ),
        });
    }
    match found
        .not_exposed
        .iter()
        .find(|n| nodes.iter().any(|x| x.id == n.eni.id))
    {
        Some(n) => FrontDoor::Closed(n.blocked_by.clone()),
        None => FrontDoor::Closed(Step {
            component: "load-balancer",
            id: lb.id.clone(),
            detail: format!(
                "the internet does not reach {} on {}/{port}",
                lb.name,
                protocol.cli_name()
            ),
        }),
    }
}

/// The source address a target of `tg` behind `lb` sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// The client's own address (client IP preservation on), and why.
    Client(&'static str),
    /// The load balancer's private addresses, and why.
    LoadBalancer(&'static str),
    /// Not known: the target group's attributes were not read; the default would be the first.
    Unknown(bool),
}

pub(crate) fn target_sees(lb: &LoadBalancer, tg: Option<&TargetGroup>) -> Seen {
    let Some(tg) = tg.filter(|_| lb.lb_type == "network") else {
        return Seen::LoadBalancer("the load balancer opens its own connections to the targets");
    };
    let protocol = tg.protocol.as_deref().unwrap_or("TCP").to_ascii_uppercase();
    if matches!(protocol.as_str(), "UDP" | "TCP_UDP" | "QUIC" | "TCP_QUIC") {
        return Seen::Client("client IP preservation is always on for UDP, TCP_UDP, QUIC and TCP_QUIC target groups");
    }
    let default = tg.target_type != "ip";
    match tg.attributes.as_ref().map(|a| a.preserve_client_ip) {
        Some(Some(true)) => Seen::Client("preserve_client_ip.enabled is true"),
        Some(Some(false)) => Seen::LoadBalancer("preserve_client_ip.enabled is false"),
        Some(None) if default => Seen::Client("client IP preservation is on by default for instance targets"),
        Some(None) => Seen::LoadBalancer("client IP preservation is off by default for ip targets over TCP and TLS"),
        None => Seen::Unknown(default),
    }
}

/// Adds to `out` the private hosts that internet-facing load balancers expose, and the
/// forwarding that stops short of a host.
pub fn analyze<'a>(region: &'a Region, lists: &PrefixLists, out: &mut RegionExposure<'a>) {
    let by_id: std::collections::HashMap<&str, &SecurityGroup> =
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
        let lb_ips: Vec<u32> = nodes
            .iter()
            .flat_map(|e| &e.private_ips)
            .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
            .map(u32::from)
            .collect();
        let rules_unread = |l: &Listener| lb.lb_type == "application" && l.rules.is_none();
        let mut fronts: Vec<(&Listener, Front)> = Vec::new();
        for listener in lb
            .listeners
            .iter()
            .filter(|l| !l.forwarded_target_groups().is_empty() || lb.lb_type == "classic" || rules_unread(l))
        {
            if let FrontDoor::Open {
                sources,
                whole_internet,
                steps,
            } = front_door(region, lists, out, lb, listener)
            {
                let front = Front {
                    port: listener.port,
                    protocol: listener_protocol(&listener.protocol),
                    sources,
                    whole_internet,
                    steps,
                };
                fronts.push((listener, front));
            }
        }
        for (listener, front) in fronts {
            if rules_unread(listener) {
                out.not_evaluated.push((
                    lb.name.clone(),
                    format!(
                        "the rules of listener {} were not read (`aws elbv2 describe-rules`): the target groups they forward to are not shown",
                        listener.port
                    ),
                ));
            }
            // Classic: registered instances on the instance port. ELBv2: target groups.
            let mut targets: Vec<(Option<&TargetGroup>, &str, u16)> = Vec::new();
            if lb.lb_type == "classic" {
                let port = listener.instance_port.unwrap_or(listener.port);
                targets.extend(lb.instance_ids.iter().map(|i| (None, i.as_str(), port)));
            } else {
                for arn in listener.forwarded_target_groups() {
                    let Some(tg) = region.target_groups.iter().find(|t| t.arn == arn) else {
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
                    let groups: Vec<&SecurityGroup> = eni
                        .security_group_ids
                        .iter()
                        .filter_map(|g| by_id.get(g.as_str()).copied())
                        .collect();
                    let cx = Forward {
                        region,
                        lb,
                        listener,
                        nodes: &nodes,
                        lb_ips: &lb_ips,
                        lists,
                        front: &front,
                    };
                    cx.judge(eni, &groups, tg, target_id, port, out);
                }
            }
        }
    }
}

/// Listener ports of `lb` the internet reaches, with the sources.
struct Front {
    port: u16,
    protocol: Protocol,
    sources: Vec<String>,
    whole_internet: bool,
    steps: Vec<Step>,
}

/// One listener's forwarding, judged target by target.
struct Forward<'x> {
    region: &'x Region,
    lb: &'x LoadBalancer,
    listener: &'x Listener,
    nodes: &'x [&'x NetworkInterface],
    lb_ips: &'x [u32],
    lists: &'x PrefixLists,
    front: &'x Front,
}

/// What a target's rules admit of one kind of source: the first admitting rule, and (for
/// client sources) the internet addresses admitted.
struct Admission<'g> {
    rule: Option<(&'g SecurityGroup, &'g SgRule)>,
    clients: IntervalSet<u32>,
}

impl Forward<'_> {
    fn admission<'g>(&self, groups: &[&'g SecurityGroup], client: bool, port: u16) -> Admission<'g> {
        let mut first = None;
        let mut clients = IntervalSet::empty();
        for (g, r) in groups.iter().flat_map(|g| g.ingress.iter().map(move |r| (*g, r))) {
            if !port_matches(r, self.front.protocol, port) {
                continue;
            }
            let by_group =
                matches!(&r.peer, Peer::Group { group_id, .. } if self.lb.security_group_ids.contains(group_id));
            let ok = if by_group {
                clients = IntervalSet::full();
                true
            } else if client {
                let set = match &r.peer {
                    Peer::Ipv4(n) => IntervalSet::from_ranges([v4_range(n)]),
                    Peer::PrefixList(id) => self.lists.get(id).map(|(v4, _)| v4.clone()).unwrap_or_default(),
                    _ => IntervalSet::empty(),
                };
                let hit = rule_touches_internet(r, self.lists);
                clients = clients.union(&set);
                hit
            } else {
                admits_lb(r, self.lb, self.lb_ips, self.lists)
            };
            if ok && first.is_none() {
                first = Some((g, r));
            }
        }
        Admission { rule: first, clients }
    }

    #[allow(clippy::too_many_arguments)]
    fn judge<'a>(
        &self,
        eni: &'a NetworkInterface,
        groups: &[&SecurityGroup],
        tg: Option<&TargetGroup>,
        target_id: &str,
        port: u16,
        out: &mut RegionExposure<'a>,
    ) {
        let (lb, front, listener) = (self.lb, self.front, self.listener);
        let seen = target_sees(lb, tg);
        let candidate = format!("{} listener {} forwards to {}:{port}", lb.name, front.port, target_id);
        // The settings to judge: the known one, or both when the attributes were not read.
        let settings: Vec<bool> = match seen {
            Seen::Client(_) => vec![true],
            Seen::LoadBalancer(_) => vec![false],
            Seen::Unknown(default) => vec![default, !default],
        };
        let mut verdicts = Vec::new();
        for client in settings {
            let a = self.admission(groups, client, port);
            // When the target sees the client, only the clients its rules admit get through.
            let clients = if client && !a.clients.is_full() {
                self.front_set().intersection(&a.clients)
            } else {
                IntervalSet::full()
            };
            let (Some(rule), false) = (a.rule, clients.is_empty()) else {
                verdicts.push((client, Err(self.refused(eni, client, port, &candidate))));
                continue;
            };
            if let Some(block) = self.nacl_block(eni, client, &clients, port) {
                verdicts.push((
                    client,
                    Err(NotExposed {
                        eni,
                        candidate: candidate.clone(),
                        blocked_by: block,
                    }),
                ));
                continue;
            }
            verdicts.push((client, Ok((rule, clients))));
        }
        let reached: Vec<_> = verdicts.iter().filter(|(_, v)| v.is_ok()).collect();
        let Some((client, Ok(((g, rule), clients)))) = reached.first().map(|(c, v)| (*c, v.as_ref())) else {
            if let Some((_, Err(n))) = verdicts.into_iter().next() {
                out.not_exposed.push(n);
            }
            return;
        };
        let uncertain = reached.len() < verdicts.len();
        let mut path = front.steps.clone();
        let proxy = tg
            .and_then(|t| t.attributes.as_ref())
            .and_then(|a| a.proxy_protocol_v2)
            .filter(|on| *on)
            .map(|_| " (proxy protocol v2 on: the application also receives the client's address in a header)")
            .unwrap_or_default();
        let sees = match seen {
            Seen::Client(why) => format!("; the target sees the client's address: {why}"),
            Seen::LoadBalancer(why) if lb.lb_type == "network" => {
                format!("; the target sees the load balancer's private addresses: {why}")
            }
            _ => String::new(),
        };
        path.push(Step {
            component: "load-balancer",
            id: lb.id.clone(),
            detail: match tg {
                Some(tg) => format!(
                    "listener {} {} of {} forwards to target group {} → {target_id}:{port}{sees}{proxy}",
                    listener.protocol, front.port, lb.name, tg.name
                ),
                None => format!(
                    "listener {} {} of {} forwards to {target_id}:{port}",
                    listener.protocol, front.port, lb.name
                ),
            },
        });
        if uncertain {
            let (name, default) = match (tg, seen) {
                (Some(tg), Seen::Unknown(d)) => (tg.name.as_str(), d),
                _ => ("?", true),
            };
            path.push(Step {
                component: "unverified",
                id: tg.map(|t| t.arn.clone()).unwrap_or_default(),
                detail: format!(
                    "the attributes of target group {name} were not read (`aws elbv2 describe-target-group-attributes`): reachable only if client IP preservation is {} (the default is {})",
                    if client { "on" } else { "off" },
                    if default { "on" } else { "off" }
                ),
            });
        }
        path.push(Step {
            component: "security-group",
            id: g.id.clone(),
            detail: format!("{} ({}): {}", g.id, g.name, crate::describe::rule(rule)),
        });
        let (sources, whole_internet) = if !clients.is_full() {
            (v4_cidrs(clients), clients.covers(public_v4()))
        } else {
            (front.sources.clone(), front.whole_internet)
        };
        out.exposures.push(Exposure {
            eni,
            address: lb.dns_name.clone().unwrap_or_else(|| lb.name.clone()),
            protocol: front.protocol,
            from_port: port,
            to_port: port,
            sources,
            whole_internet,
            path,
            standby: None,
            via: Some(Via {
                load_balancer: lb.name.clone(),
                listener_port: front.port,
                target_group: tg.map(|t| t.name.clone()),
            }),
        });
    }

    /// The internet sources that reach the listener, as a set.
    fn front_set(&self) -> IntervalSet<u32> {
        IntervalSet::from_ranges(
            self.front
                .sources
                .iter()
                .filter_map(|c| c.parse::<ipnet::Ipv4Net>().ok())
                .map(|n| v4_range(&n)),
        )
    }

    fn refused<'a>(&self, eni: &'a NetworkInterface, client: bool, port: u16, candidate: &str) -> NotExposed<'a> {
        let who = if client {
            "the internet clients (the target sees their addresses)"
        } else {
            "the load balancer"
        };
        NotExposed {
            eni,
            candidate: candidate.to_owned(),
            blocked_by: Step {
                component: "security-group",
                id: eni.id.clone(),
                detail: format!("the target's security groups do not admit {who} on {port}"),
            },
        }
    }

    /// The target subnet's NACL between the load balancer's nodes and the target, when they
    /// are in different subnets: for the source the target sees (a client address admitted by
    /// its rules, or the load balancer's); the first address that gets through is enough.
    fn nacl_block(
        &self,
        target: &NetworkInterface,
        client: bool,
        clients: &IntervalSet<u32>,
        port: u16,
    ) -> Option<Step> {
        let (Some(subnet), Some(vpc)) = (target.subnet_id.as_deref(), target.vpc_id.as_deref()) else {
            return None;
        };
        if !self.nodes.is_empty() && self.nodes.iter().all(|n| n.subnet_id.as_deref() == Some(subnet)) {
            return None;
        }
        let acl = acl_for_subnet(self.region, subnet, vpc)?;
        let sources: Vec<u32> = if client {
            clients
                .intersection(public_v4())
                .ranges()
                .iter()
                .map(|r| r.0)
                .take(64)
                .collect()
        } else {
            self.lb_ips.to_vec()
        };
        if sources.is_empty() {
            return None;
        }
        let protocol = self.front.protocol;
        let ok = sources.iter().any(|&ip| {
            allowed_ports(acl, false, Addr::V4(ip), protocol).0.contains(port)
                && !allowed_ports(acl, true, Addr::V4(ip), protocol).0.is_empty()
        });
        let whose = if client {
            "the clients'".to_owned()
        } else {
            format!("{}'s", self.lb.name)
        };
        (!ok).then(|| Step {
            component: "network-acl",
            id: acl.id.clone(),
            detail: format!(
                "{} does not let {whose} addresses reach port {port} (or the replies back)",
                acl.id
            ),
        })
    }
}

pub(crate) fn target_port(t: &Target, tg: &TargetGroup) -> Option<u16> {
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
