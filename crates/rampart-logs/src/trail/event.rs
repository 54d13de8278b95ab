//! One CloudTrail record (CloudTrail user guide, "CloudTrail record contents"), owned and
//! lenient: every field optional, unknown fields ignored. `requestParameters` and
//! `responseElements` stay JSON: their shape is per API and is read by [`crate::trail::change`].

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Event {
    #[serde(rename = "eventID")]
    pub event_id: Option<String>,
    /// Canonical once read (see [`Event::tidy`]); epoch seconds or milliseconds are read too.
    #[serde(deserialize_with = "lenient_text")]
    pub event_time: Option<String>,
    /// The time SIEM pipelines add (`@timestamp`), used when `eventTime` is missing.
    #[serde(rename = "@timestamp", deserialize_with = "lenient_text")]
    pub siem_timestamp: Option<String>,
    pub event_source: Option<String>,
    pub event_name: Option<String>,
    pub aws_region: Option<String>,
    #[serde(rename = "sourceIPAddress", deserialize_with = "lenient_text")]
    pub source_ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub request_parameters: Option<Value>,
    pub response_elements: Option<Value>,
    pub user_identity: Option<UserIdentity>,
    pub recipient_account_id: Option<String>,
    #[serde(deserialize_with = "lenient_bool")]
    pub read_only: Option<bool>,
    pub event_type: Option<String>,
}

/// `userIdentity`: who made the call.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct UserIdentity {
    /// `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, `AWSAccount`, …
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub principal_id: Option<String>,
    pub arn: Option<String>,
    pub account_id: Option<String>,
    pub user_name: Option<String>,
    /// The AWS service that made the call for the principal (`cloudformation.amazonaws.com`).
    pub invoked_by: Option<String>,
    pub session_context: Option<SessionContext>,
}

impl UserIdentity {
    /// The identity that answers for a call: the role behind an assumed-role session, else the
    /// principal.
    pub fn actor(&self) -> Option<&str> {
        self.session_context
            .as_ref()
            .and_then(|s| s.session_issuer.as_ref())
            .and_then(|i| i.arn.as_deref())
            .or(self.arn.as_deref())
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionContext {
    pub session_issuer: Option<SessionIssuer>,
    pub attributes: Option<SessionAttributes>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionIssuer {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub arn: Option<String>,
    pub user_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionAttributes {
    /// `"true"` or `"false"`, as text.
    pub mfa_authenticated: Option<String>,
    pub creation_date: Option<String>,
}

/// The few fields every record is judged on before the rest is parsed (most records are reads
/// nobody asks about): parsing this skips the request and response without building them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Head {
    pub event_source: Option<String>,
    pub event_name: Option<String>,
    pub error_code: Option<String>,
    pub user_identity: Option<HeadIdentity>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HeadIdentity {
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A text field as pipelines write it: a string, a number (epoch times), a boolean; null is none.
fn lenient_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => match n.as_f64() {
            // Epoch milliseconds (SIEM exports) or seconds.
            Some(x) if x > 1e11 => Some(crate::time::iso((x / 1000.0) as u64)),
            Some(x) if x >= 0.0 => Some(crate::time::iso(x as u64)),
            _ => Some(n.to_string()),
        },
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// A boolean, or its text (`"true"`), as some pipelines store it.
fn lenient_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    })
}

impl Event {
    /// After reading: the time in the canonical form (any ISO 8601 form exporters write, else
    /// kept as given), `@timestamp` when `eventTime` is missing, and request or response
    /// elements that a pipeline stored as JSON text read as JSON.
    pub fn tidy(mut self) -> Event {
        if self.event_time.is_none() {
            self.event_time = self.siem_timestamp.take();
        }
        if let Some(t) = &self.event_time {
            if let Some(c) = crate::time::event_time(t) {
                self.event_time = Some(c);
            }
        }
        for v in [&mut self.request_parameters, &mut self.response_elements] {
            if let Some(Value::String(text)) = v {
                if let Ok(parsed @ Value::Object(_)) = serde_json::from_str::<Value>(text) {
                    *v = Some(parsed);
                }
            }
        }
        self
    }

    pub fn name(&self) -> &str {
        self.event_name.as_deref().unwrap_or("")
    }

    pub fn is_root(&self) -> bool {
        self.user_identity.as_ref().and_then(|u| u.kind.as_deref()) == Some("Root")
    }
}
