use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-detection-turned-off",
        theme: Theme::Lifecycle,
        title: "A detection control was turned off",
        severity: Severity::High,
        summary: "Calls in the CloudTrail logs given with the scan that blind the account: StopLogging or DeleteTrail, DeleteFlowLogs, stopping or deleting the Config recorder or its delivery channel, deleting or disabling a GuardDuty detector. Failed attempts are reported as medium.",
        rationale: "Attackers turn off logging before they act (MITRE ATT&CK T1562.008); a blinding change nobody planned is an incident until proven otherwise.",
        remediation: "Turn the control back on at once, then investigate the principal: its other calls in the trail, its keys, its sessions.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "blinding-change", out);
}
