//! `rampart sg query`: the security-group filters people run with the AWS CLI, with real
//! semantics. The AWS CLI's `ip-permission.cidr` and `ip-permission.from-port` filters match
//! strings and range ends, so `--port 22` misses a 0-65535 rule and `0.0.0.0/0` misses
//! `0.0.0.0/1` + `128.0.0.0/1`. Here:
//! - `--port P` matches rules whose range holds P, protocol `-1`, and all-port protocols;
//! - `--protocol` matches that protocol and `-1`;
//! - `--source` matches rules that admit at least one address of a CIDR or address (IPv4 or
//!   IPv6, prefix lists resolved), `internet` for rules that admit any public address, or a
//!   security group id for rules that reference it, or an address space named in rampart.toml;
//! - `--egress` asks about outbound rules (destinations) instead.

use std::fmt::Write;

use ipnet::IpNet;
use rampart_inventory::{Inventory, Peer, Protocol, Region, SecurityGroup, SgRule};
use rampart_net::address::{v4_range, v6_range, Ipv4Set, Ipv6Set};
use rampart_net::sg::{rule_touches_internet, PrefixLists};
use rampart_net::Attachments;
use serde_json::json;

use crate::cli::ExposureFormat;
use crate::{output, Error};

pub struct Query<'a> {
    pub port: Option<u16>,
    pub protocol: Option<&'a str>,
    pub source: Option<&'a str>,
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

pub fn run(
    inventory: &Inventory,
    config: &rampart_checks::Config,
    q: &Query,
    format: ExposureFormat,
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
    let mut hits: Vec<(&Region, &SecurityGroup, &SgRule)> = Vec::new();
    let mut attachments = Vec::new();
    for region in inventory
        .regions
        .values()
        .filter(|r| q.region.is_none_or(|name| name == r.name))
    {
        let lists = PrefixLists::new(&region.prefix_lists);
        attachments.push((region.name.as_str(), Attachments::new(region)));
        for g in &region.security_groups {
            let rules = if q.egress { &g.egress } else { &g.ingress };
            for r in rules {
                let ok = q.port.is_none_or(|p| matches_port(r, p))
                    && protocol.is_none_or(|p| r.protocol == p || r.protocol == Protocol::All)
                    && source.as_ref().is_none_or(|s| matches_source(r, s, &lists));
                if ok {
                    hits.push((region, g, r));
                }
            }
        }
    }
    let used_by = |region: &str, group: &str| -> (usize, Vec<String>) {
        let Some((_, a)) = attachments.iter().find(|(r, _)| *r == region) else {
            return (0, vec![]);
        };
        let enis = a.interfaces(group);
        let mut names: Vec<String> = enis.iter().take(3).map(|e| rampart_net::describe::eni(e)).collect();
        names.extend(
            a.configured(group)
                .iter()
                .filter(|c| !c.starts_with("instance "))
                .take(3)
                .cloned(),
        );
        (enis.len(), names)
    };
    let text = match format {
        ExposureFormat::Json => {
            let rules: Vec<_> = hits
                .iter()
                .map(|(region, g, r)| {
                    let (interfaces, names) = used_by(&region.name, &g.id);
                    json!({
                        "region": region.name, "group_id": g.id, "group_name": g.name, "vpc_id": g.vpc_id,
                        "direction": if q.egress { "egress" } else { "ingress" }, "rule_id": r.rule_id,
                        "protocol": r.protocol.cli_name(), "ports": r.ports.port_range().map(|(a, b)| json!([a, b])),
                        "peer": r.peer.display(), "rule": rampart_net::describe::rule_in(r, !q.egress),
                        "interfaces": interfaces, "used_by": names,
                    })
                })
                .collect();
            let mut s =
                serde_json::to_string_pretty(&json!({"format": "rampart-sg-query", "version": 1, "rules": rules}))
                    .unwrap_or_default();
            s.push('\n');
            s
        }
        ExposureFormat::Text => {
            let mut out = String::new();
            for (region, g, r) in &hits {
                let (interfaces, names) = used_by(&region.name, &g.id);
                let used = if interfaces == 0 && names.is_empty() {
                    "unused".to_owned()
                } else {
                    format!("{interfaces} interface(s): {}", names.join(", "))
                };
                let _ = writeln!(
                    out,
                    "{} {} ({})  {}  — {used}",
                    region.name,
                    g.id,
                    g.name,
                    rampart_net::describe::rule_in(r, !q.egress)
                );
            }
            let _ = writeln!(out, "{} rule(s)", hits.len());
            out
        }
    };
    output::stdout(&text)?;
    Ok(0)
}
