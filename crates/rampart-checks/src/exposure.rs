//! Rule-level severity from what carries the group. An open rule on an unattached group is
//! low; on interfaces with public addresses it is critical. Whether routes and network ACLs
//! let the traffic through is the exposure engine's question; these checks say so.

use rampart_inventory::{NetworkInterface, Protocol, SecurityGroup};
use rampart_net::PortSet;

use crate::context::RegionContext;
use crate::meta::{Confidence, Severity};

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
        lines
    }
}

/// What the exposure engine says about a group's opening.
pub enum Reach {
    /// Some interface carrying the group is reachable from the internet on those ports; `true`
    /// when every such path passes an inspection endpoint whose rules are not evaluated.
    Reachable(Vec<String>, bool),
    /// The group has interfaces with public addresses, but none is reachable on those ports.
    Unreachable(Vec<String>),
    /// Interfaces with public addresses, but routes or NACLs were not read: the rule-level view.
    Unknown(String),
    /// Only private interfaces (or a load balancer's targets, which are not traced yet).
    Private(Vec<String>),
    Unused,
}

impl Reach {
    /// Severity and confidence for an opening of the given worst case.
    pub fn rank(&self, worst: Severity) -> (Severity, Confidence) {
        match self {
            Reach::Reachable(_, false) => (worst, Confidence::High),
            Reach::Reachable(_, true) => (worst, Confidence::Medium),
            Reach::Unknown(_) => (worst, Confidence::Medium),
            Reach::Unreachable(_) | Reach::Private(_) => (Severity::Low, Confidence::High),
            Reach::Unused => (Severity::Info, Confidence::High),
        }
    }

    pub fn evidence(&self) -> &[String] {
        match self {
            Reach::Reachable(l, _) | Reach::Unreachable(l) | Reach::Private(l) => l,
            Reach::Unknown(_) | Reach::Unused => &[],
        }
    }
}

/// Judges whether the group's opening of `opened` (protocol, ports) is reachable: directly,
/// or through an internet-facing load balancer that forwards to a host carrying the group.
pub fn reach(cx: &RegionContext, group: &SecurityGroup, used: &GroupUse, opened: &[(Protocol, PortSet)]) -> Reach {
    if !used.is_used() {
        return Reach::Unused;
    }
    let exposure = match &cx.exposure {
        Ok(e) => e,
        Err(reason) if !used.public.is_empty() => {
            return Reach::Unknown(format!(
                "whether routes and network ACLs let the internet in was not evaluated: {reason}"
            ))
        }
        Err(reason) => {
            return Reach::Private(vec![
                format!(
                    "{} carries no public address: the internet cannot connect to it directly",
                    group.id
                ),
                format!("load balancers in front of it were not traced: {reason}"),
            ])
        }
    };
    let mut reachable = Vec::new();
    // Paths that hold only under an input that was not read (a target group's attributes).
    let mut unverified: Vec<String> = Vec::new();
    let mut inspected = true;
    let mut elsewhere = Vec::new();
    for eni in used.interfaces {
        for e in exposure.exposures.iter().filter(|e| e.eni.id == eni.id) {
            let ports = if e.from_port == e.to_port {
                e.from_port.to_string()
            } else {
                format!("{}-{}", e.from_port, e.to_port)
            };
            let hit = opened
                .iter()
                .any(|(p, o)| *p == e.protocol && PortSet::range(e.from_port, e.to_port).intersects(o));
            if !hit {
                elsewhere.push(format!(
                    "{} is reachable only on {}/{ports}{}",
                    eni.id,
                    e.protocol.cli_name(),
                    via(e)
                ));
                continue;
            }
            let hops: Vec<String> = e
                .path
                .iter()
                .filter(|s| s.component != "public-address")
                .map(|s| s.detail.clone())
                .collect();
            let line = format!(
                "reachable from the internet: {} at {} on {}/{ports}{}: {}",
                describe_eni(eni),
                e.address,
                e.protocol.cli_name(),
                via(e),
                hops.join("; ")
            );
            if e.path.iter().any(|s| s.component == "unverified") {
                unverified.push(line);
                continue;
            }
            inspected &= e.path.iter().any(|s| s.component == "inspection");
            reachable.push(line);
        }
    }
    if !reachable.is_empty() {
        reachable.extend(unverified);
        return Reach::Reachable(reachable, inspected);
    }
    if !unverified.is_empty() {
        // Reachable only if an unread setting is what the path assumes: the worst case, medium confidence.
        return Reach::Unknown(unverified.join(" | "));
    }
    elsewhere.sort();
    elsewhere.dedup();
    if used.public.is_empty() {
        let mut lines = vec![format!(
            "{} carries no public address and no load balancer forwards these ports to it",
            group.id
        )];
        lines.extend(elsewhere);
        return Reach::Private(lines);
    }
    let mut blocked: Vec<String> = used
        .public
        .iter()
        .map(|eni| {
            match exposure
                .not_exposed
                .iter()
                .find(|n| n.eni.id == eni.id && n.eni.public_ips.len() + n.eni.ipv6_addresses.len() > 0)
            {
                Some(n) => format!("not reachable from the internet: {}: {}", eni.id, n.blocked_by.detail),
                None => format!("not reachable from the internet on these ports: {}", eni.id),
            }
        })
        .collect();
    blocked.extend(elsewhere);
    Reach::Unreachable(blocked)
}

fn via(e: &rampart_net::Exposure) -> String {
    e.via
        .as_ref()
        .map(|v| {
            format!(
                " through load balancer {} (listener {})",
                v.load_balancer, v.listener_port
            )
        })
        .unwrap_or_default()
}

/// `eni-… (i-…) public 54.…`: an interface with its public addresses.
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
