//! Workloads: instances, addresses, load balancers, Auto Scaling, Lambda, ECS.

use serde::{Deserialize, Serialize};

use super::Tags;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub owner_id: Option<String>,
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    pub state: String,
    pub instance_type: Option<String>,
    pub image_id: Option<String>,
    pub platform: Option<String>,
    pub launch_time: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub ipv6_addresses: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    pub iam_instance_profile_arn: Option<String>,
    pub metadata: Option<MetadataOptions>,
    pub tags: Tags,
}

impl Instance {
    /// The `Name` tag, as the console shows it.
    pub fn name(&self) -> Option<&str> {
        self.tags.get("Name").map(String::as_str)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MetadataOptions {
    /// `required` means IMDSv2 only; `optional` allows IMDSv1.
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`.
    pub http_endpoint: Option<String>,
    pub http_put_response_hop_limit: Option<i64>,
}

/// An Elastic IP address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub public_ip: String,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub private_ip: Option<String>,
    pub tags: Tags,
}

/// An Application, Network or Gateway Load Balancer (ELBv2), or a Classic Load Balancer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    /// The ARN for ELBv2; the name for a classic load balancer.
    pub id: String,
    pub name: String,
    /// `application`, `network`, `gateway` or `classic`.
    pub lb_type: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    pub vpc_id: Option<String>,
    pub dns_name: Option<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    /// `ipv4` or `dualstack`.
    pub ip_address_type: Option<String>,
    pub listeners: Vec<Listener>,
    /// Classic load balancers register instances directly.
    pub instance_ids: Vec<String>,
}

impl LoadBalancer {
    pub fn is_internet_facing(&self) -> bool {
        self.scheme == "internet-facing"
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    pub arn: Option<String>,
    pub port: u16,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`, or classic `HTTP`/`SSL`.
    pub protocol: String,
    /// Classic listeners send to this port on the instances.
    pub instance_port: Option<u16>,
    pub ssl_policy: Option<String>,
    /// Target groups the default action forwards to.
    pub target_group_arns: Vec<String>,
    /// True when the default action redirects (e.g. HTTP to HTTPS).
    pub redirects: bool,
    /// The listener's rules other than the default (`elbv2 describe-rules`); None when they
    /// were not read, so what they forward is unknown, not absent.
    #[serde(default)]
    pub rules: Option<Vec<ListenerRule>>,
}

impl Listener {
    /// Every target group the listener forwards to: its default action's, then its rules'.
    pub fn forwarded_target_groups(&self) -> Vec<&str> {
        let mut arns: Vec<&str> = self.target_group_arns.iter().map(String::as_str).collect();
        for arn in self.rules.iter().flatten().flat_map(|r| &r.target_group_arns) {
            if !arns.contains(&arn.as_str()) {
                arns.push(arn);
            }
        }
        arns
    }

    /// True when some request gets an answer rather than a redirect: the default action, or
    /// a rule, forwards or returns a fixed response.
    pub fn serves(&self) -> bool {
        !self.redirects || self.rules.iter().flatten().any(|r| r.serves)
    }
}

/// A non-default listener rule (Application Load Balancer User Guide, "Listener rules"): when
/// its conditions match, its actions run instead of the default action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListenerRule {
    pub arn: String,
    /// `1` to `50000`: lower numbers are evaluated first.
    pub priority: String,
    /// Target groups its forward action sends to (`TargetGroupArn` or every group of a
    /// weighted `ForwardConfig`).
    pub target_group_arns: Vec<String>,
    /// True when the rule answers requests (forward or fixed-response), false when it redirects.
    pub serves: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub protocol: Option<String>,
    pub port: Option<u16>,
    pub vpc_id: Option<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    pub load_balancer_arns: Vec<String>,
    pub targets: Vec<Target>,
    /// False when target health was not read: the targets are unknown, not absent.
    pub targets_read: bool,
    /// `elbv2 describe-target-group-attributes`; None when they were not read.
    #[serde(default)]
    pub attributes: Option<TargetGroupAttributes>,
}

/// The target group attributes that decide what a target sees (Network Load Balancer User
/// Guide, "Edit target group attributes"): None when the answer did not carry the key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetGroupAttributes {
    /// `preserve_client_ip.enabled`.
    pub preserve_client_ip: Option<bool>,
    /// `proxy_protocol_v2.enabled`.
    pub proxy_protocol_v2: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Instance id, IP address, Lambda ARN or ALB ARN.
    pub id: String,
    pub port: Option<u16>,
    pub availability_zone: Option<String>,
    pub health: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AutoScalingGroup {
    pub name: String,
    pub arn: Option<String>,
    pub instance_ids: Vec<String>,
    pub subnet_ids: Vec<String>,
    pub load_balancer_names: Vec<String>,
    pub target_group_arns: Vec<String>,
    pub max_instance_lifetime: Option<i64>,
    pub launch_template: Option<String>,
    pub tags: Tags,
    /// The group's instance refreshes of the past six weeks (what DescribeInstanceRefreshes
    /// keeps): (status, end time); None when they were not read.
    pub instance_refreshes: Option<Vec<(String, Option<String>)>>,
}

/// A Lambda function. Environment variables are never kept: they often hold secrets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LambdaFunction {
    pub name: String,
    pub arn: String,
    pub runtime: Option<String>,
    pub role: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EcsService {
    pub name: String,
    pub arn: String,
    pub cluster_arn: Option<String>,
    /// `EC2`, `FARGATE` or `EXTERNAL`.
    pub launch_type: Option<String>,
    pub desired_count: i64,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub assign_public_ip: bool,
}

/// A resource whose configuration names security groups, read for that alone: a group it
/// names is in use even when no network interface carries it (a stopped database, a launch
/// template no instance runs from yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupReference {
    /// The kind it was read from (which call).
    pub kind: crate::ResourceKind,
    /// As a reader names it: `RDS DB instance prod-db`.
    pub resource: String,
    pub group_ids: Vec<String>,
    /// Groups named by name, as launch configurations and templates may (default VPC).
    pub group_names: Vec<String>,
}
