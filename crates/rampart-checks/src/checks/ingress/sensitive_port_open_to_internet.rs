use rampart_inventory::ResourceKind;

use super::services_open;
use crate::context::RegionContext;
use crate::engine::{NotEvaluated, Outcomes};
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "sensitive-port-open-to-internet",
        theme: Theme::Ingress,
        title: "Sensitive service port open to the whole internet",
        severity: Severity::Critical,
        summary: "Security groups whose ingress (alone, or with the other groups of an interface) admits every public address to a port that must never face the internet, besides administration and database ports: Docker and Kubernetes APIs, kubelet, VNC, X11, SMB and NetBIOS, NFS, RPC, FTP, SNMP, Jupyter, Kibana, RabbitMQ management, Hadoop. The list is `network.sensitive_ports` in rampart.toml.",
        rationale: "These services hand over a host or a cluster on first contact (an open Docker or kubelet API is remote code execution), leak files (SMB, NFS, FTP) or are routinely unauthenticated (Jupyter, Kibana).",
        remediation: "Revoke the rules; reach these services through a VPN, Session Manager port forwarding or a private load balancer.",
        references: &[Reference { framework: FSBP, control: "EC2.19" }],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    // The configuration was validated when it was read; an error here means a caller skipped it.
    let services = match cx.config.sensitive_ports() {
        Ok(s) => s,
        Err(reason) => {
            let scope = cx.region.name.clone();
            out.not_evaluated.push(NotEvaluated {
                check_id: CHECK.meta.id,
                scope,
                resource_id: None,
                reason,
            });
            return;
        }
    };
    services_open(
        cx,
        out,
        CHECK.meta,
        &services,
        "then reach the service privately, e.g. `aws ssm start-session --region {region} --target {instance} --document-name AWS-StartPortForwardingSession --parameters portNumber={port},localPortNumber={port}`",
    );
}
