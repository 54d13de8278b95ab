//! The environment around the workloads: threat detection, monitoring, patching.

pub mod auto_scaling_group_without_max_lifetime;
pub mod guardduty_disabled;
pub mod guardduty_high_findings_open;
pub mod guardduty_malware_protection_off;
pub mod imdsv1_allowed;
pub mod instance_outside_auto_scaling;
pub mod instance_without_cloudwatch_agent;
pub mod lambda_runtime_deprecated;
pub mod workload_footprint;

use crate::context::RegionContext;
use crate::finding::{Finding, FindingBuilder};
use crate::meta::CheckMeta;

/// A finding about a GuardDuty detector, with its ARN (Service Authorization Reference:
/// `arn:${Partition}:guardduty:${Region}:${Account}:detector/${DetectorId}`).
fn detector_finding(cx: &RegionContext, meta: &'static CheckMeta, detector_id: &str) -> FindingBuilder {
    let region = &cx.region.name;
    Finding::builder(meta, cx.account, region, "AWS::GuardDuty::Detector", detector_id).arn(format!(
        "arn:{}:guardduty:{region}:{}:detector/{detector_id}",
        cx.partition(),
        cx.account
    ))
}
