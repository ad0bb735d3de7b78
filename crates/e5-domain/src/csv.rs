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
    // A leading = + - @ would be read as a formula by spreadsheets: neutralise it.
    let field = if field.starts_with(['=', '+', '@'])
        || (field.starts_with('-') && !field[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
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
}
