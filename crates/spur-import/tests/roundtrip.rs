//! Round trips for every template format: template → filled programmatically → import → the
//! grade adjusts D→C; problems are located in the unit's file; nothing is dropped.

use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use spur_core::{AreaId, Catalog, Format, InspectionDocument};
use spur_grading::Settings;
use spur_import::{Error, FilledFormat, Options, Severity, import};
use spur_report::{Lang, PlanFormat, render_handlingsplan};

const INSPECTION: &str = r#"# Kommentar som ska finnas kvar.
[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
inspectors = ["Anna Andersson"]
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas för en ST-läkare." }
"E.F1" = "partially_met"
"E.F7" = "met"
"#;

const FILL: [&str; 5] = [
    "IUP upprättas för alla ST-läkare",
    "2026-04-01",
    "Studierektor, Verksamhetschef",
    "2026-09-01",
    "Verksamhetschef",
];

fn template(format: PlanFormat, lang: Lang) -> Vec<u8> {
    let doc = InspectionDocument::from_toml_str(INSPECTION).unwrap();
    let g = spur_grading::Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    render_handlingsplan(&g, format, lang).unwrap()
}

fn opts() -> Options {
    Options {
        received: NaiveDate::from_ymd_opt(2026, 3, 1),
        ..Options::default()
    }
}

fn run(filled: &[u8], format: FilledFormat) -> spur_import::Outcome {
    import(
        INSPECTION,
        Format::Toml,
        filled,
        format,
        Catalog::embedded(),
        &opts(),
    )
    .unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

fn assert_adjusted(out: &spur_import::Outcome) {
    for area in [AreaId::D, AreaId::E] {
        let c = out
            .changes
            .iter()
            .find(|c| c.area == area)
            .unwrap_or_else(|| panic!("no change in {area}: {:?}", out.changes));
        assert_eq!((c.before.as_str(), c.after.as_str()), ("D", "D→C"));
    }
    let plan = out.document.handlingsplan.as_ref().unwrap();
    assert_eq!(plan.received, NaiveDate::from_ymd_opt(2026, 3, 1));
    assert_eq!(plan.entries.len(), 2);
    for e in &plan.entries {
        assert!(e.is_complete(), "{e:?}");
        assert_eq!(e.responsible, ["Studierektor", "Verksamhetschef"]);
        assert_eq!(e.due, NaiveDate::from_ymd_opt(2026, 4, 1));
    }
    assert!(out.output.starts_with("# Kommentar som ska finnas kvar."));
    assert!(out.output.contains("\"E.F7\" = \"met\""));
    assert!(out.conflicts.is_empty());
}

fn fill_csv(bytes: &[u8], values: &[&str; 5]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut out = String::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut cells: Vec<String> = line.split(';').map(str::to_string).collect();
        if i > 0 {
            for (k, v) in values.iter().enumerate() {
                cells[5 + k] = v.to_string();
            }
        }
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[test]
fn csv_round_trip() {
    let t = template(PlanFormat::Csv, Lang::Sv);
    assert_adjusted(&run(&fill_csv(&t, &FILL), FilledFormat::Csv));
    let t = template(PlanFormat::Csv, Lang::En);
    assert_adjusted(&run(&fill_csv(&t, &FILL), FilledFormat::Csv));
}

#[test]
fn csv_bad_date_is_located_by_row_and_column() {
    let t = template(PlanFormat::Csv, Lang::Sv);
    let mut bad = FILL;
    bad[1] = "2026-13-01";
    let err = import(
        INSPECTION,
        Format::Toml,
        &fill_csv(&t, &bad),
        FilledFormat::Csv,
        Catalog::embedded(),
        &opts(),
    )
    .unwrap_err();
    let Error::Problems(p) = err else {
        panic!("{err}")
    };
    assert_eq!(
        p.iter().filter(|p| p.severity == Severity::Error).count(),
        2
    );
    assert_eq!(
        p[0].location,
        "row 2, column G (Datum när åtgärden ska vara genomförd)"
    );
    assert!(p[0].message.contains("`2026-13-01` is not a date"), "{p:?}");
}

fn docx_fill(bytes: &[u8], values: &[&str; 5]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = fill_empty_cells(&String::from_utf8(data).unwrap(), values).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Type `values` (cycling) into the template's empty cells, as a unit does in Word: a run in the
/// cell's first paragraph. Every empty cell of the template is one of the five answer fields.
fn fill_empty_cells(xml: &str, values: &[&str; 5]) -> String {
    let mut filled = String::with_capacity(xml.len() + 4096);
    let mut k = 0;
    let mut rest = xml;
    while let Some(start) = rest.find("<w:tc>") {
        let end = start + rest[start..].find("</w:tc>").unwrap() + "</w:tc>".len();
        let cell = &rest[start..end];
        filled.push_str(&rest[..start]);
        if cell.contains("<w:t>") || cell.contains("<w:t ") {
            filled.push_str(cell);
        } else {
            let p_end = cell.find("</w:p>").unwrap();
            filled.push_str(&cell[..p_end]);
            filled.push_str(&format!("<w:r><w:t>{}</w:t></w:r>", values[k % 5]));
            filled.push_str(&cell[p_end..]);
            k += 1;
        }
        rest = &rest[end..];
    }
    filled.push_str(rest);
    filled
}

#[test]
fn docx_round_trip() {
    let t = template(PlanFormat::Docx, Lang::Sv);
    assert_adjusted(&run(&docx_fill(&t, &FILL), FilledFormat::Docx));
    let t = template(PlanFormat::Docx, Lang::En);
    assert_adjusted(&run(&docx_fill(&t, &FILL), FilledFormat::Docx));
}

#[test]
fn docx_bad_date_is_located_by_table_and_row_label() {
    let t = template(PlanFormat::Docx, Lang::Sv);
    let mut bad = FILL;
    bad[3] = "snart";
    let Err(Error::Problems(p)) = import(
        INSPECTION,
        Format::Toml,
        &docx_fill(&t, &bad),
        FilledFormat::Docx,
        Catalog::embedded(),
        &opts(),
    ) else {
        panic!("accepted")
    };
    assert_eq!(
        p[0].location,
        "table 1 (D.F6), row \"Datum för uppföljning\""
    );
    assert!(p[0].message.contains("YYYY-MM-DD"));
}

fn xlsx_fill(bytes: &[u8], values: &[&str; 5], date_cells: bool) -> Vec<u8> {
    use calamine_free::read_cells;
    let cells = read_cells(bytes);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in cells.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
        if r > 0 {
            for (k, v) in values.iter().enumerate() {
                let col = 5 + k as u16;
                match (date_cells, NaiveDate::parse_from_str(v, "%Y-%m-%d")) {
                    (true, Ok(d)) => {
                        let d =
                            rust_xlsxwriter::ExcelDateTime::parse_from_str(&d.to_string()).unwrap();
                        ws.write_datetime_with_format(r as u32, col, d, &date_fmt)
                            .unwrap();
                    }
                    _ => {
                        ws.write_string(r as u32, col, *v).unwrap();
                    }
                }
            }
            ws.write_string(r as u32, 10, "pågår").unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

mod calamine_free {
    /// The template's cells as text, read the way a spreadsheet shows them (via the import's
    /// own XLSX reader would be circular, so through the sheet XML directly).
    pub fn read_cells(bytes: &[u8]) -> Vec<Vec<String>> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut shared = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut shared)
            .unwrap();
        let strings: Vec<String> = shared
            .split("<si>")
            .skip(1)
            .map(|si| {
                let t = si.split("</t>").next().unwrap();
                let t = &t[t.find('>').unwrap() + 1..];
                t.replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
            })
            .collect();
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap();
        let mut rows = Vec::new();
        for row in sheet.split("<row ").skip(1) {
            let mut cells = vec![String::new(); 11];
            for c in row.split("<c ").skip(1) {
                let r = c.split('"').nth(1).unwrap();
                let col = (r.as_bytes()[0] - b'A') as usize;
                if c.contains("t=\"s\"") {
                    let v = c.split("<v>").nth(1).unwrap().split("</v>").next().unwrap();
                    cells[col] = strings[v.parse::<usize>().unwrap()].clone();
                }
            }
            rows.push(cells);
        }
        rows
    }
}

#[test]
fn xlsx_template_has_date_cells_and_a_status_list() {
    let t = template(PlanFormat::Xlsx, Lang::Sv);
    let mut zip = zip::ZipArchive::new(Cursor::new(&t)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains(r#"type="date""#), "date validation");
    assert!(sheet.contains(r#"type="list""#), "list validation");
    // The statuses come from the hidden sheet, not an inline list Excel splits on commas.
    assert!(
        sheet.contains("<formula1>Listor!$A$1:$A$5</formula1>"),
        "status list: {sheet}"
    );
    let cells = calamine_free::read_cells(&t);
    assert_eq!(cells[1][1], "D.F6");
    assert_eq!(cells[0][6], "Datum när åtgärden ska vara genomförd");
}

#[test]
fn xlsx_round_trip_with_date_cells_and_with_text_dates() {
    let t = template(PlanFormat::Xlsx, Lang::Sv);
    for date_cells in [true, false] {
        let out = run(&xlsx_fill(&t, &FILL, date_cells), FilledFormat::Xlsx);
        assert_adjusted(&out);
        let plan = out.document.handlingsplan.as_ref().unwrap();
        assert_eq!(
            plan.entries[0].status,
            Some(spur_core::PlanStatus::InProgress)
        );
    }
}

#[test]
fn xlsx_bad_date_is_located_by_row_and_column() {
    let t = template(PlanFormat::Xlsx, Lang::Sv);
    let mut bad = FILL;
    bad[3] = "1 april";
    let Err(Error::Problems(p)) = import(
        INSPECTION,
        Format::Toml,
        &xlsx_fill(&t, &bad, true),
        FilledFormat::Xlsx,
        Catalog::embedded(),
        &opts(),
    ) else {
        panic!("accepted")
    };
    assert_eq!(p[0].location, "row 2, column I (Datum för uppföljning)");
}

fn toml_fill(t: &[u8]) -> Vec<u8> {
    String::from_utf8(t.to_vec())
        .unwrap()
        .replace(
            "action = \"\"",
            "action = \"IUP upprättas för alla ST-läkare\"",
        )
        .replace("due = \"\"", "due = 2026-04-01")
        .replace(
            "responsible = []",
            "responsible = [\"Studierektor\", \"Verksamhetschef\"]",
        )
        .replace("follow_up = \"\"", "follow_up = \"2026-09-01\"")
        .replace(
            "follow_up_responsible = []",
            "follow_up_responsible = [\"Verksamhetschef\"]",
        )
        .into_bytes()
}

#[test]
fn toml_round_trip() {
    let t = template(PlanFormat::Toml, Lang::Sv);
    assert_adjusted(&run(&toml_fill(&t), FilledFormat::Toml));
}

#[test]
fn json_round_trip_and_json_inspection() {
    let filled = serde_json::json!({"handlingsplan": {"entries": [
        {"criterion": "D.F6", "action": FILL[0], "due": FILL[1], "responsible": FILL[2],
         "follow_up": FILL[3], "follow_up_responsible": [FILL[4]]},
        {"criterion": "E.F1", "action": FILL[0], "due": FILL[1], "responsible": ["Studierektor", "Verksamhetschef"],
         "follow_up": FILL[3], "follow_up_responsible": FILL[4]},
    ]}});
    let bytes = serde_json::to_vec(&filled).unwrap();
    assert_adjusted(&run(&bytes, FilledFormat::Json));
    // A JSON inspection stays JSON.
    let doc = InspectionDocument::from_toml_str(INSPECTION).unwrap();
    let out = import(
        &doc.to_json(),
        Format::Json,
        &bytes,
        FilledFormat::Json,
        Catalog::embedded(),
        &opts(),
    )
    .unwrap();
    assert!(out.output.trim_start().starts_with('{'));
    assert_eq!(out.changes.len(), 2);
}

#[test]
fn nothing_is_dropped_and_conflicts_are_listed() {
    let with_plan = format!(
        "{INSPECTION}\n[handlingsplan]\nreceived = 2026-02-20\n\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\naction = \"Inspektörens text\"\nnote = \"Behålls\"\n"
    );
    let t = template(PlanFormat::Csv, Lang::Sv);
    let filled = fill_csv(&t, &FILL);
    let out = import(
        &with_plan,
        Format::Toml,
        &filled,
        FilledFormat::Csv,
        Catalog::embedded(),
        &Options::default(),
    )
    .unwrap();
    let plan = out.document.handlingsplan.as_ref().unwrap();
    assert_eq!(plan.received, NaiveDate::from_ymd_opt(2026, 2, 20), "kept");
    let d = &plan.entries[0];
    assert_eq!(d.action.as_deref(), Some("Inspektörens text"));
    assert_eq!(d.note.as_deref(), Some("Behålls"));
    assert_eq!(
        d.due,
        NaiveDate::from_ymd_opt(2026, 4, 1),
        "empty field filled"
    );
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].field, "action");
    assert_eq!(
        out.conflicts[0].location,
        "row 2, column F (Planerad åtgärd)"
    );
    assert!(!out.conflicts[0].taken);

    let forced = import(
        &with_plan,
        Format::Toml,
        &filled,
        FilledFormat::Csv,
        Catalog::embedded(),
        &Options {
            force: true,
            ..Options::default()
        },
    )
    .unwrap();
    let d = &forced.document.handlingsplan.as_ref().unwrap().entries[0];
    assert_eq!(d.action.as_deref(), Some(FILL[0]));
    assert_eq!(d.note.as_deref(), Some("Behålls"));
}

#[test]
fn an_unanswered_required_item_is_a_warning_and_the_grade_stays_d() {
    let t = template(PlanFormat::Csv, Lang::Sv);
    let filled = fill_csv(&t, &FILL);
    let text = String::from_utf8(filled).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    // Keep the header and D.F6 only.
    let only_d = format!("{}\r\n{}\r\n", lines[0], lines[1]);
    let out = run(only_d.as_bytes(), FilledFormat::Csv);
    assert!(
        out.problems
            .iter()
            .any(|p| p.message == "required item E.F1 is missing"),
        "{:?}",
        out.problems
    );
    assert_eq!(out.changes.len(), 1, "{:?}", out.changes);
}

#[test]
fn formats_sniff() {
    assert_eq!(
        FilledFormat::sniff(&template(PlanFormat::Docx, Lang::Sv)),
        FilledFormat::Docx
    );
    assert_eq!(
        FilledFormat::sniff(&template(PlanFormat::Xlsx, Lang::Sv)),
        FilledFormat::Xlsx
    );
    assert_eq!(
        FilledFormat::sniff(&template(PlanFormat::Csv, Lang::Sv)),
        FilledFormat::Csv
    );
    assert_eq!(
        FilledFormat::sniff(&template(PlanFormat::Toml, Lang::Sv)),
        FilledFormat::Toml
    );
}

#[test]
fn garbage_never_panics() {
    for f in [
        FilledFormat::Docx,
        FilledFormat::Csv,
        FilledFormat::Xlsx,
        FilledFormat::Toml,
        FilledFormat::Json,
    ] {
        for bytes in [
            &b""[..],
            b"PK\x03\x04garbage",
            b"\xff\xfe",
            b"{",
            b"[handlingsplan",
        ] {
            let _ = import(
                INSPECTION,
                Format::Toml,
                bytes,
                f,
                Catalog::embedded(),
                &opts(),
            );
        }
    }
}
