//! The report for people: findings ranked by severity and grouped by check, each with its
//! evidence and the command that fixes it; then what could not be evaluated, and why.

use std::collections::BTreeMap;
use std::fmt::Write;

use rampart_checks::{Finding, Severity};

use crate::summary::Summary;
use crate::Scan;

/// ANSI styling, or none (pipes, `NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "34",
            Severity::Info => "2",
        };
        self.paint(code, &format!("{:<8}", sev.name().to_uppercase()))
    }

    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}

/// Findings listed one per line at the top of the report (the first groups below are the same,
/// in full).
const TOP: usize = 5;
/// Findings listed by `--summary`.
const SUMMARY_TOP: usize = 10;

/// The report: what was scanned, the summary line and the top findings first — what a person
/// reads before scrolling — then every finding with its evidence and fix, what was not
/// evaluated and which inputs were not read, and the summary line again where the terminal ends.
pub fn render(scan: &Scan, style: Style) -> String {
    let summary = summary_line(scan);
    let mut out = head(scan, &summary, style);
    let (open, suppressed): (Vec<&Finding>, Vec<&Finding>) =
        scan.result.findings.iter().partition(|f| !f.is_suppressed());
    if open.len() > TOP {
        top(&mut out, &open, TOP, style);
    }
    for group in grouped(&open) {
        let first = group[0];
        let _ = writeln!(
            out,
            "{} {}  {} ({})",
            style.severity(first.severity),
            style.bold(first.check_id),
            first.title,
            group.len()
        );
        for f in group {
            let new = if f.baseline == Some(rampart_checks::BaselineState::New) {
                format!("{} ", style.bold("NEW"))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {new}{} {}",
                style.dim(&format!("{} {}", f.region, f.resource_id)),
                f.message
            );
            for e in &f.evidence {
                let _ = writeln!(out, "      {e}");
            }
            for (i, r) in f.remediation.iter().enumerate() {
                let label = if i == 0 { "fix:" } else { "    " };
                let _ = writeln!(out, "    {} {r}", style.dim(label));
            }
        }
        let _ = writeln!(out);
    }

    if !suppressed.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Suppressed (rampart.toml)"));
        for f in &suppressed {
            if let Some(s) = &f.suppression {
                let _ = writeln!(
                    out,
                    "  {} {} {}: until {}, owner {}: {}",
                    f.severity.name(),
                    f.check_id,
                    style.dim(&format!("{} {}", f.region, f.resource_id)),
                    s.expires,
                    s.owner,
                    s.reason
                );
            }
        }
        let _ = writeln!(out);
    }

    if !scan.result.not_evaluated.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Not evaluated"));
        // One line per (scope, reason): the checks that share a missing input.
        let mut by_reason: BTreeMap<(&str, Option<&str>, &str), Vec<&str>> = BTreeMap::new();
        for n in &scan.result.not_evaluated {
            by_reason
                .entry((n.scope.as_str(), n.resource_id.as_deref(), n.reason.as_str()))
                .or_default()
                .push(n.check_id);
        }
        for ((scope, resource, reason), checks) in by_reason {
            let what = resource
                .map(|r| format!("{scope} {r}"))
                .unwrap_or_else(|| scope.to_owned());
            let _ = writeln!(out, "  {} {reason}: {}", style.dim(&what), checks.join(", "));
        }
        let _ = writeln!(out);
    }

    // Log evidence of which nothing or only part could be read: the verdicts over it hold only
    // over what was read.
    let unread: Vec<_> = scan
        .result
        .logs
        .iter()
        .filter(|l| l.coverage.completeness() != rampart_checks::evidence::Completeness::Complete)
        .collect();
    if !unread.is_empty() {
        let _ = writeln!(out, "{}", style.bold("Log evidence not fully read"));
        for l in unread {
            let _ = writeln!(
                out,
                "  {}: {}; the checks over them hold only over what was read",
                l.kind.words(),
                l.coverage.describe()
            );
        }
        let _ = writeln!(out);
    }

    write_gaps(&mut out, scan, style);
    let _ = writeln!(out, "{summary}");
    out
}

/// `--summary`: what was scanned, the summary line and the top findings, one line each.
pub fn render_summary(scan: &Scan, style: Style) -> String {
    let mut out = head(scan, &summary_line(scan), style);
    let open: Vec<&Finding> = scan.result.findings.iter().filter(|f| !f.is_suppressed()).collect();
    top(&mut out, &open, SUMMARY_TOP, style);
    out
}

fn head(scan: &Scan, summary: &str, style: Style) -> String {
    let mut out = String::new();
    let about = &scan.about;
    let regions = &about.regions;
    let _ = writeln!(
        out,
        "{} account {} · {} region(s): {} · source {}",
        style.bold("rampart"),
        about.account,
        regions.len(),
        regions.join(", "),
        about.source
    );
    let _ = writeln!(out, "{summary}");
    let _ = writeln!(out);
    out
}

/// The first `n` open findings in rank order, one line each, and how many more there are.
fn top(out: &mut String, open: &[&Finding], n: usize, style: Style) {
    if open.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", style.bold("Top findings"));
    for f in open.iter().take(n) {
        let _ = writeln!(
            out,
            "  {} {} {} {}",
            style.severity(f.severity),
            f.check_id,
            style.dim(&format!("{} {}", f.region, f.resource_id)),
            f.message
        );
    }
    if open.len() > n {
        let _ = writeln!(out, "  {}", style.dim(&format!("… and {} more", open.len() - n)));
    }
    let _ = writeln!(out);
}

/// Counts by severity, checks run, not evaluated and inputs not read, in one line.
fn summary_line(scan: &Scan) -> String {
    let s = Summary::of(scan);
    let counts: Vec<String> = s
        .by_severity
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(sev, n)| format!("{n} {}", sev.name()))
        .collect();
    let mut extra = String::new();
    if let Some(new) = s.new {
        let _ = write!(extra, " · {new} new since the baseline");
    }
    if s.suppressed > 0 {
        let _ = write!(extra, " · {} suppressed", s.suppressed);
    }
    format!(
        "{} finding(s){}{}{extra} · {} check run(s) · {} not evaluated · {} of {} inputs not read",
        s.findings,
        if counts.is_empty() { "" } else { ": " },
        counts.join(", "),
        s.evaluated,
        s.not_evaluated,
        s.coverage_gaps,
        s.coverage_total
    )
}

/// The inputs that were not read, one line per call and state with the scopes it concerns:
/// a count alone does not tell a user what to export again.
fn write_gaps(out: &mut String, scan: &Scan, style: Style) {
    let mut by_call: BTreeMap<(&str, &str, Option<&str>), Vec<&str>> = BTreeMap::new();
    for line in scan.about.coverage.iter().filter(|c| c.state != "read") {
        let call = line.cli.unwrap_or(line.kind.as_str());
        // The reason is kept only when it says more than that the call is not in the source.
        let reason = line.reason.filter(|_| line.state != "missing");
        by_call.entry((line.state, call, reason)).or_default().push(line.scope);
    }
    if by_call.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", style.bold("Inputs not read"));
    for ((state, call, reason), scopes) in by_call {
        let reason = reason.map(|r| format!(": {r}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {state:<7} {call} {}{reason}",
            style.dim(&format!("({})", scopes.join(", ")))
        );
    }
    let _ = writeln!(out);
}

/// Findings grouped by (severity, check), groups in rank order of their first finding.
fn grouped<'a>(findings: &[&'a Finding]) -> Vec<Vec<&'a Finding>> {
    let mut order: Vec<(Severity, &str)> = Vec::new();
    let mut groups: BTreeMap<(Severity, &str), Vec<&Finding>> = BTreeMap::new();
    for &f in findings {
        let key = (f.severity, f.check_id);
        if !groups.contains_key(&key) {
            order.push(key);
        }
        groups.entry(key).or_default().push(f);
    }
    order.into_iter().filter_map(|k| groups.remove(&k)).collect()
}
