use rampart_inventory::{Peer, ResourceKind, SgRule};

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};
use crate::remediate::{describe_rule, revoke, Direction};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "stale-rule-reference",
        theme: Theme::Lifecycle,
        title: "Security group rule refers to a group or prefix list that does not exist",
        severity: Severity::Low,
        summary: "Rules whose source or destination is a security group of this account, or a managed prefix list, that is not in the region. References to other accounts' groups cannot be verified and are not reported.",
        rationale: "A rule that points at nothing is a leftover of a deletion: it documents an intent nobody holds any more and misleads every review of the group.",
        remediation: "Revoke the rule, or point it at the group or list that replaced the deleted one.",
        references: &[],
        requires: &[ResourceKind::SecurityGroups],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let groups: std::collections::HashSet<&str> = cx.region.security_groups.iter().map(|g| g.id.as_str()).collect();
    let lists: std::collections::HashSet<&str> = cx.region.prefix_lists.iter().map(|p| p.id.as_str()).collect();
    let lists_read = cx.coverage.is_read(&cx.region.name, ResourceKind::PrefixLists);
    let mut lists_unchecked = false;
    for group in &cx.region.security_groups {
        let rules = group
            .ingress
            .iter()
            .map(|r| (r, Direction::Ingress))
            .chain(group.egress.iter().map(|r| (r, Direction::Egress)));
        for (rule, direction) in rules {
            let missing = match &rule.peer {
                Peer::Group { group_id, owner_id, .. } => {
                    let ours = owner_id.as_deref().is_none_or(|o| o == cx.account);
                    (ours && !groups.contains(group_id.as_str())).then(|| format!("security group {group_id}"))
                }
                Peer::PrefixList(_) if !lists_read => {
                    lists_unchecked = true;
                    None
                }
                Peer::PrefixList(id) => (!lists.contains(id.as_str())).then(|| format!("prefix list {id}")),
                _ => None,
            };
            let Some(missing) = missing else { continue };
            out.findings.push(finding(cx, group, rule, direction, &missing));
        }
    }
    if lists_unchecked {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: cx.region.name.clone(),
            resource_id: None,
            reason: format!(
                "rules that use prefix lists were not checked: no `{}` output",
                ResourceKind::PrefixLists.cli()
            ),
        });
    }
}

fn finding(
    cx: &RegionContext,
    group: &rampart_inventory::SecurityGroup,
    rule: &SgRule,
    direction: Direction,
    missing: &str,
) -> Finding {
    let mut b = cx
        .group_finding(CHECK.meta, group)
        .message(format!(
            "{} rule of {} ({}) refers to {missing}, which does not exist",
            direction.name(),
            group.id,
            group.name
        ))
        .evidence(format!("{}: {}", direction.name(), describe_rule(rule, direction)))
        .key(format!("{}:{}", direction.name(), rule.peer.display()));
    for cmd in revoke(direction, &cx.region.name, &group.id, &[rule]) {
        b = b.remediation(cmd);
    }
    b.build()
}
