//! Shared by the renderer targets: the seed inspection with the fuzzer's bytes as every user
//! text (unit, inspectors, report lists, narratives, notes, plan actions and names) and as the
//! plan's dates, graded. The renderers see hostile text without the validator in the way.
#![allow(dead_code)]

use std::sync::OnceLock;

use chrono::NaiveDate;
use spur_core::{Catalog, InspectionDocument};
use spur_grading::{Graded, Settings};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

fn seed() -> &'static InspectionDocument {
    static DOC: OnceLock<InspectionDocument> = OnceLock::new();
    DOC.get_or_init(|| InspectionDocument::from_toml_str(SEED).expect("the seed reads"))
}

/// The seed with `data` spread over its texts (pieces separated by 0xFF) and dates.
pub fn hostile(data: &[u8]) -> (InspectionDocument, Graded) {
    let mut pieces = data
        .split(|b| *b == 0xff)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect::<Vec<_>>()
        .into_iter()
        .cycle();
    let mut next = || pieces.next().unwrap_or_default();
    let mut doc = seed().clone();
    doc.inspection.unit = next();
    doc.inspection.region = Some(next());
    doc.inspection.specialty = Some(next());
    doc.inspection.inspectors = vec![next(), next()];
    doc.report.version = Some(next());
    doc.report.strengths = vec![next(), next()];
    doc.report.weaknesses = vec![next()];
    doc.report.improvements = vec![next(), next()];
    for text in doc.areas.values_mut() {
        text.narrative = Some(next());
    }
    for finding in doc.findings.values_mut().take(8) {
        finding.note = Some(next());
    }
    let days = data
        .iter()
        .fold(0i64, |a, b| a.wrapping_mul(31).wrapping_add(i64::from(*b)));
    if let Some(plan) = doc.handlingsplan.as_mut() {
        for (i, e) in plan.entries.iter_mut().enumerate() {
            e.action = Some(next());
            e.responsible = vec![next()];
            e.follow_up_responsible = vec![next()];
            e.note = Some(next());
            if i == 0 {
                // Any date chrono can hold: the ICS writer must refuse the ones it cannot write.
                e.due = NaiveDate::from_num_days_from_ce_opt((days % 4_000_000) as i32);
            }
        }
    }
    let graded = Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    (doc, graded)
}

/// No C0/C1 control character other than newline, carriage return and tab.
pub fn assert_no_controls(text: &str, what: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        panic!("{what} carries the control character {:?}", c);
    }
}
