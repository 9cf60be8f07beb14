//! Parse → grade → render the HTML report and the CSV and DOCX handlingsplan templates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::Settings;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = Catalog::embedded();
    let checked = InspectionDocument::check(src, "fuzz", Format::sniff(src), catalog);
    let Ok((doc, _)) = checked.into_result() else {
        return;
    };
    let grading = spur_grading::Graded::new(doc, std::sync::Arc::new(catalog.clone()), &Settings::default());
    let html =
        render_report(&grading, ReportFormat::Html, Lang::Sv).expect("html renders");
    let html = String::from_utf8(html).expect("html is UTF-8");
    assert!(!html.contains("<script"), "markup leaked into the report");
    render_handlingsplan(&grading, PlanFormat::Csv, Lang::En).expect("csv renders");
    render_handlingsplan(&grading, PlanFormat::Docx, Lang::Sv)
        .expect("docx renders");
});
