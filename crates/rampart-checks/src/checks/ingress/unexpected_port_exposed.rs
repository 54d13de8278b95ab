use rampart_inventory::{Protocol, ResourceKind};
use rampart_net::PortSet;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::{describe_eni, standby_severity};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::ports::{ADMIN, DATABASE};
use crate::registry::{Check, Runner};
use crate::remediate::{revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "unexpected-port-exposed",
        theme: Theme::Ingress,
        title: "Reachable from the internet on a port that is not a web port",
        severity: Severity::High,
        summary: "Hosts and load balancers the exposure engine finds reachable from the internet on TCP ports outside the configured web ports (default 80 and 443), or on any UDP port. Administration, database and sensitive ports are reported by their own checks; ports reached only through a load balancer's listener count as the listener's.",
        rationale: "Every reachable port is a service an attacker can probe: admin consoles, metrics endpoints, message brokers and debug servers are routinely left on alternative ports and found by internet-wide scans within hours.",
        remediation: "Close the port in the security group (or put the service behind the load balancer), or add it to `web_ports` in rampart.toml if it is meant to be public.",
        references: &[Reference { framework: FSBP, control: "EC2.18" }],
        // Not the internet gateways: without them an interface whose subnet routes to no gateway
        // is still judged, and the others are not evaluated one by one (below).
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces, ResourceKind::RouteTables, ResourceKind::NetworkAcls],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let Some(exposure) = crate::exposure::judged(cx, CHECK.meta, out) else {
        return;
    };
    let web = PortSet::from_ranges(cx.config.network.web_ports.iter().map(|&p| (p, p)));
    let sensitive = cx.config.sensitive_ports().unwrap_or_default();
    let covered = |protocol: Protocol| {
        PortSet::from_ranges(
            ADMIN
                .iter()
                .chain(DATABASE)
                .chain(&sensitive)
                .filter(|s| s.protocol == protocol)
                .map(|s| (s.from, s.to)),
        )
    };
    let (tcp_known, udp_known) = (web.union(&covered(Protocol::Tcp)), covered(Protocol::Udp));
    // One finding per interface, listing every unexpected port range.
    let mut by_eni: Vec<(&rampart_inventory::NetworkInterface, Vec<String>)> = Vec::new();
    // Per interface, the unexpected ports: the rules that open them are the ones to revoke.
    let mut extra_of: Vec<(&str, Protocol, PortSet)> = Vec::new();
    for e in exposure.exposures.iter().filter(|e| e.via.is_none()) {
        let known = match e.protocol {
            Protocol::Tcp => &tcp_known,
            Protocol::Udp => &udp_known,
            _ => continue,
        };
        let extra = PortSet::range(e.from_port, e.to_port).intersection(&known.complement());
        if extra.is_empty() {
            continue;
        }
        let from = if e.whole_internet {
            "the whole internet".to_owned()
        } else {
            format!("part of the internet: {}", e.sources.join(", "))
        };
        let line = format!(
            "{}/{} from {from} at {}",
            e.protocol.cli_name(),
            extra.display(),
            e.address
        );
        match by_eni.iter_mut().find(|(eni, _)| eni.id == e.eni.id) {
            Some((_, lines)) => lines.push(line),
            None => by_eni.push((e.eni, vec![line])),
        }
        extra_of.push((&e.eni.id, e.protocol, extra));
    }
    for (eni, lines) in by_eni {
        // Every exposure of an interface shares its state: stopped or detached means not today.
        let standby = exposure
            .exposures
            .iter()
            .find(|e| e.eni.id == eni.id)
            .and_then(|e| e.standby.clone());
        let (kind, resource_type, id) = match &eni.attached_instance_id {
            Some(i) => ("instance", "AWS::EC2::Instance", i.clone()),
            None => ("network-interface", "AWS::EC2::NetworkInterface", eni.id.clone()),
        };
        let mut b = Finding::builder(CHECK.meta, cx.account, &cx.region.name, resource_type, &id)
            .arn(cx.ec2_arn(kind, &id))
            .message(format!(
                "{} is reachable from the internet{} on {}",
                describe_eni(eni),
                standby.as_ref().map(|s| format!(" {}", s.when())).unwrap_or_default(),
                lines
                    .iter()
                    .map(|l| l.split(" from ").next().unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .blast_radius(1);
        if let Some(s) = &standby {
            b = b
                .severity(standby_severity(CHECK.meta.severity))
                .evidence(format!("nothing answers today: reachable {}", s.when()));
        }
        for l in &lines {
            b = b.evidence(format!("reachable: {l}"));
        }
        // A live scan has no folder to query again: then the placeholder says to give one.
        let source = match cx.inventory.source.as_str() {
            s if s.starts_with("live:") || s.is_empty() => "SOURCE".to_owned(),
            s if s.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c)) => s.to_owned(),
            s => format!("'{}'", s.replace('\'', r"'\''")),
        };
        b = b.remediation(format!(
            "find the rules: `rampart sg query {source} --source internet --region {}` and `rampart exposure {source} --resource {id}`",
            cx.region.name
        ));
        let revoke: Vec<String> = opening_rules(cx, eni, &extra_of)
            .into_iter()
            .flat_map(|(group, rules)| revoke(Direction::Ingress, &cx.region.name, group, &rules))
            .collect();
        if revoke.is_empty() {
            b = b.remediation("then revoke them (`aws ec2 revoke-security-group-ingress --group-id GROUP --security-group-rule-ids RULE`), or add the port to `web_ports` in rampart.toml if it is meant to be public");
        } else {
            b = b.remediation(format!(
                "then revoke them (`{}`), or add the port to `web_ports` in rampart.toml if it is meant to be public",
                revoke.join("`; `")
            ));
        }
        out.findings.push(b.build());
    }
}

/// The groups of `eni` with their ingress rules that admit part of the internet on one of its
/// unexpected ports.
fn opening_rules<'a>(
    cx: &'a RegionContext,
    eni: &rampart_inventory::NetworkInterface,
    extra_of: &[(&str, Protocol, PortSet)],
) -> Vec<(&'a str, Vec<&'a rampart_inventory::SgRule>)> {
    let extra: Vec<(Protocol, &PortSet)> = extra_of
        .iter()
        .filter(|(id, _, _)| *id == eni.id)
        .map(|(_, p, set)| (*p, set))
        .collect();
    cx.region
        .security_groups
        .iter()
        .filter(|g| eni.security_group_ids.contains(&g.id))
        .map(|group| {
            let rules: Vec<&rampart_inventory::SgRule> = group
                .ingress
                .iter()
                .filter(|r| rampart_net::sg::rule_touches_internet(r, &cx.prefix_lists))
                .filter(|r| {
                    extra
                        .iter()
                        .any(|(p, set)| rampart_net::sg::rule_matches_ports(r, *p, set))
                })
                .collect();
            (group.id.as_str(), rules)
        })
        .filter(|(_, rules)| !rules.is_empty())
        .collect()
}
