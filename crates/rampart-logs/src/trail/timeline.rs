//! Change events: a normalised change with who made it, when, from where and how — and the
//! timeline of a resource, in time order, without duplicates.
//!
//! Who (`userIdentity`): the principal's ARN and type; for an assumed role the session and the
//! role that issued it (`sessionContext.sessionIssuer`); `invokedBy` when an AWS service made
//! the call for the principal (CloudFormation: `cloudformation.amazonaws.com`). How, from the
//! user agent: the console, the AWS CLI, Terraform, CloudFormation, an SDK, or another tool.

use std::collections::HashSet;

use serde::Serialize;

use crate::trail::change::{normalise, Change};
use crate::trail::event::Event;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Principal {
    pub arn: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub account_id: Option<String>,
    /// For an assumed role: the role that issued the session.
    pub session_issuer: Option<String>,
    /// For an assumed role: the session name (the last part of the assumed-role ARN).
    pub session_name: Option<String>,
    /// The AWS service that made the call for the principal.
    pub invoked_by: Option<String>,
    pub mfa: Option<bool>,
}

/// One change, with its provenance: `trail timeline --format json` prints these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeEvent {
    pub event_id: Option<String>,
    pub event_time: Option<String>,
    pub event_name: String,
    pub event_source: Option<String>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// The resource ids the change is about (group, rule, ACL, route table, …).
    pub resource_id: Option<String>,
    pub resources: Vec<String>,
    pub principal: Principal,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    /// console, aws-cli, terraform, cloudformation, sdk, aws-service or other.
    pub tool: &'static str,
    /// Set when the call failed (`AccessDenied`, `InvalidPermission.Duplicate`, …).
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub change: Change,
}

impl ChangeEvent {
    pub fn of(e: &Event) -> Option<ChangeEvent> {
        let change = normalise(e)?;
        let resources = change.resources();
        let u = e.user_identity.clone().unwrap_or_default();
        let issuer = u.session_context.as_ref().and_then(|s| s.session_issuer.as_ref());
        let session_name = (u.kind.as_deref() == Some("AssumedRole"))
            .then(|| u.arn.as_deref().and_then(|a| a.rsplit('/').next()).map(str::to_owned))
            .flatten();
        Some(ChangeEvent {
            event_id: e.event_id.clone(),
            event_time: e
                .event_time
                .as_deref()
                .map(rampart_inventory::import::timestamp::canonical),
            event_name: e.name().to_owned(),
            event_source: e.event_source.clone(),
            region: e.aws_region.clone(),
            account_id: e.recipient_account_id.clone().or_else(|| u.account_id.clone()),
            resource_id: resources.first().cloned(),
            resources,
            principal: Principal {
                arn: u
                    .arn
                    .clone()
                    .or_else(|| u.kind.as_deref().filter(|k| *k == "Root").map(|_| "root".to_owned())),
                kind: u.kind.clone(),
                account_id: u.account_id.clone(),
                session_issuer: issuer.and_then(|i| i.arn.clone()),
                session_name,
                invoked_by: u.invoked_by.clone(),
                mfa: u
                    .session_context
                    .as_ref()
                    .and_then(|s| s.attributes.as_ref())
                    .and_then(|a| a.mfa_authenticated.as_deref())
                    .map(|m| m == "true"),
            },
            source_ip: e.source_ip_address.clone(),
            user_agent: e.user_agent.clone(),
            tool: tool(e),
            error_code: e.error_code.clone(),
            error_message: e.error_message.clone(),
            change,
        })
    }

    /// The identity that answers for the change: the role behind an assumed-role session, else
    /// the principal.
    pub fn actor(&self) -> Option<&str> {
        self.principal
            .session_issuer
            .as_deref()
            .or(self.principal.arn.as_deref())
    }

    pub fn succeeded(&self) -> bool {
        self.error_code.is_none()
    }
}

/// How the call was made, from `invokedBy`, the source and the user agent.
pub fn tool(e: &Event) -> &'static str {
    let agent = e.user_agent.as_deref().unwrap_or("");
    let invoked = e
        .user_identity
        .as_ref()
        .and_then(|u| u.invoked_by.as_deref())
        .unwrap_or("");
    let source = e.source_ip_address.as_deref().unwrap_or("");
    let lower = agent.to_ascii_lowercase();
    if invoked == "cloudformation.amazonaws.com"
        || source == "cloudformation.amazonaws.com"
        || lower.contains("cloudformation")
    {
        "cloudformation"
    } else if lower.contains("terraform") {
        "terraform"
    } else if lower.starts_with("console.")
        || lower.contains("signin.amazonaws.com")
        || lower == "aws internal"
        || lower.contains("console.amazonaws.com")
    {
        "console"
    } else if lower.starts_with("aws-cli/") {
        "aws-cli"
    } else if lower.contains("boto3")
        || lower.contains("botocore")
        || lower.starts_with("aws-sdk-")
        || lower.contains("aws-sdk-")
    {
        "sdk"
    } else if invoked.ends_with(".amazonaws.com") || source.ends_with(".amazonaws.com") {
        "aws-service"
    } else {
        "other"
    }
}

/// Change events gathered from many files: duplicates (same event id) dropped, time ordered.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub events: Vec<ChangeEvent>,
    pub duplicates: u64,
}

impl Changes {
    pub fn add(&mut self, e: &Event) {
        if let Some(c) = ChangeEvent::of(e) {
            self.events.push(c);
        }
    }

    pub fn merge(mut self, other: Changes) -> Changes {
        self.events.extend(other.events);
        self.duplicates += other.duplicates;
        self
    }

    /// Sorts by time (then event id) and drops repeated event ids (a record delivered twice,
    /// or read from an overlapping export).
    pub fn finish(mut self) -> Changes {
        self.events
            .sort_by(|a, b| (&a.event_time, &a.event_id).cmp(&(&b.event_time, &b.event_id)));
        let mut seen = HashSet::new();
        let before = self.events.len();
        self.events.retain(|e| match &e.event_id {
            Some(id) => seen.insert(id.clone()),
            None => true,
        });
        self.duplicates += (before - self.events.len()) as u64;
        self
    }

    /// The changes that name a resource.
    pub fn about<'a>(&'a self, resource: &'a str) -> impl DoubleEndedIterator<Item = &'a ChangeEvent> + 'a {
        self.events
            .iter()
            .filter(move |e| e.resources.iter().any(|r| r == resource))
    }
}

/// When a current rule was added and by whom: the last successful change that added (or
/// modified into) a rule with its id, or failing an id, its protocol, ports and peer.
pub fn provenance<'a>(
    changes: &'a Changes,
    group_id: &'a str,
    rule: &rampart_inventory::SgRule,
) -> Option<&'a ChangeEvent> {
    changes
        .about(group_id)
        .filter(|e| e.succeeded())
        .rev()
        .find(|e| match &e.change {
            Change::RulesAdded { rules, .. } | Change::RulesModified { rules, .. } => rules.iter().any(|r| {
                let by_id = matches!((&r.rule_id, &rule.rule_id), (Some(a), Some(b)) if a == b);
                let by_shape = r
                    .sg_rule
                    .as_ref()
                    .is_some_and(|s| s.protocol == rule.protocol && s.ports == rule.ports && s.peer == rule.peer);
                by_id || by_shape
            }),
            _ => false,
        })
}
