//! Everything a regional check reads, with the indexes built once per region.

use rampart_inventory::{Coverage, Inventory, Region, SecurityGroup};

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
    /// Which interfaces can open connections to the internet (only when `exposure` is Ok: the
    /// same inputs are needed).
    pub egress: Vec<Egress<'a>>,
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
        let egress = if exposure.is_ok() {
            rampart_net::egress::analyze(region, &prefix_lists)
        } else {
            Vec::new()
        };
        RegionContext {
            config,
            evidence,
            egress,
            exposure,
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
