//! `rampart paths`: lateral-movement paths, multi-hop, from the internet, an instance, an
//! interface or a security group to an instance, an interface, a tag or a service class.

use std::collections::HashSet;

use rayon::prelude::*;
use std::fmt::Write;

use rampart_checks::Config;
use rampart_inventory::{Inventory, Protocol, Region};
use rampart_net::lateral::{Graph, Hop};
use rampart_net::{analyze_exposure_checked, IntervalSet, PortSet, PrefixLists};
use serde_json::json;

use crate::cli::ExposureFormat;
use crate::{output, Error};

pub struct Request<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub max_hops: usize,
    pub region: Option<&'a str>,
    pub format: ExposureFormat,
}

/// Hosts matching a selector: `i-…`, `eni-…`, `sg-…` (hosts carrying it), `tag:Key=Value`.
fn select(graph: &Graph, region: &Region, selector: &str) -> Result<Vec<usize>, Error> {
    let hosts = &graph.hosts;
    let pick = |f: &dyn Fn(&rampart_inventory::NetworkInterface) -> bool| {
        (0..hosts.len()).filter(|&i| f(hosts[i].eni)).collect::<Vec<_>>()
    };
    Ok(if let Some(tag) = selector.strip_prefix("tag:") {
        let (k, v) = tag
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("`{selector}`: write tags as tag:Key=Value")))?;
        let instances: HashSet<&str> = region
            .instances
            .iter()
            .filter(|i| i.tags.get(k).is_some_and(|x| x == v))
            .map(|i| i.id.as_str())
            .collect();
        pick(&|e| {
            e.tags.get(k).is_some_and(|x| x == v)
                || e.attached_instance_id.as_deref().is_some_and(|i| instances.contains(i))
        })
    } else if selector.starts_with("sg-") {
        pick(&|e| e.security_group_ids.iter().any(|g| g == selector))
    } else if selector.starts_with("i-") {
        pick(&|e| e.attached_instance_id.as_deref() == Some(selector))
    } else if selector.starts_with("eni-") {
        pick(&|e| e.id == selector)
    } else {
        return Err(Error::Usage(format!(
            "`{selector}` is not a selector: use internet, i-…, eni-…, sg-…, tag:Key=Value or service:ad|db|admin"
        )));
    })
}

fn name(graph: &Graph, i: usize) -> String {
    let e = graph.hosts[i].eni;
    match &e.attached_instance_id {
        Some(id) => format!("{id} ({})", e.id),
        None => e.id.clone(),
    }
}

fn write_hops(text: &mut String, graph: &Graph, path: &[Hop]) {
    for h in path {
        let _ = writeln!(
            text,
            "    {} → {} on {}",
            name(graph, h.from),
            name(graph, h.to),
            ports(h)
        );
        for e in &h.evidence {
            let _ = writeln!(text, "        {e}");
        }
    }
}

fn hop_json(graph: &Graph, h: &Hop) -> serde_json::Value {
    json!({
        "from_eni": graph.hosts[h.from].eni.id,
        "from_instance": graph.hosts[h.from].eni.attached_instance_id,
        "to_eni": graph.hosts[h.to].eni.id,
        "to_instance": graph.hosts[h.to].eni.attached_instance_id,
        "ports": h.ports.iter().map(|(p, s)| json!({"protocol": p.cli_name(), "ports": s.display()})).collect::<Vec<_>>(),
        "evidence": h.evidence,
    })
}

fn ports(h: &Hop) -> String {
    h.ports
        .iter()
        .map(|(p, s)| format!("{}/{}", p.cli_name(), s.display()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn run(inventory: &Inventory, config: &Config, req: &Request) -> Result<u8, Error> {
    let (targets_sel, wanted): (&str, Vec<(Protocol, PortSet)>) = match req.to.strip_prefix("service:") {
        Some(class) => {
            let wanted = config.service_class(class).map_err(Error::Usage)?.ok_or_else(|| {
                Error::Usage(format!(
                    "no service class `{class}`: use ad, db, admin or one named in rampart.toml"
                ))
            })?;
            ("", wanted)
        }
        None => (
            req.to,
            vec![(Protocol::Tcp, PortSet::full()), (Protocol::Udp, PortSet::full())],
        ),
    };
    // An address space outside the account: a name from rampart.toml, or a CIDR.
    let space: Option<IntervalSet<u32>> = match config.address_space(req.from).map_err(Error::Usage)? {
        Some(set) => Some(set),
        None => req
            .from
            .parse::<ipnet::Ipv4Net>()
            .ok()
            .map(|n| IntervalSet::from_ranges([rampart_net::address::v4_range(&n)])),
    };
    let regions: Vec<&Region> = inventory
        .regions
        .values()
        .filter(|r| req.region.is_none_or(|n| n == r.name))
        .collect();
    // Regions are independent: search them in parallel, keep their order in the output.
    let results: Vec<RegionOut> = regions
        .par_iter()
        .map(|region| region_paths(inventory, region, req, space.as_ref(), targets_sel, &wanted))
        .collect::<Result<_, _>>()?;
    let mut text = String::new();
    let mut json_paths = Vec::new();
    let mut not_evaluated = Vec::new();
    let mut no_path = Vec::new();
    for r in results {
        text.push_str(&r.text);
        json_paths.extend(r.paths);
        not_evaluated.extend(r.not_evaluated);
        no_path.extend(r.no_path);
    }
    let rendered = match req.format {
        ExposureFormat::Json => rampart_report::envelope::PATHS
            .render(json!({
                "from": req.from, "to": req.to, "max_hops": req.max_hops,
                "paths": json_paths, "not_evaluated": not_evaluated, "no_path": no_path,
            }))
            .unwrap_or_default(),
        ExposureFormat::Text => {
            for n in &not_evaluated {
                let _ = writeln!(
                    text,
                    "{}: not evaluated: {}",
                    n["region"].as_str().unwrap_or(""),
                    n["reason"].as_str().unwrap_or("")
                );
            }
            let _ = writeln!(
                text,
                "{} path(s) from {} to {} in at most {} hop(s)",
                json_paths.len(),
                req.from,
                req.to,
                req.max_hops
            );
            text
        }
    };
    output::stdout(&rendered)?;
    Ok(0)
}

#[derive(Default)]
struct RegionOut {
    text: String,
    paths: Vec<serde_json::Value>,
    not_evaluated: Vec<serde_json::Value>,
    /// Between named hosts with no path: what stops each way (at most a few pairs).
    no_path: Vec<serde_json::Value>,
}

/// Pairs of named hosts explained when no path joins them.
const EXPLAINED_PAIRS: usize = 3;

fn region_paths(
    inventory: &Inventory,
    region: &Region,
    req: &Request,
    space: Option<&IntervalSet<u32>>,
    targets_sel: &str,
    wanted: &[(Protocol, PortSet)],
) -> Result<RegionOut, Error> {
    let mut out = RegionOut::default();
    let lists = PrefixLists::new(&region.prefix_lists);
    let graph = Graph::new(region, &lists);
    for tgw in graph.untraced_transit_gateways() {
        out.not_evaluated.push(json!({"region": region.name, "reason": format!("routes of transit gateway {tgw} were not read: paths through it are not shown")}));
    }
    let targets: Vec<usize> = if targets_sel.is_empty() {
        graph.serving(wanted)
    } else {
        select(&graph, region, targets_sel)?
    };
    if let Some(space) = space {
        for (entry, path) in graph.paths_from_space(space, &targets, wanted, req.max_hops) {
            let last = path.last().map_or(entry.host, |h| h.to);
            let entry_ports: Vec<String> = entry
                .ports
                .iter()
                .map(|(p, s)| format!("{}/{}", p.cli_name(), s.display()))
                .collect();
            let _ = writeln!(
                out.text,
                "{} {} → {} in {} hop(s)",
                region.name,
                req.from,
                name(&graph, last),
                path.len() + 1
            );
            let _ = writeln!(
                out.text,
                "    {} → {} on {}",
                req.from,
                name(&graph, entry.host),
                entry_ports.join(" ")
            );
            for e in &entry.evidence {
                let _ = writeln!(out.text, "        {e}");
            }
            write_hops(&mut out.text, &graph, &path);
            let mut hops = vec![
                json!({"from_eni": null, "from_space": req.from, "to_eni": graph.hosts[entry.host].eni.id,
                "to_instance": graph.hosts[entry.host].eni.attached_instance_id,
                "ports": entry.ports.iter().map(|(p, s)| json!({"protocol": p.cli_name(), "ports": s.display()})).collect::<Vec<_>>(),
                "evidence": entry.evidence}),
            ];
            hops.extend(path.iter().map(|h| hop_json(&graph, h)));
            out.paths
                .push(json!({"region": region.name, "from": req.from, "to": graph.hosts[last].eni.id, "hops": hops}));
        }
        return Ok(out);
    }
    let sources: HashSet<usize> = if req.from == "internet" {
        match analyze_exposure_checked(inventory, region, &lists) {
            Ok(e) => {
                // Interfaces the exposure engine could not judge: paths from them are unknown.
                for (id, reason) in &e.not_evaluated {
                    out.not_evaluated
                        .push(json!({"region": region.name, "resource_id": id, "reason": reason}));
                }
                e.exposures
                    .iter()
                    .filter(|x| !x.eni.requester_managed)
                    .filter_map(|x| graph.index_of(&x.eni.id))
                    .collect()
            }
            Err(reason) => {
                out.not_evaluated.push(json!({"region": region.name, "reason": reason}));
                return Ok(out);
            }
        }
    } else {
        select(&graph, region, req.from)?.into_iter().collect()
    };
    let found = graph.paths(&sources, &targets, wanted, req.max_hops);
    if found.is_empty() && req.from != "internet" {
        // Named hosts and no path: say what stops the direct way and each load balancer's.
        let mut from: Vec<usize> = sources.iter().copied().collect();
        from.sort_unstable();
        for &a in from.iter().take(EXPLAINED_PAIRS) {
            for &b in targets.iter().filter(|&&b| b != a).take(EXPLAINED_PAIRS) {
                let reasons = graph.why_not(a, b, wanted);
                if reasons.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out.text,
                    "{} no path from {} to {}:",
                    region.name,
                    name(&graph, a),
                    name(&graph, b)
                );
                for r in &reasons {
                    let _ = writeln!(out.text, "    {r}");
                }
                out.no_path
                    .push(json!({"region": region.name, "from": graph.hosts[a].eni.id,
                    "to": graph.hosts[b].eni.id, "reasons": reasons}));
            }
        }
    }
    for path in found {
        let (Some(first), Some(last)) = (path.first(), path.last()) else {
            continue;
        };
        let _ = writeln!(
            out.text,
            "{} {} → {} in {} hop(s)",
            region.name,
            name(&graph, first.from),
            name(&graph, last.to),
            path.len()
        );
        for h in &path {
            let _ = writeln!(
                out.text,
                "    {} → {} on {}",
                name(&graph, h.from),
                name(&graph, h.to),
                ports(h)
            );
            for e in &h.evidence {
                let _ = writeln!(out.text, "        {e}");
            }
        }
        out.paths.push(json!({
            "region": region.name,
            "from": graph.hosts[first.from].eni.id,
            "to": graph.hosts[last.to].eni.id,
            "hops": path.iter().map(|h| hop_json(&graph, h)).collect::<Vec<_>>(),
        }));
    }
    Ok(out)
}
