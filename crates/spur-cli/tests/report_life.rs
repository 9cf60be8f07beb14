//! The report's life end to end: `[report] status`, the final report's refusal while the
//! document is unfinished, the fingerprint, and `spur verify` (exit 0 / 1).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use spur_core::Catalog;

fn spur() -> Command {
    Command::cargo_bin("spur").unwrap()
}

fn seed() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/seed-vardcentral.toml")
        .display()
        .to_string()
}

/// A finished document: every criterion assessed, inspectors named, no placeholders.
fn finished(status: &str, note: &str) -> String {
    let mut s = format!(
        "[inspection]\nunit = \"Vårdcentralen Färdig\"\nvisit_date = 2025-11-12\n\
         inspectors = [\"Anna Andersson\", \"Bo Berg\"]\n\
         regulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]\n\n\
         [report]\nstatus = \"{status}\"\ndate = 2025-12-01\nversion = \"1.0\"\n\
         strengths = [\"Engagerade handledare.\"]\n\n[findings]\n"
    );
    for area in &Catalog::embedded().areas {
        for c in area.criteria.iter().filter(|c| c.id.to_string() != "D.F6") {
            s.push_str(&format!("\"{}\" = \"met\"\n", c.id));
        }
    }
    s.push_str(&format!(
        "\"D.F6\" = {{ status = \"not_met\", note = \"{note}\" }}\n"
    ));
    s
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn an_unfinished_document_as_a_final_report_is_refused_with_every_problem_listed() {
    let dir = tempfile::tempdir().unwrap();
    let minimal = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/minimal.toml");
    let src = format!(
        "{}\n[report]\nstatus = \"final\"\n",
        std::fs::read_to_string(minimal).unwrap()
    );
    let doc = write(dir.path(), "final.toml", &src);
    for format in ["md", "html", "pdf", "docx"] {
        let out = dir.path().join(format!("r.{format}"));
        spur()
            .args(["report", &doc, "--format", format, "-o"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("final")
                    .and(predicate::str::contains("not assessed under")),
            );
        assert!(
            !out.exists(),
            "{format}: nothing written for a refused report"
        );
    }
}

#[test]
fn a_placeholder_value_refuses_a_final_report() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "final.toml",
        &finished("final", "TODO: skriv anteckningen"),
    );
    spur()
        .args(["report", &doc, "--format", "html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "findings.\"D.F6\".note: placeholder value `TODO`",
        ));
    // The same document as a draft renders, with the banner.
    let draft = write(
        dir.path(),
        "draft.toml",
        &finished("draft", "TODO: skriv anteckningen"),
    );
    spur()
        .args(["report", &draft])
        .assert()
        .success()
        .stdout(predicate::str::contains("UTKAST"));
}

#[test]
fn a_final_report_carries_its_fingerprint_and_verifies_against_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "final.toml",
        &finished("final", "IUP saknas för två ST-läkare."),
    );
    let changed = write(
        dir.path(),
        "changed.toml",
        &finished("final", "IUP saknas för tre ST-läkare."),
    );
    for format in ["pdf", "docx", "html", "md"] {
        let report = dir.path().join(format!("rapport.{format}"));
        spur()
            .args(["report", &doc, "--format", format, "-o"])
            .arg(&report)
            .assert()
            .success();
        let bytes = std::fs::read(&report).unwrap();
        if format == "md" || format == "html" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("UTKAST"),
                "{format}: no banner on a final report"
            );
            assert!(text.contains("Anna Andersson"), "{format}: signature block");
        }
        spur()
            .arg("verify")
            .arg(&report)
            .arg(&doc)
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("ok:"));
        spur()
            .arg("verify")
            .arg(&report)
            .arg(&changed)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("another document"));
    }
}

#[test]
fn a_draft_report_does_not_verify() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("utkast.pdf");
    spur()
        .args(["report", &seed(), "--format", "pdf", "-o"])
        .arg(&report)
        .assert()
        .success();
    spur()
        .arg("verify")
        .arg(&report)
        .arg(seed())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no SPUR fingerprint"));
}

#[test]
fn a_bad_report_status_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(
        dir.path(),
        "bad.toml",
        &finished("finished", "x").replace("status = \"finished\"", "status = \"finall\""),
    );
    let out = spur().args(["validate", &doc]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("bad.toml:8:10") && text.contains("did you mean `final`"),
        "{text}"
    );
}

#[test]
fn report_and_handlingsplan_as_pdf_in_the_default_build() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["report", "handlingsplan"] {
        let out = dir.path().join(format!("{cmd}.pdf"));
        spur()
            .args([cmd, &seed(), "--format", "pdf", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"), "{cmd}");
    }
}
