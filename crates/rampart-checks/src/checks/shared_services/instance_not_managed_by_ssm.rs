//! Systems Manager coverage. AWS semantics (Systems Manager User Guide, "Managed nodes"):
//! `describe-instance-information` lists the nodes whose SSM Agent has registered; `PingStatus`
//! is `Online` while the agent checks in, `ConnectionLost` or `Inactive` otherwise. A running
//! instance not listed, or not online, cannot be patched, inventoried or reached through
//! Session Manager. Stopped instances are not judged (their agent cannot check in).

use std::collections::HashMap;

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "instance-not-managed-by-ssm",
        theme: Theme::SharedServices,
        title: "Running instance not managed by Systems Manager",
        severity: Severity::Medium,
        summary: "Running EC2 instances that Systems Manager does not list as managed, or whose agent is not online.",
        rationale: "An instance Systems Manager cannot reach is patched by hand or not at all, and is invisible to patch compliance and inventory.",
        remediation: "Attach an instance profile with AmazonSSMManagedInstanceCore (or turn on Default Host Management Configuration), and make sure the agent can reach the SSM endpoints.",
        references: &[Reference { framework: FSBP, control: "SSM.1" }],
        requires: &[ResourceKind::Instances, ResourceKind::SsmManagedInstances],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let managed: HashMap<&str, Option<&str>> = cx
        .region
        .ssm_managed_instances
        .iter()
        .map(|m| (m.instance_id.as_str(), m.ping_status.as_deref()))
        .collect();
    for instance in cx.region.instances.iter().filter(|i| i.state == "running") {
        let evidence = match managed.get(instance.id.as_str()) {
            Some(Some("Online")) => continue,
            Some(status) => format!("Systems Manager knows it, ping status {}", status.unwrap_or("unknown")),
            None => "not in describe-instance-information".to_owned(),
        };
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", &instance.id)
            .arn(cx.ec2_arn("instance", &instance.id))
            .message(format!(
                "instance {} is not managed by Systems Manager",
                super::describe(instance)
            ))
            .evidence(evidence);
        b = match &instance.iam_instance_profile_arn {
            None => b.evidence("no instance profile").remediation(format!(
                "aws ec2 associate-iam-instance-profile --region {region} --instance-id {} --iam-instance-profile Name=SSM_PROFILE \
                 (a profile whose role has arn:{}:iam::aws:policy/AmazonSSMManagedInstanceCore)",
                instance.id,
                cx.partition()
            )),
            Some(profile) => b.evidence(format!("instance profile {profile}")).remediation(format!(
                "aws iam attach-role-policy --role-name ROLE_OF_THE_PROFILE --policy-arn \
                 arn:{}:iam::aws:policy/AmazonSSMManagedInstanceCore; then check the agent runs and reaches ssm, ssmmessages and ec2messages",
                cx.partition()
            )),
        };
        out.findings.push(b.build());
    }
}
