//! Log-file integrity validation (CloudTrail User Guide, "Validating CloudTrail log file
//! integrity"): with it on, CloudTrail delivers signed digest files that prove whether a log
//! file was changed or deleted after delivery.

use rampart_inventory::ResourceKind;

use super::trails::is_home;
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "cloudtrail-log-validation-off",
        theme: Theme::Lifecycle,
        title: "CloudTrail log-file validation is off",
        severity: Severity::Medium,
        summary: "Trails without log-file integrity validation (reported once, in the trail's home region).",
        rationale: "An intruder with access to the log bucket can edit or delete the record of what they did; digest files make that detectable.",
        remediation: "Turn on log-file validation for the trail.",
        references: &[
            Reference { framework: CIS_V3, control: "3.2" },
            Reference { framework: FSBP, control: "CloudTrail.4" },
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
        .filter(|t| !t.log_file_validation && is_home(t, region))
    {
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::CloudTrail::Trail", &trail.name)
            .message(format!("trail {} does not validate its log files", trail.name))
            .evidence("LogFileValidationEnabled: false");
        if let Some(arn) = &trail.arn {
            b = b.arn(arn.clone());
        }
        out.findings.push(
            b.remediation(format!(
                "aws cloudtrail update-trail --region {region} --name {} --enable-log-file-validation",
                trail.name
            ))
            .build(),
        );
    }
}
