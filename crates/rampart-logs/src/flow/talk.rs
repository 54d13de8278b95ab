//! The questions of an incident, answered from the records alone: who talked to a host, the
//! top talkers, what was rejected (scans against exposed hosts), and which hosts sent data to
//! the internet and how much (exfiltration review).
//!
//! Counts are per record. A flow between two logged interfaces appears in the logs of both;
//! filter by interface to count one side. A NAT gateway's records name the instance behind it
//! in `pkt-srcaddr` when the format has that field; the host is then the packet's source.
//! Data sent to the internet counts the connections a host opened (requests, told from
//! replies as in [`crate::flow::classify`]): what a web server returns to its clients is not
//! exfiltration.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::net::IpAddr;

use foldhash::fast::RandomState;
use ipnet::IpNet;
use serde::Serialize;

use crate::flow::bounded::{Bounded, Weight};
use crate::flow::classify::is_reply;
use crate::flow::record::{Action, FlowDirection, FlowRecord};
use crate::time::iso;

/// Which records a question is about.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub src: Option<Endpoint>,
    pub dst: Option<Endpoint>,
    pub port: Option<u16>,
    pub since: Option<u64>,
    pub until: Option<u64>,
}

/// An address, a network, or a set of interfaces and addresses (an instance resolved from the
/// inventory).
#[derive(Debug, Clone)]
pub enum Endpoint {
    Net(IpNet),
    Host {
        interfaces: Vec<String>,
        addresses: Vec<IpAddr>,
    },
}

impl Endpoint {
    fn holds(&self, address: Option<IpAddr>, interface: Option<&str>, local: bool) -> bool {
        match self {
            Endpoint::Net(n) => address.is_some_and(|a| n.contains(&a)),
            Endpoint::Host { interfaces, addresses } => {
                address.is_some_and(|a| addresses.contains(&a))
                    || local && interface.is_some_and(|i| interfaces.iter().any(|x| x == i))
            }
        }
    }
}

impl Filter {
    /// True when the record overlaps `since`..`until` (NODATA and SKIPDATA records included).
    pub fn in_time(&self, r: &FlowRecord) -> bool {
        !(self.since.is_some_and(|s| r.end.is_some_and(|e| e < s))
            || self.until.is_some_and(|u| r.start.is_some_and(|s| s > u)))
    }

    pub fn keeps(&self, r: &FlowRecord) -> bool {
        if !r.is_traffic() || !self.in_time(r) {
            return false;
        }
        if self.port.is_some() && r.dstport != self.port {
            return false;
        }
        // An interface filter holds for the side of the record that is the interface's own.
        let ingress = r.flow_direction == Some(FlowDirection::Ingress);
        let egress = r.flow_direction == Some(FlowDirection::Egress);
        self.src
            .as_ref()
            .is_none_or(|e| e.holds(r.srcaddr, r.interface_id, egress))
            && self
                .dst
                .as_ref()
                .is_none_or(|e| e.holds(r.dstaddr, r.interface_id, ingress))
    }
}

/// The traffic of one key.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Traffic {
    pub flows: u64,
    pub packets: u64,
    pub bytes: u64,
    #[serde(skip)]
    pub first: u64,
    #[serde(skip)]
    pub last: u64,
}

impl Traffic {
    fn add(&mut self, r: &FlowRecord) {
        let start = r.start.unwrap_or(0);
        self.first = if self.flows == 0 { start } else { self.first.min(start) };
        self.last = self.last.max(r.end.unwrap_or(0));
        self.flows += 1;
        self.packets += r.packets.unwrap_or(0);
        self.bytes += r.bytes.unwrap_or(0);
    }

    fn merge(&mut self, o: Traffic) {
        if o.flows == 0 {
            return;
        }
        self.first = if self.flows == 0 {
            o.first
        } else {
            self.first.min(o.first)
        };
        self.last = self.last.max(o.last);
        self.flows += o.flows;
        self.packets += o.packets;
        self.bytes += o.bytes;
    }
}

/// Interface ids, stored once.
#[derive(Debug, Clone, Default)]
pub struct Names {
    ids: HashMap<String, u32, RandomState>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: Option<&str>) -> u32 {
        let name = name.unwrap_or("-");
        if let Some(&i) = self.ids.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), i);
        i
    }

    fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("-", String::as_str)
    }
}

type ConversationKey = (u32, Option<IpAddr>, Option<IpAddr>, Option<u16>, Option<u8>, bool);

/// Conversations: per interface, source, destination, destination port, protocol and action.
#[derive(Debug, Clone, Default)]
pub struct Conversations {
    names: Names,
    map: HashMap<ConversationKey, Traffic, RandomState>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub interface_id: String,
    pub src: Option<String>,
    pub dst: Option<String>,
    pub dst_port: Option<u16>,
    pub protocol: Option<u8>,
    pub action: &'static str,
    #[serde(flatten)]
    pub traffic: Traffic,
    pub first_seen: String,
    pub last_seen: String,
}

impl Conversations {
    pub fn add(&mut self, r: &FlowRecord) {
        let i = self.names.id(r.interface_id);
        let key = (
            i,
            r.srcaddr,
            r.dstaddr,
            r.dstport,
            r.protocol,
            r.action == Some(Action::Accept),
        );
        self.map.entry(key).or_default().add(r);
    }

    pub fn merge(mut self, other: Conversations) -> Conversations {
        for (k, t) in other.map {
            let i = self.names.id(Some(other.names.name(k.0)));
            self.map.entry((i, k.1, k.2, k.3, k.4, k.5)).or_default().merge(t);
        }
        self
    }

    /// Every conversation, most flows first (then bytes, then key, for a stable order).
    pub fn ranked(&self) -> Vec<Conversation> {
        let mut v: Vec<(&ConversationKey, &Traffic)> = self.map.iter().collect();
        v.sort_by(|a, b| {
            b.1.flows
                .cmp(&a.1.flows)
                .then(b.1.bytes.cmp(&a.1.bytes))
                .then(a.0.cmp(b.0))
        });
        v.into_iter()
            .map(|(k, t)| Conversation {
                interface_id: self.names.name(k.0).to_owned(),
                src: k.1.map(|a| a.to_string()),
                dst: k.2.map(|a| a.to_string()),
                dst_port: k.3,
                protocol: k.4,
                action: if k.5 { "ACCEPT" } else { "REJECT" },
                traffic: *t,
                first_seen: iso(t.first),
                last_seen: iso(t.last),
            })
            .collect()
    }
}

/// Distinct values kept per row (sources of a target, targets of a scanner): beyond it the
/// count is a lower bound.
const DISTINCT: usize = 100;

type Set<T> = HashSet<T, RandomState>;

impl Weight for Traffic {
    fn weight(&self) -> u64 {
        self.bytes
    }
}

/// Rejected traffic to one target, or from one scanner, with the distinct others involved.
#[derive(Debug, Clone)]
struct Probes<T> {
    traffic: Traffic,
    others: Set<T>,
}

impl<T> Default for Probes<T> {
    fn default() -> Self {
        Probes {
            traffic: Traffic::default(),
            others: Set::default(),
        }
    }
}

impl<T> Weight for Probes<T> {
    fn weight(&self) -> u64 {
        self.traffic.flows
    }
}

impl<T: Hash + Eq> Probes<T> {
    fn add(&mut self, r: &FlowRecord, other: T) {
        self.traffic.add(r);
        if self.others.len() < DISTINCT {
            self.others.insert(other);
        }
    }

    fn merge(&mut self, o: Probes<T>) {
        self.traffic.merge(o.traffic);
        let room = DISTINCT.saturating_sub(self.others.len());
        self.others.extend(o.others.into_iter().take(room));
    }
}

/// What one host sent to the internet, per destination.
#[derive(Debug, Clone)]
struct Sent {
    traffic: Traffic,
    destinations: Bounded<IpAddr, u64>,
}

impl Default for Sent {
    fn default() -> Self {
        Sent {
            traffic: Traffic::default(),
            destinations: Bounded::new(1_000),
        }
    }
}

impl Weight for Sent {
    fn weight(&self) -> u64 {
        self.traffic.bytes
    }
}

/// Everything `flows top` prints, gathered in one pass, in bounded memory ([`Bounded`]).
#[derive(Debug, Clone, Default)]
pub struct Top {
    talkers: Bounded<(IpAddr, IpAddr), Traffic>,
    /// (destination, port, protocol) → rejected traffic and its sources.
    rejected: Bounded<(IpAddr, u16, u8), Probes<IpAddr>>,
    /// source → rejected traffic and the (destination, port) pairs it tried.
    scanners: Bounded<IpAddr, Probes<(IpAddr, u16)>>,
    /// host → what it sent to the internet.
    to_internet: Bounded<IpAddr, Sent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Talker {
    pub src: String,
    pub dst: String,
    #[serde(flatten)]
    pub traffic: Traffic,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub dst: String,
    pub dst_port: u16,
    pub protocol: u8,
    pub flows: u64,
    /// Capped at 100: `100` means at least 100.
    pub distinct_sources: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scanner {
    pub src: String,
    pub rejected_flows: u64,
    /// Distinct (destination, port) pairs it was rejected on (capped at 100: at least).
    pub targets: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sender {
    pub host: String,
    pub bytes: u64,
    pub flows: u64,
    pub destinations: usize,
    /// The destinations that received the most, with bytes.
    pub top_destinations: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopReport {
    pub talkers: Vec<Talker>,
    pub rejected: Vec<Rejected>,
    pub scanners: Vec<Scanner>,
    pub sent_to_internet: Vec<Sender>,
    /// Per table, how much a count shown may be short by (0: exact; see [`Bounded`]): bytes
    /// for talkers and senders, flows for rejected and scanners.
    pub undercount: Undercount,
}

#[derive(Debug, Clone, Serialize)]
pub struct Undercount {
    pub talkers_bytes: u64,
    pub rejected_flows: u64,
    pub scanners_flows: u64,
    pub sent_bytes: u64,
}

fn is_public(a: IpAddr) -> bool {
    match a {
        IpAddr::V4(a) => rampart_net::address::public_v4().contains(u32::from(a)),
        IpAddr::V6(a) => rampart_net::address::public_v6().contains(u128::from(a)),
    }
}

impl Top {
    pub fn add(&mut self, r: &FlowRecord) {
        let (Some(src), Some(dst)) = (r.srcaddr, r.dstaddr) else {
            return;
        };
        match r.action {
            Some(Action::Accept) => {
                self.talkers.entry((src, dst)).add(r);
                let host = r.pkt_srcaddr.unwrap_or(src);
                let outbound = r.flow_direction.map_or(!is_public(src), |d| d == FlowDirection::Egress);
                let dest = r.pkt_dstaddr.unwrap_or(dst);
                // Connections the host opened: a server's replies to its clients are its job.
                if outbound && is_public(dest) && !is_public(host) && !is_reply(r) {
                    let sent = self.to_internet.entry(host);
                    sent.traffic.add(r);
                    *sent.destinations.entry(dest) += r.bytes.unwrap_or(0);
                }
            }
            Some(Action::Reject) => {
                let (Some(port), Some(proto)) = (r.dstport, r.protocol) else {
                    return;
                };
                self.rejected.entry((dst, port, proto)).add(r, src);
                self.scanners.entry(src).add(r, (dst, port));
            }
            None => {}
        }
    }

    pub fn merge(mut self, other: Top) -> Top {
        self.talkers.merge(other.talkers, |a, b| a.merge(b));
        self.rejected.merge(other.rejected, Probes::merge);
        self.scanners.merge(other.scanners, Probes::merge);
        self.to_internet.merge(other.to_internet, |a, b| {
            a.traffic.merge(b.traffic);
            a.destinations.merge(b.destinations, |x, y| *x += y);
        });
        self
    }

    /// The `limit` largest of each table.
    pub fn report(&self, limit: usize) -> TopReport {
        let mut talkers: Vec<Talker> = self
            .talkers
            .iter()
            .map(|((s, d), t)| Talker {
                src: s.to_string(),
                dst: d.to_string(),
                traffic: *t,
            })
            .collect();
        talkers.sort_by(|a, b| {
            b.traffic
                .bytes
                .cmp(&a.traffic.bytes)
                .then_with(|| (&a.src, &a.dst).cmp(&(&b.src, &b.dst)))
        });
        talkers.truncate(limit);
        let mut rejected: Vec<Rejected> = self
            .rejected
            .iter()
            .map(|((d, p, proto), probes)| Rejected {
                dst: d.to_string(),
                dst_port: *p,
                protocol: *proto,
                flows: probes.traffic.flows,
                distinct_sources: probes.others.len(),
            })
            .collect();
        rejected.sort_by(|a, b| {
            b.flows
                .cmp(&a.flows)
                .then_with(|| (&a.dst, a.dst_port).cmp(&(&b.dst, b.dst_port)))
        });
        rejected.truncate(limit);
        let mut scanners: Vec<Scanner> = self
            .scanners
            .iter()
            .map(|(s, probes)| Scanner {
                src: s.to_string(),
                rejected_flows: probes.traffic.flows,
                targets: probes.others.len(),
            })
            .collect();
        scanners.sort_by(|a, b| {
            b.targets
                .cmp(&a.targets)
                .then(b.rejected_flows.cmp(&a.rejected_flows))
                .then_with(|| a.src.cmp(&b.src))
        });
        scanners.truncate(limit);
        let mut senders: Vec<Sender> = self
            .to_internet
            .iter()
            .map(|(h, sent)| {
                let (t, dests) = (&sent.traffic, &sent.destinations);
                let mut top: Vec<(String, u64)> = dests.iter().map(|(a, b)| (a.to_string(), *b)).collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                top.truncate(5);
                Sender {
                    host: h.to_string(),
                    bytes: t.bytes,
                    flows: t.flows,
                    destinations: dests.iter().count(),
                    top_destinations: top,
                }
            })
            .collect();
        senders.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.host.cmp(&b.host)));
        senders.truncate(limit);
        TopReport {
            talkers,
            rejected,
            scanners,
            sent_to_internet: senders,
            undercount: Undercount {
                talkers_bytes: self.talkers.undercount(),
                rejected_flows: self.rejected.undercount(),
                scanners_flows: self.scanners.undercount(),
                sent_bytes: self.to_internet.undercount(),
            },
        }
    }
}
