//! Route tables (Amazon VPC user guide, "Route tables"):
//! - A subnet uses the table explicitly associated with it, else its VPC's main table — never a
//!   table of another VPC.
//! - The most specific route that matches the destination wins (longest prefix), IPv4 and IPv6
//!   separately; a route to a prefix list matches its entries with their own prefix lengths.
//! - A `blackhole` route still wins the match, and drops the traffic.

use ipnet::{Ipv4Net, Ipv6Net};
use rampart_inventory::{Region, Route, RouteDestination, RouteTable};

use crate::address::{v4_range, v6_range};
use crate::sg::PrefixLists;

/// The table a subnet uses, and whether it is the VPC's main table (no explicit association).
pub fn table_for_subnet<'a>(region: &'a Region, subnet_id: &str, vpc_id: &str) -> Option<(&'a RouteTable, bool)> {
    if let Some(t) = region
        .route_tables
        .iter()
        .find(|t| t.subnet_ids.iter().any(|s| s == subnet_id))
    {
        return Some((t, false));
    }
    region
        .route_tables
        .iter()
        .find(|t| t.main && t.vpc_id == vpc_id)
        .map(|t| (t, true))
}

/// Address ranges with their prefix length: (first, last, length).
type Prefixes<P> = Vec<(P, P, u8)>;

/// The address ranges a route's destination covers, per family.
fn destinations(route: &Route, lists: &PrefixLists) -> (Prefixes<u32>, Prefixes<u128>) {
    let v4 = |n: &Ipv4Net| {
        let (lo, hi) = v4_range(n);
        (lo, hi, n.prefix_len())
    };
    let v6 = |n: &Ipv6Net| {
        let (lo, hi) = v6_range(n);
        (lo, hi, n.prefix_len())
    };
    match &route.destination {
        RouteDestination::Ipv4(n) => (vec![v4(n)], vec![]),
        RouteDestination::Ipv6(n) => (vec![], vec![v6(n)]),
        RouteDestination::PrefixList(id) => match lists.entries(id) {
            Some(nets) => {
                let mut a = Vec::new();
                let mut b = Vec::new();
                for n in nets {
                    match n {
                        ipnet::IpNet::V4(n) => a.push(v4(n)),
                        ipnet::IpNet::V6(n) => b.push(v6(n)),
                    }
                }
                (a, b)
            }
            None => (vec![], vec![]),
        },
    }
}

/// The route that carries traffic to an IPv4 address: the longest matching prefix.
pub fn lookup_v4<'a>(table: &'a RouteTable, addr: u32, lists: &PrefixLists) -> Option<&'a Route> {
    table
        .routes
        .iter()
        .filter_map(|r| {
            let (d4, _) = destinations(r, lists);
            d4.into_iter()
                .filter(|&(lo, hi, _)| lo <= addr && addr <= hi)
                .map(|(_, _, len)| (len, r))
                .max_by_key(|(len, _)| *len)
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, r)| r)
}

pub fn lookup_v6<'a>(table: &'a RouteTable, addr: u128, lists: &PrefixLists) -> Option<&'a Route> {
    table
        .routes
        .iter()
        .filter_map(|r| {
            let (_, d6) = destinations(r, lists);
            d6.into_iter()
                .filter(|&(lo, hi, _)| lo <= addr && addr <= hi)
                .map(|(_, _, len)| (len, r))
                .max_by_key(|(len, _)| *len)
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, r)| r)
}

/// Every boundary the table's destinations draw in each address space (for interval sweeps).
pub fn boundaries(table: &RouteTable, lists: &PrefixLists, v4: &mut Vec<(u32, u32)>, v6: &mut Vec<(u128, u128)>) {
    for r in &table.routes {
        let (d4, d6) = destinations(r, lists);
        v4.extend(d4.into_iter().map(|(lo, hi, _)| (lo, hi)));
        v6.extend(d6.into_iter().map(|(lo, hi, _)| (lo, hi)));
    }
}

/// A destination as the console shows it.
pub fn describe_destination(route: &Route) -> String {
    match &route.destination {
        RouteDestination::Ipv4(n) => n.to_string(),
        RouteDestination::Ipv6(n) => n.to_string(),
        RouteDestination::PrefixList(id) => id.clone(),
    }
}
