//! Issue 19: `spur compare PREVIOUS CURRENT` in every format and language; the JSON against the
//! committed schema (jsonschema crate).

mod common;

use common::{PREV, SEED};

use assert_cmd::Command;
use predicates::prelude::*;

const V2027: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/catalog-versions/spur-2027.1.toml"
);

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> String {
    let out = spur()
        .arg("compare")
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn json() -> serde_json::Value {
    serde_json::from_str(&run(&[PREV, SEED, "--format", "json"])).unwrap()
}

#[test]
fn json_has_grades_then_and_now_changes_persisting_brister_and_ineffective_plan() {
    let v = json();
    assert_eq!(v["previous"]["visit_date"], "2021-03-10");
    assert_eq!(v["current"]["visit_date"], "2025-11-12");
    assert_eq!(v["current"]["catalog"], "spur-2026.1");
    assert_eq!(v["current"]["indicator_set"], "sfam-2026.1");
    let area = |a: &str, reg: &str| {
        v["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["area"] == a && x["regulation"] == reg)
            .unwrap()
            .clone()
    };
    // B: D then (B.F5 not met, plan received) → A now.
    let b = area("B", "SOSFS 2015:8");
    assert_eq!(
        (b["then"].as_str(), b["now"].as_str()),
        (Some("C"), Some("A"))
    );
    assert_eq!(b["change"], "improved");
    // H: H.F2 unanswered in the 2021 plan (D); now every brist answered (D→C).
    let h = area("H", "SOSFS 2015:8");
    assert_eq!(
        (h["then_text"].as_str(), h["now_text"].as_str()),
        (Some("D"), Some("D→C"))
    );
    assert_eq!(h["change"], "improved");
    assert_eq!(area("E", "SOSFS 2015:8")["change"], "unchanged");
    // D: unchanged D→C.
    assert_eq!(area("D", "SOSFS 2015:8")["then_text"], "D→C");
    // The unit did not train under HSLF-FS 2021:8 then: not comparable.
    let d21 = area("D", "HSLF-FS 2021:8");
    assert!(d21["then"].is_null());
    assert_eq!(d21["change"], "not_comparable");

    let changed: Vec<(String, String)> = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["criterion"].as_str().unwrap().to_string(),
                c["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        changed.contains(&("B.F5".into(), "improved".into())),
        "{changed:?}"
    );
    assert!(
        changed.contains(&("E.F1".into(), "worsened".into())),
        "{changed:?}"
    );
    assert!(
        changed.contains(&("H.F9".into(), "worsened".into())),
        "{changed:?}"
    );
    assert!(!changed.iter().any(|(c, _)| c == "D.F6"), "{changed:?}");
    // G.K4 applies only under HSLF-FS 2021:8, which the unit did not train under in 2021.
    assert!(!changed.iter().any(|(c, _)| c == "G.K4"), "{changed:?}");

    let persisting: Vec<&str> = v["persisting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(persisting, ["D.F6", "E.F4", "G.K1", "G.K3", "H.F2"]);

    let plan: Vec<&str> = v["plan_not_effective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["D.F6", "E.F4"]);
}

#[test]
fn json_validates_against_the_committed_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/schema/compare.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let v = json();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And it reads back into the Rust type.
    let back: spur_followup::Comparison = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), v);
}

#[test]
fn every_format_in_both_languages() {
    let table = run(&[PREV, SEED]);
    assert!(
        table.contains("Jämfört med föregående inspektion"),
        "{table}"
    );
    assert!(table.contains("Kvarstående brister"), "{table}");
    assert!(table.contains("förbättrad"), "{table}");
    let table_en = run(&[PREV, SEED, "--lang", "en"]);
    assert!(
        table_en.contains("Compared with the previous inspection"),
        "{table_en}"
    );
    assert!(table_en.contains("improved"), "{table_en}");
    let md = run(&[PREV, SEED, "--format", "md"]);
    assert!(
        md.starts_with("# Jämfört med föregående inspektion"),
        "{md}"
    );
    assert!(md.contains("| D.F6 |"), "{md}");
    assert!(
        md.contains("## Handlingsplanens åtgärder som inte fick effekt"),
        "{md}"
    );
    let html = run(&[PREV, SEED, "--format", "html", "--lang", "en"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("class=\"improved\""));
    assert!(html.contains("Persisting brister"));
}

#[test]
fn different_units_warn_and_a_newer_catalog_maps_the_previous_inspection() {
    let kard = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/kardiologi/utan-indikatorer.toml"
    );
    spur()
        .args(["compare", PREV, kard])
        .assert()
        .success()
        .stderr(predicate::str::contains("different units"));
    // Both graded with the fictional spur-2027.1 (D.F6 renamed D.F10, G.F6 removed).
    let out = spur()
        .args([
            "compare",
            PREV,
            SEED,
            "--format",
            "json",
            "--catalog",
            V2027,
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("renamed: D.F6 → D.F10"))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["previous"]["catalog"], "spur-2027.1");
    let persisting: Vec<&str> = v["persisting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["criterion"].as_str().unwrap())
        .collect();
    assert!(persisting.contains(&"D.F10"), "{persisting:?}");
}
