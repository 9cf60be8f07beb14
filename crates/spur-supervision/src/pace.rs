//! Pace and status rules shared by the agenda and the commitments, and progress towards the
//! whole-ST targets.
//!
//! **Status rules.**
//! - *met*: the target is reached in the period;
//! - *on track*: not yet reached, the period is still running, and the count is at or ahead of
//!   the expected pace;
//! - *at risk*: not yet reached, the period is still running, but the count is behind the pace;
//! - *missed*: the period ended short, or (supervision time only) catching up would need more
//!   than [`CATCH_UP_FACTOR`] × the weekly target for the rest of the period.
//!
//! **Pace.** Within a period (calendar year, termin) the pace is even: after a share *f* of the
//! period, ⌊target × f⌋ are expected. Over the whole ST the *i*-th of *n* events is expected by
//! *i*/(*n*+1) of the planned ST (milestones), so none is left to the final months — e.g. three
//! specialistkollegier at ¼, ½ and ¾ of the ST, two 360° assessments at ⅓ and ⅔.

use chrono::{Days, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::Lang;

use crate::log::SupervisionLog;
use crate::period::days_incl;
use crate::toolkit::{Target, TargetId};
use crate::words::Says;

/// How much faster than the weekly target supervision may plausibly run for the rest of a
/// termin when catching up (2 → at most 4 h a week against a 2 h target). An **assumption**;
/// beyond it the termin's supervision-time commitment counts as missed.
pub const CATCH_UP_FACTOR: u32 = 2;

/// Where a commitment or target stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    /// The target is reached.
    Met,
    /// Not yet reached, at or ahead of pace, period still running.
    OnTrack,
    /// Not yet reached and behind pace, but still reachable in the period.
    AtRisk,
    /// The period ended short, or the target can no longer be reached in it.
    Missed,
}

impl Status {
    /// A label for reports in `lang`: `met`, `on track`, `at risk`, `missed`; `uppfyllt`,
    /// `i fas`, `i riskzonen`, `ej uppnått`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Met => Says::PaceMet,
            Status::OnTrack => Says::PaceOnTrack,
            Status::AtRisk => Says::PaceAtRisk,
            Status::Missed => Says::PaceMissed,
        }
        .template(lang)
    }
}

/// How many of `target` are expected after `elapsed_days` of a `total_days` period at an even
/// pace: ⌊target × elapsed / total⌋, at most `target`.
///
/// ```
/// use spur_supervision::even_pace;
/// assert_eq!(even_pace(4, 0, 181), 0);
/// assert_eq!(even_pace(4, 46, 181), 1); // a quarter of a spring termin
/// assert_eq!(even_pace(2, 365, 365), 2);
/// assert_eq!(even_pace(2, 999, 365), 2);
/// ```
pub fn even_pace(target: u32, elapsed_days: i64, total_days: i64) -> u32 {
    if total_days <= 0 {
        return target;
    }
    let elapsed = elapsed_days.clamp(0, total_days) as u128;
    let expected = u128::from(target) * elapsed / total_days as u128;
    u32::try_from(expected).unwrap_or(target).min(target)
}

/// The status of a count against its target (see the module docs).
pub(crate) fn count_status(target: u32, actual: u32, expected: u32, ended: bool) -> Status {
    if actual >= target {
        Status::Met
    } else if ended {
        Status::Missed
    } else if actual < expected {
        Status::AtRisk
    } else {
        Status::OnTrack
    }
}

/// The dates by which each of `n` whole-ST events is expected: the *i*-th at
/// start + ⌊*i* × (planned_end − start) / (*n*+1)⌋ days.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_supervision::milestones;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // A 4-year ST (1461 days): thirds for two events.
/// assert_eq!(milestones(d(2025, 1, 1), d(2029, 1, 1), 2), vec![d(2026, 5, 3), d(2027, 9, 2)]);
/// ```
pub fn milestones(start: NaiveDate, planned_end: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let total = (planned_end - start).num_days().max(0) as u64;
    (1..=u64::from(n))
        .map(|i| {
            let offset = i * total / (u64::from(n) + 1);
            start
                .checked_add_days(Days::new(offset))
                .unwrap_or(planned_end)
        })
        .collect()
}

/// Progress towards one whole-ST target on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetProgress {
    /// Which target.
    pub target: TargetId,
    /// Swedish name.
    pub sv: String,
    /// English name.
    pub en: String,
    /// How many per ST.
    pub required: u32,
    /// How many are logged on or before the date.
    pub done: u32,
    /// Their dates.
    pub dates: Vec<NaiveDate>,
    /// How many are expected by the date (milestones passed).
    pub expected_by_now: u32,
    /// The dates by which each is expected.
    pub milestones: Vec<NaiveDate>,
    /// By when the next one is expected, while the target is not reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_by: Option<NaiveDate>,
    /// Where the target stands.
    pub status: Status,
}

impl TargetProgress {
    /// Behind the milestones (at risk) or missed.
    pub fn overdue(&self) -> bool {
        matches!(self.status, Status::AtRisk | Status::Missed)
    }
}

/// Progress towards `target` on `date`, counting the log's dates on or before `date`.
pub fn target_progress(log: &SupervisionLog, target: &Target, date: NaiveDate) -> TargetProgress {
    let mut dates: Vec<NaiveDate> = log
        .target_dates(target.id)
        .iter()
        .copied()
        .filter(|d| *d <= date)
        .collect();
    dates.sort();
    dates.dedup();
    let done = u32::try_from(dates.len()).unwrap_or(u32::MAX);
    let marks = milestones(log.st.start, log.st.planned_end, target.count);
    let expected = u32::try_from(marks.iter().filter(|m| **m <= date).count()).unwrap_or(u32::MAX);
    let ended = date > log.st.planned_end;
    let next_by = if done < target.count {
        marks.get(done as usize).copied()
    } else {
        None
    };
    TargetProgress {
        target: target.id,
        sv: target.sv.clone(),
        en: target.en.clone(),
        required: target.count,
        done,
        dates,
        expected_by_now: expected,
        milestones: marks,
        next_by,
        status: count_status(target.count, done, expected, ended),
    }
}

/// The status of supervision time in one termin window (see the module docs): `minutes` logged
/// in the first `elapsed_days` of a `window_days` window, against `per_week` minutes a week.
/// Returns the status and the minutes expected so far (target × complete weeks elapsed).
pub(crate) fn rate_status(
    per_week: u32,
    minutes: u64,
    window_days: i64,
    elapsed_days: i64,
    ended: bool,
) -> (Status, u64) {
    let per_week = u64::from(per_week);
    let window = window_days.max(0) as u64;
    let elapsed = elapsed_days.clamp(0, window_days.max(0)) as u64;
    let needed_total = (per_week * window).div_ceil(7);
    let expected_so_far = per_week * (elapsed / 7);
    let status = if minutes >= needed_total {
        Status::Met
    } else if ended {
        Status::Missed
    } else if minutes >= expected_so_far {
        Status::OnTrack
    } else {
        let remaining_needed = needed_total - minutes;
        let remaining_days = window - elapsed;
        // At most CATCH_UP_FACTOR × the weekly target for the rest of the window.
        let max_possible = u64::from(CATCH_UP_FACTOR) * per_week * remaining_days / 7;
        if remaining_needed > max_possible {
            Status::Missed
        } else {
            Status::AtRisk
        }
    };
    (status, expected_so_far)
}

/// Days elapsed of a window on `date` (both ends included), and whether the window has ended.
pub(crate) fn elapsed(start: NaiveDate, end: NaiveDate, date: NaiveDate) -> (i64, bool) {
    (days_incl(start, date.min(end)), date > end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_status_table() {
        // (target, actual, expected, ended) → status
        let table = [
            (4, 4, 2, false, Status::Met),
            (4, 5, 4, true, Status::Met),
            (4, 3, 4, true, Status::Missed),
            (4, 1, 2, false, Status::AtRisk),
            (4, 2, 2, false, Status::OnTrack),
            (4, 0, 0, false, Status::OnTrack),
            (0, 0, 0, true, Status::Met),
        ];
        for (target, actual, expected, ended, want) in table {
            assert_eq!(
                count_status(target, actual, expected, ended),
                want,
                "{target} {actual} {expected} {ended}"
            );
        }
    }

    #[test]
    fn rate_status_table() {
        // A 182-day window needs ⌈120 × 182 / 7⌉ = 3120 minutes.
        let table = [
            (3120, 10, false, Status::Met),    // already the whole window's worth
            (3119, 182, true, Status::Missed), // ended one minute short
            (3120, 182, true, Status::Met),
            (240, 14, false, Status::OnTrack),  // 2 weeks × 120
            (239, 14, false, Status::AtRisk),   // a minute behind; easily caught up
            (0, 6, false, Status::OnTrack),     // no complete week yet
            (0, 91, false, Status::AtRisk),     // half gone, nothing logged: needs exactly 4 h/week
            (0, 92, false, Status::Missed),     // … one day later it needs more than 4 h/week
            (3000, 182, false, Status::Missed), // last day, short, nothing left to catch up with
        ];
        for (minutes, elapsed, ended, want) in table {
            assert_eq!(
                rate_status(120, minutes, 182, elapsed, ended).0,
                want,
                "{minutes} min after {elapsed} days"
            );
        }
    }

    #[test]
    fn milestones_never_reach_the_end() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let m = milestones(d(2024, 9, 1), d(2029, 8, 31), 3);
        assert_eq!(m, vec![d(2025, 12, 1), d(2027, 3, 2), d(2028, 5, 31)]);
        assert!(
            milestones(d(2024, 9, 1), d(2024, 9, 1), 2)
                .iter()
                .all(|x| *x == d(2024, 9, 1))
        );
    }
}
