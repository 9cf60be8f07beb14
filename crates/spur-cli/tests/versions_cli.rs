//! Issue 19: catalog versions. An inspection is graded with its own catalog version when it is
//! available, or mapped through a newer version's `[mapping]` (each mapping applied reported);
//! the version used is recorded in the graded output. The fixture `spur-2027.1` renames D.F6 to
//! D.F10 and removes G.F6.

mod common;

use common::SEED;

use assert_cmd::Command;
use predicates::prelude::*;

const VERSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/catalog-versions"
);
const V2027: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/catalog-versions/spur-2027.1.toml"
);

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

fn area_final(g: &serde_json::Value, area: &str) -> String {
    g["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == area)
        .unwrap()["results"][0]["final"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn an_older_inspection_is_graded_through_the_newer_versions_mapping() {
    let out = spur()
        .args(["grade", SEED, "--format", "json", "--catalog", V2027])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "spur-2026.1 → spur-2027.1 renamed: D.F6 → D.F10",
        ))
        .stderr(predicate::str::contains("removed: G.F6"))
        .get_output()
        .stdout
        .clone();
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(g["catalog"], "spur-2027.1");
    let mappings = g["mappings"].as_array().unwrap();
    assert_eq!(mappings.len(), 2, "{mappings:?}");
    assert_eq!(mappings[0]["change"], "renamed");
    assert_eq!(mappings[0]["from"], serde_json::json!(["D.F6"]));
    assert_eq!(mappings[0]["to"], serde_json::json!(["D.F10"]));
    assert_eq!(mappings[1]["change"], "removed");
    // D.F6's brist moved to D.F10 (and its plan entry with it): D→C as before.
    assert_eq!(area_final(&g, "D"), "C");
    let plan: Vec<&str> = g["plan_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["criterion"].as_str().unwrap())
        .collect();
    assert!(
        plan.contains(&"D.F10") && !plan.contains(&"D.F6"),
        "{plan:?}"
    );
}

#[test]
fn an_inspection_is_graded_with_its_own_version_when_available() {
    // The seed names spur-2026.1, which is embedded: the newer version in the directory is not
    // used and nothing is mapped.
    let out = spur()
        .args(["grade", SEED, "--format", "json", "--catalog-dir", VERSIONS])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(g["catalog"], "spur-2026.1");
    assert!(g.get("mappings").is_none());
    // A document made with spur-2027.1 finds it in the directory.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("new.toml");
    let src = std::fs::read_to_string(SEED)
        .unwrap()
        .replace("catalog = \"spur-2026.1\"", "catalog = \"spur-2027.1\"")
        .replace("\"D.F6\" =", "\"D.F10\" =")
        .replace("criterion = \"D.F6\"", "criterion = \"D.F10\"")
        .replace("\"G.F6\" = \"met\"\n", "");
    std::fs::write(&doc, src).unwrap();
    let out = spur()
        .args([
            "grade",
            doc.to_str().unwrap(),
            "--format",
            "json",
            "--catalog-dir",
            VERSIONS,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(g["catalog"], "spur-2027.1");
    assert_eq!(area_final(&g, "D"), "C");
    // Without the directory the version is unknown: a located error with a hint.
    spur()
        .args(["grade", doc.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "catalog version `spur-2027.1` is not available",
        ))
        .stderr(predicate::str::contains("new.toml:"))
        .stderr(predicate::str::contains("--catalog-dir"));
}

#[test]
fn catalog_check_accepts_the_version_with_its_mapping() {
    spur()
        .args(["catalog", "check", V2027])
        .assert()
        .success()
        .stderr(predicate::str::contains("catalog spur-2027.1"))
        .stderr(predicate::str::contains("maps spur-2026.1"));
}
