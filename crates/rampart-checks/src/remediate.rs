//! Exact AWS CLI commands that fix findings.

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

/// A rule in the words of the console: `tcp 22 from 0.0.0.0/0 (sgr-…)`.
pub fn describe_rule(rule: &SgRule, direction: Direction) -> String {
    rampart_net::describe::rule_in(rule, direction == Direction::Ingress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: Protocol, ports: Ports, cidr: &str, id: Option<&str>) -> SgRule {
        SgRule {
            rule_id: id.map(String::from),
            protocol,
            ports,
            peer: Peer::Ipv4(cidr.parse().unwrap()),
            description: None,
        }
    }

    #[test]
    fn commands_are_exact() {
        let a = rule(Protocol::Tcp, Ports::Range { from: 22, to: 22 }, "0.0.0.0/0", None);
        let cmds = revoke(Direction::Ingress, "eu-west-1", "sg-1", &[&a]);
        assert_eq!(
            cmds,
            ["aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-1 --ip-permissions '[{\"FromPort\":22,\"IpProtocol\":\"tcp\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}],\"ToPort\":22}]'"]
        );
        let b = rule(Protocol::All, Ports::All, "0.0.0.0/0", Some("sgr-1"));
        let c = rule(Protocol::Tcp, Ports::All, "0.0.0.0/0", Some("sgr-2"));
        assert_eq!(
            revoke(Direction::Egress, "us-east-1", "sg-2", &[&b, &c]),
            ["aws ec2 revoke-security-group-egress --region us-east-1 --group-id sg-2 --security-group-rule-ids sgr-1 sgr-2"]
        );
        assert_eq!(describe_rule(&a, Direction::Ingress), "tcp 22 from 0.0.0.0/0");
        assert_eq!(describe_rule(&b, Direction::Egress), "all traffic to 0.0.0.0/0 (sgr-1)");
    }
}
