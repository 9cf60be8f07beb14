//! Property: no user string reaches the HTML report or template unescaped, whatever it holds.
//!
//! Every user-supplied text is wrapped in markers (`QQ…ZZ`); in the output, the text between each
//! pair of markers must contain no raw `<`, `>`, `"` or `'`, and every `&` must start one of the
//! five entities the escaper writes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use spur_core::{
    AreaId, AreaText, Catalog, Finding, FindingStatus, Handlingsplan, Inspection,
    InspectionDocument, Override, OverrideGrade, PlanEntry, Regulation, ReportText, Status,
};
use spur_grading::{Settings, grade};
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fn doc(texts: &[String]) -> InspectionDocument {
    let t = |i: usize| format!("QQ{}ZZ", texts[i % texts.len()]);
    let date = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    let mut findings = BTreeMap::new();
    for id in ["D.F6", "E.R1"] {
        findings.insert(
            id.parse().unwrap(),
            Finding {
                status: FindingStatus::Uniform(Status::NotMet),
                note: Some(t(1)),
            },
        );
    }
    let mut areas = BTreeMap::new();
    areas.insert(
        AreaId::D,
        AreaText {
            narrative: Some(format!("{}\n\n{}", t(2), t(3))),
        },
    );
    let mut overrides = BTreeMap::new();
    overrides.insert(
        AreaId::G,
        Override {
            grade: OverrideGrade::Uniform(spur_core::Grade::B),
            reason: t(4),
        },
    );
    let mut entry = PlanEntry::blank("D.F6".parse().unwrap());
    entry.action = Some(t(5));
    entry.due = Some(date(20));
    entry.responsible = vec![t(6)];
    entry.follow_up = Some(date(25));
    entry.follow_up_responsible = vec![t(7)];
    entry.note = Some(t(8));
    InspectionDocument {
        inspection: Inspection {
            unit: t(0),
            region: Some(t(9)),
            specialty: Some(t(10)),
            visit_date: date(10),
            inspectors: vec![t(11)],
            catalog: None,
            regulations: Regulation::ALL.to_vec(),
        },
        report: ReportText {
            strengths: vec![t(12)],
            weaknesses: vec![t(13)],
            improvements: vec![t(14)],
        },
        areas,
        findings,
        overrides,
        handlingsplan: Some(Handlingsplan {
            received: Some(date(15)),
            entries: vec![entry],
        }),
    }
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
        let g = grade(&d, catalog, &Settings::default());
        for lang in [Lang::Sv, Lang::En] {
            let report = String::from_utf8(render_report(&d, &g, catalog, ReportFormat::Html, lang).unwrap()).unwrap();
            prop_assert!(assert_escaped(&report)? >= 10, "markers missing from the report");
            let plan = String::from_utf8(render_handlingsplan(&d, &g, catalog, PlanFormat::Html, lang).unwrap()).unwrap();
            prop_assert!(assert_escaped(&plan)? >= 2, "markers missing from the template");
        }
    }
}
