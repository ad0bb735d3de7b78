//! The one CSV format of the platform (statistics, newsletter, marks), made to open as is in
//! a French spreadsheet: UTF-8 with a byte-order mark, `;` between
//! fields, decimal comma, CRLF line ends.

/// Builds a CSV document from a header and rows.
pub fn document(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    push_line(&mut out, header.iter().map(|h| (*h).to_owned()));
    for row in rows {
        push_line(&mut out, row.iter().cloned());
    }
    out
}

fn push_line(out: &mut String, fields: impl Iterator<Item = String>) {
    let line: Vec<String> = fields.map(|f| quote(&f)).collect();
    out.push_str(&line.join(";"));
    out.push_str("\r\n");
}

/// One field, quoted when it must be, with a formula-looking start neutralised.
pub fn quote(field: &str) -> String {
    let field = if looks_like_formula(field) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// A spreadsheet would read the field as a formula (or start one): it begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return. The fields are all text here (numbers come as
/// strings too), so a negative amount such as `-12,50` — `-`, digits, at most one decimal
/// part after `,` or `.`, nothing else — is the one exception kept readable as a number:
/// `-1+1`, `-2e3` or `-1+cmd|…` are neutralised.
fn looks_like_formula(field: &str) -> bool {
    match field.as_bytes().first() {
        Some(b'=' | b'+' | b'@' | b'\t' | b'\r') => true,
        Some(b'-') => !is_plain_negative_number(field),
        _ => false,
    }
}

fn is_plain_negative_number(field: &str) -> bool {
    let Some(rest) = field.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once([',', '.']) {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(rest),
    }
}

/// A number with a decimal comma and `decimals` digits ("12,35").
pub fn decimal(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}").replace('.', ",")
}

/// Cents as euros with a decimal comma, without the currency sign ("1234,50").
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_spreadsheet_reads_it_as_is() {
        let csv = document(
            &["Produit", "CA TTC"],
            &[vec!["Nappe « Loire »; blanc".into(), euros(123_450)]],
        );
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(
            &csv[3..],
            "Produit;CA TTC\r\n\"Nappe « Loire »; blanc\";1234,50\r\n"
        );
    }

    #[test]
    fn formulas_are_not_run() {
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("-12,5"), "-12,5");
        assert_eq!(quote("-cmd"), "'-cmd");
        assert_eq!(decimal(2.346, 2), "2,35");
    }

    #[test]
    fn a_minus_followed_by_a_formula_is_neutralised() {
        assert_eq!(quote("-1+1"), "'-1+1");
        assert_eq!(quote("-2+cmd|' /C calc'!A0"), "'-2+cmd|' /C calc'!A0");
        assert_eq!(quote("-2e3"), "'-2e3");
        assert_eq!(quote("-1,2,3"), "'-1,2,3");
        assert_eq!(quote("-1,"), "'-1,");
        assert_eq!(quote("-,5"), "'-,5");
        assert_eq!(quote("-"), "'-");
        assert_eq!(quote("- 1"), "'- 1");
        assert_eq!(quote("-1 "), "'-1 ");
        assert_eq!(quote("-1;2"), "\"'-1;2\"");
    }

    #[test]
    fn negative_numbers_stay_numbers() {
        for n in ["-2", "-12,5", "-0.75", "-1234,50"] {
            assert_eq!(quote(n), n);
        }
        assert_eq!(quote(&euros(-123_450)), "-1234,50");
        assert_eq!(quote(&decimal(-2.346, 2)), "-2,35");
        assert_eq!(quote("12"), "12");
    }

    #[test]
    fn every_formula_start_is_neutralised() {
        assert_eq!(quote("=1+1"), "'=1+1");
        assert_eq!(quote("+1+1"), "'+1+1");
        assert_eq!(quote("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(quote("\t=1+1"), "'\t=1+1");
        assert_eq!(quote("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(quote("a-1+1"), "a-1+1");
    }
}
