//! Calendar periods: terms (termin), calendar years, month arithmetic and when a topic is due.
//!
//! **Assumption — terms.** A termin is taken as spring (vårtermin, `VT`) 1 January–30 June and
//! autumn (hösttermin, `HT`) 1 July–31 December. Swedish terms are roughly so; the regulations
//! and the seed report do not define them.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::toolkit::Frequency;

/// The half of the year a termin covers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Half {
    /// Vårtermin (VT): 1 January–30 June.
    Spring,
    /// Hösttermin (HT): 1 July–31 December.
    Autumn,
}

/// A termin: spring (1 Jan–30 Jun) or autumn (1 Jul–31 Dec) of a year.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_supervision::{Half, Termin};
/// let d = NaiveDate::from_ymd_opt(2026, 9, 2).unwrap();
/// let t = Termin::containing(d);
/// assert_eq!(t, Termin { year: 2026, half: Half::Autumn });
/// assert_eq!(t.to_string(), "HT 2026");
/// assert_eq!(t.start(), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
/// assert_eq!(t.end(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
/// assert_eq!(t.next().to_string(), "VT 2027");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Termin {
    /// The calendar year.
    pub year: i32,
    /// Spring or autumn.
    pub half: Half,
}

impl Termin {
    /// The termin a date falls in.
    pub fn containing(date: NaiveDate) -> Termin {
        let half = if date.month() <= 6 {
            Half::Spring
        } else {
            Half::Autumn
        };
        Termin {
            year: date.year(),
            half,
        }
    }

    /// First day of the termin.
    pub fn start(self) -> NaiveDate {
        let month = match self.half {
            Half::Spring => 1,
            Half::Autumn => 7,
        };
        ymd(self.year, month, 1)
    }

    /// Last day of the termin.
    pub fn end(self) -> NaiveDate {
        match self.half {
            Half::Spring => ymd(self.year, 6, 30),
            Half::Autumn => ymd(self.year, 12, 31),
        }
    }

    /// The following termin.
    pub fn next(self) -> Termin {
        match self.half {
            Half::Spring => Termin {
                year: self.year,
                half: Half::Autumn,
            },
            Half::Autumn => Termin {
                year: self.year + 1,
                half: Half::Spring,
            },
        }
    }
}

impl fmt::Display for Termin {
    /// `VT 2026` (spring) or `HT 2026` (autumn).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = match self.half {
            Half::Spring => "VT",
            Half::Autumn => "HT",
        };
        write!(f, "{h} {}", self.year)
    }
}

/// A date from parts; out-of-range parts clamp to the nearest representable date, so this never
/// panics (callers only pass valid month/day combinations).
pub(crate) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// First day of a calendar year.
pub fn year_start(year: i32) -> NaiveDate {
    ymd(year, 1, 1)
}

/// Last day of a calendar year.
pub fn year_end(year: i32) -> NaiveDate {
    ymd(year, 12, 31)
}

/// `date` plus `months` calendar months; a day past the end of the target month clamps to its
/// last day (31 January + 1 month = 28 or 29 February). Saturates at the latest representable
/// date.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_supervision::add_months;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(add_months(d(2023, 11, 30), 3), d(2024, 2, 29));
/// assert_eq!(add_months(d(2024, 8, 31), 6), d(2025, 2, 28));
/// ```
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Number of days from `start` to `end`, both included (0 when `end` is before `start`).
pub(crate) fn days_incl(start: NaiveDate, end: NaiveDate) -> i64 {
    ((end - start).num_days() + 1).max(0)
}

/// Whether a topic is due on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Due {
    /// An every-meeting topic: always on the agenda.
    Always,
    /// Due, and has been since `since`.
    Due {
        /// The first day it was due.
        since: NaiveDate,
    },
    /// Not due yet; becomes due on `next`.
    NotDue {
        /// The first day it will be due.
        next: NaiveDate,
    },
    /// An as-needed topic: never due by itself.
    Optional,
}

impl Due {
    /// Whether the topic belongs on the agenda by its frequency.
    pub fn is_due(self) -> bool {
        matches!(self, Due::Always | Due::Due { .. })
    }
}

/// Whether a topic of `frequency` is due on `date`, given when it was last covered (on or before
/// `date`) and the ST start.
///
/// - `every_meeting` → [`Due::Always`]; `as_needed` → [`Due::Optional`].
/// - Interval frequencies (`every_3_months`, `every_6_months`, `yearly`, `regularly` = every
///   [`REGULARLY_MONTHS`](crate::REGULARLY_MONTHS) months): the reference is the last time covered,
///   or the ST start when never covered; due from reference + interval (month arithmetic with
///   end-of-month clamping, see [`add_months`]) — on that day itself it is due.
/// - `end_of_year`: from 1 November to 31 December of a year, due (since 1 November, or since the
///   ST start if later) unless covered on or after 1 November of that year; from January to
///   October not due, next due 1 November.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_supervision::{due, Due, Frequency};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let start = d(2024, 9, 1);
/// assert_eq!(
///     due(Frequency::Every3Months, Some(d(2025, 11, 30)), start, d(2026, 3, 1)),
///     Due::Due { since: d(2026, 2, 28) }
/// );
/// assert_eq!(
///     due(Frequency::EndOfYear, None, start, d(2025, 10, 31)),
///     Due::NotDue { next: d(2025, 11, 1) }
/// );
/// ```
pub fn due(
    frequency: Frequency,
    last_covered: Option<NaiveDate>,
    st_start: NaiveDate,
    date: NaiveDate,
) -> Due {
    match frequency {
        Frequency::EveryMeeting => Due::Always,
        Frequency::AsNeeded => Due::Optional,
        Frequency::EndOfYear => {
            let window = ymd(date.year(), 11, 1);
            if date < window {
                Due::NotDue { next: window }
            } else if last_covered.is_some_and(|c| c >= window && c <= date) {
                Due::NotDue {
                    next: ymd(date.year() + 1, 11, 1),
                }
            } else {
                Due::Due {
                    since: window.max(st_start),
                }
            }
        }
        Frequency::Every3Months
        | Frequency::Every6Months
        | Frequency::Yearly
        | Frequency::Regularly => {
            let months = frequency.interval_months().unwrap_or(3);
            let reference = last_covered.unwrap_or(st_start);
            let at = add_months(reference, months);
            if date >= at {
                Due::Due { since: at }
            } else {
                Due::NotDue { next: at }
            }
        }
    }
}
