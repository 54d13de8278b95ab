//! What a CloudTrail trail records, shared by the trail checks.
//!
//! AWS semantics (CloudTrail User Guide, "Working with CloudTrail trails" and "Logging management
//! events"): `describe-trails` in a region lists the trails that apply to it, including the
//! shadow copies of multi-region trails homed elsewhere. A trail without custom event selectors
//! (`HasCustomEventSelectors: false`) records every management event, read and write. Basic
//! selectors record management events when `IncludeManagementEvents` is true, of the
//! `ReadWriteType` given; advanced selectors do when a selector has `eventCategory` equal to
//! `Management` and does not restrict `readOnly` to `true`.

use rampart_inventory::{Inventory, Trail};
use serde_json::Value;

/// Whether the trail records write management events: None when its selectors were not read.
pub fn records_management_writes(trail: &Trail) -> Option<bool> {
    match &trail.event_selectors {
        Some(es) => {
            if let Some(advanced) = &es.advanced {
                return Some(advanced_records_management_writes(advanced));
            }
            Some(es.management_events && es.read_write_type.as_deref().is_none_or(|t| t != "ReadOnly"))
        }
        None if trail.has_custom_event_selectors == Some(false) => Some(true),
        None => None,
    }
}

fn advanced_records_management_writes(text: &str) -> bool {
    let Ok(Value::Array(selectors)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    selectors.iter().any(|sel| {
        let fields = sel["FieldSelectors"].as_array().map(Vec::as_slice).unwrap_or_default();
        let equals = |field: &str, value: &str| {
            fields
                .iter()
                .any(|f| f["Field"] == field && f["Equals"].as_array().is_some_and(|v| v.iter().any(|x| x == value)))
        };
        equals("eventCategory", "Management") && !equals("readOnly", "true")
    })
}

/// Whether the trail is logging, from its status read in any region (a shadow trail's status
/// is often read only in its home region).
pub fn is_logging(inventory: &Inventory, trail: &Trail) -> Option<bool> {
    trail.is_logging.or_else(|| {
        let arn = trail.arn.as_deref()?;
        inventory
            .regions
            .values()
            .flat_map(|r| &r.trails)
            .filter(|t| t.arn.as_deref() == Some(arn))
            .find_map(|t| t.is_logging)
    })
}

/// Whether this region's copy of the trail is the one to report on (its home region).
pub fn is_home(trail: &Trail, region: &str) -> bool {
    trail.home_region.as_deref().is_none_or(|h| h == region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advanced_selectors() {
        let mgmt = r#"[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]"#;
        let read_only = r#"[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"readOnly","Equals":["true"]}]}]"#;
        let data = r#"[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]"#;
        assert!(advanced_records_management_writes(mgmt));
        assert!(!advanced_records_management_writes(read_only));
        assert!(!advanced_records_management_writes(data));
    }
}
