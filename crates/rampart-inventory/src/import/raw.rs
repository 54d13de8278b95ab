//! AWS API response shapes, as the AWS CLI writes them (`--output json`).
//!
//! One [`Document`] holds every top-level key rampart understands, so a file is recognised by
//! its content in a single parse, whatever its name. Unknown keys are ignored. Wrappers that
//! add an id to an output that lacks one (`LoadBalancerTargetHealth`, `TransitGatewayPropagations`,
//! …) follow the Batfish snapshot convention; `rampart export-script` writes them with `--query`.

use ipnet::{Ipv4Net, Ipv6Net};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A list that some documented outputs write as a single object (e.g. `AttachedManagedPolicies`
/// in the AWS CLI's own get-account-authorization-details example).
fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(t) => vec![t],
    })
}

/// Every top-level key the importer recognises. `None` = not in this file.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Document {
    /// Written by `rampart export-script` in place of an answer when a call failed.
    pub rampart_error: Option<CallError>,
    // sts get-caller-identity, ec2 describe-regions / describe-availability-zones
    pub account: Option<String>,
    pub regions: Option<Vec<RegionInfo>>,
    pub availability_zones: Option<Vec<AvailabilityZone>>,
    // VPC
    pub vpcs: Option<Vec<Vpc>>,
    pub subnets: Option<Vec<Subnet>>,
    pub route_tables: Option<Vec<RouteTable>>,
    pub internet_gateways: Option<Vec<InternetGateway>>,
    pub egress_only_internet_gateways: Option<Vec<EgressOnlyInternetGateway>>,
    pub nat_gateways: Option<Vec<NatGateway>>,
    pub transit_gateways: Option<Vec<TransitGateway>>,
    pub transit_gateway_attachments: Option<Vec<TransitGatewayAttachment>>,
    pub transit_gateway_vpc_attachments: Option<Vec<TransitGatewayVpcAttachment>>,
    pub transit_gateway_route_tables: Option<Vec<TransitGatewayRouteTable>>,
    pub transit_gateway_static_routes: Option<Vec<TgwRoutesWrapper>>,
    pub transit_gateway_propagations: Option<Vec<TgwPropagationsWrapper>>,
    pub vpc_peering_connections: Option<Vec<VpcPeeringConnection>>,
    pub vpc_endpoints: Option<Vec<VpcEndpoint>>,
    pub prefix_lists: Option<Vec<PrefixList>>,
    pub managed_prefix_list_entries: Option<Vec<PrefixListEntriesWrapper>>,
    pub security_groups: Option<Vec<SecurityGroup>>,
    pub security_group_rules: Option<Vec<SecurityGroupRule>>,
    pub network_acls: Option<Vec<NetworkAcl>>,
    pub network_interfaces: Option<Vec<NetworkInterface>>,
    pub reservations: Option<Vec<Reservation>>,
    pub addresses: Option<Vec<Address>>,
    pub flow_logs: Option<Vec<FlowLog>>,
    // ELB
    pub load_balancers: Option<Vec<LoadBalancerV2>>,
    pub load_balancer_descriptions: Option<Vec<ClassicLoadBalancer>>,
    pub listeners: Option<Vec<ListenerV2>>,
    pub load_balancer_listeners: Option<Vec<ListenersWrapper>>,
    pub target_groups: Option<Vec<TargetGroup>>,
    pub load_balancer_target_health: Option<Vec<TargetHealthWrapper>>,
    /// `elbv2 describe-rules` (one listener's; each rule's ARN names its listener). Other
    /// services answer with a top-level `Rules` too (S3 lifecycle, EventBridge): items are
    /// read leniently and only listener rules are kept.
    pub rules: Option<Vec<Value>>,
    /// `elbv2 describe-target-group-attributes`, with the group's ARN beside it (the export adds it).
    pub target_group_attributes: Option<Vec<TargetGroupAttributesWrapper>>,
    // Auto Scaling
    pub auto_scaling_groups: Option<Vec<AutoScalingGroup>>,
    /// `autoscaling describe-instance-refreshes` (one group's), with the group's name beside
    /// it (the export script adds it: an empty answer names no group).
    pub instance_refreshes: Option<Vec<InstanceRefresh>>,
    pub auto_scaling_group_name: Option<String>,
    pub auto_scaling_instances: Option<Vec<AutoScalingInstance>>,
    // CloudTrail, CloudWatch, Config
    #[serde(rename = "trailList")]
    pub trail_list: Option<Vec<Trail>>,
    pub is_logging: Option<bool>,
    pub trail_statuses: Option<Vec<TrailStatusWrapper>>,
    #[serde(rename = "TrailARN")]
    pub trail_arn: Option<String>,
    pub event_selectors: Option<Vec<EventSelector>>,
    pub advanced_event_selectors: Option<Value>,
    #[serde(rename = "metricFilters")]
    pub metric_filters: Option<Vec<MetricFilter>>,
    pub metric_alarms: Option<Vec<MetricAlarm>>,
    /// `wafv2 list-web-acls --scope REGIONAL`.
    #[serde(rename = "WebACLs")]
    pub web_acls: Option<Vec<WebAclSummary>>,
    /// `wafv2 list-resources-for-web-acl`, with the ACL's ARN beside it (the export adds it).
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: Option<String>,
    pub resource_arns: Option<Vec<String>>,
    /// `cloudwatch list-metrics` (the export asks for the CWAgent namespace only).
    pub metrics: Option<Vec<CwMetric>>,
    pub configuration_recorders: Option<Vec<ConfigRecorder>>,
    pub configuration_recorders_status: Option<Vec<ConfigRecorderStatus>>,
    // GuardDuty
    pub detector_ids: Option<Vec<String>>,
    /// `guardduty list-findings`.
    pub finding_ids: Option<Vec<String>>,
    /// `guardduty get-findings`.
    #[serde(rename = "Findings")]
    pub guardduty_findings: Option<Vec<GdFinding>>,
    pub detectors: Option<Vec<DetectorWrapper>>,
    /// A bare `get-detector` answer (it does not name its detector).
    pub finding_publishing_frequency: Option<String>,
    pub status: Option<Value>,
    pub data_sources: Option<Value>,
    pub features: Option<Vec<DetectorFeature>>,
    // Systems Manager, Inspector
    pub instance_information_list: Option<Vec<SsmInstance>>,
    pub instance_patch_states: Option<Vec<PatchState>>,
    #[serde(rename = "accounts")]
    pub inspector_accounts: Option<Vec<InspectorAccount>>,
    /// `inspector2 list-findings`.
    #[serde(rename = "findings")]
    pub inspector_findings: Option<Vec<InspectorFinding>>,
    // WorkSpaces, Network Firewall, Lambda, ECS
    pub directories: Option<Vec<WorkspacesDirectory>>,
    pub workspaces_ip_groups: Option<Vec<WorkspacesIpGroup>>,
    pub result: Option<Vec<WorkspacesIpGroup>>,
    pub firewall: Option<Firewall>,
    pub firewall_status: Option<FirewallStatus>,
    pub firewalls: Option<Vec<FirewallWrapper>>,
    pub functions: Option<Vec<LambdaFunction>>,
    #[serde(rename = "services")]
    pub ecs_services: Option<Vec<EcsService>>,
    /// `ecs list-clusters`: an empty list means there are no services to describe.
    #[serde(rename = "clusterArns")]
    pub ecs_cluster_arns: Option<Vec<String>>,
    // IAM
    pub user_detail_list: Option<Vec<UserDetail>>,
    pub group_detail_list: Option<Vec<GroupDetail>>,
    pub role_detail_list: Option<Vec<RoleDetail>>,
    pub policies: Option<Vec<PolicyDetail>>,
    pub content: Option<String>,
    pub report_format: Option<String>,
    pub generated_time: Option<String>,
    pub summary_map: Option<std::collections::BTreeMap<String, i64>>,
    pub password_policy: Option<PasswordPolicy>,
    #[serde(rename = "VirtualMFADevices")]
    pub virtual_mfa_devices: Option<Vec<VirtualMfaDevice>>,
    // S3
    pub public_access_block_configuration: Option<PublicAccessBlock>,
    pub bucket_public_access_blocks: Option<Vec<BucketPublicAccessBlock>>,
    /// `s3api get-bucket-policy-status`, wrapped by the export script with the bucket's name.
    pub bucket_policy_statuses: Option<Vec<BucketPolicyStatus>>,
    /// `s3api get-bucket-acl`, wrapped likewise.
    pub bucket_acls: Option<Vec<BucketAcl>>,
    pub buckets: Option<Vec<BucketInfo>>,
    // Resources that name security groups (read for `unused-security-group`).
    #[serde(rename = "DBInstances")]
    pub db_instances: Option<Vec<DbInstance>>,
    #[serde(rename = "DBClusters")]
    pub db_clusters: Option<Vec<DbCluster>>,
    pub cache_clusters: Option<Vec<CacheCluster>>,
    /// `redshift describe-clusters`. Other services' `describe-clusters` (DAX, CloudHSM,
    /// MemoryDB) also answer `Clusters`; only entries with a `ClusterIdentifier` are Redshift's.
    pub clusters: Option<Vec<RedshiftCluster>>,
    /// `opensearch describe-domains` (and the legacy `es describe-elasticsearch-domains`).
    pub domain_status_list: Option<Vec<DomainStatus>>,
    /// `opensearch list-domain-names`: the domains `describe-domains` must answer for.
    pub domain_names: Option<Vec<DomainNameInfo>>,
    pub launch_template_versions: Option<Vec<LaunchTemplateVersion>>,
    pub launch_configurations: Option<Vec<LaunchConfiguration>>,
}

/// `VpcSecurityGroups` entries of RDS and Redshift answers.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcSecurityGroupMembership {
    pub vpc_security_group_id: String,
}

/// `rds describe-db-instances` (RDS User Guide; also DocumentDB and Neptune instances).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
}

/// `rds describe-db-clusters` (Aurora, Multi-AZ DB clusters, DocumentDB, Neptune).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: String,
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
}

/// `elasticache describe-cache-clusters`: `SecurityGroups` of a cluster in a VPC.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheCluster {
    pub cache_cluster_id: String,
    pub security_groups: Vec<CacheSecurityGroupMembership>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheSecurityGroupMembership {
    pub security_group_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RedshiftCluster {
    pub cluster_identifier: Option<String>,
    pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DomainStatus {
    pub domain_name: String,
    #[serde(rename = "VPCOptions")]
    pub vpc_options: Option<DomainVpcOptions>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DomainVpcOptions {
    pub security_group_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DomainNameInfo {
    pub domain_name: String,
}

/// `ec2 describe-launch-template-versions --versions $Latest $Default`. The export script
/// projects it with `--query` (never `UserData`), which writes absent fields as `null`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateVersion {
    pub launch_template_id: String,
    pub launch_template_name: Option<String>,
    pub version_number: Option<i64>,
    pub default_version: Option<bool>,
    pub launch_template_data: Option<LaunchTemplateData>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateData {
    pub security_group_ids: Option<Vec<String>>,
    /// Group names (default VPC).
    pub security_groups: Option<Vec<String>>,
    pub network_interfaces: Option<Vec<LaunchTemplateInterface>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateInterface {
    pub groups: Option<Vec<String>>,
}

/// `autoscaling describe-launch-configurations`: `SecurityGroups` holds ids, or names for
/// EC2-Classic and default-VPC configurations.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchConfiguration {
    pub launch_configuration_name: String,
    pub security_groups: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RegionInfo {
    pub region_name: String,
    pub opt_in_status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AvailabilityZone {
    pub region_name: Option<String>,
    pub zone_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CidrBlockAssociation {
    pub cidr_block: Option<Ipv4Net>,
    pub ipv6_cidr_block: Option<Ipv6Net>,
    pub cidr_block_state: Option<State>,
    pub ipv6_cidr_block_state: Option<State>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct State {
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Vpc {
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub cidr_block: Option<Ipv4Net>,
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub ipv6_cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub is_default: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subnet {
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: Option<String>,
    pub cidr_block: Option<Ipv4Net>,
    pub ipv6_cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub map_public_ip_on_launch: bool,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTable {
    pub route_table_id: String,
    pub vpc_id: String,
    pub associations: Vec<RouteTableAssociation>,
    pub routes: Vec<Route>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTableAssociation {
    pub main: bool,
    pub subnet_id: Option<String>,
    pub gateway_id: Option<String>,
    pub association_state: Option<State>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Route {
    pub destination_cidr_block: Option<Ipv4Net>,
    pub destination_ipv6_cidr_block: Option<Ipv6Net>,
    pub destination_prefix_list_id: Option<String>,
    pub gateway_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub instance_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    /// Some writers name a Gateway Load Balancer endpoint target here rather than in `GatewayId`.
    pub vpc_endpoint_id: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Attachment {
    pub vpc_id: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InternetGateway {
    pub internet_gateway_id: String,
    pub attachments: Vec<Attachment>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: String,
    pub attachments: Vec<Attachment>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NatGateway {
    pub nat_gateway_id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub state: Option<String>,
    pub connectivity_type: Option<String>,
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NatGatewayAddress {
    pub public_ip: Option<String>,
    pub private_ip: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGateway {
    pub transit_gateway_id: String,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: String,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub resource_owner_id: Option<String>,
    pub state: Option<String>,
    pub association: Option<TgwAssociation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwAssociation {
    pub transit_gateway_route_table_id: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayVpcAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: String,
    pub vpc_id: Option<String>,
    pub vpc_owner_id: Option<String>,
    pub state: Option<String>,
    pub subnet_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayRouteTable {
    pub transit_gateway_route_table_id: String,
    pub transit_gateway_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwRoutesWrapper {
    pub transit_gateway_route_table_id: String,
    pub routes: Vec<TgwRoute>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwRoute {
    /// IPv4 or IPv6: one table holds both (parsed in `convert::tgw_route`).
    pub destination_cidr_block: Option<String>,
    pub prefix_list_id: Option<String>,
    #[serde(rename = "Type")]
    pub route_type: Option<String>,
    pub state: Option<String>,
    pub transit_gateway_attachments: Vec<TgwRouteAttachment>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwRouteAttachment {
    pub transit_gateway_attachment_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwPropagationsWrapper {
    pub transit_gateway_route_table_id: String,
    pub transit_gateway_route_table_propagations: Vec<TgwPropagation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwPropagation {
    pub transit_gateway_attachment_id: String,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringVpcInfo {
    pub vpc_id: String,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub cidr_block: Option<Ipv4Net>,
    pub cidr_block_set: Vec<CidrBlockAssociation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringStatus {
    pub code: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    pub status: Option<PeeringStatus>,
    pub requester_vpc_info: PeeringVpcInfo,
    pub accepter_vpc_info: PeeringVpcInfo,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupRef {
    pub group_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: String,
    pub vpc_id: String,
    pub service_name: String,
    pub vpc_endpoint_type: Option<String>,
    pub state: Option<String>,
    pub subnet_ids: Vec<String>,
    pub route_table_ids: Vec<String>,
    pub groups: Vec<GroupRef>,
    pub network_interface_ids: Vec<String>,
    pub policy_document: Option<Value>,
}

/// Both `describe-managed-prefix-lists` and `describe-prefix-lists` (AWS service lists, with
/// their `Cidrs`) answer with `PrefixLists`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixList {
    pub prefix_list_id: String,
    pub prefix_list_name: Option<String>,
    pub owner_id: Option<String>,
    pub address_family: Option<String>,
    pub cidrs: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListEntriesWrapper {
    pub prefix_list_id: String,
    pub entries: Vec<PrefixListEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListEntry {
    pub cidr: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_permissions_egress: Vec<IpPermission>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
    pub prefix_list_ids: Vec<PrefixListId>,
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpRange {
    pub cidr_ip: Option<Ipv4Net>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Range {
    pub cidr_ipv6: Option<Ipv6Net>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListId {
    pub prefix_list_id: String,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub peering_status: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroupRule {
    pub security_group_rule_id: Option<String>,
    pub group_id: String,
    pub group_owner_id: Option<String>,
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ipv4: Option<Ipv4Net>,
    pub cidr_ipv6: Option<Ipv6Net>,
    pub prefix_list_id: Option<String>,
    pub referenced_group_info: Option<UserIdGroupPair>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAcl {
    pub network_acl_id: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub associations: Vec<NaclAssociation>,
    pub entries: Vec<NaclEntry>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NaclAssociation {
    pub subnet_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NaclEntry {
    pub rule_number: i64,
    pub egress: bool,
    pub protocol: String,
    pub rule_action: String,
    pub cidr_block: Option<Ipv4Net>,
    pub ipv6_cidr_block: Option<Ipv6Net>,
    pub port_range: Option<PortRange>,
    pub icmp_type_code: Option<IcmpTypeCode>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IcmpTypeCode {
    #[serde(rename = "Type")]
    pub icmp_type: Option<i64>,
    pub code: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub availability_zone: Option<String>,
    pub interface_type: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub requester_managed: bool,
    pub private_ip_address: Option<String>,
    pub private_ip_addresses: Vec<PrivateIp>,
    pub association: Option<IpAssociation>,
    pub ipv6_addresses: Vec<Ipv6Address>,
    pub groups: Vec<GroupRef>,
    pub attachment: Option<EniAttachment>,
    pub tag_set: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrivateIp {
    pub private_ip_address: Option<String>,
    pub association: Option<IpAssociation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpAssociation {
    pub public_ip: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Address {
    pub ipv6_address: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EniAttachment {
    pub instance_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Reservation {
    pub owner_id: Option<String>,
    pub instances: Vec<Instance>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    pub instance_id: String,
    pub state: Option<InstanceState>,
    pub instance_type: Option<String>,
    pub image_id: Option<String>,
    pub platform_details: Option<String>,
    pub platform: Option<String>,
    pub launch_time: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub public_ip_address: Option<String>,
    pub ipv6_address: Option<String>,
    pub placement: Option<Placement>,
    pub security_groups: Vec<GroupRef>,
    pub network_interfaces: Vec<InstanceEni>,
    pub iam_instance_profile: Option<ArnRef>,
    pub metadata_options: Option<MetadataOptions>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceState {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Placement {
    pub availability_zone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceEni {
    pub network_interface_id: String,
    pub ipv6_addresses: Vec<Ipv6Address>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ArnRef {
    pub arn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetadataOptions {
    pub http_tokens: Option<String>,
    pub http_endpoint: Option<String>,
    pub http_put_response_hop_limit: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Address {
    pub public_ip: String,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FlowLog {
    pub flow_log_id: String,
    pub resource_id: String,
    pub traffic_type: Option<String>,
    pub log_destination_type: Option<String>,
    pub log_destination: Option<String>,
    pub log_group_name: Option<String>,
    pub log_format: Option<String>,
    pub flow_log_status: Option<String>,
    pub deliver_logs_status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LbAvailabilityZone {
    pub subnet_id: Option<String>,
    pub zone_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoadBalancerV2 {
    pub load_balancer_arn: String,
    pub load_balancer_name: String,
    #[serde(rename = "Type")]
    pub lb_type: Option<String>,
    pub scheme: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(rename = "DNSName")]
    pub dns_name: Option<String>,
    pub availability_zones: Vec<LbAvailabilityZone>,
    pub security_groups: Vec<String>,
    pub ip_address_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ClassicLoadBalancer {
    pub load_balancer_name: String,
    pub scheme: Option<String>,
    #[serde(rename = "VPCId")]
    pub vpc_id: Option<String>,
    #[serde(rename = "DNSName")]
    pub dns_name: Option<String>,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub listener_descriptions: Vec<ClassicListenerDescription>,
    pub instances: Vec<ClassicInstance>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ClassicListenerDescription {
    pub listener: ClassicListener,
    pub policy_names: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ClassicListener {
    pub protocol: String,
    pub load_balancer_port: i64,
    pub instance_protocol: Option<String>,
    pub instance_port: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ClassicInstance {
    pub instance_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenersWrapper {
    pub load_balancer_arn: String,
    pub listeners: Vec<ListenerV2>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenerV2 {
    pub listener_arn: Option<String>,
    pub load_balancer_arn: Option<String>,
    pub port: Option<i64>,
    pub protocol: Option<String>,
    pub ssl_policy: Option<String>,
    pub default_actions: Vec<ListenerAction>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenerAction {
    #[serde(rename = "Type")]
    pub action_type: String,
    pub target_group_arn: Option<String>,
    pub forward_config: Option<ForwardConfig>,
}

/// One rule of `elbv2 describe-rules`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenerRule {
    pub rule_arn: String,
    pub priority: Option<String>,
    pub actions: Vec<ListenerAction>,
    pub is_default: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroupAttributesWrapper {
    pub target_group_arn: String,
    pub attributes: Vec<KeyValue>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyValue {
    pub key: String,
    pub value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ForwardConfig {
    pub target_groups: Vec<TargetGroupTuple>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroupTuple {
    pub target_group_arn: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: String,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    pub target_type: Option<String>,
    pub load_balancer_arns: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetHealthWrapper {
    pub target_group_arn: String,
    pub target_health_descriptions: Vec<TargetHealthDescription>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetHealthDescription {
    pub target: TargetDescription,
    pub target_health: Option<TargetHealth>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetDescription {
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetHealth {
    pub state: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AutoScalingGroup {
    pub auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    pub arn: Option<String>,
    pub instances: Vec<AsgInstance>,
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    pub load_balancer_names: Vec<String>,
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    pub max_instance_lifetime: Option<i64>,
    pub launch_template: Option<LaunchTemplateRef>,
    pub launch_configuration_name: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AsgInstance {
    pub instance_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchTemplateRef {
    pub launch_template_id: Option<String>,
    pub launch_template_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AutoScalingInstance {
    pub instance_id: String,
    pub auto_scaling_group_name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Trail {
    pub name: String,
    #[serde(rename = "TrailARN")]
    pub trail_arn: Option<String>,
    pub home_region: Option<String>,
    pub is_multi_region_trail: bool,
    pub is_organization_trail: bool,
    pub include_global_service_events: bool,
    pub log_file_validation_enabled: bool,
    pub s3_bucket_name: Option<String>,
    pub kms_key_id: Option<String>,
    pub cloud_watch_logs_log_group_arn: Option<String>,
    pub has_custom_event_selectors: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TrailStatus {
    pub is_logging: Option<bool>,
    pub latest_delivery_error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TrailStatusWrapper {
    /// The trail's name or ARN.
    pub name: String,
    pub status: TrailStatus,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventSelector {
    pub read_write_type: Option<String>,
    pub include_management_events: Option<bool>,
    pub data_resources: Vec<DataResource>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DataResource {
    #[serde(rename = "Type")]
    pub resource_type: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricFilter {
    pub filter_name: String,
    pub log_group_name: String,
    pub filter_pattern: String,
    pub metric_transformations: Vec<MetricTransformation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricTransformation {
    pub metric_name: String,
    pub metric_namespace: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetricAlarm {
    pub alarm_name: String,
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
    pub state_value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigRecorder {
    pub name: String,
    pub recording_group: Option<RecordingGroup>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordingGroup {
    pub all_supported: bool,
    pub include_global_resource_types: bool,
    pub resource_types: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigRecorderStatus {
    pub name: String,
    pub recording: Option<bool>,
    pub last_status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DetectorWrapper {
    pub detector_id: String,
    pub detector: Detector,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Detector {
    pub status: Option<String>,
    pub data_sources: Option<Value>,
    pub features: Vec<DetectorFeature>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DetectorFeature {
    pub name: String,
    pub status: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SsmInstance {
    pub instance_id: String,
    pub ping_status: Option<String>,
    pub last_ping_date_time: Option<Value>,
    pub agent_version: Option<String>,
    pub platform_name: Option<String>,
    pub computer_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PatchState {
    pub instance_id: String,
    pub baseline_id: Option<String>,
    pub operation: Option<String>,
    pub operation_end_time: Option<Value>,
    pub installed_count: i64,
    pub installed_pending_reboot_count: i64,
    pub missing_count: i64,
    pub failed_count: i64,
    pub critical_non_compliant_count: i64,
    pub security_non_compliant_count: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorAccount {
    pub account_id: Option<String>,
    pub state: Option<InspectorState>,
    pub resource_state: Option<std::collections::BTreeMap<String, InspectorState>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WebAclSummary {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "ARN")]
    pub arn: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceRefresh {
    pub auto_scaling_group_name: String,
    pub status: Option<String>,
    pub end_time: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CwMetric {
    pub namespace: Option<String>,
    pub dimensions: Vec<CwDimension>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CwDimension {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdFinding {
    pub id: String,
    pub detector_id: Option<String>,
    #[serde(rename = "Type")]
    pub finding_type: String,
    pub title: String,
    pub severity: f64,
    pub updated_at: Option<String>,
    pub resource: Option<GdResource>,
    pub service: Option<GdService>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdResource {
    pub resource_type: String,
    pub instance_details: Option<GdInstance>,
    pub access_key_details: Option<GdAccessKey>,
    pub s3_bucket_details: Option<Vec<GdBucket>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdInstance {
    pub instance_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdAccessKey {
    pub user_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdBucket {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GdService {
    pub archived: bool,
    pub count: u64,
    pub detector_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorFinding {
    pub finding_arn: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub resources: Vec<InspectorResource>,
    pub package_vulnerability_details: Option<InspectorVulnerability>,
    pub exploit_available: Option<String>,
    pub fix_available: Option<String>,
    pub inspector_score: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorResource {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorVulnerability {
    pub vulnerability_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorState {
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkspacesDirectory {
    pub directory_id: String,
    pub directory_type: Option<String>,
    pub state: Option<String>,
    /// The WorkSpaces API spells this one member in camel case (API reference,
    /// `WorkspaceDirectory`); the Pascal-case spelling is accepted too.
    #[serde(rename = "ipGroupIds", alias = "IpGroupIds")]
    pub ip_group_ids: Vec<String>,
    pub workspace_access_properties: Option<std::collections::BTreeMap<String, Value>>,
    pub certificate_based_auth_properties: Option<CertificateAuth>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CertificateAuth {
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkspacesIpGroup {
    pub group_id: String,
    pub group_name: Option<String>,
    pub user_rules: Vec<WorkspacesIpRule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkspacesIpRule {
    pub ip_rule: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Firewall {
    pub firewall_name: String,
    pub firewall_arn: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_mappings: Vec<SubnetMapping>,
    pub firewall_policy_arn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SubnetMapping {
    pub subnet_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FirewallStatus {
    pub sync_states: std::collections::BTreeMap<String, SyncState>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SyncState {
    pub attachment: Option<FirewallAttachment>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FirewallAttachment {
    pub endpoint_id: Option<String>,
    pub subnet_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FirewallWrapper {
    pub firewall: Firewall,
    pub firewall_status: Option<FirewallStatus>,
}

/// `lambda list-functions`; `Environment` is deliberately not read.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaFunction {
    pub function_name: String,
    pub function_arn: String,
    pub runtime: Option<String>,
    pub role: Option<String>,
    pub last_modified: Option<String>,
    pub vpc_config: Option<LambdaVpcConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaVpcConfig {
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcsService {
    pub service_name: String,
    pub service_arn: String,
    pub cluster_arn: Option<String>,
    pub launch_type: Option<String>,
    pub desired_count: i64,
    pub network_configuration: Option<EcsNetworkConfiguration>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcsNetworkConfiguration {
    pub awsvpc_configuration: Option<EcsAwsvpc>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcsAwsvpc {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachedPolicy {
    pub policy_arn: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserDetail {
    pub user_name: String,
    pub arn: String,
    pub user_id: Option<String>,
    pub create_date: Option<String>,
    pub group_list: Vec<String>,
    #[serde(deserialize_with = "one_or_many")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub user_policy_list: Vec<InlinePolicy>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PermissionsBoundary {
    pub permissions_boundary_arn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupDetail {
    pub group_name: String,
    pub arn: String,
    #[serde(deserialize_with = "one_or_many")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub group_policy_list: Vec<InlinePolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RoleDetail {
    pub role_name: String,
    pub arn: String,
    pub path: Option<String>,
    pub create_date: Option<String>,
    pub assume_role_policy_document: Option<Value>,
    #[serde(deserialize_with = "one_or_many")]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    pub role_policy_list: Vec<InlinePolicy>,
    pub instance_profile_list: Vec<ArnRef>,
    pub role_last_used: Option<RoleLastUsed>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RoleLastUsed {
    pub last_used_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyDetail {
    pub policy_name: String,
    pub arn: String,
    pub attachment_count: i64,
    pub default_version_id: Option<String>,
    pub policy_version_list: Vec<PolicyVersion>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersion {
    pub document: Value,
    pub version_id: Option<String>,
    pub is_default_version: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i64>,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    pub max_password_age: Option<i64>,
    pub password_reuse_prevention: Option<i64>,
    pub hard_expiry: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    pub user: Option<MfaUser>,
    pub enable_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MfaUser {
    pub arn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketPublicAccessBlock {
    pub bucket: String,
    pub public_access_block_configuration: Option<PublicAccessBlock>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketInfo {
    pub name: String,
    pub creation_date: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CallError {
    /// `service operation`, as in `ec2 describe-network-acls`.
    pub command: String,
    /// The AWS error code (`AccessDenied`, `UnauthorizedOperation`, …).
    pub code: String,
    pub message: String,
    /// The bucket a per-bucket S3 call was about.
    pub bucket: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketPolicyStatus {
    pub bucket: String,
    pub policy_status: Option<PolicyStatus>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyStatus {
    pub is_public: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketAcl {
    pub bucket: String,
    pub grants: Vec<AclGrant>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AclGrant {
    pub grantee: Option<AclGrantee>,
    pub permission: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AclGrantee {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    #[serde(rename = "URI")]
    pub uri: Option<String>,
}
