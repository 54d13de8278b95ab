//! Address sets and the public internet.
//!
//! "Open to the internet" is a set question, not a string match: a rule set is open when the
//! union of its sources contains every publicly routable address. So `0.0.0.0/0`, the pair
//! `0.0.0.0/1` + `128.0.0.0/1`, and "everything except 10.0.0.0/8" are all open.
//!
//! Public IPv4 = everything outside the IANA special-purpose blocks that are not globally
//! reachable (RFC 6890 and its updates): 0/8 "this network", 10/8, 100.64/10 (shared CGN),
//! 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24,
//! 203.0.113/24, 224/4 multicast and 240/4 reserved (with the broadcast address).
//! Public IPv6 = the global unicast block 2000::/3 (RFC 4291), less documentation 2001:db8::/32.

use std::sync::OnceLock;

use ipnet::{Ipv4Net, Ipv6Net};

use crate::interval::IntervalSet;

pub type Ipv4Set = IntervalSet<u32>;
pub type Ipv6Set = IntervalSet<u128>;

pub fn v4_range(net: &Ipv4Net) -> (u32, u32) {
    let net = net.trunc();
    (u32::from(net.network()), u32::from(net.broadcast()))
}

pub fn v6_range(net: &Ipv6Net) -> (u128, u128) {
    let net = net.trunc();
    (u128::from(net.network()), u128::from(net.broadcast()))
}

const NOT_GLOBAL_V4: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/// Every publicly routable IPv4 address.
pub fn public_v4() -> &'static Ipv4Set {
    static SET: OnceLock<Ipv4Set> = OnceLock::new();
    SET.get_or_init(|| {
        let reserved = NOT_GLOBAL_V4
            .iter()
            .filter_map(|c| c.parse::<Ipv4Net>().ok())
            .map(|n| v4_range(&n));
        Ipv4Set::from_ranges(reserved).complement()
    })
}

/// Every publicly routable IPv6 address.
pub fn public_v6() -> &'static Ipv6Set {
    static SET: OnceLock<Ipv6Set> = OnceLock::new();
    SET.get_or_init(|| {
        let global = Ipv6Set::range(0x2000_u128 << 112, (0x4000_u128 << 112) - 1);
        let documentation = Ipv6Set::range(0x2001_0db8_u128 << 96, ((0x2001_0db8_u128 + 1) << 96) - 1);
        global.intersection(&documentation.complement())
    })
}

/// True when the CIDR holds at least one public address (a rule that admits some of the internet).
pub fn v4_touches_internet(net: &Ipv4Net) -> bool {
    let (lo, hi) = v4_range(net);
    public_v4().intersects(&Ipv4Set::range(lo, hi))
}

pub fn v6_touches_internet(net: &Ipv6Net) -> bool {
    let (lo, hi) = v6_range(net);
    public_v6().intersects(&Ipv6Set::range(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(cidrs: &[&str]) -> Ipv4Set {
        Ipv4Set::from_ranges(cidrs.iter().map(|c| v4_range(&c.parse().unwrap())))
    }

    #[test]
    fn whole_internet_by_any_cover() {
        assert!(v4(&["0.0.0.0/0"]).covers(public_v4()));
        assert!(v4(&["0.0.0.0/1", "128.0.0.0/1"]).covers(public_v4()));
        assert!(!v4(&["0.0.0.0/1"]).covers(public_v4()));
        // Everything but the private ranges is still the whole internet.
        let public_only = public_v4().clone();
        assert!(public_only.covers(public_v4()));
        assert!(!v4(&["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]).intersects(public_v4()));
        assert!(v4_touches_internet(&"1.2.3.4/32".parse().unwrap()));
        assert!(!v4_touches_internet(&"10.1.0.0/16".parse().unwrap()));
    }

    #[test]
    fn ipv6_internet() {
        let all: Ipv6Net = "::/0".parse().unwrap();
        let (lo, hi) = v6_range(&all);
        assert!(Ipv6Set::range(lo, hi).covers(public_v6()));
        let gua: Ipv6Net = "2000::/3".parse().unwrap();
        let (lo, hi) = v6_range(&gua);
        assert!(Ipv6Set::range(lo, hi).covers(public_v6()));
        assert!(!v6_touches_internet(&"fd00::/8".parse().unwrap()));
        assert!(!v6_touches_internet(&"2001:db8::/32".parse().unwrap()));
        assert!(v6_touches_internet(&"2600:1f18::/36".parse().unwrap()));
    }
}
