//! CSV: one row per finding, for spreadsheets and ticketing imports (RFC 4180 quoting).

use std::fmt::Write;

use crate::Scan;

const HEADER: &[&str] = &[
    "severity",
    "confidence",
    "check_id",
    "title",
    "theme",
    "account",
    "region",
    "resource_type",
    "resource_id",
    "resource_arn",
    "message",
    "evidence",
    "remediation",
    "fingerprint",
    "status",
    "baseline",
];

/// Quotes a field when it holds a comma, a quote or a line break; quotes are doubled.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn render(scan: &Scan) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for f in &scan.result.findings {
        let row = [
            f.severity.name(),
            f.confidence.name(),
            f.check_id,
            f.title,
            f.theme.name(),
            &f.account,
            &f.region,
            f.resource_type,
            &f.resource_id,
            f.resource_arn.as_deref().unwrap_or(""),
            &f.message,
            &f.evidence.join("\n"),
            &f.remediation.join("\n"),
            &f.fingerprint,
            if f.is_suppressed() { "suppressed" } else { "open" },
            f.baseline.map_or("", |b| b.name()),
        ];
        let _ = write!(
            out,
            "{}\r\n",
            row.iter().map(|s| field(s)).collect::<Vec<_>>().join(",")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
