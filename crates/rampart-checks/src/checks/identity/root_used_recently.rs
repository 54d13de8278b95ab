//! The root user signing in or using a key (CIS 1.7): root is for the handful of tasks only root
//! can do; daily use means people share the most powerful, least traceable credential.
//! Judged against the credential report's own generation time, so a replayed export gives the
//! same answer as the day it was taken.

use rampart_inventory::ResourceKind;

use crate::context::GlobalContext;
use crate::days::days_between;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3};
use crate::registry::{Check, Runner};

/// How recent a use counts: CIS asks that root not be used for daily tasks; 90 days catches
/// routine use while leaving the rare, legitimate root task a quarter to age out.
const RECENT_DAYS: i64 = 90;

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "root-used-recently",
        theme: Theme::Identity,
        title: "Root user was used recently",
        severity: Severity::Medium,
        summary: "The root user's password or access keys used within 90 days of the credential report.",
        rationale: "Work done as root cannot be limited by IAM policies or tied to a person; it should be rare enough to review each time.",
        remediation: "Find the root activity in CloudTrail (userIdentity.type = Root), give the people involved IAM roles for that work, and keep the root credentials locked away.",
        references: &[Reference { framework: CIS_V3, control: "1.7" }],
        requires: &[ResourceKind::CredentialReport],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    let Some(report) = &cx.inventory.global.credential_report else {
        return;
    };
    let Some(now) = super::report_time(CHECK.meta, report, out) else {
        return;
    };
    // Only the root row says when root was used: a report without it (some collectors and
    // moto write none) is not a root that was never used.
    if !report.rows.iter().any(|r| r.is_root()) {
        out.not_evaluated.push(crate::engine::NotEvaluated {
            check_id: CHECK.meta.id,
            scope: rampart_inventory::GLOBAL.to_owned(),
            resource_id: None,
            reason: "the credential report has no `<root_account>` row".into(),
        });
        return;
    }
    for row in report.rows.iter().filter(|r| r.is_root()) {
        let uses = [
            ("password", row.password_last_used.as_deref()),
            ("access key 1", row.access_key_1_last_used.as_deref()),
            ("access key 2", row.access_key_2_last_used.as_deref()),
        ];
        let recent: Vec<(&str, &str, i64)> = uses
            .iter()
            .filter_map(|(what, when)| {
                let when = when.filter(|w| super::last_used(Some(w)) != "never")?;
                let days = days_between(when, now)?;
                (days <= RECENT_DAYS).then_some((*what, when, days))
            })
            .collect();
        if recent.is_empty() {
            continue;
        }
        let mut b = super::row_finding(cx, CHECK.meta, report, row).message(format!(
            "the root user of account {} was used {} day(s) before the credential report",
            cx.account,
            recent.iter().map(|r| r.2).min().unwrap_or_default()
        ));
        for (what, when, days) in &recent {
            b = b.evidence(format!("{what} last used {when} ({days} days before the report)"));
        }
        // LookupEvents answers per region: ask each region the scan read.
        let regions: Vec<&str> = cx.inventory.regions.keys().map(String::as_str).collect();
        let fix = match regions.as_slice() {
            [] => "aws cloudtrail lookup-events --region REGION --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50   # each region, the last 90 days".to_owned(),
            [one] => format!("aws cloudtrail lookup-events --region {one} --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50   # the last 90 days"),
            all => format!(
                "for r in {}; do aws cloudtrail lookup-events --region \"$r\" --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50; done   # the last 90 days",
                all.join(" ")
            ),
        };
        out.findings.push(b.remediation(fix).build());
    }
}
