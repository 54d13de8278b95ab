//! docs/cis-coverage.md against the checks: the page lists, on each CIS control's row, exactly
//! the checks whose metadata cite that control, and its count line is the rows' count.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use rampart_checks::meta::CIS_V3;
use rampart_checks::CHECKS;

#[test]
fn the_cis_coverage_page_says_what_the_checks_cite() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cis-coverage.md")).unwrap();
    // control → (automated, checks named)
    let mut rows: BTreeMap<String, (bool, BTreeSet<String>)> = BTreeMap::new();
    for line in page.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        if cells.len() != 4 || !cells[0].chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let automated = match cells[2] {
            "automated" => true,
            "not automated" => false,
            other => panic!("{}: `{other}` is neither automated nor not automated", cells[0]),
        };
        // Checks are the backticked words before any parenthesis (which may name others).
        let named: BTreeSet<String> = cells[3]
            .split('(')
            .next()
            .unwrap()
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        assert!(
            rows.insert(cells[0].to_owned(), (automated, named)).is_none(),
            "{} listed twice",
            cells[0]
        );
    }
    let mut cited: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in CHECKS {
        for r in c.meta.references.iter().filter(|r| r.framework == CIS_V3) {
            cited
                .entry(r.control.to_owned())
                .or_default()
                .insert(c.meta.id.to_owned());
        }
    }
    for (control, checks) in &cited {
        let (automated, named) = rows
            .get(control)
            .unwrap_or_else(|| panic!("CIS {control} is cited but has no row"));
        assert!(
            *automated,
            "CIS {control} is cited by {checks:?} but marked not automated"
        );
        assert_eq!(named, checks, "CIS {control}: the page and the checks disagree");
    }
    for (control, (automated, named)) in &rows {
        if *automated {
            assert!(
                cited.contains_key(control),
                "CIS {control} is marked automated but no check cites it ({named:?})"
            );
        } else {
            for n in named {
                assert!(
                    !cited.get(control).is_some_and(|c| c.contains(n)),
                    "CIS {control}: {n} cites it, so it is automated"
                );
            }
        }
    }
    let automated = rows.values().filter(|(a, _)| *a).count();
    let count = format!("{automated} of the {} recommendations are automated.", rows.len());
    assert!(page.contains(&count), "the page's count line should read: {count}");
}
