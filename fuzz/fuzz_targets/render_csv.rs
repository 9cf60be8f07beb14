//! The CSV handlingsplan with hostile text: it renders, parses back as `;`-separated CSV, and no
//! cell starts a formula.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use spur_report::{Lang, PlanFormat, render_handlingsplan};

fuzz_target!(|data: &[u8]| {
    let (_, grading) = common::hostile(data);
    let csv = render_handlingsplan(&grading, PlanFormat::Csv,
        Lang::Sv,
    )
    .expect("the CSV renders");
    let text = String::from_utf8(csv).expect("CSV is UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        let record = record.expect("the CSV parses back");
        for cell in record.iter() {
            let first = cell.trim_start_matches(' ').chars().next();
            assert!(
                !matches!(
                    first,
                    Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
                ),
                "a cell starts a formula: {cell:?}"
            );
        }
    }
});
