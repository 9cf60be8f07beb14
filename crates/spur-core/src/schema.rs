//! JSON Schemas of the inspection document and the catalog, generated from the Rust types.
//! The committed copies live in `docs/schema/`; a test fails when they drift.

use crate::{Catalog, InspectionDocument};

/// The JSON Schema of the inspection document, pretty-printed with a trailing newline.
pub fn inspection() -> String {
    pretty(schemars::schema_for!(InspectionDocument))
}

/// The JSON Schema of the catalog, pretty-printed with a trailing newline.
pub fn catalog() -> String {
    pretty(schemars::schema_for!(Catalog))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
