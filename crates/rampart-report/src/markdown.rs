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
    let mut out = format!("### rampart: account {}\n\n", scan.about.account);
    let counts: Vec<String> = s
        .by_severity
        .iter()
        .map(|(sev, n)| format!("{n} {}", sev.name()))
        .collect();
    let mut extra = String::new();
    if let Some(new) = s.new {
        let _ = write!(extra, " · {new} new since the baseline");
    }
    if s.suppressed > 0 {
        let _ = write!(extra, " · {} suppressed", s.suppressed);
    }
    let _ = writeln!(
        out,
        "**{} finding(s)**: {}{extra} · {} not evaluated · {} of {} inputs not read\n",
        s.findings,
        counts.join(", "),
        s.not_evaluated,
        s.coverage_gaps,
        s.coverage_total
    );
    let open: Vec<_> = scan.result.findings.iter().filter(|f| !f.is_suppressed()).collect();
    if !open.is_empty() {
        out.push_str("| severity | check | region | resource | finding |\n|---|---|---|---|---|\n");
        for f in open.iter().take(ROWS) {
            let _ = writeln!(
                out,
                "| {}{} | `{}` | {} | `{}` | {} |",
                f.severity.name(),
                if f.baseline == Some(rampart_checks::BaselineState::New) {
                    " **new**"
                } else {
                    ""
                },
                f.check_id,
                f.region,
                cell(&f.resource_id),
                cell(&f.message)
            );
        }
        if open.len() > ROWS {
            let _ = writeln!(
                out,
                "\n…and {} more: run `rampart scan` for all of them, with evidence and fixes.",
                open.len() - ROWS
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
