//! Epoch milliseconds to ISO 8601 UTC (the calendar is the importer's).

use rampart_inventory::import::timestamp::civil_from_days;

pub fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        // 2026-11-28T06:00:00.123Z
        assert_eq!(iso8601(1_795_845_600_123), "2026-11-28T06:00:00.123Z");
    }
}
