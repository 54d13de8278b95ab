//! What the internet can reach.

pub mod admin_port_open_to_internet;
pub mod all_ports_open_to_internet;
pub mod database_port_open_to_internet;
pub mod default_security_group_allows_traffic;
pub mod nacl_allows_admin_ports_from_internet;
pub mod sensitive_port_open_to_internet;
pub mod unexpected_port_exposed;

use rampart_inventory::{Peer, Protocol, SgRule};
use rampart_net::sg::{rule_matches_ports, rule_touches_internet};
use rampart_net::{InternetOpen, PortSet};

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::exposure::{reach, GroupUse, Reach};
use crate::meta::{CheckMeta, Severity};

use crate::ports::Service;
use crate::remediate::{describe_rule, revoke, Direction};

/// True when a group's ingress admits every TCP port (or every protocol) from the internet:
/// `all-ports-open-to-internet` reports it, and the per-service checks do not repeat it.
pub fn wide_open(open: &InternetOpen) -> bool {
    open.all_protocols() || open.ports(Protocol::Tcp).is_full()
}

/// Shared by the per-service checks: every group whose ingress opens one of `services` to
/// the whole internet, with the rules that do it and the commands that revoke them.
pub fn services_open(
    cx: &RegionContext,
    out: &mut Outcomes,
    meta: &'static CheckMeta,
    services: &[Service],
    advice: &str,
) {
    for (group, ingress, _) in cx.groups() {
        if wide_open(ingress) {
            continue;
        }
        let open: Vec<(&Service, PortSet)> = services
            .iter()
            .map(|s| (s, ingress.ports(s.protocol).intersection(&s.ports())))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if open.is_empty() {
            if let Some(reason) = unresolved(&group.ingress, &ingress.unresolved_prefix_lists, services) {
                out.not_evaluated.push(NotEvaluated {
                    check_id: meta.id,
                    scope: cx.region.name.clone(),
                    resource_id: Some(group.id.clone()),
                    reason,
                });
            }
            continue;
        }
        let rules: Vec<&SgRule> = group
            .ingress
            .iter()
            .filter(|r| rule_touches_internet(r, &cx.prefix_lists))
            .filter(|r| open.iter().any(|(s, ports)| rule_matches_ports(r, s.protocol, ports)))
            .collect();
        let used = GroupUse::of(cx, group);
        let mut labels: Vec<String> = Vec::new();
        for (s, _) in &open {
            let l = s.label();
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        let families = families(ingress, &open);
        let opened: Vec<(Protocol, PortSet)> = open.iter().map(|(s, p)| (s.protocol, p.clone())).collect();
        let reach = reach(cx, &group.id, &used, &opened);
        let message = format!(
            "{} open to the whole {families} internet in security group {} ({}){}",
            labels.join(", "),
            group.id,
            group.name,
            headline(&reach)
        );
        let b = opening_finding(cx, meta, group, message, &rules, &used, &reach);
        let advice = fill_advice(advice, cx, &group.id, &opened, &used);
        out.findings.push(b.remediation(advice).build());
    }
    sets_open(cx, out, meta, services, advice);
}

/// The advice of a check with what its finding knows put in: `{region}`, `{group}` (the group
/// to narrow), `{protocol}` and `{port}` (the first port it opens), `{instance}` (an instance
/// carrying the group; `INSTANCE_ID` when no instance does). What the finding cannot know (the
/// administration range to allow, the application tier's group) stays a named placeholder.
pub fn fill_advice(
    advice: &str,
    cx: &RegionContext,
    group_id: &str,
    opened: &[(Protocol, PortSet)],
    used: &GroupUse,
) -> String {
    let (protocol, port) = opened
        .iter()
        .find_map(|(p, set)| set.ranges().first().map(|r| (p.cli_name(), r.0.to_string())))
        .unwrap_or_else(|| ("tcp".into(), "PORT".into()));
    let instance = used
        .interfaces
        .iter()
        .find_map(|e| e.attached_instance_id.as_deref())
        .unwrap_or("INSTANCE_ID");
    advice
        .replace("{region}", &cx.region.name)
        .replace("{group}", group_id)
        .replace("{protocol}", &protocol)
        .replace("{port}", &port)
        .replace("{instance}", instance)
}

/// Groups that open a service only together: AWS aggregates the rules of every group
/// associated with an interface into one set, and the most permissive rule for a port applies
/// (Amazon VPC user guide, "Security group rules"), so 0.0.0.0/1 in one group and 128.0.0.0/1
/// in another open the port. One finding per set of groups, on the
/// first contributing group, keyed by all of them; what a member opens alone is its own finding.
fn sets_open(cx: &RegionContext, out: &mut Outcomes, meta: &'static CheckMeta, services: &[Service], advice: &str) {
    let alone: std::collections::HashMap<&str, &InternetOpen> =
        cx.groups().map(|(g, ingress, _)| (g.id.as_str(), ingress)).collect();
    let mut seen: Vec<Vec<&str>> = Vec::new();
    for set in &cx.group_sets {
        if wide_open(&set.ingress)
            || set
                .groups
                .iter()
                .any(|g| alone.get(g.id.as_str()).is_some_and(|o| wide_open(o)))
        {
            continue;
        }
        // Ports the set opens that no member opens alone.
        let open: Vec<(&Service, PortSet)> = services
            .iter()
            .map(|s| {
                let mut p = set.ingress.ports(s.protocol).intersection(&s.ports());
                for g in &set.groups {
                    if let Some(o) = alone.get(g.id.as_str()) {
                        p = p.intersection(&o.ports(s.protocol).complement());
                    }
                }
                (s, p)
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if open.is_empty() {
            continue;
        }
        let together = contributors(cx, set, |r| {
            open.iter().any(|(s, ports)| rule_matches_ports(r, s.protocol, ports))
        });
        let ids: Vec<&str> = together.iter().map(|(g, _)| g.id.as_str()).collect();
        if ids.len() < 2 || seen.contains(&ids) {
            continue;
        }
        seen.push(ids.clone());
        let mut labels: Vec<String> = Vec::new();
        for (s, _) in &open {
            let l = s.label();
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        let families = families(&set.ingress, &open);
        let opened: Vec<(Protocol, PortSet)> = open.iter().map(|(s, p)| (s.protocol, p.clone())).collect();
        let b = set_finding(cx, meta, &together, &labels.join(", "), families, &opened);
        let used = GroupUse::of_groups(cx, &ids);
        let advice = fill_advice(advice, cx, ids[0], &opened, &used);
        out.findings.push(b.remediation(advice).build());
    }
}

/// The groups of a set whose internet-touching rules match, with those rules, in id order.
pub fn contributors<'a>(
    cx: &RegionContext,
    set: &crate::context::GroupSet<'a>,
    matches: impl Fn(&SgRule) -> bool,
) -> Vec<(&'a rampart_inventory::SecurityGroup, Vec<&'a SgRule>)> {
    set.groups
        .iter()
        .map(|g| {
            let rules: Vec<&SgRule> = g
                .ingress
                .iter()
                .filter(|r| rule_touches_internet(r, &cx.prefix_lists) && matches(r))
                .collect();
            (*g, rules)
        })
        .filter(|(_, rules)| !rules.is_empty())
        .collect()
}

/// The finding for an opening that several groups make together: on the first group, keyed
/// by every contributing group, naming each with its rules and revoke commands.
pub fn set_finding(
    cx: &RegionContext,
    meta: &'static CheckMeta,
    together: &[(&rampart_inventory::SecurityGroup, Vec<&SgRule>)],
    what: &str,
    families: &str,
    opened: &[(Protocol, PortSet)],
) -> crate::finding::FindingBuilder {
    let names: Vec<String> = together.iter().map(|(g, _)| format!("{} ({})", g.id, g.name)).collect();
    let ids: Vec<&str> = together.iter().map(|(g, _)| g.id.as_str()).collect();
    let used = GroupUse::of_groups(cx, &ids);
    let reach = reach(cx, &ids.join(" + "), &used, opened);
    let message = format!(
        "{what} open to the whole {families} internet by security groups {} together{}",
        names.join(" and "),
        headline(&reach)
    );
    let (severity, confidence) = reach.rank(Severity::Critical);
    let anchor = together[0].0;
    let mut b = cx
        .group_finding(meta, anchor)
        .message(message)
        .severity(severity)
        .confidence(confidence)
        .blast_radius(used.blast_radius())
        .key(format!("with {}", ids.join("+")))
        .evidence(format!(
            "no group opens it alone: the rules of every group on an interface are aggregated, and {} interface(s) carry {} together",
            used.interfaces.len(),
            names.join(" + ")
        ));
    for (g, rules) in together {
        for r in rules {
            b = b.evidence(format!("rule of {}: {}", g.id, describe_rule(r, Direction::Ingress)));
        }
    }
    for line in used
        .evidence()
        .into_iter()
        .chain(reach.evidence().iter().cloned())
        .chain(unknown(&reach))
    {
        b = b.evidence(line);
    }
    for (g, rules) in together {
        for cmd in revoke(Direction::Ingress, &cx.region.name, &g.id, rules) {
            b = b.remediation(cmd);
        }
    }
    b
}

/// A group whose ingress opens something to the whole internet: severity from effective
/// exposure, the rules, what carries the group and whether it is reachable, and the commands
/// that revoke the rules. Callers add their advice.
pub fn opening_finding(
    cx: &RegionContext,
    meta: &'static CheckMeta,
    group: &rampart_inventory::SecurityGroup,
    message: String,
    rules: &[&SgRule],
    used: &GroupUse,
    reach: &Reach,
) -> crate::finding::FindingBuilder {
    let (severity, confidence) = reach.rank(Severity::Critical);
    let mut b = cx
        .group_finding(meta, group)
        .message(message)
        .severity(severity)
        .confidence(confidence)
        .blast_radius(used.blast_radius());
    for r in rules {
        b = b.evidence(format!("rule: {}", describe_rule(r, Direction::Ingress)));
    }
    for line in used
        .evidence()
        .into_iter()
        .chain(reach.evidence().iter().cloned())
        .chain(unknown(reach))
    {
        b = b.evidence(line);
    }
    for cmd in revoke(Direction::Ingress, &cx.region.name, &group.id, rules) {
        b = b.remediation(cmd);
    }
    b
}

/// The verdict in a few words, for the finding's message.
pub fn headline(reach: &Reach) -> String {
    match reach {
        Reach::Reachable {
            inspected: false,
            part: None,
            ..
        } => ": reachable from the internet".into(),
        Reach::Reachable {
            inspected: true,
            part: None,
            ..
        } => ": reachable from the internet through a firewall whose rules are not evaluated".into(),
        Reach::Reachable {
            inspected,
            part: Some(part),
            ..
        } => format!(
            ": reachable from part of the internet ({part}){}",
            if *inspected {
                ", through a firewall whose rules are not evaluated"
            } else {
                ""
            }
        ),
        Reach::Standby(_) => {
            ": reachable from the internet when its instance is started or its interface attached (not today)".into()
        }
        Reach::Unreachable(_) => ", but the internet cannot reach it".into(),
        Reach::Private(_) => " on hosts without a public address".into(),
        Reach::Unused => " that nothing uses".into(),
        Reach::Unknown(_) => String::new(),
    }
}

/// The reason the path could not be traced, as an evidence line.
pub fn unknown(reach: &Reach) -> Option<String> {
    match reach {
        Reach::Unknown(reason) => Some(reason.clone()),
        _ => None,
    }
}

/// "IPv4", "IPv6" or "IPv4 and IPv6": which internet the opening is from.
fn families(open: &InternetOpen, services: &[(&Service, PortSet)]) -> &'static str {
    let in_family = |f: &rampart_net::sg::FamilyOpen| {
        services.iter().any(|(s, p)| {
            let ports = match s.protocol {
                Protocol::Tcp => &f.tcp,
                _ => &f.udp,
            };
            ports.intersects(p)
        })
    };
    match (in_family(&open.ipv4), in_family(&open.ipv6)) {
        (true, true) => "IPv4 and IPv6",
        (false, true) => "IPv6",
        _ => "IPv4",
    }
}

/// When rules on these services' ports use prefix lists whose entries were not read, the
/// group cannot be cleared: say which.
fn unresolved(rules: &[SgRule], unresolved: &[String], services: &[Service]) -> Option<String> {
    let ids: Vec<&str> = rules
        .iter()
        .filter_map(|r| match &r.peer {
            Peer::PrefixList(id) if unresolved.contains(id) => Some((r, id.as_str())),
            _ => None,
        })
        .filter(|(r, _)| services.iter().any(|s| rule_matches_ports(r, s.protocol, &s.ports())))
        .map(|(_, id)| id)
        .collect();
    (!ids.is_empty()).then(|| {
        format!(
            "rules use prefix list(s) {} whose entries were not read (`aws ec2 get-managed-prefix-list-entries`)",
            ids.join(", ")
        )
    })
}
