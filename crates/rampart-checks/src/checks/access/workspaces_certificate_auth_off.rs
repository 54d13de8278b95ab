//! Certificate-based authentication on WorkSpaces. AWS semantics (WorkSpaces Administration
//! Guide, "Certificate-based authentication"; API `CertificateBasedAuthProperties.Status`):
//! for directories whose users sign in through a SAML 2.0 identity provider, certificate-based
//! authentication removes the second password prompt by a smart-card-like certificate from AWS
//! Private CA. The status is reported only where the directory supports it; a directory that
//! reports `DISABLED` signs users in to Windows with a domain password.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "workspaces-certificate-auth-off",
        theme: Theme::Access,
        title: "WorkSpaces sign-in without certificate-based authentication",
        severity: Severity::Low,
        summary: "WorkSpaces directories that support certificate-based authentication (SAML 2.0 sign-in) and report it DISABLED.",
        rationale: "Without it, the desktop's Windows sign-in falls back to a domain password that can be phished or sprayed separately from the identity provider's MFA.",
        remediation: "Turn on certificate-based authentication with an AWS Private CA: `aws workspaces modify-certificate-based-auth-properties --resource-id DIRECTORY --certificate-based-auth-properties Status=ENABLED,CertificateAuthorityArn=CA_ARN`.",
        references: &[],
        requires: &[ResourceKind::WorkspacesDirectories],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for dir in &cx.region.workspaces_directories {
        if dir.certificate_based_auth.as_deref() != Some("DISABLED") {
            continue;
        }
        out.findings.push(
            super::directory_finding(cx, CHECK.meta, dir)
                .message(format!(
                    "WorkSpaces directory {} has certificate-based authentication off",
                    dir.id
                ))
                .evidence("CertificateBasedAuthProperties.Status: DISABLED")
                .remediation(format!(
                    "aws workspaces modify-certificate-based-auth-properties --region {region} --resource-id {} \
                     --certificate-based-auth-properties Status=ENABLED,CertificateAuthorityArn=PRIVATE_CA_ARN",
                    dir.id
                ))
                .build(),
        );
    }
}
