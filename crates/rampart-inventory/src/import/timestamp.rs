//! Timestamps in one form, whoever printed them. The AWS CLI v2 prints `2026-11-28T06:00:00+00:00`,
//! the CLI v1 and some services the wire form `2026-11-28T06:00:00.000Z`, other tools epoch
//! seconds; the inventory holds `2026-11-28T06:00:00Z` (UTC, whole seconds) for all of them,
//! so that a live read and an export of one account agree.

use serde_json::Value;

/// The canonical form of a timestamp text; the text itself when it is not one.
pub fn canonical(text: &str) -> String {
    parse(text).map_or_else(|| text.to_owned(), format)
}

/// A JSON timestamp: an ISO 8601 string or epoch seconds.
pub fn from_value(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(canonical(&s)),
        Value::Number(n) => n.as_f64().map(|secs| format(secs.floor() as i64)),
        _ => None,
    }
}

/// Seconds since 1970-01-01T00:00:00Z of `YYYY-MM-DD[T| ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`
/// (no zone: UTC).
pub fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let zone = rest[1..].replace(':', "");
            if zone.len() != 4 || !zone.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let (h, m): (i64, i64) = (zone[..2].parse().ok()?, zone[2..].parse().ok()?);
            sign * (h * 3600 + m * 60)
        }
    };
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since the epoch.
pub fn format(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// (year, month, day) of a day number (days since 1970-01-01).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_printed_form_gives_one_text() {
        for form in [
            "2026-12-01T09:20:52.000Z",
            "2026-12-01T09:20:52+00:00",
            "2026-12-01T09:20:52.123456+00:00",
            "2026-12-01 09:20:52Z",
            "2026-12-01T10:20:52+01:00",
            "2026-12-01T04:20:52-0500",
            "2026-12-01T09:20:52",
        ] {
            assert_eq!(canonical(form), "2026-12-01T09:20:52Z", "{form}");
        }
        assert_eq!(
            from_value(Some(serde_json::json!(1_795_845_600))).as_deref(),
            Some("2026-11-28T06:00:00Z")
        );
        assert_eq!(
            canonical("2026-03-01T00:30:00+01:00"),
            "2026-02-28T23:30:00Z",
            "across a month"
        );
    }

    #[test]
    fn what_is_not_a_timestamp_is_kept() {
        for text in [
            "N/A",
            "no_information",
            "not_supported",
            "2026-13-01T00:00:00Z",
            "2026-12-01",
            "",
        ] {
            assert_eq!(canonical(text), text);
        }
    }

    #[test]
    fn the_calendar_round_trips() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
