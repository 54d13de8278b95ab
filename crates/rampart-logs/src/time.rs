//! Epoch seconds, as flow logs hold them, to and from the canonical `YYYY-MM-DDTHH:MM:SSZ`.

use rampart_inventory::import::timestamp;

/// `1418530010` → `2014-12-14T04:06:50Z`.
pub fn iso(epoch: u64) -> String {
    timestamp::format(epoch as i64)
}

/// Reads a point in time: epoch seconds, `YYYY-MM-DD` (midnight UTC) or an ISO 8601 time
/// (`2026-11-30T08:00:00Z`, offsets such as `+02:00` included).
pub fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let secs = if text.len() == 10 {
        timestamp::parse(&format!("{text}T00:00:00Z"))
    } else {
        timestamp::parse(text)
    }?;
    u64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(iso(1418530010), "2014-12-14T04:06:50Z");
        assert_eq!(parse("2014-12-14T04:06:50Z"), Some(1418530010));
        assert_eq!(parse("2014-12-14T06:06:50+02:00"), Some(1418530010));
        assert_eq!(parse("2014-12-14"), Some(1418515200));
        assert_eq!(parse("1418530010"), Some(1418530010));
        assert_eq!(parse("yesterday"), None);
        for t in [0u64, 951_782_400, 1_709_251_199, 4_102_444_800] {
            assert_eq!(parse(&iso(t)), Some(t));
        }
    }
}
