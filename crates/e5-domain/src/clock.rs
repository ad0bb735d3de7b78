//! Exam centres are in France: times shown to users and stored in the shop are Paris local
//! time. The offset follows the EU rule (summer time from the last Sunday of March to the last
//! Sunday of October, changing at 01:00 UTC), which avoids shipping a time-zone database.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::calendar::{civil_from_days, days_from_civil};

/// A local Paris time, formatted `YYYY-MM-DD HH:MM:SS` as the shop schema stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime {
    pub unix_utc: i64,
}

impl LocalTime {
    pub fn db_format(&self) -> String {
        let local = self.unix_utc + paris_offset_hours(self.unix_utc) * 3600;
        let (y, m, d) = civil_from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }

    pub fn day(&self) -> String {
        self.db_format()[..10].to_owned()
    }

    /// The inverse of [`LocalTime::db_format`]: `YYYY-MM-DD HH:MM:SS`, Paris local time. In
    /// the repeated hour of October the later instant is taken (the offset is read an hour
    /// before).
    pub fn parse_db(text: &str) -> Option<LocalTime> {
        let b = text.as_bytes();
        let shape = b.len() == 19
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b' '
            && b[13] == b':'
            && b[16] == b':';
        if !shape {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = text.get(range)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let valid_day = (1..=12).contains(&mo)
            && d >= 1
            && civil_from_days(days_from_civil(y, mo, d)) == (y, mo, d);
        if !valid_day || h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let naive = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
        Some(LocalTime {
            unix_utc: naive - 3600 * paris_offset_hours(naive - 3600),
        })
    }
}

pub fn paris_now() -> LocalTime {
    let unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    LocalTime { unix_utc: unix }
}

/// 1 in winter, 2 in summer.
pub fn paris_offset_hours(unix_utc: i64) -> i64 {
    let (year, _, _) = civil_from_days(unix_utc.div_euclid(86_400));
    let start = last_sunday_utc(year, 3) + 3600;
    let end = last_sunday_utc(year, 10) + 3600;
    if (start..end).contains(&unix_utc) {
        2
    } else {
        1
    }
}

fn last_sunday_utc(year: i64, month: i64) -> i64 {
    let last_day = days_from_civil(year, month, 31);
    // 1970-01-01 was a Thursday: weekday 0 = Sunday when (days + 4) % 7 == 0.
    let weekday = (last_day + 4).rem_euclid(7);
    (last_day - weekday) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_time_parses_back_to_its_instant() {
        for unix in [0, 1_700_000_000, 1_719_900_000, 1_735_689_599] {
            let t = LocalTime { unix_utc: unix };
            assert_eq!(LocalTime::parse_db(&t.db_format()), Some(t));
        }
        assert_eq!(LocalTime::parse_db("2027-02-30 10:00:00"), None);
        assert_eq!(LocalTime::parse_db("2027-05-12 24:00:00"), None);
        assert_eq!(LocalTime::parse_db("2027-05-12T10:00:00"), None);
        assert_eq!(LocalTime::parse_db("2027-05-12 10:00"), None);
        assert_eq!(LocalTime::parse_db("2027-05-12 +0:00:00"), None);
    }

    #[test]
    fn paris_is_one_hour_ahead_in_winter_and_two_in_summer() {
        // 2026-01-15 12:00 UTC and 2026-07-15 12:00 UTC
        assert_eq!(paris_offset_hours(1_768_478_400), 1);
        assert_eq!(paris_offset_hours(1_784_116_800), 2);
    }

    #[test]
    fn summer_time_starts_on_the_last_sunday_of_march_at_one_utc() {
        // 2026-03-29 00:59:59 UTC is still winter time, 01:00:00 is summer time.
        assert_eq!(paris_offset_hours(1_774_745_999), 1);
        assert_eq!(paris_offset_hours(1_774_746_000), 2);
    }

    #[test]
    fn local_time_is_formatted_for_the_database() {
        assert_eq!(
            LocalTime {
                unix_utc: 1_768_478_400
            }
            .db_format(),
            "2026-01-15 13:00:00"
        );
    }
}
