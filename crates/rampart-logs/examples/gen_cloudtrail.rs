//! Generates the CloudTrail benchmark: gzip log files as S3 delivers them (`{"Records": [...]}`),
//! mostly read calls with security-group, route and IAM changes among them. Deterministic.
//!
//!   cargo run --release -p rampart-logs --example gen_cloudtrail -- OUT [FILES] [RECORDS_PER_FILE]
//!
//! Defaults: 400 files of 5,000 records (2 million records, about 2.4 GB of JSON).

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

const ACCOUNT: &str = "123456789012";

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

const READS: &[(&str, &str)] = &[
    ("DescribeInstances", "ec2.amazonaws.com"),
    ("DescribeSecurityGroups", "ec2.amazonaws.com"),
    ("GetObject", "s3.amazonaws.com"),
    ("AssumeRole", "sts.amazonaws.com"),
    ("Decrypt", "kms.amazonaws.com"),
    ("ListBuckets", "s3.amazonaws.com"),
    ("GetCallerIdentity", "sts.amazonaws.com"),
];

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map_or("bench-data/cloudtrail", String::as_str)).to_path_buf();
    let files: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(400);
    let per_file: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    (0..files).into_par_iter().try_for_each(|f| -> std::io::Result<()> {
        let mut rng = Rng(0xc10d_7a11 ^ (f + 1));
        let day = 1 + f % 28;
        let folder = out.join(format!("AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/11/{day:02}"));
        std::fs::create_dir_all(&folder)?;
        let file = std::fs::File::create(folder.join(format!("{ACCOUNT}_CloudTrail_us-east-1_202611{day:02}T0000Z_{f:08x}.json.gz")))?;
        let mut gz = flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::default());
        let mut records = Vec::with_capacity(per_file as usize);
        for i in 0..per_file {
            let who = format!("arn:aws:iam::{ACCOUNT}:user/user{}", rng.below(40));
            let time = format!("2026-11-{day:02}T{:02}:{:02}:{:02}Z", rng.below(24), rng.below(60), rng.below(60));
            let id = format!("{f:08x}-{i:04x}-4000-8000-{:012x}", rng.below(1 << 48));
            let ip = format!("{}.{}.{}.{}", 20 + rng.below(180), rng.below(256), rng.below(256), rng.below(256));
            let kind = rng.below(1000);
            let (name, source, req, resp) = if kind < 6 {
                let group = format!("sg-{:017x}", rng.below(500));
                let port = [22, 443, 3306, 8080][rng.below(4) as usize];
                (
                    "AuthorizeSecurityGroupIngress",
                    "ec2.amazonaws.com",
                    serde_json::json!({"groupId": group, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": port, "toPort": port, "ipRanges": {"items": [{"cidrIp": if kind < 2 { "0.0.0.0/0" } else { "10.0.0.0/8" }}]}}]}}),
                    serde_json::json!({"_return": true, "securityGroupRuleSet": {"items": [{"groupId": group, "securityGroupRuleId": format!("sgr-{:017x}", rng.below(1 << 40)), "isEgress": false, "ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIpv4": "10.0.0.0/8"}]}}),
                )
            } else if kind < 8 {
                ("CreateRoute", "ec2.amazonaws.com", serde_json::json!({"routeTableId": format!("rtb-{:017x}", rng.below(100)), "destinationCidrBlock": "0.0.0.0/0", "gatewayId": "igw-0b00000000000001"}), serde_json::json!({"_return": true}))
            } else if kind < 9 {
                ("AttachRolePolicy", "iam.amazonaws.com", serde_json::json!({"roleName": "app", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}), serde_json::Value::Null)
            } else {
                let (n, s) = READS[rng.below(READS.len() as u64) as usize];
                (n, s, serde_json::json!({"maxResults": 1000, "filterSet": {}, "instancesSet": {}}), serde_json::Value::Null)
            };
            records.push(serde_json::json!({
                "eventVersion": "1.09",
                "userIdentity": {"type": "IAMUser", "principalId": "AIDA0000000000000000", "arn": who, "accountId": ACCOUNT, "accessKeyId": "AKIA0000000000000000", "userName": "user"},
                "eventTime": time, "eventSource": source, "eventName": name, "awsRegion": "us-east-1",
                "sourceIPAddress": ip, "userAgent": "aws-cli/2.17.60 md/awscrt#0.21.2 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.6 cfg/retry-mode#standard",
                "requestParameters": req, "responseElements": resp, "requestID": id, "eventID": id,
                "readOnly": kind >= 9, "eventType": "AwsApiCall", "managementEvent": true,
                "recipientAccountId": ACCOUNT, "eventCategory": "Management",
                "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": "ec2.us-east-1.amazonaws.com"},
            }));
        }
        serde_json::to_writer(&mut gz, &serde_json::json!({"Records": records}))?;
        gz.finish()?.flush()
    })?;
    eprintln!("wrote {} ({files} files of {per_file} records)", out.display());
    Ok(())
}
