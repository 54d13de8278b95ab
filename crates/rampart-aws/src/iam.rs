//! Account-wide data: IAM (authorization details, the credential report, the account summary,
//! the password policy, MFA devices) and S3 public access blocks (account and buckets).

use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_iam::types as t;
use base64::Engine;
use rampart_inventory::GLOBAL;
use serde_json::{json, Value};

use crate::call::Ctx;
use crate::shape::{iso, name, safe, tags};

pub async fn collect(ctx: &Ctx, config: &SdkConfig, account: &str) {
    let iam = aws_sdk_iam::Client::new(config);
    tokio::join!(
        authorization_details(ctx, &iam),
        credential_report(ctx, &iam),
        account_settings(ctx, &iam),
        s3(ctx, config, account),
    );
}

fn attached(list: &[t::AttachedPolicy]) -> Vec<Value> {
    list.iter()
        .map(|p| json!({"PolicyArn": p.policy_arn(), "PolicyName": p.policy_name()}))
        .collect()
}

fn inline(list: &[t::PolicyDetail]) -> Vec<Value> {
    // URL-encoded, as the API returns them; the importer decodes either form.
    list.iter()
        .map(|p| json!({"PolicyName": p.policy_name(), "PolicyDocument": p.policy_document()}))
        .collect()
}

fn boundary(b: Option<&t::AttachedPermissionsBoundary>) -> Value {
    b.map(|b| json!({"PermissionsBoundaryArn": b.permissions_boundary_arn()}))
        .unwrap_or(Value::Null)
}

async fn authorization_details(ctx: &Ctx, iam: &aws_sdk_iam::Client) {
    let request = iam
        .get_account_authorization_details()
        .into_paginator()
        .send()
        .try_collect();
    let file = "authorization-details.json";
    let Some(pages) = ctx
        .call(GLOBAL, file, "iam get-account-authorization-details", request)
        .await
    else {
        return;
    };
    let users: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.user_detail_list())
        .map(|u| {
            json!({
                "UserName": u.user_name(), "Arn": u.arn(), "UserId": u.user_id(), "CreateDate": iso(u.create_date()),
                "GroupList": u.group_list(), "AttachedManagedPolicies": attached(u.attached_managed_policies()),
                "UserPolicyList": inline(u.user_policy_list()), "PermissionsBoundary": boundary(u.permissions_boundary()),
                "Tags": tags!(u.tags()),
            })
        })
        .collect();
    let groups: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.group_detail_list())
        .map(|g| {
            json!({
                "GroupName": g.group_name(), "Arn": g.arn(),
                "AttachedManagedPolicies": attached(g.attached_managed_policies()),
                "GroupPolicyList": inline(g.group_policy_list()),
            })
        })
        .collect();
    let roles: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.role_detail_list())
        .map(|r| {
            json!({
                "RoleName": r.role_name(), "Arn": r.arn(), "Path": r.path(), "CreateDate": iso(r.create_date()),
                "AssumeRolePolicyDocument": r.assume_role_policy_document(),
                "AttachedManagedPolicies": attached(r.attached_managed_policies()),
                "RolePolicyList": inline(r.role_policy_list()),
                "InstanceProfileList": r.instance_profile_list().iter().map(|p| json!({"Arn": p.arn()})).collect::<Vec<_>>(),
                "RoleLastUsed": r.role_last_used().map(|u| json!({"LastUsedDate": iso(u.last_used_date())})),
                "PermissionsBoundary": boundary(r.permissions_boundary()),
                "Tags": tags!(r.tags()),
            })
        })
        .collect();
    let policies: Vec<Value> = pages
        .iter()
        .flat_map(|p| p.policies())
        .map(|p| {
            json!({
                "PolicyName": p.policy_name(), "Arn": p.arn(), "AttachmentCount": p.attachment_count(),
                "DefaultVersionId": p.default_version_id(),
                "PolicyVersionList": p.policy_version_list().iter().map(|v| json!({
                    "Document": v.document(), "VersionId": v.version_id(), "IsDefaultVersion": v.is_default_version(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    ctx.put(
        GLOBAL,
        file,
        json!({"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles, "Policies": policies}),
    );
}

/// Asks IAM to generate the report and waits for it (as the export script: up to ~20 s).
async fn credential_report(ctx: &Ctx, iam: &aws_sdk_iam::Client) {
    let file = "credential-report.json";
    for _ in 0..10 {
        let generated = ctx
            .call(
                GLOBAL,
                file,
                "iam generate-credential-report",
                iam.generate_credential_report().send(),
            )
            .await;
        match generated {
            Some(g) if g.state().map(|s| s.as_str()) == Some("COMPLETE") => break,
            Some(_) => tokio::time::sleep(Duration::from_secs(2)).await,
            // Not allowed to generate: the report may still exist; the get below says.
            None => break,
        }
    }
    if let Some(r) = ctx
        .call(
            GLOBAL,
            file,
            "iam get-credential-report",
            iam.get_credential_report().send(),
        )
        .await
    {
        let content = r
            .content()
            .map(|b| base64::engine::general_purpose::STANDARD.encode(b.as_ref()));
        ctx.put(
            GLOBAL,
            file,
            json!({"Content": content, "ReportFormat": name!(r.report_format()), "GeneratedTime": iso(r.generated_time())}),
        );
    }
}

async fn account_settings(ctx: &Ctx, iam: &aws_sdk_iam::Client) {
    let (summary, policy, mfa) = tokio::join!(
        ctx.call(
            GLOBAL,
            "account-summary.json",
            "iam get-account-summary",
            iam.get_account_summary().send()
        ),
        ctx.call(
            GLOBAL,
            "password-policy.json",
            "iam get-account-password-policy",
            iam.get_account_password_policy().send(),
        ),
        ctx.call(
            GLOBAL,
            "virtual-mfa-devices.json",
            "iam list-virtual-mfa-devices",
            iam.list_virtual_mfa_devices().into_paginator().send().try_collect(),
        ),
    );
    if let Some(s) = summary {
        let map: serde_json::Map<String, Value> = s
            .summary_map()
            .map(|m| m.iter().map(|(k, v)| (k.as_str().to_owned(), json!(v))).collect())
            .unwrap_or_default();
        ctx.put(GLOBAL, "account-summary.json", json!({ "SummaryMap": map }));
    }
    if let Some(p) = policy.as_ref().and_then(|o| o.password_policy()) {
        ctx.put(
            GLOBAL,
            "password-policy.json",
            json!({"PasswordPolicy": {
                "MinimumPasswordLength": p.minimum_password_length(), "RequireSymbols": p.require_symbols(),
                "RequireNumbers": p.require_numbers(), "RequireUppercaseCharacters": p.require_uppercase_characters(),
                "RequireLowercaseCharacters": p.require_lowercase_characters(),
                "AllowUsersToChangePassword": p.allow_users_to_change_password(),
                "MaxPasswordAge": p.max_password_age(), "PasswordReusePrevention": p.password_reuse_prevention(),
                "HardExpiry": p.hard_expiry(),
            }}),
        );
    }
    if let Some(pages) = mfa {
        let list: Vec<Value> = pages
            .iter()
            .flat_map(|p| p.virtual_mfa_devices())
            .map(|d| {
                json!({
                    "SerialNumber": d.serial_number(), "User": d.user().map(|u| json!({"Arn": u.arn()})),
                    "EnableDate": iso(d.enable_date()),
                })
            })
            .collect();
        ctx.put(GLOBAL, "virtual-mfa-devices.json", json!({ "VirtualMFADevices": list }));
    }
}

fn public_access_block(p: Option<&aws_sdk_s3::types::PublicAccessBlockConfiguration>) -> Value {
    p.map(|p| {
        json!({
            "BlockPublicAcls": p.block_public_acls(), "IgnorePublicAcls": p.ignore_public_acls(),
            "BlockPublicPolicy": p.block_public_policy(), "RestrictPublicBuckets": p.restrict_public_buckets(),
        })
    })
    .unwrap_or(Value::Null)
}

async fn s3(ctx: &Ctx, config: &SdkConfig, account: &str) {
    let s3control = aws_sdk_s3control::Client::new(config);
    let file = "account-public-access-block.json";
    let request = s3control.get_public_access_block().account_id(account).send();
    if let Some(out) = ctx
        .call(GLOBAL, file, "s3control get-public-access-block", request)
        .await
    {
        let p = out.public_access_block_configuration().map(|p| {
            json!({
                "BlockPublicAcls": p.block_public_acls(), "IgnorePublicAcls": p.ignore_public_acls(),
                "BlockPublicPolicy": p.block_public_policy(), "RestrictPublicBuckets": p.restrict_public_buckets(),
            })
        });
        ctx.put(GLOBAL, file, json!({ "PublicAccessBlockConfiguration": p }));
    }

    // Path-style addressing only against a custom endpoint (a local test server).
    let s3_config = |region: Option<String>| {
        let mut b = aws_sdk_s3::config::Builder::from(config).force_path_style(config.endpoint_url().is_some());
        if let Some(r) = region {
            b = b.region(aws_sdk_s3::config::Region::new(r));
        }
        aws_sdk_s3::Client::from_conf(b.build())
    };
    let s3 = s3_config(None);
    let Some(pages) = ctx
        .call(
            GLOBAL,
            "buckets.json",
            "s3api list-buckets",
            s3.list_buckets().into_paginator().send().try_collect(),
        )
        .await
    else {
        return;
    };
    let buckets: Vec<(&str, Value)> = pages
        .iter()
        .flat_map(|p| p.buckets())
        .filter_map(|b| Some((b.name()?, iso(b.creation_date()))))
        .collect();
    ctx.put(
        GLOBAL,
        "buckets.json",
        json!({"Buckets": buckets.iter().map(|(n, d)| json!({"Name": n, "CreationDate": d})).collect::<Vec<_>>()}),
    );
    // One client per bucket region, made when a bucket there is first met.
    let mut regional: std::collections::HashMap<String, aws_sdk_s3::Client> = std::collections::HashMap::new();
    for (bucket, _) in buckets {
        let file = format!("bucket-pab-{}.json", safe(bucket));
        // A bucket answers only in its own region: ask where it is first.
        let location = ctx
            .call_about(
                GLOBAL,
                &file,
                "s3api get-bucket-location",
                Some(bucket),
                s3.get_bucket_location().bucket(bucket).send(),
            )
            .await;
        let Some(location) = location else { continue };
        let region = match location.location_constraint().map(|c| c.as_str()) {
            None | Some("") => "us-east-1".to_owned(),
            Some("EU") => "eu-west-1".to_owned(),
            Some(r) => r.to_owned(),
        };
        let s3_regional = regional
            .entry(region)
            .or_insert_with_key(|r| s3_config(Some(r.clone())));
        let request = s3_regional.get_public_access_block().bucket(bucket).send();
        let command = "s3api get-public-access-block";
        if let Some(out) = ctx.call_about(GLOBAL, &file, command, Some(bucket), request).await {
            ctx.put(
                GLOBAL,
                &file,
                json!({"BucketPublicAccessBlocks": [{
                    "Bucket": bucket,
                    "PublicAccessBlockConfiguration": public_access_block(out.public_access_block_configuration()),
                }]}),
            );
        }
        let file = format!("bucket-policy-status-{}.json", safe(bucket));
        let request = s3_regional.get_bucket_policy_status().bucket(bucket).send();
        let command = "s3api get-bucket-policy-status";
        if let Some(out) = ctx.call_about(GLOBAL, &file, command, Some(bucket), request).await {
            let is_public = out.policy_status().and_then(|p| p.is_public());
            ctx.put(
                GLOBAL,
                &file,
                json!({"BucketPolicyStatuses": [{"Bucket": bucket, "PolicyStatus": {"IsPublic": is_public.unwrap_or(false)}}]}),
            );
        }
        let file = format!("bucket-acl-{}.json", safe(bucket));
        let request = s3_regional.get_bucket_acl().bucket(bucket).send();
        if let Some(out) = ctx
            .call_about(GLOBAL, &file, "s3api get-bucket-acl", Some(bucket), request)
            .await
        {
            let grants: Vec<Value> = out
                .grants()
                .iter()
                .map(|g| {
                    let grantee = g.grantee().map(|e| {
                        json!({"Type": e.r#type().as_str(), "URI": e.uri(), "ID": e.id(), "DisplayName": e.display_name()})
                    });
                    json!({"Grantee": grantee, "Permission": g.permission().map(|p| p.as_str())})
                })
                .collect();
            ctx.put(
                GLOBAL,
                &file,
                json!({"BucketAcls": [{"Bucket": bucket, "Grants": grants}]}),
            );
        }
    }
}
