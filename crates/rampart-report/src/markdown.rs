//! A Markdown summary sized for a pull-request comment: counts, then the most severe findings
//! in a table (at most 30 rows), then what could not be evaluated.

use std::fmt::Write;

use crate::summary::Summary;
use crate::Scan;

const ROWS: usize = 30;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(scan: &Scan) -> String {
    let s = Summary::of(scan);
    let mut out = format!("### rampart: account {}\n\n", scan.inventory.account());
    let counts: Vec<String> = s
        .by_severity
        .iter()
        .map(|(sev, n)| format!("{n} {}", sev.name()))
        .collect();
    let _ = writeln!(
        out,
        "**{} finding(s)**: {} · {} not evaluated · {} of {} inputs not in the source\n",
        s.findings,
        counts.join(", "),
        s.not_evaluated,
        s.coverage_gaps,
        s.coverage_total
    );
    if !scan.result.findings.is_empty() {
        out.push_str("| severity | check | region | resource | finding |\n|---|---|---|---|---|\n");
        for f in scan.result.findings.iter().take(ROWS) {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | `{}` | {} |",
                f.severity.name(),
                f.check_id,
                f.region,
                cell(&f.resource_id),
                cell(&f.message)
            );
        }
        if scan.result.findings.len() > ROWS {
            let _ = writeln!(
                out,
                "\n…and {} more: run `rampart scan` for all of them, with evidence and fixes.",
                scan.result.findings.len() - ROWS
            );
        }
    }
    if !scan.result.not_evaluated.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} check(s) or resources not evaluated</summary>\n",
            scan.result.not_evaluated.len()
        );
        for n in scan.result.not_evaluated.iter().take(ROWS) {
            let _ = writeln!(
                out,
                "- `{}` in {}{}: {}",
                n.check_id,
                n.scope,
                n.resource_id.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
                cell(&n.reason)
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}
