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
        for name in self.service_classes.keys() {
            self.service_class(name)
                .map_err(|e| format!("service class `{name}`: {e}"))?;
        }
        Ok(())
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

    /// A service class by name: the configured one, else the built-in one.
    pub fn service_class(&self, name: &str) -> Result<Option<Vec<(Protocol, PortSet)>>, String> {
        let Some(specs) = self.service_classes.get(name) else {
            return Ok(crate::ports::class(name).map(crate::ports::wanted));
        };
        let mut out: Vec<(Protocol, PortSet)> = Vec::new();
        for spec in specs {
            let (proto, ports) = spec
                .split_once('/')
                .ok_or_else(|| format!("`{spec}`: write ports as tcp/22 or udp/53 or tcp/8000-8100"))?;
            let protocol = match proto {
                "tcp" => Protocol::Tcp,
                "udp" => Protocol::Udp,
                _ => return Err(format!("`{spec}`: the protocol must be tcp or udp")),
            };
            let (lo, hi) = match ports.split_once('-') {
                Some((a, b)) => (a.parse::<u16>(), b.parse::<u16>()),
                None => (ports.parse::<u16>(), ports.parse::<u16>()),
            };
            let (Ok(lo), Ok(hi)) = (lo, hi) else {
                return Err(format!("`{spec}`: ports must be numbers from 0 to 65535"));
            };
            if lo > hi {
                return Err(format!("`{spec}`: the range is reversed"));
            }
            match out.iter_mut().find(|(p, _)| *p == protocol) {
                Some((_, set)) => *set = set.union(&PortSet::range(lo, hi)),
                None => out.push((protocol, PortSet::range(lo, hi))),
            }
        }
        Ok(Some(out))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Network {
    /// TCP ports that are meant to face the internet; anything else reachable is reported.
    pub web_ports: Vec<u16>,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            web_ports: vec![80, 443],
        }
    }
}
