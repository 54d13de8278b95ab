//! CSV: one row per finding, for spreadsheets and ticketing imports (RFC 4180 quoting).

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
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// A free-text field (names, descriptions, messages: text anyone who can create a resource
/// chooses): a leading `=`, `+`, `-`, `@`, tab or carriage return would make a spreadsheet
/// run it as a formula (CSV injection, OWASP), so it gets a leading `'`, then quoting.
pub fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        field(&format!("'{s}"))
    } else {
        field(s)
    }
}

/// One CSV line, CRLF-terminated (RFC 4180), of fields already quoted.
pub fn line(fields: &[String]) -> String {
    let mut s = fields.join(",");
    s.push_str("\r\n");
    s
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
        // Title, resource id (IAM names may start with `=`, `+`, `@`), message, evidence, fix.
        let free = [3, 8, 10, 11, 12];
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, s)| if free.contains(&i) { text(s) } else { field(s) })
            .collect();
        out.push_str(&line(&fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{field, text};

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_is_defused() {
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("web tier"), "web tier");
    }
}
