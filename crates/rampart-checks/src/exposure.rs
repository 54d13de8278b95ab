//! Rule-level severity from what carries the group. An open rule on an unattached group is
//! low; on interfaces with public addresses it is critical. Whether routes and network ACLs
//! let the traffic through is the exposure engine's question; these checks say so.

use rampart_inventory::{NetworkInterface, SecurityGroup};

use crate::context::RegionContext;
use crate::meta::Severity;

pub struct GroupUse<'a> {
    pub interfaces: &'a [&'a NetworkInterface],
    pub public: Vec<&'a NetworkInterface>,
    pub configured: &'a [String],
}

impl<'a> GroupUse<'a> {
    pub fn of(cx: &'a RegionContext<'a>, group: &SecurityGroup) -> Self {
        GroupUse {
            interfaces: cx.attachments.interfaces(&group.id),
            public: cx.attachments.public_interfaces(&group.id),
            configured: cx.attachments.configured(&group.id),
        }
    }

    pub fn is_used(&self) -> bool {
        !self.interfaces.is_empty() || !self.configured.is_empty()
    }

    /// `public` for interfaces with a public address, `attached` for private ones, `unused`.
    pub fn severity(&self, public: Severity, attached: Severity, unused: Severity) -> Severity {
        if !self.public.is_empty() {
            public
        } else if self.is_used() {
            attached
        } else {
            unused
        }
    }

    pub fn blast_radius(&self) -> usize {
        self.interfaces.len().max(self.configured.len())
    }

    /// Evidence lines: which interfaces carry the group, the public ones first (at most five named).
    pub fn evidence(&self) -> Vec<String> {
        if !self.is_used() {
            return vec!["not attached to any network interface or resource: nothing is exposed today, but any resource launched with it will be".into()];
        }
        let mut lines = Vec::new();
        if !self.interfaces.is_empty() {
            let mut named: Vec<String> = self.public.iter().take(5).map(|e| describe_eni(e)).collect();
            if named.len() < 5 {
                named.extend(
                    self.interfaces
                        .iter()
                        .filter(|e| e.public_ips.is_empty() && e.ipv6_addresses.is_empty())
                        .take(5 - named.len())
                        .map(|e| describe_eni(e)),
                );
            }
            lines.push(format!(
                "attached to {} network interface(s), {} with a public address: {}{}",
                self.interfaces.len(),
                self.public.len(),
                named.join("; "),
                if self.interfaces.len() > named.len() {
                    "; …"
                } else {
                    ""
                }
            ));
        }
        // Instances are already named by their interfaces; say what else uses the group.
        let others: Vec<&str> = self
            .configured
            .iter()
            .filter(|c| self.interfaces.is_empty() || !c.starts_with("instance "))
            .map(String::as_str)
            .collect();
        if !others.is_empty() {
            lines.push(format!(
                "used by {}",
                others.iter().take(5).copied().collect::<Vec<_>>().join(", ")
            ));
        }
        if !self.public.is_empty() {
            lines.push("this verdict reads security groups and addresses only; routes and network ACLs may still block the path".into());
        }
        lines
    }
}

pub fn describe_eni(e: &NetworkInterface) -> String {
    let addrs: Vec<&str> = e
        .public_ips
        .iter()
        .chain(&e.ipv6_addresses)
        .map(String::as_str)
        .collect();
    let base = rampart_net::describe::eni(e);
    if addrs.is_empty() {
        base
    } else {
        format!("{base} public {}", addrs.join(", "))
    }
}
