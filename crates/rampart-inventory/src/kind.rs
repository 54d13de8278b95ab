//! The kinds of data rampart reads, each with the AWS CLI call that produces it.
//!
//! This one table drives three things that must agree: coverage (what was read, per region),
//! the export script (what to ask the AWS CLI for) and the messages that tell a user which
//! call to run when something is missing.

use serde::{Deserialize, Serialize};

/// Whether a kind is read once per region or once per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Regional,
    Global,
}

macro_rules! kinds {
    ($( $variant:ident => $scope:ident, $cli:literal; )*) => {
        /// One kind of data in an account, as one (or a family of) read-only AWS API calls returns it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum ResourceKind { $( $variant, )* }

        impl ResourceKind {
            /// Every kind, in a stable order.
            pub const ALL: &'static [ResourceKind] = &[ $( ResourceKind::$variant, )* ];

            /// Read once per region or once per account.
            pub fn scope(self) -> Scope {
                match self { $( ResourceKind::$variant => Scope::$scope, )* }
            }

            /// The AWS CLI call (service and operation) that produces this kind.
            pub fn cli(self) -> &'static str {
                match self { $( ResourceKind::$variant => $cli, )* }
            }
        }
    };
}

kinds! {
    Vpcs => Regional, "ec2 describe-vpcs";
    Subnets => Regional, "ec2 describe-subnets";
    RouteTables => Regional, "ec2 describe-route-tables";
    InternetGateways => Regional, "ec2 describe-internet-gateways";
    EgressOnlyInternetGateways => Regional, "ec2 describe-egress-only-internet-gateways";
    NatGateways => Regional, "ec2 describe-nat-gateways";
    TransitGateways => Regional, "ec2 describe-transit-gateways";
    TransitGatewayAttachments => Regional, "ec2 describe-transit-gateway-attachments";
    TransitGatewayRouteTables => Regional, "ec2 describe-transit-gateway-route-tables";
    VpcPeeringConnections => Regional, "ec2 describe-vpc-peering-connections";
    VpcEndpoints => Regional, "ec2 describe-vpc-endpoints";
    PrefixLists => Regional, "ec2 describe-managed-prefix-lists";
    SecurityGroups => Regional, "ec2 describe-security-groups";
    NetworkAcls => Regional, "ec2 describe-network-acls";
    NetworkInterfaces => Regional, "ec2 describe-network-interfaces";
    Instances => Regional, "ec2 describe-instances";
    Addresses => Regional, "ec2 describe-addresses";
    FlowLogs => Regional, "ec2 describe-flow-logs";
    LoadBalancers => Regional, "elbv2 describe-load-balancers";
    ClassicLoadBalancers => Regional, "elb describe-load-balancers";
    TargetGroups => Regional, "elbv2 describe-target-groups";
    ListenerRules => Regional, "elbv2 describe-rules";
    TargetGroupAttributes => Regional, "elbv2 describe-target-group-attributes";
    AutoScalingGroups => Regional, "autoscaling describe-auto-scaling-groups";
    InstanceRefreshes => Regional, "autoscaling describe-instance-refreshes";
    Trails => Regional, "cloudtrail describe-trails";
    MetricFilters => Regional, "logs describe-metric-filters";
    MetricAlarms => Regional, "cloudwatch describe-alarms";
    CloudWatchAgentMetrics => Regional, "cloudwatch list-metrics";
    ConfigRecorders => Regional, "configservice describe-configuration-recorders";
    GuardDutyDetectors => Regional, "guardduty list-detectors";
    GuardDutyFindings => Regional, "guardduty list-findings";
    SsmManagedInstances => Regional, "ssm describe-instance-information";
    SsmPatchStates => Regional, "ssm describe-instance-patch-states";
    Inspector => Regional, "inspector2 batch-get-account-status";
    InspectorFindings => Regional, "inspector2 list-findings";
    WorkspacesDirectories => Regional, "workspaces describe-workspace-directories";
    WorkspacesIpGroups => Regional, "workspaces describe-ip-groups";
    NetworkFirewalls => Regional, "network-firewall describe-firewall";
    WebAcls => Regional, "wafv2 list-web-acls";
    LambdaFunctions => Regional, "lambda list-functions";
    EcsServices => Regional, "ecs describe-services";
    DbInstances => Regional, "rds describe-db-instances";
    DbClusters => Regional, "rds describe-db-clusters";
    CacheClusters => Regional, "elasticache describe-cache-clusters";
    RedshiftClusters => Regional, "redshift describe-clusters";
    OpenSearchDomains => Regional, "opensearch describe-domains";
    LaunchTemplateVersions => Regional, "ec2 describe-launch-template-versions";
    LaunchConfigurations => Regional, "autoscaling describe-launch-configurations";
    IamAuthorizationDetails => Global, "iam get-account-authorization-details";
    CredentialReport => Global, "iam get-credential-report";
    AccountSummary => Global, "iam get-account-summary";
    PasswordPolicy => Global, "iam get-account-password-policy";
    VirtualMfaDevices => Global, "iam list-virtual-mfa-devices";
    S3AccountPublicAccessBlock => Global, "s3control get-public-access-block";
    S3Buckets => Global, "s3api list-buckets";
}

impl ResourceKind {
    /// Parses the kebab-case name used in snapshots and JSON output.
    pub fn from_name(name: &str) -> Option<ResourceKind> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }

    /// The kebab-case name.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &kind in ResourceKind::ALL {
            assert_eq!(ResourceKind::from_name(&kind.name()), Some(kind));
        }
        assert_eq!(ResourceKind::SecurityGroups.name(), "security-groups");
        assert_eq!(ResourceKind::from_name("no-such-kind"), None);
    }
}
