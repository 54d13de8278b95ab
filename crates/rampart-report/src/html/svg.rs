//! The two drawings of the HTML report, as inline SVG rendered here (not by script), so the
//! page shows them without JavaScript and prints them: the exposure graph, one column per
//! node layer, and the trend of open findings per scan as stacked bars.

use std::collections::HashMap;
use std::fmt::Write;

use super::esc;
use crate::graph::{EdgeKind, ExposureGraph, NodeKind};
use crate::html::TrendPoint;

const COLUMN: u32 = 200;
const NODE_W: u32 = 168;
const NODE_H: u32 = 26;
const ROW: u32 = 36;
const MARGIN: u32 = 12;
const LABEL_CHARS: usize = 24;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Internet => "internet",
        NodeKind::LoadBalancer => "load-balancer",
        NodeKind::ExposedHost => "exposed-host",
        NodeKind::SecurityGroup => "security-group",
        NodeKind::Host => "host",
        NodeKind::Directory => "directory",
    }
}

fn edge_class(k: EdgeKind) -> &'static str {
    match k {
        EdgeKind::Reaches => "reaches",
        EdgeKind::Forwards => "forwards",
        EdgeKind::Member => "member",
        EdgeKind::Lateral => "lateral",
    }
}

/// The graph: nodes in columns by layer (empty layers take no room), edges as curves from
/// the right side of one node to the left side of the other.
pub fn graph(g: &ExposureGraph) -> String {
    let mut layers: Vec<u8> = g.nodes.iter().map(|n| n.layer).collect();
    layers.sort_unstable();
    layers.dedup();
    let column = |layer: u8| layers.iter().position(|&l| l == layer).unwrap_or(0) as u32;
    let mut rows: HashMap<u8, u32> = HashMap::new();
    let mut at: HashMap<&str, (u32, u32)> = HashMap::new();
    for n in &g.nodes {
        let row = rows.entry(n.layer).or_insert(0);
        at.insert(&n.id, (MARGIN + column(n.layer) * COLUMN, MARGIN + *row * ROW));
        *row += 1;
    }
    let width = MARGIN * 2 + (layers.len().max(1) as u32 - 1) * COLUMN + NODE_W + 70;
    let height = MARGIN * 2 + rows.values().copied().max().unwrap_or(1) * ROW;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="exposure graph">"#
    );
    for e in &g.edges {
        let (Some(&(x1, y1)), Some(&(x2, y2))) = (at.get(e.from.as_str()), at.get(e.to.as_str())) else {
            continue;
        };
        let (sx, sy, ty) = (x1 + NODE_W, y1 + NODE_H / 2, y2 + NODE_H / 2);
        let d = if x2 > x1 {
            let mid = (sx + x2) / 2;
            format!("M{sx},{sy} C{mid},{sy} {mid},{ty} {x2},{ty}")
        } else {
            // A hop within one column (host to host) bends out to the right of it.
            let tx = x2 + NODE_W;
            format!("M{sx},{sy} C{},{sy} {},{ty} {tx},{ty}", sx + 60, tx + 60)
        };
        let _ = write!(
            s,
            r#"<path class="edge {}" data-from="{}" data-to="{}" d="{d}"><title>{}</title></path>"#,
            edge_class(e.kind),
            esc(&e.from),
            esc(&e.to),
            esc(&e.label)
        );
    }
    for n in &g.nodes {
        let Some(&(x, y)) = at.get(n.id.as_str()) else { continue };
        let _ = write!(
            s,
            r#"<g class="node {}" data-id="{}" data-resource="{}" tabindex="0"><title>{}{}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="5"/><text x="{}" y="{}">{}</text></g>"#,
            kind_class(n.kind),
            esc(&n.id),
            esc(n.resource.as_deref().unwrap_or("")),
            esc(&n.label),
            n.region
                .as_deref()
                .map(|r| format!(" · {}", esc(r)))
                .unwrap_or_default(),
            x + 8,
            y + 17,
            esc(&short(&n.label))
        );
    }
    s.push_str("</svg>");
    s
}

const BAR: u32 = 28;
const GAP: u32 = 10;
const CHART_H: u32 = 120;

/// Open findings per scan, stacked critical (bottom) to info, oldest scan on the left. A scan
/// not given log evidence an earlier one had is marked (`*` under its bar), the findings over
/// that evidence stacked on top, faded, as unverified.
pub fn trend(points: &[TrendPoint]) -> String {
    let max = points
        .iter()
        .map(|p| p.counts.iter().chain(&p.unverified).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let width = MARGIN * 2 + points.len() as u32 * (BAR + GAP);
    let height = CHART_H + 40;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="open findings per scan">"#
    );
    let names = ["critical", "high", "medium", "low", "info"];
    for (i, p) in points.iter().enumerate() {
        let x = MARGIN + i as u32 * (BAR + GAP);
        let mut y = MARGIN + CHART_H;
        let unverified: usize = p.unverified.iter().sum();
        let total: usize = p.counts.iter().sum::<usize>() + unverified;
        let missing = if p.missing_logs.is_empty() {
            String::new()
        } else {
            format!(
                " · no {} given: {unverified} finding(s) over them unverified, counted from the last scan that read them",
                p.missing_logs.join(" or ")
            )
        };
        let _ = write!(
            s,
            r#"<g class="scan{}" data-scan="{}"><title>scan {} · {} · {total} open: {}{}</title>"#,
            if p.missing_logs.is_empty() { "" } else { " no-logs" },
            esc(&p.label),
            esc(&p.label),
            crate::time::iso8601(p.started_ms),
            names
                .iter()
                .zip(p.counts)
                .map(|(n, c)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            esc(&missing)
        );
        let stacks = names
            .iter()
            .zip(&p.counts)
            .map(|(n, c)| (n, c, ""))
            .chain(names.iter().zip(&p.unverified).map(|(n, c)| (n, c, " unverified")));
        for (name, &count, extra) in stacks {
            let h = (count as u64 * u64::from(CHART_H) / max as u64) as u32;
            if h == 0 {
                continue;
            }
            y -= h;
            let _ = write!(
                s,
                r#"<rect class="sev-{name}{extra}" x="{x}" y="{y}" width="{BAR}" height="{h}"/>"#
            );
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{total}</text><text class="scan-id" x="{}" y="{}" text-anchor="middle">{}</text></g>"#,
            x + BAR / 2,
            y.saturating_sub(3),
            x + BAR / 2,
            MARGIN + CHART_H + 16,
            esc(&p.label) + if p.missing_logs.is_empty() { "" } else { "*" }
        );
    }
    s.push_str("</svg>");
    s
}
