//! Merges recognised documents into one inventory: resources per region, the joins between
//! calls that answer about one resource (listeners, target health, trail status, …), and
//! coverage.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use super::{convert, credential_report, raw, region, ImportReport};
use crate::coverage::{Status, GLOBAL};
use crate::kind::{ResourceKind as K, Scope};
use crate::model::*;

#[derive(Default)]
pub struct Accumulator {
    regions: BTreeMap<String, RegionAcc>,
    global: Global,
    global_read: BTreeSet<K>,
    /// Regions the account has enabled (`describe-regions`), when the export says.
    enabled_regions: Option<BTreeSet<String>>,
    /// Errors recorded by the export script, per (scope, kind).
    errors: BTreeMap<(String, K), Status>,
    account_from_sts: Option<String>,
    buckets: BucketFacts,
}

/// What the per-bucket S3 calls said, by bucket name, joined to the bucket list at the end.
#[derive(Default)]
struct BucketFacts {
    pabs: Vec<(String, PublicAccessBlock)>,
    policy_public: Vec<(String, bool)>,
    acl_public: Vec<(String, Vec<String>)>,
    unread: Vec<(String, String)>,
}

impl BucketFacts {
    /// A failed per-bucket call. "No such configuration" is an answer: nothing is set.
    fn error(&mut self, bucket: &str, err: &raw::CallError) {
        match (err.command.as_str(), err.code.as_str()) {
            ("s3api get-public-access-block", "NoSuchPublicAccessBlockConfiguration") => {
                self.pabs.push((bucket.to_owned(), PublicAccessBlock::default()));
            }
            ("s3api get-bucket-policy-status", "NoSuchBucketPolicy") => {
                self.policy_public.push((bucket.to_owned(), false));
            }
            _ => {
                let reason = if err.message.is_empty() {
                    err.code.clone()
                } else {
                    format!("{}: {}", err.code, err.message)
                };
                self.unread
                    .push((bucket.to_owned(), format!("{}: {reason}", err.command)));
            }
        }
    }

    fn join(self, buckets: &mut Vec<Bucket>) {
        fn bucket<'b>(buckets: &'b mut Vec<Bucket>, name: &str) -> &'b mut Bucket {
            let i = match buckets.iter().position(|b| b.name == name) {
                Some(i) => i,
                None => {
                    buckets.push(Bucket {
                        name: name.to_owned(),
                        ..Bucket::default()
                    });
                    buckets.len() - 1
                }
            };
            &mut buckets[i]
        }
        for (name, pab) in self.pabs {
            bucket(buckets, &name).public_access_block = Some(pab);
        }
        for (name, public) in self.policy_public {
            bucket(buckets, &name).policy_public = Some(public);
        }
        for (name, grants) in self.acl_public {
            bucket(buckets, &name).acl_public_grants = Some(grants);
        }
        for (name, reason) in self.unread {
            bucket(buckets, &name).unread.push(reason);
        }
    }
}

/// The ACL grants S3 treats as public: to the `AllUsers` or `AuthenticatedUsers` group (S3
/// User Guide, "Access control list (ACL) overview", Amazon S3 predefined groups).
fn public_grants(grants: &[raw::AclGrant]) -> Vec<String> {
    grants
        .iter()
        .filter_map(|g| {
            let uri = g.grantee.as_ref()?.uri.as_deref()?;
            let group = uri.strip_prefix("http://acs.amazonaws.com/groups/global/")?;
            matches!(group, "AllUsers" | "AuthenticatedUsers")
                .then(|| format!("{group} {}", g.permission.as_deref().unwrap_or("?")))
        })
        .collect()
}

/// A group's instance refreshes: (status, end time).
type Refreshes = Vec<(String, Option<String>)>;

#[derive(Default)]
struct RegionAcc {
    region: Region,
    read: BTreeSet<K>,
    sg_rules: Vec<(String, bool, SgRule)>,
    listeners: Vec<(String, Listener)>,
    target_health: Vec<(String, Vec<Target>)>,
    /// Per listener ARN: its non-default rules (None for the default one, which says the
    /// listener's rules were read).
    listener_rules: Vec<(String, Option<ListenerRule>)>,
    tg_attributes: Vec<(String, TargetGroupAttributes)>,
    tgw_routes: Vec<(String, Vec<TransitGatewayRoute>)>,
    tgw_propagations: Vec<(String, Vec<TransitGatewayPropagation>)>,
    trail_status: Vec<(Option<String>, raw::TrailStatus)>,
    event_selectors: Vec<(Option<String>, EventSelectors)>,
    recorder_status: Vec<raw::ConfigRecorderStatus>,
    detectors: Vec<DetectorAnswer>,
    prefix_list_entries: Vec<(String, Vec<String>)>,
    asg_instances: Vec<(String, String)>,
    /// Per group: its instance refreshes.
    refreshes: Vec<(String, Refreshes)>,
    /// Per web ACL: the load balancers it protects.
    web_acl_resources: Vec<(String, Vec<String>)>,
    /// OpenSearch domains `list-domain-names` named: each must be described for the kind to be read.
    domains_listed: Vec<String>,
}

/// A `get-detector` answer: the detector id (None when the answer does not name it), status, features.
type DetectorAnswer = (Option<String>, Option<String>, Vec<(String, String)>);

/// True when a document holds nothing the importer reads.
pub fn is_empty(d: &raw::Document) -> bool {
    kinds_in(d).is_empty()
        && d.account.is_none()
        && d.regions.is_none()
        && d.availability_zones.is_none()
        && d.rampart_error.is_none()
        && d.trail_statuses.is_none()
        && d.is_logging.is_none()
        && d.event_selectors.is_none()
        && d.advanced_event_selectors.is_none()
        && d.configuration_recorders_status.is_none()
        && d.detectors.is_none()
        && d.finding_publishing_frequency.is_none()
        && d.listeners.is_none()
        && d.load_balancer_listeners.is_none()
        && d.load_balancer_target_health.is_none()
        && !has_listener_rules(d)
        && d.target_group_attributes.is_none()
        && d.transit_gateway_static_routes.is_none()
        && d.transit_gateway_propagations.is_none()
        && d.managed_prefix_list_entries.is_none()
        && d.auto_scaling_instances.is_none()
        && d.bucket_public_access_blocks.is_none()
        && d.bucket_policy_statuses.is_none()
        && d.bucket_acls.is_none()
        && d.guardduty_findings.is_none()
        && d.resource_arns.is_none()
        && d.generated_time.is_none()
        && d.domain_names.is_none()
        && d.ecs_cluster_arns.is_none()
}

/// The resource kinds a document answers for completely (their presence means "read").
fn kinds_in(d: &raw::Document) -> Vec<K> {
    let mut k = Vec::new();
    let mut has = |present: bool, kind: K| {
        if present && !k.contains(&kind) {
            k.push(kind)
        }
    };
    has(d.vpcs.is_some(), K::Vpcs);
    has(d.subnets.is_some(), K::Subnets);
    has(d.route_tables.is_some(), K::RouteTables);
    has(d.internet_gateways.is_some(), K::InternetGateways);
    has(d.egress_only_internet_gateways.is_some(), K::EgressOnlyInternetGateways);
    has(d.nat_gateways.is_some(), K::NatGateways);
    has(d.transit_gateways.is_some(), K::TransitGateways);
    has(
        d.transit_gateway_attachments.is_some() || d.transit_gateway_vpc_attachments.is_some(),
        K::TransitGatewayAttachments,
    );
    has(d.transit_gateway_route_tables.is_some(), K::TransitGatewayRouteTables);
    has(d.vpc_peering_connections.is_some(), K::VpcPeeringConnections);
    has(d.vpc_endpoints.is_some(), K::VpcEndpoints);
    has(d.prefix_lists.is_some(), K::PrefixLists);
    has(
        d.security_groups.is_some() || d.security_group_rules.is_some(),
        K::SecurityGroups,
    );
    has(d.network_acls.is_some(), K::NetworkAcls);
    has(d.network_interfaces.is_some(), K::NetworkInterfaces);
    has(d.reservations.is_some(), K::Instances);
    has(d.addresses.is_some(), K::Addresses);
    has(d.flow_logs.is_some(), K::FlowLogs);
    has(d.load_balancers.is_some(), K::LoadBalancers);
    has(d.load_balancer_descriptions.is_some(), K::ClassicLoadBalancers);
    has(d.target_groups.is_some(), K::TargetGroups);
    // No load balancer (or no target group): no rules (attributes) to ask about, an answer.
    has(
        has_listener_rules(d) || d.load_balancers.as_ref().is_some_and(Vec::is_empty),
        K::ListenerRules,
    );
    has(
        d.target_group_attributes.is_some() || d.target_groups.as_ref().is_some_and(Vec::is_empty),
        K::TargetGroupAttributes,
    );
    has(d.auto_scaling_groups.is_some(), K::AutoScalingGroups);
    has(d.instance_refreshes.is_some(), K::InstanceRefreshes);
    // No group: no refreshes to ask about, which is an answer.
    has(
        d.auto_scaling_groups.as_ref().is_some_and(Vec::is_empty),
        K::InstanceRefreshes,
    );
    has(d.trail_list.is_some(), K::Trails);
    has(d.metric_filters.is_some(), K::MetricFilters);
    has(d.metric_alarms.is_some(), K::MetricAlarms);
    has(d.configuration_recorders.is_some(), K::ConfigRecorders);
    has(d.detector_ids.is_some(), K::GuardDutyDetectors);
    has(d.finding_ids.is_some(), K::GuardDutyFindings);
    has(d.metrics.is_some(), K::CloudWatchAgentMetrics);
    has(d.web_acls.is_some(), K::WebAcls);
    has(d.instance_information_list.is_some(), K::SsmManagedInstances);
    has(d.instance_patch_states.is_some(), K::SsmPatchStates);
    has(d.inspector_accounts.is_some(), K::Inspector);
    has(d.inspector_findings.is_some(), K::InspectorFindings);
    has(d.directories.is_some(), K::WorkspacesDirectories);
    has(
        d.workspaces_ip_groups.is_some() || d.result.is_some(),
        K::WorkspacesIpGroups,
    );
    has(d.firewall.is_some() || d.firewalls.is_some(), K::NetworkFirewalls);
    has(d.functions.is_some(), K::LambdaFunctions);
    has(d.ecs_services.is_some(), K::EcsServices);
    // No cluster: no service to describe, which is an answer.
    has(d.ecs_cluster_arns.as_ref().is_some_and(Vec::is_empty), K::EcsServices);
    has(d.db_instances.is_some(), K::DbInstances);
    has(d.db_clusters.is_some(), K::DbClusters);
    has(d.cache_clusters.is_some(), K::CacheClusters);
    has(
        d.clusters
            .as_ref()
            .is_some_and(|c| c.is_empty() || c.iter().any(|c| c.cluster_identifier.is_some())),
        K::RedshiftClusters,
    );
    // No domain listed: nothing to describe, which is an answer.
    has(
        d.domain_status_list.is_some() || d.domain_names.as_ref().is_some_and(Vec::is_empty),
        K::OpenSearchDomains,
    );
    has(d.launch_template_versions.is_some(), K::LaunchTemplateVersions);
    has(d.launch_configurations.is_some(), K::LaunchConfigurations);
    has(
        d.user_detail_list.is_some()
            || d.group_detail_list.is_some()
            || d.role_detail_list.is_some()
            || d.policies.is_some(),
        K::IamAuthorizationDetails,
    );
    has(d.content.is_some(), K::CredentialReport);
    has(d.summary_map.is_some(), K::AccountSummary);
    has(d.password_policy.is_some(), K::PasswordPolicy);
    has(d.virtual_mfa_devices.is_some(), K::VirtualMfaDevices);
    has(
        d.public_access_block_configuration.is_some(),
        K::S3AccountPublicAccessBlock,
    );
    has(d.buckets.is_some(), K::S3Buckets);
    k
}

/// True when a top-level `Rules` holds listener rules (`elbv2 describe-rules`), not another
/// service's rules.
fn has_listener_rules(d: &raw::Document) -> bool {
    d.rules.iter().flatten().any(|r| {
        r.get("RuleArn")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|a| a.contains(":listener-rule/"))
    })
}

/// True when a document holds regional resources (so its region matters).
pub fn has_regional_data(d: &raw::Document) -> bool {
    kinds_in(d).iter().any(|k| k.scope() == Scope::Regional)
}

/// A region named by the data itself: availability zones, ARNs, a trail's home region.
pub fn region_in_data(d: &raw::Document) -> Option<String> {
    let zone = |z: &Option<String>| z.as_deref().and_then(region::region_prefix).map(String::from);
    let arn = |a: &str| region::region_of_arn(a).map(String::from);
    if let Some(r) = d
        .availability_zones
        .iter()
        .flatten()
        .find_map(|z| z.region_name.clone().or_else(|| zone(&z.zone_name)))
    {
        return Some(r);
    }
    if let Some(r) = d.subnets.iter().flatten().find_map(|s| zone(&s.availability_zone)) {
        return Some(r);
    }
    let in_instances = d
        .reservations
        .iter()
        .flatten()
        .flat_map(|r| &r.instances)
        .find_map(|i| zone(&i.placement.as_ref().and_then(|p| p.availability_zone.clone())));
    if in_instances.is_some() {
        return in_instances;
    }
    if let Some(r) = d
        .network_interfaces
        .iter()
        .flatten()
        .find_map(|e| zone(&e.availability_zone))
    {
        return Some(r);
    }
    if let Some(r) = d
        .load_balancers
        .iter()
        .flatten()
        .find_map(|l| arn(&l.load_balancer_arn))
    {
        return Some(r);
    }
    if let Some(r) = d.target_groups.iter().flatten().find_map(|t| arn(&t.target_group_arn)) {
        return Some(r);
    }
    if let Some(r) = d
        .load_balancer_listeners
        .iter()
        .flatten()
        .find_map(|l| arn(&l.load_balancer_arn))
    {
        return Some(r);
    }
    if let Some(r) = d
        .load_balancer_target_health
        .iter()
        .flatten()
        .find_map(|t| arn(&t.target_group_arn))
    {
        return Some(r);
    }
    if let Some(r) = d.functions.iter().flatten().find_map(|f| arn(&f.function_arn)) {
        return Some(r);
    }
    if let Some(r) = d
        .auto_scaling_groups
        .iter()
        .flatten()
        .find_map(|g| g.arn.as_deref().and_then(arn))
    {
        return Some(r);
    }
    d.vpc_peering_connections
        .iter()
        .flatten()
        .find_map(|p| p.requester_vpc_info.region.clone().filter(|r| region::is_region(r)))
}

/// Which kind an export-script error file speaks of: the command as `service operation`.
fn kind_of_command(command: &str) -> Option<K> {
    let words: Vec<&str> = command.split_whitespace().take(2).collect();
    let command = words.join(" ");
    K::ALL.iter().copied().find(|k| k.cli() == command)
}

/// Error codes that mean "nothing is configured" rather than "could not read".
fn means_not_configured(kind: K, code: &str) -> bool {
    matches!(
        (kind, code),
        (K::PasswordPolicy, "NoSuchEntity") | (K::S3AccountPublicAccessBlock, "NoSuchPublicAccessBlockConfiguration")
    )
}

fn error_status(code: &str, message: &str) -> Status {
    let text = if message.is_empty() {
        code.to_owned()
    } else {
        format!("{code}: {message}")
    };
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnauthorizedAccess"
        | "OptInRequired"
        | "AuthFailure"
        | "SubscriptionRequiredException" => Status::Denied(text),
        _ => Status::Failed(text),
    }
}

impl Accumulator {
    pub fn add(&mut self, mut d: raw::Document, region_name: &str, file: &Path, report: &mut ImportReport) {
        if let Some(account) = d.account.clone() {
            self.account_from_sts = Some(account);
        }
        if let Some(regions) = &d.regions {
            let enabled = regions
                .iter()
                .filter(|r| !matches!(r.opt_in_status.as_deref(), Some("not-opted-in")))
                .map(|r| r.region_name.clone());
            self.enabled_regions.get_or_insert_with(BTreeSet::new).extend(enabled);
        }
        if let Some((err, bucket)) = d.rampart_error.as_ref().and_then(|e| Some((e, e.bucket.as_deref()?))) {
            self.buckets.error(bucket, err);
        } else if let Some(err) = &d.rampart_error {
            match kind_of_command(&err.command) {
                Some(kind) => {
                    let scope = if kind.scope() == Scope::Global {
                        GLOBAL
                    } else {
                        region_name
                    };
                    if means_not_configured(kind, &err.code) {
                        self.mark_read(kind, region_name);
                    } else {
                        self.errors
                            .insert((scope.to_owned(), kind), error_status(&err.code, &err.message));
                    }
                }
                None => report.notes.push(format!(
                    "{}: a failed call to `{}` ({}) that rampart does not read",
                    file.display(),
                    err.command,
                    err.code
                )),
            }
        }
        for kind in kinds_in(&d) {
            self.mark_read(kind, region_name);
        }
        let has_regional = has_regional_data(&d)
            || d.listeners.is_some()
            || d.load_balancer_listeners.is_some()
            || d.load_balancer_target_health.is_some()
            || has_listener_rules(&d)
            || d.target_group_attributes.is_some()
            || d.transit_gateway_static_routes.is_some()
            || d.transit_gateway_propagations.is_some()
            || d.trail_statuses.is_some()
            || d.is_logging.is_some()
            || d.event_selectors.is_some()
            || d.advanced_event_selectors.is_some()
            || d.configuration_recorders_status.is_some()
            || d.detectors.is_some()
            || d.finding_publishing_frequency.is_some()
            || d.managed_prefix_list_entries.is_some()
            || d.auto_scaling_instances.is_some()
            || d.guardduty_findings.is_some()
            || d.resource_arns.is_some();
        self.add_global(&mut d, file, report);
        if has_regional {
            self.region_acc(region_name).add(d);
        }
    }

    fn region_acc(&mut self, name: &str) -> &mut RegionAcc {
        self.regions.entry(name.to_owned()).or_insert_with(|| RegionAcc {
            region: Region {
                name: name.to_owned(),
                ..Region::default()
            },
            ..RegionAcc::default()
        })
    }

    fn mark_read(&mut self, kind: K, region_name: &str) {
        match kind.scope() {
            Scope::Global => {
                self.global_read.insert(kind);
            }
            Scope::Regional => {
                self.region_acc(region_name).read.insert(kind);
            }
        }
    }

    fn add_global(&mut self, d: &mut raw::Document, file: &Path, report: &mut ImportReport) {
        let g = &mut self.global;
        let iam = &mut g.iam;
        iam.users
            .extend(d.user_detail_list.take().into_iter().flatten().map(convert::iam_user));
        iam.groups
            .extend(d.group_detail_list.take().into_iter().flatten().map(convert::iam_group));
        iam.roles
            .extend(d.role_detail_list.take().into_iter().flatten().map(convert::iam_role));
        iam.policies
            .extend(d.policies.take().into_iter().flatten().map(convert::managed_policy));
        g.account_summary.extend(d.summary_map.take().into_iter().flatten());
        if let Some(p) = d.password_policy.take() {
            g.password_policy = Some(convert::password_policy(p));
        }
        g.mfa_devices.extend(
            d.virtual_mfa_devices
                .take()
                .into_iter()
                .flatten()
                .map(convert::mfa_device),
        );
        if let Some(pab) = d.public_access_block_configuration.take() {
            g.s3_account_public_access_block = Some(convert::public_access_block(pab));
        }
        g.buckets.extend(d.buckets.take().into_iter().flatten().map(|b| Bucket {
            name: b.name,
            creation_date: b.creation_date.map(|d| super::timestamp::canonical(&d)),
            ..Bucket::default()
        }));
        for b in d.bucket_public_access_blocks.take().into_iter().flatten() {
            if let Some(pab) = b.public_access_block_configuration {
                self.buckets.pabs.push((b.bucket, convert::public_access_block(pab)));
            }
        }
        for b in d.bucket_policy_statuses.take().into_iter().flatten() {
            match b.policy_status {
                Some(status) => self.buckets.policy_public.push((b.bucket, status.is_public)),
                None => self.buckets.unread.push((
                    b.bucket,
                    "s3api get-bucket-policy-status: the answer has no PolicyStatus".into(),
                )),
            }
        }
        for b in d.bucket_acls.take().into_iter().flatten() {
            let grants = public_grants(&b.grants);
            self.buckets.acl_public.push((b.bucket, grants));
        }
        match (&d.content, &d.generated_time) {
            (Some(content), generated) => match credential_report::content_text(content) {
                Ok(text) => self.add_credential_report(
                    &text,
                    generated.as_deref().map(super::timestamp::canonical),
                    file,
                    report,
                ),
                Err(e) => {
                    self.global_read.remove(&K::CredentialReport);
                    self.errors.insert(
                        (GLOBAL.into(), K::CredentialReport),
                        Status::Failed(format!("{}: {e}", file.display())),
                    );
                }
            },
            (None, Some(_)) if d.report_format.is_some() => report.notes.push(format!(
                "{}: a credential report answer without `Content` (only the generation state): it holds no users",
                file.display()
            )),
            _ => {}
        }
    }

    pub fn add_credential_report(
        &mut self,
        text: &str,
        generated: Option<String>,
        file: &Path,
        report: &mut ImportReport,
    ) {
        match credential_report::parse(text, generated) {
            Ok(r) => {
                self.global.credential_report = Some(r);
                self.global_read.insert(K::CredentialReport);
            }
            Err(e) => {
                report.notes.push(format!("{}: {e}", file.display()));
                self.errors
                    .insert((GLOBAL.into(), K::CredentialReport), Status::Failed(e));
            }
        }
    }

    pub fn finish(self, report: &mut ImportReport) -> Inventory {
        let mut inv = Inventory::default();
        let mut scopes: BTreeSet<String> = self.regions.keys().cloned().collect();
        if let Some(enabled) = &self.enabled_regions {
            scopes.extend(enabled.iter().cloned());
        }
        let mut regions = self.regions;
        for scope in &scopes {
            let acc = regions.remove(scope).unwrap_or_else(|| RegionAcc {
                region: Region {
                    name: scope.clone(),
                    ..Region::default()
                },
                ..RegionAcc::default()
            });
            let undescribed = acc.undescribed_domains().join(", ");
            for &kind in K::ALL.iter().filter(|k| k.scope() == Scope::Regional) {
                let status = if kind == K::OpenSearchDomains && !undescribed.is_empty() {
                    self.errors.get(&(scope.clone(), kind)).cloned().unwrap_or_else(|| {
                        Status::Missing(format!(
                            "`opensearch list-domain-names` names {undescribed} in {scope}, but no `opensearch describe-domains` answer describes it"
                        ))
                    })
                } else if acc.read.contains(&kind) {
                    Status::Read
                } else if let Some(err) = self.errors.get(&(scope.clone(), kind)) {
                    err.clone()
                } else {
                    Status::Missing(format!("no `{}` output for {scope} in the export", kind.cli()))
                };
                inv.coverage.set(scope, kind, status);
            }
            let region = acc.finish(report);
            inv.regions.insert(scope.clone(), region);
        }
        for &kind in K::ALL.iter().filter(|k| k.scope() == Scope::Global) {
            let status = if self.global_read.contains(&kind) {
                Status::Read
            } else if let Some(err) = self.errors.get(&(GLOBAL.to_owned(), kind)) {
                err.clone()
            } else {
                Status::Missing(format!("no `{}` output in the export", kind.cli()))
            };
            inv.coverage.set(GLOBAL, kind, status);
        }
        inv.coverage.sort();

        let mut global = self.global;
        self.buckets.join(&mut global.buckets);
        dedup(&mut global.iam.users, |u| u.arn.clone());
        dedup(&mut global.iam.groups, |g| g.arn.clone());
        dedup(&mut global.iam.roles, |r| r.arn.clone());
        dedup(&mut global.iam.policies, |p| p.arn.clone());
        dedup(&mut global.mfa_devices, |m| m.serial_number.clone());
        dedup(&mut global.buckets, |b| b.name.clone());
        inv.global = global;
        inv.account_id = self.account_from_sts.or_else(|| account_from_data(&inv));
        inv
    }
}

/// Most common owner id among the account's resources, else the account of an IAM ARN.
fn account_from_data(inv: &Inventory) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in inv.regions.values() {
        let owners = r
            .vpcs
            .iter()
            .map(|v| &v.owner_id)
            .chain(r.security_groups.iter().map(|s| &s.owner_id))
            .chain(r.network_interfaces.iter().map(|e| &e.owner_id))
            .chain(r.instances.iter().map(|i| &i.owner_id));
        for o in owners.flatten() {
            *counts.entry(o.as_str()).or_default() += 1;
        }
    }
    if let Some((owner, _)) = counts.iter().max_by_key(|(_, n)| **n) {
        return Some((*owner).to_owned());
    }
    let arns = inv
        .global
        .iam
        .users
        .iter()
        .map(|u| u.arn.as_str())
        .chain(inv.global.iam.roles.iter().map(|r| r.arn.as_str()))
        .chain(
            inv.global
                .credential_report
                .iter()
                .flat_map(|c| c.rows.iter().map(|r| r.arn.as_str())),
        );
    arns.filter_map(|a| a.split(':').nth(4))
        .find(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .map(String::from)
}

/// Keeps the first of each key, in order.
fn dedup<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut seen = HashSet::new();
    items.retain(|item| seen.insert(key(item)));
}

impl RegionAcc {
    fn add(&mut self, d: raw::Document) {
        let r = &mut self.region;
        r.vpcs.extend(all(d.vpcs).map(convert::vpc));
        r.subnets.extend(all(d.subnets).map(convert::subnet));
        r.route_tables.extend(all(d.route_tables).map(convert::route_table));
        r.internet_gateways
            .extend(all(d.internet_gateways).map(convert::internet_gateway));
        r.egress_only_internet_gateways
            .extend(all(d.egress_only_internet_gateways).map(convert::egress_only_gateway));
        r.nat_gateways.extend(all(d.nat_gateways).map(convert::nat_gateway));
        r.transit_gateways
            .extend(all(d.transit_gateways).map(convert::transit_gateway));
        r.transit_gateway_attachments
            .extend(all(d.transit_gateway_attachments).map(convert::tgw_attachment));
        r.transit_gateway_attachments
            .extend(all(d.transit_gateway_vpc_attachments).map(convert::tgw_vpc_attachment));
        r.transit_gateway_route_tables
            .extend(all(d.transit_gateway_route_tables).map(|t| TransitGatewayRouteTable {
                id: t.transit_gateway_route_table_id,
                transit_gateway_id: t.transit_gateway_id,
                ..TransitGatewayRouteTable::default()
            }));
        self.tgw_routes.extend(all(d.transit_gateway_static_routes).map(|w| {
            (
                w.transit_gateway_route_table_id,
                w.routes.into_iter().filter_map(convert::tgw_route).collect(),
            )
        }));
        self.tgw_propagations
            .extend(all(d.transit_gateway_propagations).map(|w| {
                let props = w
                    .transit_gateway_route_table_propagations
                    .into_iter()
                    .map(convert::tgw_propagation)
                    .collect();
                (w.transit_gateway_route_table_id, props)
            }));
        r.vpc_peering_connections
            .extend(all(d.vpc_peering_connections).map(convert::peering));
        r.vpc_endpoints.extend(all(d.vpc_endpoints).map(convert::vpc_endpoint));
        r.prefix_lists.extend(all(d.prefix_lists).map(convert::prefix_list));
        self.prefix_list_entries.extend(
            all(d.managed_prefix_list_entries)
                .map(|w| (w.prefix_list_id, w.entries.into_iter().map(|e| e.cidr).collect())),
        );
        r.security_groups
            .extend(all(d.security_groups).map(convert::security_group));
        self.sg_rules
            .extend(all(d.security_group_rules).filter_map(convert::security_group_rule));
        r.network_acls.extend(all(d.network_acls).map(convert::network_acl));
        r.network_interfaces
            .extend(all(d.network_interfaces).map(convert::network_interface));
        for reservation in all(d.reservations) {
            let owner = reservation.owner_id;
            r.instances.extend(
                reservation
                    .instances
                    .into_iter()
                    .map(|i| convert::instance(i, owner.clone())),
            );
        }
        r.addresses.extend(all(d.addresses).map(convert::address));
        r.flow_logs.extend(all(d.flow_logs).map(convert::flow_log));
        r.load_balancers
            .extend(all(d.load_balancers).map(convert::load_balancer_v2));
        r.load_balancers
            .extend(all(d.load_balancer_descriptions).map(convert::classic_load_balancer));
        for l in all(d.listeners) {
            if let (Some(lb), listener) = convert::listener(l) {
                self.listeners.push((lb, listener));
            }
        }
        for w in all(d.load_balancer_listeners) {
            for l in w.listeners {
                let (lb, listener) = convert::listener(l);
                self.listeners
                    .push((lb.unwrap_or_else(|| w.load_balancer_arn.clone()), listener));
            }
        }
        r.target_groups.extend(all(d.target_groups).map(convert::target_group));
        for value in all(d.rules) {
            let rule = serde_json::from_value::<raw::ListenerRule>(value).ok();
            self.listener_rules.extend(rule.and_then(convert::listener_rule));
        }
        self.tg_attributes.extend(
            all(d.target_group_attributes)
                .map(|w| (w.target_group_arn, convert::target_group_attributes(w.attributes))),
        );
        self.target_health.extend(all(d.load_balancer_target_health).map(|w| {
            (
                w.target_group_arn,
                w.target_health_descriptions.into_iter().map(convert::target).collect(),
            )
        }));
        r.auto_scaling_groups
            .extend(all(d.auto_scaling_groups).map(convert::auto_scaling_group));
        self.asg_instances
            .extend(all(d.auto_scaling_instances).map(|i| (i.auto_scaling_group_name, i.instance_id)));
        r.web_acls.extend(all(d.web_acls).map(|a| WebAcl {
            arn: a.arn,
            name: a.name,
            load_balancer_arns: None,
        }));
        if let (Some(acl), Some(resources)) = (d.web_acl_arn.clone(), d.resource_arns.clone()) {
            self.web_acl_resources.push((acl, resources));
        }
        if let Some(list) = d.instance_refreshes {
            let group = d
                .auto_scaling_group_name
                .clone()
                .or_else(|| list.first().map(|r| r.auto_scaling_group_name.clone()));
            if let Some(group) = group {
                let refreshes = list
                    .into_iter()
                    .map(|r| {
                        (
                            r.status.unwrap_or_default(),
                            r.end_time.map(|t| super::timestamp::canonical(&t)),
                        )
                    })
                    .collect();
                self.refreshes.push((group, refreshes));
            }
        }
        r.trails.extend(all(d.trail_list).map(convert::trail));
        self.trail_status
            .extend(all(d.trail_statuses).map(|w| (Some(w.name), w.status)));
        if d.is_logging.is_some() {
            let status = raw::TrailStatus {
                is_logging: d.is_logging,
                latest_delivery_error: None,
            };
            self.trail_status.push((None, status));
        }
        if d.event_selectors.is_some() || d.advanced_event_selectors.is_some() {
            let selectors = convert::event_selectors(d.event_selectors, d.advanced_event_selectors);
            self.event_selectors.push((d.trail_arn, selectors));
        }
        r.metric_filters
            .extend(all(d.metric_filters).map(convert::metric_filter));
        r.metric_alarms.extend(all(d.metric_alarms).map(convert::metric_alarm));
        for m in all(d.metrics).filter(|m| m.namespace.as_deref().is_none_or(|n| n == "CWAgent")) {
            r.cloudwatch_agent_metrics += 1;
            for dim in m.dimensions.into_iter().filter(|d| d.name == "InstanceId") {
                if !r.cloudwatch_agent_instances.contains(&dim.value) {
                    r.cloudwatch_agent_instances.push(dim.value);
                }
            }
        }
        r.config_recorders
            .extend(all(d.configuration_recorders).map(convert::config_recorder));
        self.recorder_status.extend(all(d.configuration_recorders_status));
        // No detector in the region: no findings to list, which is an answer.
        if d.detector_ids.as_ref().is_some_and(Vec::is_empty) {
            self.read.insert(K::GuardDutyFindings);
        }
        r.guardduty_detectors
            .extend(all(d.detector_ids).map(|id| GuardDutyDetector {
                id,
                ..Default::default()
            }));
        for w in all(d.detectors) {
            let features = convert::detector_features(w.detector.features, w.detector.data_sources.as_ref());
            self.detectors.push((Some(w.detector_id), w.detector.status, features));
        }
        if d.finding_publishing_frequency.is_some() {
            let status = d.status.as_ref().and_then(|s| s.as_str()).map(String::from);
            let features = convert::detector_features(d.features.unwrap_or_default(), d.data_sources.as_ref());
            self.detectors.push((None, status, features));
        }
        r.ssm_managed_instances
            .extend(all(d.instance_information_list).map(convert::ssm_instance));
        r.patch_states
            .extend(all(d.instance_patch_states).map(convert::patch_state));
        if let Some(account) = all(d.inspector_accounts).next() {
            r.inspector = Some(convert::inspector(account));
        }
        r.inspector_findings
            .extend(all(d.inspector_findings).map(convert::inspector_finding));
        r.guardduty_finding_ids.extend(all(d.finding_ids));
        r.guardduty_findings
            .extend(all(d.guardduty_findings).map(convert::guardduty_finding));
        r.workspaces_directories
            .extend(all(d.directories).map(convert::workspaces_directory));
        r.workspaces_ip_groups
            .extend(all(d.workspaces_ip_groups).map(convert::workspaces_ip_group));
        r.workspaces_ip_groups
            .extend(all(d.result).map(convert::workspaces_ip_group));
        if let Some(fw) = d.firewall {
            r.network_firewalls.push(convert::firewall(fw, d.firewall_status));
        }
        r.network_firewalls
            .extend(all(d.firewalls).map(|w| convert::firewall(w.firewall, w.firewall_status)));
        r.lambda_functions.extend(all(d.functions).map(convert::lambda));
        r.ecs_services.extend(all(d.ecs_services).map(convert::ecs_service));
        let refs = &mut r.group_references;
        refs.extend(all(d.db_instances).map(convert::db_instance));
        refs.extend(all(d.db_clusters).map(convert::db_cluster));
        refs.extend(all(d.cache_clusters).map(convert::cache_cluster));
        refs.extend(all(d.clusters).filter_map(convert::redshift_cluster));
        refs.extend(all(d.domain_status_list).map(convert::search_domain));
        refs.extend(all(d.launch_template_versions).map(convert::launch_template_version));
        refs.extend(all(d.launch_configurations).map(convert::launch_configuration));
        self.domains_listed.extend(all(d.domain_names).map(|n| n.domain_name));
    }

    /// Domains `list-domain-names` named that no `describe-domains` answer described.
    fn undescribed_domains(&self) -> Vec<&str> {
        self.domains_listed
            .iter()
            .filter(|name| {
                let described = format!("{} {name}", convert::SEARCH_DOMAIN);
                !self.region.group_references.iter().any(|r| r.resource == described)
            })
            .map(String::as_str)
            .collect()
    }

    /// Applies the joins and removes duplicates (the same page exported twice).
    fn finish(mut self, report: &mut ImportReport) -> Region {
        let name = self.region.name.clone();
        let r = &mut self.region;
        dedup(&mut r.vpcs, |x| x.id.clone());
        dedup(&mut r.subnets, |x| x.id.clone());
        dedup(&mut r.route_tables, |x| x.id.clone());
        dedup(&mut r.internet_gateways, |x| x.id.clone());
        dedup(&mut r.egress_only_internet_gateways, |x| x.id.clone());
        dedup(&mut r.nat_gateways, |x| x.id.clone());
        dedup(&mut r.transit_gateways, |x| x.id.clone());
        merge_tgw_attachments(&mut r.transit_gateway_attachments);
        dedup(&mut r.transit_gateway_route_tables, |x| x.id.clone());
        dedup(&mut r.vpc_peering_connections, |x| x.id.clone());
        dedup(&mut r.vpc_endpoints, |x| x.id.clone());
        merge_prefix_lists(&mut r.prefix_lists);
        dedup(&mut r.security_groups, |x| x.id.clone());
        dedup(&mut r.network_acls, |x| x.id.clone());
        dedup(&mut r.network_interfaces, |x| x.id.clone());
        dedup(&mut r.instances, |x| x.id.clone());
        dedup(&mut r.addresses, |x| x.public_ip.clone());
        dedup(&mut r.flow_logs, |x| x.id.clone());
        dedup(&mut r.load_balancers, |x| x.id.clone());
        dedup(&mut r.target_groups, |x| x.arn.clone());
        dedup(&mut r.auto_scaling_groups, |x| x.name.clone());
        dedup(&mut r.trails, |x| x.arn.clone().unwrap_or_else(|| x.name.clone()));
        dedup(&mut r.metric_filters, |x| {
            format!("{}\u{0}{}", x.log_group_name, x.name)
        });
        dedup(&mut r.metric_alarms, |x| x.name.clone());
        dedup(&mut r.config_recorders, |x| x.name.clone());
        dedup(&mut r.guardduty_detectors, |x| x.id.clone());
        dedup(&mut r.ssm_managed_instances, |x| x.instance_id.clone());
        dedup(&mut r.patch_states, |x| x.instance_id.clone());
        dedup(&mut r.workspaces_directories, |x| x.id.clone());
        dedup(&mut r.workspaces_ip_groups, |x| x.id.clone());
        dedup(&mut r.network_firewalls, |x| x.name.clone());
        dedup(&mut r.lambda_functions, |x| x.arn.clone());
        dedup(&mut r.ecs_services, |x| x.arn.clone());
        dedup(&mut r.group_references, |x| x.resource.clone());

        // describe-security-group-rules carries rule ids: where a group has them, they are its rules.
        let mut by_group: BTreeMap<String, (Vec<SgRule>, Vec<SgRule>)> = BTreeMap::new();
        let mut seen_rules = HashSet::new();
        for (group, egress, rule) in self.sg_rules {
            if let Some(id) = &rule.rule_id {
                if !seen_rules.insert(id.clone()) {
                    continue;
                }
            }
            let entry = by_group.entry(group).or_default();
            if egress {
                entry.1.push(rule)
            } else {
                entry.0.push(rule)
            }
        }
        for (group_id, (ingress, egress)) in by_group {
            match r.security_groups.iter_mut().find(|g| g.id == group_id) {
                Some(g) => {
                    g.ingress = ingress;
                    g.egress = egress;
                }
                None => r.security_groups.push(SecurityGroup {
                    id: group_id,
                    ingress,
                    egress,
                    ..Default::default()
                }),
            }
        }

        for (lb_arn, listener) in self.listeners {
            match r.load_balancers.iter_mut().find(|lb| lb.id == lb_arn) {
                Some(lb) if !lb.listeners.iter().any(|l| l.arn.is_some() && l.arn == listener.arn) => {
                    lb.listeners.push(listener)
                }
                Some(_) => {}
                None => report.notes.push(format!(
                    "{name}: listener for load balancer `{lb_arn}`, which the export does not describe"
                )),
            }
        }
        for (tg_arn, targets) in self.target_health {
            match r.target_groups.iter_mut().find(|tg| tg.arn == tg_arn) {
                Some(tg) => {
                    tg.targets.extend(targets);
                    tg.targets_read = true;
                }
                None => report.notes.push(format!(
                    "{name}: target health for `{tg_arn}`, which the export does not describe"
                )),
            }
        }
        for (listener_arn, rule) in self.listener_rules {
            let found = r
                .load_balancers
                .iter_mut()
                .flat_map(|lb| lb.listeners.iter_mut())
                .find(|l| l.arn.as_deref() == Some(listener_arn.as_str()));
            match found {
                Some(l) => {
                    let rules = l.rules.get_or_insert_with(Vec::new);
                    if let Some(rule) = rule.filter(|x| !rules.iter().any(|y| y.arn == x.arn)) {
                        rules.push(rule);
                    }
                }
                None => report.notes.push(format!(
                    "{name}: listener rules for `{listener_arn}`, a listener the export does not describe"
                )),
            }
        }
        for (tg_arn, attributes) in self.tg_attributes {
            match r.target_groups.iter_mut().find(|tg| tg.arn == tg_arn) {
                Some(tg) => tg.attributes = Some(attributes),
                None => report.notes.push(format!(
                    "{name}: target group attributes for `{tg_arn}`, which the export does not describe"
                )),
            }
        }
        for (rt_id, routes) in self.tgw_routes {
            let table = tgw_table(&mut r.transit_gateway_route_tables, rt_id);
            table.routes.extend(routes);
            table.routes_read = true;
        }
        for (rt_id, props) in self.tgw_propagations {
            tgw_table(&mut r.transit_gateway_route_tables, rt_id)
                .propagations
                .extend(props);
        }
        for (pl_id, entries) in self.prefix_list_entries {
            match r.prefix_lists.iter_mut().find(|p| p.id == pl_id) {
                Some(pl) => pl.entries.get_or_insert_with(Vec::new).extend(entries),
                None => r.prefix_lists.push(PrefixList {
                    id: pl_id,
                    entries: Some(entries),
                    ..Default::default()
                }),
            }
        }
        for (group, instance) in self.asg_instances {
            match r.auto_scaling_groups.iter_mut().find(|g| g.name == group) {
                Some(g) if !g.instance_ids.contains(&instance) => g.instance_ids.push(instance),
                Some(_) => {}
                None => r.auto_scaling_groups.push(AutoScalingGroup {
                    name: group,
                    instance_ids: vec![instance],
                    ..Default::default()
                }),
            }
        }
        for (acl, resources) in self.web_acl_resources {
            if let Some(a) = r.web_acls.iter_mut().find(|a| a.arn == acl) {
                a.load_balancer_arns.get_or_insert_with(Vec::new).extend(resources);
            }
        }
        for (group, refreshes) in self.refreshes {
            if let Some(g) = r.auto_scaling_groups.iter_mut().find(|g| g.name == group) {
                g.instance_refreshes.get_or_insert_with(Vec::new).extend(refreshes);
            }
        }
        for (trail, status) in self.trail_status {
            match find_trail(&mut r.trails, trail.as_deref()) {
                Some(t) => {
                    t.is_logging = status.is_logging;
                    t.latest_delivery_error = status.latest_delivery_error;
                }
                None => report.notes.push(format!(
                    "{name}: a trail status that names no trail rampart can match; ignored"
                )),
            }
        }
        for (trail, selectors) in self.event_selectors {
            match find_trail(&mut r.trails, trail.as_deref()) {
                Some(t) => t.event_selectors = Some(selectors),
                None => report
                    .notes
                    .push(format!("{name}: event selectors for an unknown trail; ignored")),
            }
        }
        for status in self.recorder_status {
            if let Some(rec) = r.config_recorders.iter_mut().find(|c| c.name == status.name) {
                rec.recording = status.recording;
                rec.last_status = status.last_status;
            }
        }
        for (id, status, features) in self.detectors {
            let only = r.guardduty_detectors.len() == 1;
            let found = r
                .guardduty_detectors
                .iter_mut()
                .find(|d| Some(&d.id) == id.as_ref() || (id.is_none() && only));
            match (found, id) {
                (Some(d), _) => {
                    d.status = status;
                    d.features = features;
                }
                (None, Some(id)) => r.guardduty_detectors.push(GuardDutyDetector { id, status, features }),
                (None, None) => report.notes.push(format!(
                    "{name}: a GuardDuty detector answer that names no detector; ignored"
                )),
            }
        }
        self.region
    }
}

/// The items of an optional list.
fn all<T>(v: Option<Vec<T>>) -> impl Iterator<Item = T> {
    v.into_iter().flatten()
}

/// A trail by name or ARN; with no name, the region's only trail.
fn find_trail<'a>(trails: &'a mut [Trail], key: Option<&str>) -> Option<&'a mut Trail> {
    match key {
        Some(key) => trails
            .iter_mut()
            .find(|t| t.name == key || t.arn.as_deref() == Some(key)),
        None if trails.len() == 1 => trails.first_mut(),
        None => None,
    }
}

fn tgw_table(tables: &mut Vec<TransitGatewayRouteTable>, id: String) -> &mut TransitGatewayRouteTable {
    let index = match tables.iter().position(|t| t.id == id) {
        Some(i) => i,
        None => {
            tables.push(TransitGatewayRouteTable {
                id,
                ..Default::default()
            });
            tables.len() - 1
        }
    };
    &mut tables[index]
}

/// `describe-transit-gateway-attachments` knows associations; the VPC-attachment call knows subnets.
fn merge_tgw_attachments(attachments: &mut Vec<TransitGatewayAttachment>) {
    let mut merged: Vec<TransitGatewayAttachment> = Vec::new();
    for a in attachments.drain(..) {
        match merged.iter_mut().find(|m| m.id == a.id) {
            Some(m) => {
                if m.association_route_table_id.is_none() {
                    m.association_route_table_id = a.association_route_table_id;
                }
                if m.subnet_ids.is_empty() {
                    m.subnet_ids = a.subnet_ids;
                }
            }
            None => merged.push(a),
        }
    }
    *attachments = merged;
}

/// `describe-prefix-lists` (with CIDRs) and `describe-managed-prefix-lists` (with owners) merge.
fn merge_prefix_lists(lists: &mut Vec<PrefixList>) {
    let mut merged: Vec<PrefixList> = Vec::new();
    for pl in lists.drain(..) {
        match merged.iter_mut().find(|m| m.id == pl.id) {
            Some(m) => {
                m.name = m.name.take().or(pl.name);
                m.owner_id = m.owner_id.take().or(pl.owner_id);
                m.address_family = m.address_family.take().or(pl.address_family);
                m.entries = m.entries.take().or(pl.entries);
            }
            None => merged.push(pl),
        }
    }
    *lists = merged;
}
