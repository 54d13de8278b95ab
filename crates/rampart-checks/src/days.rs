//! Calendar days from AWS timestamps (`2026-11-28T06:00:00+00:00`), without a date library:
//! Howard Hinnant's days-from-civil. Credential ages are counted in whole days, as CIS counts.

/// Days since 1970-01-01 of the timestamp's date (its first ten characters, `YYYY-MM-DD`).
pub fn day_number(timestamp: &str) -> Option<i64> {
    let date = timestamp.get(..10)?;
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Whole days from `earlier` to `later`; None when either is not a date (`N/A`, `no_information`).
pub fn days_between(earlier: &str, later: &str) -> Option<i64> {
    Some(day_number(later)? - day_number(earlier)?)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_counting_day_by_day() {
        // Reference: walk the calendar from 1970-01-01 one day at a time.
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for n in 0..25_000 {
            assert_eq!(
                day_number(&format!("{y:04}-{m:02}-{d:02}T00:00:00Z")),
                Some(n),
                "{y}-{m}-{d}"
            );
            d += 1;
            if d > days_in_month(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    #[test]
    fn not_dates() {
        for s in [
            "N/A",
            "no_information",
            "not_supported",
            "",
            "2026-02-30T00:00:00Z",
            "2026-13-01",
        ] {
            assert_eq!(day_number(s), None, "{s}");
        }
        assert_eq!(
            days_between("2026-08-30T10:00:00+00:00", "2026-11-28T06:00:00+00:00"),
            Some(90)
        );
    }
}
