//! Network ACLs (Amazon VPC user guide, "Control subnet traffic with network access control
//! lists"; EC2 API `NetworkAclEntry`):
//! - Each subnet is associated with exactly one NACL (the VPC's default one unless another is
//!   associated). A NACL filters traffic entering and leaving the subnet, not traffic inside it.
//! - Rules are processed in ascending rule number; the first rule that matches decides; if none
//!   matches, the packet is denied (the `*` rule).
//! - A rule's port range matches the packet's *destination* port. Protocol `-1`, or a number
//!   other than 6, 17, 1 (and 58 for ICMPv6), matches every port.
//! - An ICMP rule matches the types and codes of its `IcmpTypeCode` (`-1` = all), as a
//!   security-group ICMP rule does: "ICMP type 8" passes echo requests and nothing else. Types
//!   and codes are one value here ([`crate::icmp`]), so they are sets like ports.
//! - NACLs are stateless: the reply to an allowed inbound connection must itself be allowed
//!   outbound. Its destination port is the client's source port, which the client chooses: a
//!   reply gets out when *some* client port is allowed back to that address.

use rampart_inventory::{NaclCidr, NaclEntry, NetworkAcl, Ports, Protocol, Region};

use crate::address::{v4_range, v6_range};
use crate::interval::PortSet;

/// The NACL a subnet is associated with, else the VPC's default NACL.
pub fn acl_for_subnet<'a>(region: &'a Region, subnet_id: &str, vpc_id: &str) -> Option<&'a NetworkAcl> {
    region
        .network_acls
        .iter()
        .find(|a| a.subnet_ids.iter().any(|s| s == subnet_id))
        .or_else(|| region.network_acls.iter().find(|a| a.is_default && a.vpc_id == vpc_id))
}

/// An address of either family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addr {
    V4(u32),
    V6(u128),
}

fn matches_addr(entry: &NaclEntry, addr: Addr) -> bool {
    match (entry.cidr, addr) {
        (NaclCidr::Ipv4(n), Addr::V4(a)) => {
            let (lo, hi) = v4_range(&n);
            lo <= a && a <= hi
        }
        (NaclCidr::Ipv6(n), Addr::V6(a)) => {
            let (lo, hi) = v6_range(&n);
            lo <= a && a <= hi
        }
        _ => false,
    }
}

/// The ports of `protocol` a NACL rule matches; for ICMP, its encoded types and codes.
fn entry_ports(entry: &NaclEntry, protocol: Protocol) -> Option<PortSet> {
    match entry.protocol {
        Protocol::All => Some(PortSet::full()),
        p @ (Protocol::Icmp | Protocol::Icmpv6) if p == protocol => Some(crate::icmp::codes(entry.ports)),
        p if p == protocol => match entry.ports {
            Ports::Range { from, to } => Some(PortSet::range(from, to)),
            _ => Some(PortSet::full()),
        },
        _ => None,
    }
}

/// The rule that decides a packet of `protocol` to `port` (for ICMP, an encoded type and
/// code) from (inbound) or to (outbound) `addr`: the first match by number; None when only
/// the final `*` rule matches (which denies).
pub fn deciding_rule(acl: &NetworkAcl, egress: bool, addr: Addr, protocol: Protocol, port: u16) -> Option<&NaclEntry> {
    rules(acl, egress)
        .into_iter()
        .find(|e| matches_addr(e, addr) && entry_ports(e, protocol).is_some_and(|p| p.contains(port)))
}

/// A NACL rule as the console lists it: `#50 deny tcp 22 from 0.0.0.0/0`.
pub fn describe_entry(e: &NaclEntry) -> String {
    let what = match (e.protocol, e.ports) {
        (Protocol::All, _) => "all traffic".to_owned(),
        (p @ (Protocol::Icmp | Protocol::Icmpv6), ports) => {
            let c = crate::icmp::codes(ports);
            let (lo, hi) = c.ranges().first().copied().unwrap_or((0, u16::MAX));
            format!("{} {}", p.cli_name(), crate::icmp::describe(lo, hi))
        }
        (p, Ports::Range { from, to }) if from == to => format!("{} {from}", p.cli_name()),
        (p, Ports::Range { from, to }) => format!("{} {from}-{to}", p.cli_name()),
        (p, _) => format!("{} all", p.cli_name()),
    };
    let cidr = match e.cidr {
        NaclCidr::Ipv4(n) => n.to_string(),
        NaclCidr::Ipv6(n) => n.to_string(),
    };
    let (action, dir) = (
        if e.allow { "allow" } else { "deny" },
        if e.egress { "to" } else { "from" },
    );
    // Rule 32767 is the `*` rule AWS adds; number it as the console shows it.
    let n = if e.rule_number >= 32767 {
        "*".to_owned()
    } else {
        format!("#{}", e.rule_number)
    };
    format!("{n} {action} {what} {dir} {cidr}")
}

/// Rules of one direction, lowest number first. The importer stores them sorted; sorting
/// here happens only for an inventory that was not.
fn rules(acl: &NetworkAcl, egress: bool) -> Vec<&NaclEntry> {
    let mut v: Vec<&NaclEntry> = acl.entries.iter().filter(|e| e.egress == egress).collect();
    if !v.is_sorted_by_key(|e| e.rule_number) {
        v.sort_by_key(|e| e.rule_number);
    }
    v
}

/// Destination ports of `protocol` a packet from (inbound) or to (outbound) `addr` may use,
/// with the numbers of the allow rules that decided them.
pub fn allowed_ports(acl: &NetworkAcl, egress: bool, addr: Addr, protocol: Protocol) -> (PortSet, Vec<u32>) {
    let mut remaining = PortSet::full();
    let mut allowed = PortSet::empty();
    let mut deciding = Vec::new();
    for e in rules(acl, egress) {
        if remaining.is_empty() {
            break;
        }
        if !matches_addr(e, addr) {
            continue;
        }
        let Some(ports) = entry_ports(e, protocol) else {
            continue;
        };
        let hit = remaining.intersection(&ports);
        if hit.is_empty() {
            continue;
        }
        if e.allow {
            allowed = allowed.union(&hit);
            deciding.push(e.rule_number);
        }
        remaining = remaining.intersection(&ports.complement());
    }
    (allowed, deciding)
}

/// Every boundary the NACL's CIDRs draw in each address space.
pub fn boundaries(acl: &NetworkAcl, v4: &mut Vec<(u32, u32)>, v6: &mut Vec<(u128, u128)>) {
    for e in &acl.entries {
        match e.cidr {
            NaclCidr::Ipv4(n) => v4.push(v4_range(&n)),
            NaclCidr::Ipv6(n) => v6.push(v6_range(&n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u32, egress: bool, allow: bool, protocol: Protocol, ports: Ports, cidr: &str) -> NaclEntry {
        NaclEntry {
            rule_number: n,
            egress,
            allow,
            protocol,
            ports,
            cidr: NaclCidr::Ipv4(cidr.parse().unwrap()),
        }
    }

    #[test]
    fn first_match_wins_by_number_not_by_order() {
        let acl = NetworkAcl {
            entries: vec![
                entry(
                    200,
                    false,
                    true,
                    Protocol::Tcp,
                    Ports::Range { from: 0, to: 1000 },
                    "0.0.0.0/0",
                ),
                entry(
                    100,
                    false,
                    false,
                    Protocol::Tcp,
                    Ports::Range { from: 22, to: 22 },
                    "0.0.0.0/0",
                ),
                entry(32767, false, false, Protocol::All, Ports::All, "0.0.0.0/0"),
            ],
            ..Default::default()
        };
        let (ports, rules) = allowed_ports(&acl, false, Addr::V4(0x0808_0808), Protocol::Tcp);
        assert!(!ports.contains(22) && ports.contains(80) && !ports.contains(1001));
        assert_eq!(rules, [200]);
        // UDP matches nothing but the final deny.
        assert!(allowed_ports(&acl, false, Addr::V4(1), Protocol::Udp).0.is_empty());
        // IPv6 addresses never match IPv4 rules.
        assert!(allowed_ports(&acl, false, Addr::V6(1), Protocol::Tcp).0.is_empty());
    }
}
