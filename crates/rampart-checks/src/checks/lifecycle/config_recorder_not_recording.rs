//! AWS Config recording, per region.
//!
//! AWS semantics (AWS Config Developer Guide, "Managing the configuration recorder"): a region
//! has at most one customer-managed configuration recorder; it records only while its status
//! says `recording: true`, and records every supported resource type only when
//! `recordingGroup.allSupported` is true. CIS 3.3 asks for Config in every region, recording
//! all resource types; FSBP Config.1 the same.

use rampart_inventory::{ConfigRecorder, ResourceKind};

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "config-recorder-not-recording",
        theme: Theme::Lifecycle,
        title: "AWS Config is not recording every resource type",
        severity: Severity::Medium,
        summary: "Regions with no AWS Config recorder, a stopped recorder, or a recorder limited to some resource types.",
        rationale: "Config is the record of what each resource looked like and when it changed: without it a security-group change cannot be dated or undone with confidence.",
        remediation: "Create a recorder for all supported resource types with a delivery channel, and start it.",
        references: &[
            Reference { framework: CIS_V3, control: "3.3" },
            Reference { framework: FSBP, control: "Config.1" },
        ],
        requires: &[ResourceKind::ConfigRecorders],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let start = |name: &str| {
        format!("aws configservice start-configuration-recorder --region {region} --configuration-recorder-name {name}")
    };
    if cx.region.config_recorders.is_empty() {
        out.findings.push(
            account_finding(cx)
                .message(format!("AWS Config has no configuration recorder in {region}"))
                .evidence("describe-configuration-recorders returned no recorder")
                .remediation(format!(
                    "aws configservice put-configuration-recorder --region {region} --configuration-recorder \
                     name=default,roleARN=arn:{}:iam::{}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig \
                     --recording-group allSupported=true,includeGlobalResourceTypes=true",
                    cx.partition(),
                    cx.account
                ))
                .remediation(format!(
                    "aws configservice put-delivery-channel --region {region} --delivery-channel name=default,s3BucketName=CONFIG_BUCKET"
                ))
                .remediation(start("default"))
                .build(),
        );
        return;
    }
    for recorder in &cx.region.config_recorders {
        let Some(recording) = recorder.recording else {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: region.clone(),
                resource_id: Some(recorder.name.clone()),
                reason: "the recorder's status (describe-configuration-recorder-status) was not read".into(),
            });
            continue;
        };
        if !recording {
            out.findings.push(
                recorder_finding(cx, recorder)
                    .message(format!("AWS Config recorder {} in {region} is stopped", recorder.name))
                    .evidence(match &recorder.last_status {
                        Some(s) => format!("recording: false; last status {s}"),
                        None => "recording: false".into(),
                    })
                    .remediation(start(&recorder.name))
                    .key("stopped")
                    .build(),
            );
        } else if !recorder.all_supported {
            out.findings.push(
                recorder_finding(cx, recorder)
                    .message(format!(
                        "AWS Config recorder {} in {region} records only {} resource type(s)",
                        recorder.name,
                        recorder.resource_types.len()
                    ))
                    .severity(Severity::Low)
                    .evidence(format!("allSupported: false; records {}", recorder.resource_types.join(", ")))
                    .remediation(format!(
                        "aws configservice put-configuration-recorder --region {region} --configuration-recorder name={} \
                         --recording-group allSupported=true,includeGlobalResourceTypes=true",
                        recorder.name
                    ))
                    .key("partial")
                    .build(),
            );
        }
    }
}

fn account_finding(cx: &RegionContext) -> crate::finding::FindingBuilder {
    Finding::builder(CHECK.meta, cx.account, &cx.region.name, "AWS::::Account", cx.account)
}

fn recorder_finding(cx: &RegionContext, recorder: &ConfigRecorder) -> crate::finding::FindingBuilder {
    Finding::builder(
        CHECK.meta,
        cx.account,
        &cx.region.name,
        "AWS::Config::ConfigurationRecorder",
        &recorder.name,
    )
}
