use std::collections::BTreeSet;

use rampart_inventory::{NetworkInterface, Peer, Protocol, Region, ResourceKind};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};
use crate::remediate::{describe_rule, revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "shared-self-referencing-group",
        theme: Theme::Lateral,
        title: "Allow-all self-referencing group shared by unrelated workloads",
        severity: Severity::Medium,
        summary: "Non-default security groups that admit all traffic from their own members (the default group's pattern) and are attached to more than one workload. A workload is told apart by its instance's CloudFormation stack, Auto Scaling group, Application/App/Service/Workload tag, or Name tag; other interfaces by their description.",
        rationale: "A self-reference is meant for the members of one cluster. Shared across workloads it becomes a flat network: every host that joins the group, for any reason, can reach every port of every other.",
        remediation: "Give each workload its own group and replace the self-reference with the ports the cluster uses between its members.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces, ResourceKind::Instances],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

const WORKLOAD_TAGS: &[&str] = &[
    "aws:cloudformation:stack-name",
    "aws:autoscaling:groupName",
    "Application",
    "App",
    "Service",
    "Workload",
    "Name",
];

/// What workload an interface serves, as a short label.
fn workload(region: &Region, eni: &NetworkInterface) -> String {
    if let Some(instance) = eni
        .attached_instance_id
        .as_deref()
        .and_then(|id| region.instances.iter().find(|i| i.id == id))
    {
        for key in WORKLOAD_TAGS {
            if let Some(v) = instance.tags.get(*key) {
                return format!("{key}={v}");
            }
        }
        return instance.id.clone();
    }
    eni.description
        .as_deref()
        .filter(|d| !d.is_empty())
        .unwrap_or(&eni.id)
        .to_owned()
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    for group in cx.region.security_groups.iter().filter(|g| !g.is_default()) {
        let Some(rule) = group.ingress.iter().find(|r| {
            r.protocol == Protocol::All && matches!(&r.peer, Peer::Group { group_id, .. } if group_id == &group.id)
        }) else {
            continue;
        };
        let interfaces = cx.attachments.interfaces(&group.id);
        let workloads: BTreeSet<String> = interfaces.iter().map(|e| workload(cx.region, e)).collect();
        if workloads.len() < 2 {
            continue;
        }
        let list: Vec<&str> = workloads.iter().map(String::as_str).collect();
        let mut b = cx
            .group_finding(CHECK.meta, group)
            .message(format!(
                "{} ({}) admits all traffic between its members, and {} unrelated workloads share it",
                group.id,
                group.name,
                workloads.len()
            ))
            .blast_radius(interfaces.len())
            .evidence(format!("rule: {}", describe_rule(rule, Direction::Ingress)))
            .evidence(format!("workloads: {}", list.join(", ")));
        b = b.remediation("first create one group per workload with the ports its members use between them");
        for cmd in revoke(Direction::Ingress, &cx.region.name, &group.id, &[rule]) {
            b = b.remediation(cmd);
        }
        out.findings.push(b.build());
    }
}
