//! Which interfaces and resources carry each security group, built once per region.

use std::collections::HashMap;

use rampart_inventory::{NetworkInterface, Region};

/// Security group id → what uses it.
#[derive(Debug, Default)]
pub struct Attachments<'a> {
    interfaces: HashMap<&'a str, Vec<&'a NetworkInterface>>,
    /// Resources that name the group in their configuration (load balancers, Lambda functions,
    /// ECS services, VPC endpoints, instances), as `kind id`.
    configured: HashMap<&'a str, Vec<String>>,
}

impl<'a> Attachments<'a> {
    pub fn new(region: &'a Region) -> Self {
        let mut interfaces: HashMap<&str, Vec<&NetworkInterface>> = HashMap::new();
        for eni in &region.network_interfaces {
            for sg in &eni.security_group_ids {
                interfaces.entry(sg.as_str()).or_default().push(eni);
            }
        }
        let mut configured: HashMap<&str, Vec<String>> = HashMap::new();
        let mut add = |groups: &'a [String], what: String| {
            for g in groups {
                configured.entry(g.as_str()).or_default().push(what.clone());
            }
        };
        for lb in &region.load_balancers {
            add(&lb.security_group_ids, format!("load balancer {}", lb.name));
        }
        for f in &region.lambda_functions {
            add(&f.security_group_ids, format!("Lambda function {}", f.name));
        }
        for s in &region.ecs_services {
            add(&s.security_group_ids, format!("ECS service {}", s.name));
        }
        for e in &region.vpc_endpoints {
            add(&e.security_group_ids, format!("VPC endpoint {}", e.id));
        }
        for i in &region.instances {
            if i.state != "terminated" {
                add(&i.security_group_ids, format!("instance {}", i.id));
            }
        }
        // Databases, caches, search domains, launch templates and configurations; a group
        // named by name counts for every group of that name (names are unique per VPC only).
        for r in &region.group_references {
            add(&r.group_ids, r.resource.clone());
            for g in region
                .security_groups
                .iter()
                .filter(|g| r.group_names.contains(&g.name))
            {
                add(std::slice::from_ref(&g.id), r.resource.clone());
            }
        }
        Attachments { interfaces, configured }
    }

    /// The interfaces that carry the group.
    pub fn interfaces(&self, group_id: &str) -> &[&'a NetworkInterface] {
        self.interfaces.get(group_id).map_or(&[], Vec::as_slice)
    }

    /// Interfaces carrying the group that have a public IPv4 address or an IPv6 address.
    pub fn public_interfaces(&self, group_id: &str) -> Vec<&'a NetworkInterface> {
        self.interfaces(group_id)
            .iter()
            .filter(|e| !e.public_ips.is_empty() || !e.ipv6_addresses.is_empty())
            .copied()
            .collect()
    }

    /// Other resources whose configuration names the group.
    pub fn configured(&self, group_id: &str) -> &[String] {
        self.configured.get(group_id).map_or(&[], Vec::as_slice)
    }

    /// True when nothing carries or names the group.
    pub fn is_unused(&self, group_id: &str) -> bool {
        self.interfaces(group_id).is_empty() && self.configured(group_id).is_empty()
    }
}
