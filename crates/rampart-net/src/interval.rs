//! Sets of integers as sorted, disjoint, non-adjacent inclusive intervals: ports (u16),
//! IPv4 addresses (u32) and IPv6 addresses (u128) share one implementation.
//!
//! Union is a merge, coverage a walk: no all-pairs comparison anywhere.

use serde::Serialize;

/// An integer type an [`IntervalSet`] can hold.
pub trait Point: Copy + Ord + std::fmt::Debug {
    const MIN: Self;
    const MAX: Self;
    fn succ(self) -> Option<Self>;
    fn pred(self) -> Option<Self>;
}

macro_rules! point {
    ($($t:ty),*) => {$(
        impl Point for $t {
            const MIN: Self = <$t>::MIN;
            const MAX: Self = <$t>::MAX;
            fn succ(self) -> Option<Self> { self.checked_add(1) }
            fn pred(self) -> Option<Self> { self.checked_sub(1) }
        }
    )*};
}
point!(u16, u32, u128);

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntervalSet<T: Point> {
    /// Sorted by start; disjoint; never adjacent (`a.1 + 1 < b.0`).
    ranges: Vec<(T, T)>,
}

impl<T: Point> Default for IntervalSet<T> {
    fn default() -> Self {
        IntervalSet { ranges: Vec::new() }
    }
}

impl<T: Point> IntervalSet<T> {
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn full() -> Self {
        IntervalSet {
            ranges: vec![(T::MIN, T::MAX)],
        }
    }

    /// The set `lo..=hi`; empty when `lo > hi`.
    pub fn range(lo: T, hi: T) -> Self {
        if lo > hi {
            Self::empty()
        } else {
            IntervalSet { ranges: vec![(lo, hi)] }
        }
    }

    pub fn from_ranges(ranges: impl IntoIterator<Item = (T, T)>) -> Self {
        let mut v: Vec<(T, T)> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        v.sort_unstable();
        let mut out: Vec<(T, T)> = Vec::with_capacity(v.len());
        for (lo, hi) in v {
            match out.last_mut() {
                Some(last) if last.1.succ().is_none_or(|next| lo <= next) => {
                    if hi > last.1 {
                        last.1 = hi;
                    }
                }
                _ => out.push((lo, hi)),
            }
        }
        IntervalSet { ranges: out }
    }

    pub fn ranges(&self) -> &[(T, T)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.ranges == [(T::MIN, T::MAX)]
    }

    pub fn contains(&self, x: T) -> bool {
        let i = self.ranges.partition_point(|r| r.1 < x);
        self.ranges.get(i).is_some_and(|r| r.0 <= x)
    }

    pub fn union(&self, other: &Self) -> Self {
        Self::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    pub fn insert(&mut self, lo: T, hi: T) {
        *self = Self::from_ranges(self.ranges.iter().copied().chain(std::iter::once((lo, hi))));
    }

    pub fn intersection(&self, other: &Self) -> Self {
        let (mut i, mut j, mut out) = (0, 0, Vec::new());
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a, b) = (self.ranges[i], other.ranges[j]);
            let lo = a.0.max(b.0);
            let hi = a.1.min(b.1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a.1 < b.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        IntervalSet { ranges: out }
    }

    pub fn complement(&self) -> Self {
        let mut out = Vec::new();
        let mut next = Some(T::MIN);
        for &(lo, hi) in &self.ranges {
            if let Some(start) = next {
                if start < lo {
                    if let Some(end) = lo.pred() {
                        out.push((start, end));
                    }
                }
            }
            next = hi.succ();
        }
        if let Some(start) = next {
            out.push((start, T::MAX));
        }
        IntervalSet { ranges: out }
    }

    /// `other − self` is empty: every point of `other` is in `self`.
    pub fn covers(&self, other: &Self) -> bool {
        other.ranges.iter().all(|&(lo, hi)| {
            let i = self.ranges.partition_point(|r| r.1 < lo);
            self.ranges.get(i).is_some_and(|r| r.0 <= lo && hi <= r.1)
        })
    }

    pub fn intersects(&self, other: &Self) -> bool {
        !self.intersection(other).is_empty()
    }
}

/// TCP/UDP ports.
pub type PortSet = IntervalSet<u16>;

impl PortSet {
    /// `22`, `5985-5986`, `0-65535` joined by commas.
    pub fn display(&self) -> String {
        if self.is_full() {
            return "all".into();
        }
        self.ranges
            .iter()
            .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn model(ranges: &[(u16, u16)]) -> BTreeSet<u16> {
        ranges.iter().flat_map(|&(a, b)| a..=b).collect()
    }

    fn small_ranges() -> impl Strategy<Value = Vec<(u16, u16)>> {
        proptest::collection::vec(
            (0u16..300, 0u16..40).prop_map(|(a, len)| (a, a.saturating_add(len))),
            0..8,
        )
    }

    proptest! {
        #[test]
        fn set_operations_match_brute_force(a in small_ranges(), b in small_ranges()) {
            let (sa, sb) = (PortSet::from_ranges(a.clone()), PortSet::from_ranges(b.clone()));
            let (ma, mb) = (model(&a), model(&b));
            for x in 0u16..400 {
                prop_assert_eq!(sa.contains(x), ma.contains(&x));
                prop_assert_eq!(sa.union(&sb).contains(x), ma.contains(&x) || mb.contains(&x));
                prop_assert_eq!(sa.intersection(&sb).contains(x), ma.contains(&x) && mb.contains(&x));
                prop_assert_eq!(sa.complement().contains(x), !ma.contains(&x));
            }
            prop_assert_eq!(sa.covers(&sb), mb.is_subset(&ma));
            prop_assert_eq!(sa.intersects(&sb), !ma.is_disjoint(&mb));
            // Normal form: sorted, disjoint, never adjacent.
            for w in sa.ranges().windows(2) {
                prop_assert!(w[0].1 + 1 < w[1].0);
            }
        }
    }

    #[test]
    fn edges() {
        assert!(PortSet::full().complement().is_empty());
        assert!(PortSet::empty().complement().is_full());
        assert!(PortSet::from_ranges([(0, 100), (101, 65535)]).is_full());
        assert_eq!(PortSet::from_ranges([(22, 22), (5985, 5986)]).display(), "22,5985-5986");
        assert!(IntervalSet::<u32>::from_ranges([(0, u32::MAX / 2), (u32::MAX / 2 + 1, u32::MAX)]).is_full());
    }
}
