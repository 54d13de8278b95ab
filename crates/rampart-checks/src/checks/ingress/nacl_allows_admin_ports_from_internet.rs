//! Network ACLs that let the internet in on remote-administration ports (CIS 5.1, FSBP
//! EC2.21). AWS semantics (VPC User Guide, "Network ACL rules"): inbound rules are evaluated
//! lowest number first and the first rule that matches the packet's protocol, port and
//! source decides; the `*` rule denies the rest. So what matters is not whether an allow
//! rule names 0.0.0.0/0 but whether, for some public source, the first matching rule for
//! TCP 22 or 3389 allows it. The rules' CIDRs cut the address space into pieces that every
//! rule treats alike; one public address of each piece is judged (`rampart-net/src/nacl.rs`).
//! A NACL is only one of the gates: `admin-port-open-to-internet` judges the whole path.

use rampart_inventory::{NaclCidr, NetworkAcl, Protocol, ResourceKind};
use rampart_net::address::{public_v4, public_v6, v4_range, v6_range};
use rampart_net::nacl::{allowed_ports, Addr};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "nacl-allows-admin-ports-from-internet",
        theme: Theme::Ingress,
        title: "Network ACL admits the internet on SSH or RDP",
        severity: Severity::Medium,
        summary: "Network ACLs whose inbound rules, evaluated in order, allow TCP 22 or 3389 from some public address.",
        rationale: "The network ACL is the subnet's second gate: when it admits administration ports from anywhere, a single security-group mistake on any host in the subnet exposes it.",
        remediation: "Add a lower-numbered deny for TCP 22 and 3389 from 0.0.0.0/0 and ::/0 (before the allow), and reach hosts through Session Manager or a VPN range instead.",
        references: &[
            Reference { framework: CIS_V3, control: "5.1" },
            Reference { framework: FSBP, control: "EC2.21" },
        ],
        requires: &[ResourceKind::NetworkAcls],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

const ADMIN: [(u16, &str); 2] = [(22, "SSH"), (3389, "RDP")];

/// One public address in each piece of the address space that the rules cut, IPv4 then IPv6.
fn representatives(acl: &NetworkAcl) -> Vec<Addr> {
    let (mut v4, mut v6): (Vec<u32>, Vec<u128>) = (vec![0], vec![0]);
    for e in &acl.entries {
        match e.cidr {
            NaclCidr::Ipv4(n) => {
                let (lo, hi) = v4_range(&n);
                v4.push(lo);
                v4.extend(hi.checked_add(1));
            }
            NaclCidr::Ipv6(n) => {
                let (lo, hi) = v6_range(&n);
                v6.push(lo);
                v6.extend(hi.checked_add(1));
            }
        }
    }
    v4.sort_unstable();
    v4.dedup();
    v6.sort_unstable();
    v6.dedup();
    let mut out = Vec::new();
    // Within [cut, next cut) every rule agrees; any public address in it stands for all.
    for (i, &lo) in v4.iter().enumerate() {
        let hi = v4.get(i + 1).map_or(u32::MAX, |n| n - 1);
        if let Some(a) = first_public(public_v4().ranges(), lo, hi) {
            out.push(Addr::V4(a));
        }
    }
    for (i, &lo) in v6.iter().enumerate() {
        let hi = v6.get(i + 1).map_or(u128::MAX, |n| n - 1);
        if let Some(a) = first_public(public_v6().ranges(), lo, hi) {
            out.push(Addr::V6(a));
        }
    }
    out
}

fn first_public<T: Copy + Ord>(public: &[(T, T)], lo: T, hi: T) -> Option<T> {
    public
        .iter()
        .find(|(a, b)| *a <= hi && lo <= *b)
        .map(|(a, _)| if *a > lo { *a } else { lo })
}

fn show(a: Addr) -> String {
    match a {
        Addr::V4(x) => std::net::Ipv4Addr::from(x).to_string(),
        Addr::V6(x) => std::net::Ipv6Addr::from(x).to_string(),
    }
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for acl in &cx.region.network_acls {
        let reps = representatives(acl);
        let mut open: Vec<String> = Vec::new();
        for (port, name) in ADMIN {
            // The first public source that gets through, with the rule that lets it.
            let hit = reps.iter().find_map(|&a| {
                let (ports, rules) = allowed_ports(acl, false, a, Protocol::Tcp);
                ports.contains(port).then_some((a, rules))
            });
            if let Some((a, rules)) = hit {
                let family = if matches!(a, Addr::V4(_)) { "IPv4" } else { "IPv6" };
                open.push(format!(
                    "{name} (tcp/{port}) allowed from {family} public address {} by inbound rule {}",
                    show(a),
                    rules.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if open.is_empty() {
            continue;
        }
        let subnets = if acl.subnet_ids.is_empty() {
            "no subnet".to_owned()
        } else {
            acl.subnet_ids.join(", ")
        };
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::NetworkAcl", &acl.id)
            .arn(cx.ec2_arn("network-acl", &acl.id))
            .message(format!(
                "network ACL {} ({subnets}) admits the internet on remote-administration ports",
                acl.id
            ))
            .blast_radius(acl.subnet_ids.len());
        for line in open {
            b = b.evidence(line);
        }
        if acl.subnet_ids.is_empty() {
            b = b.severity(Severity::Low).evidence("associated with no subnet");
        }
        // Free rule numbers below the lowest allow: 1 and 2 are rarely taken.
        for (n, (port, _)) in ADMIN.iter().enumerate() {
            b = b.remediation(format!(
                "aws ec2 create-network-acl-entry --region {region} --network-acl-id {} --ingress --rule-number {} --protocol tcp --port-range From={port},To={port} --cidr-block 0.0.0.0/0 --rule-action deny",
                acl.id,
                n + 1
            ));
            b = b.remediation(format!(
                "aws ec2 create-network-acl-entry --region {region} --network-acl-id {} --ingress --rule-number {} --protocol tcp --port-range From={port},To={port} --ipv6-cidr-block ::/0 --rule-action deny",
                acl.id,
                n + 3
            ));
        }
        out.findings.push(b.build());
    }
}
