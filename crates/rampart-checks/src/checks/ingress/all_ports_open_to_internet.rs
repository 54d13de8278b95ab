use rampart_inventory::{Protocol, ResourceKind, SgRule};
use rampart_net::sg::rule_touches_internet;
use rampart_net::PortSet;

use super::{headline, opening_finding, wide_open};
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::exposure::{reach, GroupUse};
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP, TRUSTED_ADVISOR};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "all-ports-open-to-internet",
        theme: Theme::Ingress,
        title: "All ports open to the whole internet",
        severity: Severity::Critical,
        summary: "Security groups whose ingress admits every public address on every TCP port or every protocol (-1), including when the internet is split across several rules.",
        rationale: "Every service the host runs, including ones nobody meant to publish (admin consoles, debug ports, databases), is on the internet. The per-service checks are folded into this finding.",
        remediation: "Revoke the rules and allow only the ports the workload serves, from the sources that need them.",
        references: &[
            Reference { framework: FSBP, control: "EC2.18" },
            Reference { framework: TRUSTED_ADVISOR, control: "Security Groups - Unrestricted Access" },
        ],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    for (group, ingress, _) in cx.groups() {
        if !wide_open(ingress) {
            continue;
        }
        let rules: Vec<&SgRule> = group
            .ingress
            .iter()
            .filter(|r| {
                matches!(r.protocol, Protocol::All | Protocol::Tcp) && rule_touches_internet(r, &cx.prefix_lists)
            })
            .collect();
        let used = GroupUse::of(cx, group);
        let what = if ingress.all_protocols() {
            "all traffic"
        } else {
            "every TCP port"
        };
        let opened = [
            (Protocol::Tcp, PortSet::full()),
            (Protocol::Udp, PortSet::full()),
            (Protocol::Icmp, PortSet::full()),
        ];
        let reach = reach(cx, group, &used, &opened);
        let message = format!(
            "{what} open to the whole internet in security group {} ({}){}",
            group.id,
            group.name,
            headline(&reach)
        );
        let b = opening_finding(cx, CHECK.meta, group, message, &rules, &used, &reach);
        out.findings.push(
            b.remediation("then allow only the served ports, e.g. `aws ec2 authorize-security-group-ingress --group-id GROUP_ID --protocol tcp --port 443 --cidr 0.0.0.0/0`")
                .build(),
        );
    }
}
