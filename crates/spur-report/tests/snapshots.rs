//! Snapshots of every format × language on the seed fixture and the minimal example.
//!
//! DOCX packages are snapshotted as the text of `word/document.xml` (paragraphs, table cells,
//! page breaks); the package bytes are checked for determinism separately.

mod common;

use common::{docx_text, fixtures, graded, parse};
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

const LANGS: [Lang; 2] = [Lang::Sv, Lang::En];

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("text formats are UTF-8")
}

#[test]
fn report_text_formats() {
    for (name, src) in fixtures() {
        let doc = parse(src);
        let g = graded(&doc);
        for lang in LANGS {
            for format in [ReportFormat::Markdown, ReportFormat::Html] {
                let out = text(render_report(&g, format, lang).unwrap());
                insta::assert_snapshot!(
                    format!("report_{name}_{lang}_{}", format.extension()),
                    out
                );
            }
        }
    }
}

#[test]
fn report_json_is_the_graded_inspection_in_every_language() {
    for (name, src) in fixtures() {
        let doc = parse(src);
        let g = graded(&doc);
        let sv = text(render_report(&g, ReportFormat::Json, Lang::Sv).unwrap());
        let en = text(render_report(&g, ReportFormat::Json, Lang::En).unwrap());
        assert_eq!(sv, en, "JSON does not depend on the language");
        let value: serde_json::Value = serde_json::from_str(&sv).unwrap();
        assert_eq!(
            value["inspection"]["inspection"]["unit"],
            doc.inspection.unit.as_str()
        );
        assert_eq!(value["grading"]["unit"], doc.inspection.unit.as_str());
        assert_eq!(
            value.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["inspection", "grading"]
        );
        insta::assert_snapshot!(format!("report_{name}_json"), sv);
    }
}

#[test]
fn report_docx() {
    for (name, src) in fixtures() {
        let doc = parse(src);
        let g = graded(&doc);
        for lang in LANGS {
            let bytes = render_report(&g, ReportFormat::Docx, lang).unwrap();
            let again = render_report(&g, ReportFormat::Docx, lang).unwrap();
            assert_eq!(bytes, again, "DOCX output is deterministic");
            insta::assert_snapshot!(format!("report_{name}_{lang}_docx"), docx_text(&bytes));
        }
    }
}

#[test]
fn handlingsplan_text_formats() {
    for (name, src) in fixtures() {
        let doc = parse(src);
        let g = graded(&doc);
        for lang in LANGS {
            for format in [
                PlanFormat::Markdown,
                PlanFormat::Html,
                PlanFormat::Csv,
                PlanFormat::Toml,
            ] {
                let out = text(render_handlingsplan(&g, format, lang).unwrap());
                insta::assert_snapshot!(
                    format!("handlingsplan_{name}_{lang}_{}", format.extension()),
                    out
                );
            }
        }
    }
}

#[test]
fn handlingsplan_docx() {
    for (name, src) in fixtures() {
        let doc = parse(src);
        let g = graded(&doc);
        for lang in LANGS {
            let bytes = render_handlingsplan(&g, PlanFormat::Docx, lang).unwrap();
            let again = render_handlingsplan(&g, PlanFormat::Docx, lang).unwrap();
            assert_eq!(bytes, again, "DOCX output is deterministic");
            insta::assert_snapshot!(
                format!("handlingsplan_{name}_{lang}_docx"),
                docx_text(&bytes)
            );
        }
    }
}
