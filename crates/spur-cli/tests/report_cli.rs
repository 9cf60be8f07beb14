//! `spur report` and `spur handlingsplan` end to end.

mod common;
use common::spur;

use std::io::Read;
use std::path::PathBuf;

use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

fn seed() -> PathBuf {
    fixture("seed-vardcentral.toml")
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = spur().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "spur {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn seed_str() -> String {
    seed().display().to_string()
}

#[test]
fn report_defaults_to_swedish_markdown_on_stdout() {
    let md = String::from_utf8(stdout_of(&["report", &seed_str()])).unwrap();
    assert!(md.starts_with("# SPUR-rapport: Vårdcentralen Exempel (seed-enheten)"));
    assert!(md.contains("### D. Tjänstgöringens upplägg"));
    assert_eq!(
        md.matches("Handlingsplan inkommen. Gradering justerad till C.")
            .count(),
        3
    );
    assert!(md.contains("## HANDLINGSPLAN"));
}

#[test]
fn report_in_every_format() {
    let s = seed_str();
    let html = String::from_utf8(stdout_of(&["report", &s, "--format", "html"])).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"));
    let en =
        String::from_utf8(stdout_of(&["report", &s, "--format", "md", "--lang", "en"])).unwrap();
    assert!(en.starts_with("# SPUR report:"));
    assert!(en.contains("### D. Structure of the training"));
    let json: serde_json::Value =
        serde_json::from_slice(&stdout_of(&["report", &s, "--format", "json"])).unwrap();
    assert_eq!(
        json["grading"]["unit"],
        "Vårdcentralen Exempel (seed-enheten)"
    );
    assert_eq!(
        json["inspection"]["handlingsplan"]["entries"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    let docx = stdout_of(&["report", &s, "--format", "docx"]);
    assert!(docx.starts_with(b"PK"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("Tjänstgöringens upplägg"));
}

#[test]
fn handlingsplan_in_every_format() {
    let s = seed_str();
    let md = String::from_utf8(stdout_of(&["handlingsplan", &s])).unwrap();
    assert!(md.starts_with("# Handlingsplan: "));
    assert_eq!(md.matches("| **Planerad åtgärd** | |").count(), 6);
    let html = String::from_utf8(stdout_of(&[
        "handlingsplan",
        &s,
        "--format",
        "html",
        "--lang",
        "en",
    ]))
    .unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Planned action"));
    let csv = stdout_of(&["handlingsplan", &s, "--format", "csv"]);
    assert!(csv.starts_with(
        b"\xEF\xBB\xBFOmr\xC3\xA5de;Kriterium;Kriterietext;Typ (krav/rekommendation);"
    ));
    assert_eq!(
        String::from_utf8(csv).unwrap().matches("\r\n").count(),
        7,
        "header + 6 rows, CRLF"
    );
    let toml = String::from_utf8(stdout_of(&["handlingsplan", &s, "--format", "toml"])).unwrap();
    assert!(toml.contains("[handlingsplan]\n"));
    assert_eq!(toml.matches("[[handlingsplan.entries]]").count(), 6);
    let docx = stdout_of(&["handlingsplan", &s, "--format", "docx"]);
    assert!(docx.starts_with(b"PK"));
}

#[test]
fn stdin_dash_reads_the_document() {
    let src = std::fs::read_to_string(seed()).unwrap();
    spur()
        .args(["report", "-", "--format", "md"])
        .write_stdin(src.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "### H. Ledarskapskompetens och kommunikativ kompetens",
        ));
    spur()
        .args(["handlingsplan", "-", "--format", "toml", "-o", "-"])
        .write_stdin(src)
        .assert()
        .success()
        .stdout(predicate::str::contains("criterion = \"H.F9\""));
}

#[test]
fn output_file_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rapport.html");
    let s = seed_str();
    let o = out.display().to_string();
    spur()
        .args(["report", &s, "--format", "html", "-o", &o])
        .assert()
        .success()
        .stdout("");
    let first = std::fs::read(&out).unwrap();
    assert!(first.starts_with(b"<!DOCTYPE html>"));

    std::fs::write(&out, "keep me").unwrap();
    spur()
        .args(["report", &s, "--format", "html", "-o", &o])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");

    spur()
        .args(["report", &s, "--format", "html", "-o", &o, "--force"])
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), first);

    let plan = dir.path().join("plan.csv");
    std::fs::write(&plan, "x").unwrap();
    spur()
        .args([
            "handlingsplan",
            &s,
            "--format",
            "csv",
            "-o",
            &plan.display().to_string(),
        ])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "x");
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn bad_input_exits_2() {
    spur()
        .args(["report", "does-not-exist.toml"])
        .assert()
        .code(2);
    spur()
        .args(["report", &seed_str(), "--format", "odt"])
        .assert()
        .code(2);
    spur()
        .args(["handlingsplan", &seed_str(), "--lang", "de"])
        .assert()
        .code(2);
    spur()
        .args(["report", "-"])
        .write_stdin("[inspection]\nunit = \"x\"\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("visit_date"));
}

#[test]
fn help_shows_an_example() {
    spur()
        .args(["report", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Example:").and(predicate::str::contains("--format")));
    spur()
        .args(["handlingsplan", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Example:").and(predicate::str::contains("toml")));
}
