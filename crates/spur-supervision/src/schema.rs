//! JSON Schemas of the supervision log, the toolkit, the agenda and the commitments report,
//! generated from the Rust types. The committed copies live in `docs/schema/`
//! (`supervision-log`, `agenda`, `commitments`); tests fail when they drift (regenerate with
//! `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-supervision`).

use spur_core::schema::{Direction, generate};

use crate::{Agenda, CommitmentsReport, SupervisionLog, Toolkit};

/// The JSON Schema of the supervision log, pretty-printed with a trailing newline.
///
/// ```
/// let schema = spur_supervision::schema::log();
/// assert!(schema.contains("\"planned_end\""));
/// ```
pub fn log() -> String {
    generate::<SupervisionLog>("supervision-log", Direction::Input)
}

/// The JSON Schema of a toolkit file, pretty-printed with a trailing newline.
pub fn toolkit() -> String {
    generate::<Toolkit>("toolkit", Direction::Input)
}

/// The JSON Schema of `spur agenda --format json` ([`Agenda::to_json`]).
pub fn agenda() -> String {
    generate::<Agenda>("agenda", Direction::Output)
}

/// The JSON Schema of `spur commitments --format json` ([`CommitmentsReport::to_json`]).
pub fn commitments() -> String {
    generate::<CommitmentsReport>("commitments", Direction::Output)
}
