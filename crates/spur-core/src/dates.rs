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

/// The months as people write them: Swedish and English names and their usual abbreviations
/// (lower case, without a trailing dot), with the month's number.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("januari", 1), ("jan", 1), ("january", 1),
    ("februari", 2), ("feb", 2), ("february", 2),
    ("mars", 3), ("mar", 3), ("march", 3),
    ("april", 4), ("apr", 4),
    ("maj", 5), ("may", 5),
    ("juni", 6), ("jun", 6), ("june", 6),
    ("juli", 7), ("jul", 7), ("july", 7),
    ("augusti", 8), ("aug", 8), ("august", 8),
    ("september", 9), ("sep", 9), ("sept", 9),
    ("oktober", 10), ("okt", 10), ("october", 10), ("oct", 10),
    ("november", 11), ("nov", 11),
    ("december", 12), ("dec", 12),
];

/// A date as a person types it: `YYYY-MM-DD` ([`parse_date`]), or the day, the month's name
/// (Swedish or English, full or abbreviated, any case, an optional dot) and the year —
/// `1 mars 2026`, `1 mar. 2026`, `1:a mars 2026` — or the Swedish `D/M YYYY` (`1/3 2026`, the
/// first of March). Anything else, and a day the month does not have, is `None`: never a
/// guess. `1/3/2026` is refused too, as it reads as 3 January in an American spreadsheet.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_core::dates::parse_human_date;
/// let first_of_march = NaiveDate::from_ymd_opt(2026, 3, 1);
/// assert_eq!(parse_human_date("2026-03-01"), first_of_march);
/// assert_eq!(parse_human_date("1 mars 2026"), first_of_march);
/// assert_eq!(parse_human_date(" 1 Mar. 2026 "), first_of_march);
/// assert_eq!(parse_human_date("1/3 2026"), first_of_march);
/// assert_eq!(parse_human_date("1 mars"), None);
/// assert_eq!(parse_human_date("31 februari 2026"), None);
/// assert_eq!(parse_human_date("1/3/2026"), None);
/// ```
pub fn parse_human_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let year = |w: &str| -> Option<i32> {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let day = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(['.', ':', 'a', 'e']);
        (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    match words.as_slice() {
        [d, m, y] => {
            let y = year(y.trim_end_matches(','))?;
            let m = m.trim_end_matches([',', '.']).to_lowercase();
            if let Some((_, month)) = MONTHS.iter().find(|(name, _)| *name == m) {
                return NaiveDate::from_ymd_opt(y, *month, day(d)?);
            }
            None
        }
        [dm, y] => {
            let y = year(y)?;
            let (d, m) = dm.split_once('/')?;
            let m: u32 = (m.len() <= 2 && m.bytes().all(|b| b.is_ascii_digit()))
                .then(|| m.parse().ok())
                .flatten()?;
            NaiveDate::from_ymd_opt(y, m, day(d)?)
        }
        _ => None,
    }
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
