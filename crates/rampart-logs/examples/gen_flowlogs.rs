//! Generates the flow-log benchmark: an account of a few hundred interfaces (an export folder)
//! and hours of their flow logs as S3 delivers them (gzip, default format with its header).
//! Deterministic: the same arguments write the same bytes.
//!
//!   cargo run --release -p rampart-logs --example gen_flowlogs -- OUT [INTERFACES] [HOURS] [RECORDS_PER_HOUR]
//!
//! Defaults: 300 interfaces, 48 hours, 800,000 records per hour (about 4 GB of text).

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

const ACCOUNT: &str = "123456789012";
const START: u64 = 1_795_478_400; // 2026-11-24T00:00:00Z

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SERVICE_PORTS: &[u16] = &[22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 27017];

fn eni_ip(i: usize) -> String {
    format!("10.{}.{}.{}", 1 + i / 65536, (i / 256) % 256, 10 + i % 240)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map_or("bench-data/flows", String::as_str)).to_path_buf();
    let interfaces: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(300);
    let hours: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(48);
    let per_hour: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(800_000);
    let groups = interfaces / 5 + 1;

    // The account: one group per five interfaces, each with service ports from the internet,
    // from the VPC and from the group before it; every interface carries one to three groups.
    let region = out.join("export/us-east-1");
    std::fs::create_dir_all(&region)?;
    let mut rng = Rng(0x5eed);
    let mut sgs = Vec::new();
    for g in 0..groups {
        let mut perms = Vec::new();
        for k in 0..4 {
            let port = SERVICE_PORTS[(g + k) % SERVICE_PORTS.len()];
            let cidr = match k {
                0 => "0.0.0.0/0".to_owned(),
                1 => "10.0.0.0/8".to_owned(),
                2 => format!("{}.{}.0.0/16", 20 + rng.below(180), rng.below(256)),
                _ => String::new(),
            };
            let perm = if cidr.is_empty() {
                serde_json::json!({"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": format!("sg-{:017x}", (g + groups - 1) % groups), "UserId": ACCOUNT}]})
            } else {
                serde_json::json!({"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]})
            };
            perms.push(perm);
        }
        sgs.push(serde_json::json!({
            "GroupId": format!("sg-{g:017x}"), "GroupName": format!("tier-{g}"), "VpcId": "vpc-0b000000000000001",
            "OwnerId": ACCOUNT, "Description": "generated", "IpPermissions": perms,
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        }));
    }
    let mut enis = Vec::new();
    for i in 0..interfaces {
        let n = 1 + i % 3;
        let groups: Vec<_> = (0..n)
            .map(|k| serde_json::json!({"GroupId": format!("sg-{:017x}", (i / 5 + k) % groups)}))
            .collect();
        enis.push(serde_json::json!({
            "NetworkInterfaceId": format!("eni-{i:017x}"), "SubnetId": "subnet-0b000000000000001", "VpcId": "vpc-0b000000000000001",
            "OwnerId": ACCOUNT, "InterfaceType": "interface", "Status": "in-use", "PrivateIpAddress": eni_ip(i),
            "PrivateIpAddresses": [{"PrivateIpAddress": eni_ip(i), "Primary": true}], "Groups": groups,
        }));
    }
    std::fs::write(
        region.join("security-groups.json"),
        serde_json::to_vec_pretty(&serde_json::json!({"SecurityGroups": sgs}))?,
    )?;
    std::fs::write(
        region.join("network-interfaces.json"),
        serde_json::to_vec_pretty(&serde_json::json!({"NetworkInterfaces": enis}))?,
    )?;
    std::fs::write(
        region.join("flow-logs.json"),
        serde_json::to_vec_pretty(
            &serde_json::json!({"FlowLogs": [{"FlowLogId": "fl-0b000000000000001", "ResourceId": "vpc-0b000000000000001", "TrafficType": "ALL", "LogDestinationType": "s3", "FlowLogStatus": "ACTIVE"}]}),
        )?,
    )?;

    // The logs: one file per hour. Each connection is a request and its reply, some rejected
    // probes, and NODATA for idle interfaces.
    (0..hours).into_par_iter().try_for_each(|h| -> std::io::Result<()> {
        let t0 = START + h * 3600;
        let day = (t0 - START) / 86_400;
        let folder = out.join(format!("logs/AWSLogs/{ACCOUNT}/vpcflowlogs/us-east-1/2026/11/{:02}", 24 + day));
        std::fs::create_dir_all(&folder)?;
        let name = format!("{ACCOUNT}_vpcflowlogs_us-east-1_fl-0b000000000000001_{}_{h:08x}.log.gz", t0);
        let file = std::fs::File::create(folder.join(name))?;
        let mut gz = flate2::write::GzEncoder::new(std::io::BufWriter::with_capacity(1 << 20, file), flate2::Compression::default());
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (h + 1));
        let mut text = String::with_capacity(1 << 20);
        text.push_str("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        let mut written = 0;
        while written < per_hour {
            let i = rng.below(interfaces as u64) as usize;
            let eni = format!("eni-{i:017x}");
            let local = eni_ip(i);
            let start = t0 + rng.below(3540);
            let end = start + 60;
            let packets = 1 + rng.below(200);
            let bytes = packets * (40 + rng.below(1400));
            let kind = rng.below(100);
            use std::fmt::Write as _;
            if kind < 6 {
                // A rejected probe from the internet.
                let _ = writeln!(text, "2 {ACCOUNT} {eni} {}.{}.{}.{} {local} {} {} 6 1 44 {start} {end} REJECT OK",
                    20 + rng.below(180), rng.below(256), rng.below(256), rng.below(256), 1024 + rng.below(64000), rng.below(65536));
                written += 1;
                continue;
            }
            if kind < 7 {
                let _ = writeln!(text, "2 {ACCOUNT} {eni} - - - - - - - {start} {end} - NODATA");
                written += 1;
                continue;
            }
            // A port one of the interface's groups opens: group g opens SERVICE_PORTS[g + k]
            // to the internet (k = 0) and to 10.0.0.0/8 (k = 1).
            let g = (i / 5 + rng.below(1 + (i % 3) as u64) as usize) % groups;
            let k = usize::from(kind >= 60);
            let port = SERVICE_PORTS[(g + k) % SERVICE_PORTS.len()];
            let ephemeral = 32768 + rng.below(28000);
            let remote = if kind < 60 {
                format!("{}.{}.{}.{}", 20 + rng.below(180), rng.below(256), rng.below(256), rng.below(256))
            } else {
                // Another interface (never itself).
                eni_ip((i + 1 + rng.below(interfaces as u64 - 1) as usize) % interfaces)
            };
            if kind < 90 {
                // Inbound request and its reply.
                let _ = writeln!(text, "2 {ACCOUNT} {eni} {remote} {local} {ephemeral} {port} 6 {packets} {bytes} {start} {end} ACCEPT OK");
                let _ = writeln!(text, "2 {ACCOUNT} {eni} {local} {remote} {port} {ephemeral} 6 {packets} {} {start} {end} ACCEPT OK", bytes * 3);
            } else {
                // Outbound request and its reply.
                let _ = writeln!(text, "2 {ACCOUNT} {eni} {local} {remote} {ephemeral} 443 6 {packets} {bytes} {start} {end} ACCEPT OK");
                let _ = writeln!(text, "2 {ACCOUNT} {eni} {remote} {local} 443 {ephemeral} 6 {packets} {} {start} {end} ACCEPT OK", bytes * 5);
            }
            written += 2;
            if text.len() > (1 << 20) - 512 {
                gz.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        gz.write_all(text.as_bytes())?;
        gz.finish()?.flush()
    })?;
    eprintln!(
        "wrote {} ({interfaces} interfaces, {hours} hourly files, {per_hour} records each)",
        out.display()
    );
    Ok(())
}
