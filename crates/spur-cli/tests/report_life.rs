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
         strengths = [\"Engagerade handledare.\"]\n\
         weaknesses = [\"IUP saknas.\"]\n\
         improvements = [\"Upprätta IUP för alla ST-läkare.\"]\n\n\
         [areas.D]\nnarrative = \"Tjänstgöringen är väl planerad men IUP saknas.\"\n\n[findings]\n"
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
            .args(["report", &doc, "--lang", "en", "--format", format, "-o"])
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
        .args(["report", &doc, "--lang", "en", "--format", "html"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("error[placeholder]")
                .and(predicate::str::contains("`findings.\"D.F6\".note`"))
                .and(predicate::str::contains("`TODO`")),
        );
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

/// Issue 28 item 3: every final-report rule, one case each. The complete document renders as
/// a final report; each mutation is refused by `spur report` (exit 2, nothing written) and
/// answered by `spur validate` with a located error at the same path — one answer.
#[test]
fn every_final_report_rule_refuses_and_validation_agrees() {
    let complete = finished("final", "IUP saknas för två ST-läkare.");
    let cases: &[(&str, &str, &str, &str)] = &[
        // (rule, replace, with, the path named)
        (
            "the unit name spur init writes",
            "unit = \"Vårdcentralen Färdig\"",
            "unit = \"Enhetens namn\"",
            "inspection.unit",
        ),
        (
            "the visit date spur init writes",
            "visit_date = 2025-11-12",
            "visit_date = 2026-01-01",
            "inspection.visit_date",
        ),
        (
            "no inspectors",
            "inspectors = [\"Anna Andersson\", \"Bo Berg\"]",
            "inspectors = []",
            "inspection.inspectors",
        ),
        (
            "a placeholder word in a narrative",
            "narrative = \"Tjänstgöringen är väl planerad men IUP saknas.\"",
            "narrative = \"Fyll i bedömningen.\"",
            "areas.D.narrative",
        ),
        (
            "a placeholder word in Styrkor",
            "strengths = [\"Engagerade handledare.\"]",
            "strengths = [\"TBD\"]",
            "report.strengths[0]",
        ),
        (
            "empty Styrkor",
            "strengths = [\"Engagerade handledare.\"]",
            "strengths = []",
            "report.strengths",
        ),
        (
            "empty Svagheter",
            "weaknesses = [\"IUP saknas.\"]",
            "",
            "report.weaknesses",
        ),
        (
            "empty Förbättringspotential",
            "improvements = [\"Upprätta IUP för alla ST-läkare.\"]",
            "improvements = []",
            "report.improvements",
        ),
        (
            "no area narrative",
            "[areas.D]\nnarrative = \"Tjänstgöringen är väl planerad men IUP saknas.\"",
            "",
            "areas",
        ),
        (
            "an unassessed criterion",
            "\"A.F1\" = \"met\"\n",
            "",
            "findings.\"A.F1\"",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "complete.toml", &complete);
    spur()
        .args(["report", &ok, "--format", "html"])
        .assert()
        .success();
    spur().args(["validate", &ok]).assert().success();
    for (rule, from, to, path) in cases {
        assert!(complete.contains(from), "{rule}: {from}");
        let doc = write(dir.path(), "case.toml", &complete.replacen(from, to, 1));
        let out = dir.path().join("r.html");
        let report = spur()
            .args(["report", &doc, "--format", "html", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&report.stderr);
        assert_eq!(report.status.code(), Some(2), "{rule}: {text}");
        assert!(
            text.contains("error[") || text.contains("fel["),
            "{rule}: {text}"
        );
        assert!(!out.exists(), "{rule}: nothing written");
        let json = spur()
            .args(["validate", &doc, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(json.status.code(), Some(2), "{rule}: validate");
        let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let diags = v["files"][0]["diagnostics"].as_array().unwrap();
        let error = diags
            .iter()
            .find(|d| d["severity"] == "error" && d["path"] == *path)
            .unwrap_or_else(|| panic!("{rule}: validate names {path} as an error: {v}"));
        // Located where the value is, or (the rules of a final report) at `status = "final"`.
        let unlocated = ["areas.D.narrative", "report.strengths[0]"];
        assert!(
            error["location"].is_object() || unlocated.contains(path),
            "{rule}: located: {error}"
        );
        // As a draft the same document renders (with the banner).
        let draft = write(
            dir.path(),
            "draft.toml",
            &complete
                .replacen(from, to, 1)
                .replace("status = \"final\"", "status = \"draft\""),
        );
        spur()
            .args(["report", &draft, "--format", "md"])
            .assert()
            .success();
    }
}

/// Issue 28 item 4: `spur verify` proves the content, not only the fingerprint. The untouched
/// reports verify; an HTML with the plan text changed, a PDF with a byte flipped in the middle
/// and a DOCX with a paragraph changed — each still carrying the right fingerprint — are
/// refused (exit 1), naming the section or page.
#[test]
fn verify_refuses_an_edited_report_and_names_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc_text = finished("final", "IUP saknas för två ST-läkare.");
    doc_text.push_str(
        "\n[handlingsplan]\nreceived = 2026-01-15\n\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\n\
         action = \"IUP upprättas för alla ST-läkare\"\ndue = 2026-03-01\n\
         responsible = [\"Studierektor\"]\nfollow_up = 2026-10-01\n\
         follow_up_responsible = [\"Verksamhetschef\"]\n",
    );
    let doc = write(dir.path(), "final.toml", &doc_text);
    let render = |format: &str, lang: &str| {
        let out = dir.path().join(format!("rapport-{lang}.{format}"));
        spur()
            .args([
                "report", &doc, "--format", format, "--lang", lang, "--force", "-o",
            ])
            .arg(&out)
            .assert()
            .success();
        out
    };
    let verify = |report: &Path| {
        let out = spur().arg("verify").arg(report).arg(&doc).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    for lang in ["sv", "en"] {
        for format in ["html", "pdf", "docx", "md"] {
            let (code, text) = verify(&render(format, lang));
            assert_eq!(code, Some(0), "{format} {lang}: {text}");
        }
    }

    // HTML: the plan's action changed.
    let html = render("html", "sv");
    let edited = std::fs::read_to_string(&html)
        .unwrap()
        .replace("IUP upprättas för alla ST-läkare", "Inget behöver göras");
    std::fs::write(&html, edited).unwrap();
    let (code, text) = verify(&html);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("HANDLINGSPLAN") && text.contains("Inget behöver göras"),
        "names the section: {text}"
    );

    // PDF: one byte flipped in the middle.
    let pdf = render("pdf", "sv");
    let mut bytes = std::fs::read(&pdf).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&pdf, &bytes).unwrap();
    let (code, text) = verify(&pdf);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("page ") || text.contains("object "),
        "names the page or object: {text}"
    );

    // DOCX: a paragraph of the document part changed (the package rewritten).
    let docx = render("docx", "sv");
    let original = std::fs::read(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&original)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/document.xml" {
            data = String::from_utf8(data)
                .unwrap()
                .replace("IUP upprättas för alla ST-läkare", "Inget behöver göras")
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    std::fs::write(&docx, out.finish().unwrap().into_inner()).unwrap();
    let (code, text) = verify(&docx);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("HANDLINGSPLAN") && text.contains("Inget behöver göras"),
        "names the section: {text}"
    );
}
