//! Day arithmetic on `AAAA-MM-JJ` strings (civil calendar), for dates drawn around the
//! context's own date.

use e5_domain::calendar::{civil_from_days, days_from_civil};
pub(crate) use e5_domain::calendar::{french_date as french, french_month};

fn parse(day: &str) -> Option<i64> {
    let y = day.get(0..4)?.parse().ok()?;
    let m = day.get(5..7)?.parse().ok()?;
    let d = day.get(8..10)?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

/// `day` moved by `n` days (`day` itself when it is not a date).
pub(crate) fn add_days(day: &str, n: i64) -> String {
    match parse(day) {
        Some(z) => {
            let (y, m, d) = civil_from_days(z + n);
            format!("{y:04}-{m:02}-{d:02}")
        }
        None => day.to_owned(),
    }
}

/// The first Saturday on or after `day`.
pub(crate) fn saturday_from(day: &str) -> String {
    match parse(day) {
        // 1970-01-01 was a Thursday: (z + 4) % 7 is 0 on Sundays, 6 on Saturdays.
        Some(z) => add_days(day, (6 - (z + 4).rem_euclid(7)).rem_euclid(7)),
        None => day.to_owned(),
    }
}

/// `de octobre` → `d'octobre`: the French preposition before a month.
pub(crate) fn de_month(day: &str) -> String {
    let month = french_month(day);
    if month.starts_with(['a', 'o']) {
        format!("d'{month}")
    } else {
        format!("de {month}")
    }
}

/// The first day of the month after `day`.
pub(crate) fn next_month(day: &str) -> String {
    let (y, m) = (
        day.get(0..4)
            .and_then(|x| x.parse::<i64>().ok())
            .unwrap_or(2027),
        day.get(5..7)
            .and_then(|x| x.parse::<i64>().ok())
            .unwrap_or(1),
    );
    if m == 12 {
        format!("{:04}-01-01", y + 1)
    } else {
        format!("{y:04}-{:02}-01", m + 1)
    }
}

/// The first and last day of the month before the one `day` is in.
pub(crate) fn previous_month(day: &str) -> (String, String) {
    let first_of_this = format!("{}-01", day.get(0..7).unwrap_or("2027-01"));
    let last = add_days(&first_of_this, -1);
    (format!("{}-01", &last[..7]), last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_add_across_months_and_years() {
        assert_eq!(add_days("2026-10-31", 1), "2026-11-01");
        assert_eq!(add_days("2026-12-25", 10), "2027-01-04");
        assert_eq!(next_month("2026-12-10"), "2027-01-01");
        assert_eq!(
            previous_month("2026-11-01"),
            ("2026-10-01".to_owned(), "2026-10-31".to_owned())
        );
        assert_eq!(french("2026-12-01"), "1er décembre 2026");
        assert_eq!(french_month("2026-10-31"), "octobre 2026");
        assert_eq!(saturday_from("2026-11-27"), "2026-11-28");
        assert_eq!(saturday_from("2026-11-28"), "2026-11-28");
        assert_eq!(de_month("2026-10-01"), "d'octobre 2026");
        assert_eq!(de_month("2026-11-01"), "de novembre 2026");
    }
}
