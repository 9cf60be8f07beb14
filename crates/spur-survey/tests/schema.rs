//! The committed JSON Schemas of the survey must match the Rust types, and what the crate
//! writes must validate against them.
//! Regenerate with: `SPUR_UPDATE_SCHEMA=1 cargo test -p spur-survey --test schema`

use std::path::PathBuf;

fn check(name: &str, generated: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/schema")
        .join(name);
    if std::env::var_os("SPUR_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/schema/{name} is out of date with the Rust types; regenerate it with\n\n    SPUR_UPDATE_SCHEMA=1 cargo test -p spur-survey --test schema\n"
    );
}

#[test]
fn the_statements_schema_is_committed_and_current() {
    check(
        "survey-statements.schema.json",
        spur_survey::schema::statements(),
    );
}

#[test]
fn the_questions_schema_is_committed_and_current() {
    check(
        "survey-questions.schema.json",
        spur_survey::schema::questions(),
    );
}

#[test]
fn the_summary_schema_is_committed_and_current() {
    check("survey-summary.schema.json", spur_survey::schema::summary());
}

#[test]
fn the_statements_schema_is_closed_and_names_the_groups() {
    let schema: serde_json::Value =
        serde_json::from_str(&spur_survey::schema::statements()).unwrap();
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
    let text = schema.to_string();
    for g in ["verksamhetschef", "studierektor", "handledare", "st-lakare"] {
        assert!(text.contains(&format!("\"{g}\"")), "{g}");
    }
}
