//! JUnit XML: a test suite per check, a failing test case per finding, a skipped one per
//! scope the check could not evaluate, a passing one when the check found nothing.

use std::fmt::Write;

use rampart_checks::CHECKS;

use crate::Scan;

fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            '\'' => "&apos;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

pub fn render(scan: &Scan) -> String {
    let mut suites = String::new();
    let (mut total, mut failed, mut skipped) = (0, 0, 0);
    for c in CHECKS {
        let id = c.meta.id;
        let (findings, suppressed): (Vec<_>, Vec<_>) = scan
            .result
            .findings
            .iter()
            .filter(|f| f.check_id == id)
            .partition(|f| !f.is_suppressed());
        let gaps: Vec<_> = scan.result.not_evaluated.iter().filter(|n| n.check_id == id).collect();
        let mut cases = String::new();
        for f in &suppressed {
            let reason = f.suppression.as_ref().map_or(String::new(), |s| {
                format!("suppressed until {} by {}: {}", s.expires, s.owner, s.reason)
            });
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{id}\" name=\"{}\"><skipped message=\"{}\"/></testcase>",
                xml(&format!("{} {}", f.region, f.resource_id)),
                xml(&reason)
            );
        }
        for f in &findings {
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{id}\" name=\"{}\"><failure type=\"{}\" message=\"{}\">{}</failure></testcase>",
                xml(&format!("{} {}", f.region, f.resource_id)),
                f.severity.name(),
                xml(&f.message),
                xml(&f.evidence.iter().chain(&f.remediation).cloned().collect::<Vec<_>>().join("\n"))
            );
        }
        for n in &gaps {
            let name = n
                .resource_id
                .as_deref()
                .map_or(n.scope.clone(), |r| format!("{} {r}", n.scope));
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{id}\" name=\"{}\"><skipped message=\"{}\"/></testcase>",
                xml(&name),
                xml(&n.reason)
            );
        }
        let skips = gaps.len() + suppressed.len();
        let tests = findings.len() + skips + usize::from(findings.is_empty());
        if findings.is_empty() {
            let _ = writeln!(cases, "    <testcase classname=\"{id}\" name=\"no findings\"/>");
        }
        total += tests;
        failed += findings.len();
        skipped += skips;
        let _ = write!(
            suites,
            "  <testsuite name=\"{id}\" tests=\"{tests}\" failures=\"{}\" skipped=\"{}\">\n{cases}  </testsuite>\n",
            findings.len(),
            skips
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"rampart\" tests=\"{total}\" failures=\"{failed}\" skipped=\"{skipped}\">\n{suites}</testsuites>\n"
    )
}
