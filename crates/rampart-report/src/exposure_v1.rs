//! `rampart exposure`: what the internet can reach, per interface, protocol and port range,
//! with the path; and what is not reachable despite an open rule, with what blocks it.
//! The JSON (`rampart-exposure` version 1) is documented in docs/exposure-v1.md.

use std::fmt::Write;

use rampart_inventory::{NetworkInterface, Protocol, Region};
use rampart_net::exposure::Standby;
use rampart_net::{Exposure, NotExposed, RegionExposure, Step};
use serde::Serialize;

use crate::envelope::{Envelope, EXPOSURE};

/// One region's analysis, or why there is none.
pub struct RegionResult<'a> {
    pub region: &'a Region,
    pub analysis: Result<RegionExposure<'a>, String>,
}

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    envelope: Envelope,
    account: &'a str,
    exposures: Vec<ExposureDto<'a>>,
    not_exposed: Vec<NotExposedDto<'a>>,
    not_evaluated: Vec<NotEvaluatedDto<'a>>,
}

#[derive(Serialize)]
struct ExposureDto<'a> {
    region: &'a str,
    resource_id: String,
    resource_type: &'static str,
    instance_id: Option<&'a str>,
    eni_id: &'a str,
    address: &'a str,
    protocol: String,
    from_port: Option<u16>,
    to_port: Option<u16>,
    /// For ICMP: the (type, code) range reached; null otherwise.
    icmp: Option<IcmpDto>,
    sources: &'a [String],
    whole_internet: bool,
    /// Set when nothing answers today: `stopped` (with the instance) or `detached`.
    standby: Option<StandbyDto<'a>>,
    /// Set when the host is reached through an internet-facing load balancer.
    via: Option<ViaDto<'a>>,
    path: Vec<StepDto<'a>>,
}

#[derive(Serialize)]
struct IcmpDto {
    from: IcmpPoint,
    to: IcmpPoint,
    /// `all types`, `type 8`, `type 3 code 4`.
    description: String,
}

#[derive(Serialize)]
struct IcmpPoint {
    #[serde(rename = "type")]
    icmp_type: u8,
    code: u8,
}

#[derive(Serialize)]
struct StandbyDto<'a> {
    state: &'a str,
    instance_id: Option<&'a str>,
    when: String,
}

fn icmp(e: &Exposure) -> Option<IcmpDto> {
    matches!(e.protocol, Protocol::Icmp | Protocol::Icmpv6).then(|| {
        let point = |v: u16| {
            let (icmp_type, code) = rampart_net::icmp::split(v);
            IcmpPoint { icmp_type, code }
        };
        IcmpDto {
            from: point(e.from_port),
            to: point(e.to_port),
            description: rampart_net::icmp::describe(e.from_port, e.to_port),
        }
    })
}

fn standby<'a>(e: &'a Exposure) -> Option<StandbyDto<'a>> {
    e.standby.as_ref().map(|s| match s {
        Standby::Stopped { instance, state } => StandbyDto {
            state,
            instance_id: Some(instance),
            when: s.when(),
        },
        Standby::Detached => StandbyDto {
            state: "detached",
            instance_id: None,
            when: s.when(),
        },
    })
}

#[derive(Serialize)]
struct NotExposedDto<'a> {
    region: &'a str,
    resource_id: String,
    resource_type: &'static str,
    instance_id: Option<&'a str>,
    eni_id: &'a str,
    candidate: &'a str,
    blocked_by: StepDto<'a>,
}

#[derive(Serialize)]
struct NotEvaluatedDto<'a> {
    region: &'a str,
    /// The interface or load balancer that could not be judged; null for the whole region.
    resource_id: Option<&'a str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct ViaDto<'a> {
    load_balancer: &'a str,
    listener_port: u16,
    target_group: Option<&'a str>,
}

#[derive(Serialize)]
struct StepDto<'a> {
    component: &'a str,
    id: &'a str,
    detail: &'a str,
}

fn step(s: &Step) -> StepDto<'_> {
    StepDto {
        component: s.component,
        id: &s.id,
        detail: &s.detail,
    }
}

/// What the interface belongs to: its instance, its load balancer, or itself.
pub fn resource(eni: &NetworkInterface) -> (String, &'static str) {
    if let Some(i) = &eni.attached_instance_id {
        return (i.clone(), "instance");
    }
    if let Some(lb) = eni.description.as_deref().and_then(|d| d.strip_prefix("ELB ")) {
        // `ELB app/NAME/ID` (ELBv2) or `ELB NAME` (classic).
        let name = lb.split('/').nth(1).unwrap_or(lb);
        return (name.to_owned(), "load-balancer");
    }
    (eni.id.clone(), "network-interface")
}

/// `instance i-… (eni-…)`, `load-balancer NAME (eni-…)`, `network-interface eni-… (description)`.
fn who(eni: &NetworkInterface) -> String {
    match resource(eni) {
        (id, kind) if id != eni.id => format!("{kind} {id} ({})", eni.id),
        (_, kind) => match eni.description.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => format!("{kind} {} ({d})", eni.id),
            None => format!("{kind} {}", eni.id),
        },
    }
}

/// Ports for people: `22`, `8000-8080`, `all`; nothing for ICMP.
fn ports(e: &Exposure) -> (Option<u16>, Option<u16>) {
    match e.protocol {
        Protocol::Icmp | Protocol::Icmpv6 => (None, None),
        _ => (Some(e.from_port), Some(e.to_port)),
    }
}

pub fn render_json(account: &str, results: &[RegionResult]) -> String {
    let mut report = Report {
        envelope: EXPOSURE,
        account,
        exposures: vec![],
        not_exposed: vec![],
        not_evaluated: vec![],
    };
    for r in results {
        let region = r.region.name.as_str();
        match &r.analysis {
            Err(reason) => report.not_evaluated.push(NotEvaluatedDto {
                region,
                resource_id: None,
                reason,
            }),
            Ok(a) => {
                for e in &a.exposures {
                    let (resource_id, resource_type) = resource(e.eni);
                    let (from_port, to_port) = ports(e);
                    report.exposures.push(ExposureDto {
                        region,
                        resource_id,
                        resource_type,
                        instance_id: e.eni.attached_instance_id.as_deref(),
                        eni_id: &e.eni.id,
                        address: &e.address,
                        protocol: e.protocol.cli_name(),
                        from_port,
                        to_port,
                        icmp: icmp(e),
                        sources: &e.sources,
                        whole_internet: e.whole_internet,
                        standby: standby(e),
                        via: e.via.as_ref().map(|v| ViaDto {
                            load_balancer: &v.load_balancer,
                            listener_port: v.listener_port,
                            target_group: v.target_group.as_deref(),
                        }),
                        path: e.path.iter().map(step).collect(),
                    });
                }
                for n in &a.not_exposed {
                    let (resource_id, resource_type) = resource(n.eni);
                    report.not_exposed.push(NotExposedDto {
                        region,
                        resource_id,
                        resource_type,
                        instance_id: n.eni.attached_instance_id.as_deref(),
                        eni_id: &n.eni.id,
                        candidate: &n.candidate,
                        blocked_by: step(&n.blocked_by),
                    });
                }
                for (eni, reason) in &a.not_evaluated {
                    report.not_evaluated.push(NotEvaluatedDto {
                        region,
                        resource_id: Some(eni),
                        reason,
                    });
                }
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}

fn describe_exposure(e: &Exposure) -> String {
    let ports = match ports(e) {
        (Some(a), Some(b)) if a == 0 && b == 65535 => format!("{}/all", e.protocol.cli_name()),
        (Some(a), Some(b)) if a == b => format!("{}/{a}", e.protocol.cli_name()),
        (Some(a), Some(b)) => format!("{}/{a}-{b}", e.protocol.cli_name()),
        _ => format!(
            "{} {}",
            e.protocol.cli_name(),
            rampart_net::icmp::describe(e.from_port, e.to_port)
        ),
    };
    let from = if e.whole_internet {
        "the whole internet".to_owned()
    } else {
        e.sources.join(", ")
    };
    let when = e
        .standby
        .as_ref()
        .map(|s| format!(" (nothing answers today: reachable {})", s.when()))
        .unwrap_or_default();
    match &e.via {
        Some(v) => format!(
            "{ports} from {from}, through load balancer {} (listener {}){when}",
            v.load_balancer, v.listener_port
        ),
        None => format!("{ports} from {from}{when}"),
    }
}

pub fn render_text(account: &str, results: &[RegionResult], bold: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} account {account}\n", bold("Reachable from the internet"));
    let mut count = 0;
    for r in results {
        let Ok(a) = &r.analysis else { continue };
        let mut by_eni: Vec<(&NetworkInterface, Vec<&Exposure>)> = Vec::new();
        for e in &a.exposures {
            match by_eni.iter_mut().find(|(eni, _)| eni.id == e.eni.id) {
                Some((_, list)) => list.push(e),
                None => by_eni.push((e.eni, vec![e])),
            }
        }
        for (eni, list) in by_eni {
            count += 1;
            let _ = writeln!(out, "  {} {} at {}", r.region.name, who(eni), list[0].address);
            for e in list {
                let _ = writeln!(out, "      {}", describe_exposure(e));
                for s in &e.path {
                    let _ = writeln!(out, "          {:<16} {}", s.component, s.detail);
                }
            }
        }
    }
    if count == 0 {
        let _ = writeln!(out, "  nothing");
    }
    let _ = writeln!(out, "\n{}", bold("Open rules that the internet cannot reach"));
    let mut blocked = 0;
    for r in results {
        let Ok(a) = &r.analysis else { continue };
        for n in &a.not_exposed {
            blocked += 1;
            let _ = writeln!(out, "  {} {}: {}", r.region.name, who(n.eni), n.candidate);
            let _ = writeln!(
                out,
                "      blocked by {}: {}",
                n.blocked_by.component, n.blocked_by.detail
            );
        }
    }
    if blocked == 0 {
        let _ = writeln!(out, "  none");
    }
    let gaps: Vec<String> = results
        .iter()
        .flat_map(|r| match &r.analysis {
            Err(reason) => vec![format!("  {}: {reason}", r.region.name)],
            Ok(a) => a
                .not_evaluated
                .iter()
                .map(|(id, reason)| format!("  {} {id}: {reason}", r.region.name))
                .collect(),
        })
        .collect();
    if !gaps.is_empty() {
        let _ = writeln!(out, "\n{}", bold("Not evaluated"));
        for g in gaps {
            let _ = writeln!(out, "{g}");
        }
    }
    let _ = writeln!(out, "\n{count} reachable resource(s), {blocked} blocked candidate(s)");
    out
}

/// Keeps the entries that match the filters (protocol, a port inside the range, a resource).
pub fn filter(analysis: &mut RegionExposure, protocol: Option<Protocol>, port: Option<u16>, resource_id: Option<&str>) {
    let keep_eni = |eni: &NetworkInterface| {
        resource_id
            .is_none_or(|r| eni.id == r || eni.attached_instance_id.as_deref() == Some(r) || resource(eni).0 == r)
    };
    analysis.exposures.retain(|e| {
        keep_eni(e.eni)
            && protocol.is_none_or(|p| p == e.protocol)
            && port.is_none_or(|p| {
                matches!(e.protocol, Protocol::Tcp | Protocol::Udp) && e.from_port <= p && p <= e.to_port
            })
    });
    analysis.not_exposed.retain(|n: &NotExposed| keep_eni(n.eni));
    analysis
        .not_evaluated
        .retain(|(id, _)| resource_id.is_none_or(|r| r == id));
}
