//! The `spur` binary: every core subcommand on the seed fixture, and every error path.

mod common;

use common::SEED;

use assert_cmd::Command;
use predicates::prelude::*;

const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/minimal.toml");

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn grade_table_on_the_seed() {
    let out = spur()
        .args(["grade", SEED])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("D Tjänstgöringens upplägg"), "{text}");
    let d_line = text.lines().find(|l| l.starts_with("D ")).unwrap();
    assert_eq!(d_line.matches("D→C").count(), 2, "{d_line}");
    assert!(text.contains("Handlingsplan required: yes (received 2026-01-15)"));
    assert!(!text.contains('\x1b'), "no colours when not a terminal");
}

#[test]
fn grade_json_has_the_documented_shape() {
    let out = spur()
        .args(["grade", SEED, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["handlingsplan_required"], true);
    let d = v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "D")
        .unwrap();
    for r in d["results"].as_array().unwrap() {
        assert_eq!(r["computed"], "D");
        assert_eq!(r["final"], "C");
        assert_eq!(r["adjusted"], true);
        assert_eq!(r["reasons"][0]["criterion"], "D.F6");
    }
}

#[test]
fn grade_tolerance_is_a_flag() {
    let out = spur()
        .args(["grade", SEED, "--format", "json", "--tolerance", "5"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["settings"]["tolerance"], 5);
    let g = v["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "G")
        .unwrap();
    assert_eq!(g["results"][0]["final"], "A");
}

#[test]
fn grade_reads_stdin() {
    let src = std::fs::read_to_string(SEED).unwrap();
    spur()
        .args(["grade", "-"])
        .write_stdin(src)
        .assert()
        .success()
        .stdout(predicate::str::contains("D→C"));
    let json = spur()
        .args(["grade", SEED, "--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
}

#[test]
fn validate_clean_warnings_and_errors_exit_codes() {
    spur()
        .args(["validate", SEED])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 error(s), 0 warning(s)"));
    spur()
        .args(["validate", MINIMAL])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("not assessed"));
    spur()
        .args(["validate", "--deny-warnings", MINIMAL])
        .assert()
        .code(1);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[inspection]\nunit = \"X\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\n[findings]\n\"D.F33\" = \"met\"\n").unwrap();
    spur()
        .args(["validate", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[unknown-criterion]: unknown criterion id `D.F33`",
        ))
        .stderr(predicate::str::contains("bad.toml:6:1"))
        .stderr(predicate::str::contains("did you mean `D.F3`?"));
}

#[test]
fn validate_json_output() {
    let out = spur()
        .args(["validate", "--format", "json", SEED])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["errors"], 0);
}

#[test]
fn missing_file_bad_toml_and_unknown_id_exit_2() {
    spur()
        .args(["grade", "/nonexistent/x.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read /nonexistent/x.toml"));
    spur()
        .args(["grade", "-"])
        .write_stdin("[inspection\nunit=")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid TOML"));
    spur()
        .args(["report", "-"])
        .write_stdin("[inspection]\nunit = \"X\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\n[findings]\n\"Q.F1\" = \"met\"\n")
        .assert()
        .code(2);
    spur()
        .args(["grade", "-"])
        .write_stdin(vec![0xff, 0xfe, 0x00])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8"));
    spur().args(["explain", SEED, "Q"]).assert().code(2);
    spur().args(["frobnicate"]).assert().code(2);
}

#[test]
fn init_writes_a_skeleton_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ny.toml");
    let o = out.to_str().unwrap();
    spur()
        .args([
            "init",
            "--unit",
            "Vårdcentralen Norr",
            "--regulations",
            "2021",
            o,
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("unit = \"Vårdcentralen Norr\""));
    assert!(text.contains("# Varje ST-läkare har ett utbildningsprogram"));
    assert!(
        !text.contains("\"G.F5\""),
        "2015-only criteria are left out for a 2021 unit"
    );
    spur().args(["validate", o]).assert().code(0);
    spur()
        .args(["init", o])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; use --force"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        text,
        "the existing file is untouched"
    );
    spur().args(["init", "--force", o]).assert().success();
    spur()
        .args(["init", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[findings]"));
}

#[test]
fn grade_output_file_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    std::fs::write(&out, "old").unwrap();
    spur()
        .args([
            "grade",
            SEED,
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    spur()
        .args([
            "grade",
            SEED,
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('{'));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".tmp-")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn explain_names_the_deciding_criteria_and_the_lift() {
    spur()
        .args(["explain", SEED, "H", "--regulation", "2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Föreskrift H.F2 ej uppfyllt"))
        .stdout(predicate::str::contains(
            "Handlingsplan inkommen. Gradering justerad till C.",
        ))
        .stdout(predicate::str::contains(
            "För att lyfta den beräknade graderingen D till A: H.F2, H.F7, H.F9",
        ));
    spur()
        .args(["explain", SEED, "G", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "To lift B to A: G.K1 must become met.",
        ));
}

#[test]
fn catalog_browses_by_area_and_regulation() {
    spur()
        .args(["catalog", "--area", "G", "--regulation", "2021"])
        .assert()
        .success()
        .stdout(predicate::str::contains("G.K4"))
        .stdout(predicate::str::contains("G.F5").not());
    let out = spur()
        .args(["catalog", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["areas"].as_array().unwrap().len(), 8);
    spur()
        .args(["catalog", "--format", "md", "--area", "E"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| E.F7 | allmänt råd | föreskrift |",
        ));
}

#[test]
fn schema_prints_the_committed_schemas() {
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/schema/inspection.schema.json"
    ))
    .unwrap();
    spur().args(["schema"]).assert().success().stdout(committed);
    spur()
        .args(["schema", "catalog"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"title\": \"Catalog\""));
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in ["init", "validate", "grade", "explain", "catalog", "schema"] {
        spur()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn custom_catalog_is_loaded_and_bad_catalog_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("cat.toml");
    std::fs::write(&bad, "version = 1\n").unwrap();
    spur()
        .args(["catalog", "--catalog", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid catalog"));
}

#[test]
fn output_to_a_device_writes_through_and_a_directory_is_refused() {
    spur()
        .args(["grade", SEED, "-o", "/dev/null"])
        .assert()
        .success();
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let dir = tempfile::tempdir().unwrap();
    spur()
        .args(["grade", SEED, "-o", dir.path().to_str().unwrap(), "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn init_takes_several_regulations_before_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ny.toml");
    let o = out.to_str().unwrap();
    spur()
        .args([
            "init",
            "--unit",
            "X",
            "--regulations",
            "2015",
            "HSLF-FS 2021:8",
            o,
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("regulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]"),
        "{text}"
    );
    spur()
        .args(["init", "--regulations", "2016", o, "--force"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2016"));
    spur()
        .args(["init", "--regulations", "2021"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing OUT"));
}

#[test]
fn explain_speaks_of_the_computed_grade_after_an_adjustment() {
    let out = spur()
        .args(["explain", "../../fixtures/seed-vardcentral.toml", "D"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("1 föreskrift ej uppfylld (D.F6)"), "{text}");
    assert!(
        text.contains(
            "För att lyfta den beräknade graderingen D till A: D.F6 behöver bli uppfyllt."
        ),
        "{text}"
    );
    assert!(!text.contains("föreskrift(er)"), "{text}");
    assert!(!text.contains("behöver bli uppfyllda"), "{text}");
}

#[test]
fn catalog_shows_confidence_only_with_provenance() {
    let plain = spur().args(["catalog", "--area", "E"]).output().unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(
        !plain.contains("[medium]") && !plain.contains("[high]"),
        "{plain}"
    );
    let prov = spur()
        .args(["catalog", "--area", "E", "--provenance"])
        .output()
        .unwrap();
    let prov = String::from_utf8(prov.stdout).unwrap();
    assert!(prov.contains("[high]") && prov.contains("note:"), "{prov}");
}
