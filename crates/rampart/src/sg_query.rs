//! `rampart sg query`: the security-group filters people run with the AWS CLI, with real
//! semantics. The AWS CLI's `ip-permission.cidr` and `ip-permission.from-port` filters match
//! strings and range ends, so `--port 22` misses a 0-65535 rule and `0.0.0.0/0` misses
//! `0.0.0.0/1` + `128.0.0.0/1`. Here:
//! - `--port P` matches rules whose range holds P, protocol `-1`, and all-port protocols;
//! - `--protocol` matches that protocol and `-1`;
//! - `--source` matches rules that admit at least one address of a CIDR or address (IPv4 or
//!   IPv6, prefix lists resolved), `internet` for rules that admit any public address, or a
//!   security group id for rules that reference it, or an address space named in rampart.toml;
//! - `--egress` (`--direction egress`) asks about outbound rules (destinations) instead,
//!   `--direction both` about both;
//! - `--format csv` is the stakeholders' list: one row per rule, what carries it (interfaces,
//!   instances, load balancers, launch templates…), and for inbound rules whether the
//!   internet reaches an interface of the group on the rule's ports (the exposure engine).

use std::fmt::Write;

use ipnet::IpNet;
use rampart_inventory::{Inventory, NetworkInterface, Peer, Protocol, Region, SecurityGroup, SgRule};
use rampart_net::address::{v4_range, v6_range, Ipv4Set, Ipv6Set};
use rampart_net::sg::{rule_touches_internet, PrefixLists};
use rampart_net::{analyze_exposure_checked, Attachments, PortSet, RegionExposure};
use serde_json::json;

use crate::cli::QueryFormat;
use crate::{output, Error};

pub struct Query<'a> {
    pub port: Option<u16>,
    pub protocol: Option<&'a str>,
    pub source: Option<&'a str>,
    /// Inbound rules, outbound rules, or both.
    pub ingress: bool,
    pub egress: bool,
    pub region: Option<&'a str>,
}

enum Source {
    Net(IpNet),
    /// A named address space from rampart.toml.
    Space(rampart_net::IntervalSet<u32>),
    Internet,
    Group(String),
}

fn parse_source(s: &str, config: &rampart_checks::Config) -> Result<Source, Error> {
    if s.eq_ignore_ascii_case("internet") {
        return Ok(Source::Internet);
    }
    if let Some(space) = config.address_space(s).map_err(Error::Usage)? {
        return Ok(Source::Space(space));
    }
    if s.starts_with("sg-") {
        return Ok(Source::Group(s.to_owned()));
    }
    if let Ok(n) = s.parse::<IpNet>() {
        return Ok(Source::Net(n));
    }
    if let Ok(ip) = s.parse::<std::net::IpAddr>() {
        return Ok(Source::Net(IpNet::from(ip)));
    }
    Err(Error::Usage(format!(
        "`{s}` is not a CIDR, an address, `internet`, a security group id or an address space named in rampart.toml"
    )))
}

fn matches_source(rule: &SgRule, source: &Source, lists: &PrefixLists) -> bool {
    let overlaps = |peer: &Peer, n: &IpNet| -> bool {
        match (peer, n) {
            (Peer::Ipv4(p), IpNet::V4(n)) => {
                Ipv4Set::from_ranges([v4_range(p)]).intersects(&Ipv4Set::from_ranges([v4_range(n)]))
            }
            (Peer::Ipv6(p), IpNet::V6(n)) => {
                Ipv6Set::from_ranges([v6_range(p)]).intersects(&Ipv6Set::from_ranges([v6_range(n)]))
            }
            (Peer::PrefixList(id), IpNet::V4(n)) => lists
                .get(id)
                .is_some_and(|(a, _)| a.intersects(&Ipv4Set::from_ranges([v4_range(n)]))),
            (Peer::PrefixList(id), IpNet::V6(n)) => lists
                .get(id)
                .is_some_and(|(_, b)| b.intersects(&Ipv6Set::from_ranges([v6_range(n)]))),
            _ => false,
        }
    };
    match source {
        Source::Internet => rule_touches_internet(rule, lists),
        Source::Group(id) => matches!(&rule.peer, Peer::Group { group_id, .. } if group_id == id),
        Source::Net(n) => overlaps(&rule.peer, n),
        Source::Space(space) => match &rule.peer {
            Peer::Ipv4(p) => space.intersects(&Ipv4Set::from_ranges([v4_range(p)])),
            Peer::PrefixList(id) => lists.get(id).is_some_and(|(a, _)| a.intersects(space)),
            _ => false,
        },
    }
}

fn matches_port(rule: &SgRule, port: u16) -> bool {
    match rule.protocol {
        Protocol::All | Protocol::Number(_) => true,
        Protocol::Icmp | Protocol::Icmpv6 => false,
        Protocol::Tcp | Protocol::Udp => rule.ports.port_range().is_some_and(|(lo, hi)| lo <= port && port <= hi),
    }
}

/// The CSV's columns: the rule, what it is attached to, and whether the internet reaches it.
const CSV_HEADER: &[&str] = &[
    "region",
    "vpc_id",
    "group_id",
    "group_name",
    "direction",
    "rule_id",
    "protocol",
    "from_port",
    "to_port",
    "peer",
    "description",
    "rule",
    "interfaces",
    "instances",
    "attached_to",
    "reachable_from_internet",
];

/// Whether the internet reaches an interface carrying the rule's group on the rule's ports
/// (through this rule or another: the exposure engine's verdict for the host).
fn reached(exposure: &RegionExposure, enis: &[&NetworkInterface], r: &SgRule) -> bool {
    let ports = r
        .ports
        .port_range()
        .map_or_else(PortSet::full, |(a, b)| PortSet::range(a, b));
    let protocols: &[Protocol] = match r.protocol {
        Protocol::All => &[Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::Icmpv6],
        ref p => std::slice::from_ref(p),
    };
    enis.iter()
        .any(|e| protocols.iter().any(|&p| exposure.is_exposed(&e.id, p, &ports)))
}

/// One region's view: its prefix lists, attachments and exposure (or why there is none).
struct RegionView<'a> {
    region: &'a Region,
    attachments: Attachments<'a>,
    exposure: Result<RegionExposure<'a>, String>,
}

pub fn run(
    inventory: &Inventory,
    config: &rampart_checks::Config,
    q: &Query,
    format: QueryFormat,
) -> Result<u8, Error> {
    let protocol = q
        .protocol
        .map(|p| {
            Protocol::parse(p).ok_or_else(|| {
                Error::Usage(format!(
                    "`{p}` is not a protocol: use tcp, udp, icmp, icmpv6, -1 or a number"
                ))
            })
        })
        .transpose()?;
    let source = q.source.map(|s| parse_source(s, config)).transpose()?;
    let directions: &[bool] = match (q.ingress, q.egress) {
        (true, true) => &[true, false],
        (false, true) => &[false],
        _ => &[true],
    };
    let mut views = Vec::new();
    // (region view, group, rule, ingress)
    let mut hits: Vec<(usize, &SecurityGroup, &SgRule, bool)> = Vec::new();
    for region in inventory
        .regions
        .values()
        .filter(|r| q.region.is_none_or(|name| name == r.name))
    {
        let lists = PrefixLists::new(&region.prefix_lists);
        for g in &region.security_groups {
            for &ingress in directions {
                let rules = if ingress { &g.ingress } else { &g.egress };
                for r in rules {
                    let ok = q.port.is_none_or(|p| matches_port(r, p))
                        && protocol.is_none_or(|p| r.protocol == p || r.protocol == Protocol::All)
                        && source.as_ref().is_none_or(|s| matches_source(r, s, &lists));
                    if ok {
                        hits.push((views.len(), g, r, ingress));
                    }
                }
            }
        }
        let exposure = if format == QueryFormat::Csv {
            analyze_exposure_checked(inventory, region, &lists)
        } else {
            Err(String::new())
        };
        views.push(RegionView {
            region,
            attachments: Attachments::new(region),
            exposure,
        });
    }
    let used_by = |view: &RegionView, group: &str| -> (usize, Vec<String>) {
        let enis = view.attachments.interfaces(group);
        let mut names: Vec<String> = enis.iter().take(3).map(|e| rampart_net::describe::eni(e)).collect();
        names.extend(
            view.attachments
                .configured(group)
                .iter()
                .filter(|c| !c.starts_with("instance "))
                .take(3)
                .cloned(),
        );
        (enis.len(), names)
    };
    let direction = |ingress: bool| if ingress { "ingress" } else { "egress" };
    let text = match format {
        QueryFormat::Json => {
            let rules: Vec<_> = hits
                .iter()
                .map(|&(v, g, r, ingress)| {
                    let view = &views[v];
                    let (interfaces, names) = used_by(view, &g.id);
                    json!({
                        "region": view.region.name, "group_id": g.id, "group_name": g.name, "vpc_id": g.vpc_id,
                        "direction": direction(ingress), "rule_id": r.rule_id,
                        "protocol": r.protocol.cli_name(), "ports": r.ports.port_range().map(|(a, b)| json!([a, b])),
                        "peer": r.peer.display(), "rule": rampart_net::describe::rule_in(r, ingress),
                        "interfaces": interfaces, "used_by": names,
                    })
                })
                .collect();
            rampart_report::envelope::SG_QUERY
                .render(json!({ "rules": rules }))
                .unwrap_or_default()
        }
        QueryFormat::Csv => {
            use rampart_report::csv::{field, line, text};
            let mut out = line(&CSV_HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
            for &(v, g, r, ingress) in &hits {
                let view = &views[v];
                let enis = view.attachments.interfaces(&g.id);
                let mut instances: Vec<&str> = enis.iter().filter_map(|e| e.attached_instance_id.as_deref()).collect();
                instances.sort_unstable();
                instances.dedup();
                let mut attached: Vec<String> = enis
                    .iter()
                    .filter(|e| e.attached_instance_id.is_none())
                    .map(|e| rampart_net::describe::eni(e))
                    .collect();
                attached.extend(
                    view.attachments
                        .configured(&g.id)
                        .iter()
                        .filter(|c| !c.starts_with("instance "))
                        .cloned(),
                );
                let reachable = match (&view.exposure, ingress) {
                    (_, false) => String::new(),
                    (Ok(exposure), true) if reached(exposure, enis, r) => "yes".to_owned(),
                    // An interface the engine could not judge is not a "no".
                    (Ok(exposure), true) => match exposure
                        .not_evaluated
                        .iter()
                        .find(|(id, _)| enis.iter().any(|e| &e.id == id))
                    {
                        Some((id, reason)) => format!("not evaluated: {id}: {reason}"),
                        None => "no".to_owned(),
                    },
                    (Err(reason), true) => format!("not evaluated: {reason}"),
                };
                let (from, to) = r
                    .ports
                    .port_range()
                    .map_or((String::new(), String::new()), |(a, b)| (a.to_string(), b.to_string()));
                out.push_str(&line(&[
                    field(&view.region.name),
                    field(g.vpc_id.as_deref().unwrap_or("")),
                    field(&g.id),
                    text(&g.name),
                    field(direction(ingress)),
                    field(r.rule_id.as_deref().unwrap_or("")),
                    field(&r.protocol.cli_name()),
                    field(&from),
                    field(&to),
                    field(&r.peer.display()),
                    text(r.description.as_deref().unwrap_or("")),
                    text(&rampart_net::describe::rule_in(r, ingress)),
                    field(&enis.len().to_string()),
                    field(&instances.join(" ")),
                    text(&attached.join("; ")),
                    field(&reachable),
                ]));
            }
            out
        }
        QueryFormat::Text => {
            let mut out = String::new();
            for &(v, g, r, ingress) in &hits {
                let view = &views[v];
                let (interfaces, names) = used_by(view, &g.id);
                let used = if interfaces == 0 && names.is_empty() {
                    "unused".to_owned()
                } else {
                    format!("{interfaces} interface(s): {}", names.join(", "))
                };
                let _ = writeln!(
                    out,
                    "{} {} ({})  {}{}  — {used}",
                    view.region.name,
                    g.id,
                    g.name,
                    if directions.len() > 1 {
                        format!("{} ", direction(ingress))
                    } else {
                        String::new()
                    },
                    rampart_net::describe::rule_in(r, ingress)
                );
            }
            let _ = writeln!(out, "{} rule(s)", hits.len());
            out
        }
    };
    output::stdout(&text)?;
    Ok(0)
}
