//! Exact AWS CLI commands that fix findings.

use rampart_inventory::SgRule;
pub use rampart_net::commands::{ip_permission, revoke, Direction};

/// A rule in the words of the console: `tcp 22 from 0.0.0.0/0 (sgr-…)`.
pub fn describe_rule(rule: &SgRule, direction: Direction) -> String {
    rampart_net::describe::rule_in(rule, direction == Direction::Ingress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_inventory::{Peer, Ports, Protocol};

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
