//! Logging, detection and management: flow logs, CloudTrail, CloudWatch, Config, GuardDuty,
//! Systems Manager, Inspector, Network Firewall.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FlowLog {
    pub id: String,
    /// The VPC, subnet, ENI or transit gateway the flow log captures.
    pub resource_id: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: Option<String>,
    /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
    pub destination_type: Option<String>,
    pub destination: Option<String>,
    pub log_format: Option<String>,
    /// `ACTIVE` when the flow log exists.
    pub status: Option<String>,
    /// `SUCCESS` or `FAILED` (delivery to the destination).
    pub deliver_logs_status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub name: String,
    pub arn: Option<String>,
    pub home_region: Option<String>,
    pub multi_region: bool,
    pub organization_trail: bool,
    pub include_global_service_events: bool,
    pub log_file_validation: bool,
    pub s3_bucket: Option<String>,
    pub kms_key_id: Option<String>,
    pub cloudwatch_logs_log_group_arn: Option<String>,
    /// False when the trail has the default selectors: every management event, no data event.
    pub has_custom_event_selectors: Option<bool>,
    /// From get-trail-status; None when the status was not read.
    pub is_logging: Option<bool>,
    pub latest_delivery_error: Option<String>,
    /// From get-event-selectors; None when they were not read.
    pub event_selectors: Option<EventSelectors>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventSelectors {
    /// Management events are recorded (read, write or all).
    pub management_events: bool,
    /// `All`, `ReadOnly` or `WriteOnly` for management events.
    pub read_write_type: Option<String>,
    /// Resource types with data events (e.g. `AWS::S3::Object`).
    pub data_resource_types: Vec<String>,
    /// Advanced selectors kept as JSON text; the checks interpret them.
    pub advanced: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricFilter {
    pub name: String,
    pub log_group_name: String,
    pub pattern: String,
    /// (namespace, metric name) pairs the filter publishes.
    pub metrics: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarm {
    pub name: String,
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigRecorder {
    pub name: String,
    pub all_supported: bool,
    pub include_global_resource_types: bool,
    pub resource_types: Vec<String>,
    /// From the recorder status; None when the status was not read.
    pub recording: Option<bool>,
    pub last_status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardDutyDetector {
    pub id: String,
    /// None until get-detector was read for this detector.
    pub status: Option<String>,
    /// Feature name (`S3_DATA_EVENTS`, `EBS_MALWARE_PROTECTION`, `RUNTIME_MONITORING`, …) and
    /// status (`ENABLED`/`DISABLED`); legacy `DataSources` are translated to the same names.
    pub features: Vec<(String, String)>,
}

/// An unarchived GuardDuty finding (the export asks for severity 7 and above).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardDutyFinding {
    pub id: String,
    pub detector_id: String,
    /// `UnauthorizedAccess:EC2/SSHBruteForce`, `CryptoCurrency:EC2/BitcoinTool.B!DNS`, …
    pub finding_type: String,
    pub title: String,
    /// 1.0–10.0: 7.0–8.9 high, 9.0 and above critical (GuardDuty User Guide, "Severity levels").
    pub severity: f64,
    /// `Instance`, `AccessKey`, `S3Bucket`, `EKSCluster`, …
    pub resource_type: String,
    /// The instance id, the access key's user, the bucket name, when the finding names one.
    pub resource_id: Option<String>,
    pub updated_at: Option<String>,
    /// How many times GuardDuty saw it (`Service.Count`).
    pub count: u64,
    pub archived: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SsmManagedInstance {
    pub instance_id: String,
    /// `Online`, `ConnectionLost`, `Inactive`.
    pub ping_status: Option<String>,
    pub last_ping: Option<String>,
    pub agent_version: Option<String>,
    pub platform: Option<String>,
    pub computer_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PatchState {
    pub instance_id: String,
    pub baseline_id: Option<String>,
    pub operation: Option<String>,
    pub operation_end_time: Option<String>,
    pub installed: i64,
    pub installed_pending_reboot: i64,
    pub missing: i64,
    pub failed: i64,
    pub critical_non_compliant: i64,
    pub security_non_compliant: i64,
}

/// Amazon Inspector (v2) enablement for the account in one region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InspectorStatus {
    pub account_id: Option<String>,
    /// Overall state: `ENABLED`, `DISABLED`, …
    pub state: Option<String>,
    /// Per resource type (`ec2`, `ecr`, `lambda`, `lambdaCode`): its status.
    pub resources: Vec<(String, String)>,
}

/// An active Amazon Inspector finding about an EC2 instance (the export asks for critical and
/// high ones only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectorFinding {
    pub arn: String,
    pub title: String,
    /// `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `INFORMATIONAL`, `UNTRIAGED`.
    pub severity: String,
    /// `ACTIVE`, `SUPPRESSED`, `CLOSED`.
    pub status: String,
    /// The CVE (or other id) of a package vulnerability.
    pub vulnerability_id: Option<String>,
    /// The instances the finding is about.
    pub instance_ids: Vec<String>,
    pub exploit_available: bool,
    /// `YES`, `NO`, `PARTIAL`.
    pub fix_available: Option<String>,
    pub score: Option<f64>,
}

/// An AWS WAF web ACL (regional scope) and the load balancers it protects.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebAcl {
    pub arn: String,
    pub name: String,
    /// The Application Load Balancers associated with it; None when not read.
    pub load_balancer_arns: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkFirewall {
    pub name: String,
    pub arn: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub policy_arn: Option<String>,
    /// Firewall endpoints (`vpce-`) per availability zone.
    pub endpoint_ids: Vec<String>,
}
