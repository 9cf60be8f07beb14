//! Every JSON the CLI writes, for every fixture, validates against its committed schema in
//! `docs/schema/` (with a real JSON Schema validator, formats asserted), and reads back into
//! its Rust type and re-serialises identically.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join(format!("docs/schema/{name}.schema.json")))
        .unwrap_or_else(|e| panic!("docs/schema/{name}.schema.json: {e}"));
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name}: not a valid schema: {e}"))
}

/// Run `spur ARGS` and return its stdout as JSON (whatever the exit status).
fn run(args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("spur")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("spur {args:?}: not JSON ({e}): {text}"))
}

fn check<T: Serialize + DeserializeOwned>(schema: &str, what: &str, value: &Value) {
    let v = validator(schema);
    let errors: Vec<String> = v
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates {schema}.schema.json:\n{}",
        errors.join("\n")
    );
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not read back into its type: {e}"));
    assert_eq!(
        &serde_json::to_value(&typed).unwrap(),
        value,
        "{what}: JSON → type → JSON differs"
    );
}

fn inspection_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures", "fixtures/overview", "fixtures/invalid"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if (ext == "toml" || ext == "json") && !name.starts_with("supervision-log") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn valid(path: &Path) -> bool {
    let out = assert_cmd::Command::cargo_bin("spur")
        .unwrap()
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    out.status.code() != Some(2)
}

#[test]
fn every_output_for_every_fixture_matches_its_schema_and_round_trips() {
    let mut checked = 0;
    for path in inspection_fixtures() {
        let p = path.to_str().unwrap();
        check::<spur_core::ValidationReport>(
            "validation",
            &format!("validate {p}"),
            &run(&["validate", "--format", "json", p]),
        );
        checked += 1;
        if !valid(&path) {
            continue;
        }
        check::<spur_grading::Grading>(
            "grading",
            &format!("grade {p}"),
            &run(&["grade", "--format", "json", p]),
        );
        check::<spur_report::ReportJson>(
            "report",
            &format!("report {p}"),
            &run(&["report", "--format", "json", p]),
        );
        check::<spur_followup::FollowUp>(
            "followup",
            &format!("followup {p}"),
            &run(&["followup", "--format", "json", "--as-of", "2026-11-23", p]),
        );
        checked += 3;
    }
    let overview = root().join("fixtures/overview");
    check::<spur_followup::Overview>(
        "overview",
        "overview",
        &run(&[
            "overview",
            overview.to_str().unwrap(),
            "--format",
            "json",
            "--as-of",
            "2026-11-23",
        ]),
    );
    check::<spur_core::Catalog>("catalog", "catalog", &run(&["catalog", "--format", "json"]));
    check::<spur_core::Catalog>(
        "catalog",
        "catalog --area E --regulation 2021",
        &run(&[
            "catalog",
            "--format",
            "json",
            "--area",
            "E",
            "--regulation",
            "2021",
        ]),
    );
    let log = root().join("fixtures/supervision-log.toml");
    let log = log.to_str().unwrap();
    for date in ["2026-03-04", "2026-11-20", "2027-06-30"] {
        check::<spur_supervision::Agenda>(
            "agenda",
            &format!("agenda {date}"),
            &run(&["agenda", log, "--date", date, "--format", "json"]),
        );
        check::<spur_supervision::CommitmentsReport>(
            "commitments",
            &format!("commitments {date}"),
            &run(&["commitments", log, "--as-of", date, "--format", "json"]),
        );
    }
    assert!(checked > 40, "only {checked} outputs checked");
}

#[test]
fn every_valid_fixture_serialises_to_a_document_the_inspection_schema_accepts() {
    let v = validator("inspection");
    for path in inspection_fixtures() {
        let src = std::fs::read_to_string(&path).unwrap();
        let format = spur_core::Format::from_path(&path);
        let checked =
            spur_core::InspectionDocument::check(&src, "f", format, spur_core::Catalog::embedded());
        let Ok((doc, _)) = checked.into_result() else {
            continue;
        };
        let json = serde_json::to_value(&doc).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&json)
            .take(5)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        let back: spur_core::InspectionDocument = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, doc, "{}", path.display());
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }
}
