//! What the checks may be told about the account: which ports are meant to face the internet,
//! and the address spaces that have names. Pure data; the binary reads it from `rampart.toml`.

use rampart_inventory::Protocol;
use rampart_net::address::v4_range;
use rampart_net::{IntervalSet, PortSet};
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub network: Network,
    /// Named address spaces (`on-prem = ["10.100.0.0/16"]`), usable as `--from` in paths.
    pub address_spaces: std::collections::BTreeMap<String, Vec<String>>,
    /// Service classes (`ad`, `db`, `admin` built in; a name here adds one or replaces it):
    /// `ldap = ["tcp/389", "tcp/636", "udp/389"]`, usable as `--to service:NAME` in paths.
    pub service_classes: std::collections::BTreeMap<String, Vec<String>>,
    /// Accepted risks (`[[suppress]]`): check, resource pattern, reason, owner, expiry.
    pub suppress: Vec<crate::suppress::Suppression>,
    pub change_control: ChangeControl,
    pub identity: Identity,
}

/// What the identity checks are told about the organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Identity {
    /// 12-digit ids of the accounts roles may trust without a finding (the organisation's
    /// own, a known vendor's): `role-trusts-external-account` names any other.
    pub trusted_accounts: Vec<String>,
}

/// How infrastructure code marks what it manages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangeControl {
    /// Tags that mark a resource as managed by code: `Key` (any value) or `Key=Value`.
    /// CloudFormation (and so CDK) tags every stack resource with `aws:cloudformation:stack-name`;
    /// Terraform tags nothing by itself, so teams add their own (`ManagedBy=terraform`).
    pub iac_tags: Vec<String>,
    /// Principals allowed to change network and detection controls, as ARN patterns (`*` any
    /// run, `?` one character), matched against the role behind a session or the principal:
    /// `arn:aws:iam::*:role/ci-deploy`. CloudFormation's own changes are always allowed.
    pub deployers: Vec<String>,
    /// Where changes are expected to come from: CIDRs or names of `[address_spaces]`. Empty:
    /// a source is unusual when its principal used it once among at least four changes.
    pub trusted_networks: Vec<String>,
}

impl Default for ChangeControl {
    fn default() -> Self {
        ChangeControl {
            iac_tags: vec!["aws:cloudformation:stack-name".into()],
            deployers: Vec::new(),
            trusted_networks: Vec::new(),
        }
    }
}

impl ChangeControl {
    /// Whether an ARN is an allowed deployer.
    pub fn is_deployer(&self, arn: &str) -> bool {
        self.deployers.iter().any(|p| crate::policy::glob(p, arn, false))
    }

    /// Whether these tags mark the resource as managed by code.
    pub fn manages(&self, tags: &rampart_inventory::Tags) -> bool {
        self.iac_tags.iter().any(|spec| match spec.split_once('=') {
            Some((key, value)) => tags.get(key).is_some_and(|v| v == value),
            None => tags.contains_key(spec.as_str()),
        })
    }
}

impl Config {
    /// Checks every value that has a syntax: address spaces are IPv4 CIDRs, service ports are
    /// `tcp/22`, `udp/53` or `tcp/8000-8100`.
    pub fn validate(&self) -> Result<(), String> {
        for (name, cidrs) in &self.address_spaces {
            self.address_space(name)
                .map_err(|e| format!("address space `{name}`: {e}"))?;
            if cidrs.is_empty() {
                return Err(format!("address space `{name}` is empty"));
            }
        }
        self.sensitive_ports()
            .map_err(|e| format!("network.sensitive_ports: {e}"))?;
        for name in self.service_classes.keys() {
            self.service_class(name)
                .map_err(|e| format!("service class `{name}`: {e}"))?;
        }
        for s in &self.suppress {
            s.validate()?;
        }
        if self
            .change_control
            .iac_tags
            .iter()
            .any(|t| t.trim().is_empty() || t.starts_with('='))
        {
            return Err("change_control.iac_tags: each entry is `Key` or `Key=Value`".into());
        }
        if let Some(a) = self
            .identity
            .trusted_accounts
            .iter()
            .find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!("identity.trusted_accounts: `{a}` is not a 12-digit account id"));
        }
        for n in &self.change_control.trusted_networks {
            if n.parse::<ipnet::IpNet>().is_err() && !self.address_spaces.contains_key(n) {
                return Err(format!(
                    "change_control.trusted_networks: `{n}` is neither a CIDR nor a name in [address_spaces]"
                ));
            }
        }
        Ok(())
    }

    /// The trusted networks of `[change_control]`, resolved.
    pub fn trusted_networks(&self) -> Vec<ipnet::IpNet> {
        self.change_control
            .trusted_networks
            .iter()
            .flat_map(|n| match n.parse::<ipnet::IpNet>() {
                Ok(net) => vec![net],
                Err(_) => self
                    .address_spaces
                    .get(n)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.parse().ok())
                    .collect(),
            })
            .collect()
    }

    /// An address space by name, as an address set; None when no space has that name.
    pub fn address_space(&self, name: &str) -> Result<Option<IntervalSet<u32>>, String> {
        let Some(cidrs) = self.address_spaces.get(name) else {
            return Ok(None);
        };
        let mut ranges = Vec::new();
        for c in cidrs {
            let net: ipnet::Ipv4Net = c.parse().map_err(|_| format!("`{c}` is not an IPv4 CIDR"))?;
            ranges.push(v4_range(&net));
        }
        Ok(Some(IntervalSet::from_ranges(ranges)))
    }

    /// The sensitive ports: the configured list, else the built-in one.
    pub fn sensitive_ports(&self) -> Result<Vec<crate::ports::Service>, String> {
        match &self.network.sensitive_ports {
            None => Ok(crate::ports::SENSITIVE.to_vec()),
            Some(specs) => specs.iter().map(|spec| crate::ports::parse_service(spec)).collect(),
        }
    }

    /// A service class by name: the configured one, else the built-in one.
    pub fn service_class(&self, name: &str) -> Result<Option<Vec<(Protocol, PortSet)>>, String> {
        let Some(specs) = self.service_classes.get(name) else {
            return Ok(crate::ports::class(name).map(crate::ports::wanted));
        };
        let services = specs
            .iter()
            .map(|spec| crate::ports::parse_service(spec))
            .collect::<Result<Vec<_>, _>>()?;
        let out = crate::ports::wanted(&services);
        Ok(Some(out))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// TCP ports that are meant to face the internet; anything else reachable is reported.
    pub web_ports: Vec<u16>,
    /// Ports never to face the internet besides administration and database ports
    /// (`tcp/2375`, `udp/161`, `tcp/5900-5903`); None keeps the built-in list.
    pub sensitive_ports: Option<Vec<String>>,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            web_ports: vec![80, 443],
            sensitive_ports: None,
        }
    }
}
