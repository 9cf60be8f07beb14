//! Dates as they appear in TOML (native `2026-03-01`) and JSON (`"2026-03-01"`).

use std::fmt;

use chrono::NaiveDate;
use serde::Deserializer;
use serde::de::{self, MapAccess, Visitor};

/// Parse a strict `YYYY-MM-DD` calendar date (rejects `2026-02-30`, times and offsets).
///
/// ```
/// use spur_core::parse_date;
/// assert!(parse_date("2026-03-01").is_some());
/// assert!(parse_date("2026-02-30").is_none());
/// assert!(parse_date("2026-3-1").is_none());
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = NaiveDate;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date as YYYY-MM-DD")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NaiveDate, E> {
        parse_date(v).ok_or_else(|| E::custom(format!("`{v}` is not a valid YYYY-MM-DD date")))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
        // toml presents native datetimes as a one-entry map.
        let Some((_, v)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date"));
        };
        self.visit_str(&v)
    }
}

/// `deserialize_with` for a required date.
pub(crate) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_any(DateVisitor)
}
