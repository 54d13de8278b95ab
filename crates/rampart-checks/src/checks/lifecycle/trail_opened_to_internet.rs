use crate::context::GlobalContext;
use crate::engine::Outcomes;
use crate::evidence::trail_findings;
use crate::meta::{CheckMeta, Severity, Theme};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "trail-opened-to-internet",
        theme: Theme::Lifecycle,
        title: "A change in the trail opened a resource to the internet",
        severity: Severity::High,
        summary: "Successful changes in the CloudTrail logs given with the scan that add an inbound rule admitting public addresses, an allowing network ACL entry from the internet, a default route to an internet gateway, an internet gateway attachment or an Elastic IP association. Outside the allowed deployers an opening to the internet (a CIDR holding at least half of the public addresses of its family) is high, to a narrower public range medium, to one outside address (/32, /128) low; by an allowed deployer, low.",
        rationale: "An opening to the internet is the change an attacker needs and the one a reviewer must see; the trail says who made it, when and from where.",
        remediation: "Check the opening against the current exposure (`rampart exposure`); if it is not wanted, revert it (the timeline gives the rule) and find out who made it and why.",
        references: &[],
        requires: &[],
        requires_one_of: &[],
    },
    run: Runner::Global(run),
};

fn run(cx: &GlobalContext, out: &mut Outcomes) {
    trail_findings(cx, CHECK.meta, "opened-to-internet", out);
}
