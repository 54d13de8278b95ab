//! VPC Flow Logs coverage.
//!
//! AWS semantics (VPC User Guide, "Logging IP traffic using VPC Flow Logs"): a flow log is
//! created for a VPC, a subnet or a network interface; a VPC-level log captures every interface
//! of the VPC, a subnet-level log every interface of the subnet. `TrafficType` is `ACCEPT`,
//! `REJECT` or `ALL`; `DeliverLogsStatus` is `FAILED` when logs cannot reach the destination.
//! CIS 3.7 and FSBP EC2.6 are satisfied by a REJECT-only log; rampart also reports one that
//! does not capture accepted traffic, since only ACCEPT records prove which grants are used.

use std::collections::{BTreeSet, HashMap};

use rampart_inventory::{FlowLog, ResourceKind, Vpc};

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, CIS_V3, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "vpc-flow-logs-missing",
        theme: Theme::Lifecycle,
        title: "VPC traffic is not fully captured by flow logs",
        severity: Severity::Medium,
        summary: "VPCs with no active flow log at VPC level or on every subnet, flow logs that capture only ACCEPT or only REJECT records, and flow logs whose delivery fails.",
        rationale: "Without flow logs there is no record of who talked to what: an intrusion cannot be scoped, and no one can prove which security-group grants are used before tightening them.",
        remediation: "Create a VPC-level flow log capturing ALL traffic to CloudWatch Logs or S3, and fix the delivery permissions of any failing log.",
        references: &[
            Reference { framework: CIS_V3, control: "3.7" },
            Reference { framework: FSBP, control: "EC2.6" },
        ],
        requires: &[ResourceKind::Vpcs, ResourceKind::Subnets, ResourceKind::FlowLogs],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

/// What one VPC's active, delivering flow logs capture.
#[derive(Default)]
struct Capture {
    accept: bool,
    reject: bool,
}

impl Capture {
    fn add(&mut self, log: &FlowLog) {
        match log.traffic_type.as_deref() {
            Some("ACCEPT") => self.accept = true,
            Some("REJECT") => self.reject = true,
            // ALL, or a value this version does not know: treat as ALL only when it says so.
            Some("ALL") => (self.accept, self.reject) = (true, true),
            _ => {}
        }
    }
}

fn delivering(log: &FlowLog) -> bool {
    log.status.as_deref().is_none_or(|s| s == "ACTIVE") && log.deliver_logs_status.as_deref() != Some("FAILED")
}

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = cx.region;
    let logs_by_resource: HashMap<&str, Vec<&FlowLog>> = region.flow_logs.iter().fold(HashMap::new(), |mut m, log| {
        m.entry(log.resource_id.as_str()).or_default().push(log);
        m
    });
    let interface_vpc: HashMap<&str, &str> = region
        .network_interfaces
        .iter()
        .filter_map(|n| Some((n.id.as_str(), n.vpc_id.as_deref()?)))
        .collect();

    for vpc in &region.vpcs {
        let subnets: Vec<&str> = region
            .subnets
            .iter()
            .filter(|s| s.vpc_id == vpc.id)
            .map(|s| s.id.as_str())
            .collect();
        let vpc_logs = logs_by_resource
            .get(vpc.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut failed: Vec<&FlowLog> = Vec::new();
        let mut vpc_capture = Capture::default();
        for log in vpc_logs {
            if delivering(log) {
                vpc_capture.add(log);
            } else {
                failed.push(log);
            }
        }
        // Subnet-level logs cover the VPC for a traffic type only when every subnet has one.
        let mut subnet_accept = !subnets.is_empty();
        let mut subnet_reject = !subnets.is_empty();
        let mut subnets_with_logs = 0;
        for subnet in &subnets {
            let mut c = Capture::default();
            for log in logs_by_resource.get(subnet).map(Vec::as_slice).unwrap_or_default() {
                if delivering(log) {
                    c.add(log);
                } else {
                    failed.push(log);
                }
            }
            subnets_with_logs += usize::from(c.accept || c.reject);
            subnet_accept &= c.accept;
            subnet_reject &= c.reject;
        }
        let interfaces_with_logs: BTreeSet<&str> = region
            .flow_logs
            .iter()
            .filter(|l| interface_vpc.get(l.resource_id.as_str()) == Some(&vpc.id.as_str()))
            .map(|l| l.resource_id.as_str())
            .collect();

        let accept = vpc_capture.accept || subnet_accept;
        let reject = vpc_capture.reject || subnet_reject;
        let finding = |message: String| {
            crate::finding::Finding::builder(CHECK.meta, cx.account, &region.name, "AWS::EC2::VPC", &vpc.id)
                .arn(cx.ec2_arn("vpc", &vpc.id))
                .message(message)
        };
        let mut b = match (accept, reject) {
            (true, true) => None,
            (false, false) => {
                Some(finding(format!("VPC {} has no flow log capturing its traffic", describe(vpc))).key("none"))
            }
            (true, false) => Some(
                finding(format!(
                    "flow logs of VPC {} capture only ACCEPT records",
                    describe(vpc)
                ))
                .severity(Severity::Low)
                .key("accept-only"),
            ),
            (false, true) => Some(
                finding(format!(
                    "flow logs of VPC {} capture only REJECT records: which grants are used cannot be proven",
                    describe(vpc)
                ))
                .severity(Severity::Low)
                .key("reject-only"),
            ),
        };
        if b.is_none() && !failed.is_empty() {
            b = Some(finding(format!("a flow log of VPC {} is not delivering", describe(vpc))).key("failed"));
        }
        let Some(mut b) = b else { continue };
        if subnets_with_logs > 0 {
            b = b.evidence(format!(
                "{subnets_with_logs} of {} subnet(s) have a subnet-level flow log",
                subnets.len()
            ));
        }
        if !interfaces_with_logs.is_empty() {
            b = b.evidence(format!(
                "{} network interface(s) have their own flow log; the rest of the VPC is not captured by them",
                interfaces_with_logs.len()
            ));
        }
        for log in &failed {
            b = b.evidence(format!(
                "flow log {} on {} fails to deliver to {}",
                log.id,
                log.resource_id,
                log.destination.as_deref().unwrap_or("its destination")
            ));
        }
        if vpc_logs.is_empty() && subnets_with_logs == 0 && interfaces_with_logs.is_empty() {
            b = b.evidence("no flow log on the VPC, its subnets or its network interfaces");
        }
        out.findings.push(
            b.remediation(format!(
                "aws ec2 create-flow-logs --region {} --resource-type VPC --resource-ids {} --traffic-type ALL \
                 --log-destination-type s3 --log-destination arn:{}:s3:::FLOW_LOG_BUCKET",
                region.name,
                vpc.id,
                cx.partition()
            ))
            .build(),
        );
    }
}

fn describe(vpc: &Vpc) -> String {
    match vpc.tags.get("Name") {
        Some(name) => format!("{} ({name})", vpc.id),
        None => vpc.id.clone(),
    }
}
