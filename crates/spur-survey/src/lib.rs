//! # spur-survey
//!
//! The pre-visit survey of a SPUR inspection (förenkäten). Before a visit LIPUS sends a web
//! survey to the unit's verksamhetschef, studierektor, supervisors (handledare) and ST-läkare;
//! the answers are individual and anonymous, compiled per area, and the inspectors start from
//! them. This crate holds the parts that need no store:
//!
//! - [`StatementSet`] / [`Survey`]: the statements as catalog data — per area, in Swedish and
//!   English, each put to one or more [`Group`]s, derived from the area's criteria, with
//!   [`pair`](Statement::pair)s linking a supervisor's statement with its ST-läkare twin. spur's
//!   default set is embedded; a specialty's set adds statements;
//! - [`Questions`]: the survey as a document (Markdown, HTML, CSV, JSON) for a unit that runs it
//!   on paper or in another tool;
//! - [`Response`] and [`summarize`]: a pure function from answers to a [`SurveySummary`] — per
//!   area, statement and group the counts per [`Step`] and the share "stämmer helt/ganska bra",
//!   anonymous groups under [`MIN_ANONYMOUS`] respondents withheld everywhere, and the
//!   [`Discrepancy`]s between supervisors and ST-läkare on paired statements;
//! - [`AnswerSheet`]: answers collected elsewhere, read from CSV with located problems;
//! - [`survey_page`]: the phone-friendly answer page a server serves at `/survey/{token}`.
//!
//! ```
//! use spur_survey::{Group, Response, Step, Survey, summarize, DEFAULT_MARGIN};
//!
//! let survey = Survey::embedded(None).unwrap();
//! let mut responses = Vec::new();
//! for _ in 0..3 {
//!     responses.push(Response::new(Group::Handledare).answer("H.S2", Step::StammerHelt));
//! }
//! for _ in 0..4 {
//!     responses.push(Response::new(Group::StLakare).answer("H.S3", Step::StammerGanskaDalig));
//! }
//! let summary = summarize(&survey, &responses, DEFAULT_MARGIN);
//! assert_eq!(summary.discrepancies[0].handledare.statement, "H.S2");
//!
//! // Two supervisors are too few: their figures are withheld, and no discrepancy is shown.
//! responses.remove(0);
//! let summary = summarize(&survey, &responses, DEFAULT_MARGIN);
//! assert!(summary.group(Group::Handledare).unwrap().suppressed);
//! assert!(summary.discrepancies.is_empty());
//! ```
#![forbid(unsafe_code)]

pub mod answers;
pub mod appendix;
pub mod page;
pub mod questions;
mod render;
pub mod scale;
pub mod schema;
pub mod statements;
pub mod summary;
mod words;

use spur_core::Diagnostics;

pub use answers::{AnswerSheet, Response};
pub use appendix::{AppendixFormat, AppendixPart, appendix_title};
pub use page::{SURVEY_CSS, SURVEY_JS, survey_page, thanks_page};
pub use questions::{Question, QuestionArea, Questions, ScaleStep, free_text_id};
pub use scale::{Group, MIN_ANONYMOUS, Step};
pub use statements::{DEFAULT_SET, Statement, StatementSet, Survey};
pub use summary::{
    AreaSummary, Counts, DEFAULT_MARGIN, Discrepancy, Figures, FreeText, GroupOverview, Period,
    Side, StatementSummary, SurveySummary, summarize,
};

/// Everything that can go wrong in spur-survey.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A statement set or an answers file has problems; each is located and explained.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// Writing CSV failed (it is written to memory, so only on a defect).
    #[error("CSV: {0}")]
    Csv(String),
}

/// Pretty JSON with a trailing newline.
pub(crate) fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    // The crate's output types are plain data (strings, numbers, lists, maps with string keys):
    // serialising them cannot fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// A CSV writer for Swedish Excel: UTF-8 with BOM, `;` separator, CRLF line ends.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec())
}
