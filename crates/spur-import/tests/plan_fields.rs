//! One list of plan fields drives the templates and the importer: a template each writer
//! produced, filled field by field from [`PlanField::all`], imports with every field's value
//! back; and the importer's problems read in the caller's language.

use std::io::{Cursor, Read, Write};

use calamine::{Reader, Xlsx};
use chrono::{Days, NaiveDate};
use spur_core::{Catalog, Format, InspectionDocument, Lang, PlanEntry, PlanField, PlanFieldKind};
use spur_grading::Settings;
use spur_import::{Error, FilledFormat, Options, import, summary_in};
use spur_report::{PlanFormat, render_handlingsplan};

const INSPECTION: &str = r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
inspectors = ["Anna Andersson"]
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas för en ST-läkare." }
"#;

/// A distinct value for `field`, as the unit types it: text, a date (later fields later), or
/// two names.
fn typed(field: PlanField) -> String {
    let i = field.index() as u64;
    match field.kind() {
        PlanFieldKind::Text => format!("Text för {}", field.key()),
        PlanFieldKind::Date => NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .checked_add_days(Days::new(30 * i))
            .unwrap()
            .to_string(),
        PlanFieldKind::Names => format!("Roll {i}a, Roll {i}b"),
    }
}

/// `typed(field)` as a TOML value.
fn toml_value(field: PlanField) -> String {
    match field.kind() {
        PlanFieldKind::Text => format!("\"{}\"", typed(field)),
        PlanFieldKind::Date => typed(field),
        PlanFieldKind::Names => {
            let names: Vec<String> = typed(field)
                .split(", ")
                .map(|n| format!("\"{n}\""))
                .collect();
            format!("[{}]", names.join(", "))
        }
    }
}

fn template(format: PlanFormat, lang: Lang) -> Vec<u8> {
    let doc = InspectionDocument::from_toml_str(INSPECTION).unwrap();
    let g = spur_grading::Graded::new(
        doc,
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    render_handlingsplan(&g, format, lang).unwrap()
}

fn options() -> Options {
    Options {
        received: NaiveDate::from_ymd_opt(2026, 3, 1),
        ..Options::default()
    }
}

/// The CSV template with every plan field of its one item typed into the column its header
/// names.
fn csv(lang: Lang) -> Vec<u8> {
    let text = String::from_utf8(template(PlanFormat::Csv, lang)).unwrap();
    let mut lines: Vec<Vec<String>> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect();
    for field in PlanField::all() {
        let col = lines[0]
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == field.label(lang))
            .unwrap_or_else(|| panic!("the CSV template has no column for {field:?}"));
        lines[1][col] = typed(field);
    }
    let rows: Vec<String> = lines.iter().map(|cells| cells.join(";")).collect();
    (rows.join("\r\n") + "\r\n").into_bytes()
}

/// The XLSX template, rewritten as a unit's Excel saves it, with every plan field typed into
/// the column its header names.
fn xlsx(lang: Lang) -> Vec<u8> {
    let t = template(PlanFormat::Xlsx, lang);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(t)).unwrap();
    let cells = wb.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = cells
        .rows()
        .take(2)
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    for field in PlanField::all() {
        let col = rows[0]
            .iter()
            .position(|h| h == field.label(lang))
            .unwrap_or_else(|| panic!("the XLSX template has no column for {field:?}"));
        ws.write_string(1, col as u16, typed(field)).unwrap();
    }
    out.save_to_buffer().unwrap()
}

/// The DOCX template with every plan field typed into the empty cell of the row its label
/// names.
fn docx(lang: Lang) -> Vec<u8> {
    let t = template(PlanFormat::Docx, lang);
    let mut zip = zip::ZipArchive::new(Cursor::new(&t[..])).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            for field in PlanField::all() {
                xml = type_into_row(&xml, field.label(lang), &typed(field))
                    .unwrap_or_else(|| panic!("the DOCX template has no row for {field:?}"));
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// `xml` with `value` typed into the first empty cell after the cell reading `label`.
fn type_into_row(xml: &str, label: &str, value: &str) -> Option<String> {
    let at = xml.find(&format!(">{label}</w:t>"))?;
    let empty = at + xml[at..].find("<w:tc>")?;
    let p_end = empty + xml[empty..].find("</w:p>")?;
    Some(format!(
        "{}<w:r><w:t>{value}</w:t></w:r>{}",
        &xml[..p_end],
        &xml[p_end..]
    ))
}

/// The TOML template with every plan field's key given a value.
fn toml() -> Vec<u8> {
    let text = String::from_utf8(template(PlanFormat::Toml, Lang::Sv)).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split(" = ").next().unwrap_or("");
        match PlanField::from_key(key) {
            Some(field) => out.push_str(&format!("{key} = {}\n", toml_value(field))),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

fn imported(filled: &[u8], format: FilledFormat) -> PlanEntry {
    let out = import(
        INSPECTION,
        Format::Toml,
        filled,
        format,
        Catalog::embedded(),
        &options(),
    )
    .unwrap_or_else(|e| panic!("{format:?}: {e}"));
    let plan = out.document.handlingsplan.unwrap();
    assert_eq!(plan.entries.len(), 1, "{format:?}");
    plan.entries[0].clone()
}

#[test]
fn every_plan_field_round_trips_through_every_writer() {
    let filled = [
        (csv(Lang::Sv), FilledFormat::Csv),
        (csv(Lang::En), FilledFormat::Csv),
        (xlsx(Lang::Sv), FilledFormat::Xlsx),
        (xlsx(Lang::En), FilledFormat::Xlsx),
        (docx(Lang::Sv), FilledFormat::Docx),
        (docx(Lang::En), FilledFormat::Docx),
        (toml(), FilledFormat::Toml),
    ];
    for (bytes, format) in filled {
        let entry = imported(&bytes, format);
        for field in PlanField::all() {
            assert_eq!(
                field.value(&entry).to_string(),
                typed(field),
                "{format:?}: {field:?}"
            );
        }
        assert!(entry.is_complete(), "{format:?}: {entry:?}");
    }
}

#[test]
fn the_importers_problems_read_in_the_callers_language() {
    let mut filled = String::from_utf8(csv(Lang::Sv)).unwrap();
    filled = filled.replace(&typed(PlanField::Due), "snart");
    let Err(e) = import(
        INSPECTION,
        Format::Toml,
        filled.as_bytes(),
        FilledFormat::Csv,
        Catalog::embedded(),
        &options(),
    ) else {
        panic!("a date that is none was accepted")
    };
    let Error::Problems(problems) = &e else {
        panic!("{e}")
    };
    let due = PlanField::Due.label(Lang::Sv);
    let en = problems[0].clone().localized(Lang::En);
    assert_eq!(en.location, format!("row 2, column G ({due})"));
    assert_eq!(
        en.message,
        "`snart` is not a date: write dates as YYYY-MM-DD, e.g. 2026-03-01 (or 1 mars 2026)"
    );
    let sv = problems[0].clone().localized(Lang::Sv);
    assert_eq!(sv.location, format!("rad 2, kolumn G ({due})"));
    assert_eq!(
        sv.message,
        "`snart` är inte ett datum: skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01 (eller 1 mars 2026)"
    );
    assert_eq!(sv.clone().localized(Lang::En), problems[0]);
    let sv_text = e.render(Lang::Sv);
    assert!(sv_text.starts_with("fel: rad 2, kolumn G"), "{sv_text}");
    assert!(
        sv_text.ends_with("1 fel, 0 varning(ar); inget fördes in"),
        "{sv_text}"
    );
    assert_eq!(e.render(Lang::En), e.to_string());

    // Warnings and the summary too: an answer without a received date, in Swedish.
    let out = import(
        INSPECTION,
        Format::Toml,
        &csv(Lang::Sv),
        FilledFormat::Csv,
        Catalog::embedded(),
        &Options::default(),
    )
    .unwrap();
    let summary = summary_in(&out, Lang::Sv);
    assert!(
        summary.contains("varning: received: datumet då handlingsplanen inkom anges ingenstans"),
        "{summary}"
    );
    assert!(summary.contains("1 post infördes: D.F6"), "{summary}");
    assert!(summary.contains("omgradering:"), "{summary}");
    let english = summary_in(&out, Lang::En);
    assert!(english.contains("merged 1 entry: D.F6"), "{english}");
    assert_eq!(english, spur_import::summary(&out));
}
