//! The distinct peers a rule was used by, in bounded memory: exact addresses up to a limit,
//! then the /24 (IPv4) or /48 (IPv6) networks that hold them, then only a count. A coarser set
//! still holds every address seen, so a proposal built from it rejects none of the traffic.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use foldhash::fast::RandomState;

/// How many entries a set holds before it coarsens (and, coarse, before it gives up).
pub const LIMIT: usize = 16_384;

/// Addresses as one integer (IPv4 as IPv4-mapped IPv6): one word to hash, not an enum.
type Key = u128;

fn key(a: IpAddr) -> Key {
    match a {
        IpAddr::V4(a) => u128::from(a.to_ipv6_mapped()),
        IpAddr::V6(a) => u128::from(a),
    }
}

fn address(k: Key) -> IpAddr {
    let v6 = Ipv6Addr::from(k);
    match v6.to_ipv4_mapped() {
        Some(v4) => IpAddr::V4(v4),
        None => IpAddr::V6(v6),
    }
}

#[derive(Debug, Clone, Default)]
pub struct PeerSet {
    entries: HashSet<Key, RandomState>,
    coarse: bool,
    overflow: bool,
    /// A lower bound of the distinct addresses once coarse.
    exact_seen: usize,
}

/// The networks of a peer set: every seen address lies in one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peers {
    /// Each address, as a host network (/32, /128) or, coarse, a /24 or /48.
    Networks(Vec<ipnet::IpNet>),
    /// More distinct networks than the limit: too broad to propose anything narrower.
    TooMany,
}

impl PeerSet {
    pub fn insert(&mut self, a: IpAddr) {
        if self.overflow {
            return;
        }
        let a = key(if self.coarse { coarsen(a) } else { a });
        if self.entries.insert(a) && self.entries.len() > LIMIT {
            if self.coarse {
                self.overflow = true;
                self.entries = HashSet::default();
            } else {
                self.exact_seen = self.entries.len();
                self.coarse = true;
                self.entries = self.entries.drain().map(|k| key(coarsen(address(k)))).collect();
            }
        }
    }

    pub fn merge(&mut self, other: PeerSet) {
        if other.overflow {
            self.overflow = true;
            self.entries = HashSet::default();
        }
        if other.coarse && !self.coarse && !self.overflow {
            self.exact_seen = self.entries.len();
            self.coarse = true;
            self.entries = self.entries.drain().map(|k| key(coarsen(address(k)))).collect();
        }
        self.exact_seen = self.exact_seen.max(other.exact_seen);
        for k in other.entries {
            self.insert(address(k));
        }
    }

    /// Distinct peer addresses, and whether that is only a lower bound.
    pub fn count(&self) -> (usize, bool) {
        if self.coarse || self.overflow {
            (self.exact_seen.max(self.entries.len()), true)
        } else {
            (self.entries.len(), false)
        }
    }

    pub fn networks(&self) -> Peers {
        if self.overflow {
            return Peers::TooMany;
        }
        let mut nets: Vec<ipnet::IpNet> = self
            .entries
            .iter()
            .map(|k| address(*k))
            .filter_map(|a| {
                let len = match (a, self.coarse) {
                    (IpAddr::V4(_), false) => 32,
                    (IpAddr::V6(_), false) => 128,
                    (IpAddr::V4(_), true) => 24,
                    (IpAddr::V6(_), true) => 48,
                };
                ipnet::IpNet::new(a, len).ok()
            })
            .collect();
        nets.sort_unstable();
        Peers::Networks(nets)
    }
}

fn coarsen(a: IpAddr) -> IpAddr {
    match a {
        IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & 0xffff_ff00)),
        IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & !((1u128 << 80) - 1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarsens_then_gives_up_but_always_covers() {
        let mut s = PeerSet::default();
        for i in 0..(LIMIT as u32 + 10) {
            s.insert(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)));
        }
        assert_eq!(s.count(), (LIMIT + 1, true));
        let Peers::Networks(nets) = s.networks() else { panic!() };
        assert!(nets.iter().all(|n| n.prefix_len() == 24));
        assert!(nets.iter().any(|n| n.contains(&"10.0.64.9".parse::<IpAddr>().unwrap())));
        for i in 0..(LIMIT as u32 * 300) {
            s.insert(IpAddr::V4(Ipv4Addr::from(0x0b00_0000 + i)));
        }
        assert_eq!(s.networks(), Peers::TooMany);
    }
}
