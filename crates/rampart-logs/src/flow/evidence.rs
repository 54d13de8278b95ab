//! Grant usage and tightening proposals as owned, serializable reports: what `rampart flows
//! usage` and `flows tighten` print, and what the flow checks of `scan` read.

use ipnet::IpNet;
use rampart_inventory::{Peer, SgRule};
use rampart_net::commands::{ip_permission, revoke};
use rampart_net::describe::rule_in;
use serde::Serialize;

use crate::flow::model::{Direction, Model};
use crate::flow::peers::Peers;
use crate::flow::read::ReadStats;
use crate::flow::tighten::aggregate;
use crate::flow::usage::{verdicts, Attribution, Status, Tally, Window};
use crate::time::iso;

#[derive(Debug, Clone, Serialize)]
pub struct WindowView {
    pub from: String,
    pub to: String,
    pub days: f64,
}

impl WindowView {
    fn of(w: Option<Window>) -> Option<WindowView> {
        w.map(|w| WindowView {
            from: iso(w.from),
            to: iso(w.to),
            days: (w.days() * 100.0).round() / 100.0,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Basis {
    pub tcp_flags: u64,
    pub ports: u64,
    pub assumed: u64,
}

/// One security-group rule and its use.
#[derive(Debug, Clone, Serialize)]
pub struct RuleReport {
    pub region: String,
    pub group_id: String,
    pub group_name: String,
    pub rule_id: Option<String>,
    pub direction: &'static str,
    pub protocol: String,
    /// The rule as the console words it (`tcp 22 from 0.0.0.0/0`).
    pub rule: String,
    pub peer: String,
    pub description: Option<String>,
    /// The rule admits some public address.
    pub internet: bool,
    pub status: Status,
    pub reason: Option<String>,
    /// Interfaces carrying the group.
    pub interfaces: usize,
    pub flows: u64,
    pub packets: u64,
    pub bytes: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub distinct_peers: usize,
    /// `distinct_peers` is a lower bound (too many to keep each).
    pub distinct_peers_at_least: bool,
    /// How the flows were told from replies.
    pub basis: Basis,
    /// For an unused rule: the command that removes it.
    pub revoke: Option<String>,
}

/// `rampart flows usage --format json`: schema `rampart-flow-usage`, version 1.
#[derive(Debug, Clone, Serialize)]
pub struct UsageReport {
    pub schema: &'static str,
    pub version: u32,
    pub window: Option<WindowView>,
    pub read: ReadStats,
    pub attribution: Attribution,
    pub rules: Vec<RuleReport>,
}

pub fn usage_report(model: &Model, tally: &Tally, stats: &ReadStats) -> UsageReport {
    let rules = verdicts(model, tally)
        .into_iter()
        .map(|v| {
            let r = &model.rules[v.rule as usize];
            let u = &tally.rules[v.rule as usize];
            let (distinct_peers, at_least) = u.peers.count();
            let revoke = (v.status == Status::Unused)
                .then(|| revoke(r.direction, r.region, &r.group.id, &[r.rule]).into_iter().next())
                .flatten();
            RuleReport {
                region: r.region.to_owned(),
                group_id: r.group.id.clone(),
                group_name: r.group.name.clone(),
                rule_id: r.rule.rule_id.clone(),
                direction: r.direction.name(),
                protocol: r.rule.protocol.cli_name(),
                rule: rule_in(r.rule, r.direction == Direction::Ingress),
                peer: r.rule.peer.display(),
                description: r.rule.description.clone(),
                internet: model.touches_internet(v.rule),
                status: v.status,
                reason: v.reason,
                interfaces: v.interfaces,
                flows: u.flows,
                packets: u.packets,
                bytes: u.bytes,
                first_seen: u.first.map(iso),
                last_seen: u.last.map(iso),
                distinct_peers,
                distinct_peers_at_least: at_least,
                basis: Basis {
                    tcp_flags: u.by_tcp_flags,
                    ports: u.by_ports,
                    assumed: u.assumed,
                },
                revoke,
            }
        })
        .collect();
    UsageReport {
        schema: "rampart-flow-usage",
        version: 1,
        window: WindowView::of(Window::of(stats)),
        read: stats.clone(),
        attribution: Attribution::of(tally),
        rules,
    }
}

/// A narrower replacement for a wide rule.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub region: String,
    pub group_id: String,
    pub rule_id: Option<String>,
    pub direction: &'static str,
    pub rule: String,
    /// The TCP port range of the rule (None for other protocols).
    pub tcp_ports: Option<(u16, u16)>,
    pub internet: bool,
    pub flows: u64,
    pub distinct_sources: usize,
    pub distinct_sources_at_least: bool,
    /// The blocks that admit every source seen.
    pub proposed: Vec<String>,
    /// Addresses the rule admits now, and would admit (decimal strings: IPv6 counts exceed JSON numbers).
    pub addresses_before: String,
    pub addresses_after: String,
    /// Seen sources outside the proposal, and the flows it would have rejected: zero by construction,
    /// computed anyway.
    pub sources_outside: usize,
    pub flows_rejected: u64,
    /// Authorize the narrow blocks first, then revoke the wide rule: no moment without access.
    pub commands: Vec<String>,
}

/// Rules wider than this (IPv4 shorter than /24, IPv6 shorter than /56) get proposals.
fn is_wide(peer: &Peer) -> Option<IpNet> {
    match peer {
        Peer::Ipv4(n) if n.prefix_len() < 24 => Some(IpNet::V4(*n)),
        Peer::Ipv6(n) if n.prefix_len() < 56 => Some(IpNet::V6(*n)),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TightenReport {
    pub schema: &'static str,
    pub version: u32,
    pub window: Option<WindowView>,
    pub max_blocks: usize,
    pub proposals: Vec<Proposal>,
    /// Wide rules in use whose sources were too many to aggregate.
    pub too_many_sources: Vec<String>,
}

pub fn tighten_report(model: &Model, tally: &Tally, stats: &ReadStats, max_blocks: usize) -> TightenReport {
    let mut proposals = Vec::new();
    let mut too_many = Vec::new();
    for (ri, r) in model.rules.iter().enumerate() {
        let u = &tally.rules[ri];
        let Some(wide) = is_wide(&r.rule.peer) else { continue };
        if u.flows == 0 {
            continue;
        }
        let Peers::Networks(seen) = u.peers.networks() else {
            too_many.push(format!(
                "{} {}",
                r.group.id,
                rule_in(r.rule, r.direction == Direction::Ingress)
            ));
            continue;
        };
        let Some((blocks, after)) = aggregate(&seen, max_blocks) else {
            continue;
        };
        let before = 1u128
            .checked_shl(u32::from(wide.max_prefix_len() - wide.prefix_len()))
            .unwrap_or(u128::MAX);
        if after >= before {
            continue;
        }
        let outside = seen.iter().filter(|s| !blocks.iter().any(|b| b.contains(*s))).count();
        let (distinct, at_least) = u.peers.count();
        let window = Window::of(stats)
            .map(|w| format!(" {}..{}", &iso(w.from)[..10], &iso(w.to)[..10]))
            .unwrap_or_default();
        proposals.push(Proposal {
            region: r.region.to_owned(),
            group_id: r.group.id.clone(),
            rule_id: r.rule.rule_id.clone(),
            direction: r.direction.name(),
            rule: rule_in(r.rule, r.direction == Direction::Ingress),
            tcp_ports: (r.rule.protocol == rampart_inventory::Protocol::Tcp)
                .then(|| r.rule.ports.port_range())
                .flatten(),
            internet: model.touches_internet(ri as u32),
            flows: u.flows,
            distinct_sources: distinct,
            distinct_sources_at_least: at_least,
            proposed: blocks.iter().map(ToString::to_string).collect(),
            addresses_before: before.to_string(),
            addresses_after: after.to_string(),
            sources_outside: outside,
            flows_rejected: if outside == 0 { 0 } else { u.flows },
            commands: commands(model, ri, &blocks, &format!("rampart: seen in flow logs{window}")),
        });
    }
    TightenReport {
        schema: "rampart-flow-tighten",
        version: 1,
        window: WindowView::of(Window::of(stats)),
        max_blocks,
        proposals,
        too_many_sources: too_many,
    }
}

fn commands(model: &Model, ri: usize, blocks: &[IpNet], description: &str) -> Vec<String> {
    let r = &model.rules[ri];
    let permissions: Vec<serde_json::Value> = blocks
        .iter()
        .map(|b| {
            let peer = match b {
                IpNet::V4(n) => Peer::Ipv4(*n),
                IpNet::V6(n) => Peer::Ipv6(*n),
            };
            let mut p = ip_permission(&SgRule {
                rule_id: None,
                peer,
                description: None,
                ..r.rule.clone()
            });
            // Each range carries the description, so the console says where the block came from.
            for key in ["IpRanges", "Ipv6Ranges"] {
                if let Some(ranges) = p.get_mut(key).and_then(|v| v.as_array_mut()) {
                    for range in ranges {
                        range["Description"] = serde_json::json!(description);
                    }
                }
            }
            p
        })
        .collect();
    let mut out = vec![format!(
        "aws ec2 authorize-security-group-{} --region {} --group-id {} --ip-permissions '{}'",
        r.direction.name(),
        r.region,
        r.group.id,
        serde_json::Value::Array(permissions)
    )];
    out.extend(revoke(r.direction, r.region, &r.group.id, &[r.rule]));
    out
}
