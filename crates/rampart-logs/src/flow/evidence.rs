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

/// `rampart flows usage --format json`, after the envelope the binary puts in front of it
/// (`rampart-flow-usage`, docs/formats.md).
#[derive(Debug, Clone, Serialize)]
pub struct UsageReport {
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

/// `rampart flows tighten --format json`, after the envelope the binary puts in front of it
/// (`rampart-flow-tighten`, docs/formats.md).
#[derive(Debug, Clone, Serialize)]
pub struct TightenReport {
    pub window: Option<WindowView>,
    pub max_blocks: usize,
    pub proposals: Vec<Proposal>,
    /// Wide rules in use whose sources were too many to aggregate.
    pub too_many_sources: Vec<String>,
    /// Wide rules left as they are because they serve the public by design, with why.
    pub left_public: Vec<String>,
    /// Egress rules not narrowed because a destination seen is flagged for exfiltration review
    /// by the same logs (`flows top`): called out, never whitelisted.
    pub exfiltration_suspects: Vec<String>,
}

/// A destination of `flows top`'s exfiltration table that received this much is a suspect.
pub const EXFILTRATION_REVIEW_BYTES: u64 = 100 << 20;

/// What tightening must never narrow, or allow.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    pub max_blocks: usize,
    /// Ports groups serve the public on by design.
    pub public: Vec<PublicPorts>,
    /// Destinations the same logs flag for exfiltration review, with why.
    pub suspects: Vec<(std::net::IpAddr, String)>,
}

/// The ports a group serves the public on by design, and why.
#[derive(Debug, Clone)]
pub struct PublicPorts {
    pub region: String,
    pub group_id: String,
    pub ports: Vec<u16>,
    pub why: String,
}

impl Guard {
    /// The ports that serve the public by design: the listener ports of every internet-facing
    /// load balancer on its security groups (narrowing them takes the site offline), and the
    /// `web_ports` of rampart.toml on the groups of public hosts (interfaces with a public IP).
    pub fn public_by_design(inventory: &rampart_inventory::Inventory, web_ports: &[u16]) -> Vec<PublicPorts> {
        let mut out = Vec::new();
        for (region, r) in &inventory.regions {
            for lb in r.load_balancers.iter().filter(|lb| lb.is_internet_facing()) {
                let ports: Vec<u16> = lb.listeners.iter().map(|l| l.port).collect();
                for g in &lb.security_group_ids {
                    out.push(PublicPorts {
                        region: region.clone(),
                        group_id: g.clone(),
                        ports: ports.clone(),
                        why: format!(
                            "listener port(s) {} of internet-facing load balancer {}",
                            join(&ports),
                            lb.name
                        ),
                    });
                }
            }
            for eni in r.network_interfaces.iter().filter(|e| !e.public_ips.is_empty()) {
                for g in &eni.security_group_ids {
                    out.push(PublicPorts {
                        region: region.clone(),
                        group_id: g.clone(),
                        ports: web_ports.to_vec(),
                        why: format!(
                            "web port(s) {} (rampart.toml web_ports) of public host {} ({})",
                            join(web_ports),
                            eni.id,
                            eni.public_ips.join(", ")
                        ),
                    });
                }
            }
        }
        out
    }

    /// The destinations `flows top` lists for exfiltration review (where the hosts that sent
    /// the most to the internet sent it) that received at least [`EXFILTRATION_REVIEW_BYTES`]
    /// in all: a volume worth a look before any rule allows it by name. Smaller destinations in
    /// that table (an API endpoint's few MiB) are not suspects.
    pub fn suspects_of(top: &crate::flow::talk::TopReport) -> Vec<(std::net::IpAddr, String)> {
        let mut per: std::collections::BTreeMap<std::net::IpAddr, (u64, Vec<&str>)> = Default::default();
        for s in &top.sent_to_internet {
            for (dst, bytes) in &s.top_destinations {
                if let Ok(a) = dst.parse() {
                    let e = per.entry(a).or_default();
                    e.0 += bytes;
                    e.1.push(s.host.as_str());
                }
            }
        }
        per.into_iter()
            .filter(|(_, (bytes, _))| *bytes >= EXFILTRATION_REVIEW_BYTES)
            .map(|(a, (bytes, hosts))| (a, format!("{} MiB from {}", bytes >> 20, hosts.join(", "))))
            .collect()
    }

    /// Why a wide inbound rule must be left as it is, if it must: it admits the internet on a
    /// port its group serves the public on.
    fn serves_public(&self, model: &Model, ri: usize) -> Option<&str> {
        let r = &model.rules[ri];
        if r.direction != Direction::Ingress || !model.touches_internet(ri as u32) {
            return None;
        }
        // Listeners are TCP, TLS, HTTP(S), UDP or TCP_UDP: a rule of those protocols (or all)
        // on a served port serves the public.
        let tcp = matches!(
            r.rule.protocol,
            rampart_inventory::Protocol::Tcp | rampart_inventory::Protocol::Udp | rampart_inventory::Protocol::All
        );
        let (from, to) = r.rule.ports.port_range().unwrap_or((0, u16::MAX));
        self.public
            .iter()
            .filter(|p| p.region == r.region && p.group_id == r.group.id)
            .find(|p| tcp && p.ports.iter().any(|port| (from..=to).contains(port)))
            .map(|p| p.why.as_str())
    }
}

fn join(ports: &[u16]) -> String {
    ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

pub fn tighten_report(model: &Model, tally: &Tally, stats: &ReadStats, guard: &Guard) -> TightenReport {
    let max_blocks = guard.max_blocks;
    let mut proposals = Vec::new();
    let mut too_many = Vec::new();
    let mut left_public = Vec::new();
    let mut suspects_seen = Vec::new();
    for (ri, r) in model.rules.iter().enumerate() {
        let u = &tally.rules[ri];
        let Some(wide) = is_wide(&r.rule.peer) else { continue };
        if u.flows == 0 {
            continue;
        }
        let described = || format!("{} {}", r.group.id, rule_in(r.rule, r.direction == Direction::Ingress));
        if let Some(why) = guard.serves_public(model, ri) {
            left_public.push(format!(
                "{}: left as it is, it serves the public by design ({why})",
                described()
            ));
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
        // Egress: never allow a destination the same logs flag for exfiltration review.
        if r.direction == Direction::Egress {
            let flagged: Vec<String> = guard
                .suspects
                .iter()
                .filter(|(a, _)| blocks.iter().any(|b| b.contains(a)))
                .map(|(a, why)| format!("{a} ({why})"))
                .collect();
            if !flagged.is_empty() {
                suspects_seen.push(format!(
                    "{}: not narrowed to the destinations seen, which include {} flagged for exfiltration review by `rampart flows top`: look at it before allowing it",
                    described(),
                    flagged.join(", ")
                ));
                continue;
            }
        }
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
        window: WindowView::of(Window::of(stats)),
        max_blocks,
        proposals,
        too_many_sources: too_many,
        left_public,
        exfiltration_suspects: suspects_seen,
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
