use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-unusual-source-ip",
        theme: Theme::Lifecycle,
        title: "A change from an unusual source address",
        severity: Severity::Low,
        summary: "Changes in the CloudTrail logs given with the scan made from outside rampart.toml `[change_control] trusted_networks` (medium), or, when none are set, from an address the principal used once among at least four of its changes (low).",
        rationale: "A known deployer making a change from a new place is how a stolen session or key shows up.",
        remediation: "Confirm the change with its author; if the address is not theirs, treat the principal's credentials as compromised.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "unusual-source-ip", out);
}
