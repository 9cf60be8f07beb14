//! Issue 27: a text field over 32 767 characters (the PDF/A string limit) still gives a PDF —
//! long texts are split or clipped where they would become one PDF string (metadata, outline).
#![cfg(feature = "pdf")]

mod common;

use common::{MINIMAL, graded, parse};
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

/// 40 000 characters: words (a narrative) or one unbroken run (a pasted blob).
fn long(words: bool) -> String {
    if words {
        "ordet ".repeat(40_000 / 6 + 1)[..40_000].to_string()
    } else {
        "x".repeat(40_000)
    }
}

fn pdf_of(src: &str) -> Vec<u8> {
    let doc = parse(src);
    let pdf =
        render_report(&graded(&doc), ReportFormat::Pdf, Lang::Sv).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    pdf
}

fn with_unit(unit: &str) -> String {
    MINIMAL.replace("Vårdcentralen Minimal", unit)
}

#[test]
fn a_40_000_character_unit_name_gives_a_pdf() {
    for words in [true, false] {
        pdf_of(&with_unit(&long(words)));
        let doc = parse(&with_unit(&long(words)));
        let plan = render_handlingsplan(&graded(&doc), PlanFormat::Pdf, Lang::Sv)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.starts_with(b"%PDF-"));
    }
}

#[test]
fn a_40_000_character_narrative_note_strength_and_inspector_give_a_pdf() {
    for words in [true, false] {
        let text = long(words);
        let src = format!(
            r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
regulations = ["HSLF-FS 2021:8"]
inspectors = ["{text}"]

[findings]
"D.F6" = {{ status = "not_met", note = "{text}" }}
"E.F7" = "met"

[report]
strengths = ["{text}"]

[areas.D]
narrative = "{text}"
"#
        );
        pdf_of(&src);
    }
}
