//! Network ACLs that let the internet in on remote-administration ports (CIS 5.1, FSBP
//! EC2.21). AWS semantics (VPC User Guide, "Network ACL rules"): inbound rules are evaluated
//! lowest number first and the first rule that matches the packet's protocol, port and
//! source decides; the `*` rule denies the rest. So what matters is not whether an allow
//! rule names 0.0.0.0/0 but whether, for some public source, the first matching rule for
//! TCP 22 or 3389 allows it. The rules' CIDRs cut the address space into pieces that every
//! rule treats alike; one address of each piece is judged (`rampart-net/src/nacl.rs`), and the
//! admitted pieces are named as CIDRs (`0.0.0.0/0` when the rule admits everything).
//! A NACL is only one of the gates: `admin-port-open-to-internet` judges the whole path.

use rampart_inventory::{NaclCidr, NetworkAcl, Protocol, ResourceKind};
use rampart_net::address::{public_v4, public_v6, v4_range, v6_range, Ipv4Set, Ipv6Set};
use rampart_net::cidr::{v4_cidrs, v6_cidrs};
use rampart_net::nacl::{deciding_rule, Addr};

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

/// Address ranges of IPv4 and of IPv6.
type Pieces = (Vec<(u32, u32)>, Vec<(u128, u128)>);

/// The pieces the rules' CIDRs cut each address space into: within one, every rule agrees.
fn pieces(acl: &NetworkAcl) -> Pieces {
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
    let p4 = v4
        .iter()
        .enumerate()
        .map(|(i, &lo)| (lo, v4.get(i + 1).map_or(u32::MAX, |n| n - 1)))
        .collect();
    let p6 = v6
        .iter()
        .enumerate()
        .map(|(i, &lo)| (lo, v6.get(i + 1).map_or(u128::MAX, |n| n - 1)))
        .collect();
    (p4, p6)
}

/// The sources a NACL admits on TCP `port`, as CIDRs, with the deciding rule numbers, when
/// they include some public address: `0.0.0.0/0` for a rule open to everything, never one
/// sample address.
fn admitted(acl: &NetworkAcl, port: u16) -> Vec<(&'static str, Vec<String>, Vec<u32>)> {
    let (p4, p6) = pieces(acl);
    let mut out = Vec::new();
    let mut rules4 = Vec::new();
    let mut set4 = Ipv4Set::empty();
    for (lo, hi) in p4 {
        if let Some(e) = deciding_rule(acl, false, Addr::V4(lo), Protocol::Tcp, port).filter(|e| e.allow) {
            set4.insert(lo, hi);
            rules4.push(e.rule_number);
        }
    }
    if set4.intersects(public_v4()) {
        rules4.sort_unstable();
        rules4.dedup();
        out.push((
            "IPv4",
            cidrs_or_except(v4_cidrs(&set4), v4_cidrs(&set4.complement()), "0.0.0.0/0"),
            rules4,
        ));
    }
    let mut rules6 = Vec::new();
    let mut set6 = Ipv6Set::empty();
    for (lo, hi) in p6 {
        if let Some(e) = deciding_rule(acl, false, Addr::V6(lo), Protocol::Tcp, port).filter(|e| e.allow) {
            set6.insert(lo, hi);
            rules6.push(e.rule_number);
        }
    }
    if set6.intersects(public_v6()) {
        rules6.sort_unstable();
        rules6.dedup();
        out.push((
            "IPv6",
            cidrs_or_except(v6_cidrs(&set6), v6_cidrs(&set6.complement()), "::/0"),
            rules6,
        ));
    }
    out
}

/// The admitted CIDRs, or `0.0.0.0/0 except …` when the refused ones are the shorter list.
fn cidrs_or_except(admitted: Vec<String>, refused: Vec<String>, all: &str) -> Vec<String> {
    if refused.is_empty() || admitted.len() <= refused.len() {
        return admitted;
    }
    vec![format!("{all} except {}", short(&refused))]
}

/// At most four CIDRs, then how many more.
fn short(cidrs: &[String]) -> String {
    if cidrs.len() <= 4 {
        cidrs.join(", ")
    } else {
        format!("{}, … ({} more)", cidrs[..4].join(", "), cidrs.len() - 4)
    }
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for acl in &cx.region.network_acls {
        let mut open: Vec<String> = Vec::new();
        for (port, name) in ADMIN {
            for (family, cidrs, rules) in admitted(acl, port) {
                let rules: Vec<String> = rules.iter().map(|n| format!("#{n}")).collect();
                open.push(format!(
                    "{name} (tcp/{port}) allowed from {family} {} by inbound rule {}",
                    short(&cidrs),
                    rules.join(", ")
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
