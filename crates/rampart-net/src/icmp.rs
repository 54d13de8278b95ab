//! ICMP types and codes as one 16-bit value, so that ICMP rules are interval sets like ports.
//!
//! EC2 semantics: a security-group ICMP rule's `FromPort` is the ICMP type and `ToPort` the
//! code, `-1` meaning all (EC2 API reference, `IpPermission`); a network ACL entry's
//! `IcmpTypeCode` holds the same `Type` and `Code`, `-1` meaning all (EC2 API reference,
//! `IcmpTypeCode`; Amazon VPC user guide, "Network ACL rules"). The value `type << 8 | code`
//! orders every (type, code) pair, so "type 3, any code" is the range 0x0300-0x03FF and
//! "any type" is the full range 0-65535.

use rampart_inventory::Ports;

use crate::interval::PortSet;

/// The (type, code) pairs a rule's ports match, encoded as `type << 8 | code`.
pub fn codes(ports: Ports) -> PortSet {
    match ports {
        Ports::Icmp {
            icmp_type: Some(t),
            code: Some(c),
        } => {
            let v = u16::from(t) << 8 | u16::from(c);
            PortSet::range(v, v)
        }
        Ports::Icmp {
            icmp_type: Some(t),
            code: None,
        } => PortSet::range(u16::from(t) << 8, u16::from(t) << 8 | 0xFF),
        // No type (`-1`), or ports that are not ICMP's: every type and code.
        _ => PortSet::full(),
    }
}

/// The type and code of an encoded value.
pub fn split(v: u16) -> (u8, u8) {
    ((v >> 8) as u8, (v & 0xFF) as u8)
}

/// An encoded range for people: `all types`, `type 8`, `type 3 code 4`, `types 0-8`.
pub fn describe(from: u16, to: u16) -> String {
    let ((t1, c1), (t2, c2)) = (split(from), split(to));
    let whole_types = c1 == 0 && c2 == 0xFF;
    match () {
        _ if from == 0 && to == u16::MAX => "all types".to_owned(),
        _ if t1 == t2 && whole_types => format!("type {t1}"),
        _ if t1 == t2 && c1 == c2 => format!("type {t1} code {c1}"),
        _ if t1 == t2 => format!("type {t1} codes {c1}-{c2}"),
        _ if whole_types => format!("types {t1}-{t2}"),
        _ => format!("type {t1} code {c1} to type {t2} code {c2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_orders_type_then_code() {
        let echo = codes(Ports::Icmp {
            icmp_type: Some(8),
            code: None,
        });
        assert!(echo.contains(0x0800) && echo.contains(0x08FF) && !echo.contains(0x0900) && !echo.contains(0x07FF));
        let frag = codes(Ports::Icmp {
            icmp_type: Some(3),
            code: Some(4),
        });
        assert!(frag.contains(0x0304) && !frag.contains(0x0303));
        assert!(codes(Ports::All).is_full());
        assert_eq!(describe(0x0800, 0x08FF), "type 8");
        assert_eq!(describe(0x0304, 0x0304), "type 3 code 4");
        assert_eq!(describe(0, u16::MAX), "all types");
        assert_eq!(describe(0, 0x08FF), "types 0-8");
    }
}
