//! Issue 28 item 7: every command with `--format json` answers a document with errors as JSON
//! on stdout — the validation result of `spur validate --format json`
//! (`docs/schema/validation.schema.json`) — with exit 2; and spur's output schemas are closed
//! (`additionalProperties: false`), so a renamed field is noticed.

mod common;

use common::{SEED, spur};
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema(name: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join(format!("docs/schema/{name}.schema.json"))).unwrap(),
    )
    .unwrap()
}

const BAD: &str = "[inspection]\nunit = \"U\"\nvisit_date = 2026-13-01\nregulations = [\"HSLF-FS 2021:8\"]\n\n[findings]\n\"D.F33\" = \"met\"\n";

#[test]
fn every_json_command_answers_errors_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, BAD).unwrap();
    let bad = bad.display().to_string();
    let log = root().join("fixtures/supervision-log.toml");
    let bad_log = dir.path().join("bad-log.toml");
    std::fs::write(
        &bad_log,
        std::fs::read_to_string(&log)
            .unwrap()
            .replacen("2026-", "2026-13-", 1),
    )
    .unwrap();
    let bad_log = bad_log.display().to_string();
    let validator = jsonschema::validator_for(&schema("validation")).unwrap();
    let cases: Vec<(Vec<&str>, bool)> = vec![
        // (arguments, whether the document's diagnostics are listed)
        (vec!["validate", &bad, "--format", "json"], true),
        (vec!["grade", &bad, "--format", "json"], true),
        (vec!["report", &bad, "--format", "json"], true),
        (vec!["followup", &bad, "--format", "json"], true),
        (vec!["compare", SEED, &bad, "--format", "json"], true),
        (vec!["compare", &bad, SEED, "--format", "json"], true),
        (vec!["overview", &bad, "--format", "json"], false),
        (vec!["agenda", &bad_log, "--format", "json"], true),
        (vec!["commitments", &bad_log, "--format", "json"], true),
        (
            vec!["grade", "no-such-file.toml", "--format", "json"],
            false,
        ),
    ];
    for (args, listed) in cases {
        let out = spur().args(&args).output().unwrap();
        let what = args.join(" ");
        assert_eq!(out.status.code(), Some(2), "{what}");
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {:?}", out.stdout));
        assert!(validator.is_valid(&v), "{what}: {v}");
        assert!(v["errors"].as_u64().unwrap() >= 1, "{what}: {v}");
        if listed {
            let diags = v["files"][0]["diagnostics"].as_array().unwrap();
            assert!(
                diags
                    .iter()
                    .all(|d| d["severity"] == "error" && d["code"].is_string()),
                "{what}: {v}"
            );
            assert!(!diags.is_empty(), "{what}: {v}");
        }
    }
    // Without --format json, errors stay text on stderr.
    let out = spur().args(["grade", &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[bad-date]"));
}

/// Every object of spur's output schemas is closed: an unknown key fails validation.
#[test]
fn output_schemas_are_closed() {
    fn open_objects(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                let combined = ["allOf", "anyOf", "oneOf"]
                    .iter()
                    .any(|k| map.contains_key(*k));
                if map.contains_key("properties")
                    && !combined
                    && map.get("additionalProperties") != Some(&Value::Bool(false))
                {
                    out.push(path.to_string());
                }
                for (k, v) in map {
                    open_objects(v, &format!("{path}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    open_objects(v, &format!("{path}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    for name in [
        "validation",
        "grading",
        "report",
        "followup",
        "overview",
        "agenda",
        "commitments",
        "compare",
    ] {
        let mut open = Vec::new();
        open_objects(&schema(name), "", &mut open);
        assert!(open.is_empty(), "{name}: open objects at {open:?}");
    }
    // And a renamed field is noticed: the grading of the seed with one key renamed.
    let out = spur()
        .args(["grade", SEED, "--format", "json"])
        .output()
        .unwrap();
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema("grading")).unwrap();
    assert!(validator.is_valid(&v));
    v.as_object_mut()
        .unwrap()
        .insert("grade_renamed".into(), Value::Bool(true));
    let k = "grade_renamed";
    assert!(
        !validator.is_valid(&v),
        "a renamed field `{k}` went unnoticed"
    );
}
