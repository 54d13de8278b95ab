//! Failed console sign-ins in the trail: attempts, and bursts of them (brute force). A failed
//! sign-in as root is an attempt on root, never root activity: nobody signed in. AWS (CloudTrail
//! user guide, "AWS Management Console sign-in events"): a failed sign-in carries
//! `responseElements.ConsoleLogin` = `Failure` and an `errorMessage`, without an `errorCode`.

use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-sign-in-failures",
        theme: Theme::Lifecycle,
        title: "Failed console sign-ins",
        severity: Severity::Medium,
        summary: "Failed AWS console sign-ins in the CloudTrail logs given with the scan: five or more as one principal within ten minutes are a brute-force burst (high for root), the others attempts per principal and day (medium for root, low otherwise).",
        rationale: "Someone trying passwords is a warning before a break-in; a burst against root is an attack on the one identity IAM cannot restrict.",
        remediation: "Check that the principal has MFA and a strong password; if the source addresses are not yours, block them where you can and watch for a success that follows.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "sign-in-failures", out);
}
