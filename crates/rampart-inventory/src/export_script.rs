//! `rampart export-script`: a bash script of read-only AWS CLI calls that writes exactly what
//! the importer reads. A user runs it in AWS CloudShell (or anywhere the AWS CLI v2 is
//! configured), zips the folder, and hands it to whoever audits.
//!
//! Layout: `OUT/regions.json`, `OUT/global/*.json`, `OUT/<region>/*.json`. When a call fails
//! the script writes `{"RampartError": {...}}` in place of the answer, so that the import
//! reports the gap (denied, not enabled) instead of treating it as "nothing there".
//! Outputs that do not name their resource get it added with `--query` (JMESPath literals).

/// The script, ready to print.
pub fn script() -> String {
    format!("{HEADER}{GLOBAL}{REGIONAL}")
}

/// The AWS CLI operations the script calls, as `service operation`, for the allowlist test.
pub fn operations() -> Vec<String> {
    let mut ops: Vec<String> = Vec::new();
    let text = script();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            // `run FILE svc op`, `r FILE svc op`, `aws svc op`, `ids svc op` (also inside `$( )`).
            let skip = match w.trim_start_matches("$(") {
                "run" | "r" => 2,
                "aws" | "ids" => 1,
                _ => continue,
            };
            if let (Some(service), Some(op)) = (words.get(i + skip), words.get(i + skip + 1)) {
                let looks_like_call = |s: &str| {
                    s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
                };
                if looks_like_call(service) && looks_like_call(op) && !service.starts_with('-') {
                    let call = format!("{service} {op}");
                    if !ops.contains(&call) {
                        ops.push(call);
                    }
                }
            }
        }
    }
    ops
}

const HEADER: &str = r#"#!/usr/bin/env bash
# rampart export script: read-only AWS CLI calls that write an account's configuration as JSON.
#
#   bash export.sh [OUTPUT_FOLDER]        (default: rampart-export)
#   REGIONS="eu-west-1 us-east-1" bash export.sh   to limit the regions
#
# Needs the AWS CLI v2 with credentials allowed to read (e.g. the SecurityAudit managed policy).
# It calls only Describe*, List*, Get*, Search*, BatchGet* and iam GenerateCredentialReport,
# and never writes secrets: Lambda environments and user data are not exported.
# Then: zip -r rampart-export.zip rampart-export   and:   rampart scan rampart-export
set -u
OUT="${1:-rampart-export}"
mkdir -p "$OUT/global"
export AWS_PAGER=""

# run FILE SERVICE OPERATION [ARGS...]: the answer, or a RampartError naming the failed call.
run() {
  local file=$1 cmd="$2 $3"; shift
  if aws "$@" --output json > "$file.tmp" 2> "$file.err"; then
    mv "$file.tmp" "$file"; rm -f "$file.err"
  else
    local code msg
    code=$(sed -n 's/.*An error occurred (\([A-Za-z0-9._-]*\)).*/\1/p' "$file.err" | head -n 1)
    msg=$(head -c 400 "$file.err" | tr -d '"\\' | tr '\n\r\t' '   ')
    # A per-bucket call names its bucket (BUCKET is set around those calls).
    local about=""; [ -n "${BUCKET:-}" ] && about=", \"Bucket\": \"$BUCKET\""
    printf '{"RampartError": {"Command": "%s", "Code": "%s", "Message": "%s"%s}}\n' "$cmd" "${code:-Unknown}" "$msg" "$about" > "$file"
    rm -f "$file.tmp" "$file.err"
    echo "  $cmd: ${code:-failed}" >&2
  fi
}

# ids SERVICE OPERATION QUERY [ARGS...]: whitespace-separated ids, nothing on error.
ids() {
  local service=$1 op=$2 query=$3; shift 3
  aws "$service" "$op" --query "$query" --output text "$@" 2>/dev/null | tr '\t' '\n' | grep -v '^None$' || true
}

# A name safe to use in a file name.
safe() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'; }

ACCOUNT=$(aws sts get-caller-identity --query Account --output text) || { echo "no AWS credentials: run 'aws configure' or 'aws sso login'" >&2; exit 2; }
run "$OUT/global/caller-identity.json" sts get-caller-identity
# Regions named in $REGIONS are the scope of the audit: only they are listed.
if [ -n "${REGIONS:-}" ]; then
  run "$OUT/regions.json" ec2 describe-regions --region-names $REGIONS
else
  run "$OUT/regions.json" ec2 describe-regions
  REGIONS=$(aws ec2 describe-regions --query 'Regions[].RegionName' --output text)
fi
echo "account $ACCOUNT; regions: $REGIONS" >&2
"#;

const GLOBAL: &str = r#"
echo "global" >&2
G="$OUT/global"
run "$G/authorization-details.json" iam get-account-authorization-details
aws iam generate-credential-report --output json > /dev/null 2>&1
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(aws iam generate-credential-report --query State --output text 2>/dev/null)" = "COMPLETE" ] && break
  sleep 2
done
run "$G/credential-report.json" iam get-credential-report
run "$G/account-summary.json" iam get-account-summary
run "$G/password-policy.json" iam get-account-password-policy
run "$G/virtual-mfa-devices.json" iam list-virtual-mfa-devices
run "$G/account-public-access-block.json" s3control get-public-access-block --account-id "$ACCOUNT"
run "$G/buckets.json" s3api list-buckets
for b in $(ids s3api list-buckets 'Buckets[].Name'); do
  n=$(safe "$b"); BUCKET=$b
  run "$G/bucket-pab-$n.json" s3api get-public-access-block --bucket "$b" \
    --query "{BucketPublicAccessBlocks: [{Bucket: '$b', PublicAccessBlockConfiguration: PublicAccessBlockConfiguration}]}"
  run "$G/bucket-policy-status-$n.json" s3api get-bucket-policy-status --bucket "$b" \
    --query "{BucketPolicyStatuses: [{Bucket: '$b', PolicyStatus: PolicyStatus}]}"
  run "$G/bucket-acl-$n.json" s3api get-bucket-acl --bucket "$b" \
    --query "{BucketAcls: [{Bucket: '$b', Grants: Grants}]}"
  unset BUCKET
done
"#;

const REGIONAL: &str = r#"
for R in $REGIONS; do
  echo "$R" >&2
  D="$OUT/$R"; mkdir -p "$D"
  r() { local file=$1; shift; run "$D/$file" "$@" --region "$R"; }
  # VPC networking
  r vpcs.json ec2 describe-vpcs
  r subnets.json ec2 describe-subnets
  r route-tables.json ec2 describe-route-tables
  r internet-gateways.json ec2 describe-internet-gateways
  r egress-only-internet-gateways.json ec2 describe-egress-only-internet-gateways
  r nat-gateways.json ec2 describe-nat-gateways
  r transit-gateways.json ec2 describe-transit-gateways
  r transit-gateway-attachments.json ec2 describe-transit-gateway-attachments
  r transit-gateway-vpc-attachments.json ec2 describe-transit-gateway-vpc-attachments
  r transit-gateway-route-tables.json ec2 describe-transit-gateway-route-tables
  for t in $(ids ec2 describe-transit-gateway-route-tables 'TransitGatewayRouteTables[].TransitGatewayRouteTableId' --region "$R"); do
    r "tgw-routes-$t.json" ec2 search-transit-gateway-routes --transit-gateway-route-table-id "$t" \
      --filters Name=type,Values=static,propagated \
      --query "{TransitGatewayStaticRoutes: [{TransitGatewayRouteTableId: '$t', Routes: Routes}]}"
    r "tgw-propagations-$t.json" ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id "$t" \
      --query "{TransitGatewayPropagations: [{TransitGatewayRouteTableId: '$t', TransitGatewayRouteTablePropagations: TransitGatewayRouteTablePropagations}]}"
  done
  r vpc-peering-connections.json ec2 describe-vpc-peering-connections
  r vpc-endpoints.json ec2 describe-vpc-endpoints
  r managed-prefix-lists.json ec2 describe-managed-prefix-lists
  for p in $(ids ec2 describe-managed-prefix-lists 'PrefixLists[].PrefixListId' --region "$R"); do
    r "prefix-list-entries-$p.json" ec2 get-managed-prefix-list-entries --prefix-list-id "$p" \
      --query "{ManagedPrefixListEntries: [{PrefixListId: '$p', Entries: Entries}]}"
  done
  r security-groups.json ec2 describe-security-groups
  r security-group-rules.json ec2 describe-security-group-rules
  r network-acls.json ec2 describe-network-acls
  r network-interfaces.json ec2 describe-network-interfaces
  r instances.json ec2 describe-instances
  r addresses.json ec2 describe-addresses
  r flow-logs.json ec2 describe-flow-logs
  # Load balancing and Auto Scaling
  r load-balancers.json elbv2 describe-load-balancers
  r classic-load-balancers.json elb describe-load-balancers
  for lb in $(ids elbv2 describe-load-balancers 'LoadBalancers[].LoadBalancerArn' --region "$R"); do
    n=$(safe "${lb##*/}")
    r "listeners-$n.json" elbv2 describe-listeners --load-balancer-arn "$lb"
    # Non-default listener rules forward too; each rule's ARN names its listener.
    for l in $(ids elbv2 describe-listeners 'Listeners[].ListenerArn' --load-balancer-arn "$lb" --region "$R"); do
      m=$(safe "${l##*/}")
      r "listener-rules-$n-$m.json" elbv2 describe-rules --listener-arn "$l"
    done
  done
  r target-groups.json elbv2 describe-target-groups
  for tg in $(ids elbv2 describe-target-groups 'TargetGroups[].TargetGroupArn' --region "$R"); do
    n=$(safe "${tg##*/}")
    r "target-health-$n.json" elbv2 describe-target-health --target-group-arn "$tg" \
      --query "{LoadBalancerTargetHealth: [{TargetGroupArn: '$tg', TargetHealthDescriptions: TargetHealthDescriptions}]}"
    # Client IP preservation decides which source addresses a target sees.
    r "target-group-attributes-$n.json" elbv2 describe-target-group-attributes --target-group-arn "$tg" \
      --query "{TargetGroupAttributes: [{TargetGroupArn: '$tg', Attributes: Attributes}]}"
  done
  r auto-scaling-groups.json autoscaling describe-auto-scaling-groups
  for g in $(ids autoscaling describe-auto-scaling-groups 'AutoScalingGroups[].AutoScalingGroupName' --region "$R"); do
    n=$(safe "$g")
    r "instance-refreshes-$n.json" autoscaling describe-instance-refreshes --auto-scaling-group-name "$g" \
      --query "{AutoScalingGroupName: '$g', InstanceRefreshes: InstanceRefreshes}"
  done
  # Logging and detection
  r trails.json cloudtrail describe-trails
  for t in $(ids cloudtrail describe-trails 'trailList[].TrailARN' --region "$R"); do
    n=$(safe "${t##*/}")
    r "trail-status-$n.json" cloudtrail get-trail-status --name "$t" \
      --query "{TrailStatuses: [{Name: '$t', Status: @}]}"
    r "event-selectors-$n.json" cloudtrail get-event-selectors --trail-name "$t"
  done
  r metric-filters.json logs describe-metric-filters
  r metric-alarms.json cloudwatch describe-alarms
  # What the CloudWatch agent published in the last two weeks: which instances it runs on.
  r cwagent-metrics.json cloudwatch list-metrics --namespace CWAgent
  r config-recorders.json configservice describe-configuration-recorders
  r config-recorder-status.json configservice describe-configuration-recorder-status
  r guardduty-detectors.json guardduty list-detectors
  # Unarchived findings of severity 7 and above (high and critical), then their details.
  gd_high='{"Criterion":{"service.archived":{"Eq":["false"]},"severity":{"Gte":7}}}'
  for g in $(ids guardduty list-detectors 'DetectorIds' --region "$R"); do
    r "guardduty-detector-$g.json" guardduty get-detector --detector-id "$g" \
      --query "{Detectors: [{DetectorId: '$g', Detector: @}]}"
    r "guardduty-finding-ids-$g.json" guardduty list-findings --detector-id "$g" --finding-criteria "$gd_high"
    n=0
    for batch in $(ids guardduty list-findings 'FindingIds' --detector-id "$g" --finding-criteria "$gd_high" --region "$R" | xargs -n 50 | tr ' ' ','); do
      n=$((n + 1))
      r "guardduty-findings-$g-$n.json" guardduty get-findings --detector-id "$g" --finding-ids $(echo "$batch" | tr ',' ' ')
    done
  done
  r ssm-instances.json ssm describe-instance-information
  n=0
  for batch in $(ids ssm describe-instance-information 'InstanceInformationList[].InstanceId' --region "$R" | xargs -n 50 | tr ' ' ','); do
    n=$((n + 1))
    r "ssm-patch-states-$n.json" ssm describe-instance-patch-states --instance-ids $(echo "$batch" | tr ',' ' ')
  done
  r inspector.json inspector2 batch-get-account-status --account-ids "$ACCOUNT"
  # Active critical and high findings on instances: ranked by exposure (vulnerable-host-exposed).
  r inspector-findings.json inspector2 list-findings --filter-criteria \
    '{"findingStatus":[{"comparison":"EQUALS","value":"ACTIVE"}],"resourceType":[{"comparison":"EQUALS","value":"AWS_EC2_INSTANCE"}],"severity":[{"comparison":"EQUALS","value":"CRITICAL"},{"comparison":"EQUALS","value":"HIGH"}]}'
  r network-firewalls.json network-firewall list-firewalls
  for f in $(ids network-firewall list-firewalls 'Firewalls[].FirewallName' --region "$R"); do
    n=$(safe "$f")
    r "network-firewall-$n.json" network-firewall describe-firewall --firewall-name "$f"
  done
  # AWS WAF (regional web ACLs) and the Application Load Balancers each protects.
  r waf-web-acls.json wafv2 list-web-acls --scope REGIONAL
  for a in $(ids wafv2 list-web-acls 'WebACLs[].ARN' --scope REGIONAL --region "$R"); do
    n=$(safe "${a##*/}")
    r "waf-resources-$n.json" wafv2 list-resources-for-web-acl --web-acl-arn "$a" --resource-type APPLICATION_LOAD_BALANCER \
      --query "{WebACLArn: '$a', ResourceArns: ResourceArns}"
  done
  # Access and workloads
  r workspaces-directories.json workspaces describe-workspace-directories
  r workspaces-ip-groups.json workspaces describe-ip-groups --query "{WorkspacesIpGroups: Result}"
  # Only what the audit needs: never Environment (it holds secrets).
  r lambda-functions.json lambda list-functions \
    --query "{Functions: Functions[].{FunctionName: FunctionName, FunctionArn: FunctionArn, Runtime: Runtime, Role: Role, LastModified: LastModified, VpcConfig: VpcConfig}}"
  r ecs-clusters.json ecs list-clusters
  for c in $(ids ecs list-clusters 'clusterArns' --region "$R"); do
    n=0
    cn=$(safe "${c##*/}")
    for batch in $(ids ecs list-services 'serviceArns' --cluster "$c" --region "$R" | xargs -n 10 | tr ' ' ','); do
      n=$((n + 1))
      r "ecs-services-$cn-$n.json" ecs describe-services --cluster "$c" --services $(echo "$batch" | tr ',' ' ')
    done
  done
  # Resources that name security groups: a group is unused only when none of them does.
  r rds-db-instances.json rds describe-db-instances
  r rds-db-clusters.json rds describe-db-clusters
  r elasticache-cache-clusters.json elasticache describe-cache-clusters
  r redshift-clusters.json redshift describe-clusters
  r opensearch-domain-names.json opensearch list-domain-names
  n=0
  for batch in $(ids opensearch list-domain-names 'DomainNames[].DomainName' --region "$R" | xargs -n 5 | tr ' ' ','); do
    n=$((n + 1))
    r "opensearch-domains-$n.json" opensearch describe-domains --domain-names $(echo "$batch" | tr ',' ' ')
  done
  # Every launch template's latest and default versions (no template id: all of them), and
  # launch configurations: only their groups, never UserData (it often holds secrets).
  r launch-template-versions.json ec2 describe-launch-template-versions --versions '$Latest' '$Default' \
    --query "{LaunchTemplateVersions: LaunchTemplateVersions[].{LaunchTemplateId: LaunchTemplateId, LaunchTemplateName: LaunchTemplateName, VersionNumber: VersionNumber, DefaultVersion: DefaultVersion, LaunchTemplateData: {SecurityGroupIds: LaunchTemplateData.SecurityGroupIds, SecurityGroups: LaunchTemplateData.SecurityGroups, NetworkInterfaces: LaunchTemplateData.NetworkInterfaces[].{Groups: Groups}}}}"
  r launch-configurations.json autoscaling describe-launch-configurations \
    --query "{LaunchConfigurations: LaunchConfigurations[].{LaunchConfigurationName: LaunchConfigurationName, LaunchConfigurationARN: LaunchConfigurationARN, SecurityGroups: SecurityGroups}}"
done
echo "done: $OUT (zip it, or run: rampart scan $OUT)" >&2
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::ResourceKind;

    #[test]
    fn every_kind_is_exported() {
        let ops = operations();
        for kind in ResourceKind::ALL {
            // ECS services are described per cluster; every other kind by its own call.
            assert!(
                ops.contains(&kind.cli().to_owned()),
                "`{}` is not in the export script",
                kind.cli()
            );
        }
    }

    /// Invariant 4: rampart never changes the audited account.
    #[test]
    fn only_read_operations() {
        for op in operations() {
            let verb = op.split_whitespace().nth(1).unwrap_or("");
            let read = ["describe-", "list-", "get-", "search-", "batch-get-"]
                .iter()
                .any(|p| verb.starts_with(p));
            assert!(
                read || op == "iam generate-credential-report",
                "`{op}` is not a read operation"
            );
        }
        let ops = operations();
        for expected in [
            "elbv2 describe-listeners",
            "elbv2 describe-target-health",
            "cloudtrail get-trail-status",
            "s3api get-public-access-block",
            "ecs list-services",
        ] {
            assert!(ops.iter().any(|o| o == expected), "the parser missed `{expected}`");
        }
        assert!(ops.len() > 50, "{}", ops.len());
    }
}
