//! Reading back-office forms: French money, numbers and days (the [`Fields`] extractor for
//! repeated fields is shared with the content side, in `e5_shop::admin::form`).

/// Forms with repeated or page-made keys, read the same way on both back-office sides.
pub use e5_shop::admin::form::Fields;

/// Parses an amount typed the French way ("49,90", "49.9", "1 250", "12 €") into cents.
pub fn parse_money(input: &str) -> Option<i64> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() || cleaned.starts_with('-') {
        return None;
    }
    let (units, decimals) = match cleaned.split_once('.') {
        Some((u, d)) => (u, d),
        None => (cleaned.as_str(), ""),
    };
    if decimals.len() > 2
        || !units.chars().all(|c| c.is_ascii_digit())
        || !decimals.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let units: i64 = if units.is_empty() {
        0
    } else {
        units.parse().ok()?
    };
    let cents: i64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<i64>().ok()? * 10,
        _ => decimals.parse().ok()?,
    };
    units.checked_mul(100)?.checked_add(cents)
}

/// Parses a percentage typed the French way ("5", "12,5").
pub fn parse_percent(input: &str) -> Option<f64> {
    let v: f64 = input
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse()
        .ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

/// Cents shown in a form field, the French way ("49,90").
pub fn money_field(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// Whether a text is a day `YYYY-MM-DD`.
pub fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_amounts_are_read_in_cents() {
        assert_eq!(parse_money("49,90"), Some(4990));
        assert_eq!(parse_money("49.9"), Some(4990));
        assert_eq!(parse_money("1 250 €"), Some(125_000));
        assert_eq!(parse_money("12"), Some(1200));
        assert_eq!(parse_money("-3"), None);
        assert_eq!(parse_money("abc"), None);
        assert_eq!(parse_money("1,234"), None);
    }

    #[test]
    fn percentages_stay_between_zero_and_a_hundred() {
        assert_eq!(parse_percent("12,5"), Some(12.5));
        assert_eq!(parse_percent("5 %"), Some(5.0));
        assert_eq!(parse_percent("150"), None);
    }

    #[test]
    fn a_day_has_the_iso_shape() {
        assert!(is_day("2026-10-31"));
        assert!(!is_day("31/10/2026"));
    }
}
