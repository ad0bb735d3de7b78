//! The civil calendar and dates written the French way ("1er juin 2026 à 9 h 05"), for every
//! screen, journal line and printed sheet of the platform.

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm, proleptic Gregorian).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day counted from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The French name of a month (1–12).
pub fn month_name(m: i64) -> Option<&'static str> {
    usize::try_from(m - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
}

/// `2026-06-01…` → `1er juin 2026`; text that is not a date comes back as it is.
pub fn french_date(text: &str) -> String {
    let number = |a: usize, b: usize| text.get(a..b).and_then(|p| p.parse::<i64>().ok());
    match (number(0, 4), number(5, 7), number(8, 10)) {
        (Some(y), Some(m), Some(d)) if text.get(4..5) == Some("-") => match month_name(m) {
            Some(month) if d == 1 => format!("1er {month} {y}"),
            Some(month) => format!("{d} {month} {y}"),
            None => text.to_owned(),
        },
        _ => text.to_owned(),
    }
}

/// `2026-06-01 09:05…` → `1er juin 2026 à 9 h 05`; a date without a time gets the date
/// alone, text that is not a date comes back as it is.
pub fn french_date_time(text: &str) -> String {
    let date = french_date(text);
    let hour = text.get(11..13).and_then(|h| h.parse::<u32>().ok());
    match (hour, text.get(13..14), text.get(14..16)) {
        (Some(h), Some(":"), Some(min)) if date != text => format!("{date} à {h} h {min}"),
        _ => date,
    }
}

/// `2026-10…` → `octobre 2026`.
pub fn french_month(text: &str) -> String {
    let m = text
        .get(5..7)
        .and_then(|m| m.parse::<i64>().ok())
        .unwrap_or(0);
    match (month_name(m), text.get(0..4)) {
        (Some(name), Some(y)) => format!("{name} {y}"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_french_way() {
        assert_eq!(french_date("2026-03-04 10:05:00"), "4 mars 2026");
        assert_eq!(french_date("2026-06-01"), "1er juin 2026");
        assert_eq!(
            french_date_time("2026-06-01 09:05:00"),
            "1er juin 2026 à 9 h 05"
        );
        assert_eq!(
            french_date_time("2027-05-12T14:30"),
            "12 mai 2027 à 14 h 30"
        );
        assert_eq!(french_date_time("2027-05-12"), "12 mai 2027");
        assert_eq!(french_month("2026-10-31"), "octobre 2026");
        assert_eq!(french_date("demain"), "demain");
        assert_eq!(french_date_time("2026-13-01 10:00"), "2026-13-01 10:00");
    }

    #[test]
    fn days_and_civil_dates_round_trip() {
        for day in [-800_000, -1, 0, 59, 10_957, 20_454, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
