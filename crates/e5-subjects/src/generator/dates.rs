//! Day arithmetic on `AAAA-MM-JJ` strings (civil calendar), for dates drawn around the
//! context's own date.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

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

const MONTHS: [&str; 12] = [
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

/// `2026-12-01` → `1er décembre 2026`.
pub(crate) fn french(day: &str) -> String {
    let y = day.get(0..4).unwrap_or("");
    let m = day
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(1);
    let d = day
        .get(8..10)
        .and_then(|d| d.parse::<u32>().ok())
        .unwrap_or(1);
    let d = if d == 1 {
        "1er".to_owned()
    } else {
        d.to_string()
    };
    format!("{d} {} {y}", MONTHS[(m + 11) % 12])
}

/// `2026-10` → `octobre 2026`.
pub(crate) fn french_month(day: &str) -> String {
    let y = day.get(0..4).unwrap_or("");
    let m = day
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(1);
    format!("{} {y}", MONTHS[(m + 11) % 12])
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
