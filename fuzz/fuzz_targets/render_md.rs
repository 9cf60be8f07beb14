//! The Markdown report and handlingsplan with hostile text: they render, and no user text opens
//! a code fence or carries a control character.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fuzz_target!(|data: &[u8]| {
    let (_, grading) = common::hostile(data);
    let md = render_report(&grading, ReportFormat::Markdown, Lang::Sv)
        .expect("the report renders");
    let md = String::from_utf8(md).expect("Markdown is UTF-8");
    common::assert_no_controls(&md, "the Markdown report");
    let plan = render_handlingsplan(&grading, PlanFormat::Markdown, Lang::En)
        .expect("the template renders");
    common::assert_no_controls(&String::from_utf8(plan).expect("UTF-8"), "the template");
});
