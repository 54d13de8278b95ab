//! Writing SDK answers in the shape the AWS CLI prints them (`--output json`), so that they go
//! through the importer exactly as an export does.

use aws_smithy_types::DateTime;
use serde_json::Value;

/// A timestamp as the AWS CLI prints it: Python's `isoformat()` of a UTC datetime
/// (`2026-11-28T06:00:00+00:00`, with `.ffffff` only when there are microseconds).
pub fn iso(t: Option<&DateTime>) -> Value {
    let Some(t) = t else { return Value::Null };
    let secs = t.secs();
    let micros = t.subsec_nanos() / 1_000;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let fraction = if micros > 0 {
        format!(".{micros:06}")
    } else {
        String::new()
    };
    Value::String(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{fraction}+00:00",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
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
    fn timestamps_as_the_cli_prints_them() {
        let t = DateTime::from_secs(1_795_845_600);
        assert_eq!(iso(Some(&t)), "2026-11-28T06:00:00+00:00");
        let t = DateTime::from_fractional_secs(951_782_400, 0.25);
        assert_eq!(iso(Some(&t)), "2000-02-29T00:00:00.250000+00:00");
        assert_eq!(iso(None), Value::Null);
    }

    #[test]
    fn nulls_are_dropped_at_every_depth() {
        let mut v = serde_json::json!({"A": null, "B": [{"C": null, "D": 1}], "E": {"F": null}});
        strip_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"B": [{"D": 1}], "E": {}}));
    }
}
