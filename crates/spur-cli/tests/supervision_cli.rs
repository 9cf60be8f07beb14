//! `spur agenda` and `spur commitments` end to end.

mod common;
use common::spur;

use predicates::prelude::*;
use spur_core::Catalog;
use spur_supervision::{Settings, SupervisionLog, Toolkit, agenda, commitments};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/supervision-log.toml"
);

fn fixture_log() -> SupervisionLog {
    SupervisionLog::from_toml_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    spur_core::parse_date(s).unwrap()
}

#[test]
fn agenda_prints_the_library_markdown() {
    let want = agenda(&fixture_log(), Toolkit::embedded(), date("2026-03-04"))
        .unwrap()
        .to_markdown();
    spur()
        .args(["agenda", FIXTURE, "--date", "2026-03-04"])
        .assert()
        .success()
        .stdout(want)
        .stderr("");
}

#[test]
fn agenda_as_json() {
    let out = spur()
        .args([
            "agenda",
            FIXTURE,
            "--date",
            "2025-12-03",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["date"], "2025-12-03");
    assert_eq!(v["end_of_year"][0]["topic"], "T18");
    assert_eq!(v["targets"][0]["status"], "at_risk");
}

#[test]
fn commitments_markdown_and_json() {
    let report = commitments(
        &fixture_log(),
        Toolkit::embedded(),
        Catalog::embedded(),
        date("2026-03-04"),
        &Settings::default(),
    )
    .unwrap();
    spur()
        .args(["commitments", FIXTURE, "--as-of", "2026-03-04"])
        .assert()
        .success()
        .stdout(report.to_markdown())
        .stdout(predicate::str::contains(
            "**D.F7** Utbildningsprogrammet följs upp regelbundet och revideras vid behov.",
        ));
    let out = spur()
        .args([
            "commitments",
            FIXTURE,
            "--as-of",
            "2026-03-04",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let statuses: Vec<&str> = v["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["on_track", "on_track", "at_risk", "at_risk", "on_track"]
    );
    assert_eq!(v["commitments"][1]["evidences"][0]["criterion"], "E.F4");
}

#[test]
fn output_file_needs_force_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("agenda.md");
    let out_s = out.to_str().unwrap();
    spur()
        .args(["agenda", FIXTURE, "--date", "2026-03-04", "-o", out_s])
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Handledning — agenda for ST-07 — 2026-03-04")
    );
    spur()
        .args(["commitments", FIXTURE, "--as-of", "2026-03-04", "-o", out_s])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; use --force"));
    spur()
        .args([
            "commitments",
            FIXTURE,
            "--as-of",
            "2026-03-04",
            "-o",
            out_s,
            "--force",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Commitments — ST-07")
    );
}

#[test]
fn bad_logs_exit_2_with_located_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.toml");
    std::fs::write(
        &path,
        "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n\n[[meetings]]\ndate = 2024-12-20\nminutes = 60\ntopics = [\"T01\", \"T5\"]\n",
    )
    .unwrap();
    let shown = path.display().to_string();
    for cmd in ["agenda", "commitments"] {
        spur()
            .args([cmd, path.to_str().unwrap()])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!("--> {shown}:7:8")))
            .stderr(predicate::str::contains(
                "2024-12-20 is before the ST start 2025-01-01",
            ))
            .stderr(predicate::str::contains(format!("--> {shown}:9:18")))
            .stderr(predicate::str::contains("unknown topic id `T5`"))
            .stderr(predicate::str::contains("did you mean `T05`?"));
    }
    spur()
        .args(["agenda", "/nonexistent/log.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/log.toml",
        ));
}

#[test]
fn dates_are_checked() {
    spur()
        .args(["agenda", FIXTURE, "--date", "2024-08-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "2024-08-01 is before the ST start 2024-09-01",
        ));
    spur()
        .args(["commitments", FIXTURE, "--as-of", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`2026-02-30` is not a valid date"));
}

#[test]
fn stdin_json_and_warnings() {
    let json = fixture_log().to_json();
    spur()
        .args(["agenda", "-", "--date", "2026-03-04", "--format", "json"])
        .write_stdin(json)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"st_id\": \"ST-07\""));
    let log = "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n[[assessments]]\ndate = 2025-02-01\ninstrument = \"Mini-CXE\"\n";
    spur()
        .args(["commitments", "-", "--as-of", "2025-03-01"])
        .write_stdin(log)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[invalid-value]"))
        .stderr(predicate::str::contains("did you mean `Mini-CEX`?"));
}

#[test]
fn a_user_toolkit_replaces_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("toolkit.toml");
    std::fs::write(
        &mine,
        Toolkit::embedded_source().replace("count = 3", "count = 1"),
    )
    .unwrap();
    let out = spur()
        .args([
            "commitments",
            FIXTURE,
            "--as-of",
            "2026-03-04",
            "--format",
            "json",
            "--toolkit",
            mine.to_str().unwrap(),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["commitments"][3]["current"]["target"], 1);
    std::fs::write(&mine, "id = \"x\"\ntitle = \"x\"\ntopics = []\n").unwrap();
    spur()
        .args(["agenda", FIXTURE, "--toolkit", mine.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid toolkit"))
        .stderr(predicate::str::contains("the toolkit has no topics"));
}
