//! The HTML report as a file: self-contained, every finding once, and inventory text (names
//! and tags anyone with ec2:CreateSecurityGroup chooses) escaped everywhere it appears, in
//! the findings and in the graph. What it does in a browser is tests/html/check_report.mjs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rampart_inventory::Inventory;
use rampart_report::html::{render, Page, TrendPoint};
use rampart_report::{About, Scan};

fn demo() -> Inventory {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account");
    rampart_inventory::import_dir(&dir).unwrap().0
}

fn page_of(inventory: &Inventory) -> (String, usize) {
    let result = rampart_checks::run(inventory);
    let graph = rampart_report::graph::build(inventory);
    let trend = [TrendPoint::unrecorded(&result, 1_795_845_600_000)];
    let scan = Scan {
        about: About::of(inventory, 1_795_845_600_000),
        result: &result,
        version: "test",
    };
    let html = render(
        &scan,
        &Page {
            graph: Some(&graph),
            trend: &trend,
        },
    );
    (html, result.findings.len())
}

const EVIL: &str = r#"<img src=x onerror="alert(1)">'&"#;

#[test]
fn names_from_the_account_are_escaped_in_findings_and_graph() {
    let mut inventory = demo();
    let region = inventory.regions.get_mut("us-east-1").unwrap();
    // The bastion's group: named in admin-port findings and drawn in the graph.
    let bastion = region
        .security_groups
        .iter_mut()
        .find(|g| g.id == "sg-0a000000000000002")
        .unwrap();
    bastion.name = EVIL.to_owned();
    let (html, _) = page_of(&inventory);
    assert!(!html.contains("<img"), "raw markup from a group name reached the page");
    assert!(
        !html.contains("onerror=\"alert"),
        "an attribute broke out of its quotes"
    );
    let escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;";
    let graph = &html[html.find("<svg id=\"graph\"").unwrap()..];
    assert!(graph.contains(escaped), "the graph shows the name, escaped");
    let list = &html[html.find("<div id=\"list\">").unwrap()..];
    assert!(list.contains(escaped), "the findings show the name, escaped");
}

#[test]
fn the_page_is_self_contained_and_lists_every_finding_once() {
    let (html, findings) = page_of(&demo());
    assert_eq!(html.matches("<details class=\"finding\"").count(), findings);
    for outside in ["<link", " src=", "@import", "url(", "<iframe"] {
        assert!(!html.contains(outside), "the page loads something: {outside}");
    }
    // The only address is the SVG namespace, which is a name, never fetched.
    let addresses: Vec<&str> = html
        .match_indices("http://")
        .chain(html.match_indices("https://"))
        .map(|(i, _)| &html[i..i + 30])
        .collect();
    assert!(
        addresses.iter().all(|a| a.starts_with("http://www.w3.org/2000/svg")),
        "{addresses:?}"
    );
    assert!(html.ends_with("</html>\n"));
}
