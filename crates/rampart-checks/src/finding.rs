//! A finding: what, where, why, how bad, how to fix. Not `Serialize`: every output format
//! owns a versioned view of it (ARCHITECTURE.md, invariant 6).

use sha2::{Digest, Sha256};

use crate::meta::{CheckMeta, Confidence, Severity, Theme};

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub check_id: &'static str,
    pub theme: Theme,
    /// The check's title.
    pub title: &'static str,
    /// What is wrong with this resource, in one line.
    pub message: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub account: String,
    pub region: String,
    pub resource_type: &'static str,
    pub resource_id: String,
    pub resource_arn: Option<String>,
    /// Facts a reader can verify by hand, most important first.
    pub evidence: Vec<String>,
    /// The exact commands that fix it, then any advice.
    pub remediation: Vec<String>,
    /// How many interfaces or resources the problem reaches (ranks findings of equal severity).
    pub blast_radius: usize,
    /// Stable across runs, versions and sources (ARCHITECTURE.md, invariant 7).
    pub fingerprint: String,
    /// Set after the checks from rampart.toml ([`crate::suppress::apply`]); None when no
    /// suppression matches.
    pub suppression: Option<crate::suppress::AppliedSuppression>,
    /// Set by the binary from the scan history; None when no baseline was compared.
    pub baseline: Option<BaselineState>,
}

/// Whether a finding was already in the account's baseline scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineState {
    /// Not in the baseline: new risk.
    New,
    /// In the baseline (by fingerprint).
    Existing,
}

impl BaselineState {
    pub fn name(self) -> &'static str {
        match self {
            BaselineState::New => "new",
            BaselineState::Existing => "existing",
        }
    }
}

/// Builds a finding for one resource of one check.
pub struct FindingBuilder {
    finding: Finding,
    key: String,
}

impl Finding {
    pub fn builder(
        meta: &CheckMeta,
        account: &str,
        region: &str,
        resource_type: &'static str,
        resource_id: &str,
    ) -> FindingBuilder {
        FindingBuilder {
            finding: Finding {
                check_id: meta.id,
                theme: meta.theme,
                title: meta.title,
                message: meta.title.to_owned(),
                severity: meta.severity,
                confidence: Confidence::High,
                account: account.to_owned(),
                region: region.to_owned(),
                resource_type,
                resource_id: resource_id.to_owned(),
                resource_arn: None,
                evidence: Vec::new(),
                remediation: Vec::new(),
                blast_radius: 0,
                fingerprint: String::new(),
                suppression: None,
                baseline: None,
            },
            key: String::new(),
        }
    }

    /// Ranking order: severity, then confidence, then blast radius, all descending; ties by
    /// check and resource so that output is deterministic.
    pub fn rank_cmp(&self, other: &Finding) -> std::cmp::Ordering {
        other
            .severity
            .cmp(&self.severity)
            .then(other.confidence.cmp(&self.confidence))
            .then(other.blast_radius.cmp(&self.blast_radius))
            .then(self.check_id.cmp(other.check_id))
            .then(self.region.cmp(&other.region))
            .then(self.resource_id.cmp(&other.resource_id))
            .then(self.fingerprint.cmp(&other.fingerprint))
    }
}

impl FindingBuilder {
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.finding.message = message.into();
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.finding.severity = severity;
        self
    }

    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.finding.confidence = confidence;
        self
    }

    pub fn arn(mut self, arn: impl Into<String>) -> Self {
        self.finding.resource_arn = Some(arn.into());
        self
    }

    pub fn evidence(mut self, line: impl Into<String>) -> Self {
        self.finding.evidence.push(line.into());
        self
    }

    pub fn remediation(mut self, line: impl Into<String>) -> Self {
        self.finding.remediation.push(line.into());
        self
    }

    pub fn blast_radius(mut self, n: usize) -> Self {
        self.finding.blast_radius = n;
        self
    }

    /// The detail that tells two findings of one check on one resource apart (e.g. the
    /// referenced group id). Never wording, never order.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    pub fn build(mut self) -> Finding {
        let f = &self.finding;
        self.finding.fingerprint = fingerprint(&[f.check_id, &f.account, &f.region, &f.resource_id, &self.key]);
        self.finding
    }
}

/// SHA-256 over the NUL-joined parts, first 16 bytes in hex.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0u8]);
        }
        h.update(p.as_bytes());
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_separates_parts() {
        // Pinned (python: sha256(b"a\\0b")[:16]): a change here changes every stored fingerprint, which must be deliberate.
        assert_eq!(fingerprint(&["a", "b"]), "59b271ae1bbcb1d31d41929817f4b16f");
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
    }
}
