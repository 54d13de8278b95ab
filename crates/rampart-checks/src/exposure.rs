//! Rule-level severity from what carries the group. An open rule on an unattached group is
//! low; on interfaces with public addresses it is critical. Whether routes and network ACLs
//! let the traffic through is the exposure engine's question; these checks say so.

use rampart_inventory::{NetworkInterface, Protocol, SecurityGroup};
use rampart_net::PortSet;

use crate::context::RegionContext;
use crate::meta::{Confidence, Severity};

pub struct GroupUse<'a> {
    pub interfaces: Vec<&'a NetworkInterface>,
    pub public: Vec<&'a NetworkInterface>,
    pub configured: &'a [String],
}

impl<'a> GroupUse<'a> {
    pub fn of(cx: &'a RegionContext<'a>, group: &SecurityGroup) -> Self {
        Self::carried_by(
            cx,
            cx.attachments.interfaces(&group.id).to_vec(),
            cx.attachments.configured(&group.id),
        )
    }

    /// The interfaces that carry all of these groups (with or without others): each of them
    /// has the opening the groups make together.
    pub fn of_groups(cx: &'a RegionContext<'a>, ids: &[&str]) -> Self {
        let interfaces = match ids.split_first() {
            Some((first, rest)) => cx
                .attachments
                .interfaces(first)
                .iter()
                .filter(|e| rest.iter().all(|id| e.security_group_ids.iter().any(|g| g == id)))
                .copied()
                .collect(),
            None => Vec::new(),
        };
        Self::carried_by(cx, interfaces, &[])
    }

    fn carried_by(cx: &'a RegionContext<'a>, interfaces: Vec<&'a NetworkInterface>, configured: &'a [String]) -> Self {
        // A public IPv4 address shown only by the instance or the Elastic IP answer counts.
        let public = interfaces
            .iter()
            .filter(|e| cx.public_ips.has(e) || !e.ipv6_addresses.is_empty())
            .copied()
            .collect();
        GroupUse {
            interfaces,
            public,
            configured,
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
    /// Some interface carrying the group is reachable from the internet on those ports.
    Reachable {
        lines: Vec<String>,
        /// Every such path passes an inspection endpoint whose rules are not evaluated.
        inspected: bool,
        /// Set when no path admits the whole internet: the sources that do get in.
        part: Option<String>,
    },
    /// Reachable only once a stopped instance is started or a detached interface attached:
    /// nothing answers today.
    Standby(Vec<String>),
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
            Reach::Reachable { inspected: false, .. } => (worst, Confidence::High),
            Reach::Reachable { inspected: true, .. } => (worst, Confidence::Medium),
            Reach::Standby(_) => (standby_severity(worst), Confidence::High),
            Reach::Unknown(_) => (worst, Confidence::Medium),
            Reach::Unreachable(_) | Reach::Private(_) => (Severity::Low, Confidence::High),
            Reach::Unused => (Severity::Info, Confidence::High),
        }
    }

    pub fn evidence(&self) -> &[String] {
        match self {
            Reach::Reachable { lines: l, .. } | Reach::Standby(l) | Reach::Unreachable(l) | Reach::Private(l) => l,
            Reach::Unknown(_) | Reach::Unused => &[],
        }
    }
}

/// The severity of an opening that is reachable only when a stopped instance starts or a
/// detached interface is attached: one step below the worst case, at most medium.
pub fn standby_severity(worst: Severity) -> Severity {
    match worst {
        Severity::Critical | Severity::High => Severity::Medium,
        _ => Severity::Low,
    }
}

/// Judges whether the opening of `opened` (protocol, ports) by `name` (a group, or groups
/// together) is reachable: directly, or through an internet-facing load balancer that forwards
/// to a host carrying it.
pub fn reach(cx: &RegionContext, name: &str, used: &GroupUse, opened: &[(Protocol, PortSet)]) -> Reach {
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
                format!("{name} carries no public address: the internet cannot connect to it directly"),
                format!("load balancers in front of it were not traced: {reason}"),
            ])
        }
    };
    let mut reachable = Vec::new();
    let mut standby = Vec::new();
    // Paths that hold only under an input that was not read (a target group's attributes).
    let mut unverified: Vec<String> = Vec::new();
    let mut inspected = true;
    let mut whole = false;
    let mut parts: Vec<String> = Vec::new();
    let mut elsewhere = Vec::new();
    for eni in &used.interfaces {
        for e in exposure.exposures.iter().filter(|e| e.eni.id == eni.id) {
            let ports = if e.from_port == e.to_port {
                e.from_port.to_string()
            } else {
                format!("{}-{}", e.from_port, e.to_port)
            };
            let ports = match e.protocol {
                Protocol::Icmp | Protocol::Icmpv6 => rampart_net::icmp::describe(e.from_port, e.to_port),
                _ => ports,
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
                .filter(|s| s.component != "public-address" || s.detail.contains("union"))
                .map(|s| s.detail.clone())
                .collect();
            let from = if e.whole_internet {
                String::new()
            } else {
                format!(" from {} only", e.sources.join(", "))
            };
            let line = format!(
                "{} at {} on {}/{ports}{from}{}: {}",
                describe_eni(eni),
                e.address,
                e.protocol.cli_name(),
                via(e),
                hops.join("; ")
            );
            if let Some(sb) = &e.standby {
                standby.push(format!("reachable from the internet {}: {line}", sb.when()));
                continue;
            }
            if e.path.iter().any(|s| s.component == "unverified") {
                unverified.push(format!("reachable from the internet: {line}"));
                continue;
            }
            inspected &= e.path.iter().any(|s| s.component == "inspection");
            whole |= e.whole_internet;
            for s in &e.sources {
                if !e.whole_internet && !parts.contains(s) {
                    parts.push(s.clone());
                }
            }
            reachable.push(format!("reachable from the internet: {line}"));
        }
    }
    if !reachable.is_empty() {
        reachable.extend(unverified);
        reachable.extend(standby);
        return Reach::Reachable {
            lines: reachable,
            inspected,
            part: (!whole).then(|| parts.join(", ")),
        };
    }
    if !unverified.is_empty() {
        // Reachable only if an unread setting is what the path assumes: the worst case, medium confidence.
        return Reach::Unknown(unverified.join(" | "));
    }
    if !standby.is_empty() {
        return Reach::Standby(standby);
    }
    // An interface the engine could not judge (a prefix list not read, the internet gateways
    // not read for a subnet that routes to one) leaves the verdict open.
    let unjudged: Vec<String> = used
        .public
        .iter()
        .filter_map(|eni| {
            exposure
                .not_evaluated
                .iter()
                .find(|(id, _)| id == &eni.id)
                .map(|(id, reason)| format!("{id}: {reason}"))
        })
        .collect();
    if !unjudged.is_empty() {
        return Reach::Unknown(format!(
            "whether the internet reaches it was not evaluated: {}",
            unjudged.join("; ")
        ));
    }
    elsewhere.sort();
    elsewhere.dedup();
    if used.public.is_empty() {
        let mut lines = vec![format!(
            "{name} carries no public address and no load balancer forwards these ports to it"
        )];
        lines.extend(elsewhere);
        return Reach::Private(lines);
    }
    let mut blocked: Vec<String> = used
        .public
        .iter()
        .map(|eni| {
            let mine = || exposure.not_exposed.iter().filter(|n| n.eni.id == eni.id);
            // The family that has a public address says what blocks it, not the one without.
            match mine()
                .find(|n| n.blocked_by.component != "public-address")
                .or_else(|| mine().next())
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

/// The region's exposure for a check that judges interfaces by it, with what it could not
/// judge recorded as the check's own *not evaluated*: the whole region when the engine could
/// not run, and each interface it could not trace (no route table, no network ACL found).
/// An interface the engine left out is not a clean one.
pub fn judged<'c>(
    cx: &'c RegionContext<'c>,
    meta: &crate::meta::CheckMeta,
    out: &mut crate::engine::Outcomes,
) -> Option<&'c rampart_net::RegionExposure<'c>> {
    let not_evaluated = |resource_id: Option<String>, reason: &str| crate::engine::NotEvaluated {
        check_id: meta.id,
        scope: cx.region.name.clone(),
        resource_id,
        reason: reason.to_owned(),
    };
    match &cx.exposure {
        Ok(exposure) => {
            for (id, reason) in &exposure.not_evaluated {
                out.not_evaluated.push(not_evaluated(Some(id.clone()), reason));
            }
            Some(exposure)
        }
        Err(reason) => {
            out.not_evaluated.push(not_evaluated(None, reason));
            None
        }
    }
}
