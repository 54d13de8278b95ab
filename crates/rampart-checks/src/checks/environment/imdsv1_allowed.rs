//! IMDSv1 on instances.
//!
//! AWS semantics (EC2 User Guide, "Configure the instance metadata options"): `HttpTokens:
//! required` allows only IMDSv2 (session tokens obtained with a PUT); `optional` also answers
//! plain GET requests (IMDSv1), which a server-side request forgery can send; `HttpEndpoint:
//! disabled` turns the service off. Role credentials are served only to instances with an
//! instance profile, so without one the stakes are lower. Severity follows exposure: an
//! internet-reachable host is where an SSRF arrives from.

use rampart_inventory::{Instance, ResourceKind};

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "imdsv1-allowed",
        theme: Theme::Environment,
        title: "Instance metadata service answers IMDSv1 requests",
        severity: Severity::High,
        summary: "Instances whose metadata service does not require IMDSv2 session tokens; high when the instance is reachable from the internet and has a role, medium when it has a role, low without one.",
        rationale: "With IMDSv1 one server-side request forgery in a web application returns the instance role's credentials: a bug becomes an account compromise.",
        remediation: "Require IMDSv2 on the instance (and in its launch template), after checking that its software uses a current AWS SDK.",
        references: &[
            Reference { framework: CIS_V3, control: "5.6" },
            Reference { framework: FSBP, control: "EC2.8" },
        ],
        requires: &[ResourceKind::Instances],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for instance in cx
        .region
        .instances
        .iter()
        .filter(|i| i.state != "terminated" && i.state != "shutting-down")
    {
        let Some(md) = &instance.metadata else {
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope: region.clone(),
                resource_id: Some(instance.id.clone()),
                reason: "the describe-instances answer has no MetadataOptions".into(),
            });
            continue;
        };
        if md.http_endpoint.as_deref() == Some("disabled") || md.http_tokens.as_deref() == Some("required") {
            continue;
        }
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", &instance.id)
            .arn(cx.ec2_arn("instance", &instance.id))
            .message(format!("instance {} answers IMDSv1 requests", describe(instance)))
            .evidence(format!(
                "HttpTokens: {}",
                md.http_tokens.as_deref().unwrap_or("not set (optional)")
            ));
        b = match &instance.iam_instance_profile_arn {
            None => b
                .severity(Severity::Low)
                .evidence("no instance profile: no role credentials to steal"),
            Some(profile) => {
                let b = b.evidence(format!("instance profile {profile}"));
                match reachable(cx, instance) {
                    Ok(true) => b.evidence("reachable from the internet (rampart exposure)"),
                    Ok(false) => b.severity(Severity::Medium),
                    Err(reason) => b
                        .severity(Severity::Medium)
                        .evidence(format!("exposure not judged: {reason}")),
                }
            }
        };
        out.findings.push(
            b.remediation(format!(
                "aws ec2 modify-instance-metadata-options --region {region} --instance-id {} --http-tokens required --http-endpoint enabled",
                instance.id
            ))
            .build(),
        );
    }
}

fn reachable(cx: &RegionContext, instance: &Instance) -> Result<bool, String> {
    let exposure = cx.exposure.as_ref().map_err(Clone::clone)?;
    Ok(exposure.exposures.iter().any(|e| {
        e.eni.attached_instance_id.as_deref() == Some(&instance.id)
            || instance.network_interface_ids.contains(&e.eni.id)
    }))
}

fn describe(instance: &Instance) -> String {
    match instance.name() {
        Some(name) => format!("{} ({name})", instance.id),
        None => instance.id.clone(),
    }
}
