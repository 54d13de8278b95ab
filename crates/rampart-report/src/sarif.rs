//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! One run; one rule per check (help text from the check's documentation, `security-severity`
//! for GitHub's severity bands); one result per finding, located logically by the resource ARN
//! and physically at the scanned source, with the finding's fingerprint as a partial
//! fingerprint so alerts are matched across runs.

use rampart_checks::compliance::references;
use rampart_checks::{Severity, CHECKS};
use serde_json::{json, Value};

use crate::Scan;

/// GitHub's bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

pub fn render(scan: &Scan) -> String {
    let rules: Vec<Value> = CHECKS
        .iter()
        .map(|c| {
            let m = c.meta;
            let refs: Vec<String> = references(m).iter().map(|r| format!("{} {}", r.framework, r.control)).collect();
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": {"text": m.title},
                "fullDescription": {"text": m.summary},
                "help": {
                    "text": format!("{}\n\nWhy it matters: {}\n\nHow to fix it: {}", m.summary, m.rationale, m.remediation),
                    "markdown": format!("{}\n\n**Why it matters.** {}\n\n**How to fix it.** {}\n\n**References.** {}", m.summary, m.rationale, m.remediation, if refs.is_empty() { "—".to_owned() } else { refs.join("; ") }),
                },
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"security-severity": security_severity(m.severity), "tags": ["security", m.theme.name()]},
            })
        })
        .collect();
    let rule_index = |id: &str| CHECKS.iter().position(|c| c.meta.id == id);
    let results: Vec<Value> = scan
        .result
        .findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            for e in &f.evidence {
                text.push_str("\n- ");
                text.push_str(e);
            }
            if let Some(fix) = f.remediation.first() {
                text.push_str("\nFix: ");
                text.push_str(fix);
            }
            let mut result = json!({
                "ruleId": f.check_id,
                "ruleIndex": rule_index(f.check_id),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": scan.about.source}},
                    "logicalLocations": [{
                        "name": f.resource_id,
                        "fullyQualifiedName": f.resource_arn.clone().unwrap_or_else(|| format!("{}/{}/{}", f.account, f.region, f.resource_id)),
                        "kind": "resource",
                    }],
                }],
                "partialFingerprints": {"rampartFingerprint/v1": f.fingerprint},
                "properties": {
                    "security-severity": security_severity(f.severity),
                    "severity": f.severity.name(),
                    "confidence": f.confidence.name(),
                    "account": f.account,
                    "region": f.region,
                    "resourceType": f.resource_type,
                },
            });
            if let Some(s) = f.suppression.as_ref().filter(|s| !s.expired) {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (owner {}, until {})", s.reason, s.owner, s.expires),
                }]);
            }
            if let Some(b) = f.baseline {
                result["baselineState"] = json!(match b {
                    rampart_checks::BaselineState::New => "new",
                    rampart_checks::BaselineState::Existing => "unchanged",
                });
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rampart",
                "version": scan.version,
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    s.push('\n');
    s
}
