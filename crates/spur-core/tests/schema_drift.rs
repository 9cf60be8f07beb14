//! The committed JSON Schemas in `docs/schema/` must match the code.
//! Regenerate with: `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-core --test schema_drift`

use std::path::PathBuf;

fn check(name: &str, generated: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/schema")
        .join(name);
    if std::env::var_os("SPUR_UPDATE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/{name} is out of date with the code.\nRegenerate it with:\n  SPUR_UPDATE_SCHEMA=1 cargo test -p spur-core --test schema_drift\n"
    );
}

#[test]
fn inspection_schema_is_committed_and_current() {
    check("inspection.schema.json", spur_core::schema::inspection());
}

#[test]
fn catalog_schema_is_committed_and_current() {
    check("catalog.schema.json", spur_core::schema::catalog());
}

#[test]
fn indicator_set_schema_is_committed_and_current() {
    check("indicators.schema.json", spur_core::schema::indicators());
}
