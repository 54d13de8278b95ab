//! WorkSpaces access control. AWS semantics (WorkSpaces Administration Guide, "IP access
//! control groups" and "Restrict access"): a directory with no IP access control group
//! accepts connections from any address; with groups, only from their rules' ranges. Device
//! access (`WorkspaceAccessProperties`) says which client types may connect; web access in
//! particular works from any browser, managed or not.

use rampart_inventory::{ResourceKind, WorkspacesIpGroup};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "workspaces-open-access",
        theme: Theme::Access,
        title: "WorkSpaces accept connections from anywhere",
        severity: Severity::Medium,
        summary: "WorkSpaces directories with no IP access control group, or whose groups allow the whole internet.",
        rationale: "A virtual desktop reachable from any address with a password alone is a door that phished credentials open from anywhere in the world.",
        remediation: "Associate an IP access control group with the office and VPN ranges; deny device types that are not managed (web access in particular).",
        references: &[],
        requires: &[ResourceKind::WorkspacesDirectories, ResourceKind::WorkspacesIpGroups],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for dir in &cx.region.workspaces_directories {
        let groups: Vec<&WorkspacesIpGroup> = cx
            .region
            .workspaces_ip_groups
            .iter()
            .filter(|g| dir.ip_group_ids.contains(&g.id))
            .collect();
        let open_rules: Vec<String> = groups
            .iter()
            .flat_map(|g| {
                g.rules
                    .iter()
                    .filter(|r| *r == "0.0.0.0/0")
                    .map(move |r| format!("{} allows {r}", g.id))
            })
            .collect();
        if !dir.ip_group_ids.is_empty() && open_rules.is_empty() {
            continue;
        }
        let allowed: Vec<&str> = dir
            .device_access
            .iter()
            .filter(|(_, v)| v == "ALLOW")
            .map(|(k, _)| k.as_str())
            .collect();
        let mut b = super::directory_finding(cx, CHECK.meta, dir).message(format!(
            "WorkSpaces directory {} accepts connections from any address",
            dir.id
        ));
        b = if dir.ip_group_ids.is_empty() {
            b.evidence("no IP access control group is associated")
        } else {
            open_rules.into_iter().fold(b, |b, line| b.evidence(line))
        };
        if !allowed.is_empty() {
            b = b.evidence(format!("device types allowed: {}", allowed.join(", ")));
        }
        if allowed.contains(&"DeviceTypeWeb") {
            b = b.remediation(format!(
                "aws workspaces modify-workspace-access-properties --region {region} --resource-id {} --workspace-access-properties DeviceTypeWeb=DENY",
                dir.id
            ));
        }
        out.findings.push(
            b.remediation(format!(
                "aws workspaces create-ip-group --region {region} --group-name office --user-rules ipRule=OFFICE_CIDR,ruleDesc=office"
            ))
            .remediation(format!(
                "aws workspaces associate-ip-groups --region {region} --directory-id {} --group-ids IP_GROUP_ID",
                dir.id
            ))
            .build(),
        );
    }
}
