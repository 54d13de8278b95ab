//! Risk-informed prioritisation of Amazon Inspector's findings: the same critical CVE is an
//! emergency on a host the internet reaches and a scheduled patch on a private one. Inspector
//! (`inspector2 list-findings`, active, critical and high, on EC2 instances) says what is
//! vulnerable; the exposure engine says what the internet reaches — directly, or through an
//! internet-facing load balancer — with the path. Ranking, per instance:
//! - reachable and a critical finding: critical; reachable and high: high;
//! - not reachable: medium for critical, low for high (lateral movement still reaches it);
//! - exposure not judged (its inputs were not read): high, medium confidence.
//!
//! An exploit known to exist (`exploitAvailable`) is named first in the evidence.

use std::collections::BTreeMap;

use rampart_inventory::{InspectorFinding, Protocol, ResourceKind};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Confidence, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "vulnerable-host-exposed",
        theme: Theme::Web,
        title: "Critical or high vulnerabilities on a host, ranked by its exposure",
        severity: Severity::Critical,
        summary: "EC2 instances with active critical or high Amazon Inspector findings: critical when the internet reaches the instance (directly or through a load balancer) and a finding is critical, high when reachable with high findings, medium or low when the instance is private.",
        rationale: "Attackers scan the internet for the CVEs Inspector reports; a reachable host with one is found within hours, while the same CVE behind private networking needs a foothold first. Patch in the order exposure dictates.",
        remediation: "Patch the reachable hosts first (AWS-RunPatchBaseline with Install), or take them off the internet until patched; then the private ones.",
        references: &[],
        requires: &[ResourceKind::InspectorFindings, ResourceKind::Instances],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn rank(f: &InspectorFinding) -> (u8, bool, u64) {
    let sev = match f.severity.as_str() {
        "CRITICAL" => 2,
        "HIGH" => 1,
        _ => 0,
    };
    (sev, f.exploit_available, (f.score.unwrap_or(0.0) * 10.0) as u64)
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let mut by_instance: BTreeMap<&str, Vec<&InspectorFinding>> = BTreeMap::new();
    for f in cx
        .region
        .inspector_findings
        .iter()
        .filter(|f| f.status == "ACTIVE" && matches!(f.severity.as_str(), "CRITICAL" | "HIGH"))
    {
        for id in &f.instance_ids {
            by_instance.entry(id.as_str()).or_default().push(f);
        }
    }
    for (id, mut findings) in by_instance {
        let Some(instance) = cx
            .region
            .instances
            .iter()
            .find(|i| i.id == id && i.state != "terminated")
        else {
            continue;
        };
        findings.sort_by(|a, b| rank(b).cmp(&rank(a)).then(a.arn.cmp(&b.arn)));
        let critical = findings.iter().any(|f| f.severity == "CRITICAL");
        // How the internet reaches it, one line per port range, from the exposure engine. A
        // path that holds only under an input that was not read is marked, and lowers the
        // confidence when it is the only one.
        let unverified = |x: &rampart_net::Exposure| x.path.iter().any(|s| s.component == "unverified");
        let only_unverified = cx.exposure.as_ref().is_ok_and(|e| {
            let mine: Vec<_> = e
                .exposures
                .iter()
                .filter(|x| x.eni.attached_instance_id.as_deref() == Some(id))
                .collect();
            !mine.is_empty() && mine.iter().all(|x| unverified(x))
        });
        let reach: Option<Vec<String>> = cx.exposure.as_ref().ok().map(|e| {
            let mut lines: Vec<String> = e
                .exposures
                .iter()
                .filter(|x| x.eni.attached_instance_id.as_deref() == Some(id))
                .map(|x| {
                    let mark = if unverified(x) {
                        " (unverified: a target group's attributes were not read)"
                    } else {
                        ""
                    };
                    let ports = match x.protocol {
                        Protocol::Icmp | Protocol::Icmpv6 => x.protocol.cli_name().to_string(),
                        _ if x.from_port == x.to_port => format!("{}/{}", x.protocol.cli_name(), x.from_port),
                        _ => format!("{}/{}-{}", x.protocol.cli_name(), x.from_port, x.to_port),
                    };
                    match &x.via {
                        Some(v) => format!(
                            "{ports} through load balancer {} (listener {}){mark}",
                            v.load_balancer, v.listener_port
                        ),
                        None => format!("{ports} on {}{mark}", x.address),
                    }
                })
                .collect();
            lines.sort();
            lines.dedup();
            lines
        });
        let (severity, confidence, exposure_line) = match &reach {
            Some(lines) if !lines.is_empty() => (
                if critical { Severity::Critical } else { Severity::High },
                if only_unverified {
                    Confidence::Medium
                } else {
                    Confidence::High
                },
                format!("reachable from the internet: {}", lines.join("; ")),
            ),
            Some(_) => (
                if critical { Severity::Medium } else { Severity::Low },
                Confidence::High,
                "not reachable from the internet (routes, network ACLs and security groups judged)".to_owned(),
            ),
            None => (
                Severity::High,
                Confidence::Medium,
                format!(
                    "exposure not judged: {}",
                    cx.exposure.as_ref().err().map_or("", String::as_str)
                ),
            ),
        };
        let name = instance.name().map(|n| format!(" ({n})")).unwrap_or_default();
        let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::EC2::Instance", id)
            .arn(cx.ec2_arn("instance", id))
            .severity(severity)
            .confidence(confidence)
            .message(format!(
                "instance {id}{name} has {} active critical/high finding(s){}",
                findings.len(),
                if severity >= Severity::High && confidence == Confidence::High {
                    " and the internet reaches it"
                } else {
                    ""
                }
            ))
            .evidence(exposure_line)
            .blast_radius(findings.len());
        for f in findings.iter().take(5) {
            let mut notes = vec![f.severity.to_lowercase()];
            if let Some(s) = f.score {
                notes.push(format!("score {s}"));
            }
            if f.exploit_available {
                notes.push("exploit available".into());
            }
            if let Some(fix) = &f.fix_available {
                notes.push(format!("fix available: {}", fix.to_lowercase()));
            }
            b = b.evidence(format!(
                "{}: {} ({})",
                f.vulnerability_id.as_deref().unwrap_or("finding"),
                f.title,
                notes.join(", ")
            ));
        }
        if findings.len() > 5 {
            b = b.evidence(format!("and {} more", findings.len() - 5));
        }
        b = b
            .remediation(format!(
                "aws ssm send-command --region {region} --document-name AWS-RunPatchBaseline --instance-ids {id} --parameters Operation=Install,RebootOption=RebootIfNeeded"
            ))
            .remediation(format!(
                "aws inspector2 list-findings --region {region} --filter-criteria '{{\"resourceId\":[{{\"comparison\":\"EQUALS\",\"value\":\"{id}\"}}],\"findingStatus\":[{{\"comparison\":\"EQUALS\",\"value\":\"ACTIVE\"}}]}}'   # every finding, with its fix"
            ));
        out.findings.push(b.build());
    }
}
