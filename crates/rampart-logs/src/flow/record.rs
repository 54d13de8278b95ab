//! One flow-log record, parsed in place: the strings borrow the line, numbers and addresses
//! are decoded, nothing is allocated.
//!
//! Field semantics (Amazon VPC user guide, "Flow log records", "Available fields"):
//! - `srcaddr`/`dstaddr`: for incoming traffic `dstaddr` is the interface's private IPv4 or its
//!   IPv6 address; for outgoing traffic `srcaddr` is. `pkt-srcaddr`/`pkt-dstaddr` are the
//!   packet's own addresses (they differ at NAT gateways and transit ENIs).
//! - `action`: `ACCEPT` or `REJECT` (by the security group or the network ACL).
//! - `log-status`: `OK`; `NODATA` (no traffic to or from the interface in the interval);
//!   `SKIPDATA` (records were skipped in the interval: the evidence has a gap).
//! - `tcp-flags`: the OR of the flags seen in the interval: FIN 1, SYN 2, RST 4, SYN-ACK 18
//!   (SYN plus ACK, the only ACK ever reported); `0` when none of these was seen.
//! - `flow-direction`: `ingress` or `egress`, relative to the interface.

use std::net::IpAddr;

use crate::flow::field::{Field, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogStatus {
    Ok,
    NoData,
    SkipData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowDirection {
    Ingress,
    Egress,
}

/// The TCP flag bits flow logs report.
pub mod tcp {
    pub const FIN: u16 = 1;
    pub const SYN: u16 = 2;
    pub const RST: u16 = 4;
    /// SYN-ACK is reported as 18: SYN (2) plus ACK (16).
    pub const ACK: u16 = 16;
}

/// A record; `None` where the field is `-` or absent from the format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowRecord<'a> {
    pub version: Option<u8>,
    pub account_id: Option<&'a str>,
    pub interface_id: Option<&'a str>,
    pub srcaddr: Option<IpAddr>,
    pub dstaddr: Option<IpAddr>,
    pub srcport: Option<u16>,
    pub dstport: Option<u16>,
    pub protocol: Option<u8>,
    pub packets: Option<u64>,
    pub bytes: Option<u64>,
    pub start: Option<u64>,
    pub end: Option<u64>,
    pub action: Option<Action>,
    pub log_status: Option<LogStatus>,
    pub vpc_id: Option<&'a str>,
    pub subnet_id: Option<&'a str>,
    pub instance_id: Option<&'a str>,
    pub tcp_flags: Option<u16>,
    pub pkt_srcaddr: Option<IpAddr>,
    pub pkt_dstaddr: Option<IpAddr>,
    pub region: Option<&'a str>,
    pub pkt_src_aws_service: Option<&'a str>,
    pub pkt_dst_aws_service: Option<&'a str>,
    pub flow_direction: Option<FlowDirection>,
    pub traffic_path: Option<u8>,
}

/// Why a line is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    FieldCount { found: usize, expected: usize },
    Value { field: &'static str, value: String },
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::FieldCount { found, expected } => write!(
                f,
                "{found} fields where the format has {expected} (a custom format without a header line? give --log-format)"
            ),
            LineError::Value { field, value } => write!(f, "field {field}: `{value}` is not valid"),
        }
    }
}

impl<'a> FlowRecord<'a> {
    /// Parses one line (without its newline) in a format. Runs of spaces or tabs separate
    /// fields.
    pub fn parse(format: &Format, line: &'a [u8]) -> Result<FlowRecord<'a>, LineError> {
        let mut r = FlowRecord::default();
        let mut n = 0;
        for word in words(line) {
            let Some(&field) = format.fields.get(n) else {
                return Err(LineError::FieldCount {
                    found: words(line).count(),
                    expected: format.fields.len(),
                });
            };
            n += 1;
            if word == b"-" || field == Field::Other {
                continue;
            }
            if let Err(e) = r.set(field, word) {
                // A line of the wrong shape fails on some value first: name the shape.
                let found = words(line).count();
                return Err(if found == format.fields.len() {
                    e
                } else {
                    LineError::FieldCount {
                        found,
                        expected: format.fields.len(),
                    }
                });
            }
        }
        if n != format.fields.len() {
            return Err(LineError::FieldCount {
                found: n,
                expected: format.fields.len(),
            });
        }
        Ok(r)
    }

    /// Sets a field from its text.
    pub(crate) fn set(&mut self, field: Field, word: &'a [u8]) -> Result<(), LineError> {
        let bad = || LineError::Value {
            field: field.name(),
            value: String::from_utf8_lossy(word).into_owned(),
        };
        let text = || std::str::from_utf8(word).map_err(|_| bad());
        match field {
            Field::Version
            | Field::SrcPort
            | Field::DstPort
            | Field::Protocol
            | Field::Packets
            | Field::Bytes
            | Field::Start
            | Field::End
            | Field::TcpFlags
            | Field::TrafficPath => {
                let n = number(word).ok_or_else(bad)?;
                self.set_number(field, n).map_err(|_| bad())?
            }
            Field::AccountId => self.account_id = Some(text()?),
            Field::InterfaceId => self.interface_id = Some(text()?),
            Field::SrcAddr => self.srcaddr = Some(address(word).ok_or_else(bad)?),
            Field::DstAddr => self.dstaddr = Some(address(word).ok_or_else(bad)?),
            Field::PktSrcAddr => self.pkt_srcaddr = Some(address(word).ok_or_else(bad)?),
            Field::PktDstAddr => self.pkt_dstaddr = Some(address(word).ok_or_else(bad)?),
            Field::Action => {
                self.action = Some(match word {
                    b"ACCEPT" => Action::Accept,
                    b"REJECT" => Action::Reject,
                    _ => return Err(bad()),
                })
            }
            Field::LogStatus => {
                self.log_status = Some(match word {
                    b"OK" => LogStatus::Ok,
                    b"NODATA" => LogStatus::NoData,
                    b"SKIPDATA" => LogStatus::SkipData,
                    _ => return Err(bad()),
                })
            }
            Field::FlowDirection => {
                self.flow_direction = Some(match word {
                    b"ingress" => FlowDirection::Ingress,
                    b"egress" => FlowDirection::Egress,
                    _ => return Err(bad()),
                })
            }
            Field::VpcId => self.vpc_id = Some(text()?),
            Field::SubnetId => self.subnet_id = Some(text()?),
            Field::InstanceId => self.instance_id = Some(text()?),
            Field::Region => self.region = Some(text()?),
            Field::PktSrcAwsService => self.pkt_src_aws_service = Some(text()?),
            Field::PktDstAwsService => self.pkt_dst_aws_service = Some(text()?),
            Field::Other => {}
        }
        Ok(())
    }

    /// Sets a numeric field (Parquet holds them as integers). Err when the value does not fit
    /// the field, or the field is not numeric.
    pub(crate) fn set_number(&mut self, field: Field, n: u64) -> Result<(), LineError> {
        let err = || LineError::Value {
            field: field.name(),
            value: n.to_string(),
        };
        let u8_ = || u8::try_from(n).map_err(|_| err());
        let u16_ = || u16::try_from(n).map_err(|_| err());
        match field {
            Field::Version => self.version = Some(u8_()?),
            Field::SrcPort => self.srcport = Some(u16_()?),
            Field::DstPort => self.dstport = Some(u16_()?),
            Field::Protocol => self.protocol = Some(u8_()?),
            Field::Packets => self.packets = Some(n),
            Field::Bytes => self.bytes = Some(n),
            Field::Start => self.start = Some(n),
            Field::End => self.end = Some(n),
            Field::TcpFlags => self.tcp_flags = Some(u16_()?),
            Field::TrafficPath => self.traffic_path = Some(u8_()?),
            _ => return Err(err()),
        }
        Ok(())
    }

    /// True for a record of traffic (not NODATA or SKIPDATA). A format without `log-status`
    /// holds only traffic.
    pub fn is_traffic(&self) -> bool {
        matches!(self.log_status, None | Some(LogStatus::Ok))
    }
}

fn words(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.split(|b| *b == b' ' || *b == b'\t').filter(|w| !w.is_empty())
}

/// A decimal number without sign, at most 20 digits (u64).
fn number(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 20 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in word {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// A dotted-quad IPv4 address is decoded in place (most records hold two); anything else goes
/// to the standard parser, which also rejects what this fast path does not accept.
fn address(word: &[u8]) -> Option<IpAddr> {
    if let Some(a) = ipv4(word) {
        return Some(IpAddr::V4(a));
    }
    std::str::from_utf8(word).ok()?.parse().ok()
}

fn ipv4(word: &[u8]) -> Option<std::net::Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = word.split(|b| *b == b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        // 1-3 digits, no leading zero (as the standard parser requires).
        if part.is_empty() || part.len() > 3 || part.len() > 1 && part[0] == b'0' {
            return None;
        }
        let mut v: u16 = 0;
        for &b in part {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            v = v * 10 + u16::from(d);
        }
        *octet = u8::try_from(v).ok()?;
    }
    parts.next().is_none().then(|| std::net::Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_default_format() {
        let f = Format::default_v2();
        let line = b"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        let r = FlowRecord::parse(&f, line).unwrap();
        assert_eq!(r.interface_id, Some("eni-1235b8ca123456789"));
        assert_eq!(r.srcaddr, Some("172.31.16.139".parse().unwrap()));
        assert_eq!((r.srcport, r.dstport, r.protocol), (Some(20641), Some(22), Some(6)));
        assert_eq!((r.packets, r.bytes), (Some(20), Some(4249)));
        assert_eq!(r.action, Some(Action::Accept));
        assert!(r.is_traffic());
        let nodata = b"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
        let r = FlowRecord::parse(&f, nodata).unwrap();
        assert_eq!(
            (r.srcaddr, r.action, r.log_status),
            (None, None, Some(LogStatus::NoData))
        );
        assert!(!r.is_traffic());
    }

    #[test]
    fn the_fast_ipv4_path_agrees_with_the_standard_parser() {
        for text in [
            "10.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "256.1.1.1",
            "1..2.3",
            "a.b.c.d",
            "1.2.3.4 ",
            "::1",
            "2001:db8::1",
        ] {
            let ours = address(text.as_bytes());
            let std = text.parse::<IpAddr>().ok();
            assert_eq!(ours, std, "{text}");
        }
    }

    #[test]
    fn says_what_is_wrong() {
        let f = Format::default_v2();
        assert_eq!(
            FlowRecord::parse(&f, b"Phony unsupported log format."),
            Err(LineError::FieldCount { found: 4, expected: 14 })
        );
        let e = FlowRecord::parse(&f, b"2 1 eni-1 10.0.0.1 10.0.0.2 70000 22 6 1 1 1 2 ACCEPT OK").unwrap_err();
        assert_eq!(e.to_string(), "field srcport: `70000` is not valid");
        let long = b"2 1 eni-1 10.0.0.1 10.0.0.2 1 22 6 1 1 1 2 ACCEPT OK extra words";
        assert_eq!(
            FlowRecord::parse(&f, long),
            Err(LineError::FieldCount {
                found: 16,
                expected: 14
            })
        );
    }
}
