//! Logging and detection: CloudTrail trails with their status and event selectors, CloudWatch
//! metric filters and alarms, AWS Config recorders, GuardDuty detectors.

use aws_config::SdkConfig;
use serde_json::{json, Map, Value};

use crate::call::Ctx;
use crate::shape::{file_part, name};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, region: &str) {
    tokio::join!(
        trails(ctx, aws_sdk_cloudtrail::Client::new(config), region),
        metric_filters(ctx, aws_sdk_cloudwatchlogs::Client::new(config), region),
        alarms(ctx, aws_sdk_cloudwatch::Client::new(config), region),
        agent_metrics(ctx, aws_sdk_cloudwatch::Client::new(config), region),
        recorders(ctx, aws_sdk_config::Client::new(config), region),
        detectors(ctx, aws_sdk_guardduty::Client::new(config), region),
    );
}

async fn trails(ctx: &Ctx, cloudtrail: aws_sdk_cloudtrail::Client, region: &str) {
    let Some(out) = ctx
        .call(
            region,
            "trails.json",
            "cloudtrail describe-trails",
            cloudtrail.describe_trails().send(),
        )
        .await
    else {
        return;
    };
    let list: Vec<Value> = out
        .trail_list()
        .iter()
        .map(|t| {
            json!({
                "Name": t.name(), "TrailARN": t.trail_arn(), "HomeRegion": t.home_region(),
                "IsMultiRegionTrail": t.is_multi_region_trail(), "IsOrganizationTrail": t.is_organization_trail(),
                "IncludeGlobalServiceEvents": t.include_global_service_events(),
                "LogFileValidationEnabled": t.log_file_validation_enabled(), "S3BucketName": t.s3_bucket_name(),
                "KmsKeyId": t.kms_key_id(), "CloudWatchLogsLogGroupArn": t.cloud_watch_logs_log_group_arn(),
                "HasCustomEventSelectors": t.has_custom_event_selectors(),
            })
        })
        .collect();
    ctx.put(region, "trails.json", json!({ "trailList": list }));
    for arn in out.trail_list().iter().filter_map(|t| t.trail_arn()) {
        let n = file_part(arn);
        let file = format!("trail-status-{n}.json");
        let request = cloudtrail.get_trail_status().name(arn).send();
        if let Some(s) = ctx.call(region, &file, "cloudtrail get-trail-status", request).await {
            ctx.put(
                region,
                &file,
                json!({"TrailStatuses": [{"Name": arn, "Status": {
                    "IsLogging": s.is_logging(), "LatestDeliveryError": s.latest_delivery_error(),
                }}]}),
            );
        }
        let file = format!("event-selectors-{n}.json");
        let request = cloudtrail.get_event_selectors().trail_name(arn).send();
        if let Some(s) = ctx.call(region, &file, "cloudtrail get-event-selectors", request).await {
            let mut doc = Map::new();
            doc.insert("TrailARN".into(), json!(s.trail_arn()));
            // Present-but-empty and absent mean different things to the importer (no selector
            // at all, against the default): mirror the answer's members exactly.
            if s.event_selectors.is_some() {
                let basic: Vec<Value> = s
                    .event_selectors()
                    .iter()
                    .map(|e| {
                        json!({
                            "ReadWriteType": name!(e.read_write_type()),
                            "IncludeManagementEvents": e.include_management_events(),
                            "DataResources": e.data_resources().iter().map(|d| json!({"Type": d.r#type(), "Values": d.values()})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                doc.insert("EventSelectors".into(), Value::Array(basic));
            }
            if s.advanced_event_selectors.is_some() {
                // Kept as the CLI prints it: the importer keeps the text of advanced selectors.
                let advanced: Vec<Value> = s
                    .advanced_event_selectors()
                    .iter()
                    .map(|a| {
                        let fields: Vec<Value> = a
                            .field_selectors()
                            .iter()
                            .map(|f| {
                                let mut m = Map::new();
                                m.insert("Field".into(), json!(f.field()));
                                for (key, values) in [
                                    ("Equals", f.equals()),
                                    ("StartsWith", f.starts_with()),
                                    ("EndsWith", f.ends_with()),
                                    ("NotEquals", f.not_equals()),
                                    ("NotStartsWith", f.not_starts_with()),
                                    ("NotEndsWith", f.not_ends_with()),
                                ] {
                                    if !values.is_empty() {
                                        m.insert(key.into(), json!(values));
                                    }
                                }
                                Value::Object(m)
                            })
                            .collect();
                        json!({"Name": a.name(), "FieldSelectors": fields})
                    })
                    .collect();
                doc.insert("AdvancedEventSelectors".into(), Value::Array(advanced));
            }
            ctx.put(region, &file, Value::Object(doc));
        }
    }
}

async fn metric_filters(ctx: &Ctx, logs: aws_sdk_cloudwatchlogs::Client, region: &str) {
    let request = logs.describe_metric_filters().into_paginator().send().try_collect();
    if let Some(pages) = ctx
        .call(region, "metric-filters.json", "logs describe-metric-filters", request)
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.metric_filters())
            .map(|f| {
                json!({
                    "filterName": f.filter_name(), "logGroupName": f.log_group_name(), "filterPattern": f.filter_pattern(),
                    "metricTransformations": f.metric_transformations().iter().map(|m| json!({
                        "metricName": m.metric_name(), "metricNamespace": m.metric_namespace(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.put(region, "metric-filters.json", json!({ "metricFilters": list }));
    }
}

async fn alarms(ctx: &Ctx, cloudwatch: aws_sdk_cloudwatch::Client, region: &str) {
    let request = cloudwatch.describe_alarms().into_paginator().send().try_collect();
    if let Some(pages) = ctx
        .call(region, "metric-alarms.json", "cloudwatch describe-alarms", request)
        .await
    {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.metric_alarms())
            .map(|a| {
                json!({
                    "AlarmName": a.alarm_name(), "Namespace": a.namespace(), "MetricName": a.metric_name(),
                    "ActionsEnabled": a.actions_enabled(), "AlarmActions": a.alarm_actions(),
                    "StateValue": name!(a.state_value()),
                })
            })
            .collect();
        ctx.put(region, "metric-alarms.json", json!({ "MetricAlarms": list }));
    }
}

/// The CloudWatch agent's metrics (namespace CWAgent), as the export script lists them.
async fn agent_metrics(ctx: &Ctx, cloudwatch: aws_sdk_cloudwatch::Client, region: &str) {
    let request = cloudwatch
        .list_metrics()
        .namespace("CWAgent")
        .into_paginator()
        .send()
        .try_collect();
    let file = "cwagent-metrics.json";
    if let Some(pages) = ctx.call(region, file, "cloudwatch list-metrics", request).await {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.metrics())
            .map(|m| {
                json!({
                    "Namespace": m.namespace(), "MetricName": m.metric_name(),
                    "Dimensions": m.dimensions().iter().map(|d| json!({"Name": d.name(), "Value": d.value()})).collect::<Vec<_>>(),
                })
            })
            .collect();
        ctx.put(region, file, json!({ "Metrics": list }));
    }
}

async fn recorders(ctx: &Ctx, configservice: aws_sdk_config::Client, region: &str) {
    let (recorders, status) = tokio::join!(
        ctx.call(
            region,
            "config-recorders.json",
            "configservice describe-configuration-recorders",
            configservice.describe_configuration_recorders().send(),
        ),
        ctx.call(
            region,
            "config-recorder-status.json",
            "configservice describe-configuration-recorder-status",
            configservice.describe_configuration_recorder_status().send(),
        ),
    );
    if let Some(out) = recorders {
        let list: Vec<Value> = out
            .configuration_recorders()
            .iter()
            .map(|r| {
                json!({
                    "name": r.name(),
                    "recordingGroup": r.recording_group().map(|g| json!({
                        "allSupported": g.all_supported(),
                        "includeGlobalResourceTypes": g.include_global_resource_types(),
                        "resourceTypes": g.resource_types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                    })),
                })
            })
            .collect();
        ctx.put(
            region,
            "config-recorders.json",
            json!({ "ConfigurationRecorders": list }),
        );
    }
    if let Some(out) = status {
        let list: Vec<Value> = out
            .configuration_recorders_status()
            .iter()
            .map(|s| json!({"name": s.name(), "recording": s.recording(), "lastStatus": name!(s.last_status())}))
            .collect();
        ctx.put(
            region,
            "config-recorder-status.json",
            json!({ "ConfigurationRecordersStatus": list }),
        );
    }
}

fn status_of<T>(v: Option<&T>, status: impl Fn(&T) -> Option<&str>) -> Value {
    match v {
        Some(v) => json!({ "Status": status(v) }),
        None => Value::Null,
    }
}

async fn detectors(ctx: &Ctx, guardduty: aws_sdk_guardduty::Client, region: &str) {
    let request = guardduty.list_detectors().into_paginator().send().try_collect();
    let Some(pages) = ctx
        .call(region, "guardduty-detectors.json", "guardduty list-detectors", request)
        .await
    else {
        return;
    };
    let ids: Vec<&String> = pages.iter().flat_map(|p| p.detector_ids()).collect();
    ctx.put(region, "guardduty-detectors.json", json!({ "DetectorIds": ids }));
    for id in ids {
        let file = format!("guardduty-detector-{id}.json");
        let request = guardduty.get_detector().detector_id(id).send();
        let Some(d) = ctx.call(region, &file, "guardduty get-detector", request).await else {
            continue;
        };
        // Deprecated in favour of Features, but detectors created before them report EBS
        // malware protection only here (the importer reads both, as the CLI prints both).
        #[allow(deprecated)]
        let sources = d.data_sources().map(|s| {
            json!({
                "CloudTrail": status_of(s.cloud_trail(), |x| name!(x.status())),
                "DNSLogs": status_of(s.dns_logs(), |x| name!(x.status())),
                "FlowLogs": status_of(s.flow_logs(), |x| name!(x.status())),
                "S3Logs": status_of(s.s3_logs(), |x| name!(x.status())),
                "Kubernetes": s.kubernetes().map(|k| json!({
                    "AuditLogs": status_of(k.audit_logs(), |x| name!(x.status())),
                })),
                "MalwareProtection": s.malware_protection().map(|m| json!({
                    "ScanEc2InstanceWithFindings": m.scan_ec2_instance_with_findings().map(|e| json!({
                        "EbsVolumes": status_of(e.ebs_volumes(), |x| name!(x.status())),
                    })),
                })),
            })
        });
        let detector = json!({
            "Status": name!(d.status()),
            "DataSources": sources,
            "Features": d.features().iter().map(|f| json!({"Name": name!(f.name()), "Status": name!(f.status())})).collect::<Vec<_>>(),
        });
        ctx.put(
            region,
            &file,
            json!({"Detectors": [{"DetectorId": id, "Detector": detector}]}),
        );
        high_findings(ctx, &guardduty, region, id).await;
    }
}

/// Unarchived findings of severity 7 and above, as the export script asks for them: the ids,
/// then their details in batches of 50 (GetFindings' limit).
async fn high_findings(ctx: &Ctx, guardduty: &aws_sdk_guardduty::Client, region: &str, detector: &str) {
    use aws_sdk_guardduty::types::{Condition, FindingCriteria};
    let criteria = FindingCriteria::builder()
        .criterion("service.archived", Condition::builder().equals("false").build())
        .criterion("severity", Condition::builder().greater_than_or_equal(7).build())
        .build();
    let file = format!("guardduty-finding-ids-{detector}.json");
    let request = guardduty
        .list_findings()
        .detector_id(detector)
        .finding_criteria(criteria)
        .into_paginator()
        .send()
        .try_collect();
    let Some(pages) = ctx.call(region, &file, "guardduty list-findings", request).await else {
        return;
    };
    let ids: Vec<String> = pages.iter().flat_map(|p| p.finding_ids()).cloned().collect();
    ctx.put(region, &file, json!({ "FindingIds": ids }));
    for (n, batch) in ids.chunks(50).enumerate() {
        let file = format!("guardduty-findings-{detector}-{}.json", n + 1);
        let request = guardduty
            .get_findings()
            .detector_id(detector)
            .set_finding_ids(Some(batch.to_vec()))
            .send();
        let Some(out) = ctx.call(region, &file, "guardduty get-findings", request).await else {
            continue;
        };
        let findings: Vec<Value> = out
            .findings()
            .iter()
            .map(|f| {
                let r = f.resource();
                json!({
                    "Id": f.id(), "DetectorId": detector, "Type": f.r#type(), "Title": f.title(),
                    "Severity": f.severity(), "UpdatedAt": f.updated_at(),
                    "Resource": r.map(|r| json!({
                        "ResourceType": r.resource_type(),
                        "InstanceDetails": r.instance_details().map(|i| json!({"InstanceId": i.instance_id()})),
                        "AccessKeyDetails": r.access_key_details().map(|k| json!({"UserName": k.user_name()})),
                        "S3BucketDetails": r.s3_bucket_details().iter().map(|b| json!({"Name": b.name()})).collect::<Vec<_>>(),
                    })),
                    "Service": f.service().map(|s| json!({"Archived": s.archived(), "Count": s.count(), "DetectorId": s.detector_id()})),
                })
            })
            .collect();
        ctx.put(region, &file, json!({ "Findings": findings }));
    }
}
