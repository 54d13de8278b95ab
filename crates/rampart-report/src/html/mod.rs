//! The HTML report: one self-contained file (styles, script and drawings inline; no network,
//! no CDN) to share with stakeholders. Everything is rendered here, so the page reads and
//! prints without JavaScript; the inline script only filters (severity, theme, account,
//! region, status, text) and links the graph to the findings (click a node: its findings).

mod svg;

use std::collections::BTreeSet;
use std::fmt::Write;

use rampart_checks::{Finding, Severity};
use serde::Serialize;

use crate::graph::ExposureGraph;
use crate::summary::Summary;
use crate::Scan;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// What the page adds to a scan: its exposure graph and the account's earlier scans.
pub struct Page<'a> {
    /// None when the scan has no graph (recorded by an older version).
    pub graph: Option<&'a ExposureGraph>,
    /// The account's scans up to this one, oldest first; empty when there is no history.
    pub trend: &'a [TrendPoint],
}

/// One scan in the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// `#12` for a recorded scan; `now` for a scan shown but not recorded.
    pub label: String,
    pub started_ms: u64,
    /// Open findings per severity, most severe first.
    pub counts: [usize; 5],
    /// Findings over log evidence this scan was not given (CloudTrail, flow logs) that the
    /// last scan given it found, per severity: unverified, not gone, so the bar does not drop.
    pub unverified: [usize; 5],
    /// The log evidence an earlier scan had and this one lacked (`CloudTrail logs`).
    pub missing_logs: Vec<&'static str>,
}

impl TrendPoint {
    /// The scan being shown when it is not recorded (`--no-record`, no history).
    pub fn unrecorded(result: &rampart_checks::ScanResult, started_ms: u64) -> TrendPoint {
        let mut counts = [0; 5];
        for f in result.findings.iter().filter(|f| !f.is_suppressed()) {
            if let Some(i) = Severity::ALL.iter().position(|s| *s == f.severity) {
                counts[i] += 1;
            }
        }
        TrendPoint {
            label: "now".into(),
            started_ms,
            counts,
            unverified: [0; 5],
            missing_logs: Vec::new(),
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text with `backticked` spans as code, as the findings write commands.
fn with_code(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

fn options(name: &str, label: &str, values: &BTreeSet<&str>) -> String {
    let mut s = format!(r#"<label>{label} <select data-filter="{name}"><option value="">all</option>"#);
    for v in values {
        let _ = write!(s, r#"<option value="{0}">{0}</option>"#, esc(v));
    }
    s.push_str("</select></label>");
    s
}

fn finding(out: &mut String, f: &Finding) {
    let status = if f.is_suppressed() { "suppressed" } else { "open" };
    let new = match f.baseline {
        Some(rampart_checks::BaselineState::New) if !f.is_suppressed() => r#" <span class="tag new">new</span>"#,
        _ => "",
    };
    let suppressed = if f.is_suppressed() {
        r#" <span class="tag">suppressed</span>"#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<details class="finding" data-severity="{sev}" data-theme="{theme}" data-account="{account}" data-region="{region}" data-status="{status}" data-resource="{resource}"><summary><span class="sev sev-{sev}">{sev}</span> <b>{check}</b>{new}{suppressed} <span class="where">{region} · {resource}</span><br><span class="message">{message}</span></summary>"#,
        sev = f.severity.name(),
        theme = f.theme.name(),
        account = esc(&f.account),
        region = esc(&f.region),
        resource = esc(&f.resource_id),
        check = esc(f.check_id),
        message = esc(&f.message),
    );
    let _ = write!(
        out,
        r#"<p class="meta">{} · {} · confidence {} · {}</p>"#,
        esc(f.title),
        f.theme.name(),
        f.confidence.name(),
        esc(f.resource_arn.as_deref().unwrap_or(&f.resource_id))
    );
    if !f.evidence.is_empty() {
        out.push_str("<h4>Evidence</h4><ul class=\"evidence\">");
        for e in &f.evidence {
            let _ = write!(out, "<li>{}</li>", with_code(e));
        }
        out.push_str("</ul>");
    }
    if !f.remediation.is_empty() {
        out.push_str("<h4>Fix</h4><ul class=\"fix\">");
        for r in &f.remediation {
            let _ = write!(out, "<li>{}</li>", with_code(r));
        }
        out.push_str("</ul>");
    }
    if let Some(s) = &f.suppression {
        let _ = write!(
            out,
            "<p class=\"meta\">suppression{}: {} (owner {}, until {})</p>",
            if s.expired { " expired" } else { "" },
            esc(&s.reason),
            esc(&s.owner),
            esc(&s.expires)
        );
    }
    let _ = write!(
        out,
        "<p class=\"meta\">fingerprint {}</p></details>",
        esc(&f.fingerprint)
    );
}

pub fn render(scan: &Scan, page: &Page) -> String {
    let about = &scan.about;
    let s = Summary::of(scan);
    let findings = &scan.result.findings;
    let mut out = String::with_capacity(64 * 1024 + findings.len() * 1024);
    let title = format!("rampart · account {}", about.account);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    );
    let _ = write!(
        out,
        r#"<header><h1>{}</h1><p>{} region(s): {} · source <code>{}</code> · scanned {} · rampart {}</p></header>"#,
        esc(&title),
        about.regions.len(),
        esc(&about.regions.join(", ")),
        esc(about.source),
        crate::time::iso8601(about.started_ms),
        esc(scan.version)
    );

    // Summary: a card per severity (a click filters to it), then what the numbers rest on.
    out.push_str(r#"<section id="summary"><h2>Summary</h2><div class="cards">"#);
    for (sev, n) in &s.by_severity {
        let _ = write!(
            out,
            r#"<button class="card sev-{0}" data-severity-card="{0}"><span class="count">{n}</span> {0}</button>"#,
            sev.name()
        );
    }
    out.push_str("</div><p>");
    let _ = write!(out, "{} open finding(s)", s.findings);
    if let Some(new) = s.new {
        let _ = write!(out, " · {new} new since the baseline");
    }
    let _ = write!(
        out,
        " · {} suppressed · {} check run(s) · {} not evaluated · {} of {} input(s) not read</p></section>",
        s.suppressed, s.evaluated, s.not_evaluated, s.coverage_gaps, s.coverage_total
    );

    out.push_str(r#"<section id="trend-section"><h2>Trend</h2>"#);
    if page.trend.len() < 2 {
        out.push_str(
            "<p class=\"note\">The trend needs two recorded scans of this account: it appears after the next scan.</p>",
        );
    }
    if !page.trend.is_empty() {
        out.push_str(&svg::trend(page.trend));
    }
    out.push_str("</section>");

    out.push_str(r#"<section id="graph-section"><h2>Exposure graph</h2>"#);
    match page.graph {
        None => out.push_str("<p class=\"note\">This scan was recorded without its exposure graph.</p>"),
        Some(g) if g.nodes.is_empty() => {
            out.push_str("<p class=\"note\">Nothing in the account is reachable from the internet.</p>")
        }
        Some(g) => {
            out.push_str("<p class=\"legend\"><span class=\"key internet\">internet</span> <span class=\"key load-balancer\">load balancer</span> <span class=\"key exposed-host\">internet-exposed host</span> <span class=\"key security-group\">security group</span> <span class=\"key host\">host on a lateral path</span> <span class=\"key directory\">directory server</span> · click a node for its findings; hover an edge for its ports</p><div class=\"graph\">");
            out.push_str(&svg::graph(g));
            out.push_str("</div>");
            if g.omitted > 0 {
                let _ = write!(out, "<p class=\"note\">{} more node(s) not drawn.</p>", g.omitted);
            }
        }
    }
    if let Some(g) = page.graph {
        for n in &g.not_evaluated {
            let _ = write!(out, "<p class=\"note\">not evaluated: {}</p>", esc(n));
        }
    }
    out.push_str("</section>");

    let set = |f: fn(&Finding) -> &str| -> BTreeSet<&str> { findings.iter().map(f).collect() };
    out.push_str(r#"<section id="findings"><h2>Findings</h2><form class="filters" onsubmit="return false">"#);
    out.push_str("<fieldset><legend>severity</legend>");
    for sev in Severity::ALL {
        let _ = write!(
            out,
            r#"<label><input type="checkbox" data-filter-severity="{0}" checked> {0}</label>"#,
            sev.name()
        );
    }
    out.push_str("</fieldset>");
    out.push_str(&options("theme", "theme", &set(|f| f.theme.name())));
    out.push_str(&options("account", "account", &set(|f| f.account.as_str())));
    out.push_str(&options("region", "region", &set(|f| f.region.as_str())));
    out.push_str(r#"<label>status <select data-filter="status"><option value="">all</option><option value="open">open</option><option value="suppressed">suppressed</option></select></label>"#);
    out.push_str(r#"<label>search <input type="search" data-filter="text" placeholder="id, resource, text"></label>"#);
    let _ = write!(
        out,
        r#"<span id="resource-filter" hidden>resource <code></code> <button type="button" id="clear-resource">show all</button></span><output id="shown">{0} of {0} shown</output></form><div id="list">"#,
        findings.len()
    );
    for f in findings {
        finding(&mut out, f);
    }
    if findings.is_empty() {
        out.push_str("<p class=\"note\">No findings.</p>");
    }
    out.push_str("</div></section>");

    if !scan.result.not_evaluated.is_empty() {
        out.push_str("<section id=\"not-evaluated\"><h2>Not evaluated</h2><p>Missing data is never a pass: these checks could not judge what they name.</p><table><thead><tr><th>check</th><th>scope</th><th>resource</th><th>reason</th></tr></thead><tbody>");
        for n in &scan.result.not_evaluated {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(n.check_id),
                esc(&n.scope),
                esc(n.resource_id.as_deref().unwrap_or("")),
                esc(&n.reason)
            );
        }
        out.push_str("</tbody></table></section>");
    }
    let gaps: Vec<_> = about.coverage.iter().filter(|c| c.state != "read").collect();
    if !gaps.is_empty() {
        out.push_str("<section id=\"coverage\"><h2>Inputs not read</h2><table><thead><tr><th>scope</th><th>input</th><th>state</th><th>reason</th></tr></thead><tbody>");
        for c in gaps {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(c.scope),
                esc(&c.kind),
                esc(c.state),
                esc(c.reason.unwrap_or(""))
            );
        }
        out.push_str("</tbody></table></section>");
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc(r#"<b a="1">&'"#), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
        assert_eq!(
            with_code("run `aws ec2 x --y \"<z>\"` now"),
            "run <code>aws ec2 x --y &quot;&lt;z&gt;&quot;</code> now"
        );
    }
}
