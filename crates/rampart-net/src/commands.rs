//! The AWS CLI commands that change security-group rules, exact enough to paste.

use rampart_inventory::{Peer, Ports, Protocol, SgRule};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// Commands that revoke exactly these rules: by rule id when every rule has one, else one
/// command per rule with its `--ip-permissions` as JSON.
pub fn revoke(direction: Direction, region: &str, group_id: &str, rules: &[&SgRule]) -> Vec<String> {
    let base = format!(
        "aws ec2 revoke-security-group-{} --region {region} --group-id {group_id}",
        direction.name()
    );
    let ids: Vec<&str> = rules.iter().filter_map(|r| r.rule_id.as_deref()).collect();
    if !rules.is_empty() && ids.len() == rules.len() {
        return vec![format!("{base} --security-group-rule-ids {}", ids.join(" "))];
    }
    rules
        .iter()
        .map(|r| format!("{base} --ip-permissions '[{}]'", ip_permission(r)))
        .collect()
}

/// One rule as the EC2 API's `IpPermission` JSON.
pub fn ip_permission(rule: &SgRule) -> Value {
    let mut p = Map::new();
    p.insert("IpProtocol".into(), json!(rule.protocol.cli_name()));
    match (rule.protocol, rule.ports) {
        (Protocol::All | Protocol::Number(_), _) => {}
        (_, Ports::All) if matches!(rule.protocol, Protocol::Icmp | Protocol::Icmpv6) => {
            p.insert("FromPort".into(), json!(-1));
            p.insert("ToPort".into(), json!(-1));
        }
        (_, Ports::All) => {
            p.insert("FromPort".into(), json!(0));
            p.insert("ToPort".into(), json!(65535));
        }
        (_, Ports::Range { from, to }) => {
            p.insert("FromPort".into(), json!(from));
            p.insert("ToPort".into(), json!(to));
        }
        (_, Ports::Icmp { icmp_type, code }) => {
            p.insert("FromPort".into(), json!(icmp_type.map_or(-1, i32::from)));
            p.insert("ToPort".into(), json!(code.map_or(-1, i32::from)));
        }
    }
    let (key, value) = match &rule.peer {
        Peer::Ipv4(n) => ("IpRanges", json!([{ "CidrIp": n.to_string() }])),
        Peer::Ipv6(n) => ("Ipv6Ranges", json!([{ "CidrIpv6": n.to_string() }])),
        Peer::PrefixList(id) => ("PrefixListIds", json!([{ "PrefixListId": id }])),
        Peer::Group { group_id, owner_id, .. } => {
            let mut pair = Map::new();
            pair.insert("GroupId".into(), json!(group_id));
            if let Some(owner) = owner_id {
                pair.insert("UserId".into(), json!(owner));
            }
            ("UserIdGroupPairs", Value::Array(vec![Value::Object(pair)]))
        }
    };
    p.insert(key.into(), value);
    Value::Object(p)
}
