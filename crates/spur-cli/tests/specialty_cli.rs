//! Issue 19: the specialty selects the indicator set; sets come from `--catalog-dir` or
//! `SPUR_CATALOG_PATH`; `spur catalog new-indicators` and `spur catalog check`.

mod common;

use common::SEED;

use assert_cmd::Command;
use predicates::prelude::*;

const KARD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/kardiologi/enhet.toml"
);
const KARD_NO_K: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/kardiologi/utan-indikatorer.toml"
);
const KARD_SETS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/kardiologi/indicators"
);

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

fn grade_json(args: &[&str], env: Option<(&str, &str)>) -> serde_json::Value {
    let mut cmd = spur();
    cmd.arg("grade").args(args).args(["--format", "json"]);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// `(final, range)` of area `area` under the first regulation.
fn area(g: &serde_json::Value, area: &str) -> (String, Option<Vec<String>>) {
    let a = g["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == area)
        .unwrap();
    let r = &a["results"][0];
    let range = r["range"]
        .as_array()
        .map(|v| v.iter().map(|x| x.as_str().unwrap().to_string()).collect());
    (r["final"].as_str().unwrap().to_string(), range)
}

#[test]
fn the_allmanmedicin_seed_grades_as_before_and_records_its_set() {
    let g = grade_json(&[SEED], None);
    assert_eq!(g["catalog"], "spur-2026.1");
    assert_eq!(g["specialty"], "allmänmedicin");
    assert_eq!(g["indicator_set"]["version"], "sfam-2026.1");
    let grades: Vec<String> = "ABCDEFGH"
        .chars()
        .map(|c| area(&g, &c.to_string()).0)
        .collect();
    assert_eq!(grades, ["A", "A", "A", "C", "C", "A", "B", "C"]);
}

#[test]
fn kardiologi_with_a_user_set_from_catalog_dir_or_the_environment() {
    for g in [
        grade_json(&[KARD, "--catalog-dir", KARD_SETS], None),
        grade_json(&[KARD], Some(("SPUR_CATALOG_PATH", KARD_SETS))),
    ] {
        assert_eq!(g["specialty"], "kardiologi");
        assert_eq!(g["indicator_set"]["version"], "kardiologi-exempel-2026.1");
        // G.K1 not met and G.K2 partially met: two unmet indicators, tolerance 1 → B.
        assert_eq!(area(&g, "G"), ("B".to_string(), None));
        assert_eq!(area(&g, "A"), ("A".to_string(), None));
        assert_eq!(area(&g, "D").0, "C");
    }
}

#[test]
fn kardiologi_without_a_set_is_a_to_b_where_the_indicators_decide() {
    let mut cmd = spur();
    let out = cmd
        .args(["grade", KARD_NO_K, "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no indicator set for kardiologi"))
        .stderr(predicate::str::contains("utan-indikatorer.toml:"))
        .get_output()
        .stdout
        .clone();
    let g: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(g["specialty"], "kardiologi");
    assert!(g["indicator_set"].is_null());
    for a in ["A", "B", "C", "F", "G"] {
        let (final_grade, range) = area(&g, a);
        assert_eq!(final_grade, "A", "area {a}");
        assert_eq!(range, Some(vec!["A".into(), "B".into()]), "area {a}");
    }
    // D and C are decided by the shared criteria as usual.
    for a in ["D", "E", "H"] {
        assert_eq!(area(&g, a), ("C".to_string(), None), "area {a}");
    }
    let table = spur().args(["grade", KARD_NO_K]).assert().success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(text.contains("A–B (preliminär)"), "{text}");
    assert!(text.contains("no indicator set for kardiologi"), "{text}");
}

#[test]
fn indicator_findings_without_a_set_are_located_errors_with_a_hint() {
    spur()
        .args(["grade", KARD])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`C.K1` is a kvalitetsindikator, but no available indicator set for kardiologi defines it",
        ))
        .stderr(predicate::str::contains("enhet.toml:"))
        .stderr(predicate::str::contains("spur catalog new-indicators"));
}

#[test]
fn an_unknown_specialty_is_an_error_listing_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("astro.toml");
    let src = std::fs::read_to_string(KARD_NO_K)
        .unwrap()
        .replace("specialty = \"kardiologi\"", "specialty = \"kardiolgi\"");
    std::fs::write(&doc, src).unwrap();
    spur()
        .args(["grade", doc.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`kardiolgi` is not a known specialty",
        ))
        .stderr(predicate::str::contains("did you mean `kardiologi`?"))
        .stderr(predicate::str::contains(
            "allmänmedicin, anestesi och intensivvård",
        ))
        .stderr(predicate::str::contains("astro.toml:"));
    // Case and diacritics do not matter.
    let src = std::fs::read_to_string(KARD_NO_K).unwrap().replace(
        "specialty = \"kardiologi\"",
        "specialty = \"ALLMANMEDICIN\"",
    );
    std::fs::write(&doc, src).unwrap();
    let g = grade_json(&[doc.to_str().unwrap()], None);
    assert_eq!(g["specialty"], "allmänmedicin");
}

#[test]
fn new_indicators_writes_a_skeleton_that_check_rejects_until_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.toml");
    spur()
        .args([
            "catalog",
            "new-indicators",
            "--specialty",
            "Kardiologi",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("specialty = \"kardiologi\""), "{text}");
    assert_eq!(text.lines().filter(|l| *l == "[[indicators]]").count(), 8);
    spur()
        .args(["catalog", "check"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "still has the skeleton's TODO text",
        ))
        .stderr(predicate::str::contains("k.toml:13:6"));
    spur()
        .args(["catalog", "check", &format!("{KARD_SETS}/kardiologi.toml")])
        .assert()
        .success()
        .stderr(predicate::str::contains("9 kvalitetsindikatorer"));
    spur()
        .args(["catalog", "new-indicators", "--specialty", "astrologi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a known specialty"));
}

#[test]
fn a_bad_set_in_a_catalog_dir_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "specialty = \"kardiologi\"\nsociety = \"X\"\nversion = \"x-1\"\n\n[[indicators]]\nid = \"A.F1\"\nsv = \"Text\"\n",
    )
    .unwrap();
    spur()
        .args(["grade", KARD_NO_K, "--catalog-dir"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("A.F1 is not an indicator id"))
        .stderr(predicate::str::contains("bad.toml:6:6"));
    spur()
        .args([
            "grade",
            KARD_NO_K,
            "--catalog-dir",
            "/nonexistent/spur-sets",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn catalog_browses_a_specialtys_set() {
    let out = spur()
        .args([
            "catalog",
            "--specialty",
            "kardiologi",
            "--catalog-dir",
            KARD_SETS,
            "--area",
            "G",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["indicator_set"]["version"], "kardiologi-exempel-2026.1");
    let ids: Vec<&str> = v["areas"][0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .filter(|id| id.contains(".K"))
        .collect();
    assert_eq!(ids, ["G.K1", "G.K2"]);
}

#[test]
fn init_writes_the_form_of_a_specialtys_set() {
    let out = spur()
        .args([
            "init",
            "--specialty",
            "Kardiologi",
            "--catalog-dir",
            KARD_SETS,
            "--regulations",
            "2021",
            "-",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("specialty = \"kardiologi\""), "{text}");
    assert!(text.contains("\"G.K2\" = \"not_assessed\""), "{text}");
    assert!(!text.contains("\"G.K3\""), "{text}");
    // Without a set: the shared criteria only, and the warning names the missing set (in the
    // run's language: `init` speaks Swedish unless told otherwise).
    spur()
        .args(["init", "--specialty", "kardiologi", "--lang", "en", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"A.K1\"").not())
        .stderr(predicate::str::contains("no indicator set for kardiologi"));
    spur()
        .args(["init", "--specialty", "kardiologi", "-"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "det finns ingen indikatoruppsättning för kardiologi",
        ));
}

/// A region's overview may hold units of several specialties: each document is graded with its
/// own specialty's set from `--catalog-dir`, as `spur grade` does.
#[test]
fn overview_grades_each_unit_with_its_own_specialtys_set() {
    let overview = |with_sets: bool| {
        let mut c = spur();
        c.args([
            "overview",
            SEED,
            KARD,
            "--format",
            "json",
            "--as-of",
            "2026-11-24",
        ]);
        if with_sets {
            c.args(["--catalog-dir", KARD_SETS]);
        }
        c.output().unwrap()
    };
    let out = overview(true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ov: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ov["units"].as_array().unwrap().len(), 2, "{ov}");
    assert!(ov["errors"].as_array().unwrap().is_empty(), "{ov}");
    let kard = ov["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["file"].as_str().unwrap().ends_with("enhet.toml"))
        .unwrap();
    let grading = grade_json(&[KARD, "--catalog-dir", KARD_SETS], None);
    // The overview's cells are the grading's final grades (with the set, so the K findings count).
    let mut compared = 0;
    for a in grading["areas"].as_array().unwrap() {
        let letter = a["area"].as_str().unwrap();
        for r in a["results"].as_array().unwrap() {
            let regulation = r["regulation"].as_str().unwrap();
            assert_eq!(
                kard["grades"][letter][regulation], r["final"],
                "{letter} {regulation}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 8, "{grading}");
    // Without catalog directories the overview reads every document with the one embedded
    // catalog, as it always has.
    assert!(overview(false).status.success());
}

/// Issue 28 item 5: a kirurgi unit whose document carries allmänmedicin's indicator ids gets
/// one answer — errors — from `spur validate`, `spur grade`, `spur overview` and the schema;
/// without the K ids all four accept it.
#[test]
fn a_unit_of_another_specialty_with_allmanmedicins_indicators_gets_one_answer() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    assert!(seed.contains("\"A.K1\""), "the seed carries K ids");
    let kirurgi = seed.replacen(
        "specialty = \"Allmänmedicin\"",
        "specialty = \"Kirurgi\"",
        1,
    );
    let without_k: String = kirurgi
        .lines()
        .filter(|l| !l.trim_start().starts_with('"') || !l.contains(".K"))
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let with_k_dir = dir.path().join("with");
    let without_k_dir = dir.path().join("without");
    std::fs::create_dir_all(&with_k_dir).unwrap();
    std::fs::create_dir_all(&without_k_dir).unwrap();
    let with_k = with_k_dir.join("kirurgi.toml");
    let clean = without_k_dir.join("kirurgi.toml");
    std::fs::write(&with_k, &kirurgi).unwrap();
    std::fs::write(&clean, &without_k).unwrap();

    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/schema/inspection.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();

    for (doc, dir, ok) in [
        (&with_k, &with_k_dir, false),
        (&clean, &without_k_dir, true),
    ] {
        let what = if ok { "without K ids" } else { "with K ids" };
        let validate = spur().arg("validate").arg(doc).output().unwrap();
        assert_eq!(validate.status.code() == Some(2), !ok, "validate {what}");
        let grade = spur().arg("grade").arg(doc).output().unwrap();
        assert_eq!(grade.status.code() == Some(2), !ok, "grade {what}");
        let overview = spur()
            .args(["overview", "--as-of", "2026-11-23", "--format", "json"])
            .arg(dir)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&overview.stdout).unwrap_or_default();
        let graded = v["units"].as_array().is_some_and(|u| !u.is_empty());
        assert_eq!(graded, ok, "overview {what}: {v}");
    }
    // The schema: a minimal document of each kind.
    for (specialty, id, ok) in [
        ("Kirurgi", "A.K1", false),
        ("Kirurgi", "A.F1", true),
        ("Allmänmedicin", "A.K1", true),
        ("allmanmedicin", "A.K1", true),
    ] {
        let doc = serde_json::json!({
            "inspection": {"unit": "U", "visit_date": "2026-01-10",
                           "regulations": ["HSLF-FS 2021:8"], "specialty": specialty},
            "findings": {id: "met"}
        });
        assert_eq!(validator.is_valid(&doc), ok, "the schema: {specialty} {id}");
    }
}
