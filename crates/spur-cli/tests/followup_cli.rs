//! `spur followup` and `spur overview`: formats, output files, exit codes.

mod common;

use common::SEED;

use assert_cmd::Command;
use predicates::prelude::*;

const OVERVIEW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/overview");

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

fn stdout(args: &[&str]) -> String {
    let out = spur()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn followup_table_on_the_seed() {
    let text = stdout(&["followup", SEED, "--as-of", "2026-11-23"]);
    for id in ["D.F6", "E.F1", "E.F4"] {
        let line = text.lines().find(|l| l.starts_with(id)).unwrap();
        assert!(line.contains("follow-up overdue"), "{line}");
    }
    for id in ["H.F2", "H.F7", "H.F9"] {
        let line = text.lines().find(|l| l.starts_with(id)).unwrap();
        assert!(
            line.contains("146 days overdue") && !line.contains("follow-up"),
            "{line}"
        );
    }
    assert!(text.contains("Summary: 3 overdue, 3 follow-up overdue"));
}

#[test]
fn followup_json_states() {
    let out = stdout(&[
        "followup",
        SEED,
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["as_of"], "2026-11-23");
    let states: Vec<(&str, &str)> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["criterion"].as_str().unwrap(),
                e["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("D.F6", "follow_up_overdue"),
            ("E.F1", "follow_up_overdue"),
            ("E.F4", "follow_up_overdue"),
            ("H.F2", "overdue"),
            ("H.F7", "overdue"),
            ("H.F9", "overdue"),
        ]
    );
    assert_eq!(v["summary"]["follow_up_overdue"], 3);
}

#[test]
fn followup_before_the_due_dates() {
    let out = stdout(&[
        "followup",
        SEED,
        "--as-of",
        "2026-02-10",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["not_yet_due"], 3); // due 2026-06-30
    assert_eq!(v["summary"]["due_soon"], 3); // due 2026-03-01, 19 days away
    assert_eq!(v["entries"][0]["days"], 19);
}

#[test]
fn followup_markdown_and_ics_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("plan.md");
    let ics = dir.path().join("plan.ics");
    spur()
        .args([
            "followup",
            SEED,
            "--as-of",
            "2026-11-23",
            "--format",
            "md",
            "-o",
        ])
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Handlingsplan follow-up: Vårdcentralen Exempel"));
    spur()
        .args([
            "followup",
            SEED,
            "--as-of",
            "2026-11-23",
            "--format",
            "ics",
            "-o",
        ])
        .arg(&ics)
        .assert()
        .success();
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(cal.matches("BEGIN:VEVENT\r\n").count(), 12);
    assert!(cal.contains("DTSTAMP:20261123T000000Z\r\n"));
    // An existing file is not overwritten without --force.
    spur()
        .args(["followup", SEED, "--format", "ics", "-o"])
        .arg(&ics)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    spur()
        .args(["followup", SEED, "--format", "ics", "--force", "-o"])
        .arg(&ics)
        .assert()
        .success();
}

#[test]
fn followup_bad_date_and_bad_file_exit_2() {
    spur()
        .args(["followup", SEED, "--as-of", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid date"));
    spur()
        .args(["followup", "no-such-file.toml"])
        .assert()
        .code(2);
    spur()
        .args([
            "followup",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../fixtures/overview/trasig.toml"
            ),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid TOML"));
}

#[test]
fn followup_defaults_to_today() {
    let out = stdout(&["followup", SEED, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(v["as_of"], today.as_str());
}

#[test]
fn overview_table_lists_bad_file_and_exits_0() {
    let assert = spur()
        .args(["overview", OVERVIEW, "--as-of", "2026-11-23"])
        .assert()
        .success();
    let out = assert.get_output();
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.contains("4 unit(s) from 5 file(s), 1 could not be read"),
        "{text}"
    );
    assert!(text.contains("trasig.toml: error[syntax]"));
    assert!(text.contains("Units with a D and no received handlingsplan: 1"));
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        stderr.contains("1 of 5 file(s) could not be read"),
        "{stderr}"
    );
}

#[test]
fn overview_json_and_files_list() {
    let vc = format!("{OVERVIEW}/vardcentral-norr.toml");
    let psy = format!("{OVERVIEW}/psykiatri-lund.toml");
    let out = stdout(&[
        "overview",
        &psy,
        &vc,
        "--as-of",
        "2026-11-23",
        "--format",
        "json",
        "--reinspect-years",
        "2",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let units: Vec<&str> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["Psykiatriska kliniken Lund", "Vårdcentralen Norr"]);
    assert_eq!(v["reinspection_due"].as_array().unwrap().len(), 2);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn overview_csv_and_html() {
    let out = spur()
        .args([
            "overview",
            OVERVIEW,
            "--as-of",
            "2026-11-23",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("trasig.toml"))
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"\xEF\xBB\xBFunit;region;"));
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 5);
    let html = stdout(&[
        "overview",
        OVERVIEW,
        "--as-of",
        "2026-11-23",
        "--format",
        "html",
    ]);
    assert!(html.contains("<svg") && html.contains("Kirurg- &amp; ortopedkliniken"));
}

#[test]
fn overview_with_nothing_readable_exits_2() {
    spur()
        .args([
            "overview",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../fixtures/overview/trasig.toml"
            ),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("no inspection document could be read")
                .and(predicate::str::contains("trasig.toml")),
        );
    let empty = tempfile::tempdir().unwrap();
    spur()
        .arg("overview")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no *.toml or *.json files"));
    spur()
        .args(["overview", OVERVIEW, "--as-of", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn overview_help_documents_exit_status() {
    spur()
        .args(["overview", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("0 when at least one document was read")
                .and(predicate::str::contains("Example")),
        );
}
