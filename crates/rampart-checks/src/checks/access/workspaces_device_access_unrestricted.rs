//! Which devices may open a WorkSpace. AWS semantics (WorkSpaces Administration Guide,
//! "Restrict access"; API `WorkspaceAccessProperties`): each client type (`DeviceTypeWindows`,
//! `DeviceTypeOsx`, `DeviceTypeWeb`, `DeviceTypeIos`, `DeviceTypeAndroid`, `DeviceTypeChromeOs`,
//! `DeviceTypeZeroClient`, `DeviceTypeLinux`, …) is `ALLOW` or `DENY` per directory. Web access
//! works from any browser on any machine, managed or not; a directory that denies no type lets
//! every personal phone and laptop in. (Restricting to trusted devices by client certificate is
//! not in the describe output, so it is not judged here.)

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "workspaces-device-access-unrestricted",
        theme: Theme::Access,
        title: "WorkSpaces accept any kind of device",
        severity: Severity::Medium,
        summary: "WorkSpaces directories that allow web access (any browser) or deny no client device type at all.",
        rationale: "A desktop reached from an unmanaged laptop or a kiosk browser inherits that device's keyloggers and screen grabbers; restricting client types is the first step to trusted devices only.",
        remediation: "Deny the client types the organisation does not manage, web access first: `aws workspaces modify-workspace-access-properties --resource-id DIRECTORY --workspace-access-properties DeviceTypeWeb=DENY`.",
        references: &[],
        requires: &[ResourceKind::WorkspacesDirectories],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for dir in cx
        .region
        .workspaces_directories
        .iter()
        .filter(|d| d.state.as_deref().is_none_or(|s| s == "REGISTERED"))
    {
        if dir.device_access.is_empty() {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: region.clone(),
                resource_id: Some(dir.id.clone()),
                reason: "the directory's WorkspaceAccessProperties are not in the export".into(),
            });
            continue;
        }
        let allowed: Vec<&str> = dir
            .device_access
            .iter()
            .filter(|(_, v)| v == "ALLOW")
            .map(|(k, _)| k.as_str())
            .collect();
        let web = allowed.contains(&"DeviceTypeWeb");
        let none_denied = allowed.len() == dir.device_access.len();
        if !web && !none_denied {
            continue;
        }
        let mut b = super::directory_finding(cx, CHECK.meta, dir)
            .message(if web {
                format!("WorkSpaces directory {} allows web access from any browser", dir.id)
            } else {
                format!("WorkSpaces directory {} denies no device type", dir.id)
            })
            .evidence(format!("allowed: {}", allowed.join(", ")));
        let mut deny: Vec<String> = Vec::new();
        if web {
            deny.push("DeviceTypeWeb=DENY".into());
        }
        if none_denied {
            b = b.evidence("no device type is denied");
            deny.extend(
                ["DeviceTypeAndroid", "DeviceTypeIos", "DeviceTypeChromeOs"]
                    .iter()
                    .filter(|t| allowed.contains(t))
                    .map(|t| format!("{t}=DENY")),
            );
        }
        b = b.remediation(format!(
            "aws workspaces modify-workspace-access-properties --region {region} --resource-id {} --workspace-access-properties {}   # keep only the types you manage",
            dir.id,
            deny.join(",")
        ));
        out.findings.push(b.build());
    }
}
