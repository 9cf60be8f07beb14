//! `spur handlingsplan import` end to end: template → filled → import → regrade.

mod common;
use common::spur;

use std::path::PathBuf;

use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

fn filled_csv(dir: &std::path::Path, due: &str) -> PathBuf {
    let out = spur()
        .args([
            "handlingsplan",
            fixture("minimal.toml").to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let filled: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, line)| {
            if i == 1 {
                let mut cells: Vec<&str> = line.split(';').collect();
                cells.truncate(5);
                format!(
                    "{};Gör IUP;{due};Studierektor;2026-09-01;Verksamhetschef",
                    cells.join(";")
                )
            } else {
                line.to_string()
            }
        })
        .collect();
    let path = dir.join("svar.csv");
    std::fs::write(&path, filled.join("\r\n")).unwrap();
    path
}

#[test]
fn import_merges_the_answer_and_prints_the_regrade() {
    let dir = tempfile::tempdir().unwrap();
    let csv = filled_csv(dir.path(), "2026-04-01");
    let out = dir.path().join("med-plan.toml");
    spur()
        .args(["handlingsplan", "import"])
        .arg(fixture("minimal.toml"))
        .arg(&csv)
        .args(["--received", "2026-03-01", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("merged 1 entry: D.F6"))
        .stdout(predicate::str::contains("D HSLF-FS 2021:8: D -> D→C"));
    let merged = std::fs::read_to_string(&out).unwrap();
    assert!(merged.contains("received = 2026-03-01"));
    assert!(merged.contains("action = \"Gör IUP\""));
    // The merged document grades D→C.
    spur()
        .arg("grade")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("D→C"));
    // An existing OUT is never replaced without --force.
    spur()
        .args(["handlingsplan", "import"])
        .arg(fixture("minimal.toml"))
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
}

#[test]
fn a_bad_date_is_located_in_the_units_file_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = filled_csv(dir.path(), "2026-13-01");
    let out = dir.path().join("med-plan.toml");
    spur()
        .args(["handlingsplan", "import"])
        .arg(fixture("minimal.toml"))
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "row 2, column G (Datum när åtgärden ska vara genomförd): `2026-13-01` is not a date",
        ));
    assert!(!out.exists());
}

#[test]
fn the_template_command_still_takes_a_file_and_offers_xlsx() {
    let out = spur()
        .args([
            "handlingsplan",
            fixture("minimal.toml").to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK"));
    spur()
        .args(["handlingsplan", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("handlingsplan import")
                .and(predicate::str::contains(">>").not()),
        );
}

/// A kardiologi unit whose indicator set comes from `--catalog-dir` imports its plan with its
/// `K` findings; without the directory its indicators are unknown and nothing is merged.
#[test]
fn import_takes_the_catalog_dir_like_the_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    let unit = fixture("kardiologi/enhet.toml");
    let sets = fixture("kardiologi/indicators");
    let template = spur()
        .arg("handlingsplan")
        .arg(&unit)
        .args(["--format", "toml", "--catalog-dir"])
        .arg(&sets)
        .output()
        .unwrap();
    assert!(
        template.status.success(),
        "{}",
        String::from_utf8_lossy(&template.stderr)
    );
    let filled = dir.path().join("svar.toml");
    std::fs::write(&filled, &template.stdout).unwrap();
    let import = |with_sets: bool| {
        let mut c = spur();
        c.args(["handlingsplan", "import"])
            .arg(&unit)
            .arg(&filled)
            .args(["--received", "2026-11-24", "-o"])
            .arg(dir.path().join(format!("ut-{with_sets}.toml")));
        if with_sets {
            c.arg("--catalog-dir").arg(&sets);
        }
        c.assert()
    };
    import(true).success();
    import(false).code(2).stderr(predicate::str::contains("K"));
    assert!(!dir.path().join("ut-false.toml").exists());
}

#[test]
fn with_lang_sv_the_units_problems_and_the_summary_are_swedish() {
    let dir = tempfile::tempdir().unwrap();
    let csv = filled_csv(dir.path(), "2026-13-01");
    spur()
        .args(["--lang", "sv", "handlingsplan", "import"])
        .arg(fixture("minimal.toml"))
        .arg(&csv)
        .arg("-o")
        .arg(dir.path().join("med-plan.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fel: rad 2, kolumn G (Datum när åtgärden ska vara genomförd): `2026-13-01` är inte ett datum",
        ))
        .stderr(predicate::str::contains("inget fördes in"));
    let csv = filled_csv(dir.path(), "2026-04-01");
    let out = dir.path().join("med-plan.toml");
    spur()
        .args(["handlingsplan", "import", "--lang", "sv"])
        .arg(fixture("minimal.toml"))
        .arg(&csv)
        .args(["--received", "2026-03-01", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 post infördes: D.F6"))
        .stdout(predicate::str::contains("omgradering:"));
}
