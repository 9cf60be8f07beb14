//! Issue 28 item 8: what the importer says. An unreadable date is one message, about that date,
//! under the column header the unit sees; JSON and TOML count entries the same way (from 1);
//! "1 mars 2026" is a date; without a received date the import says it records today.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;
use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::Settings;
use spur_import::{Error, FilledFormat, Options, Problem, import};
use spur_report::{Lang, PlanFormat, render_handlingsplan};

const INSPECTION: &str = r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
inspectors = ["Anna Andersson"]
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas för en ST-läkare." }
"#;

fn received() -> Options {
    Options {
        received: NaiveDate::from_ymd_opt(2026, 3, 1),
        ..Options::default()
    }
}

/// The XLSX template with its first item answered with `values` (the five fields).
fn xlsx(values: [&str; 5]) -> Vec<u8> {
    let doc = InspectionDocument::from_toml_str(INSPECTION).unwrap();
    let g = spur_grading::Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    let t = render_handlingsplan(&g, PlanFormat::Xlsx, Lang::Sv).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(t)).unwrap();
    let cells = wb.worksheet_range_at(0).unwrap().unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (r, row) in cells.rows().take(2).enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v.to_string()).unwrap();
        }
    }
    for (c, v) in values.iter().enumerate() {
        ws.write_string(1, 5 + c as u16, *v).unwrap();
    }
    out.save_to_buffer().unwrap()
}

fn problems(filled: &[u8], format: FilledFormat, options: &Options) -> Vec<Problem> {
    match import(
        INSPECTION,
        Format::Toml,
        filled,
        format,
        Catalog::embedded(),
        options,
    ) {
        Ok(out) => out.problems,
        Err(Error::Problems(p)) => p,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn an_unreadable_date_is_one_message_under_its_column_header() {
    let p = problems(
        &xlsx([
            "IUP upprättas",
            "2026-04-01",
            "Studierektor",
            "snart",
            "Verksamhetschef",
        ]),
        FilledFormat::Xlsx,
        &received(),
    );
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].location, "row 2, column I (Datum för uppföljning)");
    assert!(
        p[0].message.contains("`snart` is not a date"),
        "{}",
        p[0].message
    );
    for q in &p {
        assert!(
            !q.message.contains("follow_up") && !q.message.contains("empty"),
            "{q:?}"
        );
    }
    // A field really left empty is named by the header the unit sees, not the TOML key.
    let p = problems(
        &xlsx([
            "IUP upprättas",
            "2026-04-01",
            "Studierektor",
            "",
            "Verksamhetschef",
        ]),
        FilledFormat::Xlsx,
        &received(),
    );
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].message.contains("\"Datum för uppföljning\""),
        "{}",
        p[0].message
    );
    assert!(!p[0].message.contains("follow_up"), "{}", p[0].message);
}

#[test]
fn json_and_toml_count_entries_from_one() {
    let toml = b"[handlingsplan]\nreceived = 2026-03-01\n\n[[handlingsplan.entries]]\ncriterion = \"Q.F1\"\n";
    let json =
        br#"{"handlingsplan": {"received": "2026-03-01", "entries": [{"criterion": "Q.F1"}]}}"#;
    let t = problems(toml, FilledFormat::Toml, &Options::default());
    let j = problems(json, FilledFormat::Json, &Options::default());
    assert!(t[0].location.starts_with("entry 1 "), "{t:?}");
    assert!(j[0].location.starts_with("entry 1 "), "{j:?}");
}

#[test]
fn a_date_as_people_write_it_is_read() {
    for (written, want) in [
        ("1 mars 2026", (2026, 3, 1)),
        ("1 mar 2026", (2026, 3, 1)),
        ("15 September 2026", (2026, 9, 15)),
        ("1/3 2026", (2026, 3, 1)),
        ("2026-03-01", (2026, 3, 1)),
    ] {
        let out = import(
            INSPECTION,
            Format::Toml,
            &xlsx([
                "IUP upprättas",
                written,
                "Studierektor",
                "2026-10-01",
                "Verksamhetschef",
            ]),
            FilledFormat::Xlsx,
            Catalog::embedded(),
            &received(),
        )
        .unwrap_or_else(|e| panic!("{written}: {e}"));
        let due = out.document.handlingsplan.unwrap().entries[0].due;
        assert_eq!(
            due,
            NaiveDate::from_ymd_opt(want.0, want.1, want.2),
            "{written}"
        );
    }
    // Never a guess: an American 1/3/2026 and a month without the year are refused.
    for written in ["1/3/2026", "1 mars", "31 februari 2026"] {
        let p = problems(
            &xlsx([
                "IUP upprättas",
                written,
                "Studierektor",
                "2026-10-01",
                "Verksamhetschef",
            ]),
            FilledFormat::Xlsx,
            &received(),
        );
        assert!(
            p.iter().any(|q| q.message.contains("is not a date")),
            "{written}: {p:?}"
        );
    }
}

#[test]
fn without_a_received_date_the_import_says_it_records_today() {
    let out = import(
        INSPECTION,
        Format::Toml,
        &xlsx([
            "IUP upprättas",
            "2026-04-01",
            "Studierektor",
            "2026-10-01",
            "Verksamhetschef",
        ]),
        FilledFormat::Xlsx,
        Catalog::embedded(),
        &Options::default(),
    )
    .unwrap();
    let today = chrono::Local::now().date_naive();
    assert!(
        out.problems
            .iter()
            .any(|p| p.message.contains("--received") && p.message.contains(&today.to_string())),
        "{:?}",
        out.problems
    );
    // Given, nothing is said.
    let out = import(
        INSPECTION,
        Format::Toml,
        &xlsx([
            "IUP upprättas",
            "2026-04-01",
            "Studierektor",
            "2026-10-01",
            "Verksamhetschef",
        ]),
        FilledFormat::Xlsx,
        Catalog::embedded(),
        &received(),
    )
    .unwrap();
    assert!(out.problems.is_empty(), "{:?}", out.problems);
}
