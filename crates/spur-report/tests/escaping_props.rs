//! Property: no user string reaches any output format unescaped, whatever it holds.
//!
//! Every user-supplied text is wrapped in markers (`QQ…ZZ`); in the output, the text between each
//! pair of markers must obey the format's rules: HTML — no raw `<`, `>`, `"` or `'`, and every
//! `&` starts one of the five entities the escaper writes; Markdown — markup characters
//! backslash-escaped and no line opening a block; DOCX — well-formed XML text; CSV — no cell
//! that a spreadsheet reads as a formula; TOML — the template parses. No format carries a
//! control character (see `spur_core::escape`).

use chrono::NaiveDate;
use proptest::prelude::*;
use spur_core::{
    AreaId, AreaText, Catalog, Finding, Handlingsplan, Inspection, InspectionDocument, PlanEntry,
    Regulation, Status,
};
use spur_grading::Settings;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fn doc(texts: &[String]) -> InspectionDocument {
    doc_with(texts, |s| format!("QQ{s}ZZ"))
}

/// The document with every user text `wrap`ped (markers, or nothing).
fn doc_with(texts: &[String], wrap: impl Fn(&str) -> String) -> InspectionDocument {
    let t = |i: usize| wrap(&texts[i % texts.len()]);
    let date = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    let mut entry = PlanEntry::blank("D.F6".parse().unwrap());
    entry.action = Some(t(5));
    entry.due = Some(date(20));
    entry.responsible = vec![t(6)];
    entry.follow_up = Some(date(25));
    entry.follow_up_responsible = vec![t(7)];
    entry.note = Some(t(8));
    let mut inspection = Inspection::new(t(0), date(10), Regulation::ALL.to_vec());
    inspection.region = Some(t(9));
    inspection.specialty = Some(t(10));
    inspection.inspectors = vec![t(11)];
    let mut doc = InspectionDocument::new(inspection)
        .with_override(AreaId::G, spur_core::Grade::B, t(4))
        .with_handlingsplan(Handlingsplan::new(Some(date(15)), vec![entry]));
    for id in ["D.F6", "E.R1"] {
        doc.findings.insert(
            id.parse().unwrap(),
            Finding::new(Status::NotMet).with_note(t(1)),
        );
    }
    doc.areas
        .insert(AreaId::D, AreaText::new(format!("{}\n\n{}", t(2), t(3))));
    doc.report.strengths = vec![t(12)];
    doc.report.weaknesses = vec![t(13)];
    doc.report.improvements = vec![t(14)];
    doc.report.date = Some(date(9));
    doc.report.version = Some(t(16));
    doc
}

/// Every marked span is escaped; returns how many spans were checked.
fn assert_escaped(html: &str) -> Result<usize, TestCaseError> {
    let mut checked = 0;
    for piece in html.split("QQ").skip(1) {
        let Some(end) = piece.find("ZZ") else {
            continue;
        };
        let inner = &piece[..end];
        prop_assert!(
            !inner.contains(['<', '>', '"', '\'']),
            "raw markup in {inner:?}"
        );
        for (i, _) in inner.match_indices('&') {
            let rest = &inner[i..];
            prop_assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "bare & in {inner:?}"
            );
        }
        checked += 1;
    }
    Ok(checked)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_user_string_reaches_html_unescaped(
        texts in proptest::collection::vec("[a-zåäö <>&\"'/=;:!-]{0,24}", 1..16)
    ) {
        let d = doc(&texts);
        let catalog = Catalog::embedded();
        let g = spur_grading::Graded::new(d.clone(), std::sync::Arc::new(catalog.clone()), &Settings::default());
        for lang in [Lang::Sv, Lang::En] {
            let report = String::from_utf8(render_report(&g, ReportFormat::Html, lang).unwrap()).unwrap();
            prop_assert!(assert_escaped(&report)? >= 10, "markers missing from the report");
            let plan = String::from_utf8(render_handlingsplan(&g, PlanFormat::Html, lang).unwrap()).unwrap();
            prop_assert!(assert_escaped(&plan)? >= 2, "markers missing from the template");
        }
    }
}

/// User text with everything hostile: markup, Markdown block starters and fences, formula
/// starters (ASCII and fullwidth), line breaks, tabs, ESC/CSI and bidi overrides.
const HOSTILE: &str =
    "[a-zåäö <>&\"'/=;:!#*_`~|\\[\\]\\\\\n\t\r\u{1}\u{1b}\u{7f}\u{9b}\u{202e}＝＋＠0-9.)+-]{0,24}";

/// HTML with multi-line user text: the renderer's own paragraph and line-break tags between the
/// lines of one text are structure, not user markup; everything else must be escaped.
fn assert_escaped_multiline(html: &str) -> Result<usize, TestCaseError> {
    let mut structural = html.to_string();
    for tag in ["</p>\n<p>", "</p><p>", "<br>\n", "<br>", "<br/>", "<br />"] {
        structural = structural.replace(tag, " ");
    }
    assert_escaped(&structural)
}

fn no_controls(out: &str, what: &str) -> Result<(), TestCaseError> {
    let bad = out
        .chars()
        .find(|&c| spur_core::escape::is_unsafe_control(c) || c == '\u{fffe}' || c == '\u{ffff}');
    prop_assert!(bad.is_none(), "{what} carries control character {bad:?}");
    Ok(())
}

/// Markdown: inside every marked span, markup characters are escaped and no line opens a block.
fn assert_markdown_escaped(md: &str) -> Result<usize, TestCaseError> {
    let mut checked = 0;
    for piece in md.split("QQ").skip(1) {
        let Some(end) = piece.find("ZZ") else {
            continue;
        };
        let inner = &piece[..end];
        let b = inner.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if b"`*_[]<>|#~".contains(&c) {
                let run = b[..i].iter().rev().take_while(|&&x| x == b'\\').count();
                prop_assert!(run % 2 == 1, "unescaped {:?} in {inner:?}", c as char);
            }
        }
        for line in inner.split('\n').skip(1) {
            let line = line.trim_start_matches([' ', '\t']);
            prop_assert!(
                !line.starts_with(['-', '+', '=', '*', '#', '>', '~', '`', '|', '<']),
                "line opens a block: {line:?} in {inner:?}"
            );
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            prop_assert!(
                digits == 0 || !line[digits..].starts_with(['.', ')']),
                "line opens a list: {line:?}"
            );
        }
        checked += 1;
    }
    Ok(checked)
}

fn docx_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

/// XML text: inside every marked span, no raw `<` and every `&` starts an entity.
fn assert_xml_escaped(xml: &str) -> Result<usize, TestCaseError> {
    let mut checked = 0;
    for piece in xml.split("QQ").skip(1) {
        let Some(end) = piece.find("ZZ") else {
            continue;
        };
        let inner = &piece[..end];
        // A marked text may span several runs; only the text between tags is user text.
        for text in inner
            .split('<')
            .map(|t| t.split_once('>').map_or(t, |(_, x)| x))
        {
            for (i, _) in text.match_indices('&') {
                prop_assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                        .iter()
                        .any(|e| text[i..].starts_with(e)),
                    "bare & in {text:?}"
                );
            }
        }
        checked += 1;
    }
    Ok(checked)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn hostile_text_is_escaped_in_every_format(
        texts in proptest::collection::vec(HOSTILE, 1..16)
    ) {
        let d = doc(&texts);
        let catalog = Catalog::embedded();
        let g = spur_grading::Graded::new(d.clone(), std::sync::Arc::new(catalog.clone()), &Settings::default());
        for lang in [Lang::Sv, Lang::En] {
            let report = |f| render_report(&g, f, lang).unwrap();
            let plan = |f| render_handlingsplan(&g, f, lang).unwrap();

            let html = String::from_utf8(report(ReportFormat::Html)).unwrap();
            prop_assert!(assert_escaped_multiline(&html)? >= 10);
            no_controls(&html, "HTML report")?;
            let html = String::from_utf8(plan(PlanFormat::Html)).unwrap();
            prop_assert!(assert_escaped_multiline(&html)? >= 2);
            no_controls(&html, "HTML template")?;

            let md = String::from_utf8(report(ReportFormat::Markdown)).unwrap();
            prop_assert!(assert_markdown_escaped(&md)? >= 10);
            no_controls(&md, "Markdown report")?;
            let md = String::from_utf8(plan(PlanFormat::Markdown)).unwrap();
            prop_assert!(assert_markdown_escaped(&md)? >= 2);
            no_controls(&md, "Markdown template")?;

            for xml in [docx_xml(&report(ReportFormat::Docx)), docx_xml(&plan(PlanFormat::Docx))] {
                no_controls(&xml, "DOCX")?;
                prop_assert!(assert_xml_escaped(&xml)? >= 1);
            }

            let toml_text = String::from_utf8(plan(PlanFormat::Toml)).unwrap();
            no_controls(&toml_text, "TOML template")?;
            prop_assert!(toml_text.parse::<toml::Table>().is_ok(), "TOML template does not parse:\n{toml_text}");
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula(
        texts in proptest::collection::vec(HOSTILE, 1..16)
    ) {
        let d = doc_with(&texts, str::to_string);
        let catalog = Catalog::embedded();
        let g = spur_grading::Graded::new(d.clone(), std::sync::Arc::new(catalog.clone()), &Settings::default());
        let bytes = render_handlingsplan(&g, PlanFormat::Csv, Lang::Sv).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        no_controls(&text, "CSV")?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let first = cell.trim_start_matches(' ').chars().next();
                prop_assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')),
                    "formula cell {cell:?}"
                );
            }
        }
    }
}
