//! What every check declares about itself. The docs page of each check is generated from this.

use rampart_inventory::ResourceKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.name().eq_ignore_ascii_case(s))
    }
}

/// How sure a finding is: High when every input was read and the semantics are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Confidence> {
        [Confidence::Low, Confidence::Medium, Confidence::High]
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(s))
    }
}

/// The themes of DESIGN.md §1: every check belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Theme {
    Ingress,
    Egress,
    Lateral,
    Lifecycle,
    Environment,
    SharedServices,
    Web,
    Identity,
    Access,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Ingress => "ingress",
            Theme::Egress => "egress",
            Theme::Lateral => "lateral",
            Theme::Lifecycle => "lifecycle",
            Theme::Environment => "environment",
            Theme::SharedServices => "shared-services",
            Theme::Web => "web",
            Theme::Identity => "identity",
            Theme::Access => "access",
        }
    }

    pub const ALL: [Theme; 9] = [
        Theme::Ingress,
        Theme::Egress,
        Theme::Lateral,
        Theme::Lifecycle,
        Theme::Environment,
        Theme::SharedServices,
        Theme::Web,
        Theme::Identity,
        Theme::Access,
    ];

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// A control in a published framework that the check automates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// `CIS AWS Foundations Benchmark v3.0.0`, `AWS Security Hub FSBP`, `AWS Trusted Advisor`.
    pub framework: &'static str,
    pub control: &'static str,
}

pub const CIS_V3: &str = "CIS AWS Foundations Benchmark v3.0.0";
pub const FSBP: &str = "AWS Security Hub FSBP";
pub const TRUSTED_ADVISOR: &str = "AWS Trusted Advisor";

#[derive(Debug)]
pub struct CheckMeta {
    /// Stable, kebab-case, readable as "rampart found `admin-port-open-to-internet`".
    pub id: &'static str,
    pub theme: Theme,
    pub title: &'static str,
    /// The severity before exposure is taken into account (the worst case the check reports).
    pub severity: Severity,
    /// What the check looks at, in one or two sentences.
    pub summary: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix it; findings carry the exact command for their resource.
    pub remediation: &'static str,
    pub references: &'static [Reference],
    /// What must have been read for the check to run (every one); otherwise it is not evaluated.
    pub requires: &'static [ResourceKind],
    /// Inputs that answer the same question: when not empty, at least one must have been read
    /// for the check to run, and the check judges from whichever was (e.g. root MFA from the
    /// credential report or from the account summary). Not evaluated when none was read.
    pub requires_one_of: &'static [ResourceKind],
}

impl CheckMeta {
    /// What the check reads, for `checks explain` and docs/checks.md: the required inputs,
    /// then the alternatives (`a` or `b`), each written by `show`.
    pub fn reads(&self, show: impl Fn(ResourceKind) -> String) -> Vec<String> {
        let mut reads: Vec<String> = self.requires.iter().map(|&k| show(k)).collect();
        if !self.requires_one_of.is_empty() {
            let alternatives: Vec<String> = self.requires_one_of.iter().map(|&k| show(k)).collect();
            reads.push(alternatives.join(" or "));
        }
        reads
    }
}
