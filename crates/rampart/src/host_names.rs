//! Addresses of flow logs named for people: the host that holds each address in the inventory
//! (`i-… (Name tag)`, a load balancer, or the interface and its description), and IANA
//! protocol numbers by their names.

use std::collections::BTreeMap;

use rampart_inventory::{Inventory, Protocol};

/// Each address of the account (private, public, IPv6) → the host it belongs to.
#[derive(Default, serde::Serialize)]
#[serde(transparent)]
pub struct HostNames(BTreeMap<String, String>);

impl HostNames {
    pub fn of(inventory: &Inventory) -> HostNames {
        let mut names = BTreeMap::new();
        for region in inventory.regions.values() {
            for eni in &region.network_interfaces {
                let label = match rampart_report::exposure_v1::resource(eni) {
                    (id, "instance") => {
                        let name = region.instances.iter().find(|i| i.id == id).and_then(|i| i.name());
                        match name {
                            Some(n) => format!("{id} {n}"),
                            None => id,
                        }
                    }
                    (name, "load-balancer") => format!("load balancer {name}"),
                    _ => match eni.description.as_deref().filter(|d| !d.is_empty()) {
                        Some(d) => format!("{} {d}", eni.id),
                        None => eni.id.clone(),
                    },
                };
                for address in eni.private_ips.iter().chain(&eni.public_ips).chain(&eni.ipv6_addresses) {
                    names.insert(address.clone(), label.clone());
                }
            }
        }
        HostNames(names)
    }

    /// `10.0.1.10 (i-0a… web-1)`, or the address alone when the account does not hold it.
    pub fn show(&self, address: &str) -> String {
        match self.0.get(address) {
            Some(host) => format!("{address} ({host})"),
            None => address.to_owned(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `tcp`, `udp`, `icmp`, `icmpv6` for 6, 17, 1 and 58 (IANA "Assigned Internet Protocol
/// Numbers", which the flow-log `protocol` field carries), else the number.
pub fn protocol_name(number: u8) -> String {
    Protocol::parse(&number.to_string()).map_or_else(|| number.to_string(), Protocol::cli_name)
}

#[cfg(test)]
mod tests {
    use super::protocol_name;

    #[test]
    fn protocols_by_name() {
        assert_eq!(protocol_name(6), "tcp");
        assert_eq!(protocol_name(17), "udp");
        assert_eq!(protocol_name(1), "icmp");
        assert_eq!(protocol_name(58), "icmpv6");
        assert_eq!(protocol_name(50), "50");
    }
}
