//! The normalized model of one AWS account: what every collector produces and every analysis reads.

mod compute;
mod identity;
mod monitoring;
mod network;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use compute::*;
pub use identity::*;
pub use monitoring::*;
pub use network::*;

use crate::coverage::Coverage;

/// Resource tags, key to value.
pub type Tags = BTreeMap<String, String>;

/// One account, as read from one source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    /// The 12-digit account id, when the data names it.
    pub account_id: Option<String>,
    /// Where the data came from (an export folder, a snapshot, `live`), for the report.
    pub source: String,
    /// Regions by name (`us-east-1`).
    pub regions: BTreeMap<String, Region>,
    /// Account-wide data (IAM, S3 account settings).
    pub global: Global,
    /// What was read and what was not, with the reason.
    pub coverage: Coverage,
    /// Files of the source that hold no response rampart reads, by name: what they say is
    /// unknown, so a verdict they could change (a group they name being unused) is not certain.
    #[serde(default)]
    pub unread_responses: Vec<UnreadResponse>,
}

/// A file of an export that holds no AWS response rampart reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnreadResponse {
    /// Its path in the export.
    pub file: String,
    /// The region of its folder, when one names it; None: it could be about any region.
    pub region: Option<String>,
    pub reason: String,
    /// Security group ids it names (`sg-` and 8 or 17 hex digits).
    pub group_ids: Vec<String>,
}

impl UnreadResponse {
    /// True when the file names the group and could be about this region.
    pub fn names_group(&self, region: &str, group_id: &str) -> bool {
        self.region.as_deref().is_none_or(|r| r == region) && self.group_ids.iter().any(|g| g == group_id)
    }
}

impl Inventory {
    /// The account id, or `unknown` when the data never names it.
    pub fn account(&self) -> &str {
        self.account_id.as_deref().unwrap_or("unknown")
    }

    /// Keeps only the named regions (and the account-wide data), as `--region` limits a live
    /// read. A name that is not a region, or a region the source holds nothing about, is an
    /// error naming the regions it does hold.
    pub fn retain_regions(&mut self, names: &[String]) -> Result<(), String> {
        let held = || self.regions.keys().cloned().collect::<Vec<_>>().join(", ");
        for name in names {
            if !crate::import::region::is_region(name) {
                return Err(format!("`{name}` is not an AWS region name"));
            }
            if !self.regions.contains_key(name) {
                return Err(format!(
                    "the source holds nothing about region `{name}` (it holds: {})",
                    held()
                ));
            }
        }
        self.regions.retain(|name, _| names.contains(name));
        self.coverage
            .entries
            .retain(|e| e.scope == crate::GLOBAL || names.contains(&e.scope));
        Ok(())
    }

    /// True when at least one kind was read somewhere: an inventory that read nothing has no
    /// verdict to give (every check would be not evaluated, or judge an empty account).
    pub fn read_anything(&self) -> bool {
        self.coverage.entries.iter().any(|e| e.status == crate::Status::Read)
    }
}

/// Everything read in one region.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Region {
    pub name: String,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateways: Vec<InternetGateway>,
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub transit_gateways: Vec<TransitGateway>,
    pub transit_gateway_attachments: Vec<TransitGatewayAttachment>,
    pub transit_gateway_route_tables: Vec<TransitGatewayRouteTable>,
    pub vpc_peering_connections: Vec<VpcPeeringConnection>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub prefix_lists: Vec<PrefixList>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_acls: Vec<NetworkAcl>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub instances: Vec<Instance>,
    pub addresses: Vec<Address>,
    pub flow_logs: Vec<FlowLog>,
    pub load_balancers: Vec<LoadBalancer>,
    pub target_groups: Vec<TargetGroup>,
    pub auto_scaling_groups: Vec<AutoScalingGroup>,
    pub trails: Vec<Trail>,
    pub metric_filters: Vec<MetricFilter>,
    pub metric_alarms: Vec<MetricAlarm>,
    /// The metrics the CloudWatch agent published in the last two weeks (`list-metrics
    /// --namespace CWAgent`), and the instances they name by their `InstanceId` dimension.
    pub cloudwatch_agent_metrics: usize,
    pub cloudwatch_agent_instances: Vec<String>,
    pub config_recorders: Vec<ConfigRecorder>,
    pub guardduty_detectors: Vec<GuardDutyDetector>,
    /// Unarchived findings of severity 7 and above; `guardduty_finding_ids` is every id the
    /// listing returned, so details that were not read can be told apart.
    pub guardduty_findings: Vec<GuardDutyFinding>,
    pub guardduty_finding_ids: Vec<String>,
    pub ssm_managed_instances: Vec<SsmManagedInstance>,
    pub patch_states: Vec<PatchState>,
    pub inspector: Option<InspectorStatus>,
    pub inspector_findings: Vec<InspectorFinding>,
    pub web_acls: Vec<WebAcl>,
    pub workspaces_directories: Vec<WorkspacesDirectory>,
    pub workspaces_ip_groups: Vec<WorkspacesIpGroup>,
    pub network_firewalls: Vec<NetworkFirewall>,
    pub lambda_functions: Vec<LambdaFunction>,
    pub ecs_services: Vec<EcsService>,
    /// Resources read only for the security groups their configuration names (databases,
    /// caches, search domains, launch templates and configurations).
    pub group_references: Vec<GroupReference>,
}

/// Account-wide data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Global {
    pub iam: Iam,
    pub credential_report: Option<CredentialReport>,
    /// `get-account-summary`'s `SummaryMap` (e.g. `AccountMFAEnabled`, `AccountAccessKeysPresent`).
    pub account_summary: BTreeMap<String, i64>,
    pub password_policy: Option<PasswordPolicy>,
    pub mfa_devices: Vec<MfaDevice>,
    pub s3_account_public_access_block: Option<PublicAccessBlock>,
    pub buckets: Vec<Bucket>,
}
