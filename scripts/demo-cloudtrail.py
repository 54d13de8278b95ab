#!/usr/bin/env python3
"""Writes a day of the demo account's CloudTrail, as S3 delivers it, with digest files.

examples/demo-cloudtrail/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/30/*.json.gz and
…/CloudTrail-Digest/us-east-1/2026/11/30/*.json.gz — deterministic (fixed ids and times, gzip
mtime 0). The digests follow the CloudTrail user guide: the SHA-256 of each uncompressed log file,
and of the previous uncompressed digest. What the day holds (examples/demo-account/PLANTED.md):
- CloudFormation creates and opens the web tier's group (allowed: infrastructure code);
- the CI role `ci-deploy` changes the app group (allowed when rampart.toml names it a deployer);
- `bob`, from the console, opens MySQL (3306) on the database group to 0.0.0.0/0 — the rule the
  inventory still has — then stops the trail's logging;
- a burst of denied EC2 and IAM calls by `ci-deploy`'s leaked key from 175.16.199.66;
- root signs in and lists buckets; a failed attempt to delete the flow logs.
"""

import gzip
import hashlib
import io
import json
import os

ACCOUNT = "123456789012"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "demo-cloudtrail")
DAY = "2026-11-30"
BOB = {"type": "IAMUser", "principalId": "AIDA000000000000BOB", "arn": f"arn:aws:iam::{ACCOUNT}:user/bob", "accountId": ACCOUNT, "userName": "bob"}
CI = {"type": "IAMUser", "principalId": "AIDA00000000000CIDEP", "arn": f"arn:aws:iam::{ACCOUNT}:user/ci-deploy", "accountId": ACCOUNT, "userName": "ci-deploy"}
CFN_ROLE = {
    "type": "AssumedRole", "principalId": "AROA0000000000CFN:AWSCloudFormation",
    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/cfn-exec/AWSCloudFormation", "accountId": ACCOUNT,
    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": f"arn:aws:iam::{ACCOUNT}:role/cfn-exec", "userName": "cfn-exec"}, "attributes": {"mfaAuthenticated": "false"}},
    "invokedBy": "cloudformation.amazonaws.com",
}
ROOT_ID = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT}

n = 0


def event(time, name, who, source_ip, agent, req, resp=None, source="ec2.amazonaws.com", error=None):
    global n
    n += 1
    e = {
        "eventVersion": "1.09", "userIdentity": who, "eventTime": f"{DAY}T{time}Z", "eventSource": source,
        "eventName": name, "awsRegion": "us-east-1", "sourceIPAddress": source_ip, "userAgent": agent,
        "requestParameters": req, "responseElements": resp, "requestID": f"req-{n:04d}",
        "eventID": f"0000{n:04d}-demo-4000-8000-000000000000", "readOnly": False, "eventType": "AwsApiCall",
        "managementEvent": True, "recipientAccountId": ACCOUNT, "eventCategory": "Management",
    }
    if error:
        e["errorCode"], e["errorMessage"] = error, "You are not authorized to perform this operation."
        e["responseElements"] = None
    return e


def permission(port, cidr):
    return {"items": [{"ipProtocol": "tcp", "fromPort": port, "toPort": port, "groups": {}, "ipRanges": {"items": [{"cidrIp": cidr}]}, "ipv6Ranges": {}, "prefixListIds": {}}]}


def rule_set(group, rule_id, port, cidr, egress=False):
    return {"_return": True, "securityGroupRuleSet": {"items": [{"groupOwnerId": ACCOUNT, "groupId": group, "securityGroupRuleId": rule_id, "isEgress": egress, "ipProtocol": "tcp", "fromPort": port, "toPort": port, "cidrIpv4": cidr}]}}


hour_files = {
    "0900": [
        event("09:02:11", "CreateSecurityGroup", CFN_ROLE, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com",
              {"groupName": "web-alb", "groupDescription": "web tier", "vpcId": "vpc-0a1b2c3d4e5f60001"}, {"_return": True, "groupId": "sg-0a000000000000001"}),
        event("09:02:15", "AuthorizeSecurityGroupIngress", CFN_ROLE, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com",
              {"groupId": "sg-0a000000000000001", "ipPermissions": permission(443, "0.0.0.0/0")}, rule_set("sg-0a000000000000001", "sgr-0a00000000000a443", 443, "0.0.0.0/0")),
        event("09:40:03", "AuthorizeSecurityGroupIngress", CI, "52.94.133.10", "aws-cli/2.17.60 md/awscrt#0.21.2 ua/2.0 os/linux",
              {"groupId": "sg-0a000000000000003", "ipPermissions": permission(8080, "10.0.0.0/16")}, rule_set("sg-0a000000000000003", "sgr-0a00000000000c080", 8080, "10.0.0.0/16")),
    ],
    "1400": [
        event("14:12:40", "AuthorizeSecurityGroupIngress", BOB, "81.2.69.142", "console.ec2.amazonaws.com",
              {"groupId": "sg-0a000000000000004", "ipPermissions": permission(3306, "0.0.0.0/0")}, rule_set("sg-0a000000000000004", "sgr-0a00000000003306", 3306, "0.0.0.0/0")),
        event("14:20:02", "StopLogging", BOB, "81.2.69.142", "console.amazonaws.com",
              {"name": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/prod-trail"}, None, source="cloudtrail.amazonaws.com"),
        event("14:21:30", "DeleteFlowLogs", BOB, "81.2.69.142", "console.ec2.amazonaws.com",
              {"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0a00000000000001", "tag": 1}}}, None, error="Client.UnauthorizedOperation"),
    ],
    "2200": [event(f"22:0{i // 6}:{(i % 6) * 9:02d}", name, CI, "175.16.199.66", "python-requests/2.31.0", {}, None,
                   source=src, error="Client.UnauthorizedOperation" if src.startswith("ec2") else "AccessDenied")
             for i, (name, src) in enumerate([("DescribeInstances", "ec2.amazonaws.com"), ("CreateUser", "iam.amazonaws.com"), ("AttachUserPolicy", "iam.amazonaws.com"),
                                              ("RunInstances", "ec2.amazonaws.com"), ("CreateAccessKey", "iam.amazonaws.com"), ("DescribeSnapshots", "ec2.amazonaws.com"),
                                              ("CreateKeyPair", "ec2.amazonaws.com"), ("PutUserPolicy", "iam.amazonaws.com"), ("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com"),
                                              ("CreateLoginProfile", "iam.amazonaws.com"), ("ListUsers", "iam.amazonaws.com"), ("DescribeVolumes", "ec2.amazonaws.com")])]
    + [
        event("23:05:00", "ConsoleLogin", ROOT_ID, "81.2.69.142", "Mozilla/5.0", None, {"ConsoleLogin": "Success"}, source="signin.amazonaws.com"),
        event("23:06:10", "ListBuckets", ROOT_ID, "81.2.69.142", "console.amazonaws.com", {}, None, source="s3.amazonaws.com"),
    ],
}


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


logs_dir = os.path.join(ROOT, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", "2026", "11", "30")
digest_dir = os.path.join(ROOT, "AWSLogs", ACCOUNT, "CloudTrail-Digest", "us-east-1", "2026", "11", "30")
os.makedirs(logs_dir, exist_ok=True)
os.makedirs(digest_dir, exist_ok=True)
previous = None
for hour, records in hour_files.items():
    name = f"{ACCOUNT}_CloudTrail_us-east-1_20261130T{hour}Z_demo{hour}.json.gz"
    body = json.dumps({"Records": records}, separators=(",", ":")).encode()
    with open(os.path.join(logs_dir, name), "wb") as f:
        f.write(gz(body))
    key = f"AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/11/30/{name}"
    end = f"2026-11-30T{int(hour[:2]) + 1:02d}:00:00Z"
    digest_name = f"{ACCOUNT}_CloudTrail-Digest_us-east-1_prod-trail_us-east-1_20261130T{int(hour[:2]) + 1:02d}0000Z.json.gz"
    digest = {
        "awsAccountId": ACCOUNT, "digestStartTime": f"2026-11-30T{hour[:2]}:00:00Z", "digestEndTime": end,
        "digestS3Bucket": "trail-logs-123456789012", "digestS3Object": f"AWSLogs/{ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/30/{digest_name}",
        "digestPublicKeyFingerprint": "00000000000000000000000000000000", "digestSignatureAlgorithm": "SHA256withRSA",
        "previousDigestS3Bucket": "trail-logs-123456789012" if previous else None,
        "previousDigestS3Object": previous[0] if previous else None,
        "previousDigestHashValue": previous[1] if previous else None,
        "previousDigestHashAlgorithm": "SHA-256" if previous else None,
        "previousDigestSignature": "00" if previous else None,
        "logFiles": [{"s3Bucket": "trail-logs-123456789012", "s3Object": key, "hashValue": hashlib.sha256(body).hexdigest(), "hashAlgorithm": "SHA-256",
                      "newestEventTime": records[-1]["eventTime"], "oldestEventTime": records[0]["eventTime"]}],
    }
    digest_body = json.dumps(digest, separators=(",", ":")).encode()
    with open(os.path.join(digest_dir, digest_name), "wb") as f:
        f.write(gz(digest_body))
    previous = (digest["digestS3Object"], hashlib.sha256(digest_body).hexdigest())
print("wrote", ROOT)
