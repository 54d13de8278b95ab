//! Which side of a connection a record is: the request that used a rule, or the reply that
//! security groups let through because they are stateful ("Security group rules": responses to
//! allowed traffic are allowed regardless of the rules). Only requests are uses of a rule.
//!
//! - Direction relative to the interface: `flow-direction` when the format has it, else the
//!   interface's own address (`dstaddr` for incoming traffic, `srcaddr` for outgoing: the user
//!   guide's definition of the two fields).
//! - Request or reply, TCP with `tcp-flags`: a record that carries SYN-ACK (18) was sent by the
//!   side that accepted the connection — a reply; one that carries SYN without ACK was sent by
//!   the side that opened it — a request. Basis: [`Basis::TcpFlags`].
//! - Otherwise (UDP, or TCP without flags or with only FIN/RST in the interval): the service
//!   is taken to be the lower port, so a record is a request when its destination port is the
//!   lower one (equal ports: request). Basis: [`Basis::Ports`] — a heuristic: a service on a
//!   port above the client's ephemeral port is misread.
//! - ICMP and other protocols have no ports in flow logs: a record is taken as a request.
//!   Basis: [`Basis::Assumed`].

use std::net::IpAddr;

use serde::Serialize;

use crate::flow::model::{Direction, Interface};
use crate::flow::record::{tcp, FlowDirection, FlowRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    TcpFlags,
    Ports,
    Assumed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Opens the connection in `direction` (relative to the interface) to `remote`.
    Request {
        direction: Direction,
        remote: IpAddr,
        basis: Basis,
    },
    Reply {
        basis: Basis,
    },
    /// Neither address is the interface's and the format has no `flow-direction` (traffic
    /// through a NAT gateway or transit interface, or an address the inventory lacks).
    Unplaced,
}

pub fn classify(r: &FlowRecord, eni: &Interface, protocol: u8) -> Side {
    let (Some(src), Some(dst)) = (r.srcaddr, r.dstaddr) else {
        return Side::Unplaced;
    };
    let direction = match r.flow_direction {
        Some(FlowDirection::Ingress) => Direction::Ingress,
        Some(FlowDirection::Egress) => Direction::Egress,
        None if eni.addresses.binary_search(&dst).is_ok() => Direction::Ingress,
        None if eni.addresses.binary_search(&src).is_ok() => Direction::Egress,
        None => return Side::Unplaced,
    };
    let remote = match direction {
        Direction::Ingress => src,
        Direction::Egress => dst,
    };
    let request = |basis| Side::Request {
        direction,
        remote,
        basis,
    };
    match protocol {
        6 => {
            if let Some(flags) = r.tcp_flags {
                if flags & tcp::SYN != 0 {
                    return if flags & tcp::ACK != 0 {
                        Side::Reply { basis: Basis::TcpFlags }
                    } else {
                        request(Basis::TcpFlags)
                    };
                }
            }
            by_ports(r, request(Basis::Ports))
        }
        17 => by_ports(r, request(Basis::Ports)),
        _ => request(Basis::Assumed),
    }
}

fn by_ports(r: &FlowRecord, request: Side) -> Side {
    match (r.srcport, r.dstport) {
        (Some(s), Some(d)) if d > s => Side::Reply { basis: Basis::Ports },
        _ => request,
    }
}

/// True when a record is, by its flags or else its ports, the reply side of a connection
/// (same rules as [`classify`], without an interface to place it on).
pub fn is_reply(r: &FlowRecord) -> bool {
    match r.protocol {
        Some(6) => match r.tcp_flags {
            Some(flags) if flags & tcp::SYN != 0 => flags & tcp::ACK != 0,
            _ => matches!(by_ports(r, Side::Unplaced), Side::Reply { .. }),
        },
        Some(17) => matches!(by_ports(r, Side::Unplaced), Side::Reply { .. }),
        _ => false,
    }
}
