//! Grant usage: for every security-group rule, the accepted requests it admitted — flows,
//! packets, bytes, first and last seen, distinct peers — and, from what the logs cover, whether
//! a rule with no use is provably unused or simply not observed.
//!
//! A rule is **unused** only when every interface carrying its group was observed: it has
//! records in the logs, and accepted traffic was logged for it (at least one ACCEPT record, or
//! an inventory flow log with traffic type ALL or ACCEPT on it, its subnet or VPC — a
//! REJECT-only flow log can never show a use). Otherwise the rule is **not evaluated**, with the
//! interfaces that were not observed. SKIPDATA records (gaps in the capture) are reported with
//! the verdict.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use crate::flow::classify::{classify, Basis, Side};
use crate::flow::model::{Direction, Model};
use crate::flow::peers::PeerSet;
use crate::flow::read::ReadStats;
use crate::flow::record::{Action, FlowRecord, LogStatus};

/// Samples kept of records that could not be attributed.
const SAMPLES: usize = 5;

/// Use of one rule.
#[derive(Debug, Clone, Default)]
pub struct RuleUse {
    pub flows: u64,
    pub packets: u64,
    pub bytes: u64,
    pub first: Option<u64>,
    pub last: Option<u64>,
    pub by_tcp_flags: u64,
    pub by_ports: u64,
    pub assumed: u64,
    pub peers: PeerSet,
}

/// What the logs show of one interface.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seen {
    pub records: u64,
    pub accepted: u64,
    pub skipdata: u64,
}

/// The per-worker accumulator.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub rules: Vec<RuleUse>,
    pub interfaces: Vec<Seen>,
    pub requests: u64,
    pub replies: u64,
    pub rejected: u64,
    pub unplaced: u64,
    /// Accepted requests no rule of the inventory admits (rules changed since, or a misread reply).
    pub unmatched: u64,
    pub unmatched_samples: Vec<String>,
    /// Records of interfaces the inventory does not hold.
    pub unknown_interface: u64,
    pub unknown_samples: Vec<String>,
    /// Rules whose peer could not be judged (prefix-list entries not read).
    pub unjudged: Vec<bool>,
}

impl Tally {
    pub fn new(model: &Model) -> Tally {
        Tally {
            rules: vec![RuleUse::default(); model.rules.len()],
            interfaces: vec![Seen::default(); model.interfaces.len()],
            unjudged: vec![false; model.rules.len()],
            ..Tally::default()
        }
    }

    /// Counts one record.
    pub fn add(&mut self, model: &Model, r: &FlowRecord) {
        let Some(id) = r.interface_id else {
            self.unknown_interface += 1;
            return;
        };
        let Some(ei) = model.interface(id) else {
            self.unknown_interface += 1;
            if self.unknown_samples.len() < SAMPLES && !self.unknown_samples.iter().any(|s| s == id) {
                self.unknown_samples.push(id.to_owned());
            }
            return;
        };
        let seen = &mut self.interfaces[ei as usize];
        seen.records += 1;
        match r.log_status {
            Some(LogStatus::SkipData) => seen.skipdata += 1,
            Some(LogStatus::NoData) => {}
            _ if r.action == Some(Action::Accept) => seen.accepted += 1,
            _ => {}
        }
        if !r.is_traffic() {
            return;
        }
        if r.action != Some(Action::Accept) {
            self.rejected += 1;
            return;
        }
        let eni = &model.interfaces[ei as usize];
        let Some(protocol) = r.protocol else {
            self.unplaced += 1;
            return;
        };
        let (direction, remote, basis) = match classify(r, eni, protocol) {
            Side::Request {
                direction,
                remote,
                basis,
            } => (direction, remote, basis),
            Side::Reply { .. } => {
                self.replies += 1;
                return;
            }
            Side::Unplaced => {
                self.unplaced += 1;
                return;
            }
        };
        self.requests += 1;
        let rules = match direction {
            Direction::Ingress => &eni.ingress,
            Direction::Egress => &eni.egress,
        };
        let vpc = eni.eni.vpc_id.as_deref();
        let mut matched = false;
        for &ri in rules {
            match model.admits(ri, protocol, r.dstport, remote, vpc) {
                Some(true) => {
                    matched = true;
                    self.rules[ri as usize].record(r, remote, basis);
                }
                Some(false) => {}
                None => self.unjudged[ri as usize] = true,
            }
        }
        if !matched {
            self.unmatched += 1;
            if self.unmatched_samples.len() < SAMPLES {
                self.unmatched_samples.push(format!(
                    "{id} {} {} {}:{} -> {}:{}",
                    direction.name(),
                    protocol,
                    r.srcaddr.map(|a| a.to_string()).unwrap_or_default(),
                    r.srcport.unwrap_or(0),
                    r.dstaddr.map(|a| a.to_string()).unwrap_or_default(),
                    r.dstport.unwrap_or(0),
                ));
            }
        }
    }

    pub fn merge(mut self, other: Tally) -> Tally {
        if self.rules.is_empty() {
            return other;
        }
        if other.rules.is_empty() {
            return self;
        }
        for (a, b) in self.rules.iter_mut().zip(other.rules) {
            a.merge(b);
        }
        for (a, b) in self.interfaces.iter_mut().zip(other.interfaces) {
            a.records += b.records;
            a.accepted += b.accepted;
            a.skipdata += b.skipdata;
        }
        for (a, b) in self.unjudged.iter_mut().zip(other.unjudged) {
            *a |= b;
        }
        self.requests += other.requests;
        self.replies += other.replies;
        self.rejected += other.rejected;
        self.unplaced += other.unplaced;
        self.unmatched += other.unmatched;
        self.unknown_interface += other.unknown_interface;
        extend_samples(&mut self.unmatched_samples, other.unmatched_samples);
        extend_samples(&mut self.unknown_samples, other.unknown_samples);
        self
    }
}

fn extend_samples(a: &mut Vec<String>, b: Vec<String>) {
    a.extend(b);
    a.sort();
    a.dedup();
    a.truncate(SAMPLES);
}

impl RuleUse {
    fn record(&mut self, r: &FlowRecord, remote: IpAddr, basis: Basis) {
        self.flows += 1;
        self.packets += r.packets.unwrap_or(0);
        self.bytes += r.bytes.unwrap_or(0);
        self.first = min_opt(self.first, r.start);
        self.last = self.last.max(r.end);
        match basis {
            Basis::TcpFlags => self.by_tcp_flags += 1,
            Basis::Ports => self.by_ports += 1,
            Basis::Assumed => self.assumed += 1,
        }
        self.peers.insert(remote);
    }

    fn merge(&mut self, other: RuleUse) {
        self.flows += other.flows;
        self.packets += other.packets;
        self.bytes += other.bytes;
        self.first = min_opt(self.first, other.first);
        self.last = self.last.max(other.last);
        self.by_tcp_flags += other.by_tcp_flags;
        self.by_ports += other.by_ports;
        self.assumed += other.assumed;
        if other.flows > 0 {
            self.peers.merge(other.peers);
        }
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unused,
    Used,
    NotEvaluated,
    /// No interface carries the group: flow logs cannot say anything.
    NotAttached,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Unused => "unused",
            Status::Used => "used",
            Status::NotEvaluated => "not evaluated",
            Status::NotAttached => "not attached",
        }
    }
}

/// The verdict on one rule.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub rule: u32,
    pub status: Status,
    /// Why not evaluated; the gaps of an unused verdict.
    pub reason: Option<String>,
    /// The interfaces carrying the group.
    pub interfaces: usize,
}

/// Judges every rule from a finished tally.
pub fn verdicts(model: &Model, tally: &Tally) -> Vec<Verdict> {
    (0..model.rules.len() as u32)
        .map(|ri| {
            let r = &model.rules[ri as usize];
            let carriers = model.carriers(r.region, &r.group.id);
            let unobserved: Vec<&str> = carriers
                .iter()
                .filter(|&&ei| {
                    let seen = tally.interfaces[ei as usize];
                    seen.records == 0 || (seen.accepted == 0 && !model.interfaces[ei as usize].logs_accepted)
                })
                .map(|&ei| model.interfaces[ei as usize].eni.id.as_str())
                .collect();
            let gaps: Vec<&str> = carriers
                .iter()
                .filter(|&&ei| tally.interfaces[ei as usize].skipdata > 0)
                .map(|&ei| model.interfaces[ei as usize].eni.id.as_str())
                .collect();
            let used = tally.rules[ri as usize].flows > 0;
            let (status, reason) = if carriers.is_empty() {
                (Status::NotAttached, None)
            } else if used {
                (Status::Used, None)
            } else if tally.unjudged[ri as usize] {
                (
                    Status::NotEvaluated,
                    Some(format!("the entries of prefix list {} were not read", r.rule.peer.display())),
                )
            } else if !unobserved.is_empty() {
                (
                    Status::NotEvaluated,
                    Some(format!(
                        "no accepted traffic of {} is in the logs given (no records, or only rejected traffic is logged)",
                        list(&unobserved)
                    )),
                )
            } else if !gaps.is_empty() {
                (
                    Status::Unused,
                    Some(format!("the logs of {} have gaps (SKIPDATA records)", list(&gaps))),
                )
            } else {
                (Status::Unused, None)
            };
            Verdict {
                rule: ri,
                status,
                reason,
                interfaces: carriers.len(),
            }
        })
        .collect()
}

fn list(ids: &[&str]) -> String {
    match ids {
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, rest @ ..] => format!("{a} and {} more interfaces", rest.len()),
        [] => String::new(),
    }
}

/// A summary of what the tally attributed, for reports.
#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    pub requests: u64,
    pub replies: u64,
    pub rejected: u64,
    pub unplaced: u64,
    pub unmatched: u64,
    pub unmatched_samples: Vec<String>,
    pub unknown_interface_records: u64,
    pub unknown_interfaces: Vec<String>,
}

impl Attribution {
    pub fn of(t: &Tally) -> Attribution {
        Attribution {
            requests: t.requests,
            replies: t.replies,
            rejected: t.rejected,
            unplaced: t.unplaced,
            unmatched: t.unmatched,
            unmatched_samples: t.unmatched_samples.clone(),
            unknown_interface_records: t.unknown_interface,
            unknown_interfaces: t.unknown_samples.clone(),
        }
    }
}

/// The logs' time window.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Window {
    pub from: u64,
    pub to: u64,
}

impl Window {
    pub fn of(stats: &ReadStats) -> Option<Window> {
        Some(Window {
            from: stats.first_start?,
            to: stats.last_end?,
        })
    }

    pub fn days(&self) -> f64 {
        self.to.saturating_sub(self.from) as f64 / 86_400.0
    }
}

/// Tallies files against a model.
pub fn tally_files(
    model: &Model,
    files: &[std::path::PathBuf],
    options: &crate::flow::read::ReadOptions,
    filter: &(dyn Fn(&FlowRecord) -> bool + Sync),
) -> (Tally, ReadStats) {
    crate::flow::read::read_files(
        files,
        options,
        || Tally::new(model),
        |t, r| {
            if filter(r) {
                t.add(model, r)
            }
        },
        Tally::merge,
    )
}

/// Counts per status, for summaries.
pub fn status_counts(verdicts: &[Verdict]) -> BTreeMap<Status, usize> {
    let mut m = BTreeMap::new();
    for v in verdicts {
        *m.entry(v.status).or_default() += 1;
    }
    m
}
