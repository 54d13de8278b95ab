//! docs/cis-coverage.md against the checks and the benchmark data: for each version (v7.0.0
//! and v3.0.0), the page lists, on each CIS control's row, exactly the checks whose references
//! (as rendered: `compliance::references`, v7.0.0 derived) cite that control; every
//! recommendation in the data is listed once; and the count line is the rows' count. The v7.0.0
//! table's titles, levels, CIS audit types and v3.0.0 ids are the data's and the crosswalk's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use rampart_checks::compliance::{references, CIS_V3_TO_V7};
use rampart_checks::meta::{CIS_V3, CIS_V7};
use rampart_checks::CHECKS;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Automated,
    Partly,
    Not,
}

struct Row {
    status: Status,
    /// The backticked words before any parenthesis (which may name other checks).
    named: BTreeSet<String>,
    /// The cells between the control and the status.
    middle: Vec<String>,
}

fn page() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cis-coverage.md")).unwrap()
}

/// The text under `## {heading}`, up to the next `## `.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no `## {heading}` section"));
    let body = &page[start + 1..];
    let end = body[3..].find("\n## ").map_or(body.len(), |i| i + 3);
    &body[..end]
}

/// Rows of the section's table with `columns` cells.
fn rows(section: &str, columns: usize) -> BTreeMap<String, Row> {
    let mut rows = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        if !cells[0].chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        assert_eq!(
            cells.len(),
            columns,
            "{}: {} cells, not {columns}",
            cells[0],
            cells.len()
        );
        let status = match cells[columns - 2] {
            "automated" => Status::Automated,
            "partly automated" => Status::Partly,
            "not automated" => Status::Not,
            other => panic!(
                "{}: `{other}` is not automated, partly automated or not automated",
                cells[0]
            ),
        };
        let named = cells[columns - 1]
            .split('(')
            .next()
            .unwrap()
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        let middle = cells[1..columns - 2].iter().map(|c| (*c).to_owned()).collect();
        let row = Row { status, named, middle };
        assert!(
            rows.insert(cells[0].to_owned(), row).is_none(),
            "{} listed twice",
            cells[0]
        );
    }
    rows
}

/// control → the checks whose rendered references cite it in `framework`.
fn cited(framework: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut cited: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in CHECKS {
        for r in references(c.meta).iter().filter(|r| r.framework == framework) {
            cited
                .entry(r.control.to_owned())
                .or_default()
                .insert(c.meta.id.to_owned());
        }
    }
    cited
}

/// The recommendations of `data/cis-aws-foundations-v{version}.json`, by id.
fn data(version: &str) -> BTreeMap<String, Value> {
    let path = format!(
        "{}/data/cis-aws-foundations-v{version}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
        .collect()
}

/// The page and the checks agree on every row of one version's table, every recommendation of
/// the data is a row, and the count line is right.
fn holds(version: &str, framework: &str, section: &str, rows: &BTreeMap<String, Row>) {
    let cited = cited(framework);
    for (control, checks) in &cited {
        let row = rows
            .get(control)
            .unwrap_or_else(|| panic!("CIS {version} {control} is cited but has no row"));
        assert!(
            row.status != Status::Not,
            "CIS {version} {control} is cited by {checks:?} but marked not automated"
        );
        assert_eq!(
            &row.named, checks,
            "CIS {version} {control}: the page and the checks disagree"
        );
    }
    for (control, row) in rows {
        if row.status == Status::Not {
            for n in &row.named {
                assert!(
                    !cited.get(control).is_some_and(|c| c.contains(n)),
                    "CIS {version} {control}: {n} cites it, so it is automated"
                );
            }
        } else {
            assert!(
                cited.contains_key(control),
                "CIS {version} {control} is marked automated but no check cites it ({:?})",
                row.named
            );
        }
    }
    let expected: BTreeSet<String> = data(version).into_keys().collect();
    let listed: BTreeSet<String> = rows.keys().cloned().collect();
    assert_eq!(
        listed, expected,
        "CIS {version}: the page's rows are not the benchmark's recommendations"
    );
    let automated = rows.values().filter(|r| r.status != Status::Not).count();
    let partly = rows.values().filter(|r| r.status == Status::Partly).count();
    let count = if partly == 0 {
        format!("{automated} of the {} recommendations are automated.", rows.len())
    } else {
        format!(
            "{automated} of the {} recommendations are automated, {partly} of them partly.",
            rows.len()
        )
    };
    assert!(
        section.contains(&count),
        "the {version} count line should read: {count}"
    );
}

#[test]
fn the_v7_table_says_what_the_checks_cite() {
    let page = page();
    let section = section(&page, "v7.0.0");
    let rows = rows(section, 7);
    holds("7.0.0", CIS_V7, section, &rows);
    let data = data("7.0.0");
    let v3_of: BTreeMap<&str, &str> = CIS_V3_TO_V7.iter().map(|(a, b)| (*b, *a)).collect();
    for (id, row) in &rows {
        let r = &data[id];
        let [v3, title, level, audit] = &row.middle[..] else {
            panic!("{id}: {:?}", row.middle)
        };
        assert_eq!(
            v3,
            v3_of.get(id.as_str()).unwrap_or(&"new"),
            "{id}: the v3.0.0 column is the crosswalk's"
        );
        // Markdown escapes (`\*`) and code spans are the page's, not the title's.
        let plain = title.replace(['\\', '`'], "");
        assert_eq!(plain, r["title"].as_str().unwrap(), "{id}: the title is the data's");
        let profile = format!("Level {level}");
        assert_eq!(profile, r["profile"].as_str().unwrap(), "{id}: the level is the data's");
        assert_eq!(
            audit,
            r["assessment"].as_str().unwrap(),
            "{id}: the CIS audit type is the data's"
        );
    }
}

#[test]
fn the_v3_table_says_what_the_checks_cite() {
    let page = page();
    let section = section(&page, "v3.0.0");
    let rows = rows(section, 4);
    holds("3.0.0", CIS_V3, section, &rows);
    assert!(
        rows.values().all(|r| r.status != Status::Partly),
        "the v3.0.0 table has no partly automated rows"
    );
}
