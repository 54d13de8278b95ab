//! Interval sets back to CIDR lists, for people: the smallest list of aligned blocks.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::address::{Ipv4Set, Ipv6Set};

/// The CIDR blocks that exactly cover `lo..=hi` (u128 arithmetic serves both families).
fn blocks(mut lo: u128, hi: u128, bits: u32) -> Vec<(u128, u32)> {
    let mut out = Vec::new();
    while lo <= hi {
        // The largest aligned block that starts at `lo` and stays within `hi`.
        let mut size = if lo == 0 { bits } else { lo.trailing_zeros().min(bits) };
        while size > 0 && (size >= 128 || lo + ((1u128 << size) - 1) > hi) {
            size -= 1;
        }
        out.push((lo, bits - size));
        let next = if size >= 128 {
            None
        } else {
            lo.checked_add(1u128 << size)
        };
        match next {
            Some(n) => lo = n,
            None => break,
        }
    }
    out
}

pub fn v4_cidrs(set: &Ipv4Set) -> Vec<String> {
    set.ranges()
        .iter()
        .flat_map(|&(lo, hi)| blocks(u128::from(lo), u128::from(hi), 32))
        .map(|(a, len)| format!("{}/{len}", Ipv4Addr::from(a as u32)))
        .collect()
}

pub fn v6_cidrs(set: &Ipv6Set) -> Vec<String> {
    set.ranges()
        .iter()
        .flat_map(|&(lo, hi)| {
            if lo == 0 && hi == u128::MAX {
                vec![(0, 0)]
            } else {
                blocks(lo, hi, 128)
            }
        })
        .map(|(a, len)| format!("{}/{len}", Ipv6Addr::from(a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_covers() {
        let v4 = |lo: u32, hi: u32| v4_cidrs(&Ipv4Set::range(lo, hi));
        assert_eq!(v4(0, u32::MAX), ["0.0.0.0/0"]);
        assert_eq!(v4(0x0a00_0000, 0x0aff_ffff), ["10.0.0.0/8"]);
        assert_eq!(v4(1, 2), ["0.0.0.1/32", "0.0.0.2/32"]);
        assert_eq!(v4(0x0a00_0000, 0x0a00_0002), ["10.0.0.0/31", "10.0.0.2/32"]);
        assert_eq!(v6_cidrs(&Ipv6Set::full()), ["::/0"]);
        assert_eq!(
            v6_cidrs(&Ipv6Set::range(0x2000 << 112, (0x4000 << 112) - 1)),
            ["2000::/3"]
        );
    }
}
