//! The inspection schema and `spur validate` agree on a shared corpus (`tests/contracts/`).
//!
//! - every document in `tests/contracts/valid/` and every fixture that validates passes both;
//! - every document the schema rejects, the validator rejects too (the schema is never
//!   stricter than the reader);
//! - every document in `tests/contracts/invalid/` is rejected by the validator, and by the
//!   schema too unless its name starts with `validator-only-` (rules JSON Schema cannot
//!   express, listed in `docs/inspection-format.md`).
//!
//! TOML documents are checked against the schema the way an editor (taplo) does: as the JSON
//! value of the TOML document, dates as `YYYY-MM-DD` strings.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/schema/inspection.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("inspection.schema.json is a valid schema")
}

fn documents(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let name = p.file_name().unwrap().to_string_lossy();
            (ext == "toml" || ext == "json") && !name.starts_with("supervision-log")
        })
        .collect();
    out.sort();
    out
}

/// The document as JSON, or `None` when it is not even TOML/JSON.
fn as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(&text).ok();
    }
    let value: toml::Value = toml::from_str(&text).ok()?;
    Some(toml_to_json(value))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn schema_errors(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    match as_json(path) {
        None => vec!["not a TOML/JSON document".into()],
        Some(value) => validator
            .iter_errors(&value)
            .take(3)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect(),
    }
}

/// Whether `spur validate` accepts the document (warnings allowed).
fn validator_accepts(path: &Path) -> bool {
    let out = assert_cmd::Command::cargo_bin("spur")
        .unwrap()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    match out.status.code() {
        Some(0 | 1) => true,
        Some(2) => false,
        other => panic!("spur validate {}: exit {other:?}", path.display()),
    }
}

fn name(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn valid_corpus_passes_schema_and_validator() {
    let validator = schema();
    let mut problems = Vec::new();
    for path in documents("tests/contracts/valid") {
        let errors = schema_errors(&validator, &path);
        if !errors.is_empty() {
            problems.push(format!(
                "{}: schema rejects: {}",
                name(&path),
                errors.join("; ")
            ));
        }
        if !validator_accepts(&path) {
            problems.push(format!("{}: spur validate rejects", name(&path)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn invalid_corpus_is_rejected() {
    let validator = schema();
    let mut problems = Vec::new();
    let corpus = documents("tests/contracts/invalid");
    assert!(
        corpus.len() >= 15,
        "the invalid corpus shrank to {}",
        corpus.len()
    );
    for path in corpus {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if validator_accepts(&path) {
            problems.push(format!("{}: spur validate accepts it", name(&path)));
        }
        let errors = schema_errors(&validator, &path);
        let validator_only = file.starts_with("validator-only-");
        if errors.is_empty() && !validator_only {
            problems.push(format!("{}: the schema accepts it", name(&path)));
        }
        if !errors.is_empty() && validator_only {
            problems.push(format!(
                "{}: the schema now rejects it too; drop the `validator-only-` prefix and the line in docs/inspection-format.md",
                name(&path)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn schema_is_never_stricter_than_the_validator() {
    let validator = schema();
    let mut problems = Vec::new();
    for dir in [
        "fixtures",
        "fixtures/overview",
        "fixtures/invalid",
        "tests/contracts/valid",
        "tests/contracts/invalid",
    ] {
        for path in documents(dir) {
            let errors = schema_errors(&validator, &path);
            let accepted = validator_accepts(&path);
            if !errors.is_empty() && accepted {
                problems.push(format!(
                    "{}: the schema rejects what spur validate accepts: {}",
                    name(&path),
                    errors.join("; ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
