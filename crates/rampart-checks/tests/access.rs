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
    let scan = |v: Value| common::scan_tree(&[("global/account-public-access-block.json".into(), v)]);
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
