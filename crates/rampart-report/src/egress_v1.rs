//! `rampart egress`: which hosts can open connections to the internet, on which ports, through
//! what. JSON `rampart-egress` version 1: one entry per interface and address family.

use std::fmt::Write;

use rampart_net::egress::Egress;
use rampart_net::PortSet;
use serde::Serialize;

use crate::envelope::{Envelope, EGRESS};
use crate::exposure_v1::resource;

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    envelope: Envelope,
    account: &'a str,
    egress: Vec<EgressDto<'a>>,
    not_evaluated: Vec<NotEvaluatedDto<'a>>,
}

#[derive(Serialize)]
struct EgressDto<'a> {
    region: &'a str,
    resource_id: String,
    resource_type: &'static str,
    eni_id: &'a str,
    family: &'static str,
    /// `internet-gateway`, `nat-gateway`, `egress-only-internet-gateway`, `inspection`, `transit-gateway`, each with its id.
    through: Vec<ExitDto>,
    all_traffic: bool,
    /// Port ranges open to every public destination.
    tcp_everywhere: Vec<[u16; 2]>,
    udp_everywhere: Vec<[u16; 2]>,
    /// Port ranges open to at least some public destination.
    tcp_somewhere: Vec<[u16; 2]>,
    udp_somewhere: Vec<[u16; 2]>,
}

#[derive(Serialize)]
struct ExitDto {
    kind: &'static str,
    id: String,
    /// The inspection endpoint after a NAT gateway, when the NAT's subnet routes through one.
    #[serde(skip_serializing_if = "Option::is_none")]
    inspection: Option<String>,
}

#[derive(Serialize)]
struct NotEvaluatedDto<'a> {
    region: &'a str,
    reason: &'a str,
}

fn ranges(p: &PortSet) -> Vec<[u16; 2]> {
    p.ranges().iter().map(|&(a, b)| [a, b]).collect()
}

fn exit(x: &rampart_net::egress::Exit) -> ExitDto {
    use rampart_net::egress::Exit;
    let (kind, id) = match x {
        Exit::InternetGateway(id) => ("internet-gateway", id),
        Exit::NatGateway(id) => ("nat-gateway", id),
        Exit::EgressOnlyGateway(id) => ("egress-only-internet-gateway", id),
        Exit::Inspection(id) => ("inspection", id),
        Exit::TransitGateway(id) => ("transit-gateway", id),
        Exit::InspectedNat { nat, .. } => ("nat-gateway", nat),
    };
    ExitDto {
        kind,
        id: id.clone(),
        inspection: match x {
            Exit::InspectedNat { endpoint, .. } => Some(endpoint.clone()),
            _ => None,
        },
    }
}

/// One region's result: its egress, or why it was not evaluated.
pub type RegionEgress<'a> = (&'a str, Result<Vec<Egress<'a>>, String>);

pub fn render_json(account: &str, regions: &[RegionEgress]) -> String {
    let mut report = Report {
        envelope: EGRESS,
        account,
        egress: vec![],
        not_evaluated: vec![],
    };
    for (region, result) in regions {
        match result {
            Err(reason) => report.not_evaluated.push(NotEvaluatedDto { region, reason }),
            Ok(list) => {
                for e in list {
                    let (resource_id, resource_type) = resource(e.eni);
                    report.egress.push(EgressDto {
                        region,
                        resource_id,
                        resource_type,
                        eni_id: &e.eni.id,
                        family: e.family,
                        through: e.exits.iter().map(exit).collect(),
                        all_traffic: e.all_traffic,
                        tcp_everywhere: ranges(&e.tcp_everywhere),
                        udp_everywhere: ranges(&e.udp_everywhere),
                        tcp_somewhere: ranges(&e.tcp_somewhere),
                        udp_somewhere: ranges(&e.udp_somewhere),
                    });
                }
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
    s.push('\n');
    s
}

pub fn render_text(account: &str, regions: &[RegionEgress]) -> String {
    let mut out = format!("Hosts that can open connections to the internet, account {account}\n\n");
    let mut n = 0;
    for (region, result) in regions {
        match result {
            Err(reason) => {
                let _ = writeln!(out, "  {region}: not evaluated: {reason}");
            }
            Ok(list) => {
                for e in list {
                    n += 1;
                    let (id, kind) = resource(e.eni);
                    let exits: Vec<String> = e.exits.iter().map(|x| x.describe()).collect();
                    let what = if e.all_traffic {
                        "all traffic to every address".to_owned()
                    } else if e.tcp_everywhere.is_full() {
                        "every TCP port to every address".to_owned()
                    } else if !e.tcp_everywhere.is_empty() {
                        format!("tcp {} to every address", e.tcp_everywhere.display())
                    } else {
                        format!("tcp {} to some addresses", e.tcp_somewhere.display())
                    };
                    let _ = writeln!(
                        out,
                        "  {region} {kind} {id} ({}) {}: {what}, through {}",
                        e.eni.id,
                        e.family,
                        exits.join(", ")
                    );
                }
            }
        }
    }
    let _ = writeln!(out, "\n{n} interface(s) with a way out");
    out
}
