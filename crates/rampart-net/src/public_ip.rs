//! The public IPv4 addresses of every interface, from every answer that shows them.
//!
//! An export is not a snapshot: the export script reads `describe-network-interfaces` before
//! `describe-instances` and `describe-addresses`, so an address associated in between shows on
//! the instance or in the Elastic IP answer while the interface shows none. The addresses are
//! judged as the union, and each one says where it was seen:
//! - an instance's `PublicIpAddress` is the address of its primary network interface, the one
//!   holding its `PrivateIpAddress` (Amazon EC2 user guide, "Amazon EC2 instance IP addressing":
//!   "the public IP address is assigned to the primary network interface (eth0)");
//! - an Elastic IP's `NetworkInterfaceId` (else its `InstanceId`, for the primary interface) is
//!   the interface it is associated with (EC2 API reference, `Address`).

use std::collections::HashMap;

use rampart_inventory::{NetworkInterface, Region};

/// Where a public address was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// `describe-network-interfaces` (its `Association`).
    Interface,
    /// Only on the instance (`describe-instances` `PublicIpAddress`).
    Instance(String),
    /// Only in `describe-addresses` (an Elastic IP association).
    ElasticIp(String),
}

/// One public IPv4 address of an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicIp {
    pub address: String,
    pub seen: Seen,
}

impl PublicIp {
    /// The evidence for an address the interface answer does not show; None when it does.
    pub fn note(&self) -> Option<String> {
        let whose = match &self.seen {
            Seen::Interface => return None,
            Seen::Instance(id) => format!("instance {id} (PublicIpAddress)"),
            Seen::ElasticIp(what) => format!("describe-addresses ({what})"),
        };
        Some(format!(
            "{} is shown by {whose} but not by the interface: the answers were read at different moments, so the union is judged",
            self.address
        ))
    }
}

/// Public addresses of a region's interfaces that only other answers show, by interface id.
#[derive(Debug, Default)]
pub struct PublicIps<'a> {
    extra: HashMap<&'a str, Vec<PublicIp>>,
}

impl<'a> PublicIps<'a> {
    pub fn new(region: &'a Region) -> Self {
        // The primary interface of each instance: attached to it and holding its private IP;
        // the only one when the instance names no private IP.
        let mut attached: HashMap<&str, Vec<&NetworkInterface>> = HashMap::new();
        for eni in &region.network_interfaces {
            if let Some(i) = eni.attached_instance_id.as_deref() {
                attached.entry(i).or_default().push(eni);
            }
        }
        let primary = |instance: &str| -> Option<&'a NetworkInterface> {
            let enis = attached.get(instance)?;
            let ip = region
                .instances
                .iter()
                .find(|i| i.id == instance)
                .and_then(|i| i.private_ip.as_deref());
            match ip {
                Some(ip) => enis.iter().find(|e| e.private_ips.iter().any(|p| p == ip)).copied(),
                None if enis.len() == 1 => Some(enis[0]),
                None => None,
            }
        };
        let mut extra: HashMap<&str, Vec<PublicIp>> = HashMap::new();
        let mut add = |eni: &'a NetworkInterface, address: &str, seen: Seen| {
            let list = extra.entry(eni.id.as_str()).or_default();
            if !eni.public_ips.iter().any(|a| a == address) && !list.iter().any(|p| p.address == address) {
                list.push(PublicIp {
                    address: address.to_owned(),
                    seen,
                });
            }
        };
        for i in &region.instances {
            if let (Some(ip), Some(eni)) = (i.public_ip.as_deref(), primary(&i.id)) {
                add(eni, ip, Seen::Instance(i.id.clone()));
            }
        }
        let by_id: HashMap<&str, &NetworkInterface> =
            region.network_interfaces.iter().map(|e| (e.id.as_str(), e)).collect();
        for a in &region.addresses {
            let eni = match (&a.network_interface_id, &a.instance_id) {
                (Some(id), _) => by_id.get(id.as_str()).copied(),
                (None, Some(i)) => primary(i),
                (None, None) => None,
            };
            if let Some(eni) = eni {
                let what = a.allocation_id.clone().unwrap_or_else(|| "Elastic IP".into());
                add(eni, &a.public_ip, Seen::ElasticIp(what));
            }
        }
        PublicIps { extra }
    }

    /// Every public IPv4 address of the interface: its own first, then those only others show.
    pub fn of(&self, eni: &NetworkInterface) -> Vec<PublicIp> {
        let mut out: Vec<PublicIp> = eni
            .public_ips
            .iter()
            .map(|a| PublicIp {
                address: a.clone(),
                seen: Seen::Interface,
            })
            .collect();
        out.extend(self.extra.get(eni.id.as_str()).into_iter().flatten().cloned());
        out
    }

    /// True when the interface has a public IPv4 address by any answer.
    pub fn has(&self, eni: &NetworkInterface) -> bool {
        !eni.public_ips.is_empty() || self.extra.get(eni.id.as_str()).is_some_and(|v| !v.is_empty())
    }
}
