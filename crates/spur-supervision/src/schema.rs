//! JSON Schemas of the supervision log and the toolkit, generated from the Rust types.
//! The log schema is committed at `docs/schema/supervision-log.schema.json`; a test fails when
//! it drifts (regenerate with `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-supervision`).

use crate::{SupervisionLog, Toolkit};

/// The JSON Schema of the supervision log, pretty-printed with a trailing newline.
///
/// ```
/// let schema = spur_supervision::schema::log();
/// assert!(schema.contains("\"planned_end\""));
/// ```
pub fn log() -> String {
    pretty(schemars::schema_for!(SupervisionLog))
}

/// The JSON Schema of a toolkit file, pretty-printed with a trailing newline.
pub fn toolkit() -> String {
    pretty(schemars::schema_for!(Toolkit))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
