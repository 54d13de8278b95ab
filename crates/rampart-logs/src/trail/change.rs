//! The changes CloudTrail records to network and detection controls, normalised: what the call
//! did, in one shape whatever the API's own (EC2 writes `ipPermissions.items[]` in requests,
//! `securityGroupRuleSet.items[]` in responses, `ModifySecurityGroupRules` a PascalCase request;
//! XML-derived values can be `{"content": …}`). Keys are matched without regard to case.
//!
//! Security-group rules come from the response's rule set when it is there (it names the rule
//! ids AWS assigned), else from the request. A failed call (`errorCode`) is still normalised —
//! it is evidence of intent — and marked by its error code on the [`ChangeEvent`].

use rampart_inventory::{Peer, Ports, Protocol, SgRule};
use serde::Serialize;
use serde_json::Value;

use crate::trail::event::Event;

/// A rule as it was added, removed or set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleChange {
    pub rule_id: Option<String>,
    /// `tcp 22 from 0.0.0.0/0`, in the console's words.
    pub rule: String,
    pub protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub peer: String,
    pub description: Option<String>,
    /// The peer holds public addresses.
    pub internet: bool,
    #[serde(skip)]
    pub sg_rule: Option<SgRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Ingress,
    Egress,
}

/// What a call changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    GroupCreated {
        group_id: Option<String>,
        group_name: Option<String>,
        vpc_id: Option<String>,
    },
    GroupDeleted {
        group_id: Option<String>,
        group_name: Option<String>,
    },
    RulesAdded {
        group_id: Option<String>,
        direction: Direction,
        rules: Vec<RuleChange>,
    },
    RulesRemoved {
        group_id: Option<String>,
        direction: Direction,
        rules: Vec<RuleChange>,
        rule_ids: Vec<String>,
    },
    /// `ModifySecurityGroupRules`: each rule id with what it became.
    RulesModified {
        group_id: Option<String>,
        rules: Vec<RuleChange>,
    },
    RuleDescriptionsUpdated {
        group_id: Option<String>,
        direction: Direction,
        rules: Vec<RuleChange>,
    },
    NetworkAclEntry {
        network_acl_id: Option<String>,
        operation: &'static str,
        rule_number: Option<i64>,
        egress: Option<bool>,
        rule_action: Option<String>,
        cidr: Option<String>,
        protocol: Option<String>,
        from_port: Option<i64>,
        to_port: Option<i64>,
        /// An allow rule whose CIDR holds public addresses.
        internet: bool,
    },
    NetworkAcl {
        network_acl_id: Option<String>,
        operation: &'static str,
        subnet_association: Option<String>,
    },
    Route {
        route_table_id: Option<String>,
        operation: &'static str,
        destination: Option<String>,
        target: Option<String>,
        /// A default route (0.0.0.0/0, ::/0) to an internet gateway.
        to_internet: bool,
    },
    RouteTable {
        route_table_id: Option<String>,
        operation: &'static str,
        association: Option<String>,
    },
    InternetGateway {
        internet_gateway_id: Option<String>,
        vpc_id: Option<String>,
        operation: &'static str,
    },
    PrefixListModified {
        prefix_list_id: Option<String>,
        added: Vec<String>,
        removed: Vec<String>,
    },
    InterfaceGroupsSet {
        network_interface_id: Option<String>,
        groups: Vec<String>,
    },
    InstanceGroupsSet {
        instance_id: Option<String>,
        groups: Vec<String>,
    },
    InstancesLaunched {
        instance_ids: Vec<String>,
        groups: Vec<String>,
    },
    AddressAssociation {
        operation: &'static str,
        allocation_id: Option<String>,
        public_ip: Option<String>,
        instance_id: Option<String>,
        network_interface_id: Option<String>,
    },
    /// A change to a detection control: flow logs, trails, Config, GuardDuty.
    Detection {
        service: &'static str,
        operation: &'static str,
        resources: Vec<String>,
        blinds: bool,
    },
    /// A change to IAM identities or policies.
    Iam { operation: String, targets: Vec<String> },
}

impl Change {
    /// The ids this change is about, for `trail timeline --resource`.
    pub fn resources(&self) -> Vec<String> {
        let one = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
        match self {
            Change::GroupCreated { group_id, .. } | Change::GroupDeleted { group_id, .. } => one(group_id),
            Change::RulesAdded { group_id, rules, .. }
            | Change::RulesModified { group_id, rules }
            | Change::RuleDescriptionsUpdated { group_id, rules, .. } => one(group_id)
                .into_iter()
                .chain(rules.iter().filter_map(|r| r.rule_id.clone()))
                .collect(),
            Change::RulesRemoved {
                group_id,
                rules,
                rule_ids,
                ..
            } => one(group_id)
                .into_iter()
                .chain(rule_ids.iter().cloned())
                .chain(rules.iter().filter_map(|r| r.rule_id.clone()))
                .collect(),
            Change::NetworkAclEntry { network_acl_id, .. } => one(network_acl_id),
            Change::NetworkAcl {
                network_acl_id,
                subnet_association,
                ..
            } => one(network_acl_id).into_iter().chain(one(subnet_association)).collect(),
            Change::Route {
                route_table_id, target, ..
            } => one(route_table_id).into_iter().chain(one(target)).collect(),
            Change::RouteTable {
                route_table_id,
                association,
                ..
            } => one(route_table_id).into_iter().chain(one(association)).collect(),
            Change::InternetGateway {
                internet_gateway_id,
                vpc_id,
                ..
            } => one(internet_gateway_id).into_iter().chain(one(vpc_id)).collect(),
            Change::PrefixListModified { prefix_list_id, .. } => one(prefix_list_id),
            Change::InterfaceGroupsSet {
                network_interface_id,
                groups,
            } => one(network_interface_id)
                .into_iter()
                .chain(groups.iter().cloned())
                .collect(),
            Change::InstanceGroupsSet { instance_id, groups } => {
                one(instance_id).into_iter().chain(groups.iter().cloned()).collect()
            }
            Change::InstancesLaunched { instance_ids, groups } => instance_ids.iter().chain(groups).cloned().collect(),
            Change::AddressAssociation {
                allocation_id,
                instance_id,
                network_interface_id,
                public_ip,
                ..
            } => [allocation_id, instance_id, network_interface_id, public_ip]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            Change::Detection { resources, .. } => resources.clone(),
            Change::Iam { targets, .. } => targets.clone(),
        }
    }

    /// What the change opens to, when it opens something to public addresses: the widest of
    /// its rules or entries, with the peer. Routes to an internet gateway, gateway attachments
    /// and public-address associations open to the whole internet.
    pub fn opening(&self) -> Option<Opening> {
        if !self.opens_to_internet() {
            return None;
        }
        let widest = |peers: &mut dyn Iterator<Item = &str>| {
            peers
                .map(|p| Opening {
                    breadth: breadth(p),
                    peer: p.to_owned(),
                })
                .max_by(|a, b| a.breadth.rank().total_cmp(&b.breadth.rank()))
        };
        match self {
            Change::RulesAdded { rules, .. } | Change::RulesModified { rules, .. } => {
                widest(&mut rules.iter().filter(|r| r.internet).map(|r| r.peer.as_str()))
            }
            Change::NetworkAclEntry { cidr, .. } => widest(&mut cidr.iter().map(String::as_str)),
            _ => Some(Opening {
                breadth: Breadth::Internet,
                peer: "the internet".into(),
            }),
        }
    }

    /// True when the change opens something to the internet.
    pub fn opens_to_internet(&self) -> bool {
        match self {
            Change::RulesAdded {
                direction: Direction::Ingress,
                rules,
                ..
            }
            | Change::RulesModified { rules, .. } => rules.iter().any(|r| r.internet),
            Change::NetworkAclEntry {
                operation,
                egress,
                internet,
                ..
            } => *operation != "deleted" && *egress == Some(false) && *internet,
            Change::Route {
                operation, to_internet, ..
            } => *operation != "deleted" && *to_internet,
            Change::InternetGateway { operation, .. } => *operation == "attached",
            Change::AddressAssociation { operation, .. } => *operation == "associated",
            _ => false,
        }
    }
}

/// How much of the internet a change opens to.
///
/// "The internet" is a CIDR holding at least half of the public addresses of its family
/// (0.0.0.0/0, ::/0, and the /1s and such of either): what a reader calls "open to the
/// internet". One address (/32, /128) is an opening to that address; anything between is a
/// public range, named with its share. The public space is `rampart_net::address`'s (the IANA
/// special-purpose registries' complement, as the exposure engine judges it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "breadth", rename_all = "snake_case")]
pub enum Breadth {
    OneAddress,
    /// The share of the family's public addresses, in percent.
    Range {
        percent: f64,
    },
    Internet,
}

impl Breadth {
    fn rank(&self) -> f64 {
        match self {
            Breadth::OneAddress => 0.0,
            Breadth::Range { percent } => *percent,
            Breadth::Internet => 101.0,
        }
    }
}

/// What a change opens, and to whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opening {
    pub breadth: Breadth,
    /// The CIDR as the change named it (`0.0.0.0/0`, `52.94.10.1/32`).
    pub peer: String,
}

impl Opening {
    /// `the internet (0.0.0.0/0)`, `one outside address, 52.94.10.1/32`, `a public range,
    /// 52.0.0.0/8 (0.5% of the public IPv4 addresses)`.
    pub fn words(&self) -> String {
        let family = if self.peer.contains(':') { "IPv6" } else { "IPv4" };
        match self.breadth {
            Breadth::Internet if self.peer == "the internet" => "the internet".into(),
            Breadth::Internet => format!("the internet ({})", self.peer),
            Breadth::OneAddress => format!("one outside address, {}", self.peer),
            Breadth::Range { percent } => format!(
                "a public range, {} ({percent:.1}% of the public {family} addresses)",
                self.peer
            ),
        }
    }
}

/// The breadth of a CIDR that touches the internet (see [`Breadth`]).
pub fn breadth(cidr: &str) -> Breadth {
    use rampart_net::address::{public_v4, public_v6, v4_range, v6_range, Ipv4Set, Ipv6Set};
    let share = |inside: f64, total: f64| if total > 0.0 { inside * 100.0 / total } else { 0.0 };
    let percent = if let Some(n) = crate::time::lenient_v4_net(cidr) {
        if n.prefix_len() == 32 {
            return Breadth::OneAddress;
        }
        let (lo, hi) = v4_range(&n);
        let count = |s: &Ipv4Set| s.ranges().iter().map(|(a, b)| f64::from(b - a) + 1.0).sum::<f64>();
        share(
            count(&public_v4().intersection(&Ipv4Set::range(lo, hi))),
            count(public_v4()),
        )
    } else if let Ok(n) = cidr.trim().parse::<ipnet::Ipv6Net>() {
        if n.prefix_len() == 128 {
            return Breadth::OneAddress;
        }
        let (lo, hi) = v6_range(&n);
        let count = |s: &Ipv6Set| s.ranges().iter().map(|(a, b)| (b - a) as f64 + 1.0).sum::<f64>();
        share(
            count(&public_v6().intersection(&Ipv6Set::range(lo, hi))),
            count(public_v6()),
        )
    } else {
        return Breadth::Internet;
    };
    if percent >= 50.0 {
        Breadth::Internet
    } else {
        Breadth::Range { percent }
    }
}

/// The event names [`normalise`] reads (for the reader's head filter).
pub const EVENT_NAMES: &[&str] = &[
    "CreateSecurityGroup",
    "DeleteSecurityGroup",
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
    "ModifySecurityGroupRules",
    "UpdateSecurityGroupRuleDescriptionsIngress",
    "UpdateSecurityGroupRuleDescriptionsEgress",
    "CreateNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "DeleteNetworkAclEntry",
    "CreateNetworkAcl",
    "DeleteNetworkAcl",
    "ReplaceNetworkAclAssociation",
    "CreateRoute",
    "ReplaceRoute",
    "DeleteRoute",
    "CreateRouteTable",
    "DeleteRouteTable",
    "AssociateRouteTable",
    "DisassociateRouteTable",
    "ReplaceRouteTableAssociation",
    "AttachInternetGateway",
    "DetachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "ModifyManagedPrefixList",
    "ModifyNetworkInterfaceAttribute",
    "ModifyInstanceAttribute",
    "RunInstances",
    "AssociateAddress",
    "DisassociateAddress",
    "CreateFlowLogs",
    "DeleteFlowLogs",
    "StopLogging",
    "StartLogging",
    "DeleteTrail",
    "UpdateTrail",
    "PutEventSelectors",
    "CreateTrail",
    "StopConfigurationRecorder",
    "DeleteConfigurationRecorder",
    "DeleteDeliveryChannel",
    "PutConfigurationRecorder",
    "DeleteDetector",
    "UpdateDetector",
    "DisassociateFromMasterAccount",
    "DisassociateFromAdministratorAccount",
    "CreateUser",
    "DeleteUser",
    "CreateAccessKey",
    "CreateLoginProfile",
    "UpdateLoginProfile",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "PutUserPolicy",
    "DeleteUserPolicy",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "PutRolePolicy",
    "DeleteRolePolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
    "PutGroupPolicy",
    "DeleteGroupPolicy",
    "AddUserToGroup",
    "RemoveUserFromGroup",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "SetDefaultPolicyVersion",
    "CreateRole",
    "DeleteRole",
    "UpdateAssumeRolePolicy",
];

/// IAM changes that grant privileges (a policy attached or written, a key or password made, a
/// user put in a group, a role's trust widened): privilege changes whoever makes them.
pub const PRIVILEGE_GRANTS: &[&str] = &[
    "CreateAccessKey",
    "CreateLoginProfile",
    "UpdateLoginProfile",
    "AttachUserPolicy",
    "PutUserPolicy",
    "AttachRolePolicy",
    "PutRolePolicy",
    "AttachGroupPolicy",
    "PutGroupPolicy",
    "AddUserToGroup",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
    "UpdateAssumeRolePolicy",
];

/// The change an event made, or None when it is not one rampart reads.
pub fn normalise(e: &Event) -> Option<Change> {
    let req = e.request_parameters.as_ref().unwrap_or(&Value::Null);
    let resp = e.response_elements.as_ref().unwrap_or(&Value::Null);
    let name = e.name();
    Some(match name {
        "CreateSecurityGroup" => Change::GroupCreated {
            group_id: text(field(resp, "groupId")),
            group_name: text(field(req, "groupName")),
            vpc_id: text(field(req, "vpcId")),
        },
        "DeleteSecurityGroup" => Change::GroupDeleted {
            group_id: text(field(req, "groupId")),
            group_name: text(field(req, "groupName")),
        },
        "AuthorizeSecurityGroupIngress" | "AuthorizeSecurityGroupEgress" => {
            let direction = if name.ends_with("Egress") {
                Direction::Egress
            } else {
                Direction::Ingress
            };
            let from_response: Vec<RuleChange> = items(field(resp, "securityGroupRuleSet"))
                .iter()
                .map(|r| rule_from_set(r, None))
                .collect();
            Change::RulesAdded {
                group_id: group_id(req),
                direction,
                rules: if from_response.is_empty() {
                    rules_from_permissions(field(req, "ipPermissions"), direction)
                } else {
                    from_response
                },
            }
        }
        "RevokeSecurityGroupIngress" | "RevokeSecurityGroupEgress" => {
            let direction = if name.ends_with("Egress") {
                Direction::Egress
            } else {
                Direction::Ingress
            };
            let revoked: Vec<RuleChange> = items(field(resp, "revokedSecurityGroupRuleSet"))
                .iter()
                .map(|r| rule_from_set(r, None))
                .collect();
            let rule_ids: Vec<String> = items(field(req, "securityGroupRuleIds"))
                .iter()
                .filter_map(|v| text(field(v, "securityGroupRuleId")).or_else(|| text(Some(v))))
                .collect();
            Change::RulesRemoved {
                group_id: group_id(req),
                direction,
                rules: if revoked.is_empty() {
                    rules_from_permissions(field(req, "ipPermissions"), direction)
                } else {
                    revoked
                },
                rule_ids,
            }
        }
        "ModifySecurityGroupRules" => {
            let body = field(req, "ModifySecurityGroupRulesRequest").unwrap_or(req);
            let updates = items(field(body, "SecurityGroupRule").or_else(|| field(body, "SecurityGroupRules")));
            Change::RulesModified {
                group_id: text(field(body, "GroupId")),
                rules: updates
                    .iter()
                    .map(|u| {
                        rule_from_set(
                            field(u, "SecurityGroupRule").unwrap_or(&Value::Null),
                            text(field(u, "SecurityGroupRuleId")),
                        )
                    })
                    .collect(),
            }
        }
        "UpdateSecurityGroupRuleDescriptionsIngress" | "UpdateSecurityGroupRuleDescriptionsEgress" => {
            let direction = if name.ends_with("Egress") {
                Direction::Egress
            } else {
                Direction::Ingress
            };
            let by_id: Vec<RuleChange> = items(field(req, "securityGroupRuleDescriptions"))
                .iter()
                .map(|d| RuleChange {
                    rule_id: text(field(d, "securityGroupRuleId")),
                    description: text(field(d, "description")),
                    ..empty_rule()
                })
                .collect();
            Change::RuleDescriptionsUpdated {
                group_id: group_id(req),
                direction,
                rules: if by_id.is_empty() {
                    rules_from_permissions(field(req, "ipPermissions"), direction)
                } else {
                    by_id
                },
            }
        }
        "CreateNetworkAclEntry" | "ReplaceNetworkAclEntry" | "DeleteNetworkAclEntry" => {
            let cidr = text(field(req, "cidrBlock")).or_else(|| text(field(req, "ipv6CidrBlock")));
            let rule_action = text(field(req, "ruleAction"));
            let range = field(req, "portRange");
            Change::NetworkAclEntry {
                network_acl_id: text(field(req, "networkAclId")),
                operation: match name {
                    "CreateNetworkAclEntry" => "created",
                    "ReplaceNetworkAclEntry" => "replaced",
                    _ => "deleted",
                },
                rule_number: int(field(req, "ruleNumber")),
                egress: boolean(field(req, "egress")),
                internet: rule_action.as_deref() == Some("allow") && cidr.as_deref().is_some_and(touches_internet),
                rule_action,
                cidr,
                protocol: text(field(req, "aclProtocol")).or_else(|| text(field(req, "protocol"))),
                from_port: range.and_then(|r| int(field(r, "from"))),
                to_port: range.and_then(|r| int(field(r, "to"))),
            }
        }
        "CreateNetworkAcl" => Change::NetworkAcl {
            network_acl_id: text(field(field(resp, "networkAcl").unwrap_or(&Value::Null), "networkAclId")),
            operation: "created",
            subnet_association: None,
        },
        "DeleteNetworkAcl" => Change::NetworkAcl {
            network_acl_id: text(field(req, "networkAclId")),
            operation: "deleted",
            subnet_association: None,
        },
        "ReplaceNetworkAclAssociation" => Change::NetworkAcl {
            network_acl_id: text(field(req, "networkAclId")),
            operation: "association replaced",
            subnet_association: text(field(req, "associationId")),
        },
        "CreateRoute" | "ReplaceRoute" | "DeleteRoute" => {
            let destination = text(field(req, "destinationCidrBlock"))
                .or_else(|| text(field(req, "destinationIpv6CidrBlock")))
                .or_else(|| text(field(req, "destinationPrefixListId")));
            let target = [
                "gatewayId",
                "natGatewayId",
                "transitGatewayId",
                "vpcPeeringConnectionId",
                "networkInterfaceId",
                "instanceId",
                "egressOnlyInternetGatewayId",
                "vpcEndpointId",
                "localGatewayId",
                "carrierGatewayId",
                "coreNetworkArn",
            ]
            .iter()
            .find_map(|k| text(field(req, k)));
            Change::Route {
                route_table_id: text(field(req, "routeTableId")),
                operation: match name {
                    "CreateRoute" => "created",
                    "ReplaceRoute" => "replaced",
                    _ => "deleted",
                },
                to_internet: matches!(destination.as_deref(), Some("0.0.0.0/0" | "::/0"))
                    && target.as_deref().is_some_and(|t| t.starts_with("igw-")),
                destination,
                target,
            }
        }
        "CreateRouteTable" => Change::RouteTable {
            route_table_id: text(field(field(resp, "routeTable").unwrap_or(&Value::Null), "routeTableId")),
            operation: "created",
            association: text(field(req, "vpcId")),
        },
        "DeleteRouteTable" => Change::RouteTable {
            route_table_id: text(field(req, "routeTableId")),
            operation: "deleted",
            association: None,
        },
        "AssociateRouteTable" => Change::RouteTable {
            route_table_id: text(field(req, "routeTableId")),
            operation: "associated",
            association: text(field(req, "subnetId")).or_else(|| text(field(req, "gatewayId"))),
        },
        "DisassociateRouteTable" => Change::RouteTable {
            route_table_id: None,
            operation: "disassociated",
            association: text(field(req, "associationId")),
        },
        "ReplaceRouteTableAssociation" => Change::RouteTable {
            route_table_id: text(field(req, "routeTableId")),
            operation: "association replaced",
            association: text(field(req, "associationId")),
        },
        "AttachInternetGateway" | "DetachInternetGateway" | "CreateInternetGateway" | "DeleteInternetGateway" => {
            Change::InternetGateway {
                internet_gateway_id: text(field(req, "internetGatewayId")).or_else(|| {
                    text(field(
                        field(resp, "internetGateway").unwrap_or(&Value::Null),
                        "internetGatewayId",
                    ))
                }),
                vpc_id: text(field(req, "vpcId")),
                operation: match name {
                    "AttachInternetGateway" => "attached",
                    "DetachInternetGateway" => "detached",
                    "CreateInternetGateway" => "created",
                    _ => "deleted",
                },
            }
        }
        "ModifyManagedPrefixList" => {
            let body = field(req, "ModifyManagedPrefixListRequest").unwrap_or(req);
            let cidrs = |key| {
                items(field(body, key))
                    .iter()
                    .filter_map(|e| text(field(e, "Cidr")))
                    .collect::<Vec<_>>()
            };
            Change::PrefixListModified {
                prefix_list_id: text(field(body, "PrefixListId")),
                added: cidrs("AddEntry"),
                removed: cidrs("RemoveEntry"),
            }
        }
        "ModifyNetworkInterfaceAttribute" => {
            let groups = group_set(field(req, "groupSet"));
            if groups.is_empty() {
                return None;
            }
            Change::InterfaceGroupsSet {
                network_interface_id: text(field(req, "networkInterfaceId")),
                groups,
            }
        }
        "ModifyInstanceAttribute" => {
            let groups = group_set(field(req, "groupSet"));
            if groups.is_empty() {
                return None;
            }
            Change::InstanceGroupsSet {
                instance_id: text(field(req, "instanceId")),
                groups,
            }
        }
        "RunInstances" => {
            let instances = items(field(resp, "instancesSet"));
            let mut groups: Vec<String> = instances
                .iter()
                .flat_map(|i| items(field(i, "groupSet")))
                .filter_map(|g| text(field(g, "groupId")))
                .collect();
            groups.extend(group_set(field(req, "groupSet")));
            groups.extend(
                items(field(req, "networkInterfaceSet"))
                    .iter()
                    .flat_map(|n| group_set(field(n, "groupSet"))),
            );
            groups.sort();
            groups.dedup();
            Change::InstancesLaunched {
                instance_ids: instances.iter().filter_map(|i| text(field(i, "instanceId"))).collect(),
                groups,
            }
        }
        "AssociateAddress" | "DisassociateAddress" => Change::AddressAssociation {
            operation: if name == "AssociateAddress" {
                "associated"
            } else {
                "disassociated"
            },
            allocation_id: text(field(req, "allocationId")).or_else(|| text(field(req, "associationId"))),
            public_ip: text(field(req, "publicIp")),
            instance_id: text(field(req, "instanceId")),
            network_interface_id: text(field(req, "networkInterfaceId")),
        },
        "CreateFlowLogs" | "DeleteFlowLogs" => {
            let body = field(req, "DeleteFlowLogsRequest")
                .or_else(|| field(req, "CreateFlowLogsRequest"))
                .unwrap_or(req);
            let mut resources = strings(body, "FlowLogId");
            resources.extend(strings(body, "ResourceId"));
            Change::Detection {
                service: "vpc flow logs",
                operation: if name == "DeleteFlowLogs" { "deleted" } else { "created" },
                blinds: name == "DeleteFlowLogs",
                resources,
            }
        }
        "StopLogging" | "StartLogging" | "DeleteTrail" | "UpdateTrail" | "PutEventSelectors" | "CreateTrail" => {
            Change::Detection {
                service: "cloudtrail",
                operation: match name {
                    "StopLogging" => "stopped",
                    "StartLogging" => "started",
                    "DeleteTrail" => "deleted",
                    "CreateTrail" => "created",
                    "PutEventSelectors" => "event selectors set",
                    _ => "updated",
                },
                blinds: matches!(name, "StopLogging" | "DeleteTrail"),
                resources: text(field(req, "name"))
                    .or_else(|| text(field(req, "trailName")))
                    .into_iter()
                    .collect(),
            }
        }
        "StopConfigurationRecorder"
        | "DeleteConfigurationRecorder"
        | "DeleteDeliveryChannel"
        | "PutConfigurationRecorder" => Change::Detection {
            service: "config",
            operation: match name {
                "StopConfigurationRecorder" => "recorder stopped",
                "DeleteConfigurationRecorder" => "recorder deleted",
                "DeleteDeliveryChannel" => "delivery channel deleted",
                _ => "recorder set",
            },
            blinds: name != "PutConfigurationRecorder",
            resources: text(field(req, "configurationRecorderName"))
                .or_else(|| text(field(req, "deliveryChannelName")))
                .or_else(|| {
                    text(field(
                        field(req, "configurationRecorder").unwrap_or(&Value::Null),
                        "name",
                    ))
                })
                .into_iter()
                .collect(),
        },
        "DeleteDetector"
        | "UpdateDetector"
        | "DisassociateFromMasterAccount"
        | "DisassociateFromAdministratorAccount" => {
            let disabled = boolean(field(req, "enable")) == Some(false);
            Change::Detection {
                service: "guardduty",
                operation: match name {
                    "DeleteDetector" => "detector deleted",
                    "UpdateDetector" if disabled => "detector disabled",
                    "UpdateDetector" => "detector updated",
                    _ => "disassociated from the administrator account",
                },
                blinds: name != "UpdateDetector" || disabled,
                resources: text(field(req, "detectorId")).into_iter().collect(),
            }
        }
        _ if e.event_source.as_deref() == Some("iam.amazonaws.com") && EVENT_NAMES.contains(&name) => {
            let targets = ["userName", "roleName", "groupName", "policyArn", "policyName"]
                .iter()
                .filter_map(|k| text(field(req, k)))
                .collect();
            Change::Iam {
                operation: name.to_owned(),
                targets,
            }
        }
        _ => return None,
    })
}

fn group_id(req: &Value) -> Option<String> {
    text(field(req, "groupId")).or_else(|| text(field(req, "groupName")))
}

fn group_set(v: Option<&Value>) -> Vec<String> {
    items(v)
        .iter()
        .filter_map(|g| text(field(g, "groupId")).or_else(|| text(Some(g))))
        .collect()
}

/// A key of an object, case-insensitively.
pub(crate) fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let map = v.as_object()?;
    map.get(key)
        .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// The elements of an EC2 list: `{"items": [...]}`, a bare array, one object, or `{}` (none).
pub(crate) fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(m)) => match field(o, "items") {
            Some(Value::Array(a)) => a.iter().collect(),
            _ if m.is_empty() => Vec::new(),
            _ => vec![o],
        },
        Some(other) => vec![other],
    }
}

/// A string value, a number as text, or the `content` of an XML-derived `{"content": …}`.
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        o @ Value::Object(_) => text(field(o, "content")),
        _ => None,
    }
}

/// Every value of `key` anywhere below `v` (lists included), as text.
fn strings(v: &Value, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k.eq_ignore_ascii_case(key) {
                    match x {
                        Value::Array(a) => out.extend(a.iter().filter_map(|e| text(Some(e)))),
                        other => out.extend(text(Some(other))),
                    }
                } else {
                    out.extend(strings(x, key));
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| out.extend(strings(x, key))),
        _ => {}
    }
    out
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        o @ Value::Object(_) => int(field(o, "content")),
        _ => None,
    }
}

fn boolean(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn touches_internet(cidr: &str) -> bool {
    match cidr.parse::<ipnet::IpNet>() {
        Ok(ipnet::IpNet::V4(n)) => rampart_net::address::v4_touches_internet(&n),
        Ok(ipnet::IpNet::V6(n)) => rampart_net::address::v6_touches_internet(&n),
        Err(_) => crate::time::lenient_v4_net(cidr).is_some_and(|n| rampart_net::address::v4_touches_internet(&n)),
    }
}

fn empty_rule() -> RuleChange {
    RuleChange {
        rule_id: None,
        rule: String::new(),
        protocol: String::new(),
        from_port: None,
        to_port: None,
        peer: String::new(),
        description: None,
        internet: false,
        sg_rule: None,
    }
}

/// A rule built from protocol, ports and peer (in the model's terms, so it can be compared
/// with the inventory's rules).
fn rule(
    protocol: Option<String>,
    from: Option<i64>,
    to: Option<i64>,
    peer: Option<Peer>,
    id: Option<String>,
    description: Option<String>,
    egress: bool,
) -> RuleChange {
    let proto = protocol.as_deref().and_then(Protocol::parse);
    let sg_rule = match (proto, &peer) {
        (Some(p), Some(peer)) => Some(SgRule {
            rule_id: id.clone(),
            protocol: p,
            ports: Ports::from_api(p, from, to),
            peer: peer.clone(),
            description: description.clone(),
        }),
        _ => None,
    };
    let internet = match &peer {
        Some(Peer::Ipv4(n)) => rampart_net::address::v4_touches_internet(n),
        Some(Peer::Ipv6(n)) => rampart_net::address::v6_touches_internet(n),
        _ => false,
    };
    RuleChange {
        rule: sg_rule
            .as_ref()
            .map(|r| rampart_net::describe::rule_in(r, !egress))
            .unwrap_or_default(),
        rule_id: id,
        protocol: proto
            .map(Protocol::cli_name)
            .unwrap_or_else(|| protocol.unwrap_or_default()),
        from_port: from,
        to_port: to,
        peer: peer.as_ref().map(Peer::display).unwrap_or_default(),
        description,
        internet,
        sg_rule,
    }
}

/// One rule of a `securityGroupRuleSet` (response) or a `SecurityGroupRuleRequest` (modify,
/// whose rule id is beside it: `id`).
fn rule_from_set(r: &Value, id: Option<String>) -> RuleChange {
    let peer = if let Some(c) = text(field(r, "cidrIpv4")) {
        crate::time::lenient_v4_net(&c).map(Peer::Ipv4)
    } else if let Some(c) = text(field(r, "cidrIpv6")) {
        c.parse().ok().map(Peer::Ipv6)
    } else if let Some(p) = text(field(r, "prefixListId")) {
        Some(Peer::PrefixList(p))
    } else {
        let referenced = field(r, "referencedGroupInfo");
        let group = referenced
            .and_then(|g| text(field(g, "groupId")))
            .or_else(|| text(field(r, "referencedGroupId")));
        group.map(|group_id| Peer::Group {
            group_id,
            owner_id: referenced.and_then(|g| text(field(g, "userId"))),
            vpc_id: None,
            peering_id: None,
        })
    };
    rule(
        text(field(r, "ipProtocol")),
        int(field(r, "fromPort")),
        int(field(r, "toPort")),
        peer,
        id.or_else(|| text(field(r, "securityGroupRuleId"))),
        text(field(r, "description")),
        boolean(field(r, "isEgress")) == Some(true),
    )
}

/// The rules of an `ipPermissions` request: one per peer of each permission.
fn rules_from_permissions(v: Option<&Value>, direction: Direction) -> Vec<RuleChange> {
    let mut out = Vec::new();
    for p in items(v) {
        let protocol = text(field(p, "ipProtocol"));
        let (from, to) = (int(field(p, "fromPort")), int(field(p, "toPort")));
        let mut peers: Vec<(Option<Peer>, Option<String>)> = Vec::new();
        for r in items(field(p, "ipRanges")) {
            peers.push((
                text(field(r, "cidrIp"))
                    .and_then(|c| crate::time::lenient_v4_net(&c))
                    .map(Peer::Ipv4),
                text(field(r, "description")),
            ));
        }
        for r in items(field(p, "ipv6Ranges")) {
            peers.push((
                text(field(r, "cidrIpv6")).and_then(|c| c.parse().ok()).map(Peer::Ipv6),
                text(field(r, "description")),
            ));
        }
        for r in items(field(p, "prefixListIds")) {
            peers.push((
                text(field(r, "prefixListId")).map(Peer::PrefixList),
                text(field(r, "description")),
            ));
        }
        for g in items(field(p, "groups")) {
            let group = text(field(g, "groupId")).map(|group_id| Peer::Group {
                group_id,
                owner_id: text(field(g, "userId")),
                vpc_id: None,
                peering_id: None,
            });
            peers.push((group, text(field(g, "description"))));
        }
        for (peer, description) in peers {
            out.push(rule(
                protocol.clone(),
                from,
                to,
                peer,
                None,
                description,
                direction == Direction::Egress,
            ));
        }
    }
    out
}
