//! Who may change the network's controls by hand: people (users, and roles a person can
//! assume) allowed, on every resource, to open security groups, edit network ACLs and routes,
//! or attach an internet gateway. Deployment roles named in `[change_control] deployers` are
//! the intended path (change through code) and are left out; roles only AWS services assume
//! are workloads, not people. Semantics in `grants.rs` and `rights.rs`.

use rampart_inventory::ResourceKind;

use super::rights::{run as run_rights, Request, Who};
use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub const ACTIONS: [&str; 12] = [
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:AuthorizeSecurityGroupEgress",
    "ec2:ModifySecurityGroupRules",
    "ec2:CreateSecurityGroup",
    "ec2:CreateNetworkAclEntry",
    "ec2:ReplaceNetworkAclEntry",
    "ec2:ReplaceNetworkAclAssociation",
    "ec2:CreateRoute",
    "ec2:ReplaceRoute",
    "ec2:AssociateRouteTable",
    "ec2:ReplaceRouteTableAssociation",
    "ec2:AttachInternetGateway",
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "network-controls-changeable-by-people",
        theme: Theme::Identity,
        title: "People may change security groups, network ACLs or routes by hand",
        severity: Severity::Medium,
        summary: "IAM users and person-assumable roles, other than the deployers named in rampart.toml ([change_control] deployers), allowed on every resource to authorize or modify security-group rules, create groups, edit network ACL entries or associations, create or replace routes and route-table associations, or attach internet gateways.",
        rationale: "A rule opened by hand bypasses review and drifts from the code; the same right in a phished session opens the network to the attacker. Network changes should go through the pipeline's role.",
        remediation: "Take the network-changing actions away from people (keep them read-only: ViewOnlyAccess) and name the pipeline's role in rampart.toml: [change_control] deployers = [\"arn:aws:iam::*:role/ci-deploy\"].",
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
            who: Who::People,
            what: "change network controls",
        },
    );
}
