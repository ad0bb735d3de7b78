//! The period a statistics page covers, and the previous period it is compared with.

use e5_domain::calendar::{civil_from_days, days_from_civil};
use serde::{Deserialize, Serialize};

use crate::form::is_day;

/// The query string of the statistics pages (`?periode=30`, `?periode=mois&mois=2026-09`,
/// `?periode=perso&du=…&au=…`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PeriodQuery {
    #[serde(default)]
    pub periode: String,
    #[serde(default)]
    pub mois: String,
    #[serde(default)]
    pub du: String,
    #[serde(default)]
    pub au: String,
}

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: String,
    pub to: String,
}

impl Period {
    pub fn days(&self) -> i64 {
        day_number(&self.to) - day_number(&self.from) + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let n = self.days();
        let end = day_number(&self.from) - 1;
        Period {
            from: day_string(end - n + 1),
            to: day_string(end),
        }
    }

    /// Every day of the period, in order.
    pub fn each_day(&self) -> Vec<String> {
        (day_number(&self.from)..=day_number(&self.to))
            .map(day_string)
            .collect()
    }
}

/// Resolves the query into a period. `data_end` is the last day of the seeded traffic;
/// `last_order` the day of the most recent order (a candidate's test order may be later).
/// Quick ranges end on the last traffic day, extended to the last order when one was placed
/// since, so a candidate's own orders always count (see docs/statistics.md).
pub fn resolve(
    q: &PeriodQuery,
    data_end: &str,
    last_order: &str,
) -> Result<(Period, String), String> {
    let end = if last_order > data_end {
        last_order
    } else {
        data_end
    };
    let quick = |n: i64| Period {
        from: day_string(day_number(data_end) - n + 1),
        to: end.to_owned(),
    };
    match q.periode.as_str() {
        "" | "30" => Ok((quick(30), "30".into())),
        "7" => Ok((quick(7), "7".into())),
        "90" => Ok((quick(90), "90".into())),
        "mois" => {
            let month = q.mois.trim();
            let first = format!("{month}-01");
            if !is_day(&first) {
                return Err("Choisissez un mois.".into());
            }
            let next = day_number(&first) + 31;
            let next_first = format!("{}-01", &day_string(next)[..7]);
            Ok((
                Period {
                    from: first,
                    to: day_string(day_number(&next_first) - 1),
                },
                "mois".into(),
            ))
        }
        "perso" => {
            if !is_day(&q.du) || !is_day(&q.au) {
                return Err("Indiquez une date de début et une date de fin.".into());
            }
            if q.au < q.du {
                return Err("La date de fin est antérieure à la date de début.".into());
            }
            if day_number(&q.au) - day_number(&q.du) > 731 {
                return Err("Choisissez une période de deux ans au plus.".into());
            }
            Ok((
                Period {
                    from: q.du.clone(),
                    to: q.au.clone(),
                },
                "perso".into(),
            ))
        }
        _ => Err("Période inconnue.".into()),
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` day (proleptic Gregorian calendar).
pub fn day_number(day: &str) -> i64 {
    let y: i64 = day.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(1970);
    let m: i64 = day.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    let d: i64 = day.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1);
    days_from_civil(y, m, d)
}

pub fn day_string(n: i64) -> String {
    let (y, m, d) = civil_from_days(n);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_numbers() {
        for day in ["2026-10-31", "2024-02-29", "2025-11-01", "2027-01-01"] {
            assert_eq!(day_string(day_number(day)), day);
        }
        assert_eq!(day_number("2026-03-01") - day_number("2026-02-28"), 1);
    }

    #[test]
    fn the_default_is_the_last_thirty_days_of_data_and_the_thirty_before() {
        let (p, _) = resolve(&PeriodQuery::default(), "2026-10-31", "2026-10-31").unwrap();
        assert_eq!(
            p,
            Period {
                from: "2026-10-02".into(),
                to: "2026-10-31".into()
            }
        );
        assert_eq!(
            p.previous(),
            Period {
                from: "2026-09-02".into(),
                to: "2026-10-01".into()
            }
        );
    }

    #[test]
    fn a_later_order_extends_the_quick_ranges_to_its_day() {
        let (p, _) = resolve(&PeriodQuery::default(), "2026-10-31", "2026-11-27").unwrap();
        assert_eq!(p.to, "2026-11-27");
        assert_eq!(p.from, "2026-10-02");
    }

    #[test]
    fn a_month_covers_its_days() {
        let q = PeriodQuery {
            periode: "mois".into(),
            mois: "2026-02".into(),
            ..Default::default()
        };
        let (p, _) = resolve(&q, "2026-10-31", "2026-10-31").unwrap();
        assert_eq!(
            p,
            Period {
                from: "2026-02-01".into(),
                to: "2026-02-28".into()
            }
        );
    }

    #[test]
    fn custom_dates_the_wrong_way_round_are_refused() {
        let q = PeriodQuery {
            periode: "perso".into(),
            du: "2026-05-10".into(),
            au: "2026-05-01".into(),
            ..Default::default()
        };
        assert!(resolve(&q, "2026-10-31", "2026-10-31").is_err());
    }
}
