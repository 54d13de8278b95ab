//! Tightening proposals: the sources a wide rule was really used by, aggregated to at most N
//! CIDR blocks that admit every one of them and as few other addresses as possible.
//!
//! The optimum is found exactly, not greedily: the seen networks are the leaves of a binary
//! trie whose inner nodes are their longest common prefixes; with `f(node, k)` the fewest
//! addresses k blocks under a node can admit while covering all its leaves,
//! `f(leaf, k) = size(leaf)`, `f(node, 1) = size(node)` and
//! `f(node, k) = min(size(node), min over a+b=k of f(left, a) + f(right, b))`.
//! Each block is a common prefix of seen addresses inside the rule's own CIDR, so a proposal
//! never admits an address the rule did not.

use std::net::IpAddr;

use ipnet::IpNet;

/// The most blocks a proposal may have.
pub const MAX_BLOCKS: usize = 64;

struct Node {
    /// The network's bits, left-aligned in `width` bits.
    bits: u128,
    len: u8,
    children: Option<(usize, usize)>,
}

/// The best cover of `nets` (one address family, all of one prefix length or longer) by at
/// most `max` blocks, with the number of addresses it admits.
pub fn aggregate(nets: &[IpNet], max: usize) -> Option<(Vec<IpNet>, u128)> {
    let first = nets.first()?;
    let v4 = matches!(first, IpNet::V4(_));
    if nets.iter().any(|n| matches!(n, IpNet::V4(_)) != v4) {
        return None;
    }
    let width: u8 = if v4 { 32 } else { 128 };
    let mut leaves: Vec<(u128, u8)> = nets.iter().map(|n| (bits(n), n.prefix_len())).collect();
    leaves.sort_unstable();
    leaves.dedup();
    let max = max.clamp(1, MAX_BLOCKS);
    let mut arena = Vec::with_capacity(leaves.len() * 2);
    let root = build(&leaves, width, &mut arena);
    let mut table = vec![Vec::new(); arena.len()];
    solve(root, &arena, width, max, &mut table);
    let cost = table[root][max];
    let mut out = Vec::new();
    pick(root, max, &arena, width, &table, &mut out);
    let nets = out
        .into_iter()
        .filter_map(|(b, len)| {
            let addr = if v4 {
                IpAddr::V4(std::net::Ipv4Addr::from(b as u32))
            } else {
                IpAddr::V6(std::net::Ipv6Addr::from(b))
            };
            IpNet::new(addr, len).ok()
        })
        .collect();
    Some((nets, cost))
}

fn bits(n: &IpNet) -> u128 {
    match n.trunc() {
        IpNet::V4(n) => u128::from(u32::from(n.network())),
        IpNet::V6(n) => u128::from(n.network()),
    }
}

/// Addresses in a block of `len` bits out of `width`, saturating at u128::MAX for ::/0.
fn size(len: u8, width: u8) -> u128 {
    let host = u32::from(width - len);
    if host >= 128 {
        u128::MAX
    } else {
        1u128 << host
    }
}

fn bit(value: u128, index: u8, width: u8) -> bool {
    value >> (width - 1 - index) & 1 == 1
}

fn build(leaves: &[(u128, u8)], width: u8, arena: &mut Vec<Node>) -> usize {
    let (lo, hi) = (leaves[0], leaves[leaves.len() - 1]);
    if leaves.len() == 1 {
        arena.push(Node {
            bits: lo.0,
            len: lo.1,
            children: None,
        });
        return arena.len() - 1;
    }
    // The common prefix of the sorted range is the common prefix of its ends.
    let common = ((lo.0 ^ hi.0) << (128 - u32::from(width)))
        .leading_zeros()
        .min(u32::from(width)) as u8;
    let common = common.min(lo.1).min(hi.1);
    let split = leaves.partition_point(|l| !bit(l.0, common, width));
    if split == 0 || split == leaves.len() {
        // One leaf holds the others (a shorter prefix): it alone covers them.
        let widest = leaves.iter().min_by_key(|l| l.1).copied().unwrap_or(lo);
        arena.push(Node {
            bits: widest.0,
            len: widest.1,
            children: None,
        });
        return arena.len() - 1;
    }
    let left = build(&leaves[..split], width, arena);
    let right = build(&leaves[split..], width, arena);
    let mask = if common == 0 { 0 } else { u128::MAX << (width - common) };
    let mask = if width == 32 { mask & 0xffff_ffff } else { mask };
    arena.push(Node {
        bits: lo.0 & mask,
        len: common,
        children: Some((left, right)),
    });
    arena.len() - 1
}

fn solve(node: usize, arena: &[Node], width: u8, max: usize, table: &mut [Vec<u128>]) {
    let n = &arena[node];
    let own = size(n.len, width);
    let mut best = vec![u128::MAX; max + 1];
    match n.children {
        None => best[1..].fill(own),
        Some((l, r)) => {
            solve(l, arena, width, max, table);
            solve(r, arena, width, max, table);
            for k in 1..=max {
                let mut b = own;
                for a in 1..k {
                    b = b.min(table[l][a].saturating_add(table[r][k - a]));
                }
                best[k] = b;
            }
        }
    }
    table[node] = best;
}

fn pick(node: usize, k: usize, arena: &[Node], width: u8, table: &[Vec<u128>], out: &mut Vec<(u128, u8)>) {
    let n = &arena[node];
    let own = size(n.len, width);
    if let Some((l, r)) = n.children {
        if table[node][k] < own {
            for a in 1..k {
                if table[l][a].saturating_add(table[r][k - a]) == table[node][k] {
                    pick(l, a, arena, width, table, out);
                    pick(r, k - a, arena, width, table, out);
                    return;
                }
            }
        }
    }
    out.push((n.bits, n.len));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn finds_the_tightest_cover() {
        let seen = nets(&["198.51.100.7/32", "198.51.100.9/32", "203.0.113.5/32"]);
        let (one, size1) = aggregate(&seen, 1).unwrap();
        assert_eq!(one.len(), 1);
        assert!(size1 >= 1 << 24);
        let (two, size2) = aggregate(&seen, 2).unwrap();
        assert_eq!(two, nets(&["198.51.100.0/28", "203.0.113.5/32"]));
        assert_eq!(size2, 17);
        let (three, size3) = aggregate(&seen, 3).unwrap();
        assert_eq!(three.len(), 3);
        assert_eq!(size3, 3);
        let (v6, _) = aggregate(&nets(&["2001:db8::1/128", "2001:db8::3/128"]), 1).unwrap();
        assert_eq!(v6, nets(&["2001:db8::/126"]));
    }
}
