//! Amazon Inspector coverage per region. AWS semantics (Inspector API,
//! `BatchGetAccountStatus`): `state` is the account's overall status in the region and
//! `resourceState` the status of each scan type (`ec2`, `ecr`, `lambda`, `lambdaCode`); only
//! `ENABLED` scans. A scan type is reported when it is off; the finding is medium when the
//! region runs what it would scan (instances for `ec2`, functions for `lambda`), low otherwise.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "inspector-scanning-off",
        theme: Theme::Web,
        title: "Amazon Inspector does not scan for vulnerabilities",
        severity: Severity::Medium,
        summary: "Regions where Amazon Inspector is off, or where its EC2, ECR or Lambda scanning is not enabled.",
        rationale: "Without a vulnerability scanner nobody knows which hosts carry the CVE in today's news, nor which of them the internet can reach.",
        remediation: "Enable Inspector scanning for EC2, ECR and Lambda in the region.",
        references: &[
            Reference { framework: FSBP, control: "Inspector.1" },
            Reference { framework: FSBP, control: "Inspector.2" },
            Reference { framework: FSBP, control: "Inspector.4" },
        ],
        requires: &[ResourceKind::Inspector],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

const SCAN_TYPES: [(&str, &str); 3] = [("ec2", "EC2"), ("ecr", "ECR"), ("lambda", "LAMBDA")];

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    let Some(status) = &cx.region.inspector else {
        out.not_evaluated.push(NotEvaluated {
            check_id: CHECK.meta.id,
            scope: region.clone(),
            resource_id: None,
            reason: "batch-get-account-status returned no status for the account".into(),
        });
        return;
    };
    let state = |scan: &str| {
        status
            .resources
            .iter()
            .find(|(t, _)| t == scan)
            .map(|(_, s)| s.as_str())
    };
    let off: Vec<(&str, &str)> = SCAN_TYPES
        .iter()
        .copied()
        .filter(|(t, _)| state(t) != Some("ENABLED"))
        .collect();
    if off.is_empty() {
        return;
    }
    let running = cx.region.instances.iter().any(|i| i.state == "running");
    let functions = !cx.region.lambda_functions.is_empty();
    let matters = off
        .iter()
        .any(|(t, _)| (*t == "ec2" && running) || (*t == "lambda" && functions));
    let mut b = Finding::builder(CHECK.meta, cx.account, region, "AWS::::Account", cx.account)
        .message(format!(
            "Amazon Inspector does not scan {} in {region}",
            off.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(", ")
        ))
        .evidence(format!(
            "Inspector: {}",
            status.state.as_deref().unwrap_or("no overall state")
        ))
        .severity(if matters { Severity::Medium } else { Severity::Low });
    for (t, _) in &off {
        b = b.evidence(format!("{t} scanning: {}", state(t).unwrap_or("not reported")));
    }
    let types: Vec<&str> = off.iter().map(|(_, api)| *api).collect();
    out.findings.push(
        b.remediation(format!(
            "aws inspector2 enable --region {region} --account-ids {} --resource-types {}",
            cx.account,
            types.join(" ")
        ))
        .build(),
    );
}
