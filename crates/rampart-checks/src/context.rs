//! Everything a regional check reads, with the indexes built once per region.

use std::collections::BTreeMap;

use rampart_inventory::{Coverage, Inventory, NetworkInterface, Region, SecurityGroup};

use crate::config::Config;
use crate::evidence::Evidence;
use rampart_net::egress::Egress;
use rampart_net::{analyze_exposure_checked, internet_open, Attachments, InternetOpen, PrefixLists, RegionExposure};

pub struct RegionContext<'a> {
    pub inventory: &'a Inventory,
    pub config: &'a Config,
    /// Log evidence given with the scan (flow logs), if any.
    pub evidence: &'a Evidence,
    pub account: &'a str,
    pub region: &'a Region,
    pub coverage: &'a Coverage,
    pub prefix_lists: PrefixLists,
    pub attachments: Attachments<'a>,
    /// Per security group (same order as `region.security_groups`): what ingress admits from,
    /// and egress admits to, the whole internet.
    pub ingress_open: Vec<InternetOpen>,
    pub egress_open: Vec<InternetOpen>,
    /// Effective internet exposure of every interface, or why the region could not be judged.
    pub exposure: Result<RegionExposure<'a>, String>,
    /// Which interfaces can open connections to the internet, or why that was not judged
    /// (every input of the exposure is needed, the internet gateways included).
    pub egress: Result<Vec<Egress<'a>>, String>,
    /// Every set of two or more groups that an interface carries together, with what their
    /// rules admit as one: AWS aggregates the rules of all groups on an interface.
    pub group_sets: Vec<GroupSet<'a>>,
    /// Public IPv4 addresses of the interfaces by every answer (interface, instance, EIP).
    pub public_ips: rampart_net::public_ip::PublicIps<'a>,
}

/// Security groups one or more interfaces carry together.
pub struct GroupSet<'a> {
    /// The groups, sorted by id.
    pub groups: Vec<&'a SecurityGroup>,
    /// The interfaces that carry exactly these groups.
    pub interfaces: Vec<&'a NetworkInterface>,
    /// What the union of their ingress rules admits from the whole internet.
    pub ingress: InternetOpen,
    /// What the union of their egress rules admits to the whole internet.
    pub egress: InternetOpen,
}

/// The distinct group sets of the region's interfaces, in id order (deterministic output).
fn group_sets<'a>(region: &'a Region, lists: &PrefixLists) -> Vec<GroupSet<'a>> {
    let by_id: std::collections::HashMap<&str, &SecurityGroup> =
        region.security_groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let mut sets: BTreeMap<Vec<&str>, Vec<&NetworkInterface>> = BTreeMap::new();
    for eni in &region.network_interfaces {
        let mut ids: Vec<&str> = eni.security_group_ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 1 {
            sets.entry(ids).or_default().push(eni);
        }
    }
    sets.into_iter()
        .filter_map(|(ids, interfaces)| {
            // A group that was not read leaves the set unknown: the per-group view stands.
            let groups: Option<Vec<&SecurityGroup>> = ids.iter().map(|id| by_id.get(id).copied()).collect();
            let groups = groups?;
            let union = |rules: fn(&SecurityGroup) -> &[rampart_inventory::SgRule]| {
                let all: Vec<rampart_inventory::SgRule> =
                    groups.iter().flat_map(|g| rules(g).iter().cloned()).collect();
                internet_open(&all, lists)
            };
            Some(GroupSet {
                ingress: union(|g| &g.ingress),
                egress: union(|g| &g.egress),
                groups,
                interfaces,
            })
        })
        .collect()
}

impl<'a> RegionContext<'a> {
    pub fn new(inventory: &'a Inventory, region: &'a Region, config: &'a Config, evidence: &'a Evidence) -> Self {
        let prefix_lists = PrefixLists::new(&region.prefix_lists);
        let ingress_open = region
            .security_groups
            .iter()
            .map(|g| internet_open(&g.ingress, &prefix_lists))
            .collect();
        let egress_open = region
            .security_groups
            .iter()
            .map(|g| internet_open(&g.egress, &prefix_lists))
            .collect();
        let exposure = analyze_exposure_checked(inventory, region, &prefix_lists);
        let egress = rampart_net::egress::analyze_checked(inventory, region, &prefix_lists);
        let group_sets = group_sets(region, &prefix_lists);
        RegionContext {
            config,
            evidence,
            egress,
            exposure,
            group_sets,
            public_ips: rampart_net::public_ip::PublicIps::new(region),
            inventory,
            account: inventory.account(),
            region,
            coverage: &inventory.coverage,
            attachments: Attachments::new(region),
            prefix_lists,
            ingress_open,
            egress_open,
        }
    }

    /// The groups with their internet openness, ingress then egress.
    pub fn groups(&self) -> impl Iterator<Item = (&'a SecurityGroup, &InternetOpen, &InternetOpen)> + '_ {
        self.region
            .security_groups
            .iter()
            .zip(&self.ingress_open)
            .zip(&self.egress_open)
            .map(|((g, i), e)| (g, i, e))
    }

    /// The ARN partition of the region (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &'static str {
        partition(&self.region.name)
    }

    /// A finding about a security group of this region, with its ARN.
    pub fn group_finding(
        &self,
        meta: &'static crate::meta::CheckMeta,
        group: &SecurityGroup,
    ) -> crate::finding::FindingBuilder {
        crate::finding::Finding::builder(
            meta,
            self.account,
            &self.region.name,
            "AWS::EC2::SecurityGroup",
            &group.id,
        )
        .arn(self.sg_arn(group))
    }

    /// An EC2 resource's ARN in this region and account: `instance`, `network-interface`, …
    pub fn ec2_arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:{}:ec2:{}:{}:{kind}/{id}",
            self.partition(),
            self.region.name,
            self.account
        )
    }

    pub fn sg_arn(&self, group: &SecurityGroup) -> String {
        let owner = group.owner_id.as_deref().unwrap_or(self.account);
        format!(
            "arn:{}:ec2:{}:{owner}:security-group/{}",
            self.partition(),
            self.region.name,
            group.id
        )
    }
}

/// Everything an account-wide check (IAM) reads.
pub struct GlobalContext<'a> {
    pub inventory: &'a Inventory,
    pub config: &'a Config,
    pub evidence: &'a Evidence,
    pub account: &'a str,
}

impl<'a> GlobalContext<'a> {
    pub fn new(inventory: &'a Inventory, config: &'a Config, evidence: &'a Evidence) -> Self {
        GlobalContext {
            inventory,
            config,
            evidence,
            account: inventory.account(),
        }
    }

    /// The partition of the regions scanned (`aws` when none was).
    pub fn partition(&self) -> &'static str {
        self.inventory.regions.keys().next().map_or("aws", |r| partition(r))
    }
}

pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}
