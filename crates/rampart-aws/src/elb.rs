//! Load balancing and Auto Scaling: load balancers (v2 and classic), their listeners and
//! listener rules, target groups with their health and attributes, Auto Scaling groups.

use aws_config::SdkConfig;
use aws_sdk_autoscaling::types as asg;
use aws_sdk_elasticloadbalancing::types as classic;
use aws_sdk_elasticloadbalancingv2::types as v2;
use serde_json::{json, Value};

use crate::call::Ctx;
use crate::shape::{file_part, name, tags};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str) {
    let elbv2 = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let elb = aws_sdk_elasticloadbalancing::Client::new(config);
    let autoscaling = aws_sdk_autoscaling::Client::new(config);
    tokio::join!(
        load_balancers(ctx, &elbv2, region),
        target_groups(ctx, &elbv2, region),
        classic_load_balancers(ctx, &elb, region),
        auto_scaling_groups(ctx, &autoscaling, region),
    );
}

async fn load_balancers(ctx: &Ctx, elbv2: &aws_sdk_elasticloadbalancingv2::Client, region: &str) {
    let Some(pages) = ctx
        .call(
            region,
            "load-balancers.json",
            "elbv2 describe-load-balancers",
            elbv2.describe_load_balancers().into_paginator().send().try_collect(),
        )
        .await
    else {
        return;
    };
    let lbs: Vec<&v2::LoadBalancer> = pages.iter().flat_map(|p| p.load_balancers()).collect();
    ctx.put(
        region,
        "load-balancers.json",
        json!({"LoadBalancers": lbs.iter().map(|l| json!({
            "LoadBalancerArn": l.load_balancer_arn(), "LoadBalancerName": l.load_balancer_name(),
            "Type": name!(l.r#type()), "Scheme": name!(l.scheme()), "VpcId": l.vpc_id(), "DNSName": l.dns_name(),
            "AvailabilityZones": l.availability_zones().iter()
                .map(|z| json!({"SubnetId": z.subnet_id(), "ZoneName": z.zone_name()})).collect::<Vec<_>>(),
            "SecurityGroups": l.security_groups(), "IpAddressType": name!(l.ip_address_type()),
        })).collect::<Vec<_>>()}),
    );
    for arn in lbs.iter().filter_map(|l| l.load_balancer_arn()) {
        let file = format!("listeners-{}.json", file_part(arn));
        let request = elbv2
            .describe_listeners()
            .load_balancer_arn(arn)
            .into_paginator()
            .send()
            .try_collect();
        if let Some(pages) = ctx.call(region, &file, "elbv2 describe-listeners", request).await {
            let listeners: Vec<Value> = pages.iter().flat_map(|p| p.listeners()).map(listener).collect();
            ctx.put(region, &file, json!({ "Listeners": listeners }));
            for l in pages
                .iter()
                .flat_map(|p| p.listeners())
                .filter_map(|l| l.listener_arn())
            {
                rules(
                    ctx,
                    elbv2,
                    region,
                    &format!("listener-rules-{}-{}.json", file_part(arn), file_part(l)),
                    l,
                )
                .await;
            }
        }
    }
}

/// One listener's rules, as `describe-rules` prints them (each rule's ARN names its listener).
/// DescribeRules pages by NextMarker.
async fn rules(ctx: &Ctx, elbv2: &aws_sdk_elasticloadbalancingv2::Client, region: &str, file: &str, listener: &str) {
    let mut rules: Vec<Value> = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let request = elbv2
            .describe_rules()
            .listener_arn(listener)
            .set_marker(marker.clone())
            .send();
        let Some(out) = ctx.call(region, file, "elbv2 describe-rules", request).await else {
            return;
        };
        rules.extend(out.rules().iter().map(|r| {
            json!({
                "RuleArn": r.rule_arn(), "Priority": r.priority(), "IsDefault": r.is_default(),
                "Actions": r.actions().iter().map(action).collect::<Vec<_>>(),
            })
        }));
        marker = out.next_marker().filter(|m| !m.is_empty()).map(str::to_owned);
        if marker.is_none() || out.rules().is_empty() {
            break;
        }
    }
    ctx.put(region, file, json!({ "Rules": rules }));
}

fn action(a: &v2::Action) -> Value {
    json!({
        "Type": name!(a.r#type()), "TargetGroupArn": a.target_group_arn(),
        "ForwardConfig": a.forward_config().map(|f| json!({
            "TargetGroups": f.target_groups().iter()
                .map(|t| json!({"TargetGroupArn": t.target_group_arn(), "Weight": t.weight()})).collect::<Vec<_>>(),
        })),
    })
}

fn listener(l: &v2::Listener) -> Value {
    json!({
        "ListenerArn": l.listener_arn(), "LoadBalancerArn": l.load_balancer_arn(), "Port": l.port(),
        "Protocol": name!(l.protocol()), "SslPolicy": l.ssl_policy(),
        "DefaultActions": l.default_actions().iter().map(action).collect::<Vec<_>>(),
    })
}

async fn target_groups(ctx: &Ctx, elbv2: &aws_sdk_elasticloadbalancingv2::Client, region: &str) {
    let Some(pages) = ctx
        .call(
            region,
            "target-groups.json",
            "elbv2 describe-target-groups",
            elbv2.describe_target_groups().into_paginator().send().try_collect(),
        )
        .await
    else {
        return;
    };
    let groups: Vec<&v2::TargetGroup> = pages.iter().flat_map(|p| p.target_groups()).collect();
    ctx.put(
        region,
        "target-groups.json",
        json!({"TargetGroups": groups.iter().map(|g| json!({
            "TargetGroupArn": g.target_group_arn(), "TargetGroupName": g.target_group_name(),
            "Protocol": name!(g.protocol()), "Port": g.port(), "VpcId": g.vpc_id(),
            "TargetType": name!(g.target_type()), "LoadBalancerArns": g.load_balancer_arns(),
        })).collect::<Vec<_>>()}),
    );
    for arn in groups.iter().filter_map(|g| g.target_group_arn()) {
        let file = format!("target-health-{}.json", file_part(arn));
        let request = elbv2.describe_target_health().target_group_arn(arn).send();
        if let Some(out) = ctx.call(region, &file, "elbv2 describe-target-health", request).await {
            let health: Vec<Value> = out
                .target_health_descriptions()
                .iter()
                .map(|d| {
                    json!({
                        "Target": d.target().map(|t| json!({"Id": t.id(), "Port": t.port(), "AvailabilityZone": t.availability_zone()})),
                        "TargetHealth": d.target_health().map(|h| json!({"State": name!(h.state())})),
                    })
                })
                .collect();
            ctx.put(
                region,
                &file,
                json!({"LoadBalancerTargetHealth": [{"TargetGroupArn": arn, "TargetHealthDescriptions": health}]}),
            );
        }
        // As the export script writes it: the group's ARN beside its attributes.
        let file = format!("target-group-attributes-{}.json", file_part(arn));
        let request = elbv2.describe_target_group_attributes().target_group_arn(arn).send();
        if let Some(out) = ctx
            .call(region, &file, "elbv2 describe-target-group-attributes", request)
            .await
        {
            let attributes: Vec<Value> = out
                .attributes()
                .iter()
                .map(|a| json!({"Key": a.key(), "Value": a.value()}))
                .collect();
            ctx.put(
                region,
                &file,
                json!({"TargetGroupAttributes": [{"TargetGroupArn": arn, "Attributes": attributes}]}),
            );
        }
    }
}

async fn classic_load_balancers(ctx: &Ctx, elb: &aws_sdk_elasticloadbalancing::Client, region: &str) {
    let request = elb.describe_load_balancers().into_paginator().send().try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "classic-load-balancers.json",
            "elb describe-load-balancers",
            request,
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.load_balancer_descriptions())
        .map(|l: &classic::LoadBalancerDescription| {
            json!({
                "LoadBalancerName": l.load_balancer_name(), "Scheme": l.scheme(), "VPCId": l.vpc_id(),
                "DNSName": l.dns_name(), "Subnets": l.subnets(), "SecurityGroups": l.security_groups(),
                "ListenerDescriptions": l.listener_descriptions().iter().map(|d| json!({
                    "Listener": d.listener().map(|x| json!({
                        "Protocol": x.protocol(), "LoadBalancerPort": x.load_balancer_port(),
                        "InstanceProtocol": x.instance_protocol(), "InstancePort": x.instance_port(),
                    })),
                    "PolicyNames": d.policy_names(),
                })).collect::<Vec<_>>(),
                "Instances": l.instances().iter().map(|i| json!({"InstanceId": i.instance_id()})).collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.put(
        region,
        "classic-load-balancers.json",
        json!({ "LoadBalancerDescriptions": list }),
    );
}

async fn auto_scaling_groups(ctx: &Ctx, autoscaling: &aws_sdk_autoscaling::Client, region: &str) {
    let request = autoscaling
        .describe_auto_scaling_groups()
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "auto-scaling-groups.json",
            "autoscaling describe-auto-scaling-groups",
            request,
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.auto_scaling_groups())
        .map(|g: &asg::AutoScalingGroup| {
            json!({
                "AutoScalingGroupName": g.auto_scaling_group_name(), "AutoScalingGroupARN": g.auto_scaling_group_arn(),
                "Instances": g.instances().iter().map(|i| json!({"InstanceId": i.instance_id()})).collect::<Vec<_>>(),
                "VPCZoneIdentifier": g.vpc_zone_identifier(), "LoadBalancerNames": g.load_balancer_names(),
                "TargetGroupARNs": g.target_group_arns(), "MaxInstanceLifetime": g.max_instance_lifetime(),
                "LaunchTemplate": g.launch_template().map(|t| json!({
                    "LaunchTemplateId": t.launch_template_id(), "LaunchTemplateName": t.launch_template_name(),
                })),
                "LaunchConfigurationName": g.launch_configuration_name(),
                "Tags": tags!(g.tags()),
            })
        })
        .collect();
    ctx.put(region, "auto-scaling-groups.json", json!({ "AutoScalingGroups": list }));
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.auto_scaling_groups())
        .filter_map(|g| g.auto_scaling_group_name())
        .collect();
    for name in names {
        let file = format!("instance-refreshes-{}.json", crate::shape::safe(name));
        let request = autoscaling
            .describe_instance_refreshes()
            .auto_scaling_group_name(name)
            .send();
        let Some(out) = ctx
            .call(region, &file, "autoscaling describe-instance-refreshes", request)
            .await
        else {
            continue;
        };
        let refreshes: Vec<Value> = out
            .instance_refreshes()
            .iter()
            .map(|r| {
                json!({
                    "AutoScalingGroupName": r.auto_scaling_group_name(), "InstanceRefreshId": r.instance_refresh_id(),
                    "Status": r.status().map(|s| s.as_str()), "StartTime": crate::shape::iso(r.start_time()),
                    "EndTime": crate::shape::iso(r.end_time()),
                })
            })
            .collect();
        ctx.put(
            region,
            &file,
            json!({"AutoScalingGroupName": name, "InstanceRefreshes": refreshes}),
        );
    }
}
