//! Every list-valued data validation of every XLSX template offers values that Excel keeps
//! whole and that the importer accepts (issue 28, item 1): Excel splits an inline list on every
//! comma, so `"…,uppföljd, effektiv,…"` offered `uppföljd` and ` effektiv` as two choices.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use spur_core::{Catalog, Format, InspectionDocument, PlanStatus};
use spur_grading::Settings;
use spur_import::{FilledFormat, Options, Severity, import};
use spur_report::{Lang, PlanFormat, render_handlingsplan};

const INSPECTION: &str = r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
inspectors = ["Anna Andersson"]
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas för en ST-läkare." }
"#;

fn template(lang: Lang) -> Vec<u8> {
    let doc = InspectionDocument::from_toml_str(INSPECTION).unwrap();
    let g = spur_grading::Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    render_handlingsplan(&g, PlanFormat::Xlsx, lang).unwrap()
}

/// Each list validation of the workbook: (sheet file, the range it covers, the offered items as
/// Excel offers them).
fn list_validations(bytes: &[u8]) -> Vec<(String, String, Vec<String>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        for dv in xml.split("<dataValidation ").skip(1) {
            if !dv.contains(r#"type="list""#) {
                continue;
            }
            let sqref = dv
                .split("sqref=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let f = dv
                .split("<formula1>")
                .nth(1)
                .unwrap()
                .split("</formula1>")
                .next()
                .unwrap()
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let items: Vec<String> = if let Some(inline) = f.strip_prefix('"') {
                // Excel's own reading of an inline list: every comma separates.
                inline
                    .trim_end_matches('"')
                    .split(',')
                    .map(str::to_string)
                    .collect()
            } else {
                let (sheet, range) = f.split_once('!').expect("a range on a sheet");
                let sheet = sheet.trim_matches('\'');
                let cells = wb.worksheet_range(sheet).unwrap();
                let (a, b) = range.split_once(':').unwrap();
                let row = |r: &str| -> u32 {
                    r.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .parse::<u32>()
                        .unwrap()
                        - 1
                };
                assert!(a.contains("$A$") && b.contains("$A$"), "{f}");
                (row(a)..=row(b))
                    .map(|r| match cells.get_value((r, 0)) {
                        Some(Data::String(s)) => s.clone(),
                        other => panic!("{f}: row {r}: {other:?}"),
                    })
                    .collect()
            };
            out.push((name.clone(), sqref.to_string(), items));
        }
    }
    out
}

/// The template with its first row answered and `status` in the status column.
fn filled(template: &[u8], status: &str) -> Vec<u8> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(template.to_vec())).unwrap();
    let cells = wb.worksheet_range_at(0).unwrap().unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (r, row) in cells.rows().take(2).enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v.to_string()).unwrap();
        }
    }
    for (c, v) in [
        "IUP upprättas",
        "2026-04-01",
        "Studierektor",
        "2026-09-01",
        "Verksamhetschef",
        status,
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, 5 + c as u16, *v).unwrap();
    }
    out.save_to_buffer().unwrap()
}

fn import_status(bytes: &[u8], format: FilledFormat) -> Result<Option<PlanStatus>, String> {
    let options = Options {
        received: NaiveDate::from_ymd_opt(2026, 3, 1),
        ..Options::default()
    };
    match import(
        INSPECTION,
        Format::Toml,
        bytes,
        format,
        Catalog::embedded(),
        &options,
    ) {
        Ok(out) => {
            if let Some(p) = out.problems.iter().find(|p| p.severity == Severity::Error) {
                return Err(p.message.clone());
            }
            Ok(out
                .document
                .handlingsplan
                .as_ref()
                .and_then(|h| h.entries.first())
                .and_then(|e| e.status))
        }
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn every_list_item_of_every_template_is_whole_and_imports() {
    for lang in [Lang::Sv, Lang::En] {
        let t = template(lang);
        let lists = list_validations(&t);
        assert!(!lists.is_empty(), "{lang:?}: the status column has a list");
        for (sheet, range, items) in lists {
            assert_eq!(items.len(), 5, "{lang:?} {sheet} {range}: {items:?}");
            let mut seen = Vec::new();
            for item in &items {
                assert_eq!(
                    item.trim(),
                    item,
                    "{lang:?} {sheet} {range}: `{item}` split"
                );
                let status = import_status(&filled(&t, item), FilledFormat::Xlsx)
                    .unwrap_or_else(|e| panic!("{lang:?} {sheet} {range}: `{item}`: {e}"));
                let status = status.unwrap_or_else(|| panic!("`{item}` dropped"));
                assert!(!seen.contains(&status), "`{item}` twice as {status}");
                seen.push(status);
            }
        }
    }
}

#[test]
fn every_status_label_the_unit_is_offered_imports() {
    let t = template(Lang::Sv);
    for (label, want) in [
        // The browser form's labels (crates/spur-server/assets/common.js).
        ("Planerad", PlanStatus::Planned),
        ("Pågår", PlanStatus::InProgress),
        ("Genomförd", PlanStatus::Done),
        ("Uppföljd, effektiv", PlanStatus::VerifiedEffective),
        ("Uppföljd, ej effektiv", PlanStatus::NotEffective),
        // The report's labels, Swedish and English, and the names.
        ("uppföljd, inte effektiv", PlanStatus::NotEffective),
        ("followed up, not effective", PlanStatus::NotEffective),
        ("in progress", PlanStatus::InProgress),
        ("verified_effective", PlanStatus::VerifiedEffective),
        // Typed without the comma.
        ("uppföljd ej effektiv", PlanStatus::NotEffective),
        ("uppföljd – effektiv", PlanStatus::VerifiedEffective),
    ] {
        assert_eq!(
            import_status(&filled(&t, label), FilledFormat::Xlsx),
            Ok(Some(want)),
            "{label}"
        );
    }
    assert!(import_status(&filled(&t, "effektiv"), FilledFormat::Xlsx).is_err());
}
