//! Workloads and access: Network Firewall, AWS WAF web ACLs, WorkSpaces, Lambda functions
//! (never their environment: it holds secrets), ECS services.

use aws_config::SdkConfig;
use serde_json::{json, Map, Value};

use crate::call::Ctx;
use crate::shape::{file_part, name, safe};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str) {
    tokio::join!(
        firewalls(ctx, aws_sdk_networkfirewall::Client::new(config), region),
        web_acls(ctx, aws_sdk_wafv2::Client::new(config), region),
        workspaces(ctx, aws_sdk_workspaces::Client::new(config), region),
        functions(ctx, aws_sdk_lambda::Client::new(config), region),
        services(ctx, aws_sdk_ecs::Client::new(config), region),
    );
}

/// Regional web ACLs, then the Application Load Balancers each protects (as the export script
/// writes them: the ACL's ARN beside the list). ListWebACLs pages by NextMarker.
async fn web_acls(ctx: &Ctx, waf: aws_sdk_wafv2::Client, region: &str) {
    use aws_sdk_wafv2::types::{ResourceType, Scope};
    let mut acls: Vec<(String, String)> = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = waf
            .list_web_acls()
            .scope(Scope::Regional)
            .set_next_marker(marker.clone())
            .send();
        let Some(out) = ctx
            .call(region, "waf-web-acls.json", "wafv2 list-web-acls", request)
            .await
        else {
            return;
        };
        acls.extend(
            out.web_acls()
                .iter()
                .filter_map(|a| Some((a.name()?.to_owned(), a.arn()?.to_owned()))),
        );
        marker = out.next_marker().filter(|m| !m.is_empty()).map(str::to_owned);
        if marker.is_none() || out.web_acls().is_empty() {
            break;
        }
    }
    ctx.put(
        region,
        "waf-web-acls.json",
        json!({"WebACLs": acls.iter().map(|(n, a)| json!({"Name": n, "ARN": a})).collect::<Vec<_>>()}),
    );
    for (_, arn) in &acls {
        let file = format!("waf-resources-{}.json", safe(arn.rsplit('/').next().unwrap_or(arn)));
        let request = waf
            .list_resources_for_web_acl()
            .web_acl_arn(arn)
            .resource_type(ResourceType::ApplicationLoadBalancer)
            .send();
        if let Some(out) = ctx
            .call(region, &file, "wafv2 list-resources-for-web-acl", request)
            .await
        {
            ctx.put(
                region,
                &file,
                json!({"WebACLArn": arn, "ResourceArns": out.resource_arns()}),
            );
        }
    }
}

async fn firewalls(ctx: &Ctx, nfw: aws_sdk_networkfirewall::Client, region: &str) {
    let request = nfw.list_firewalls().into_paginator().send().try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "network-firewalls.json",
            "network-firewall list-firewalls",
            request,
        )
        .await
    else {
        return;
    };
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.firewalls())
        .filter_map(|f| f.firewall_name())
        .collect();
    ctx.put(
        region,
        "network-firewalls.json",
        json!({"Firewalls": names.iter().map(|n| json!({"FirewallName": n})).collect::<Vec<_>>()}),
    );
    for firewall_name in names {
        let file = format!("network-firewall-{}.json", safe(firewall_name));
        let request = nfw.describe_firewall().firewall_name(firewall_name).send();
        let Some(out) = ctx
            .call(region, &file, "network-firewall describe-firewall", request)
            .await
        else {
            continue;
        };
        let firewall = out.firewall().map(|f| {
            json!({
                "FirewallName": f.firewall_name(), "FirewallArn": f.firewall_arn(), "VpcId": f.vpc_id(),
                "FirewallPolicyArn": f.firewall_policy_arn(),
                "SubnetMappings": f.subnet_mappings().iter().map(|m| json!({"SubnetId": m.subnet_id()})).collect::<Vec<_>>(),
            })
        });
        let status = out.firewall_status().map(|s| {
            let states: Map<String, Value> = s
                .sync_states()
                .map(|m| {
                    m.iter()
                        .map(|(zone, state)| {
                            let attachment = state
                                .attachment()
                                .map(|a| json!({"EndpointId": a.endpoint_id(), "SubnetId": a.subnet_id()}));
                            (zone.clone(), json!({ "Attachment": attachment }))
                        })
                        .collect()
                })
                .unwrap_or_default();
            json!({ "SyncStates": states })
        });
        ctx.put(region, &file, json!({"Firewall": firewall, "FirewallStatus": status}));
    }
}

async fn workspaces(ctx: &Ctx, workspaces: aws_sdk_workspaces::Client, region: &str) {
    let request = workspaces
        .describe_workspace_directories()
        .into_paginator()
        .send()
        .try_collect();
    if let Some(pages) = ctx
        .call(
            region,
            "workspaces-directories.json",
            "workspaces describe-workspace-directories",
            request,
        )
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.directories())
            .map(|d| {
                let access = d.workspace_access_properties().map(|a| {
                    json!({
                        "DeviceTypeWindows": name!(a.device_type_windows()), "DeviceTypeOsx": name!(a.device_type_osx()),
                        "DeviceTypeWeb": name!(a.device_type_web()), "DeviceTypeIos": name!(a.device_type_ios()),
                        "DeviceTypeAndroid": name!(a.device_type_android()),
                        "DeviceTypeChromeOs": name!(a.device_type_chrome_os()),
                        "DeviceTypeZeroClient": name!(a.device_type_zero_client()),
                        "DeviceTypeLinux": name!(a.device_type_linux()),
                    })
                });
                json!({
                    "DirectoryId": d.directory_id(), "DirectoryType": name!(d.directory_type()), "State": name!(d.state()),
                    "ipGroupIds": d.ip_group_ids(), "WorkspaceAccessProperties": access,
                    "CertificateBasedAuthProperties": d.certificate_based_auth_properties()
                        .map(|c| json!({"Status": name!(c.status())})),
                })
            })
            .collect();
        ctx.put(region, "workspaces-directories.json", json!({ "Directories": list }));
    }
    // No paginator in the SDK for this one: follow NextToken by hand.
    let pages = async {
        let mut pages = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = workspaces
                .describe_ip_groups()
                .set_next_token(token.take())
                .send()
                .await?;
            token = page.next_token().map(str::to_owned);
            pages.push(page);
            if token.is_none() {
                return Ok::<
                    _,
                    aws_sdk_workspaces::error::SdkError<
                        aws_sdk_workspaces::operation::describe_ip_groups::DescribeIpGroupsError,
                    >,
                >(pages);
            }
        }
    };
    if let Some(pages) = ctx
        .call(
            region,
            "workspaces-ip-groups.json",
            "workspaces describe-ip-groups",
            pages,
        )
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.result())
            .map(|g| {
                json!({
                    "groupId": g.group_id(), "groupName": g.group_name(),
                    "userRules": g.user_rules().iter().map(|r| json!({"ipRule": r.ip_rule()})).collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.put(
            region,
            "workspaces-ip-groups.json",
            json!({ "WorkspacesIpGroups": list }),
        );
    }
}

async fn functions(ctx: &Ctx, lambda: aws_sdk_lambda::Client, region: &str) {
    let request = lambda.list_functions().into_paginator().send().try_collect();
    if let Some(pages) = ctx
        .call(region, "lambda-functions.json", "lambda list-functions", request)
        .await
    {
        // Only what the audit needs: never `Environment` (it holds secrets).
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.functions())
            .map(|f| {
                json!({
                    "FunctionName": f.function_name(), "FunctionArn": f.function_arn(), "Runtime": name!(f.runtime()),
                    "Role": f.role(), "LastModified": f.last_modified(),
                    "VpcConfig": f.vpc_config().map(|v| json!({
                        "VpcId": v.vpc_id(), "SubnetIds": v.subnet_ids(), "SecurityGroupIds": v.security_group_ids(),
                    })),
                })
            })
            .collect();
        ctx.put(region, "lambda-functions.json", json!({ "Functions": list }));
    }
}

async fn services(ctx: &Ctx, ecs: aws_sdk_ecs::Client, region: &str) {
    let request = ecs.list_clusters().into_paginator().send().try_collect();
    let Some(pages) = ctx
        .call(region, "ecs-clusters.json", "ecs list-clusters", request)
        .await
    else {
        return;
    };
    let clusters: Vec<&String> = pages.iter().flat_map(|p| p.cluster_arns()).collect();
    // As the export script writes it: no cluster means no service, which is an answer.
    ctx.put(region, "ecs-clusters.json", json!({ "clusterArns": clusters }));
    for cluster in clusters {
        let cn = file_part(cluster);
        let request = ecs
            .list_services()
            .cluster(cluster)
            .into_paginator()
            .send()
            .try_collect();
        let Some(pages) = ctx
            .call(region, &format!("ecs-services-{cn}.json"), "ecs list-services", request)
            .await
        else {
            continue;
        };
        let arns: Vec<&String> = pages.iter().flat_map(|p| p.service_arns()).collect();
        // describe-services takes at most 10 services a call.
        for (n, batch) in arns.chunks(10).enumerate() {
            let file = format!("ecs-services-{cn}-{}.json", n + 1);
            let request = ecs
                .describe_services()
                .cluster(cluster)
                .set_services(Some(batch.iter().map(|s| s.to_string()).collect()))
                .send();
            let Some(out) = ctx.call(region, &file, "ecs describe-services", request).await else {
                continue;
            };
            let list: Vec<Value> = out
                .services()
                .iter()
                .map(|s| {
                    json!({
                        "serviceName": s.service_name(), "serviceArn": s.service_arn(), "clusterArn": s.cluster_arn(),
                        "launchType": name!(s.launch_type()), "desiredCount": s.desired_count(),
                        "networkConfiguration": s.network_configuration().map(|n| json!({
                            "awsvpcConfiguration": n.awsvpc_configuration().map(|a| json!({
                                "subnets": a.subnets(), "securityGroups": a.security_groups(),
                                "assignPublicIp": name!(a.assign_public_ip()),
                            })),
                        })),
                    })
                })
                .collect();
            ctx.put(region, &file, json!({ "services": list }));
        }
    }
}
