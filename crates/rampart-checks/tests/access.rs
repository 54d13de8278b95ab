//! Remote access from outside: WorkSpaces directories and their IP access control groups.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use serde_json::{json, Value};

fn directory(id: &str, groups: &[&str], web: &str) -> Value {
    json!({"DirectoryId": id, "DirectoryType": "SimpleAD", "State": "REGISTERED", "ipGroupIds": groups,
        "WorkspaceAccessProperties": {"DeviceTypeWindows": "ALLOW", "DeviceTypeWeb": web}})
}

fn ip_group(id: &str, cidr: &str) -> Value {
    json!({"groupId": id, "groupName": id, "groupDesc": "office", "userRules": [{"ipRule": cidr, "ruleDesc": "office"}]})
}

#[test]
fn directories_open_to_any_address() {
    let r = scan_with(&[
        (
            "dirs.json",
            json!({"Directories": [directory("d-open", &[], "ALLOW"), directory("d-office", &["wsipg-office"], "DENY"),
                directory("d-anywhere", &["wsipg-any"], "DENY")]}),
        ),
        (
            "groups.json",
            json!({"Result": [ip_group("wsipg-office", "203.0.113.0/24"), ip_group("wsipg-any", "0.0.0.0/0")]}),
        ),
    ]);
    let f = of(&r, "workspaces-open-access");
    let mut ids: Vec<&str> = f.iter().map(|f| f.resource_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["d-anywhere", "d-open"]);
    let open = f.iter().find(|f| f.resource_id == "d-open").unwrap();
    assert!(
        open.remediation[0].contains("DeviceTypeWeb=DENY"),
        "web access is closed first"
    );
    let anywhere = f.iter().find(|f| f.resource_id == "d-anywhere").unwrap();
    assert_eq!(anywhere.evidence[0], "wsipg-any allows 0.0.0.0/0");
}

#[test]
fn account_level_s3_public_access_block() {
    let check = "s3-account-public-access-block-off";
    // With one answer read besides: an export whose every call failed is refused whole.
    let scan = |v: Value| {
        common::scan_tree(&[
            ("global/account-public-access-block.json".into(), v),
            (
                "global/account-summary.json".into(),
                json!({"SummaryMap": {"Users": 1}}),
            ),
        ])
    };
    let all = |on: bool| {
        json!({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
        "BlockPublicPolicy": true, "RestrictPublicBuckets": on}})
    };
    assert!(of(&scan(all(true)), check).is_empty());
    let r = scan(all(false));
    assert_eq!(of(&r, check)[0].evidence, ["RestrictPublicBuckets: false"]);
    // None configured is a finding; a denied read is not evaluated.
    let none = scan(json!({"RampartError": {"Command": "s3control get-public-access-block",
        "Code": "NoSuchPublicAccessBlockConfiguration", "Message": "The public access block configuration was not found"}}));
    assert_eq!(of(&none, check).len(), 1);
    let denied = scan(
        json!({"RampartError": {"Command": "s3control get-public-access-block", "Code": "AccessDenied", "Message": "no"}}),
    );
    assert!(of(&denied, check).is_empty());
    assert!(denied.not_evaluated.iter().any(|n| n.check_id == check));
}

/// A directory as `describe-workspace-directories` prints it, with every client type.
fn directory_with(id: &str, access: &[(&str, &str)], cert: Option<&str>) -> Value {
    let mut d = json!({"DirectoryId": id, "DirectoryType": "ADConnector", "State": "REGISTERED", "ipGroupIds": ["wsipg-office"],
        "WorkspaceAccessProperties": access.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>()});
    if let Some(status) = cert {
        d["CertificateBasedAuthProperties"] = json!({"Status": status});
    }
    d
}

const TYPES: [&str; 8] = [
    "DeviceTypeWindows",
    "DeviceTypeOsx",
    "DeviceTypeWeb",
    "DeviceTypeIos",
    "DeviceTypeAndroid",
    "DeviceTypeChromeOs",
    "DeviceTypeZeroClient",
    "DeviceTypeLinux",
];

fn as_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

#[test]
fn workspaces_device_types_and_certificate_sign_in() {
    let all = |web: &str, mobile: &str| -> Vec<(&'static str, String)> {
        TYPES
            .iter()
            .map(|t| {
                let v = match *t {
                    "DeviceTypeWeb" => web,
                    "DeviceTypeIos" | "DeviceTypeAndroid" => mobile,
                    _ => "ALLOW",
                };
                (*t, v.to_owned())
            })
            .collect()
    };
    let (everything, web_only, managed) = (all("ALLOW", "ALLOW"), all("ALLOW", "DENY"), all("DENY", "DENY"));
    let r = scan_with(&[
        (
            "dirs.json",
            json!({"Directories": [
                directory_with("d-everything", &as_refs(&everything), Some("DISABLED")),
                directory_with("d-web", &as_refs(&web_only), None),
                directory_with("d-managed", &as_refs(&managed), Some("ENABLED")),
                directory_with("d-unknown", &[], None),
            ]}),
        ),
        (
            "groups.json",
            json!({"Result": [ip_group("wsipg-office", "203.0.113.0/24")]}),
        ),
    ]);
    let check = "workspaces-device-access-unrestricted";
    let mut ids: Vec<(&str, &str)> = of(&r, check)
        .iter()
        .map(|f| (f.resource_id.as_str(), f.message.as_str()))
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            (
                "d-everything",
                "WorkSpaces directory d-everything allows web access from any browser"
            ),
            ("d-web", "WorkSpaces directory d-web allows web access from any browser"),
        ]
    );
    let everything = of(&r, check)
        .into_iter()
        .find(|f| f.resource_id == "d-everything")
        .unwrap();
    assert!(everything.evidence.iter().any(|e| e == "no device type is denied"));
    assert!(everything.remediation[0]
        .contains("DeviceTypeWeb=DENY,DeviceTypeAndroid=DENY,DeviceTypeIos=DENY,DeviceTypeChromeOs=DENY"));
    // Access properties missing from the export: not evaluated, never passed.
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == check && n.resource_id.as_deref() == Some("d-unknown")));
    // Certificate sign-in: only where the directory reports it, and off.
    let cert: Vec<&str> = of(&r, "workspaces-certificate-auth-off")
        .iter()
        .map(|f| f.resource_id.as_str())
        .collect();
    assert_eq!(cert, ["d-everything"]);
}

fn bucket_files(
    name: &str,
    pab: Option<Value>,
    policy_public: Result<bool, &str>,
    acl: Result<Vec<(&str, &str)>, &str>,
) -> Vec<(String, Value)> {
    let err = |command: &str, code: &str| json!({"RampartError": {"Command": command, "Code": code, "Message": "", "Bucket": name}});
    let mut files = vec![(
        format!("global/bucket-pab-{name}.json"),
        match pab {
            Some(p) => json!({"BucketPublicAccessBlocks": [{"Bucket": name, "PublicAccessBlockConfiguration": p}]}),
            None => err("s3api get-public-access-block", "NoSuchPublicAccessBlockConfiguration"),
        },
    )];
    files.push((
        format!("global/bucket-policy-status-{name}.json"),
        match policy_public {
            Ok(p) => json!({"BucketPolicyStatuses": [{"Bucket": name, "PolicyStatus": {"IsPublic": p}}]}),
            Err(code) => err("s3api get-bucket-policy-status", code),
        },
    ));
    files.push((
        format!("global/bucket-acl-{name}.json"),
        match acl {
            Ok(grants) => json!({"BucketAcls": [{"Bucket": name, "Grants": grants.iter().map(|(group, perm)| json!({
                "Grantee": {"Type": "Group", "URI": format!("http://acs.amazonaws.com/groups/global/{group}")}, "Permission": perm})).collect::<Vec<_>>()}]}),
            Err(code) => err("s3api get-bucket-acl", code),
        },
    ));
    files
}

fn block(restrict: bool, ignore: bool) -> Value {
    json!({"BlockPublicAcls": false, "IgnorePublicAcls": ignore, "BlockPublicPolicy": false, "RestrictPublicBuckets": restrict})
}

#[test]
fn public_buckets_by_policy_status_acl_and_block_public_access() {
    let names = [
        "site",
        "dropbox",
        "restricted",
        "acl-ignored",
        "unreadable",
        "no-policy",
        "any-account",
    ];
    let mut files = vec![(
        "global/buckets.json".to_owned(),
        json!({"Buckets": names.iter().map(|n| json!({"Name": n, "CreationDate": "2024-01-01T00:00:00+00:00"})).collect::<Vec<_>>()}),
    )];
    files.extend(bucket_files("site", None, Ok(true), Ok(vec![])));
    files.extend(bucket_files(
        "dropbox",
        None,
        Ok(false),
        Ok(vec![("AllUsers", "WRITE")]),
    ));
    files.extend(bucket_files(
        "restricted",
        Some(block(true, false)),
        Ok(true),
        Ok(vec![]),
    ));
    files.extend(bucket_files(
        "acl-ignored",
        Some(block(false, true)),
        Ok(false),
        Ok(vec![("AllUsers", "READ")]),
    ));
    files.extend(bucket_files("unreadable", None, Err("AccessDenied"), Ok(vec![])));
    files.extend(bucket_files("no-policy", None, Err("NoSuchBucketPolicy"), Ok(vec![])));
    files.extend(bucket_files(
        "any-account",
        None,
        Ok(false),
        Ok(vec![("AuthenticatedUsers", "READ")]),
    ));
    let with_account = |pab: Value| {
        let mut f = files.clone();
        f.push(("global/account-public-access-block.json".into(), pab));
        f
    };
    let none = json!({"RampartError": {"Command": "s3control get-public-access-block", "Code": "NoSuchPublicAccessBlockConfiguration", "Message": ""}});
    let r = common::scan_tree(&with_account(none));
    let mut got: Vec<(&str, rampart_checks::Severity, rampart_checks::Confidence)> = of(&r, "s3-bucket-public")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.severity, f.confidence))
        .collect();
    got.sort_unstable();
    use rampart_checks::Confidence::{High, Medium};
    use rampart_checks::Severity::{Critical, High as H};
    assert_eq!(
        got,
        [("any-account", H, High), ("dropbox", Critical, High), ("site", H, High)]
    );
    // An unread policy status leaves the bucket not evaluated, with the call's error.
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "s3-bucket-public")
        .unwrap();
    assert_eq!(ne.resource_id.as_deref(), Some("unreadable"));
    assert!(
        ne.reason.contains("s3api get-bucket-policy-status: AccessDenied"),
        "{}",
        ne.reason
    );

    // The account's block neutralises everything but what it leaves on.
    let r = common::scan_tree(&with_account(
        json!({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true,
        "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}),
    ));
    assert!(of(&r, "s3-bucket-public").is_empty());
    assert!(
        !r.not_evaluated.iter().any(|n| n.check_id == "s3-bucket-public"),
        "unknowns do not matter then"
    );

    // Without the account-level settings, public findings are medium confidence.
    let r = common::scan_tree(&files);
    assert!(of(&r, "s3-bucket-public").iter().all(|f| f.confidence == Medium));
    assert_eq!(of(&r, "s3-bucket-public").len(), 3);
}

#[test]
fn the_trail_bucket_is_judged_where_the_trail_lives() {
    let trail = |bucket: &str| {
        json!({"trailList": [{"Name": "main", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
        "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "S3BucketName": bucket, "IncludeGlobalServiceEvents": true,
        "LogFileValidationEnabled": true, "IsOrganizationTrail": false}]})
    };
    let mut files = vec![
        (
            "global/buckets.json".to_owned(),
            json!({"Buckets": [{"Name": "logs", "CreationDate": "2024-01-01T00:00:00+00:00"}]}),
        ),
        (
            "global/account-public-access-block.json".to_owned(),
            json!({"PublicAccessBlockConfiguration": block(false, false)}),
        ),
        ("us-east-1/trails.json".to_owned(), trail("logs")),
        ("eu-west-1/trails.json".to_owned(), trail("logs")),
    ];
    files.extend(bucket_files(
        "logs",
        None,
        Ok(false),
        Ok(vec![("AuthenticatedUsers", "READ")]),
    ));
    let r = common::scan_tree(&files);
    let f = of(&r, "cloudtrail-bucket-public");
    assert_eq!(f.len(), 1, "once, at home, though eu-west-1 lists the trail too");
    assert_eq!(
        (f[0].region.as_str(), f[0].severity),
        ("us-east-1", rampart_checks::Severity::Critical)
    );
    assert!(f[0].evidence[0].contains("AuthenticatedUsers READ"));
    // Logs delivered to another account's bucket: not judged here, and said so.
    let elsewhere: Vec<(String, Value)> = files
        .iter()
        .map(|(p, v)| {
            if p.ends_with("trails.json") {
                (p.clone(), trail("org-logs"))
            } else {
                (p.clone(), v.clone())
            }
        })
        .collect();
    let r = common::scan_tree(&elsewhere);
    assert!(of(&r, "cloudtrail-bucket-public").is_empty());
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "cloudtrail-bucket-public" && n.reason.contains("org-logs")));
}
