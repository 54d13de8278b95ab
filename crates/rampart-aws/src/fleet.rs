//! The fleet: Systems Manager managed instances and their patch states, Amazon Inspector.

use aws_config::SdkConfig;
use serde_json::{json, Value};

use crate::call::Ctx;
use crate::shape::{iso, name};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str, account: &str) {
    tokio::join!(
        ssm(ctx, aws_sdk_ssm::Client::new(config), region),
        inspector(ctx, aws_sdk_inspector2::Client::new(config), region, account),
        inspector_findings(ctx, aws_sdk_inspector2::Client::new(config), region),
    );
}

async fn ssm(ctx: &Ctx, ssm: aws_sdk_ssm::Client, region: &str) {
    let request = ssm
        .describe_instance_information()
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx
        .call(
            region,
            "ssm-instances.json",
            "ssm describe-instance-information",
            request,
        )
        .await
    else {
        return;
    };
    let instances: Vec<_> = pages.iter().flat_map(|p| p.instance_information_list()).collect();
    ctx.put(
        region,
        "ssm-instances.json",
        json!({"InstanceInformationList": instances.iter().map(|i| json!({
            "InstanceId": i.instance_id(), "PingStatus": name!(i.ping_status()),
            "LastPingDateTime": iso(i.last_ping_date_time()), "AgentVersion": i.agent_version(),
            "PlatformName": i.platform_name(), "ComputerName": i.computer_name(),
        })).collect::<Vec<_>>()}),
    );
    let ids: Vec<&str> = instances.iter().filter_map(|i| i.instance_id()).collect();
    // In batches of 50, as the export script asks (the API takes at most 50 ids).
    for (n, batch) in ids.chunks(50).enumerate() {
        let file = format!("ssm-patch-states-{}.json", n + 1);
        let request = ssm
            .describe_instance_patch_states()
            .set_instance_ids(Some(batch.iter().map(|s| s.to_string()).collect()))
            .into_paginator()
            .send()
            .try_collect();
        if let Some(pages) = ctx
            .call(region, &file, "ssm describe-instance-patch-states", request)
            .await
        {
            let states: Vec<Value> = pages
                .iter()
                .flat_map(|p| p.instance_patch_states())
                .map(|s| {
                    json!({
                        "InstanceId": s.instance_id(), "BaselineId": s.baseline_id(), "Operation": s.operation().as_str(),
                        "OperationEndTime": iso(Some(s.operation_end_time())), "InstalledCount": s.installed_count(),
                        "InstalledPendingRebootCount": s.installed_pending_reboot_count(),
                        "MissingCount": s.missing_count(), "FailedCount": s.failed_count(),
                        "CriticalNonCompliantCount": s.critical_non_compliant_count(),
                        "SecurityNonCompliantCount": s.security_non_compliant_count(),
                    })
                })
                .collect();
            ctx.put(region, &file, json!({ "InstancePatchStates": states }));
        }
    }
}

async fn inspector(ctx: &Ctx, inspector: aws_sdk_inspector2::Client, region: &str, account: &str) {
    let request = inspector.batch_get_account_status().account_ids(account).send();
    let Some(out) = ctx
        .call(region, "inspector.json", "inspector2 batch-get-account-status", request)
        .await
    else {
        return;
    };
    let state = |s: Option<&aws_sdk_inspector2::types::State>| s.map(|s| json!({"status": s.status().as_str()}));
    let accounts: Vec<Value> = out
        .accounts()
        .iter()
        .map(|a| {
            json!({
                "accountId": a.account_id(),
                "state": state(a.state()),
                "resourceState": a.resource_state().map(|r| json!({
                    "ec2": state(r.ec2()), "ecr": state(r.ecr()), "lambda": state(r.lambda()),
                    "lambdaCode": state(r.lambda_code()), "codeRepository": state(r.code_repository()),
                })),
            })
        })
        .collect();
    ctx.put(region, "inspector.json", json!({ "accounts": accounts }));
}

/// Active critical and high findings on instances, as the export script asks for them.
async fn inspector_findings(ctx: &Ctx, inspector: aws_sdk_inspector2::Client, region: &str) {
    use aws_sdk_inspector2::types::{FilterCriteria, StringComparison, StringFilter};
    let equals = |v: &str| {
        StringFilter::builder()
            .comparison(StringComparison::Equals)
            .value(v)
            .build()
            .ok()
    };
    let criteria = FilterCriteria::builder()
        .set_finding_status(equals("ACTIVE").map(|f| vec![f]))
        .set_resource_type(equals("AWS_EC2_INSTANCE").map(|f| vec![f]))
        .set_severity(Some(["CRITICAL", "HIGH"].iter().filter_map(|s| equals(s)).collect()))
        .build();
    let request = inspector
        .list_findings()
        .filter_criteria(criteria)
        .into_paginator()
        .send()
        .try_collect();
    let file = "inspector-findings.json";
    let Some(pages) = ctx.call(region, file, "inspector2 list-findings", request).await else {
        return;
    };
    let findings: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.findings())
        .map(|f| {
            json!({
                "findingArn": f.finding_arn(),
                "title": f.title(),
                "severity": f.severity().as_str(),
                "status": f.status().as_str(),
                "type": f.r#type().as_str(),
                "resources": f.resources().iter().map(|r| json!({"type": r.r#type().as_str(), "id": r.id(), "region": r.region()})).collect::<Vec<_>>(),
                "packageVulnerabilityDetails": f.package_vulnerability_details().map(|p| json!({"vulnerabilityId": p.vulnerability_id()})),
                "exploitAvailable": f.exploit_available().map(|e| e.as_str()),
                "fixAvailable": f.fix_available().map(|e| e.as_str()),
                "inspectorScore": f.inspector_score(),
            })
        })
        .collect();
    ctx.put(region, file, json!({ "findings": findings }));
}
