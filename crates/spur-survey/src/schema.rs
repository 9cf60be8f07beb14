//! JSON Schemas of the statement sets (an input), the questions document and the summary
//! (outputs of `--format json`), generated from the Rust types. The committed copies live in
//! `docs/schema/` (`survey-statements`, `survey-questions`, `survey-summary`); a test fails when
//! they drift (regenerate with `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-survey --test schema`).

use spur_core::schema::{Direction, generate};

use crate::{Questions, StatementSet, SurveySummary};

/// The JSON Schema of a statement set file (`statements/spur-default.toml`).
///
/// ```
/// assert!(spur_survey::schema::statements().contains("\"pair\""));
/// ```
pub fn statements() -> String {
    generate::<StatementSet>("survey-statements", Direction::Input)
}

/// The JSON Schema of `spur survey questions --format json` ([`Questions::to_json`]).
pub fn questions() -> String {
    generate::<Questions>("survey-questions", Direction::Output)
}

/// The JSON Schema of `spur survey summary --format json` ([`SurveySummary::to_json`]).
pub fn summary() -> String {
    generate::<SurveySummary>("survey-summary", Direction::Output)
}
