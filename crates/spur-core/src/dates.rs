//! Dates as they appear in TOML (native `2026-03-01`) and JSON (`"2026-03-01"`).
//!
//! spur's own types serialise dates with chrono's serde (`YYYY-MM-DD`). For an embedder's types,
//! `#[serde(with = "spur_core::dates")]` on a `NaiveDate` field and
//! `#[serde(default, with = "spur_core::dates::opt")]` on an `Option<NaiveDate>` field write
//! `YYYY-MM-DD` and read it back strictly (no time, no offset, real calendar dates).

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserializer, Serializer};

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
pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_any(DateVisitor)
}

/// `serialize_with` for a date: always `YYYY-MM-DD`.
pub fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// `serde(with = "spur_core::dates")`: serialise a date as `YYYY-MM-DD`.
///
/// # Errors
/// Only the serializer's own errors.
pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    ser_date(d, s)
}

/// `serde(with = "spur_core::dates")`: read a strict `YYYY-MM-DD` date.
///
/// # Errors
/// When the value is not a string or native TOML date holding a real `YYYY-MM-DD` date.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    de_date(d)
}

/// `serde(default, with = "spur_core::dates::opt")` for `Option<NaiveDate>`: `null` (or an
/// absent field, with `default`) is `None`.
pub mod opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serialise `Some(date)` as `YYYY-MM-DD`, `None` as `null`.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::ser_date(d, s),
            None => s.serialize_none(),
        }
    }

    /// Read `null` as `None` and a strict `YYYY-MM-DD` date as `Some`.
    ///
    /// # Errors
    /// When the value is neither `null` nor a real `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(deserialize_with = "super::de_date")] NaiveDate);
        Ok(Option::<Wrap>::deserialize(d)?.map(|Wrap(d)| d))
    }
}
