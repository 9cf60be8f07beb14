//! The HTML report and handlingsplan with hostile text: they render, and no user text becomes
//! markup.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fuzz_target!(|data: &[u8]| {
    let (_, grading) = common::hostile(data);
    for bytes in [
        render_report(&grading, ReportFormat::Html, Lang::Sv),
        render_handlingsplan(&grading, PlanFormat::Html, Lang::En),
    ] {
        let html = String::from_utf8(bytes.expect("renders")).expect("HTML is UTF-8");
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "markup leaked into the HTML");
        assert!(!lower.contains("<img"), "markup leaked into the HTML");
        assert!(
            !lower.contains("javascript:"),
            "a script URL leaked into the HTML"
        );
    }
});
