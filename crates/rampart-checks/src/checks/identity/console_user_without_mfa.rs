//! Console users without MFA: `password_enabled` true and `mfa_active` false in the
//! credential report. A password never used is deleted rather than protected.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "console-user-without-mfa",
        theme: Theme::Identity,
        title: "IAM user can sign in to the console without MFA",
        severity: Severity::High,
        summary: "IAM users with a console password and no MFA device.",
        rationale: "A console password alone falls to phishing and password reuse; the console then gives the user's full rights interactively.",
        remediation: "Assign the user an MFA device, or delete the console password of users who do not need the console.",
        references: &[
            Reference { framework: CIS_V3, control: "1.10" },
            Reference { framework: FSBP, control: "IAM.5" },
        ],
        requires: &[ResourceKind::CredentialReport],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    for row in report
        .rows
        .iter()
        .filter(|r| !r.is_root() && r.password_enabled && !r.mfa_active)
    {
        let used = super::last_used(row.password_last_used.as_deref());
        let mut b = super::row_finding(cx, CHECK.meta, report, row)
            .message(format!("IAM user {} has a console password and no MFA", row.user))
            .evidence(format!(
                "password_enabled: true; mfa_active: false; password last used {used}"
            ));
        b = if used == "never" {
            b.remediation(format!("aws iam delete-login-profile --user-name {}", row.user))
        } else {
            b.remediation(format!(
                "aws iam create-virtual-mfa-device --virtual-mfa-device-name {0} --outfile {0}-mfa.png --bootstrap-method QRCodePNG",
                row.user
            ))
            .remediation(format!(
                "aws iam enable-mfa-device --user-name {} --serial-number arn:{}:iam::{}:mfa/{} --authentication-code1 CODE1 --authentication-code2 CODE2",
                row.user,
                cx.partition(),
                cx.account,
                row.user
            ))
        };
        out.findings.push(b.build());
    }
}
