//! Time slots of commissions, as the centre types them ("2027-05-12 09:00", Paris time),
//! and dates written the French way ("le 12 mai 2027 à 9 h 00").

pub use e5_domain::calendar::french_date_time;
use e5_domain::calendar::{civil_from_days, days_from_civil};

/// How long an examiner is taken by a commission: 40 minutes and the longest aménagement
/// of its candidates (a 9:00 commission with a tiers-temps ends at 9:54; the next one may
/// start at 10:00).
pub fn minutes(longest_extra_seconds: i64) -> i64 {
    let seconds = crate::timer::BASE_SECONDS + longest_extra_seconds.max(0);
    (seconds + 59) / 60
}

/// "2027-05-12 09:00" (also "2027-05-12T09:00", as a date-time field sends it, and with
/// seconds) → minutes since 1970-01-01 00:00, Paris wall-clock. `None` when not a real date.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let number = |a: usize, b: usize| -> Option<i64> {
        let part = t.get(a..b)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if !(t.len() == 16 || t.len() == 19)
        || t.get(4..5) != Some("-")
        || t.get(7..8) != Some("-")
        || !matches!(t.get(10..11), Some(" " | "T"))
        || t.get(13..14) != Some(":")
    {
        return None;
    }
    if t.len() == 19 && (t.get(16..17) != Some(":") || number(17, 19).is_none()) {
        return None;
    }
    let (y, m, d, h, min) = (
        number(0, 4)?,
        number(5, 7)?,
        number(8, 10)?,
        number(11, 13)?,
        number(14, 16)?,
    );
    if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) || h > 23 || min > 59 {
        return None;
    }
    if d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 1440 + h * 60 + min)
}

/// Minutes since the epoch → "2027-05-12 09:00".
pub fn format(minutes: i64) -> String {
    let (days, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rest / 60, rest % 60)
}

/// "2027-05-12 09:00" → "le 12 mai 2027 à 9 h 00" ("le 1er juin…"); text that is not a
/// date is returned as it is.
pub fn french(text: &str) -> String {
    match parse(text.get(..16).unwrap_or(text)) {
        Some(_) => format!("le {}", french_date_time(text)),
        None => text.to_owned(),
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_read_and_written_back() {
        let m = parse("2027-05-12 09:00").expect("valid");
        assert_eq!(format(m), "2027-05-12 09:00");
        assert_eq!(parse("2027-05-12T09:00"), Some(m));
        assert_eq!(parse("2027-05-12 09:00:00"), Some(m));
        assert_eq!(
            format(parse("2028-02-29 23:59").expect("leap day")),
            "2028-02-29 23:59"
        );
    }

    #[test]
    fn impossible_slots_are_refused() {
        for bad in [
            "",
            "demain 9h",
            "2027-02-30 09:00",
            "2027-13-01 09:00",
            "2027-05-12 24:00",
            "2027-5-12 09:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_read_the_french_way() {
        assert_eq!(
            french("2026-11-27 14:05:00"),
            "le 27 novembre 2026 à 14 h 05"
        );
        assert_eq!(french("2027-06-01 09:00"), "le 1er juin 2027 à 9 h 00");
        assert_eq!(french("bientôt"), "bientôt");
    }

    #[test]
    fn a_tiers_temps_commission_takes_longer() {
        assert_eq!(minutes(0), 40);
        assert_eq!(minutes(crate::timer::TIERS_TEMPS_SECONDS), 54);
    }
}
