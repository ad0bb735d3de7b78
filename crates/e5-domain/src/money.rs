use std::fmt;

/// An amount in euro cents. Formatting follows French usage: `1 234,50 €`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Money(pub i64);

impl Money {
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Adds `rate` percent of tax to a tax-free amount, rounding half away from zero.
    pub fn with_tax(self, rate: f64) -> Money {
        Money((self.0 as f64 * (1.0 + rate / 100.0)).round() as i64)
    }

    /// Removes `rate` percent of tax from a tax-inclusive amount.
    pub fn without_tax(self, rate: f64) -> Money {
        Money((self.0 as f64 / (1.0 + rate / 100.0)).round() as i64)
    }

    /// `percent` percent of this amount, rounded to the cent.
    pub fn percent(self, percent: f64) -> Money {
        Money((self.0 as f64 * percent / 100.0).round() as i64)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        // Group thousands with a narrow no-break space, as French typography does.
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('\u{202f}');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped},{:02}\u{a0}€", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_the_french_way() {
        assert_eq!(Money(4990).to_string(), "49,90\u{a0}€");
        assert_eq!(Money(123450).to_string(), "1\u{202f}234,50\u{a0}€");
        assert_eq!(Money(-500).to_string(), "-5,00\u{a0}€");
        assert_eq!(Money(7).to_string(), "0,07\u{a0}€");
    }

    #[test]
    fn tax_is_added_and_removed_with_rounding_to_the_cent() {
        assert_eq!(Money(4158).with_tax(20.0), Money(4990));
        assert_eq!(Money(4990).without_tax(20.0), Money(4158));
        assert_eq!(Money(4990).percent(10.0), Money(499));
    }
}
