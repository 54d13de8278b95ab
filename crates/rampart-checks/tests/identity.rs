//! Identity checks against `iam get-credential-report` answers in the AWS CLI's shape (the
//! CSV base64-encoded in `Content`, with the columns the IAM User Guide documents).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine;
use common::{of, scan_tree};
use rampart_checks::ScanResult;
use serde_json::json;

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// One report row: `user`, whether a password is enabled and when it was last used, MFA,
/// and whether each of the two access keys is active.
fn row(user: &str, password: &str, password_used: &str, mfa: bool, key1: bool, key2: bool) -> String {
    let arn = if user == "<root_account>" {
        "arn:aws:iam::111122223333:root".to_owned()
    } else {
        format!("arn:aws:iam::111122223333:user/{user}")
    };
    let key = |active: bool| {
        if active {
            "true,2024-01-01T00:00:00+00:00,2026-11-01T00:00:00+00:00,us-east-1,s3"
        } else {
            "false,N/A,N/A,N/A,N/A"
        }
    };
    format!(
        "{user},{arn},2020-01-01T00:00:00+00:00,{password},{password_used},N/A,N/A,{mfa},{},{},false,N/A,false,N/A",
        key(key1),
        key(key2)
    )
}

fn scan_report(rows: &[String]) -> ScanResult {
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    scan_tree(&[(
        "global/credential-report.json".into(),
        json!({"Content": content, "ReportFormat": "text/csv", "GeneratedTime": "2026-11-28T06:00:00+00:00"}),
    )])
}

#[test]
fn root_without_mfa_and_with_keys() {
    let r = scan_report(&[row(
        "<root_account>",
        "not_supported",
        "2026-11-02T08:15:00+00:00",
        false,
        true,
        true,
    )]);
    let mfa = of(&r, "root-without-mfa");
    assert_eq!(mfa.len(), 1);
    assert_eq!(mfa[0].resource_type, "AWS::::Account");
    assert_eq!(mfa[0].region, "global");
    assert_eq!(mfa[0].resource_arn.as_deref(), Some("arn:aws:iam::111122223333:root"));
    // One finding per active key, each with its own fingerprint.
    let keys = of(&r, "root-access-key");
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0].fingerprint, keys[1].fingerprint);
    assert!(keys
        .iter()
        .any(|k| k.evidence.iter().any(|e| e.contains("last used 2026-11-01"))));

    let r = scan_report(&[row("<root_account>", "not_supported", "N/A", true, false, false)]);
    assert!(of(&r, "root-without-mfa").is_empty());
    assert!(of(&r, "root-access-key").is_empty());
}

#[test]
fn console_users_without_mfa() {
    let r = scan_report(&[
        row("<root_account>", "not_supported", "N/A", true, false, false),
        row("alice", "true", "2026-11-27T08:00:00+00:00", true, false, false),
        row("bob", "true", "2025-12-01T08:00:00+00:00", false, true, false),
        row("never-signed-in", "true", "N/A", false, false, false),
        row("ci-deploy", "false", "N/A", false, true, false),
    ]);
    let f = of(&r, "console-user-without-mfa");
    let users: Vec<&str> = f.iter().map(|f| f.resource_id.as_str()).collect();
    assert_eq!(users, ["bob", "never-signed-in"]);
    let bob = f[0];
    assert!(bob.remediation[1]
        .starts_with("aws iam enable-mfa-device --user-name bob --serial-number arn:aws:iam::111122223333:mfa/bob"));
    // A password nobody ever used is removed, not protected.
    assert_eq!(
        f[1].remediation,
        ["aws iam delete-login-profile --user-name never-signed-in"]
    );
    // Root is its own check.
    assert!(f.iter().all(|f| f.resource_type == "AWS::IAM::User"));
}

#[test]
fn no_credential_report_is_not_evaluated() {
    let r = scan_tree(&[(
        "global/password-policy.json".into(),
        json!({"PasswordPolicy": {"MinimumPasswordLength": 8}}),
    )]);
    for check in ["root-without-mfa", "root-access-key", "console-user-without-mfa"] {
        assert!(of(&r, check).is_empty());
        let ne = r.not_evaluated.iter().find(|n| n.check_id == check).unwrap();
        assert_eq!(ne.scope, "global");
        assert!(ne.reason.contains("get-credential-report"), "{}", ne.reason);
    }
}

/// A user with no console password and one active key, created `rotated`, last used `used`.
fn key_row(user: &str, rotated: &str, used: &str) -> String {
    format!("{user},arn:aws:iam::111122223333:user/{user},2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,{rotated},{used},us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
}

/// A user with a console password created `created`, last used `used`, and MFA.
fn password_row(user: &str, created: &str, used: &str) -> String {
    format!("{user},arn:aws:iam::111122223333:user/{user},{created},true,{used},N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
}

fn ids(r: &ScanResult, check: &str) -> Vec<String> {
    let mut v: Vec<String> = of(r, check)
        .iter()
        .map(|f| format!("{} {}", f.resource_id, f.message))
        .collect();
    v.sort();
    v
}

#[test]
fn key_age_counts_whole_days_to_the_report() {
    // The report is generated 2026-11-28: 90 days back is 2026-08-30.
    let r = scan_report(&[
        key_row("day-90", "2026-08-30T23:59:59+00:00", "2026-11-27T00:00:00+00:00"),
        key_row("day-91", "2026-08-29T00:00:00+00:00", "2026-11-27T00:00:00+00:00"),
        key_row(
            "root-is-elsewhere",
            "2026-11-01T00:00:00+00:00",
            "2026-11-27T00:00:00+00:00",
        ),
    ]);
    assert_eq!(
        ids(&r, "access-key-not-rotated"),
        ["day-91 access key 1 of IAM user day-91 is 91 days old"]
    );
}

#[test]
fn unused_credentials_count_from_creation_when_never_used() {
    let r = scan_report(&[
        key_row(
            "used-45-days-ago",
            "2026-01-01T00:00:00+00:00",
            "2026-10-14T00:00:00+00:00",
        ),
        key_row(
            "used-46-days-ago",
            "2026-01-01T00:00:00+00:00",
            "2026-10-13T00:00:00+00:00",
        ),
        key_row("new-never-used", "2026-11-20T00:00:00+00:00", "N/A"),
        key_row("old-never-used", "2026-01-01T00:00:00+00:00", "N/A"),
        password_row("no-information", "2026-01-01T00:00:00+00:00", "no_information"),
        password_row(
            "signed-in-today",
            "2020-01-01T00:00:00+00:00",
            "2026-11-28T05:00:00+00:00",
        ),
    ]);
    assert_eq!(
        ids(&r, "credentials-unused"),
        [
            "no-information console password of IAM user no-information unused for 331 days",
            "old-never-used access key 1 of IAM user old-never-used unused for 331 days",
            "used-46-days-ago access key 1 of IAM user used-46-days-ago unused for 46 days",
        ]
    );
}

#[test]
fn ages_without_a_report_time_are_not_evaluated() {
    let csv = format!("{HEADER}\n{}\n", key_row("old", "2020-01-01T00:00:00+00:00", "N/A"));
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    let r = scan_tree(&[(
        "global/credential-report.json".into(),
        json!({"Content": content, "ReportFormat": "text/csv"}),
    )]);
    for check in ["access-key-not-rotated", "credentials-unused"] {
        assert!(of(&r, check).is_empty());
        assert!(r
            .not_evaluated
            .iter()
            .any(|n| n.check_id == check && n.reason.contains("GeneratedTime")));
    }
}

fn scan_policy(policy: serde_json::Value) -> ScanResult {
    scan_tree(&[("global/password-policy.json".into(), policy)])
}

#[test]
fn password_policy_against_cis_and_a_fix_that_keeps_the_rest() {
    // The AWS CLI documentation's get-account-password-policy answer.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/awscli-examples/iam/get-account-password-policy.json"),
    )
    .unwrap();
    let r = scan_policy(serde_json::from_str(&text).unwrap());
    let f = of(&r, "password-policy-weak");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].evidence,
        [
            "minimum length 8 (CIS: 14)",
            "does not prevent reuse (CIS: remember 24)"
        ]
    );
    // update-account-password-policy resets what it is not given: the fix restates it all.
    assert_eq!(
        f[0].remediation,
        ["aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --no-require-uppercase-characters --no-require-lowercase-characters --no-allow-users-to-change-password --no-hard-expiry"]
    );

    let strong = json!({"PasswordPolicy": {"MinimumPasswordLength": 16, "PasswordReusePrevention": 24, "MaxPasswordAge": 90, "ExpirePasswords": true}});
    assert!(of(&scan_policy(strong), "password-policy-weak").is_empty());

    let reuse_low =
        json!({"PasswordPolicy": {"MinimumPasswordLength": 20, "PasswordReusePrevention": 5, "MaxPasswordAge": 60}});
    let r = scan_policy(reuse_low);
    let f = of(&r, "password-policy-weak");
    assert_eq!(f[0].evidence, ["remembers 5 passwords (CIS: 24)"]);
    assert!(f[0].remediation[0].contains("--minimum-password-length 20 --password-reuse-prevention 24"));
    assert!(f[0].remediation[0].contains("--max-password-age 60"));
}

#[test]
fn no_password_policy_is_a_finding_but_an_unread_one_is_not() {
    // The export script's record of `NoSuchEntity`: there is no custom policy.
    let none = scan_tree(&[(
        "global/password-policy.json".into(),
        json!({"RampartError": {"Command": "iam get-account-password-policy", "Code": "NoSuchEntity", "Message": "The Password Policy with domain name 111122223333 cannot be found."}}),
    )]);
    let f = of(&none, "password-policy-weak");
    assert!(
        f[0].evidence[0].starts_with("no custom password policy"),
        "{:?}",
        f[0].evidence
    );

    // With one answer read besides: an export whose every call failed is refused whole.
    let unread = scan_tree(&[
        (
            "global/password-policy.json".into(),
            json!({"RampartError": {"Command": "iam get-account-password-policy", "Code": "AccessDenied", "Message": "denied"}}),
        ),
        summary(1, 0),
    ]);
    assert!(of(&unread, "password-policy-weak").is_empty());
    assert!(unread
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "password-policy-weak"));
}

fn user(
    name: &str,
    groups: &[&str],
    attached: &[&str],
    inline: Vec<serde_json::Value>,
    boundary: Option<&str>,
) -> serde_json::Value {
    let mut u = json!({"UserName": name, "UserId": format!("AIDA{name}"), "Arn": format!("arn:aws:iam::111122223333:user/{name}"),
        "Path": "/", "CreateDate": "2020-01-01T00:00:00Z", "GroupList": groups,
        "AttachedManagedPolicies": attached.iter().map(|a| json!({"PolicyName": a.rsplit('/').next().unwrap(), "PolicyArn": a})).collect::<Vec<_>>(),
        "UserPolicyList": inline, "Tags": []});
    if let Some(b) = boundary {
        u["PermissionsBoundary"] = json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b});
    }
    u
}

fn inline(name: &str, doc: serde_json::Value) -> serde_json::Value {
    json!({"PolicyName": name, "PolicyDocument": doc})
}

fn managed_policy(arn: &str, doc: serde_json::Value) -> serde_json::Value {
    json!({"PolicyName": arn.rsplit('/').next().unwrap(), "Arn": arn, "DefaultVersionId": "v1", "AttachmentCount": 1,
        "PolicyVersionList": [{"Document": doc, "VersionId": "v1", "IsDefaultVersion": true}]})
}

fn role(name: &str, trust: serde_json::Value) -> serde_json::Value {
    json!({"RoleName": name, "RoleId": format!("AROA{name}"), "Arn": format!("arn:aws:iam::111122223333:role/{name}"), "Path": "/",
        "AssumeRolePolicyDocument": trust, "AttachedManagedPolicies": [], "RolePolicyList": [], "InstanceProfileList": [], "Tags": []})
}

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn scan_iam(
    users: Vec<serde_json::Value>,
    groups: Vec<serde_json::Value>,
    roles: Vec<serde_json::Value>,
    policies: Vec<serde_json::Value>,
) -> ScanResult {
    scan_tree(&[(
        "global/authorization-details.json".into(),
        json!({"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles, "Policies": policies}),
    )])
}

#[test]
fn administrators_through_every_path_and_what_takes_it_away() {
    let allow_all =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let power_user = "arn:aws:iam::aws:policy/PowerUserAccess";
    let s3_only = "arn:aws:iam::111122223333:policy/s3-only";
    let r = scan_iam(
        vec![
            user("direct", &[], &[ADMIN], vec![], None),
            user("via-group", &["Admins"], &[], vec![], None),
            user("power", &[], &[power_user], vec![], None),
            user(
                "denied",
                &[],
                &[],
                vec![
                    inline("all", allow_all.clone()),
                    inline(
                        "no-iam",
                        json!({"Statement": {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}),
                    ),
                ],
                None,
            ),
            user("bounded", &["Admins"], &[], vec![], Some(s3_only)),
            user(
                "with-mfa",
                &[],
                &[],
                vec![inline(
                    "mfa",
                    json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}),
                )],
                None,
            ),
            user(
                "unknown",
                &[],
                &["arn:aws:iam::111122223333:policy/not-exported"],
                vec![],
                None,
            ),
        ],
        vec![
            json!({"GroupName": "Admins", "Arn": "arn:aws:iam::111122223333:group/Admins", "GroupPolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN}]}),
        ],
        vec![],
        vec![
            managed_policy(
                power_user,
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"}]}),
            ),
            managed_policy(
                s3_only,
                json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
            ),
        ],
    );
    let f = of(&r, "user-is-administrator");
    let mut admins: Vec<(&str, rampart_checks::Confidence)> =
        f.iter().map(|f| (f.resource_id.as_str(), f.confidence)).collect();
    admins.sort_unstable();
    use rampart_checks::Confidence::{High, Medium};
    assert_eq!(admins, [("direct", High), ("via-group", High), ("with-mfa", Medium)]);
    let via_group = f.iter().find(|f| f.resource_id == "via-group").unwrap();
    assert_eq!(
        via_group.remediation,
        ["aws iam remove-user-from-group --group-name Admins --user-name via-group"]
    );
    // A policy that could not be read leaves the user not evaluated, never passed.
    assert!(r
        .not_evaluated
        .iter()
        .any(|n| n.check_id == "user-is-administrator" && n.resource_id.as_deref() == Some("unknown")));
}

#[test]
fn roles_open_to_everyone() {
    let trust = |principal: serde_json::Value, condition: Option<serde_json::Value>| {
        let mut s = json!({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        json!({"Version": "2012-10-17", "Statement": [s]})
    };
    let r = scan_iam(
        vec![],
        vec![],
        vec![
            role("anyone", trust(json!({"AWS": "*"}), None)),
            role("star", trust(json!("*"), None)),
            role(
                "listed",
                trust(json!({"AWS": ["arn:aws:iam::444455556666:root", "*"]}), None),
            ),
            role(
                "org-only",
                trust(
                    json!({"AWS": "*"}),
                    Some(json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})),
                ),
            ),
            role("ec2", trust(json!({"Service": "ec2.amazonaws.com"}), None)),
            role("partner", trust(json!({"AWS": "arn:aws:iam::444455556666:root"}), None)),
        ],
        vec![],
    );
    let f = of(&r, "role-trusts-any-principal");
    let mut got: Vec<(&str, rampart_checks::Severity)> =
        f.iter().map(|f| (f.resource_id.as_str(), f.severity)).collect();
    got.sort_unstable();
    use rampart_checks::Severity::{Critical, Low};
    assert_eq!(
        got,
        [
            ("anyone", Critical),
            ("listed", Critical),
            ("org-only", Low),
            ("star", Critical)
        ]
    );
    let org = f.iter().find(|f| f.resource_id == "org-only").unwrap();
    assert!(org.evidence.iter().any(|e| e.contains("aws:PrincipalOrgID")));
}

#[test]
fn two_active_keys_on_a_user_are_reported_with_the_one_to_retire() {
    // carol: both keys active, key 2 used more recently; dave: one key; root: two keys (root-access-key's).
    let carol = "carol,arn:aws:iam::111122223333:user/carol,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2021-01-01T00:00:00+00:00,2026-01-05T00:00:00+00:00,us-east-1,s3,true,2025-06-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,false,N/A";
    let r = scan_report(&[
        carol.to_owned(),
        row("dave", "false", "N/A", false, true, false),
        row("<root_account>", "not_supported", "N/A", true, true, true),
    ]);
    let found = of(&r, "access-keys-two-active");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].resource_id, "carol");
    assert!(
        found[0].remediation[1].contains("KEY1_ID --status Inactive"),
        "{:?}",
        found[0].remediation
    );
    assert_eq!(found[0].evidence.len(), 3, "the report time and both keys");
}

#[test]
fn root_used_within_ninety_days_of_the_report() {
    // The report is from 2026-11-28; the password was used 27 days before, the key 300 days before.
    let recent = "<root_account>,arn:aws:iam::111122223333:root,2019-01-01T00:00:00+00:00,not_supported,2026-11-01T08:00:00+00:00,not_supported,not_supported,true,true,2019-03-01T00:00:00+00:00,2026-02-01T00:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
    let r = scan_report(&[recent.to_owned()]);
    let found = of(&r, "root-used-recently");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("used 27 day(s) before"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].evidence.len(),
        2,
        "the report time and the password use; the old key use is not recent"
    );
    // Root never signed in and has no key: nothing.
    let r = scan_report(&[row("<root_account>", "not_supported", "N/A", true, false, false)]);
    assert!(of(&r, "root-used-recently").is_empty());
}

fn doc(statements: serde_json::Value) -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn role_with(
    name: &str,
    trust: serde_json::Value,
    path: &str,
    inline_docs: Vec<serde_json::Value>,
    attached: &[&str],
) -> serde_json::Value {
    let mut r = role(name, trust);
    r["Path"] = json!(path);
    r["RolePolicyList"] = json!(inline_docs);
    r["AttachedManagedPolicies"] = json!(attached
        .iter()
        .map(|a| json!({"PolicyName": a.rsplit('/').next().unwrap(), "PolicyArn": a}))
        .collect::<Vec<_>>());
    r
}

/// (principal, message) of one check's findings, sorted.
fn principals(r: &ScanResult, check: &str) -> Vec<(String, rampart_checks::Confidence)> {
    let mut v: Vec<_> = of(r, check)
        .iter()
        .map(|f| (f.resource_id.clone(), f.confidence))
        .collect();
    v.sort();
    v
}

#[test]
fn who_may_read_data_anywhere_run_code_or_change_the_network() {
    use rampart_checks::Confidence::{High, Medium};
    // ReadOnlyAccess abridged to the statements that matter here: s3:Get* and ssm:Get* (the
    // AWS Managed Policy Reference lists both in AmazonS3ReadOnlyAccess and AmazonSSMReadOnlyAccess).
    let read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let power_user = "arn:aws:iam::aws:policy/PowerUserAccess";
    let service = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let account = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]});
    let sg_admin = inline(
        "net",
        doc(json!([{"Effect": "Allow", "Action": ["ec2:AuthorizeSecurityGroup*", "ec2:Describe*"], "Resource": "*"}])),
    );
    let files = vec![(
        "global/authorization-details.json".to_owned(),
        json!({
            "UserDetailList": [
                user("reader", &[], &[read_only], vec![], None),
                user("power", &[], &[power_user], vec![], None),
                user("scoped", &[], &[], vec![inline("one-bucket", doc(json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}])))], None),
                user("all-but-s3", &[], &[], vec![
                    inline("all", doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}]))),
                    inline("no-s3", doc(json!([{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]))),
                ], None),
                user("with-mfa", &[], &[], vec![inline("mfa", doc(json!([{"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}])))], None),
                user("unknown", &[], &["arn:aws:iam::111122223333:policy/not-exported"], vec![], None),
            ],
            "GroupDetailList": [],
            "RoleDetailList": [
                role_with("app", service.clone(), "/", vec![inline("run", doc(json!([{"Effect": "Allow", "Action": ["ssm:SendCommand", "ec2:AuthorizeSecurityGroupIngress"], "Resource": "*"}])))], &[]),
                role_with("ops", account.clone(), "/", vec![sg_admin.clone()], &[]),
                role_with("ci-deploy", account.clone(), "/", vec![sg_admin], &[]),
                role_with("AWSServiceRoleForSupport", service, "/aws-service-role/support.amazonaws.com/", vec![], &["arn:aws:iam::aws:policy/AdministratorAccess"]),
            ],
            "Policies": [
                managed_policy(read_only, doc(json!([{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "ssm:Describe*", "ssm:Get*", "ssm:List*", "ec2:Describe*"], "Resource": "*"}]))),
                managed_policy(power_user, doc(json!([{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"}]))),
            ],
        }),
    )];
    let mut config = rampart_checks::Config::default();
    config.change_control.deployers = vec!["arn:aws:iam::*:role/ci-deploy".into()];
    let r = common::scan_tree_with(&files, &config);

    // Data: read-only and power users, the allow-all user (less S3), not the scoped grant.
    let s = |v: &[(&str, rampart_checks::Confidence)]| v.iter().map(|(a, c)| ((*a).to_owned(), *c)).collect::<Vec<_>>();
    assert_eq!(
        principals(&r, "data-exfiltration-rights"),
        s(&[("all-but-s3", High), ("power", High), ("reader", High)])
    );
    let reader = of(&r, "data-exfiltration-rights")
        .into_iter()
        .find(|f| f.resource_id == "reader")
        .unwrap();
    assert_eq!(
        reader.message,
        "IAM user reader may read data anywhere on every resource: s3:GetObject, ssm:GetParameter, ssm:GetParameters, ssm:GetParametersByPath"
    );
    assert_eq!(reader.remediation.len(), 1);
    assert!(reader.remediation[0].starts_with(&format!(
        "aws iam detach-user-policy --user-name reader --policy-arn {read_only}"
    )));
    let denied = of(&r, "data-exfiltration-rights")
        .into_iter()
        .find(|f| f.resource_id == "all-but-s3")
        .unwrap();
    assert!(
        !denied.message.contains("s3:GetObject"),
        "an explicit Deny wins: {}",
        denied.message
    );

    // Code execution: the service role counts (a compromised host runs it), the conditional grant at medium confidence.
    assert_eq!(
        principals(&r, "execution-environment-rights"),
        s(&[
            ("all-but-s3", High),
            ("app", High),
            ("power", High),
            ("with-mfa", Medium)
        ])
    );

    // Network controls: people only, less the deployer; a workload role is not a person.
    assert_eq!(
        principals(&r, "network-controls-changeable-by-people"),
        s(&[("all-but-s3", High), ("ops", High), ("power", High)])
    );

    // An unread policy leaves its holder not evaluated, never passed; AWS's own role is not judged.
    for check in [
        "data-exfiltration-rights",
        "execution-environment-rights",
        "network-controls-changeable-by-people",
    ] {
        assert!(
            r.not_evaluated
                .iter()
                .any(|n| n.check_id == check && n.resource_id.as_deref() == Some("unknown")),
            "{check}"
        );
        assert!(of(&r, check)
            .iter()
            .all(|f| f.resource_id != "AWSServiceRoleForSupport"));
    }
}

#[test]
fn roles_trusting_accounts_outside_the_trusted_list() {
    let trust = |principal: serde_json::Value, condition: Option<serde_json::Value>| {
        let mut s = json!({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        json!({"Version": "2012-10-17", "Statement": [s]})
    };
    let files = vec![
        (
            "global/authorization-details.json".to_owned(),
            json!({"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [
                role("partner", trust(json!({"AWS": "arn:aws:iam::444455556666:root"}), None)),
                role("vendor", trust(json!({"AWS": "777788889999"}), Some(json!({"StringEquals": {"sts:ExternalId": "acme-7f3a"}})))),
                role("sibling", trust(json!({"AWS": ["arn:aws:iam::222233334444:role/ops"]}), None)),
                role("own", trust(json!({"AWS": "arn:aws:iam::111122223333:root"}), None)),
                role("anyone", trust(json!({"AWS": "*"}), None)),
                role("ec2", trust(json!({"Service": "ec2.amazonaws.com"}), None)),
            ]}),
        ),
        (
            "global/caller-identity.json".to_owned(),
            json!({"UserId": "AIDAEXAMPLE", "Account": "111122223333", "Arn": "arn:aws:iam::111122223333:user/auditor"}),
        ),
    ];
    let mut config = rampart_checks::Config::default();
    config.identity.trusted_accounts = vec!["222233334444".into()];
    let r = common::scan_tree_with(&files, &config);
    let mut got: Vec<(&str, rampart_checks::Severity)> = of(&r, "role-trusts-external-account")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.severity))
        .collect();
    got.sort_unstable();
    use rampart_checks::Severity::{Low, Medium};
    assert_eq!(got, [("partner", Medium), ("vendor", Low)]);
    let partner = of(&r, "role-trusts-external-account")
        .into_iter()
        .find(|f| f.resource_id == "partner")
        .unwrap();
    assert_eq!(
        partner.evidence,
        ["trust policy: Allow sts:AssumeRole to account 444455556666, no sts:ExternalId"]
    );
    // Without the list, the sibling account is reported too.
    let r = common::scan_tree(&files);
    assert_eq!(of(&r, "role-trusts-external-account").len(), 3);
}

#[test]
fn every_user_with_an_active_key_holds_a_long_lived_credential() {
    let r = scan_report(&[
        row("ci", "false", "N/A", false, true, false),
        row("both", "true", "2026-11-01T00:00:00+00:00", true, true, true),
        row("console-only", "true", "2026-11-01T00:00:00+00:00", true, false, false),
        row("<root_account>", "not_supported", "N/A", true, true, false),
    ]);
    let mut got: Vec<(&str, usize)> = of(&r, "user-with-access-keys")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.blast_radius))
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [("both", 2), ("ci", 1)],
        "root's key is root-access-key's; no key, no finding"
    );
}

#[test]
fn console_users_are_reported_less_severely_once_federation_exists() {
    let csv = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row("alice", "true", "2026-11-01T00:00:00+00:00", true, false, false),
        row("ci", "false", "N/A", false, true, false),
        row("<root_account>", "not_supported", "N/A", true, false, false)
    );
    let report = (
        "global/credential-report.json".to_owned(),
        json!({"Content": base64::engine::general_purpose::STANDARD.encode(csv), "ReportFormat": "text/csv",
            "GeneratedTime": "2026-11-28T06:00:00+00:00"}),
    );
    let details = |roles: Vec<serde_json::Value>| {
        (
            "global/authorization-details.json".to_owned(),
            json!({"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": roles}),
        )
    };
    let check = "console-users-not-federated";
    let none = common::scan_tree(&[report.clone(), details(vec![])]);
    let f = of(&none, check);
    assert_eq!((f.len(), f[0].severity), (1, rampart_checks::Severity::Medium));
    assert_eq!(
        f[0].message,
        "1 IAM user(s) sign in to the console with a password: alice"
    );

    let mut sso = role(
        "AWSReservedSSO_Admin_0123456789abcdef",
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/AWSSSO_0123_DO_NOT_DELETE"},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"], "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}),
    );
    sso["Path"] = json!("/aws-reserved/sso.amazonaws.com/");
    let federated = common::scan_tree(&[report.clone(), details(vec![sso])]);
    let f = of(&federated, check);
    assert_eq!(f[0].severity, rampart_checks::Severity::Low);
    assert!(f[0]
        .evidence
        .iter()
        .any(|e| e == "IAM Identity Center is in use: 1 permission-set role(s)"));
    assert!(f[0]
        .evidence
        .iter()
        .any(|e| e.contains("saml-provider/AWSSSO_0123_DO_NOT_DELETE")));
    // Without the roles nothing is judged (the federation is unknown).
    let unread = common::scan_tree(&[report]);
    assert!(of(&unread, check).is_empty());
    assert!(unread.not_evaluated.iter().any(|n| n.check_id == check));
}

#[test]
fn root_hardware_mfa_direct_policies_support_role_and_cloudshell() {
    let csv = |root_mfa: bool| {
        format!(
            "{HEADER}\n{}\n",
            row(
                "<root_account>",
                "not_supported",
                "2026-11-01T00:00:00+00:00",
                root_mfa,
                false,
                false
            )
        )
    };
    let report = |root_mfa: bool| {
        (
            "global/credential-report.json".to_owned(),
            json!({"Content": base64::engine::general_purpose::STANDARD.encode(csv(root_mfa)), "ReportFormat": "text/csv",
                "GeneratedTime": "2026-11-28T06:00:00+00:00"}),
        )
    };
    let devices = (
        "global/virtual-mfa-devices.json".to_owned(),
        json!({"VirtualMFADevices": [
            {"SerialNumber": "arn:aws:iam::111122223333:mfa/root-account-mfa-device",
             "User": {"UserId": "111122223333", "Arn": "arn:aws:iam::111122223333:root"}, "EnableDate": "2024-01-01T00:00:00+00:00"},
            {"SerialNumber": "arn:aws:iam::111122223333:mfa/alice", "User": {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice"}}
        ]}),
    );
    let r = common::scan_tree(&[report(true), devices.clone()]);
    let f = of(&r, "root-mfa-not-hardware");
    assert_eq!(f.len(), 1);
    assert!(f[0]
        .evidence
        .iter()
        .any(|e| e.contains("mfa/root-account-mfa-device is assigned to root")));
    // No MFA at all is root-without-mfa's; a hardware device lists no virtual one for root.
    assert!(of(&common::scan_tree(&[report(false), devices]), "root-mfa-not-hardware").is_empty());
    let alice_only = (
        "global/virtual-mfa-devices.json".to_owned(),
        json!({"VirtualMFADevices": [
        {"SerialNumber": "arn:aws:iam::111122223333:mfa/alice", "User": {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice"}}]}),
    );
    assert!(of(&common::scan_tree(&[report(true), alice_only]), "root-mfa-not-hardware").is_empty());

    let cloudshell = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";
    let support = "arn:aws:iam::aws:policy/AWSSupportAccess";
    let mut ops = role("ops", json!({"Version": "2012-10-17", "Statement": []}));
    ops["AttachedManagedPolicies"] = json!([{"PolicyName": "AWSCloudShellFullAccess", "PolicyArn": cloudshell}]);
    let r = scan_iam(
        vec![
            user(
                "direct",
                &[],
                &[ADMIN],
                vec![inline("extra", json!({"Statement": []}))],
                None,
            ),
            user("grouped", &["Admins"], &[], vec![], None),
        ],
        vec![
            json!({"GroupName": "Admins", "Arn": "arn:aws:iam::111122223333:group/Admins", "GroupPolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN}]}),
        ],
        vec![ops],
        vec![],
    );
    let direct: Vec<(&str, usize)> = of(&r, "user-with-direct-policies")
        .iter()
        .map(|f| (f.resource_id.as_str(), f.blast_radius))
        .collect();
    assert_eq!(direct, [("direct", 2)]);
    assert_eq!(of(&r, "support-role-missing").len(), 1);
    let shell: Vec<&str> = of(&r, "cloudshell-full-access-attached")
        .iter()
        .map(|f| f.resource_id.as_str())
        .collect();
    assert_eq!(shell, ["ops"]);
    assert_eq!(
        of(&r, "cloudshell-full-access-attached")[0].remediation[0],
        format!("aws iam detach-role-policy --role-name ops --policy-arn {cloudshell}")
    );
    // A support role anywhere (here a group) satisfies 1.17.
    let r = scan_iam(
        vec![],
        vec![
            json!({"GroupName": "Support", "Arn": "arn:aws:iam::111122223333:group/Support", "GroupPolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AWSSupportAccess", "PolicyArn": support}]}),
        ],
        vec![],
        vec![],
    );
    assert!(of(&r, "support-role-missing").is_empty());
}

/// `iam get-account-summary` as the AWS CLI prints it (the AWS CLI reference's example, trimmed).
fn summary(mfa: i64, keys: i64) -> (String, serde_json::Value) {
    (
        "global/account-summary.json".into(),
        json!({"SummaryMap": {"Users": 27, "MFADevices": 6, "AccountMFAEnabled": mfa, "AccountAccessKeysPresent": keys, "Policies": 3}}),
    )
}

fn report_file(rows: &[String]) -> (String, serde_json::Value) {
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    (
        "global/credential-report.json".into(),
        json!({"Content": content, "ReportFormat": "text/csv", "GeneratedTime": "2026-11-28T06:00:00+00:00"}),
    )
}

/// Neither root check is recorded not evaluated.
fn judged(r: &ScanResult) -> bool {
    r.not_evaluated
        .iter()
        .all(|n| n.check_id != "root-without-mfa" && n.check_id != "root-access-key")
}

#[test]
fn root_judged_from_the_account_summary_when_the_report_has_no_root_row() {
    let users = report_file(&[row("alice", "true", "N/A", true, false, false)]);
    let r = scan_tree(&[users.clone(), summary(0, 1)]);
    let mfa = of(&r, "root-without-mfa");
    assert_eq!(mfa.len(), 1);
    assert_eq!(mfa[0].resource_id, "111122223333");
    assert!(
        mfa[0].evidence.iter().any(|e| e.contains("AccountMFAEnabled = 0")),
        "{:?}",
        mfa[0].evidence
    );
    let keys = of(&r, "root-access-key");
    assert_eq!(keys.len(), 1);
    assert!(keys[0].message.contains("has an access key"), "{}", keys[0].message);
    assert!(judged(&r));

    // MFA on, no key: nothing to report, and the verdict is evaluated.
    let r = scan_tree(&[users, summary(1, 0)]);
    assert!(of(&r, "root-without-mfa").is_empty() && of(&r, "root-access-key").is_empty());
    assert!(judged(&r));

    // The summary alone answers.
    let r = scan_tree(&[summary(0, 0)]);
    assert_eq!(of(&r, "root-without-mfa").len(), 1);
    assert!(of(&r, "root-access-key").is_empty());
    assert!(judged(&r));
}

#[test]
fn root_row_wins_over_the_account_summary() {
    let r = scan_tree(&[
        report_file(&[row("<root_account>", "not_supported", "N/A", true, false, false)]),
        summary(0, 1),
    ]);
    assert!(of(&r, "root-without-mfa").is_empty());
    assert!(of(&r, "root-access-key").is_empty());
}

#[test]
fn root_not_evaluated_when_the_report_has_no_root_row_and_no_summary() {
    let r = scan_tree(&[report_file(&[row("alice", "true", "N/A", true, true, false)])]);
    for check in ["root-without-mfa", "root-access-key"] {
        assert!(of(&r, check).is_empty());
        let ne = r.not_evaluated.iter().find(|n| n.check_id == check).unwrap();
        assert_eq!(ne.resource_id.as_deref(), Some("111122223333"));
        assert!(ne.reason.contains("no `<root_account>` row"), "{}", ne.reason);
        assert!(ne.reason.contains("get-account-summary"), "{}", ne.reason);
    }
    // A summary without the key answers nothing either.
    let r = scan_tree(&[
        report_file(&[row("alice", "true", "N/A", true, true, false)]),
        (
            "global/account-summary.json".into(),
            json!({"SummaryMap": {"Users": 1}}),
        ),
    ]);
    let ne = r
        .not_evaluated
        .iter()
        .find(|n| n.check_id == "root-without-mfa")
        .unwrap();
    assert!(ne.reason.contains("has no `AccountMFAEnabled`"), "{}", ne.reason);
}
