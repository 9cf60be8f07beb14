//! The DOCX report and handlingsplan with hostile text: they render to a ZIP whose XML parts
//! carry no character XML 1.0 forbids.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fuzz_target!(|data: &[u8]| {
    let (_, grading) = common::hostile(data);
    for bytes in [
        render_report(&grading, ReportFormat::Docx, Lang::Sv),
        render_handlingsplan(&grading, PlanFormat::Docx, Lang::En),
    ] {
        let bytes = bytes.expect("renders");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).expect("an entry");
            if !part.name().ends_with(".xml") {
                continue;
            }
            let mut xml = String::new();
            part.read_to_string(&mut xml).expect("UTF-8 XML");
            common::assert_no_controls(&xml, part.name());
        }
    }
});
