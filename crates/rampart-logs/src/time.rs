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

/// A record's time in the canonical form, from the ISO 8601 forms exporters write: extended
/// (`2026-11-30T14:00:00Z`, fractional seconds, `+02:00`/`+0200`/`+02` offsets, no zone = UTC,
/// a space for `T`), basic (`20261130T140000Z`), minutes only (`2026-11-30T14:00Z`). None when
/// the text is none of them (the caller keeps it as given).
pub fn event_time(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(secs) = timestamp::parse(text) {
        return Some(timestamp::format(secs));
    }
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    // Basic form: YYYYMMDDTHHMMSS[.f][zone].
    let extended = if b.len() >= 15 && digits(0..8) && matches!(b[8], b'T' | b't') && digits(9..15) {
        format!(
            "{}-{}-{}T{}:{}:{}{}",
            &text[0..4],
            &text[4..6],
            &text[6..8],
            &text[9..11],
            &text[11..13],
            &text[13..15],
            &text[15..]
        )
    // Minutes only: YYYY-MM-DDTHH:MM[zone].
    } else if b.len() >= 16
        && digits(0..4)
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b.get(16).is_none_or(|c| *c != b':')
    {
        format!("{}:00{}", &text[..16], &text[16..])
    } else {
        text.to_owned()
    };
    let extended = extended.replacen('t', "T", 1);
    // An hour-only offset: +02 → +02:00.
    let with_zone = match extended.len().checked_sub(3).map(|i| extended.split_at(i)) {
        Some((head, zone))
            if head.len() >= 19
                && (zone.starts_with('+') || zone.starts_with('-'))
                && zone[1..].bytes().all(|c| c.is_ascii_digit()) =>
        {
            format!("{head}{zone}:00")
        }
        _ => extended,
    };
    timestamp::parse(&with_zone).map(timestamp::format)
}

/// An IPv4 address as anonymised public captures write it, with leading zeros
/// (`010.001.002.003`): read as dotted decimal, the form AWS writes addresses in (the zeros are
/// the anonymiser's padding, not octal). Anything else as the standard parser reads it.
pub fn lenient_ip(text: &str) -> Option<std::net::IpAddr> {
    let text = text.trim();
    if let Ok(a) = text.parse() {
        return Some(a);
    }
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (o, p) in octets.iter_mut().zip(&parts) {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    Some(std::net::IpAddr::V4(octets.into()))
}

/// An IPv4 CIDR, its address read by [`lenient_ip`].
pub fn lenient_v4_net(text: &str) -> Option<ipnet::Ipv4Net> {
    if let Ok(n) = text.trim().parse() {
        return Some(n);
    }
    let (addr, len) = text.trim().split_once('/')?;
    match lenient_ip(addr)? {
        std::net::IpAddr::V4(a) => ipnet::Ipv4Net::new(a, len.parse().ok()?).ok(),
        std::net::IpAddr::V6(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_times_in_every_iso_form_exporters_write() {
        let want = Some("2026-11-30T14:00:00Z".to_owned());
        for t in [
            "2026-11-30T14:00:00Z",
            "2026-11-30T14:00:00.123Z",
            "2026-11-30T14:00:00.123456789Z",
            "2026-11-30T14:00:00",
            "2026-11-30 14:00:00",
            "2026-11-30T16:00:00+02:00",
            "2026-11-30T16:00:00+0200",
            "2026-11-30T16:00:00+02",
            "2026-11-30T09:00:00.5-05:00",
            "2026-11-30t14:00:00z",
            "20261130T140000Z",
            "20261130T160000+0200",
            "2026-11-30T14:00Z",
        ] {
            assert_eq!(event_time(t), want, "{t}");
        }
        assert_eq!(event_time("Nov 30, 2026, 2:00:00 PM"), None);
        assert_eq!(event_time(""), None);
    }

    #[test]
    fn anonymised_addresses_are_read() {
        assert_eq!(lenient_ip("010.001.002.003"), "10.1.2.3".parse().ok());
        assert_eq!(lenient_ip("255.090.254.5"), "255.90.254.5".parse().ok());
        assert_eq!(lenient_ip("2001:db8::1"), "2001:db8::1".parse().ok());
        assert_eq!(lenient_ip("256.1.1.1"), None);
        assert_eq!(lenient_ip("1.2.3"), None);
        assert_eq!(lenient_ip("cloudformation.amazonaws.com"), None);
        assert_eq!(lenient_v4_net("010.001.002.003/32"), "10.1.2.3/32".parse().ok());
        assert_eq!(lenient_v4_net("0.0.0.0/0"), "0.0.0.0/0".parse().ok());
        assert_eq!(lenient_v4_net("10.0.0.0/33"), None);
    }

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
