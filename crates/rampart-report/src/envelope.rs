//! The head of every JSON document rampart prints: `{"format": "rampart-…", "version": N, …}`.
//!
//! One home for the name and version of each of rampart's own JSON formats, so that no command
//! spells them itself. docs/formats.md lists the same table, and
//! `crates/rampart/tests/envelopes.rs` runs every command with `--format json` and holds its
//! output to it. Formats that are not rampart's (SARIF, OCSF, ASFF, the IAM policy) keep the
//! shape their standard gives them.

use serde::Serialize;

/// A JSON format's name and version. Fields may be added within a version, never renamed,
/// removed or retyped: that is a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Envelope {
    pub format: &'static str,
    pub version: u32,
}

/// A body after its envelope: the envelope's keys come first, then the body's own.
#[derive(Serialize)]
pub struct Enveloped<T> {
    #[serde(flatten)]
    pub envelope: Envelope,
    #[serde(flatten)]
    pub body: T,
}

impl Envelope {
    const fn new(format: &'static str, version: u32) -> Envelope {
        Envelope { format, version }
    }

    /// `body` (a struct or a JSON object) with this envelope in front.
    pub fn wrap<T: Serialize>(self, body: T) -> Enveloped<T> {
        Enveloped { envelope: self, body }
    }

    /// `body` as pretty JSON with this envelope, ending in a newline.
    pub fn render<T: Serialize>(self, body: T) -> Result<String, serde_json::Error> {
        let mut s = serde_json::to_string_pretty(&self.wrap(body))?;
        s.push('\n');
        Ok(s)
    }
}

/// `scan --format json` / `json-v1`, `report --format json` (docs/json-v1.md).
pub const SCAN: Envelope = Envelope::new("rampart-json", 1);
/// `exposure --format json` (docs/exposure-v1.md).
pub const EXPOSURE: Envelope = Envelope::new("rampart-exposure", 1);
/// `egress --format json`.
pub const EGRESS: Envelope = Envelope::new("rampart-egress", 1);
/// `paths --format json`.
pub const PATHS: Envelope = Envelope::new("rampart-paths", 1);
/// `sg query --format json`.
pub const SG_QUERY: Envelope = Envelope::new("rampart-sg-query", 1);
/// `history --format json`.
pub const HISTORY: Envelope = Envelope::new("rampart-history", 1);
/// `diff --format json`.
pub const DIFF: Envelope = Envelope::new("rampart-diff", 1);
/// `checks list --format json`; before version 1 it was a bare array with no envelope.
pub const CHECKS: Envelope = Envelope::new("rampart-checks", 1);
/// `flows usage --format json`; version 1 named itself in a `schema` key.
pub const FLOW_USAGE: Envelope = Envelope::new("rampart-flow-usage", 2);
/// `flows tighten --format json`; version 1 named itself in a `schema` key.
pub const FLOW_TIGHTEN: Envelope = Envelope::new("rampart-flow-tighten", 2);
/// `flows who --format json`; version 1 named itself in a `schema` key.
pub const FLOW_WHO: Envelope = Envelope::new("rampart-flow-who", 2);
/// `flows top --format json`; version 1 named itself in a `schema` key.
pub const FLOW_TOP: Envelope = Envelope::new("rampart-flow-top", 2);
/// `trail timeline --format json`; version 1 named itself in a `schema` key.
pub const TRAIL_TIMELINE: Envelope = Envelope::new("rampart-trail-timeline", 2);
/// `trail detect --format json`; version 1 named itself in a `schema` key.
pub const TRAIL_DETECT: Envelope = Envelope::new("rampart-trail-detect", 2);
/// `trail verify --format json`; before version 1 it had no envelope.
pub const TRAIL_VERIFY: Envelope = Envelope::new("rampart-trail-verify", 1);

/// Every format above.
pub const ALL: [Envelope; 15] = [
    SCAN,
    EXPOSURE,
    EGRESS,
    PATHS,
    SG_QUERY,
    HISTORY,
    DIFF,
    CHECKS,
    FLOW_USAGE,
    FLOW_TIGHTEN,
    FLOW_WHO,
    FLOW_TOP,
    TRAIL_TIMELINE,
    TRAIL_DETECT,
    TRAIL_VERIFY,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_comes_first_and_the_body_follows() {
        let s = FLOW_WHO
            .render(serde_json::json!({"shown": [], "conversations": 0}))
            .unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap_or_default();
        assert_eq!(v["format"], "rampart-flow-who");
        assert_eq!(v["version"], 2);
        assert_eq!(v["conversations"], 0);
        assert!(s.find("\"format\"") < s.find("\"conversations\""), "{s}");
    }

    #[test]
    fn every_format_is_named_once() {
        let mut names: Vec<&str> = ALL.iter().map(|e| e.format).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }
}
