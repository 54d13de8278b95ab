//! The CIS AWS Foundations Benchmark across versions: the checks cite v3.0.0 controls in their
//! metadata; v7.0.0 (the current version) renumbered most of them and added some. This module
//! is the one home of that crosswalk, and [`references`] is what every renderer shows: a
//! check's declared references with the v7.0.0 ones derived from them.
//!
//! The ids and titles of both versions are in `data/cis-aws-foundations-v{3.0.0,7.0.0}.json`
//! (from Prowler's Apache-2.0 mappings, see `data/NOTICE.md`); tests hold the tables below to
//! them (`tests/compliance.rs`) and `docs/cis-coverage.md` to both (`tests/coverage.rs`).

use crate::meta::{CheckMeta, Reference, CIS_V3, CIS_V7};

/// v3.0.0 id → v7.0.0 id of the same recommendation. Decided by title, description and the
/// checks Prowler maps to both; reworded titles: 1.1 → 2.2 ("AWS account" added), 2.1.4 →
/// 3.1.4 (bucket settings → S3 generally), 2.3.1 → 3.2.1 ("encryption-at-rest"), 2.3.3 →
/// 3.2.3 ("not publicly accessible"), and 4.x → 5.x ("a log metric filter and alarm exist for
/// X" → "X is monitored", the same audit). v3.0.0's 1.3 (security questions), 1.11 (no access
/// keys at user setup) and 1.13 (one active access key) are not in v7.0.0: [`CIS_V3_RETIRED`].
pub const CIS_V3_TO_V7: &[(&str, &str)] = &[
    ("1.1", "2.2"),
    ("1.2", "2.3"),
    ("1.4", "2.4"),
    ("1.5", "2.5"),
    ("1.6", "2.6"),
    ("1.7", "2.7"),
    ("1.8", "2.8"),
    ("1.9", "2.9"),
    ("1.10", "2.10"),
    ("1.12", "2.11"),
    ("1.14", "2.12"),
    ("1.15", "2.13"),
    ("1.16", "2.14"),
    ("1.17", "2.15"),
    ("1.18", "2.16"),
    ("1.19", "2.17"),
    ("1.20", "2.18"),
    ("1.21", "2.19"),
    ("1.22", "2.20"),
    ("2.1.1", "3.1.1"),
    ("2.1.2", "3.1.2"),
    ("2.1.3", "3.1.3"),
    ("2.1.4", "3.1.4"),
    // EBS default encryption moved from Storage to the EC2 subsection of Networking.
    ("2.2.1", "6.1.1"),
    ("2.3.1", "3.2.1"),
    ("2.3.2", "3.2.2"),
    ("2.3.3", "3.2.3"),
    ("2.4.1", "3.3.1"),
    ("3.1", "4.1"),
    ("3.2", "4.2"),
    ("3.3", "4.3"),
    ("3.4", "4.4"),
    ("3.5", "4.5"),
    ("3.6", "4.6"),
    ("3.7", "4.7"),
    ("3.8", "4.8"),
    ("3.9", "4.9"),
    ("4.1", "5.1"),
    ("4.2", "5.2"),
    ("4.3", "5.3"),
    ("4.4", "5.4"),
    ("4.5", "5.5"),
    ("4.6", "5.6"),
    ("4.7", "5.7"),
    ("4.8", "5.8"),
    ("4.9", "5.9"),
    ("4.10", "5.10"),
    ("4.11", "5.11"),
    ("4.12", "5.12"),
    ("4.13", "5.13"),
    ("4.14", "5.14"),
    ("4.15", "5.15"),
    ("4.16", "5.16"),
    ("5.1", "6.2"),
    ("5.2", "6.3"),
    ("5.3", "6.4"),
    ("5.4", "6.5"),
    ("5.5", "6.6"),
    ("5.6", "6.7"),
];

/// v3.0.0 recommendations that v7.0.0 dropped: a check citing one has no v7.0.0 reference for it.
pub const CIS_V3_RETIRED: &[&str] = &["1.3", "1.11", "1.13"];

/// v7.0.0 recommendations without a v3.0.0 counterpart that a check automates, by check id
/// (kept here rather than in the check files so the crosswalk has one home).
pub const CIS_V7_ONLY: &[(&str, &str)] = &[
    // 6.1.2: no security group admits 0.0.0.0/0 or ::/0 to CIFS (TCP 445); SMB 445 is in the
    // default `network.sensitive_ports`.
    ("sensitive-port-open-to-internet", "6.1.2"),
    // 2.21 (resource policies with "Principal": "*"), for the resource policies rampart reads:
    // role trust policies (a resource-based policy, IAM User Guide "Roles terms and concepts")
    // and bucket policies S3 judges public.
    ("role-trusts-any-principal", "2.21"),
    ("s3-bucket-public", "2.21"),
];

/// The v7.0.0 id of a v3.0.0 recommendation, when v7.0.0 kept it.
pub fn cis_v7_of(v3: &str) -> Option<&'static str> {
    CIS_V3_TO_V7.iter().find(|(a, _)| *a == v3).map(|(_, b)| *b)
}

/// A check's references as rendered everywhere: the declared ones, with the CIS v7.0.0
/// controls (derived from its v3.0.0 ones, then [`CIS_V7_ONLY`]) right after its last CIS
/// v3.0.0 reference, or first when it cites none; no control twice.
pub fn references(meta: &CheckMeta) -> Vec<Reference> {
    let declared = meta.references;
    let mut v7: Vec<Reference> = Vec::new();
    let derived = declared
        .iter()
        .filter(|r| r.framework == CIS_V3)
        .filter_map(|r| cis_v7_of(r.control))
        .chain(CIS_V7_ONLY.iter().filter(|(id, _)| *id == meta.id).map(|(_, c)| *c));
    for control in derived {
        let r = Reference {
            framework: CIS_V7,
            control,
        };
        if !v7.contains(&r) && !declared.contains(&r) {
            v7.push(r);
        }
    }
    let at = declared
        .iter()
        .rposition(|r| r.framework == CIS_V3)
        .map_or(0, |i| i + 1);
    let mut out = declared[..at].to_vec();
    out.extend(v7);
    out.extend_from_slice(&declared[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::FSBP;
    use crate::Theme;

    fn meta(id: &'static str, references: &'static [Reference]) -> CheckMeta {
        CheckMeta {
            id,
            theme: Theme::Identity,
            title: "",
            severity: crate::Severity::Low,
            summary: "",
            rationale: "",
            remediation: "",
            references,
            requires: &[],
            requires_one_of: &[],
        }
    }

    const fn r(framework: &'static str, control: &'static str) -> Reference {
        Reference { framework, control }
    }

    #[test]
    fn v7_follows_the_v3_references_and_precedes_the_others() {
        static REFS: [Reference; 3] = [r(CIS_V3, "1.8"), r(CIS_V3, "1.9"), r(FSBP, "IAM.15")];
        let got = references(&meta("x", &REFS));
        assert_eq!(
            got,
            vec![
                r(CIS_V3, "1.8"),
                r(CIS_V3, "1.9"),
                r(CIS_V7, "2.8"),
                r(CIS_V7, "2.9"),
                r(FSBP, "IAM.15")
            ]
        );
    }

    #[test]
    fn a_retired_control_has_no_v7_reference() {
        static REFS: [Reference; 1] = [r(CIS_V3, "1.13")];
        assert_eq!(references(&meta("x", &REFS)), vec![r(CIS_V3, "1.13")]);
    }

    #[test]
    fn v7_only_controls_come_first_without_v3_and_are_not_repeated() {
        static REFS: [Reference; 2] = [r(FSBP, "EC2.19"), r(CIS_V7, "6.1.2")];
        assert_eq!(
            references(&meta("sensitive-port-open-to-internet", &REFS)),
            vec![r(FSBP, "EC2.19"), r(CIS_V7, "6.1.2")]
        );
        static NONE: [Reference; 1] = [r(FSBP, "EC2.19")];
        assert_eq!(
            references(&meta("sensitive-port-open-to-internet", &NONE)),
            vec![r(CIS_V7, "6.1.2"), r(FSBP, "EC2.19")]
        );
    }

    #[test]
    fn a_check_without_references_has_none() {
        assert!(references(&meta("x", &[])).is_empty());
    }
}
