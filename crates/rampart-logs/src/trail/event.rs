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
    pub event_time: Option<String>,
    pub event_source: Option<String>,
    pub event_name: Option<String>,
    pub aws_region: Option<String>,
    #[serde(rename = "sourceIPAddress")]
    pub source_ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub request_parameters: Option<Value>,
    pub response_elements: Option<Value>,
    pub user_identity: Option<UserIdentity>,
    pub recipient_account_id: Option<String>,
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

impl Event {
    pub fn name(&self) -> &str {
        self.event_name.as_deref().unwrap_or("")
    }

    pub fn is_root(&self) -> bool {
        self.user_identity.as_ref().and_then(|u| u.kind.as_deref()) == Some("Root")
    }
}
