//! # spur-followup
//!
//! What happens after a SPUR inspection: the unit answers every brist with a *handlingsplan*
//! (action plan), and the plan is only worth its follow-up. This crate
//!
//! - classifies every plan entry on a given date ([`entry_state`], [`follow_up`]): not yet due,
//!   due soon, overdue, done awaiting follow-up, follow-up overdue, closed effective, closed not
//!   effective — and renders the result as a table, JSON, Markdown or an iCalendar file
//!   ([`FollowUp`]);
//! - builds the regional overview over many inspection documents ([`overview()`]): a matrix
//!   unit × area with the final grade per regulation, the units with a D and no received plan,
//!   the overdue plan entries and the units due for re-inspection, with every unreadable file
//!   listed instead of stopping the run. Files are read, validated and graded in parallel
//!   (rayon); each document is reduced to a small [`UnitRow`] at once, so memory grows only
//!   with the result table;
//! - with the cargo feature `synth` (off by default), generates synthetic inspection documents
//!   for tests and benchmarks (`synthetic_document`).
//!
//! ```
//! use spur_core::{InspectionDocument, parse_date};
//! use spur_followup::{follow_up, EntryState};
//! let doc = InspectionDocument::from_toml_str(r#"
//! [inspection]
//! unit = "Exempel"
//! visit_date = 2026-01-20
//! regulations = ["HSLF-FS 2021:8"]
//! [findings]
//! "D.F6" = "not_met"
//! [handlingsplan]
//! received = 2026-02-15
//! [[handlingsplan.entries]]
//! criterion = "D.F6"
//! action = "Revidera IUP"
//! due = 2026-03-01
//! responsible = ["handledare"]
//! follow_up = 2026-10-01
//! follow_up_responsible = ["studierektor"]
//! "#).unwrap();
//! let report = follow_up(&doc, parse_date("2026-04-01").unwrap());
//! assert_eq!(report.entries[0].state, EntryState::Overdue);
//! assert_eq!(report.entries[0].days, Some(31)); // 31 days past the due date
//! ```
#![forbid(unsafe_code)]

mod dates;
mod followup;
mod ics;
mod overview;
mod overview_out;
mod plan_states;
mod render;
#[cfg(feature = "synth")]
mod synth;

pub use followup::{
    DUE_SOON_DAYS, EntryFollowUp, EntryState, FollowUp, StateAt, entry_state, follow_up,
};
pub use ics::{IcsError, fold_line, ics_date_ok, ics_escape};
pub use overview::{
    AreaTrend, Catalogs, FileError, GradeMatrix, MissingPlan, OverdueEntry, Overview,
    OverviewOptions, Reinspection, TrendVisit, UnitRow, UnitSummary, UnitTrend, assemble,
    collation_key, collect_files, overview, overview_in, summarize_file, summarize_file_in,
    summarize_graded, summarize_source, summarize_source_in,
};
pub use plan_states::PlanStates;
pub use render::csv_cell;
pub use spur_report::compare::{
    AreaChange, Change, Comparison, CriterionChange, Inspected, Persisting, PlanNotEffective, Side,
    compare, compare_previous,
};
#[cfg(feature = "synth")]
pub use synth::synthetic_document;

/// Everything that can go wrong in spur-followup.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A file is not UTF-8 text.
    #[error("{path}: not valid UTF-8 (invalid byte at offset {offset}); save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A document has errors; `first` is the first one on one line.
    #[error("{first}{}", if *.count > 1 { format!(" (+{} more error(s))", .count - 1) } else { String::new() })]
    Invalid {
        /// The file.
        path: String,
        /// The first error, on one line.
        first: String,
        /// How many errors the document has.
        count: usize,
    },
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}
