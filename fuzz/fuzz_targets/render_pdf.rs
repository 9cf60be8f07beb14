//! The PDF report and handlingsplan (typst, in-process) with hostile text and dates: they
//! render to a complete PDF; text the embedded fonts cannot draw must not fail the rendering.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fuzz_target!(|data: &[u8]| {
    // typst takes ~0.1 s per document: keep the inputs short so the run explores texts, not
    // the layout of very long ones (those are the server's memory budget's business).
    if data.len() > 2048 {
        return;
    }
    let (_, grading) = common::hostile(data);
    for bytes in [
        render_report(&grading, ReportFormat::Pdf, Lang::Sv),
        render_handlingsplan(&grading, PlanFormat::Pdf, Lang::En),
    ] {
        let pdf = bytes.expect("the PDF renders");
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        let tail = &pdf[pdf.len().saturating_sub(32)..];
        assert!(
            tail.windows(5).any(|w| w == b"%%EOF"),
            "the PDF has no end-of-file marker"
        );
    }
});
