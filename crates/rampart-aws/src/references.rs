//! The resources read only for the security groups their configuration names: RDS DB
//! instances and clusters, ElastiCache and Redshift clusters, OpenSearch domains, launch
//! template versions (latest and default) and launch configurations. Each is written in the
//! AWS CLI's shape, reduced to the names and the groups; never a launch template's or
//! configuration's `UserData`.

use aws_config::SdkConfig;
use serde_json::{json, Value};

use crate::call::Ctx;

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str) {
    tokio::join!(
        databases(ctx, aws_sdk_rds::Client::new(config), region),
        caches(ctx, aws_sdk_elasticache::Client::new(config), region),
        warehouses(ctx, aws_sdk_redshift::Client::new(config), region),
        search_domains(ctx, aws_sdk_opensearch::Client::new(config), region),
        launch_templates(ctx, aws_sdk_ec2::Client::new(config), region),
        launch_configurations(ctx, aws_sdk_autoscaling::Client::new(config), region),
    );
}

async fn databases(ctx: &Ctx, rds: aws_sdk_rds::Client, region: &str) {
    let request = rds.describe_db_instances().into_paginator().send().try_collect();
    if let Some(pages) = ctx
        .call(region, "rds-db-instances.json", "rds describe-db-instances", request)
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.db_instances())
            .map(|i| {
                json!({
                    "DBInstanceIdentifier": i.db_instance_identifier(),
                    "DBInstanceArn": i.db_instance_arn(),
                    "VpcSecurityGroups": i.vpc_security_groups().iter()
                        .map(|g| json!({"VpcSecurityGroupId": g.vpc_security_group_id(), "Status": g.status()}))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.put(region, "rds-db-instances.json", json!({ "DBInstances": list }));
    }
    let request = rds.describe_db_clusters().into_paginator().send().try_collect();
    if let Some(pages) = ctx
        .call(region, "rds-db-clusters.json", "rds describe-db-clusters", request)
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.db_clusters())
            .map(|c| {
                json!({
                    "DBClusterIdentifier": c.db_cluster_identifier(),
                    "DBClusterArn": c.db_cluster_arn(),
                    "VpcSecurityGroups": c.vpc_security_groups().iter()
                        .map(|g| json!({"VpcSecurityGroupId": g.vpc_security_group_id(), "Status": g.status()}))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.put(region, "rds-db-clusters.json", json!({ "DBClusters": list }));
    }
}

async fn caches(ctx: &Ctx, elasticache: aws_sdk_elasticache::Client, region: &str) {
    let request = elasticache
        .describe_cache_clusters()
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "elasticache-cache-clusters.json",
            "elasticache describe-cache-clusters",
            request,
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.cache_clusters())
        .map(|c| {
            json!({
                "CacheClusterId": c.cache_cluster_id(),
                "SecurityGroups": c.security_groups().iter()
                    .map(|g| json!({"SecurityGroupId": g.security_group_id(), "Status": g.status()}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.put(
        region,
        "elasticache-cache-clusters.json",
        json!({ "CacheClusters": list }),
    );
}

async fn warehouses(ctx: &Ctx, redshift: aws_sdk_redshift::Client, region: &str) {
    let request = redshift.describe_clusters().into_paginator().send().try_collect();
    let Some(pages) = ctx
        .call(region, "redshift-clusters.json", "redshift describe-clusters", request)
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.clusters())
        .map(|c| {
            json!({
                "ClusterIdentifier": c.cluster_identifier(),
                "VpcSecurityGroups": c.vpc_security_groups().iter()
                    .map(|g| json!({"VpcSecurityGroupId": g.vpc_security_group_id(), "Status": g.status()}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.put(region, "redshift-clusters.json", json!({ "Clusters": list }));
}

/// The domain names, then their descriptions five at a time (DescribeDomains takes at most
/// five names), as the export script asks.
async fn search_domains(ctx: &Ctx, opensearch: aws_sdk_opensearch::Client, region: &str) {
    let Some(out) = ctx
        .call(
            region,
            "opensearch-domain-names.json",
            "opensearch list-domain-names",
            opensearch.list_domain_names().send(),
        )
        .await
    else {
        return;
    };
    let names: Vec<String> = out
        .domain_names()
        .iter()
        .filter_map(|d| d.domain_name().map(str::to_owned))
        .collect();
    ctx.put(
        region,
        "opensearch-domain-names.json",
        json!({"DomainNames": names.iter().map(|n| json!({"DomainName": n})).collect::<Vec<_>>()}),
    );
    for (n, batch) in names.chunks(5).enumerate() {
        let file = format!("opensearch-domains-{}.json", n + 1);
        let request = opensearch
            .describe_domains()
            .set_domain_names(Some(batch.to_vec()))
            .send();
        if let Some(out) = ctx.call(region, &file, "opensearch describe-domains", request).await {
            let list: Vec<Value> = out
                .domain_status_list()
                .iter()
                .map(|d| {
                    json!({
                        "DomainName": d.domain_name(), "ARN": d.arn(),
                        "VPCOptions": d.vpc_options().map(|v| json!({"SecurityGroupIds": v.security_group_ids()})),
                    })
                })
                .collect();
            ctx.put(region, &file, json!({ "DomainStatusList": list }));
        }
    }
}

/// Every launch template's latest and default versions (no template named: all of them, EC2
/// API Reference, DescribeLaunchTemplateVersions `Versions`).
async fn launch_templates(ctx: &Ctx, ec2: aws_sdk_ec2::Client, region: &str) {
    let request = ec2
        .describe_launch_template_versions()
        .versions("$Latest")
        .versions("$Default")
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "launch-template-versions.json",
            "ec2 describe-launch-template-versions",
            request,
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.launch_template_versions())
        .map(|v| {
            let data = v.launch_template_data().map(|d| {
                json!({
                    "SecurityGroupIds": d.security_group_ids(), "SecurityGroups": d.security_groups(),
                    "NetworkInterfaces": d.network_interfaces().iter()
                        .map(|n| json!({"Groups": n.groups()})).collect::<Vec<_>>(),
                })
            });
            json!({
                "LaunchTemplateId": v.launch_template_id(), "LaunchTemplateName": v.launch_template_name(),
                "VersionNumber": v.version_number(), "DefaultVersion": v.default_version(),
                "LaunchTemplateData": data,
            })
        })
        .collect();
    ctx.put(
        region,
        "launch-template-versions.json",
        json!({ "LaunchTemplateVersions": list }),
    );
}

async fn launch_configurations(ctx: &Ctx, autoscaling: aws_sdk_autoscaling::Client, region: &str) {
    let request = autoscaling
        .describe_launch_configurations()
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "launch-configurations.json",
            "autoscaling describe-launch-configurations",
            request,
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.launch_configurations())
        .map(|c| {
            json!({
                "LaunchConfigurationName": c.launch_configuration_name(),
                "LaunchConfigurationARN": c.launch_configuration_arn(),
                "SecurityGroups": c.security_groups(),
            })
        })
        .collect();
    ctx.put(
        region,
        "launch-configurations.json",
        json!({ "LaunchConfigurations": list }),
    );
}
