//! Every AWS operation the live collector calls, with the IAM action it needs: the source of
//! `rampart iam-policy`, and the allowlist a test holds the code to (ARCHITECTURE.md,
//! invariant 4: only reads, plus `GenerateCredentialReport`).

use serde_json::{json, Value};

/// One operation: the name of the client variable the code calls it on, the SDK method, and
/// the IAM action (which differs from the operation for a few S3 calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub client: &'static str,
    pub method: &'static str,
    pub action: &'static str,
}

macro_rules! ops {
    ($( $client:ident . $method:ident => $action:literal ),* $(,)?) => {
        /// The operations, grouped by service.
        pub const OPERATIONS: &[Operation] = &[
            $( Operation { client: stringify!($client), method: stringify!($method), action: $action }, )*
        ];
    };
}

ops! {
    sts.get_caller_identity => "sts:GetCallerIdentity",
    ec2.describe_regions => "ec2:DescribeRegions",
    ec2.describe_vpcs => "ec2:DescribeVpcs",
    ec2.describe_subnets => "ec2:DescribeSubnets",
    ec2.describe_route_tables => "ec2:DescribeRouteTables",
    ec2.describe_internet_gateways => "ec2:DescribeInternetGateways",
    ec2.describe_egress_only_internet_gateways => "ec2:DescribeEgressOnlyInternetGateways",
    ec2.describe_nat_gateways => "ec2:DescribeNatGateways",
    ec2.describe_transit_gateways => "ec2:DescribeTransitGateways",
    ec2.describe_transit_gateway_attachments => "ec2:DescribeTransitGatewayAttachments",
    ec2.describe_transit_gateway_vpc_attachments => "ec2:DescribeTransitGatewayVpcAttachments",
    ec2.describe_transit_gateway_route_tables => "ec2:DescribeTransitGatewayRouteTables",
    ec2.search_transit_gateway_routes => "ec2:SearchTransitGatewayRoutes",
    ec2.get_transit_gateway_route_table_propagations => "ec2:GetTransitGatewayRouteTablePropagations",
    ec2.describe_vpc_peering_connections => "ec2:DescribeVpcPeeringConnections",
    ec2.describe_vpc_endpoints => "ec2:DescribeVpcEndpoints",
    ec2.describe_managed_prefix_lists => "ec2:DescribeManagedPrefixLists",
    ec2.get_managed_prefix_list_entries => "ec2:GetManagedPrefixListEntries",
    ec2.describe_security_groups => "ec2:DescribeSecurityGroups",
    ec2.describe_security_group_rules => "ec2:DescribeSecurityGroupRules",
    ec2.describe_network_acls => "ec2:DescribeNetworkAcls",
    ec2.describe_network_interfaces => "ec2:DescribeNetworkInterfaces",
    ec2.describe_instances => "ec2:DescribeInstances",
    ec2.describe_addresses => "ec2:DescribeAddresses",
    ec2.describe_flow_logs => "ec2:DescribeFlowLogs",
    elbv2.describe_load_balancers => "elasticloadbalancing:DescribeLoadBalancers",
    elbv2.describe_listeners => "elasticloadbalancing:DescribeListeners",
    elbv2.describe_target_groups => "elasticloadbalancing:DescribeTargetGroups",
    elbv2.describe_target_health => "elasticloadbalancing:DescribeTargetHealth",
    elbv2.describe_rules => "elasticloadbalancing:DescribeRules",
    elbv2.describe_target_group_attributes => "elasticloadbalancing:DescribeTargetGroupAttributes",
    elb.describe_load_balancers => "elasticloadbalancing:DescribeLoadBalancers",
    autoscaling.describe_auto_scaling_groups => "autoscaling:DescribeAutoScalingGroups",
    autoscaling.describe_instance_refreshes => "autoscaling:DescribeInstanceRefreshes",
    cloudtrail.describe_trails => "cloudtrail:DescribeTrails",
    cloudtrail.get_trail_status => "cloudtrail:GetTrailStatus",
    cloudtrail.get_event_selectors => "cloudtrail:GetEventSelectors",
    // `trail … lookup`: the last 90 days of management events.
    cloudtrail.lookup_events => "cloudtrail:LookupEvents",
    // `trail verify s3://…`: the keys that sign digest files.
    cloudtrail.list_public_keys => "cloudtrail:ListPublicKeys",
    logs.describe_metric_filters => "logs:DescribeMetricFilters",
    cloudwatch.describe_alarms => "cloudwatch:DescribeAlarms",
    cloudwatch.list_metrics => "cloudwatch:ListMetrics",
    configservice.describe_configuration_recorders => "config:DescribeConfigurationRecorders",
    configservice.describe_configuration_recorder_status => "config:DescribeConfigurationRecorderStatus",
    guardduty.list_detectors => "guardduty:ListDetectors",
    guardduty.get_detector => "guardduty:GetDetector",
    guardduty.list_findings => "guardduty:ListFindings",
    guardduty.get_findings => "guardduty:GetFindings",
    ssm.describe_instance_information => "ssm:DescribeInstanceInformation",
    ssm.describe_instance_patch_states => "ssm:DescribeInstancePatchStates",
    inspector.batch_get_account_status => "inspector2:BatchGetAccountStatus",
    inspector.list_findings => "inspector2:ListFindings",
    nfw.list_firewalls => "network-firewall:ListFirewalls",
    nfw.describe_firewall => "network-firewall:DescribeFirewall",
    waf.list_web_acls => "wafv2:ListWebACLs",
    waf.list_resources_for_web_acl => "wafv2:ListResourcesForWebACL",
    workspaces.describe_workspace_directories => "workspaces:DescribeWorkspaceDirectories",
    workspaces.describe_ip_groups => "workspaces:DescribeIpGroups",
    lambda.list_functions => "lambda:ListFunctions",
    ecs.list_clusters => "ecs:ListClusters",
    ecs.list_services => "ecs:ListServices",
    ecs.describe_services => "ecs:DescribeServices",
    // Resources that name security groups (references.rs).
    rds.describe_db_instances => "rds:DescribeDBInstances",
    rds.describe_db_clusters => "rds:DescribeDBClusters",
    elasticache.describe_cache_clusters => "elasticache:DescribeCacheClusters",
    redshift.describe_clusters => "redshift:DescribeClusters",
    opensearch.list_domain_names => "es:ListDomainNames",
    opensearch.describe_domains => "es:DescribeDomains",
    ec2.describe_launch_template_versions => "ec2:DescribeLaunchTemplateVersions",
    autoscaling.describe_launch_configurations => "autoscaling:DescribeLaunchConfigurations",
    iam.get_account_authorization_details => "iam:GetAccountAuthorizationDetails",
    iam.generate_credential_report => "iam:GenerateCredentialReport",
    iam.get_credential_report => "iam:GetCredentialReport",
    iam.get_account_summary => "iam:GetAccountSummary",
    iam.get_account_password_policy => "iam:GetAccountPasswordPolicy",
    iam.list_virtual_mfa_devices => "iam:ListVirtualMFADevices",
    s3control.get_public_access_block => "s3:GetAccountPublicAccessBlock",
    s3.list_buckets => "s3:ListAllMyBuckets",
    s3.get_bucket_location => "s3:GetBucketLocation",
    s3_regional.get_public_access_block => "s3:GetBucketPublicAccessBlock",
    s3_regional.get_bucket_policy_status => "s3:GetBucketPolicyStatus",
    s3_regional.get_bucket_acl => "s3:GetBucketAcl",
    // Log files (flows and trail commands reading s3://…): listing and reading objects.
    s3.list_objects_v2 => "s3:ListBucket",
    s3.get_object => "s3:GetObject",
}

/// Reading log objects: only under an `AWSLogs/` prefix, where flow logs and CloudTrail deliver
/// (after the bucket's optional custom prefix), never the account's other objects.
const LOG_OBJECTS: &str = "arn:aws:s3:::*/AWSLogs/*";

/// The least-privilege identity policy for a live scan: exactly the actions above.
pub fn policy() -> Value {
    let mut actions: Vec<&str> = OPERATIONS
        .iter()
        .map(|o| o.action)
        .filter(|a| *a != "s3:GetObject")
        .collect();
    actions.sort_unstable();
    actions.dedup();
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "RampartReadOnlyAudit",
            "Effect": "Allow",
            "Action": actions,
            "Resource": "*",
        }, {
            "Sid": "RampartReadLogFiles",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": LOG_OBJECTS,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCES: &[(&str, &str)] = &[
        ("lib.rs", include_str!("lib.rs")),
        ("ec2.rs", include_str!("ec2.rs")),
        ("elb.rs", include_str!("elb.rs")),
        ("fleet.rs", include_str!("fleet.rs")),
        ("iam.rs", include_str!("iam.rs")),
        ("monitoring.rs", include_str!("monitoring.rs")),
        ("workloads.rs", include_str!("workloads.rs")),
        ("call.rs", include_str!("call.rs")),
        ("shape.rs", include_str!("shape.rs")),
        ("s3_logs.rs", include_str!("s3_logs.rs")),
        ("lookup.rs", include_str!("lookup.rs")),
        ("references.rs", include_str!("references.rs")),
    ];

    /// Every `client.method(` in the sources (white space removed, so chains split over
    /// lines are found), for the client names the table uses.
    fn calls_in_sources() -> Vec<(String, String, &'static str)> {
        let clients: Vec<&str> = OPERATIONS.iter().map(|o| o.client).collect();
        let mut found = Vec::new();
        for (file, text) in SOURCES {
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let bytes = code.as_bytes();
            let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            for (i, _) in code.match_indices('.') {
                let start = (0..i).rev().take_while(|&j| ident(bytes[j])).last().unwrap_or(i);
                let end = (i + 1..bytes.len())
                    .take_while(|&j| ident(bytes[j]))
                    .last()
                    .map_or(i + 1, |j| j + 1);
                let (client, method) = (&code[start..i], &code[i + 1..end]);
                if clients.contains(&client) && bytes.get(end) == Some(&b'(') && start > 0 && bytes[start - 1] != b':' {
                    found.push((client.to_owned(), method.to_owned(), *file));
                }
            }
        }
        found
    }

    #[test]
    fn the_code_calls_exactly_the_listed_operations() {
        let found = calls_in_sources();
        for (client, method, file) in &found {
            assert!(
                OPERATIONS.iter().any(|o| o.client == client && o.method == method),
                "{file} calls `{client}.{method}`, which is not in OPERATIONS"
            );
        }
        for o in OPERATIONS {
            assert!(
                found.iter().any(|(c, m, _)| c == o.client && m == o.method),
                "OPERATIONS lists `{}.{}`, which the code never calls",
                o.client,
                o.method
            );
        }
    }

    /// Invariant 4: reads only, plus asking IAM to generate the credential report.
    #[test]
    fn every_operation_is_a_read() {
        for o in OPERATIONS {
            // `lookup_events` reads CloudTrail's event history.
            let read = ["describe_", "list_", "get_", "search_", "batch_get_", "lookup_"]
                .iter()
                .any(|p| o.method.starts_with(p));
            assert!(
                read || o.method == "generate_credential_report",
                "`{}` is not a read",
                o.method
            );
            let verb = o.action.split(':').nth(1).unwrap_or("");
            let read_action = ["Describe", "List", "Get", "Search", "BatchGet", "Lookup"]
                .iter()
                .any(|p| verb.starts_with(p));
            assert!(
                read_action || verb == "GenerateCredentialReport",
                "`{}` is not a read action",
                o.action
            );
        }
    }

    #[test]
    fn the_policy_allows_exactly_the_actions() {
        let p = policy();
        let mut actions: Vec<&str> = p["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["Action"].as_array().into_iter().flatten().filter_map(Value::as_str))
            .collect();
        actions.sort_unstable();
        assert_eq!(
            p["Statement"][1]["Resource"], LOG_OBJECTS,
            "objects only where logs are delivered"
        );
        let mut expected: Vec<&str> = OPERATIONS.iter().map(|o| o.action).collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(actions, expected);
        assert!(!actions.iter().any(|a| a.contains('*')), "no wildcards");
    }

    #[test]
    fn the_scanner_finds_a_call_split_over_lines() {
        let code = "let x = ec2\n    .search_transit_gateway_routes()\n";
        assert!(code
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .contains("ec2.search_transit_gateway_routes("));
        assert!(calls_in_sources()
            .iter()
            .any(|(c, m, _)| c == "ec2" && m == "search_transit_gateway_routes"));
    }
}
