//! Writing SDK answers in the shape the AWS CLI prints them (`--output json`), so that they go
//! through the importer exactly as an export does.

use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use serde_json::Value;

/// A timestamp in ISO 8601 (`2026-11-28T06:00:00Z`); the importer brings every printed form
/// (this one, the AWS CLI v1's and v2's) to one.
pub fn iso(t: Option<&DateTime>) -> Value {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
        .map_or(Value::Null, Value::String)
}

/// Drops every `null` member, recursively: the AWS CLI leaves absent members out, and the
/// importer's shapes read a missing member as its default.
pub fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// A name safe in a file name, as the export script's `safe`.
pub fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The file-name part the export script makes of an ARN: `safe "${arn##*/}"`.
pub fn file_part(arn: &str) -> String {
    safe(arn.rsplit('/').next().unwrap_or(arn))
}

/// `[{"Key": …, "Value": …}]` from any SDK tag type with `key()` and `value()`.
macro_rules! tags {
    ($list:expr) => {
        $list
            .iter()
            .map(|t| serde_json::json!({"Key": t.key(), "Value": t.value()}))
            .collect::<Vec<_>>()
    };
}
pub(crate) use tags;

/// The string of an SDK enum, or null.
macro_rules! name {
    ($e:expr) => {
        $e.map(|v| v.as_str())
    };
}
pub(crate) use name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_iso_8601() {
        let t = DateTime::from_secs(1_795_845_600);
        assert_eq!(iso(Some(&t)), "2026-11-28T06:00:00Z");
        assert_eq!(iso(None), Value::Null);
    }

    #[test]
    fn nulls_are_dropped_at_every_depth() {
        let mut v = serde_json::json!({"A": null, "B": [{"C": null, "D": 1}], "E": {"F": null}});
        strip_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"B": [{"D": 1}], "E": {}}));
    }
}
