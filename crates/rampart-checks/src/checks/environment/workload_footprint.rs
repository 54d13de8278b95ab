//! The workload footprint of a region, as information: how much runs on EC2 instances (the
//! customer patches and hardens the operating system), on ECS with Fargate (AWS runs the host),
//! on ECS with EC2, and on Lambda (AWS runs everything below the code). It sizes the
//! shared-responsibility burden the other checks speak of. A kind that was not read is named,
//! not counted as zero.

use rampart_inventory::{ResourceKind, Status};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "workload-footprint",
        theme: Theme::Environment,
        title: "Workload footprint: who patches what",
        severity: Severity::Info,
        summary: "Per region with workloads: running EC2 instances, ECS services on Fargate and on EC2, Lambda functions.",
        rationale: "Every instance is an operating system the team must patch, harden and watch; a Fargate task or a function moves that to AWS. Knowing the split says where the patching and hardening effort goes.",
        remediation: "Nothing to fix: move workloads to managed compute (Fargate, Lambda) where it lowers the part the team must patch.",
        references: &[],
        requires: &[ResourceKind::Instances],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let read = |kind| matches!(cx.inventory.coverage.status(region, kind), Status::Read);
    let running = cx.region.instances.iter().filter(|i| i.state == "running").count();
    let services = &cx.region.ecs_services;
    let fargate = services
        .iter()
        .filter(|s| s.launch_type.as_deref() == Some("FARGATE"))
        .count();
    let functions = cx.region.lambda_functions.len();
    if running + services.len() + functions == 0 {
        return;
    }
    let mut parts = vec![format!(
        "{running} running EC2 instance(s): the team patches their operating systems"
    )];
    parts.push(if read(ResourceKind::EcsServices) {
        format!(
            "{} ECS service(s): {fargate} on Fargate, {} on EC2 or external hosts",
            services.len(),
            services.len() - fargate
        )
    } else {
        "ECS services: not read".to_owned()
    });
    parts.push(if read(ResourceKind::LambdaFunctions) {
        format!("{functions} Lambda function(s)")
    } else {
        "Lambda functions: not read".to_owned()
    });
    let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
        .message(format!(
            "{region}: {running} instance(s), {} ECS service(s), {functions} function(s)",
            services.len()
        ))
        .blast_radius(running);
    for p in parts {
        b = b.evidence(p);
    }
    out.findings.push(b.remediation(CHECK.meta.remediation).build());
}
