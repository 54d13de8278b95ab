//! The importer reads every real AWS CLI / Batfish file in the corpus without error, and what
//! it reads matches the documented content of those files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rampart_inventory::{import_dir, Peer, Ports, Protocol, ResourceKind, Status, GLOBAL};

fn fixtures(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(rel)
}

#[test]
fn batfish_example_account() {
    let (inv, report) = import_dir(&fixtures("batfish-example-aws")).unwrap();
    // SOURCE.md: 4 VPCs, 10 subnets, 11 SGs, 4 instances, 3 IGWs, 4 NACLs, 5 route tables.
    let r = &inv.regions["us-west-2"];
    assert_eq!(inv.regions.len(), 1);
    assert_eq!(r.vpcs.len(), 4);
    assert_eq!(r.subnets.len(), 10);
    assert_eq!(r.security_groups.len(), 11);
    assert_eq!(r.instances.len(), 4);
    assert_eq!(r.internet_gateways.len(), 3);
    assert_eq!(r.network_acls.len(), 4);
    assert_eq!(r.route_tables.len(), 5);
    assert!(
        r.instances.iter().all(|i| i.public_ip.is_none()),
        "SOURCE.md: no public IPs"
    );
    assert_eq!(inv.account_id.as_deref(), Some("118292266645"));
    assert!(inv.coverage.is_read("us-west-2", ResourceKind::SecurityGroups));
    assert!(!inv.coverage.is_read("us-west-2", ResourceKind::FlowLogs));
    assert!(!inv.coverage.is_read(GLOBAL, ResourceKind::CredentialReport));
    // Files with no API response rampart reads are listed, not fatal.
    assert!(
        report.skipped.iter().any(|(f, _)| f.ends_with("Hosts.json")),
        "{:?}",
        report.skipped
    );
}

#[test]
fn batfish_scenario_region_is_inferred_from_the_data() {
    let (inv, report) = import_dir(&fixtures("batfish-aws-resources/scenario-public-private-subnet")).unwrap();
    assert_eq!(inv.regions.keys().collect::<Vec<_>>(), vec!["us-east-2"]);
    assert!(report.notes.iter().any(|n| n.contains("inferred")));
    let r = &inv.regions["us-east-2"];
    // SOURCE.md: the public instance has public IP 13.58.55.60 and SG launch-wizard-2 with tcp/22 from anywhere.
    let public = r.instances.iter().find(|i| i.id == "i-094a9e5b545a4fde4").unwrap();
    assert_eq!(public.public_ip.as_deref(), Some("13.58.55.60"));
    let sg = r.security_groups.iter().find(|g| g.name == "launch-wizard-2").unwrap();
    assert!(sg.ingress.iter().any(|rule| rule.protocol == Protocol::Tcp
        && rule.ports == Ports::Range { from: 22, to: 22 }
        && rule.peer == Peer::Ipv4("0.0.0.0/0".parse().unwrap())));
    // The main route table goes to the VGW; the public subnet's table to the IGW.
    let main = r.route_tables.iter().find(|t| t.main).unwrap();
    assert!(main.routes.iter().any(|rt| matches!(&rt.target, rampart_inventory::RouteTarget::VirtualPrivateGateway(id) if id == "vgw-070087240d6fa2989")));
}

#[test]
fn batfish_per_resource_files_all_load() {
    let (inv, report) = import_dir(&fixtures("batfish-aws-resources/per-resource")).unwrap();
    // 13 groups in two files, 10 distinct ids: a group seen twice is kept once.
    let sgs: Vec<_> = inv.regions.values().flat_map(|r| &r.security_groups).collect();
    assert_eq!(sgs.len(), 10);
    // Fragments that are not API responses are skipped, with a reason.
    for name in ["DefaultAction.json", "RoutePrefixListId.json"] {
        assert!(
            report.skipped.iter().any(|(f, _)| f.ends_with(name)),
            "{name} not skipped"
        );
    }
    let lbs: Vec<_> = inv.regions.values().flat_map(|r| &r.load_balancers).collect();
    assert!(
        lbs.iter().any(|lb| !lb.listeners.is_empty()),
        "listeners joined to their load balancer"
    );
    let tgs: Vec<_> = inv.regions.values().flat_map(|r| &r.target_groups).collect();
    assert!(tgs.iter().any(|tg| tg.targets_read && tg.targets.len() == 2));
    let tables: Vec<_> = inv
        .regions
        .values()
        .flat_map(|r| &r.transit_gateway_route_tables)
        .collect();
    assert!(tables
        .iter()
        .any(|t| t.routes_read && t.routes.iter().any(|r| r.state == "blackhole")));
    assert!(tables.iter().any(|t| t.propagations.iter().any(|p| !p.enabled)));
}

#[test]
fn awscli_documentation_outputs_all_load() {
    let (inv, report) = import_dir(&fixtures("awscli-examples")).unwrap();
    assert!(report.files_read >= 25, "{report:?}");
    // describe-security-group-rules: rules with ids become the group's rules.
    let sg = inv
        .regions
        .values()
        .flat_map(|r| &r.security_groups)
        .find(|g| g.id == "sg-1234567890abcdef0")
        .unwrap();
    assert!(sg.ingress.iter().chain(&sg.egress).all(|rule| rule.rule_id.is_some()));
    let count = |f: fn(&rampart_inventory::Region) -> usize| inv.regions.values().map(f).sum::<usize>();
    assert!(count(|r| r.network_acls.len()) > 0);
    assert!(count(|r| r.route_tables.len()) > 0);
    assert!(count(|r| r.flow_logs.len()) > 0);
    assert!(count(|r| r.ssm_managed_instances.len() + r.patch_states.len()) > 0);
    assert!(
        count(|r| r.auto_scaling_groups.len()) > 0,
        "describe-auto-scaling-instances makes its group known"
    );
    // get-trail-status has no trail name; describe-trails has two trails, so it is not attached.
    assert_eq!(inv.regions.values().flat_map(|r| &r.trails).count(), 2);
    // The bare get-detector answer attaches to the only detector listed.
    let detectors: Vec<_> = inv.regions.values().flat_map(|r| &r.guardduty_detectors).collect();
    assert_eq!(detectors.len(), 1);
    assert_eq!(detectors[0].status.as_deref(), Some("ENABLED"));
    let g = &inv.global;
    assert!(!g.iam.users.is_empty() && !g.iam.roles.is_empty() && !g.iam.policies.is_empty());
    assert!(g
        .iam
        .roles
        .iter()
        .all(|r| r.trust_policy.as_deref().is_some_and(|p| p.starts_with('{'))));
    assert!(g.password_policy.is_some());
    assert!(!g.mfa_devices.is_empty());
    assert_eq!(g.account_summary.get("AccountMFAEnabled"), Some(&1));
    // The documented get-credential-report answer has no Content: not read, said so.
    assert!(matches!(
        inv.coverage.status(GLOBAL, ResourceKind::CredentialReport),
        Status::Missing(_)
    ));
    assert!(report.notes.iter().any(|n| n.contains("without `Content`")));
}

#[test]
fn malformed_json_names_the_file_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("eu-west-1");
    std::fs::create_dir(&region).unwrap();
    std::fs::write(
        region.join("sgs.json"),
        r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "not-a-cidr"}]}]}]}"#,
    )
    .unwrap();
    let err = import_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("sgs.json"), "{err}");
    assert!(
        err.contains("SecurityGroups[0].IpPermissions[0].IpRanges[0].CidrIp"),
        "{err}"
    );

    std::fs::write(region.join("sgs.json"), r#"{"SecurityGroups": [{"GroupId": "sg-1",}"#).unwrap();
    let err = import_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("sgs.json") && err.contains("line 1"), "{err}");
}

#[test]
fn unknown_fields_are_ignored_and_errors_become_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("eu-west-1");
    std::fs::create_dir(&region).unwrap();
    std::fs::write(
        region.join("a.json"),
        r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "NewField2030": {"x": 1}}], "NextToken": null}"#,
    )
    .unwrap();
    std::fs::write(
        region.join("b.json"),
        r#"{"RampartError": {"Command": "ec2 describe-network-acls", "Code": "UnauthorizedOperation", "Message": "You are not authorized"}}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("global")).unwrap();
    std::fs::write(
        dir.path().join("global/pp.json"),
        r#"{"RampartError": {"Command": "iam get-account-password-policy", "Code": "NoSuchEntity", "Message": "none"}}"#,
    )
    .unwrap();
    let (inv, _) = import_dir(dir.path()).unwrap();
    assert_eq!(inv.regions["eu-west-1"].security_groups[0].name, "web");
    assert!(
        matches!(inv.coverage.status("eu-west-1", ResourceKind::NetworkAcls), Status::Denied(r) if r.contains("UnauthorizedOperation"))
    );
    // No password policy configured is a read answer: the account has none.
    assert!(inv.coverage.is_read(GLOBAL, ResourceKind::PasswordPolicy));
    assert!(inv.global.password_policy.is_none());
}

#[test]
fn paginated_outputs_merge_and_duplicates_collapse() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("us-east-1");
    std::fs::create_dir(&region).unwrap();
    std::fs::write(
        region.join("page1.json"),
        r#"{"SecurityGroups": [{"GroupId": "sg-1"}, {"GroupId": "sg-2"}], "NextToken": "x"}"#,
    )
    .unwrap();
    std::fs::write(
        region.join("page2.json"),
        r#"{"SecurityGroups": [{"GroupId": "sg-3"}, {"GroupId": "sg-2"}]}"#,
    )
    .unwrap();
    let (inv, report) = import_dir(dir.path()).unwrap();
    let ids: Vec<_> = inv.regions["us-east-1"]
        .security_groups
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(ids, ["sg-1", "sg-2", "sg-3"]);
    assert_eq!(report.files_read, 2);
}

#[test]
fn credential_report_as_csv_and_as_base64_json() {
    let csv = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    for as_json in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        if as_json {
            use base64::Engine;
            let content = base64::engine::general_purpose::STANDARD.encode(csv);
            std::fs::write(
                dir.path().join("cr.json"),
                format!(
                    r#"{{"Content": "{content}", "ReportFormat": "text/csv", "GeneratedTime": "2026-11-01T00:00:00Z"}}"#
                ),
            )
            .unwrap();
        } else {
            std::fs::write(dir.path().join("credential-report.csv"), csv).unwrap();
        }
        let (inv, _) = import_dir(dir.path()).unwrap();
        let report = inv.global.credential_report.as_ref().unwrap();
        assert!(report.rows[0].is_root() && report.rows[0].mfa_active);
        assert_eq!(inv.account_id.as_deref(), Some("111122223333"));
    }
}

#[test]
fn credential_report_content_already_decoded_is_read() {
    // Some collectors store `get-credential-report` with `Content` decoded to the CSV itself.
    let csv = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,false,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
    let dir = tempfile::tempdir().unwrap();
    let answer =
        serde_json::json!({"Content": csv, "ReportFormat": "text/csv", "GeneratedTime": "2026-11-01T00:00:00Z"});
    std::fs::write(dir.path().join("credential-report.json"), answer.to_string()).unwrap();
    let (inv, _) = import_dir(dir.path()).unwrap();
    assert!(inv.coverage.is_read(GLOBAL, ResourceKind::CredentialReport));
    let report = inv.global.credential_report.as_ref().unwrap();
    assert!(report.rows[0].is_root() && !report.rows[0].mfa_active && report.rows[0].access_key_1_active);
}

/// Writes the files (path in the export → bytes) and imports the folder.
fn import_files(
    files: &[(&str, &[u8])],
) -> Result<(rampart_inventory::Inventory, rampart_inventory::ImportReport), String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    import_dir(dir.path()).map_err(|e| e.to_string())
}

#[test]
fn an_export_that_read_nothing_is_an_error_naming_the_folder() {
    let err = import_files(&[]).unwrap_err();
    assert!(
        err.starts_with("nothing was read from `") && err.contains("no `.json`"),
        "{err}"
    );

    // Only files that hold no AWS response rampart reads.
    let err = import_files(&[
        ("notes.json", br#"{"Hello": "world"}"#),
        ("us-east-1/ids.json", br#"["sg-1", "sg-2"]"#),
    ])
    .unwrap_err();
    assert!(
        err.contains("nothing was read") && err.contains("2 file(s) hold no AWS response"),
        "{err}"
    );
    assert!(err.contains("notes.json"), "{err}");

    // Every call the export records failed.
    let err = import_files(&[(
        "us-east-1/security-groups.json",
        br#"{"RampartError": {"Command": "ec2 describe-security-groups", "Code": "UnauthorizedOperation", "Message": "no"}}"#,
    )])
    .unwrap_err();
    assert!(err.contains("only failed calls"), "{err}");

    // One answer read is enough to audit.
    assert!(import_files(&[("us-east-1/security-groups.json", br#"{"SecurityGroups": []}"#)]).is_ok());
}

#[test]
fn a_json_file_that_holds_no_json_is_an_error_naming_it() {
    let garbage: &[u8] = &[0x00, 0x9f, 0x92, 0x96, 0xde, 0xad, 0xbe, 0xef, 0x01];
    let err = import_files(&[
        ("us-east-1/vpcs.json", br#"{"Vpcs": []}"#),
        ("us-east-1/security-groups.json", garbage),
    ])
    .unwrap_err();
    assert!(
        err.contains("security-groups.json") && err.contains("not JSON"),
        "{err}"
    );
    // The same bytes gzipped.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, garbage).unwrap();
    let gz = gz.finish().unwrap();
    let err = import_files(&[
        ("us-east-1/vpcs.json", br#"{"Vpcs": []}"#),
        ("us-east-1/sg.json.gz", &gz),
    ])
    .unwrap_err();
    assert!(err.contains("sg.json.gz") && err.contains("not JSON"), "{err}");
    // A CSV that is not a credential report is not an AWS CLI answer: skipped and listed.
    let (_, report) = import_files(&[
        ("us-east-1/vpcs.json", br#"{"Vpcs": []}"#),
        ("costs.csv", b"a,b\n1,2\n"),
    ])
    .unwrap();
    assert!(report.skipped.iter().any(|(f, _)| f.ends_with("costs.csv")));
}

#[test]
fn a_utf16_export_is_read() {
    // PowerShell 5's `aws ... > file.json` writes UTF-16LE with a byte-order mark.
    let mut bytes = vec![0xff, 0xfe];
    for unit in r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web"}]}"#.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let (inv, _) = import_files(&[("eu-west-1/security-groups.json", &bytes)]).unwrap();
    assert_eq!(inv.regions["eu-west-1"].security_groups[0].name, "web");
}

#[test]
fn batfish_database_and_search_domain_name_their_groups() {
    // The Batfish example holds `rds describe-db-instances` and `es describe-elasticsearch-domains`
    // answers whose groups (sg-55510831, sg-3dfb3140) no network interface of the export carries.
    let (inv, _) = import_dir(&fixtures("batfish-example-aws")).unwrap();
    let r = &inv.regions["us-west-2"];
    let named = |resource: &str| {
        r.group_references
            .iter()
            .find(|g| g.resource == resource)
            .map(|g| g.group_ids.clone())
    };
    assert_eq!(named("RDS DB instance test-rds"), Some(vec!["sg-55510831".to_owned()]));
    assert_eq!(
        named("OpenSearch domain es-domain"),
        Some(vec!["sg-3dfb3140".to_owned()])
    );
    assert_eq!(
        named("OpenSearch domain publices"),
        Some(vec![]),
        "a domain outside a VPC names no group"
    );
    assert!(inv.coverage.is_read("us-west-2", ResourceKind::DbInstances));
    assert!(inv.coverage.is_read("us-west-2", ResourceKind::OpenSearchDomains));
    assert!(!inv.coverage.is_read("us-west-2", ResourceKind::DbClusters));
}

#[test]
fn responses_rampart_does_not_read_are_listed_with_the_groups_they_name() {
    let (inv, _) = import_files(&[
        ("us-east-1/security-groups.json", br#"{"SecurityGroups": [{"GroupId": "sg-0123456789abcdef0"}]}"#),
        // `eks describe-cluster`: a response rampart does not read, naming a group.
        (
            "us-east-1/eks-describe-cluster-prod.json",
            br#"{"cluster": {"name": "prod", "resourcesVpcConfig": {"securityGroupIds": ["sg-0123456789abcdef0"], "clusterSecurityGroupId": "sg-11112222"}}}"#,
        ),
        // `ec2 describe-tags` names groups without using them.
        ("us-east-1/tags.json", br#"{"Tags": [{"Key": "team", "ResourceId": "sg-0123456789abcdef0", "ResourceType": "security-group", "Value": "a"}]}"#),
    ])
    .unwrap();
    let eks = inv
        .unread_responses
        .iter()
        .find(|u| u.file.ends_with("eks-describe-cluster-prod.json"))
        .unwrap();
    assert_eq!(eks.region.as_deref(), Some("us-east-1"));
    assert_eq!(eks.group_ids, ["sg-0123456789abcdef0", "sg-11112222"]);
    assert!(eks.names_group("us-east-1", "sg-11112222") && !eks.names_group("eu-west-1", "sg-11112222"));
    let tags = inv
        .unread_responses
        .iter()
        .find(|u| u.file.ends_with("tags.json"))
        .unwrap();
    assert!(tags.group_ids.is_empty(), "{:?}", tags.group_ids);
}
