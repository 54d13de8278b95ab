//! OCSF Detection Finding (class 2004, category Findings), OCSF 1.3.0, with the cloud profile:
//! one event per finding, as a JSON array.

use rampart_checks::Severity;
use serde_json::{json, Value};

use crate::Scan;

pub const OCSF_VERSION: &str = "1.3.0";

fn severity_id(s: Severity) -> u8 {
    match s {
        Severity::Info => 1,
        Severity::Low => 2,
        Severity::Medium => 3,
        Severity::High => 4,
        Severity::Critical => 5,
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "Informational",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

pub fn render(scan: &Scan) -> String {
    let time_ms = scan.about.started_ms;
    let events: Vec<Value> = scan
        .result
        .findings
        .iter()
        .map(|f| {
            json!({
                "class_uid": 2004,
                "class_name": "Detection Finding",
                "category_uid": 2,
                "category_name": "Findings",
                "activity_id": 1,
                "activity_name": "Create",
                "type_uid": 200401,
                "type_name": "Detection Finding: Create",
                "time": time_ms,
                "severity_id": severity_id(f.severity),
                "severity": severity_name(f.severity),
                "status_id": if f.is_suppressed() { 3 } else { 1 },
                "status": if f.is_suppressed() { "Suppressed" } else { "New" },
                "confidence_id": match f.confidence { rampart_checks::Confidence::Low => 1, rampart_checks::Confidence::Medium => 2, rampart_checks::Confidence::High => 3 },
                "message": f.message,
                "metadata": {
                    "version": OCSF_VERSION,
                    "profiles": ["cloud"],
                    "product": {"name": "rampart", "vendor_name": "rampart", "version": scan.version},
                    "uid": f.fingerprint,
                },
                "finding_info": {
                    "uid": f.fingerprint,
                    "title": f.title,
                    "desc": f.message,
                    "types": [f.theme.name()],
                    "analytic": {"uid": f.check_id, "name": f.check_id, "type_id": 1, "type": "Rule"},
                },
                // The account's alias is not read: its name is its id (OCSF recommends both).
                "cloud": {"provider": "AWS", "region": f.region, "account": {"uid": f.account, "name": f.account, "type_id": 10, "type": "AWS Account"}},
                "resources": [{
                    "uid": f.resource_arn.clone().unwrap_or_else(|| f.resource_id.clone()),
                    "name": f.resource_id,
                    "type": f.resource_type,
                    "region": f.region,
                    "cloud_partition": f.resource_arn.as_deref().and_then(|a| a.split(':').nth(1)).unwrap_or("aws"),
                }],
                "evidences": [{"data": {"evidence": f.evidence}}],
                "remediation": {"desc": f.remediation.join("\n")},
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&events).unwrap_or_default();
    s.push('\n');
    s
}
