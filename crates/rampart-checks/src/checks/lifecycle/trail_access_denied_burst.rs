use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-access-denied-burst",
        theme: Theme::Lifecycle,
        title: "A burst of denied network or IAM calls",
        severity: Severity::Medium,
        summary: "Ten or more EC2 or IAM calls by one principal denied within ten minutes in the CloudTrail logs given with the scan: someone probing what a credential may do.",
        rationale: "Enumeration by trial and error is what stolen credentials look like in a trail; a deployment with a missing permission looks the same and should be fixed too.",
        remediation: "Find out what ran as the principal at that time; if it is not a known job, rotate its credentials and review its other calls.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "access-denied-burst", out);
}
