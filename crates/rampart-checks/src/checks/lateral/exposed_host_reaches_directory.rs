use std::collections::HashSet;

use rampart_inventory::ResourceKind;
use rampart_net::lateral::{Graph, Hop};
use rampart_net::RegionExposure;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::ports::{wanted, AD, AD_SIGNATURE};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "exposed-host-reaches-directory",
        theme: Theme::Lateral,
        title: "Internet-exposed host can reach a directory server",
        severity: Severity::High,
        summary: "Directory servers (hosts whose security groups admit Kerberos, LDAP, LDAPS or Global Catalog) that a host reachable from the internet — directly or through a load balancer — can reach on Active Directory ports, in at most three hops, with each hop's rules, NACLs and VPC connection.",
        rationale: "A compromised internet-facing host is one hop from the domain: Kerberoasting, LDAP enumeration, SMB relay and password spraying against domain controllers turn one web bug into the whole Windows estate.",
        remediation: "Let only the hosts that need the directory reach it: replace wide CIDR sources (the VPC, 10.0.0.0/8) on the directory's groups with the security groups of domain members, and keep internet-facing tiers out of them.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces, ResourceKind::RouteTables, ResourceKind::NetworkAcls, ResourceKind::InternetGateways],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

const MAX_HOPS: usize = 3;

/// A directory server (host index) and the hop-by-hop paths that reach it.
pub type DirectoryPaths = (usize, Vec<Vec<Hop>>);

/// The paths this check judges: from every internet-exposed host someone could run code behind
/// (requester-managed interfaces — load balancer nodes, NAT gateways, endpoints — are AWS's,
/// not a pivot) to each directory server, on Active Directory ports, in at most three hops.
/// Returns the exposed hosts and, per directory server reached, its paths. The exposure graph
/// of the HTML report draws the same paths.
pub fn directory_paths(graph: &Graph, exposure: &RegionExposure) -> (HashSet<usize>, Vec<DirectoryPaths>) {
    let exposed: HashSet<usize> = exposure
        .exposures
        .iter()
        .filter(|e| !e.eni.requester_managed)
        .filter_map(|e| graph.index_of(&e.eni.id))
        .collect();
    if exposed.is_empty() {
        return (exposed, Vec::new());
    }
    let ad = wanted(AD);
    let reached = graph
        .serving(&wanted(AD_SIGNATURE))
        .into_iter()
        .map(|dc| (dc, graph.paths(&exposed, &[dc], &ad, MAX_HOPS)))
        .filter(|(_, paths)| !paths.is_empty())
        .collect();
    (exposed, reached)
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    // A host whose exposure could not be judged may be a way in: not a clean path set.
    let Some(exposure) = crate::exposure::judged(cx, CHECK.meta, out) else {
        return;
    };
    let graph = Graph::new(cx.region, &cx.prefix_lists);
    for tgw in graph.untraced_transit_gateways() {
        out.not_evaluated.push(crate::engine::NotEvaluated {
            check_id: CHECK.meta.id,
            scope: cx.region.name.clone(),
            resource_id: Some(tgw.to_owned()),
            reason: format!("routes of transit gateway {tgw} were not read: paths through it are not shown"),
        });
    }
    let (_, reached) = directory_paths(&graph, exposure);
    for (dc, paths) in reached {
        let host = graph.hosts[dc].eni;
        let name = host.attached_instance_id.clone().unwrap_or_else(|| host.id.clone());
        let (kind, resource_type, id) = match &host.attached_instance_id {
            Some(i) => ("instance", "AWS::EC2::Instance", i.as_str()),
            None => ("network-interface", "AWS::EC2::NetworkInterface", host.id.as_str()),
        };
        let mut b = Finding::builder(CHECK.meta, cx.account, &cx.region.name, resource_type, id)
            .arn(cx.ec2_arn(kind, id))
            .message(format!(
                "directory server {} ({}) is reachable on Active Directory ports from {} internet-exposed host(s)",
                name,
                host.id,
                paths.len()
            ))
            .blast_radius(paths.len());
        for path in paths.iter().take(5) {
            let first = &graph.hosts[path[0].from];
            let hops: Vec<String> = path
                .iter()
                .map(|h| {
                    let to = &graph.hosts[h.to];
                    let ports: Vec<String> = h
                        .ports
                        .iter()
                        .map(|(p, s)| format!("{}/{}", p.cli_name(), s.display()))
                        .collect();
                    format!(
                        "→ {} ({}) on {}",
                        to.eni.attached_instance_id.as_deref().unwrap_or(&to.eni.id),
                        to.eni.id,
                        ports.join(" ")
                    )
                })
                .collect();
            b = b.evidence(format!(
                "from internet-exposed {} ({}) {}",
                first.eni.attached_instance_id.as_deref().unwrap_or(&first.eni.id),
                first.eni.id,
                hops.join(" ")
            ));
            if let Some(last) = path.last() {
                b = b.evidence(format!("    {}", last.evidence.join("; ")));
            }
        }
        b = b.remediation(format!(
            "see who the directory's groups admit: `aws ec2 describe-security-groups --region {} --group-ids {}`",
            cx.region.name,
            host.security_group_ids.join(" ")
        ));
        // The directory's group that admits LDAP from addresses (else its first group): where
        // the members' group goes instead. The members' group is the operator's to name.
        let ldap = rampart_net::PortSet::range(389, 389);
        let dc_group = host
            .security_group_ids
            .iter()
            .find(|id| {
                cx.region.security_groups.iter().any(|g| {
                    g.id == **id
                        && g.ingress.iter().any(|r| {
                            matches!(
                                r.peer,
                                rampart_inventory::Peer::Ipv4(_) | rampart_inventory::Peer::Ipv6(_)
                            ) && rampart_net::sg::rule_matches_ports(r, rampart_inventory::Protocol::Tcp, &ldap)
                        })
                })
            })
            .or(host.security_group_ids.first())
            .map_or("DC_GROUP", String::as_str);
        b = b.remediation(format!("then replace CIDR sources with the domain members' security group: `aws ec2 authorize-security-group-ingress --region {} --group-id {dc_group} --protocol tcp --port 389 --source-group MEMBERS_GROUP` and revoke the CIDR rule", cx.region.name));
        out.findings.push(b.build());
    }
}
