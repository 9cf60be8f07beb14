//! Issue 19: `spur report --previous FILE` adds the section "Jämfört med föregående inspektion"
//! (what `spur compare PREVIOUS CURRENT` computes) to the report, in every format.

mod common;

use common::{PREV, SEED};

use assert_cmd::Command;
use predicates::prelude::*;

fn spur() -> Command {
    let mut c = common::spur();
    c.env_remove("NO_COLOR");
    c
}

fn report(args: &[&str]) -> String {
    let out = spur()
        .arg("report")
        .arg(SEED)
        .args(["--previous", PREV])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// The text from `start` up to (not including) `end`, or to the end.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).expect("section start");
    let rest = &s[from..];
    match rest.find(end) {
        Some(to) => &rest[..to],
        None => rest,
    }
}

#[test]
fn markdown_report_gains_the_comparison_section_after_the_handlingsplan() {
    let md = report(&["--format", "md"]);
    let plan = md.find("## HANDLINGSPLAN").expect("handlingsplan heading");
    let section = md
        .find("## Jämfört med föregående inspektion")
        .expect("comparison section");
    assert!(section > plan, "the comparison follows the handlingsplan");
    // The headings are one level below the report's sections.
    assert!(md.contains("### Kvarstående brister"));
    assert!(md.contains("### Handlingsplanens åtgärder som inte fick effekt"));
    insta::assert_snapshot!(
        "report_previous_md_section",
        between(&md, "## Jämfört med föregående inspektion", "\n## ")
    );
}

#[test]
fn html_report_gains_the_comparison_section_in_english_too() {
    let html = report(&["--format", "html"]);
    assert!(html.contains("<section class=\"previous\">"));
    assert!(html.contains("<h2>Jämfört med föregående inspektion</h2>"));
    assert!(html.contains("<h3>Kvarstående brister</h3>"));
    assert!(html.trim_end().ends_with("</html>"));
    insta::assert_snapshot!(
        "report_previous_html_section",
        between(&html, "<section class=\"previous\">", "</section>")
    );
    let en = report(&["--format", "html", "--lang", "en"]);
    assert!(en.contains("<h2>Compared with the previous inspection</h2>"));
}

#[test]
fn the_section_matches_spur_compare() {
    let md = report(&["--format", "md"]);
    let out = spur()
        .args(["compare", PREV, SEED, "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let compare = String::from_utf8(out).unwrap();
    // Same rows: every table row of `spur compare` is in the report's section.
    for row in compare
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("---"))
    {
        assert!(md.contains(row), "missing in the report: {row}");
    }
}

#[test]
fn without_previous_there_is_no_section() {
    let out = spur()
        .args(["report", SEED])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        !String::from_utf8(out)
            .unwrap()
            .contains("föregående inspektion")
    );
}

#[test]
fn unreadable_previous_is_a_located_error_exit_2() {
    spur()
        .args(["report", SEED, "--previous", "/nonexistent/previous.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/previous.toml"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[inspection]\nunit = \n").unwrap();
    spur()
        .arg("report")
        .arg(SEED)
        .arg("--previous")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:2"));
}

#[test]
fn previous_of_another_unit_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.toml");
    let text = std::fs::read_to_string(PREV).unwrap().replace(
        "Vårdcentralen Exempel (seed-enheten)",
        "Vårdcentralen Annan",
    );
    std::fs::write(&other, text).unwrap();
    spur()
        .arg("report")
        .arg(SEED)
        .arg("--previous")
        .arg(&other)
        .assert()
        .success()
        .stderr(predicate::str::contains("different units"))
        .stdout(predicate::str::contains("Vårdcentralen Annan"));
}

#[test]
fn every_format_takes_previous() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["docx", "pdf", "json"] {
        let path = dir.path().join(format!("r.{f}"));
        spur()
            .args(["report", SEED, "--previous", PREV, "--format", f, "-o"])
            .arg(&path)
            .assert()
            .success();
        let bytes = std::fs::read(&path).unwrap();
        match f {
            "json" => {
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(v["previous"]["previous"]["visit_date"], "2021-03-10");
                assert_eq!(v["previous"]["current"]["visit_date"], "2025-11-12");
            }
            "pdf" => assert!(bytes.starts_with(b"%PDF")),
            _ => assert!(bytes.starts_with(b"PK")),
        }
    }
}
