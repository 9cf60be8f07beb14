//! The committed grading JSON Schema must match the code.
//! Regenerate with: `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-grading --test schema_drift`

#[test]
fn grading_schema_is_committed_and_current() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/grading.schema.json"
    );
    let generated = spur_grading::Grading::json_schema();
    if std::env::var_os("SPUR_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/grading.schema.json is out of date.\nRegenerate it with:\n  SPUR_UPDATE_SCHEMA=1 cargo test -p spur-grading --test schema_drift\n"
    );
}
