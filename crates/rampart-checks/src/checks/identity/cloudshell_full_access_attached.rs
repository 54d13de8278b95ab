//! AWS CloudShell with full access (CIS 1.22, FSBP IAM.27). AWS semantics (AWS Managed Policy
//! Reference, `AWSCloudShellFullAccess`): the policy allows `cloudshell:*`, including file
//! upload and download from the shell's persistent storage, a path for data out of the account
//! that bypasses the network's controls.

use rampart_inventory::{ResourceKind, GLOBAL};

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudshell-full-access-attached",
        theme: Theme::Identity,
        title: "AWSCloudShellFullAccess is attached",
        severity: Severity::Low,
        summary: "IAM users, groups or roles with AWS's AWSCloudShellFullAccess managed policy attached.",
        rationale: "CloudShell's file transfer moves data between the account and a browser without crossing any network control; full access grants it to everyone who holds the policy.",
        remediation: "Replace AWSCloudShellFullAccess with a policy that allows the shell but denies `cloudshell:GetFileUploadUrls` and `cloudshell:GetFileDownloadUrls`.",
        references: &[
            Reference { framework: CIS_V3, control: "1.22" },
            Reference { framework: FSBP, control: "IAM.27" },
        ],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

const POLICY: &str = ":iam::aws:policy/AWSCloudShellFullAccess";

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let iam = &cx.inventory.global.iam;
    let holders = iam
        .users
        .iter()
        .map(|u| ("user", "AWS::IAM::User", &u.name, &u.arn, &u.attached_policy_arns))
        .chain(
            iam.groups
                .iter()
                .map(|g| ("group", "AWS::IAM::Group", &g.name, &g.arn, &g.attached_policy_arns)),
        )
        .chain(
            iam.roles
                .iter()
                .map(|r| ("role", "AWS::IAM::Role", &r.name, &r.arn, &r.attached_policy_arns)),
        );
    for (kind, resource_type, name, arn, attached) in holders {
        let Some(policy) = attached.iter().find(|a| a.ends_with(POLICY)) else {
            continue;
        };
        out.findings.push(
            Finding::builder(CHECK.meta, cx.account, GLOBAL, resource_type, name)
                .arn(arn.clone())
                .message(format!("IAM {kind} {name} has AWSCloudShellFullAccess"))
                .evidence(format!("attached policy {policy}"))
                .remediation(format!(
                    "aws iam detach-{kind}-policy --{kind}-name {name} --policy-arn {policy}"
                ))
                .build(),
        );
    }
}
