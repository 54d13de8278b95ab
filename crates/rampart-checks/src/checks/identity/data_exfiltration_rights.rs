//! Who may read the account's data wholesale: users and roles allowed, on every resource, the
//! calls that return data rather than describe it (S3 objects, SSM parameters — often secrets,
//! Secrets Manager values, KMS decryption, DynamoDB scans). "Read-only" policies grant several:
//! AWS's `ReadOnlyAccess` and `AmazonS3ReadOnlyAccess` allow `s3:Get*`, `AmazonSSMReadOnlyAccess`
//! allows `ssm:Get*` (AWS Managed Policy Reference). Semantics in `grants.rs` and `rights.rs`.

use rampart_inventory::ResourceKind;

use super::rights::{run as run_rights, Request, Who};
use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub const ACTIONS: [&str; 8] = [
    "s3:GetObject",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
    "kms:Decrypt",
    "dynamodb:Scan",
    "ec2:GetPasswordData",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "data-exfiltration-rights",
        theme: Theme::Identity,
        title: "Principal may read data anywhere",
        severity: Severity::Medium,
        summary: "IAM users and roles allowed, on every resource, to read data rather than describe it: s3:GetObject, ssm:GetParameter(s|ByPath), secretsmanager:GetSecretValue, kms:Decrypt, dynamodb:Scan, ec2:GetPasswordData — including through \"read-only\" policies such as ReadOnlyAccess.",
        rationale: "\"Read-only\" is not harmless: whoever holds these rights (or steals the key or the instance) can copy every object, secret and parameter out of the account without changing anything an alarm watches.",
        remediation: "Grant data reads on the buckets, parameters, secrets and keys a principal needs (resource ARNs, not `*`); give auditors SecurityAudit or ViewOnlyAccess, which describe without reading data.",
        references: &[],
        requires: &[ResourceKind::IamAuthorizationDetails],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    run_rights(
        cx,
        out,
        &Request {
            meta: CHECK.meta,
            actions: &ACTIONS,
            who: Who::Everyone,
            what: "read data anywhere",
        },
    );
}
