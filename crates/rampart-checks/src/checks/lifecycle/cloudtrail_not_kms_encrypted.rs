//! Server-side encryption of CloudTrail logs with a customer managed KMS key (CloudTrail User
//! Guide, "Encrypting CloudTrail log files with AWS KMS keys"): reading the logs then needs
//! `kms:Decrypt` on that key as well as read access to the bucket, and every use is logged.

use rampart_inventory::ResourceKind;

use super::trails::is_home;
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-not-kms-encrypted",
        theme: Theme::Lifecycle,
        title: "CloudTrail logs are not encrypted with a KMS key",
        severity: Severity::Low,
        summary: "Trails without a KMS key (reported once, in the trail's home region).",
        rationale: "The trail records who did what in the account; with only the bucket's default encryption, anyone who can read the bucket reads the logs. A KMS key adds a second, separately granted and audited permission.",
        remediation: "Create a KMS key whose policy lets CloudTrail encrypt and the auditors decrypt, and set it on the trail.",
        references: &[
            Reference { framework: CIS_V3, control: "3.5" },
            Reference { framework: FSBP, control: "CloudTrail.2" },
        ],
        requires: &[ResourceKind::Trails],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for trail in cx
        .region
        .trails
        .iter()
        .filter(|t| t.kms_key_id.is_none() && is_home(t, region))
    {
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::CloudTrail::Trail", &trail.name)
            .message(format!("trail {} is not encrypted with a KMS key", trail.name))
            .evidence("KmsKeyId: not set");
        if let Some(arn) = &trail.arn {
            b = b.arn(arn.clone());
        }
        out.findings.push(
            b.remediation(format!(
                "aws cloudtrail update-trail --region {region} --name {} --kms-key-id KEY_ARN",
                trail.name
            ))
            .remediation("KEY_ARN: a key whose policy allows cloudtrail.amazonaws.com kms:GenerateDataKey* with the trail's encryption context")
            .build(),
        );
    }
}
