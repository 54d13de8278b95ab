//! Heavy-hitter tables in bounded memory: a month of logs holds tens of millions of distinct
//! (source, destination) pairs, and `flows top` only needs the heaviest. A table keeps at most
//! twice its capacity; when full it keeps its `capacity` heaviest entries and drops the rest,
//! adding the weight at the cut to `undercount`. An entry shown may therefore be low by at
//! most `undercount` (it may have been dropped and counted again from zero), and an entry
//! heavier than `undercount` is never missing. With fewer distinct keys than the capacity
//! nothing is dropped and the table is exact (`undercount` 0).

use std::collections::HashMap;
use std::hash::Hash;

use foldhash::fast::RandomState;

pub trait Weight {
    fn weight(&self) -> u64;
}

impl Weight for u64 {
    fn weight(&self) -> u64 {
        *self
    }
}

#[derive(Debug, Clone)]
pub struct Bounded<K, V> {
    map: HashMap<K, V, RandomState>,
    capacity: usize,
    undercount: u64,
}

impl<K: Hash + Eq, V: Default + Weight> Bounded<K, V> {
    pub fn new(capacity: usize) -> Self {
        Bounded {
            map: HashMap::default(),
            capacity: capacity.max(1),
            undercount: 0,
        }
    }

    pub fn entry(&mut self, key: K) -> &mut V {
        if self.map.len() >= 2 * self.capacity {
            self.prune();
        }
        self.map.entry(key).or_default()
    }

    fn prune(&mut self) {
        let mut weights: Vec<u64> = self.map.values().map(Weight::weight).collect();
        let cut = self.capacity;
        let (_, threshold, _) = weights.select_nth_unstable_by(cut, |a, b| b.cmp(a));
        let threshold = *threshold;
        self.map.retain(|_, v| v.weight() > threshold);
        self.undercount += threshold;
    }

    /// Adds another table's entries with `merge`.
    pub fn merge(&mut self, other: Bounded<K, V>, merge: impl Fn(&mut V, V)) {
        self.undercount += other.undercount;
        for (k, v) in other.map {
            merge(self.entry(k), v);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.map.iter()
    }

    /// How much any count shown may be short by (0: exact).
    pub fn undercount(&self) -> u64 {
        self.undercount
    }
}

impl<K: Hash + Eq, V: Default + Weight> Default for Bounded<K, V> {
    fn default() -> Self {
        Bounded::new(20_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_entries_survive_and_the_bound_holds() {
        let mut t: Bounded<u32, u64> = Bounded::new(10);
        // Five heavy keys among a million light ones.
        for i in 0..1_000_000u32 {
            *t.entry(i % 5) += 10;
            *t.entry(1000 + i) += 1;
        }
        let mut heavy: Vec<(u32, u64)> = t.iter().filter(|(k, _)| **k < 5).map(|(k, v)| (*k, *v)).collect();
        heavy.sort();
        assert_eq!(heavy.len(), 5);
        for (_, v) in heavy {
            assert!(
                v <= 2_000_000 && 2_000_000 - v <= t.undercount(),
                "{v} {}",
                t.undercount()
            );
        }
        assert!(t.iter().count() <= 20);
        let mut exact: Bounded<u32, u64> = Bounded::new(10);
        for i in 0..10 {
            *exact.entry(i) += 1;
        }
        assert_eq!(exact.undercount(), 0);
    }
}
