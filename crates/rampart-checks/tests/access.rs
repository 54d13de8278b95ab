//! Remote access from outside: WorkSpaces directories and their IP access control groups.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{of, scan_with};
use serde_json::{json, Value};

fn directory(id: &str, groups: &[&str], web: &str) -> Value {
    json!({"DirectoryId": id, "DirectoryType": "SimpleAD", "State": "REGISTERED", "IpGroupIds": groups,
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
