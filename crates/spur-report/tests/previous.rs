//! Issue 19: the report with the comparison with the unit's previous inspection ("Jämfört med
//! föregående inspektion") in every format: the section comes from the report view, after the
//! HANDLINGSPLAN and before the signatures; the JSON gains the member `previous`.

mod common;

use std::process::Command;

use common::{SEED, graded, parse};
use spur_report::compare::{Comparison, Side, compare_previous};
use spur_report::{Lang, ReportFormat, render_report, render_report_with_previous};

const PREVIOUS: &str = include_str!("../../../fixtures/compare/2021.toml");

fn comparison() -> Comparison {
    let (prev, cur) = (parse(PREVIOUS), parse(SEED));
    let (pg, cg) = (graded(&prev), graded(&cur));
    let (c, applied) = compare_previous(
        &Side::of("2021.toml", &pg),
        &Side::of("seed-vardcentral.toml", &cg),
    );
    assert!(applied.is_empty(), "same catalog version: nothing mapped");
    c
}

fn render(format: ReportFormat, lang: Lang) -> Vec<u8> {
    let doc = parse(SEED);
    let g = graded(&doc);
    let c = comparison();
    render_report_with_previous(&g, format, lang, Some(&c)).unwrap()
}

fn text(format: ReportFormat, lang: Lang) -> String {
    String::from_utf8(render(format, lang)).unwrap()
}

/// The text from `start` up to (not including) `end`, or to the end.
fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let rest = &s[from..];
    match rest[start.len()..].find(end) {
        Some(to) => &rest[..start.len() + to],
        None => rest,
    }
}

#[test]
fn comparison_of_the_fixtures_has_every_part() {
    let c = comparison();
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert!(
        c.areas
            .iter()
            .any(|a| a.change == spur_report::compare::Change::Improved)
    );
    assert!(
        c.criteria
            .iter()
            .any(|a| a.change == spur_report::compare::Change::Worsened)
    );
    let persisting: Vec<String> = c
        .persisting
        .iter()
        .map(|p| p.criterion.to_string())
        .collect();
    for id in ["D.F6", "E.F4"] {
        assert!(persisting.contains(&id.to_string()), "{persisting:?}");
    }
    let plan: Vec<String> = c
        .plan_not_effective
        .iter()
        .map(|p| p.criterion.to_string())
        .collect();
    assert_eq!(plan, ["D.F6", "E.F4"]);
}

#[test]
fn markdown_section_after_the_handlingsplan() {
    let md = text(ReportFormat::Markdown, Lang::Sv);
    let plan = md.find("\n## HANDLINGSPLAN").unwrap();
    let section = md.find("\n## Jämfört med föregående inspektion").unwrap();
    assert!(section > plan);
    insta::assert_snapshot!(
        "previous_md_sv",
        between(&md, "## Jämfört med föregående inspektion", "\n## ")
    );
    let en = text(ReportFormat::Markdown, Lang::En);
    insta::assert_snapshot!(
        "previous_md_en",
        between(&en, "## Compared with the previous inspection", "\n## ")
    );
}

#[test]
fn html_section_after_the_handlingsplan() {
    let html = text(ReportFormat::Html, Lang::Sv);
    assert!(
        html.find("<section class=\"previous\">").unwrap()
            > html.find("<section class=\"handlingsplan\">").unwrap()
    );
    assert!(html.contains("<tr class=\"improved\">"));
    assert!(html.contains("<tr class=\"worsened\">"));
    insta::assert_snapshot!(
        "previous_html_sv",
        between(&html, "<section class=\"previous\">", "</section>")
    );
    let en = text(ReportFormat::Html, Lang::En);
    assert!(en.contains("<h2>Compared with the previous inspection</h2>"));
}

#[cfg(feature = "docx")]
#[test]
fn docx_section_after_the_handlingsplan() {
    let t = common::docx_text(&render(ReportFormat::Docx, Lang::Sv));
    let plan = t.find("HANDLINGSPLAN").unwrap();
    let section = t.find("Jämfört med föregående inspektion").unwrap();
    assert!(section > plan);
    insta::assert_snapshot!(
        "previous_docx_sv",
        between(&t, "Jämfört med föregående inspektion", "\u{0}")
    );
    let en = common::docx_text(&render(ReportFormat::Docx, Lang::En));
    insta::assert_snapshot!(
        "previous_docx_en",
        between(&en, "Compared with the previous inspection", "\u{0}")
    );
    // The improved and worsened rows are coloured.
    let xml = common::document_xml(&render(ReportFormat::Docx, Lang::Sv));
    assert!(xml.contains("w:val=\"1A7F37\""));
    assert!(xml.contains("w:val=\"B42318\""));
}

#[cfg(feature = "docx")]
#[test]
fn docx_with_the_section_passes_the_open_xml_validator() {
    let bin = std::env::var("SPUR_OOXML_VALIDATE").unwrap_or_else(|_| "ooxml-validate".into());
    if !Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "ooxml-validate is missing under CI: .ci/run installs @ooxml-tools/validate"
        );
        eprintln!(
            "SKIP: DOCX validation because `ooxml-validate` (npm @ooxml-tools/validate) is not installed"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Sv, Lang::En] {
        let path = dir.path().join(format!("previous-{lang}.docx"));
        std::fs::write(&path, render(ReportFormat::Docx, lang)).unwrap();
        let out = Command::new(&bin)
            .args(["--output-format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let v: serde_json::Value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("validator output is not JSON ({e}): {stdout}"));
        let errors = v
            .as_array()
            .map(Vec::len)
            .or_else(|| v["errors"].as_array().map(Vec::len))
            .unwrap_or(0);
        assert_eq!(errors, 0, "{}: {stdout}", path.display());
    }
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_has_the_section() {
    let pdf = render(ReportFormat::Pdf, Lang::Sv);
    assert!(pdf.starts_with(b"%PDF"));
    let plain = render_report(&graded(&parse(SEED)), ReportFormat::Pdf, Lang::Sv).unwrap();
    assert!(pdf.len() > plain.len());
    let ok = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing under CI: .ci/run installs poppler-utils"
        );
        eprintln!("SKIP: pdftotext checks because poppler-utils is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Sv, Lang::En] {
        let path = dir.path().join(format!("previous-{lang}.pdf"));
        std::fs::write(&path, render(ReportFormat::Pdf, lang)).unwrap();
        let out = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let (title, persisting) = match lang {
            Lang::Sv => ("Jämfört med föregående inspektion", "Kvarstående brister"),
            Lang::En => (
                "Compared with the previous inspection",
                "Persisting brister",
            ),
        };
        let at = squashed
            .find(title)
            .unwrap_or_else(|| panic!("no section title in the {lang} PDF"));
        assert!(squashed.find("HANDLINGSPLAN").unwrap() < at);
        let section = &squashed[at..];
        assert!(section.contains(persisting), "{section}");
        for id in ["D.F6", "E.F4"] {
            assert!(section.contains(id), "{id} missing: {section}");
        }
        if lang == Lang::Sv {
            insta::assert_snapshot!("previous_pdf_sv", section);
        }
    }
}

#[test]
fn json_gains_the_previous_member() {
    let v: serde_json::Value =
        serde_json::from_slice(&render(ReportFormat::Json, Lang::Sv)).unwrap();
    assert_eq!(v["previous"]["previous"]["visit_date"], "2021-03-10");
    assert_eq!(
        v["previous"],
        serde_json::to_value(comparison()).unwrap(),
        "the same as `spur compare --format json`"
    );
    // Without a previous inspection the member is absent.
    let doc = parse(SEED);
    let plain = render_report(&graded(&doc), ReportFormat::Json, Lang::Sv).unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(plain.get("previous").is_none());
    // It reads back as the report JSON.
    let back: spur_report::ReportJson = serde_json::from_value(v).unwrap();
    assert!(back.previous.is_some());
}
