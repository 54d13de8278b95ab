//! Suppressions: a finding the team has accepted, for a reason, by an owner, until a date.
//!
//! A suppression names a check id and a resource pattern (IAM wildcards, `policy::glob`: `*`
//! any run of characters, `?` one; matched against the resource id and the ARN). A suppressed finding is kept and shown as
//! suppressed, never dropped. On and after its expiry date the suppression no longer applies:
//! the finding is open again and says which suppression lapsed, so an accepted risk is
//! reviewed instead of forgotten. The date is passed in (invariant 1: no clock here).

use serde::Deserialize;

use crate::days::day_number;
use crate::finding::Finding;
use crate::policy::glob;

/// One `[[suppress]]` entry of rampart.toml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// A check id, exactly (`admin-port-open-to-internet`).
    pub check: String,
    /// A resource id or ARN; `*` matches any run of characters, `?` one (`sg-0a*`, `*`).
    pub resource: String,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it and answers for it.
    pub owner: String,
    /// `YYYY-MM-DD`: the first day on which it no longer applies.
    pub expires: String,
}

/// What a suppression did to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedSuppression {
    pub reason: String,
    pub owner: String,
    pub expires: String,
    /// True when the suppression matched but its date has passed: the finding is open.
    pub expired: bool,
}

impl Suppression {
    /// What is wrong with the entry, if anything: an unknown check, an empty reason or owner,
    /// a date that is not `YYYY-MM-DD`.
    pub fn validate(&self) -> Result<(), String> {
        if crate::registry::find(&self.check).is_none() {
            return Err(format!(
                "suppression for `{}`: no check has that id (see `rampart checks list`)",
                self.check
            ));
        }
        if self.resource.trim().is_empty() {
            return Err(format!("suppression for `{}`: `resource` is empty", self.check));
        }
        if self.reason.trim().is_empty() || self.owner.trim().is_empty() {
            return Err(format!(
                "suppression for `{}` on `{}`: a suppression needs a `reason` and an `owner`",
                self.check, self.resource
            ));
        }
        if self.expires.len() != 10 || day_number(&self.expires).is_none() {
            return Err(format!(
                "suppression for `{}` on `{}`: `expires` is `{}`, not a date like 2027-03-31",
                self.check, self.resource, self.expires
            ));
        }
        Ok(())
    }

    pub fn matches(&self, finding: &Finding) -> bool {
        let matches = |value: &str| glob(&self.resource, value, false);
        self.check == finding.check_id
            && (matches(&finding.resource_id) || finding.resource_arn.as_deref().is_some_and(matches))
    }
}

impl Finding {
    /// True when an unexpired suppression applies: the finding is kept but does not count.
    pub fn is_suppressed(&self) -> bool {
        self.suppression.as_ref().is_some_and(|s| !s.expired)
    }
}

/// Marks the findings that a suppression matches, as of `today` (days since 1970-01-01). The
/// first unexpired match wins; an expired match is recorded only when no other applies.
pub fn apply(findings: &mut [Finding], suppressions: &[Suppression], today: i64) {
    if suppressions.is_empty() {
        return;
    }
    for finding in findings.iter_mut() {
        let mut lapsed = None;
        for s in suppressions.iter().filter(|s| s.matches(finding)) {
            // validate() guarantees a date; an unparsable one (never validated) counts as expired.
            let expired = day_number(&s.expires).is_none_or(|d| today >= d);
            let applied = AppliedSuppression {
                reason: s.reason.clone(),
                owner: s.owner.clone(),
                expires: s.expires.clone(),
                expired,
            };
            if !expired {
                finding.suppression = Some(applied);
                lapsed = None;
                break;
            }
            lapsed.get_or_insert(applied);
        }
        if let Some(applied) = lapsed {
            finding.evidence.push(format!(
                "a suppression expired on {} (owner {}: {}); review it or renew it in rampart.toml",
                applied.expires, applied.owner, applied.reason
            ));
            finding.suppression = Some(applied);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_cases() {
        let glob = |p, v| glob(p, v, false);
        assert!(glob("sg-0a*", "sg-0a000000000000002"));
        assert!(glob("*", ""));
        assert!(glob("arn:aws:iam::*:user/bob", "arn:aws:iam::123456789012:user/bob"));
        assert!(!glob("sg-0a*", "sg-0e000000000000001"));
        assert!(!glob("sg-1", "sg-12"));
        assert!(
            !glob("SG-0A*", "sg-0a000000000000002"),
            "case matters: ids are lowercase"
        );
    }

    fn finding(resource: &str) -> Finding {
        let meta = crate::registry::find("root-access-key").map(|c| c.meta);
        Finding::builder(meta.unwrap(), "123456789012", "global", "AWS::IAM::User", resource).build()
    }

    fn entry(resource: &str, expires: &str) -> Suppression {
        Suppression {
            check: "root-access-key".into(),
            resource: resource.into(),
            reason: format!("until {expires}"),
            owner: "secops".into(),
            expires: expires.into(),
        }
    }

    #[test]
    fn applies_before_the_expiry_day_and_not_on_it() {
        let expires = "2026-12-01";
        let day = day_number(expires).unwrap();
        let mut findings = vec![finding("123456789012"), finding("other")];
        apply(&mut findings, &[entry("1234*", expires)], day - 1);
        assert!(findings[0].is_suppressed());
        assert_eq!(findings[1].suppression, None, "the pattern does not match");

        let mut findings = vec![finding("123456789012")];
        apply(&mut findings, &[entry("1234*", expires)], day);
        assert!(!findings[0].is_suppressed());
        assert!(findings[0].suppression.as_ref().unwrap().expired);
        assert!(findings[0]
            .evidence
            .last()
            .unwrap()
            .starts_with("a suppression expired on 2026-12-01"));
    }

    #[test]
    fn a_live_suppression_wins_over_a_lapsed_one() {
        let mut findings = vec![finding("123456789012")];
        let today = day_number("2026-12-01").unwrap();
        apply(
            &mut findings,
            &[entry("*", "2026-01-01"), entry("*", "2027-01-01")],
            today,
        );
        assert!(findings[0].is_suppressed());
        assert_eq!(findings[0].suppression.as_ref().unwrap().expires, "2027-01-01");
        assert!(
            findings[0].evidence.is_empty(),
            "no lapse is reported when another applies"
        );
    }

    #[test]
    fn validation_names_what_is_wrong() {
        assert!(entry("*", "2027-02-30").validate().unwrap_err().contains("not a date"));
        assert!(entry("", "2027-01-01")
            .validate()
            .unwrap_err()
            .contains("`resource` is empty"));
        let mut e = entry("*", "2027-01-01");
        e.check = "no-such-check".into();
        assert!(e.validate().unwrap_err().contains("no check has that id"));
        assert_eq!(entry("*", "2027-01-01").validate(), Ok(()));
    }
}
