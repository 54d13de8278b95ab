//! What the checks may be told about the account: which ports are meant to face the internet,
//! and the address spaces that have names. Pure data; the binary reads it from `rampart.toml`.

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub network: Network,
    /// Named address spaces (`on-prem = ["10.100.0.0/16"]`), usable as `--from`/`--to` in paths.
    pub address_spaces: std::collections::BTreeMap<String, Vec<String>>,
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
