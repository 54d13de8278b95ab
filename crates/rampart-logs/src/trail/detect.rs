//! Detections from the trail: changes by principals outside the allowed deployers, changes
//! that open a resource to the internet, changes that blind the account, root activity, bursts
//! of access denied on network and IAM calls, and changes from unusual source addresses.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::trail::change::{Breadth, Change, EVENT_NAMES, PRIVILEGE_GRANTS};
use crate::trail::event::{Event, Head, UserIdentity};
use crate::trail::timeline::{ChangeEvent, Changes};

/// What the reader must parse in full for the timeline and the detections.
pub fn wanted(head: &Head) -> bool {
    head.event_name
        .as_deref()
        .is_some_and(|n| EVENT_NAMES.contains(&n) || n == CONSOLE_LOGIN)
        || head.user_identity.as_ref().and_then(|u| u.kind.as_deref()) == Some("Root")
        || head.error_code.as_deref().is_some_and(is_denied)
}

fn is_denied(code: &str) -> bool {
    code.contains("AccessDenied") || code.contains("UnauthorizedOperation") || code == "UnauthorizedAccess"
}

const CONSOLE_LOGIN: &str = "ConsoleLogin";

/// Failed sign-ins as one principal within [`SIGN_IN_BURST_SECONDS`] that make a brute-force
/// burst (the threshold common SIEM rules use for failed root console logins).
pub const SIGN_IN_BURST: usize = 5;
pub const SIGN_IN_BURST_SECONDS: i64 = 600;

/// A call that is not a change but matters: root activity, a denied call, a sign-in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activity {
    pub event_id: Option<String>,
    pub event_time: Option<String>,
    pub event_name: String,
    pub event_source: Option<String>,
    pub region: Option<String>,
    pub actor: Option<String>,
    pub source_ip: Option<String>,
    pub error_code: Option<String>,
    /// A console sign-in that failed. AWS (CloudTrail user guide, "AWS Management Console
    /// sign-in events"): a failed sign-in has `responseElements.ConsoleLogin` = `Failure` and
    /// an `errorMessage` (`Failed authentication`), and no `errorCode`.
    pub failed_sign_in: bool,
}

impl Activity {
    /// A call that did something: no error code, and not a failed sign-in.
    pub fn succeeded(&self) -> bool {
        self.error_code.is_none() && !self.failed_sign_in
    }

    fn of(e: &Event) -> Activity {
        let u = e.user_identity.as_ref();
        let failed_sign_in = e.name() == CONSOLE_LOGIN
            && e.response_elements
                .as_ref()
                .and_then(|r| r.get("ConsoleLogin"))
                .and_then(serde_json::Value::as_str)
                .is_some_and(|v| v != "Success");
        Activity {
            failed_sign_in,
            event_id: e.event_id.clone(),
            event_time: e
                .event_time
                .as_deref()
                .map(rampart_inventory::import::timestamp::canonical),
            event_name: e.name().to_owned(),
            event_source: e.event_source.clone(),
            region: e.aws_region.clone(),
            actor: u
                .and_then(UserIdentity::actor)
                .or_else(|| u.and_then(|u| u.user_name.as_deref()))
                .map(str::to_owned),
            source_ip: e.source_ip_address.clone(),
            error_code: e.error_code.clone(),
        }
    }
}

/// Everything the trail commands need, gathered in one pass.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub changes: Changes,
    pub root: Vec<Activity>,
    pub denied: Vec<Activity>,
    /// Console sign-ins that failed, by anyone.
    pub failed_sign_ins: Vec<Activity>,
}

impl Gathered {
    pub fn add(&mut self, e: Event) {
        let activity = Activity::of(&e);
        if activity.failed_sign_in {
            self.failed_sign_ins.push(activity.clone());
        }
        if e.is_root() {
            self.root.push(activity);
        }
        if e.error_code.as_deref().is_some_and(is_denied)
            && matches!(
                e.event_source.as_deref(),
                Some("ec2.amazonaws.com" | "iam.amazonaws.com")
            )
        {
            self.denied.push(Activity::of(&e));
        }
        self.changes.add(&e);
    }

    pub fn merge(mut self, o: Gathered) -> Gathered {
        self.changes = self.changes.merge(o.changes);
        self.root.extend(o.root);
        self.denied.extend(o.denied);
        self.failed_sign_ins.extend(o.failed_sign_ins);
        self
    }

    pub fn finish(mut self) -> Gathered {
        self.changes = self.changes.finish();
        for list in [&mut self.root, &mut self.denied, &mut self.failed_sign_ins] {
            list.sort_by(|a, b| (&a.event_time, &a.event_id).cmp(&(&b.event_time, &b.event_id)));
            list.dedup_by(|a, b| a.event_id.is_some() && a.event_id == b.event_id);
        }
        self
    }
}

/// Who may change the account, and what counts as unusual.
pub struct Policy<'a> {
    /// True for an ARN allowed to change network and detection controls (CloudFormation is
    /// always allowed: its changes are the stack's).
    pub is_deployer: &'a (dyn Fn(&str) -> bool + Sync),
    /// True for a source address the team changes from (None: judged by rarity).
    pub trusted_source: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    /// Denied calls by one principal within `burst_seconds` that make a burst.
    pub burst: usize,
    pub burst_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    /// `change-outside-deployers`, `opened-to-internet`, `blinding-change`, `root-activity`,
    /// `access-denied-burst`, `unusual-source-ip`, `sign-in-failures`, `privilege-change`.
    pub kind: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub event_time: Option<String>,
    pub region: Option<String>,
    pub actor: Option<String>,
    pub source_ip: Option<String>,
    pub resources: Vec<String>,
    pub event_ids: Vec<String>,
}

fn describe(c: &ChangeEvent) -> String {
    let resources = if c.resources.is_empty() {
        String::new()
    } else {
        format!(" on {}", c.resources.join(", "))
    };
    format!(
        "{} {}{resources} by {} from {} ({})",
        c.event_time.as_deref().unwrap_or("?"),
        c.event_name,
        c.actor().unwrap_or("an unknown principal"),
        c.source_ip.as_deref().unwrap_or("?"),
        c.tool
    )
}

fn detection(kind: &'static str, severity: &'static str, message: String, c: &ChangeEvent) -> Detection {
    Detection {
        kind,
        severity,
        message,
        event_time: c.event_time.clone(),
        region: c.region.clone(),
        actor: c.actor().map(str::to_owned),
        source_ip: c.source_ip.clone(),
        resources: c.resources.clone(),
        event_ids: c.event_id.iter().cloned().collect(),
    }
}

/// Every detection, in time order.
pub fn detect(g: &Gathered, policy: &Policy) -> Vec<Detection> {
    let mut out = Vec::new();
    // Source addresses per actor, for rarity.
    let mut sources: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for c in g.changes.events.iter().filter(|c| c.succeeded()) {
        if let (Some(actor), Some(ip)) = (c.actor(), c.source_ip.as_deref()) {
            *sources.entry(actor).or_default().entry(ip).or_default() += 1;
        }
    }
    for c in &g.changes.events {
        let blinds = matches!(c.change, Change::Detection { blinds: true, .. });
        if !c.succeeded() {
            if blinds {
                out.push(detection(
                    "blinding-change",
                    "medium",
                    format!(
                        "attempt to turn off a detection control, failed with {}: {}",
                        c.error_code.as_deref().unwrap_or("?"),
                        describe(c)
                    ),
                    c,
                ));
            }
            continue;
        }
        if blinds {
            out.push(detection(
                "blinding-change",
                "high",
                format!("a detection control was turned off: {}", describe(c)),
                c,
            ));
        }
        let by_stack = c.tool == "cloudformation";
        let allowed = by_stack || c.actor().is_some_and(|a| (policy.is_deployer)(a));
        if let Some(opening) = c.change.opening() {
            // Reviewed code opening the web tier is still worth knowing, not an alarm; outside
            // the deployers, the wider the opening the worse (one address is not the internet).
            let (severity, how) = if allowed {
                ("low", "by an allowed deployer")
            } else {
                let severity = match opening.breadth {
                    Breadth::Internet => "high",
                    Breadth::Range { .. } => "medium",
                    Breadth::OneAddress => "low",
                };
                (severity, "outside the allowed deployers")
            };
            out.push(detection(
                "opened-to-internet",
                severity,
                format!("opened to {} {how}: {}", opening.words(), describe(c)),
                c,
            ));
        }
        if let Change::Iam { operation, targets } = &c.change {
            if PRIVILEGE_GRANTS.contains(&operation.as_str()) {
                // Trusting the deployer (or the stack) lowers the severity; it does not hide
                // the event: an administrator policy attached through a stack is still one.
                let admin = targets.iter().any(|t| t.ends_with(":policy/AdministratorAccess"));
                let (severity, how) = match (allowed, admin) {
                    (true, false) => (
                        "low",
                        if by_stack {
                            "through a CloudFormation stack"
                        } else {
                            "by an allowed deployer"
                        },
                    ),
                    (true, true) => (
                        "medium",
                        if by_stack {
                            "through a CloudFormation stack"
                        } else {
                            "by an allowed deployer"
                        },
                    ),
                    (false, false) => ("medium", "outside the allowed deployers"),
                    (false, true) => ("high", "outside the allowed deployers"),
                };
                out.push(detection(
                    "privilege-change",
                    severity,
                    format!(
                        "{}privilege change {how}: {}",
                        if admin { "administrator " } else { "" },
                        describe(c)
                    ),
                    c,
                ));
            }
        }
        let control = !matches!(c.change, Change::InstancesLaunched { .. });
        if !allowed && control && c.principal.kind.as_deref() != Some("AWSService") {
            out.push(detection(
                "change-outside-deployers",
                "medium",
                format!(
                    "changed outside the allowed deployers and infrastructure code: {}",
                    describe(c)
                ),
                c,
            ));
        }
        if let (Some(ip), Some(actor)) = (c.source_ip.as_deref(), c.actor()) {
            // Anonymised captures write addresses with leading zeros: still addresses.
            let is_address = crate::time::lenient_ip(ip).is_some();
            let unusual = match policy.trusted_source {
                Some(trusted) => is_address && !trusted(ip),
                None => sources
                    .get(actor)
                    .is_some_and(|seen| is_address && seen.get(ip) == Some(&1) && seen.values().sum::<usize>() >= 4),
            };
            if unusual {
                out.push(detection(
                    "unusual-source-ip",
                    if policy.trusted_source.is_some() {
                        "medium"
                    } else {
                        "low"
                    },
                    format!(
                        "changed from {ip}, {}: {}",
                        if policy.trusted_source.is_some() {
                            "outside the trusted networks"
                        } else {
                            "an address this principal used once among its changes"
                        },
                        describe(c)
                    ),
                    c,
                ));
            }
        }
    }
    // Root: one detection per day of activity.
    let mut by_day: BTreeMap<String, Vec<&Activity>> = BTreeMap::new();
    // A failed sign-in as root is an attempt, not root activity (reported below).
    for a in g.root.iter().filter(|a| a.succeeded()) {
        let day = a
            .event_time
            .as_deref()
            .map_or("?".into(), |t| t.chars().take(10).collect());
        by_day.entry(day).or_default().push(a);
    }
    for (day, acts) in by_day {
        let mut names: Vec<&str> = acts.iter().map(|a| a.event_name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        out.push(Detection {
            kind: "root-activity",
            severity: "high",
            message: format!(
                "the root user made {} call(s) on {day}: {}",
                acts.len(),
                names.join(", ")
            ),
            event_time: acts[0].event_time.clone(),
            region: acts[0].region.clone(),
            actor: Some("root".into()),
            source_ip: acts[0].source_ip.clone(),
            resources: Vec::new(),
            event_ids: acts.iter().filter_map(|a| a.event_id.clone()).collect(),
        });
    }
    // Bursts of denied calls: a sliding window per actor.
    let mut per_actor: BTreeMap<&str, Vec<(i64, &Activity)>> = BTreeMap::new();
    for a in &g.denied {
        if let (Some(actor), Some(t)) = (
            a.actor.as_deref(),
            a.event_time
                .as_deref()
                .and_then(rampart_inventory::import::timestamp::parse),
        ) {
            per_actor.entry(actor).or_default().push((t, a));
        }
    }
    for (actor, mut list) in per_actor {
        list.sort_by_key(|(t, _)| *t);
        let mut start = 0;
        let mut i = 0;
        while i < list.len() {
            while list[i].0 - list[start].0 > policy.burst_seconds {
                start += 1;
            }
            if i + 1 - start >= policy.burst {
                // Extend to the end of this burst, report it once.
                let mut end = i;
                while end + 1 < list.len() && list[end + 1].0 - list[start].0 <= policy.burst_seconds {
                    end += 1;
                }
                let burst = &list[start..=end];
                let mut names: Vec<&str> = burst.iter().map(|(_, a)| a.event_name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                out.push(Detection {
                    kind: "access-denied-burst",
                    severity: "medium",
                    message: format!(
                        "{} denied network or IAM calls by {actor} within {} minutes from {}: {}",
                        burst.len(),
                        policy.burst_seconds / 60,
                        burst[0].1.event_time.as_deref().unwrap_or("?"),
                        names.join(", ")
                    ),
                    event_time: burst[0].1.event_time.clone(),
                    region: burst[0].1.region.clone(),
                    actor: Some(actor.to_owned()),
                    source_ip: burst[0].1.source_ip.clone(),
                    resources: Vec::new(),
                    event_ids: burst.iter().filter_map(|(_, a)| a.event_id.clone()).collect(),
                });
                i = end + 1;
                start = i;
                continue;
            }
            i += 1;
        }
    }
    sign_in_failures(g, &mut out);
    out.sort_by(|a, b| (&a.event_time, a.kind).cmp(&(&b.event_time, b.kind)));
    out
}

/// Failed console sign-ins: bursts of [`SIGN_IN_BURST`] or more as one principal within
/// [`SIGN_IN_BURST_SECONDS`] as brute-force bursts, the other attempts per principal and day.
/// Root as the target makes each worse; it is never root activity (nobody signed in).
fn sign_in_failures(g: &Gathered, out: &mut Vec<Detection>) {
    let mut per_target: BTreeMap<String, Vec<(i64, &Activity)>> = BTreeMap::new();
    for a in &g.failed_sign_ins {
        let target = a.actor.clone().unwrap_or_else(|| "an unknown user".into());
        let t = a
            .event_time
            .as_deref()
            .and_then(rampart_inventory::import::timestamp::parse)
            .unwrap_or(i64::MIN);
        per_target.entry(target).or_default().push((t, a));
    }
    let sources = |list: &[(i64, &Activity)]| {
        let mut ips: Vec<&str> = list.iter().filter_map(|(_, a)| a.source_ip.as_deref()).collect();
        ips.sort_unstable();
        ips.dedup();
        ips.join(", ")
    };
    let push =
        |out: &mut Vec<Detection>, severity: &'static str, message: String, target: &str, list: &[(i64, &Activity)]| {
            out.push(Detection {
                kind: "sign-in-failures",
                severity,
                message,
                event_time: list[0].1.event_time.clone(),
                region: list[0].1.region.clone(),
                actor: Some(target.to_owned()),
                source_ip: list[0].1.source_ip.clone(),
                resources: Vec::new(),
                event_ids: list.iter().filter_map(|(_, a)| a.event_id.clone()).collect(),
            });
        };
    for (target, mut list) in per_target {
        list.sort_by_key(|(t, _)| *t);
        let root = target.ends_with(":root");
        // Bursts first, by a sliding window; what is left are attempts.
        let mut rest: Vec<(i64, &Activity)> = Vec::new();
        let mut i = 0;
        while i < list.len() {
            let mut end = i;
            while end + 1 < list.len() && list[i].0 != i64::MIN && list[end + 1].0 - list[i].0 <= SIGN_IN_BURST_SECONDS
            {
                end += 1;
            }
            if end + 1 - i >= SIGN_IN_BURST {
                let burst = &list[i..=end];
                push(
                    out,
                    if root { "high" } else { "medium" },
                    format!(
                        "brute-force burst: {} failed console sign-ins as {target} within {} minutes from {} ({}); nobody signed in",
                        burst.len(),
                        SIGN_IN_BURST_SECONDS / 60,
                        burst[0].1.event_time.as_deref().unwrap_or("?"),
                        sources(burst)
                    ),
                    &target,
                    burst,
                );
                i = end + 1;
            } else {
                rest.push(list[i]);
                i += 1;
            }
        }
        let mut by_day: BTreeMap<String, Vec<(i64, &Activity)>> = BTreeMap::new();
        for (t, a) in rest {
            let day = a
                .event_time
                .as_deref()
                .map_or("?".into(), |t| t.chars().take(10).collect());
            by_day.entry(day).or_default().push((t, a));
        }
        for (day, attempts) in by_day {
            push(
                out,
                if root { "medium" } else { "low" },
                format!(
                    "{} failed console sign-in attempt(s) as {target} on {day} from {}; nobody signed in",
                    attempts.len(),
                    sources(&attempts)
                ),
                &target,
                &attempts,
            );
        }
    }
}
