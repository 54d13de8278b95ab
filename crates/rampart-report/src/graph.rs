//! The exposure graph of the HTML report (`rampart-graph` version 1): the internet, the
//! internet-facing load balancers and hosts it reaches (with the ports, from the exposure
//! engine), the security groups of those hosts, and the lateral paths from them to directory
//! servers (from the lateral engine, as `exposed-host-reaches-directory` judges them).
//!
//! Stored with each scan in the history, so `rampart report` draws a recorded scan's graph
//! without its inventory. Nodes carry a layer (their column in the drawing) so the layout is
//! decided here, deterministically, and tested; the page only draws it.

use std::collections::{BTreeMap, HashSet};

use rampart_checks::checks::lateral::exposed_host_reaches_directory::directory_paths;
use rampart_inventory::{Inventory, NetworkInterface, Region};
use rampart_net::lateral::Graph as Lateral;
use rampart_net::{analyze_exposure_checked, PrefixLists};
use serde::{Deserialize, Serialize};

use crate::exposure_v1::resource;

pub const FORMAT: &str = "rampart-graph";
pub const VERSION: u32 = 1;

/// Beyond this many nodes the drawing is unreadable: the rest are counted, not drawn.
pub const MAX_NODES: usize = 600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposureGraph {
    pub format: String,
    pub version: u32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Nodes left out because the graph had more than [`MAX_NODES`].
    pub omitted: usize,
    /// Regions whose exposure could not be judged, with the reason: absent from the drawing.
    pub not_evaluated: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Internet,
    LoadBalancer,
    /// A host the internet reaches.
    ExposedHost,
    SecurityGroup,
    /// A host on a lateral path, not reachable from the internet itself.
    Host,
    /// A directory server (Kerberos, LDAP, LDAPS or Global Catalog open specifically).
    Directory,
}

impl NodeKind {
    /// The column in the drawing, left to right.
    pub fn layer(self) -> u8 {
        self as u8
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Unique in the graph: `internet`, `lb:REGION:NAME`, `host:REGION:ID`, `sg:REGION:ID`.
    pub id: String,
    pub kind: NodeKind,
    pub layer: u8,
    pub label: String,
    pub region: Option<String>,
    /// The resource id findings name (instance, load balancer, group): clicking the node
    /// shows its findings.
    pub resource: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// The internet reaches a load balancer's listener or a host's port.
    Reaches,
    /// A load balancer forwards to its target.
    Forwards,
    /// A host carries a security group.
    Member,
    /// One hop of a lateral path.
    Lateral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// The ports, e.g. `tcp/22, tcp/443`.
    pub label: String,
}

#[derive(Default)]
struct Builder {
    nodes: BTreeMap<String, Node>,
    /// (from, to, kind) → labels, in order, without repeats.
    edges: BTreeMap<(String, String, EdgeKind), Vec<String>>,
}

impl Builder {
    fn node(
        &mut self,
        id: String,
        kind: NodeKind,
        label: String,
        region: Option<&str>,
        resource: Option<String>,
    ) -> String {
        let n = self.nodes.entry(id.clone()).or_insert_with(|| Node {
            id: id.clone(),
            kind,
            layer: kind.layer(),
            label,
            region: region.map(str::to_owned),
            resource,
        });
        // A host seen both as exposed and on a path (or as a directory) is drawn as the
        // most specific kind: directory > exposed host > host.
        let rank = |k: NodeKind| match k {
            NodeKind::Directory => 3,
            NodeKind::ExposedHost => 2,
            _ => 1,
        };
        if rank(kind) > rank(n.kind) {
            n.kind = kind;
            n.layer = kind.layer();
        }
        id
    }

    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind, label: String) {
        let labels = self.edges.entry((from.to_owned(), to.to_owned(), kind)).or_default();
        if !labels.contains(&label) {
            labels.push(label);
        }
    }

    fn host(&mut self, region: &Region, eni: &NetworkInterface, kind: NodeKind) -> String {
        let (id, _) = resource(eni);
        let name = eni
            .attached_instance_id
            .as_deref()
            .and_then(|i| region.instances.iter().find(|x| x.id == i))
            .and_then(|i| i.tags.get("Name"));
        let label = match name {
            Some(n) => format!("{id} ({n})"),
            None => id.clone(),
        };
        self.node(
            format!("host:{}:{id}", region.name),
            kind,
            label,
            Some(&region.name),
            Some(id),
        )
    }

    fn finish(self, not_evaluated: Vec<String>) -> ExposureGraph {
        let mut nodes: Vec<Node> = self.nodes.into_values().collect();
        nodes.sort_by(|a, b| (a.layer, &a.id).cmp(&(b.layer, &b.id)));
        let omitted = nodes.len().saturating_sub(MAX_NODES);
        nodes.truncate(MAX_NODES);
        let kept: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        let edges = self
            .edges
            .into_iter()
            .filter(|((from, to, _), _)| kept.contains(from.as_str()) && kept.contains(to.as_str()))
            .map(|((from, to, kind), labels)| Edge {
                from,
                to,
                kind,
                label: labels.join(", "),
            })
            .collect();
        ExposureGraph {
            format: FORMAT.to_owned(),
            version: VERSION,
            nodes,
            edges,
            omitted,
            not_evaluated,
        }
    }
}

fn port_label(protocol: rampart_inventory::Protocol, from: u16, to: u16) -> String {
    match protocol {
        rampart_inventory::Protocol::Icmp | rampart_inventory::Protocol::Icmpv6 => protocol.cli_name().to_owned(),
        _ if from == to => format!("{}/{from}", protocol.cli_name()),
        _ => format!("{}/{from}-{to}", protocol.cli_name()),
    }
}

pub fn build(inventory: &Inventory) -> ExposureGraph {
    let mut b = Builder::default();
    let mut not_evaluated = Vec::new();
    for region in inventory.regions.values() {
        let lists = PrefixLists::new(&region.prefix_lists);
        let exposure = match analyze_exposure_checked(inventory, region, &lists) {
            Ok(e) => e,
            Err(reason) => {
                not_evaluated.push(format!("{}: {reason}", region.name));
                continue;
            }
        };
        if exposure.exposures.is_empty() {
            continue;
        }
        let internet = b.node("internet".into(), NodeKind::Internet, "Internet".into(), None, None);
        let groups: BTreeMap<&str, &str> = region
            .security_groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        for e in &exposure.exposures {
            let ports = port_label(e.protocol, e.from_port, e.to_port);
            let (id, kind) = resource(e.eni);
            if kind == "load-balancer" {
                // The load balancer's own nodes: drawn as the load balancer.
                let lb = b.node(
                    format!("lb:{}:{id}", region.name),
                    NodeKind::LoadBalancer,
                    id.clone(),
                    Some(&region.name),
                    Some(id),
                );
                b.edge(&internet, &lb, EdgeKind::Reaches, ports);
                continue;
            }
            let host = b.host(region, e.eni, NodeKind::ExposedHost);
            match &e.via {
                Some(via) => {
                    let name = &via.load_balancer;
                    let lb = b.node(
                        format!("lb:{}:{name}", region.name),
                        NodeKind::LoadBalancer,
                        name.clone(),
                        Some(&region.name),
                        Some(name.clone()),
                    );
                    b.edge(&internet, &lb, EdgeKind::Reaches, format!("tcp/{}", via.listener_port));
                    b.edge(&lb, &host, EdgeKind::Forwards, ports);
                }
                None => b.edge(&internet, &host, EdgeKind::Reaches, ports),
            }
            for g in &e.eni.security_group_ids {
                let label = match groups.get(g.as_str()) {
                    Some(name) => format!("{g} ({name})"),
                    None => g.clone(),
                };
                let sg = b.node(
                    format!("sg:{}:{g}", region.name),
                    NodeKind::SecurityGroup,
                    label,
                    Some(&region.name),
                    Some(g.clone()),
                );
                b.edge(&host, &sg, EdgeKind::Member, String::new());
            }
        }
        lateral(&mut b, region, &lists, &exposure);
    }
    b.finish(not_evaluated)
}

/// Paths from exposed hosts to directory servers, hop by hop.
fn lateral(b: &mut Builder, region: &Region, lists: &PrefixLists, exposure: &rampart_net::RegionExposure) {
    let graph = Lateral::new(region, lists);
    let (exposed, reached) = directory_paths(&graph, exposure);
    for (dc, paths) in reached {
        for path in paths {
            for hop in &path {
                let from_kind = if exposed.contains(&hop.from) {
                    NodeKind::ExposedHost
                } else {
                    NodeKind::Host
                };
                let to_kind = if hop.to == dc {
                    NodeKind::Directory
                } else {
                    NodeKind::Host
                };
                let from = b.host(region, graph.hosts[hop.from].eni, from_kind);
                let to = b.host(region, graph.hosts[hop.to].eni, to_kind);
                let ports: Vec<String> = hop
                    .ports
                    .iter()
                    .map(|(p, s)| format!("{}/{}", p.cli_name(), s.display()))
                    .collect();
                b.edge(&from, &to, EdgeKind::Lateral, ports.join(" "));
            }
        }
    }
}
