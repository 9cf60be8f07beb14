//! Date helpers: year arithmetic and text. Dates serialise with chrono's own serde (`YYYY-MM-DD`).

use chrono::{Months, NaiveDate};

/// `date` plus `years` calendar years; 29 February becomes 28 February in a common year.
pub(crate) fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// An optional date as text, `-` when absent.
pub(crate) fn opt(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_day_plus_years_clamps_to_28_february() {
        let d = NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
        assert_eq!(
            add_years(d, 5),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
        assert_eq!(
            add_years(d, 4),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }
}
