//! The committed JSON Schema of the supervision log must match the Rust types.

const COMMITTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/schema/supervision-log.schema.json"
);

#[test]
fn the_committed_log_schema_is_current() {
    let generated = spur_supervision::schema::log();
    if std::env::var_os("SPUR_UPDATE_SCHEMA").is_some() {
        let path = std::path::Path::new(COMMITTED);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/supervision-log.schema.json is out of date with the Rust types; regenerate it with\n\n    SPUR_UPDATE_SCHEMA=1 cargo test -p spur-supervision --test schema\n"
    );
}

#[test]
fn the_schema_describes_every_top_level_key() {
    let schema: serde_json::Value = serde_json::from_str(&spur_supervision::schema::log()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "st",
        "meetings",
        "assessments",
        "iup_revisions",
        "specialistkollegium",
        "degree360",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}
