//! Who may get into the execution environment: run a shell or commands on instances (Session
//! Manager, Run Command, EC2 Instance Connect), into containers (ECS Exec), or replace a
//! function's code, on every resource. Each is code execution where the workload's own
//! credentials and data are. Semantics in `grants.rs` and `rights.rs`.

use rampart_inventory::ResourceKind;

use super::rights::{run as run_rights, Request, Who};
use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub const ACTIONS: [&str; 5] = [
    "ssm:StartSession",
    "ssm:SendCommand",
    "ec2-instance-connect:SendSSHPublicKey",
    "ecs:ExecuteCommand",
    "lambda:UpdateFunctionCode",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "execution-environment-rights",
        theme: Theme::Identity,
        title: "Principal may run code on any host, container or function",
        severity: Severity::Medium,
        summary: "IAM users and roles allowed, on every resource, ssm:StartSession, ssm:SendCommand, ec2-instance-connect:SendSSHPublicKey, ecs:ExecuteCommand or lambda:UpdateFunctionCode: a shell or code wherever workloads run.",
        rationale: "A shell on an instance is its role's credentials and its data; on `*` it is every instance, including the domain controllers and the databases. These rights should be scoped by tag or resource and held by few.",
        remediation: "Scope the actions to instances, clusters or functions by ARN or by tag (`ssm:resourceTag/…`, `aws:ResourceTag/…`) and grant them through a role assumed for the task.",
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
            what: "run code where workloads run",
        },
    );
}
