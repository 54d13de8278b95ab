use rampart_inventory::ResourceKind;

use super::services_open;
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP, TRUSTED_ADVISOR};
use crate::ports::ADMIN;
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "admin-port-open-to-internet",
        theme: Theme::Ingress,
        title: "Remote administration port open to the whole internet",
        severity: Severity::Critical,
        summary: "Security groups whose ingress rules, taken together, admit every public IPv4 or IPv6 address to SSH (22), Telnet (23), RDP (3389) or WinRM (5985-5986). Split CIDRs (0.0.0.0/1 + 128.0.0.0/1), in one group or across the groups of one interface, port ranges that include these ports, protocol -1 and prefix lists count.",
        rationale: "Administration ports on the internet are scanned within minutes of opening and are the first target of credential stuffing and exploits of the login service. One weak password or unpatched daemon hands over the host.",
        remediation: "Revoke the rules. Reach hosts through AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint, or allow only your administration range.",
        references: &[
            Reference { framework: CIS_V3, control: "5.2" },
            Reference { framework: CIS_V3, control: "5.3" },
            Reference { framework: FSBP, control: "EC2.53" },
            Reference { framework: FSBP, control: "EC2.54" },
            Reference { framework: FSBP, control: "EC2.13" },
            Reference { framework: FSBP, control: "EC2.14" },
            Reference { framework: TRUSTED_ADVISOR, control: "Security Groups - Specific Ports Unrestricted" },
        ],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    services_open(
        cx,
        out,
        CHECK.meta,
        ADMIN,
        "then use Session Manager (`aws ssm start-session --region {region} --target {instance}`) or allow only your administration range, e.g. `aws ec2 authorize-security-group-ingress --region {region} --group-id {group} --protocol {protocol} --port {port} --cidr YOUR_RANGE`",
    );
}
