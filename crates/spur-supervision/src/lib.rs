//! # spur-supervision
//!
//! A supervisor's toolkit for ST (specialist training) and the evidence SPUR areas D, E and H
//! look for: is the IUP followed up and revised, is there continuous supervision, is competence
//! assessed and documented.
//!
//! - [`Toolkit`]: the discussion topics of Region Skåne's "Instruktion för handledning, bilaga 1"
//!   (18 topics, Swedish verbatim, English gloss, a [`Frequency`] each) and the whole-ST targets
//!   (specialistkollegium 3, 360° 2), embedded as data and loadable from a user file.
//! - [`SupervisionLog`]: one ST-läkare's log (pseudonymous): meetings with topics, assessments,
//!   IUP revisions, specialistkollegium and 360° dates; read from TOML or JSON with located
//!   diagnostics.
//! - [`agenda()`]: what the next meeting should take up on a date.
//! - [`commitments()`]: the plan's countable commitments (IUP revised ≥ 2 a year, ≥ 4 documented
//!   assessments a termin, 2 h supervision a week, the whole-ST targets) with target, actual,
//!   status and the SPUR criteria each evidences.
//!
//! Assumptions are documented where they are made: terms in [`Termin`], "regularly" in
//! [`REGULARLY_MONTHS`], due dates in [`due()`], pace and status in [`pace`], the commitments in
//! [`commitments`](mod@commitments).
//!
//! ```
//! use chrono::NaiveDate;
//! use spur_core::Catalog;
//! use spur_supervision::{agenda, commitments, CommitmentId, Settings, Status, SupervisionLog, Toolkit};
//!
//! let log = SupervisionLog::from_toml_str(r#"
//! [st]
//! id = "ST-07"
//! start = 2025-01-07
//! planned_end = 2030-01-06
//!
//! [[meetings]]
//! date = 2025-01-14
//! minutes = 60
//! topics = ["T01", "T02", "T03", "T04", "T06"]
//!
//! [[assessments]]
//! date = 2025-02-03
//! instrument = "Mini-CEX"
//! delmal = "STc1"
//! "#).unwrap();
//! let date = NaiveDate::from_ymd_opt(2025, 4, 22).unwrap();
//!
//! let next = agenda(&log, Toolkit::embedded(), date).unwrap();
//! assert!(next.due.iter().any(|i| i.topic == "T05")); // never covered, 3 months since start
//! assert!(next.due.iter().any(|i| i.topic == "T06")); // covered 2025-01-14, due since 04-14
//!
//! let report = commitments(&log, Toolkit::embedded(), Catalog::embedded(), date, &Settings::default()).unwrap();
//! let a = report.get(CommitmentId::Assessments).unwrap();
//! assert_eq!((a.current.actual, a.current.expected_by_now), (1, Some(2)));
//! assert_eq!(a.status, Status::AtRisk);
//! ```
#![forbid(unsafe_code)]

pub mod agenda;
pub mod commitments;
pub mod log;
pub mod pace;
pub mod period;
mod render;
pub mod schema;
pub mod toolkit;
mod words;

use chrono::NaiveDate;
use spur_core::Diagnostics;

pub use agenda::{Agenda, AgendaItem, UPCOMING_DAYS, agenda, last_covered};
pub use commitments::{
    Commitment, CommitmentId, CommitmentsReport, Evidence, Per, PeriodResult, Settings, Unit,
    commitments,
};
pub use log::{
    Assessment, Checked, EmptyInstrument, Instrument, IupRevision, Meeting, St, SupervisionLog,
};
pub use pace::{CATCH_UP_FACTOR, Status, TargetProgress, even_pace, milestones, target_progress};
pub use period::{Due, Half, Termin, add_months, due, year_end, year_start};
pub use toolkit::{
    EMBEDDED_TOOLKIT, Footnote, Frequency, LogEvent, REGULARLY_MONTHS, Target, TargetId, Toolkit,
    Topic,
};

/// Everything that can go wrong in spur-supervision.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The log or toolkit has problems; each is located and explained.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// An agenda or commitments date before the ST start.
    #[error("{date} is before the ST start {start}; choose a date on or after it")]
    BeforeStart {
        /// The date asked for.
        date: NaiveDate,
        /// The ST start.
        start: NaiveDate,
    },
}
