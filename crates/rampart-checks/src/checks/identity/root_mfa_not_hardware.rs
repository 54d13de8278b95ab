//! Root's MFA kind (CIS 1.6, FSBP IAM.6). AWS semantics (IAM User Guide, "Using MFA"):
//! `list-virtual-mfa-devices` lists the account's virtual (authenticator-app) devices with
//! the user each is assigned to; root's is assigned to `arn:aws:iam::ACCOUNT:root`. When root
//! has MFA (credential report `mfa_active`) and a virtual device is assigned to root, root's
//! second factor is an app on a phone, not a hardware key or passkey.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "root-mfa-not-hardware",
        theme: Theme::Identity,
        title: "Root user's MFA is a virtual device",
        severity: Severity::Medium,
        summary: "The root user has MFA, but it is a virtual (authenticator app) device rather than a hardware key or passkey.",
        rationale: "An authenticator app lives on a phone that is lost, backed up to the cloud and phished in real time; root deserves a hardware key kept in a safe.",
        remediation: "Sign in as root and replace the virtual device with a FIDO2 security key (or a hardware TOTP token) under Security credentials.",
        references: &[
            Reference { framework: CIS_V3, control: "1.6" },
            Reference { framework: FSBP, control: "IAM.6" },
        ],
        requires: &[ResourceKind::CredentialReport, ResourceKind::VirtualMfaDevices],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    let Some(root) = report.rows.iter().find(|r| r.is_root() && r.mfa_active) else {
        return;
    };
    let Some(device) = cx
        .inventory
        .global
        .mfa_devices
        .iter()
        .find(|d| d.user_arn.as_deref().is_some_and(|a| a.ends_with(":root")))
    else {
        return;
    };
    out.findings.push(
        super::row_finding(cx, CHECK.meta, report, root)
            .message(format!("the root user of account {} uses a virtual MFA device", cx.account))
            .evidence(format!(
                "virtual MFA device {} is assigned to root{}",
                device.serial_number,
                device.enable_date.as_deref().map(|d| format!(", enabled {d}")).unwrap_or_default()
            ))
            .remediation("only root can do this: sign in as root, Security credentials, assign a security key (FIDO2) or hardware TOTP device, then remove the virtual one")
            .build(),
    );
}
