//! The CIS crosswalk (`src/compliance.rs`) against the benchmark data (`data/`, from Prowler):
//! every id it names exists, every v3.0.0 recommendation is mapped or retired, a mapped pair is
//! the same recommendation by its title, and every reference a check makes is a real control.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use rampart_checks::compliance::{references, CIS_V3_RETIRED, CIS_V3_TO_V7, CIS_V7_ONLY};
use rampart_checks::meta::{CIS_V3, CIS_V7};
use rampart_checks::CHECKS;
use serde_json::Value;

/// id → title, from `data/cis-aws-foundations-v{version}.json`.
fn titles(version: &str) -> BTreeMap<String, String> {
    let path = format!(
        "{}/data/cis-aws-foundations-v{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["version"], version, "{path}");
    let mut out = BTreeMap::new();
    for r in doc["recommendations"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap().to_owned();
        let title = r["title"].as_str().unwrap().to_owned();
        assert!(out.insert(id.clone(), title).is_none(), "{path}: {id} twice");
    }
    out
}

#[test]
fn the_data_holds_both_versions_whole() {
    assert_eq!(titles("3.0.0").len(), 62);
    assert_eq!(titles("7.0.0").len(), 70);
}

#[test]
fn the_crosswalk_names_real_recommendations_once_each() {
    let (v3, v7) = (titles("3.0.0"), titles("7.0.0"));
    let mut from = BTreeSet::new();
    let mut to = BTreeSet::new();
    for (a, b) in CIS_V3_TO_V7 {
        assert!(v3.contains_key(*a), "v3.0.0 has no {a}");
        assert!(v7.contains_key(*b), "v7.0.0 has no {b}");
        assert!(from.insert(*a), "v3.0.0 {a} mapped twice");
        assert!(to.insert(*b), "v7.0.0 {b} mapped to twice");
    }
    for id in CIS_V3_RETIRED {
        assert!(v3.contains_key(*id), "v3.0.0 has no {id}");
        assert!(!from.contains(id), "{id} is both retired and mapped");
    }
    let accounted: BTreeSet<&str> = from.iter().chain(CIS_V3_RETIRED).copied().collect();
    let all: BTreeSet<&str> = v3.keys().map(String::as_str).collect();
    assert_eq!(accounted, all, "every v3.0.0 recommendation is mapped or retired");
    for (check, id) in CIS_V7_ONLY {
        assert!(CHECKS.iter().any(|c| c.meta.id == *check), "no check {check}");
        assert!(v7.contains_key(*id), "v7.0.0 has no {id}");
        assert!(!to.contains(id), "{id} has a v3.0.0 counterpart: derive it instead");
    }
}

/// Content words: lowercase, split at spaces and hyphens, quotes and brackets trimmed (so
/// `0.0.0.0/0` and `::/0` stay apart), the metric-filter framing of CIS 4.x/5.x removed ("a log
/// metric filter and alarm exist for X" in v3.0.0, "X is monitored" in v7.0.0), plurals folded.
fn words(title: &str) -> BTreeSet<String> {
    let t = title
        .to_lowercase()
        .replace("a log metric filter and alarm exists for", "")
        .replace("a log metric filter and alarm exist for", "")
        .replace(" are monitored", "")
        .replace(" is monitored", "");
    t.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| "'\"().,".contains(c)))
        .filter(|w| !w.is_empty() && !["a", "an", "the", "ensure", "is", "are", "that"].contains(w))
        .map(|w| {
            if w.len() > 3 {
                w.strip_suffix('s').unwrap_or(w)
            } else {
                w
            }
            .to_owned()
        })
        .collect()
}

/// Shared words over all words (Jaccard).
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

/// Pairs whose wording changed more than the similarity bar allows, each read by hand: the
/// description and audit are the same recommendation's.
const REWORDED: &[(&str, &str)] = &[
    ("1.1", "2.2"),     // "Maintain current (AWS account) contact details"
    ("2.1.4", "3.1.4"), // "S3 Buckets ... (bucket settings)" → "S3 ... enabled": both levels, as before
    ("2.3.1", "3.2.1"), // "encryption" → "encryption-at-rest"
    ("2.3.3", "3.2.3"), // "public access is not given to" → "are not publicly accessible"
];

#[test]
fn a_mapped_pair_is_the_same_recommendation() {
    let (v3, v7) = (titles("3.0.0"), titles("7.0.0"));
    for (a, b) in CIS_V3_TO_V7 {
        let s = similarity(&v3[*a], &v7[*b]);
        if REWORDED.contains(&(a, b)) {
            assert!(s < 0.75, "{a} → {b} is not reworded ({s:.2}): take it off REWORDED");
        } else {
            assert!(s >= 0.75, "{a} → {b}: `{}` vs `{}` ({s:.2})", v3[*a], v7[*b]);
        }
        // And no other recommendation of either version is as close: the pair is each other's
        // best match (this is what tells read from write events, 0.0.0.0/0 from ::/0).
        for (id, title) in v7.iter().filter(|(id, _)| id.as_str() != *b) {
            assert!(
                similarity(&v3[*a], title) < s,
                "v3.0.0 {a} is as close to v7.0.0 {id} as to {b}"
            );
        }
        for (id, title) in v3.iter().filter(|(id, _)| id.as_str() != *a) {
            assert!(
                similarity(title, &v7[*b]) < s,
                "v7.0.0 {b} is as close to v3.0.0 {id} as to {a}"
            );
        }
    }
    for pair in REWORDED {
        assert!(CIS_V3_TO_V7.contains(pair), "{pair:?} is not in the crosswalk");
    }
}

#[test]
fn retired_and_new_recommendations_have_no_counterpart() {
    let (v3, v7) = (titles("3.0.0"), titles("7.0.0"));
    let mapped_v7: BTreeSet<&str> = CIS_V3_TO_V7.iter().map(|(_, b)| *b).collect();
    for id in CIS_V3_RETIRED {
        for (other, title) in &v7 {
            assert!(
                similarity(&v3[*id], title) < 0.5,
                "retired v3.0.0 {id} resembles v7.0.0 {other}"
            );
        }
    }
    for (id, title) in v7.iter().filter(|(id, _)| !mapped_v7.contains(id.as_str())) {
        for (other, old) in &v3 {
            assert!(similarity(old, title) < 0.5, "new v7.0.0 {id} resembles v3.0.0 {other}");
        }
    }
}

#[test]
fn every_reference_a_check_shows_is_a_real_control() {
    let (v3, v7) = (titles("3.0.0"), titles("7.0.0"));
    for c in CHECKS {
        for r in references(c.meta) {
            if r.framework == CIS_V3 {
                assert!(v3.contains_key(r.control), "{}: v3.0.0 has no {}", c.meta.id, r.control);
            } else if r.framework == CIS_V7 {
                assert!(v7.contains_key(r.control), "{}: v7.0.0 has no {}", c.meta.id, r.control);
            }
        }
    }
}
