//! Identity and access: IAM, the credential report, S3 public access, WorkSpaces.

use serde::{Deserialize, Serialize};

use super::Tags;

/// What `get-account-authorization-details` returns, with policy documents decoded to JSON text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Iam {
    pub users: Vec<IamUser>,
    pub groups: Vec<IamGroup>,
    pub roles: Vec<IamRole>,
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    pub name: String,
    /// The policy document as JSON text.
    pub document: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IamUser {
    pub name: String,
    pub arn: String,
    pub id: Option<String>,
    pub create_date: Option<String>,
    pub groups: Vec<String>,
    pub attached_policy_arns: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
    pub permissions_boundary_arn: Option<String>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IamGroup {
    pub name: String,
    pub arn: String,
    pub attached_policy_arns: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    pub path: Option<String>,
    pub create_date: Option<String>,
    /// The trust policy as JSON text.
    pub trust_policy: Option<String>,
    pub attached_policy_arns: Vec<String>,
    pub inline_policies: Vec<InlinePolicy>,
    pub instance_profile_arns: Vec<String>,
    pub last_used: Option<String>,
    pub permissions_boundary_arn: Option<String>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub attachment_count: i64,
    /// The default version's document as JSON text.
    pub default_document: Option<String>,
}

/// One row of the IAM credential report. The `<root_account>` row is the root user.
/// Dates are kept as AWS writes them (ISO 8601); `None` for `N/A`, `no_information` and `not_supported`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialReportRow {
    pub user: String,
    pub arn: String,
    pub user_creation_time: Option<String>,
    pub password_enabled: bool,
    pub password_last_used: Option<String>,
    pub password_last_changed: Option<String>,
    pub mfa_active: bool,
    pub access_key_1_active: bool,
    pub access_key_1_last_rotated: Option<String>,
    pub access_key_1_last_used: Option<String>,
    pub access_key_2_active: bool,
    pub access_key_2_last_rotated: Option<String>,
    pub access_key_2_last_used: Option<String>,
    pub cert_1_active: bool,
    pub cert_2_active: bool,
}

impl CredentialReportRow {
    pub fn is_root(&self) -> bool {
        self.user == "<root_account>"
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialReport {
    pub generated_time: Option<String>,
    pub rows: Vec<CredentialReportRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i64>,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub allow_users_to_change: bool,
    pub max_age_days: Option<i64>,
    pub reuse_prevention: Option<i64>,
    pub hard_expiry: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MfaDevice {
    pub serial_number: String,
    /// The user the device is assigned to (ARN); None when unassigned.
    pub user_arn: Option<String>,
    pub enable_date: Option<String>,
}

/// An S3 Block Public Access configuration (account or bucket).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub fn all_on(&self) -> bool {
        self.block_public_acls && self.ignore_public_acls && self.block_public_policy && self.restrict_public_buckets
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bucket {
    pub name: String,
    pub creation_date: Option<String>,
    /// The bucket's Block Public Access settings (all off when none is configured); None when
    /// they were not read.
    pub public_access_block: Option<PublicAccessBlock>,
    /// Whether S3 judges the bucket policy public (`get-bucket-policy-status`, `IsPublic`);
    /// false when the bucket has no policy; None when not read.
    pub policy_public: Option<bool>,
    /// The ACL's grants to everyone (`AllUsers`) or to every AWS account
    /// (`AuthenticatedUsers`), as `AllUsers READ`; None when the ACL was not read.
    pub acl_public_grants: Option<Vec<String>>,
    /// Reads of this bucket that failed: `s3api get-bucket-acl: AccessDenied: …`.
    pub unread: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspacesDirectory {
    pub id: String,
    pub directory_type: Option<String>,
    pub state: Option<String>,
    pub ip_group_ids: Vec<String>,
    /// Device type (`DeviceTypeWindows`, `DeviceTypeWeb`, …) and `ALLOW`/`DENY`.
    pub device_access: Vec<(String, String)>,
    /// Certificate-based authentication status, where reported.
    pub certificate_based_auth: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspacesIpGroup {
    pub id: String,
    pub name: Option<String>,
    pub rules: Vec<String>,
}
