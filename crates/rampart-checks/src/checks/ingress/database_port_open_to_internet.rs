use rampart_inventory::ResourceKind;

use super::services_open;
use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP, TRUSTED_ADVISOR};
use crate::ports::DATABASE;
use crate::registry::{Check, Runner};

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "database-port-open-to-internet",
        theme: Theme::Ingress,
        title: "Database or cache port open to the whole internet",
        severity: Severity::Critical,
        summary: "Security groups whose ingress (alone, or with the other groups of an interface) admits every public address to a database, cache or search port: SQL Server, Oracle, MySQL, PostgreSQL, MongoDB, Redis, Memcached, Elasticsearch/OpenSearch, Cassandra, CouchDB, InfluxDB, etcd.",
        rationale: "Data stores on the internet are found by mass scanners and ransomed or dumped; many (Redis, Memcached, Elasticsearch) ship without authentication, and Memcached over UDP is a DDoS amplifier.",
        remediation: "Revoke the rules and let only the application tier reach the database, by referencing its security group.",
        references: &[
            Reference { framework: FSBP, control: "EC2.19" },
            Reference { framework: TRUSTED_ADVISOR, control: "Security Groups - Specific Ports Unrestricted" },
        ],
        requires: &[ResourceKind::SecurityGroups, ResourceKind::NetworkInterfaces],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    services_open(
        cx,
        out,
        CHECK.meta,
        DATABASE,
        "then allow only the application tier: `aws ec2 authorize-security-group-ingress --region {region} --group-id {group} --protocol {protocol} --port {port} --source-group APP_GROUP_ID`",
    );
}
