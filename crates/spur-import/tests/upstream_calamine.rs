//! Upstream-style regressions for calamine 0.30, the XLSX reader spur used before issue 27 (in
//! the form of calamine's own tests, ready to send upstream). spur no longer reads XLSX through
//! calamine (`src/xlsx.rs`); these tests record why, and fail — telling us to look again — once
//! calamine stops panicking.

use std::io::{Cursor, Write};

use calamine::{Reader, Xlsx};

/// A minimal workbook whose only cell refers to shared string `index` of a table of one.
fn workbook_with_shared_string_index(index: &str) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>{index}</v></c></row></sheetData></worksheet>"#
    );
    for (name, data) in [
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/sharedStrings.xml",
            r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>only</t></si></sst>"#.to_string(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        out.start_file(name, opts).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn calamine_reads_an_in_range_shared_string() {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(workbook_with_shared_string_index("0"))).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_value((0, 0)).unwrap().to_string(), "only");
}

/// calamine 0.30 `xlsx/cells_reader.rs`, `read_v`: `DataRef::SharedString(&strings[idx])`
/// indexes without a check, so a damaged file panics the reader ("index out of bounds") instead
/// of giving `Err(XlsxError::…)`. Upstream fix: `strings.get(idx).ok_or(...)`.
#[test]
fn calamine_panics_on_a_shared_string_index_out_of_range() {
    let bytes = workbook_with_shared_string_index("7");
    let outcome = std::panic::catch_unwind(move || {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        wb.worksheet_range_at(0).map(|r| r.is_ok())
    });
    assert!(
        outcome.is_err(),
        "calamine no longer panics on a shared-string index out of range: it may be fixed upstream"
    );
}

/// spur's own reader gives the same file a located problem.
#[test]
fn spur_locates_the_same_index_out_of_range() {
    let bytes = workbook_with_shared_string_index("7");
    let mut problems = spur_import::Problems::new();
    let raw = spur_import::read::read(&bytes, spur_import::FilledFormat::Xlsx, &mut problems);
    assert!(raw.is_ok());
    let p: Vec<_> = problems.iter().collect();
    assert_eq!(p[0].location, "row 1, column A", "{p:?}");
    assert!(p[0].message.contains("shared string `7`"), "{p:?}");
}
