//! Hostile unit files (issue 27): each must end in a located problem, never a panic, an
//! unbounded allocation or a reader that keeps going. The large inputs are built here, at test
//! time.

use std::io::{Cursor, Write};

use spur_core::{Catalog, Format};
use spur_import::limits::{MAX_COLUMNS, MAX_ENTRIES, MAX_SHARED_STRINGS, MIN_UNPACKED};
use spur_import::{Error, FilledFormat, Options, Severity, import};

const INSPECTION: &str = r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas" }
"#;

/// A ZIP of `parts` (name, content), deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        out.start_file(*name, opts).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A workbook whose first sheet has `cells` (reference, XML of the cell's content and type
/// attribute) and the shared strings `shared`.
fn xlsx(cells: &[(&str, &str)], shared: &str) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, c) in cells {
        sheet.push_str(&format!(r#"<row><c r="{r}" {c}</c></row>"#));
    }
    sheet.push_str("</sheetData></worksheet>");
    xlsx_parts(sheet.as_bytes(), shared.as_bytes())
}

fn xlsx_parts(sheet: &[u8], shared: &[u8]) -> Vec<u8> {
    zip_of(&[
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

const SHARED: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Kriterium</t></si><si><t>D.F6</t></si></sst>"#;

fn run(filled: &[u8], format: FilledFormat) -> Result<spur_import::Outcome, Error> {
    import(
        INSPECTION,
        Format::Toml,
        filled,
        format,
        Catalog::embedded(),
        &Options::default(),
    )
}

fn problems(filled: &[u8], format: FilledFormat) -> Vec<spur_import::Problem> {
    match run(filled, format) {
        Err(Error::Problems(p)) => p,
        Ok(out) => out.problems,
        Err(e) => panic!("expected located problems, got: {e}"),
    }
}

fn unreadable(filled: &[u8], format: FilledFormat) -> String {
    match run(filled, format) {
        Err(e @ Error::Unreadable { .. }) => e.to_string(),
        Err(e) => panic!("expected an unreadable file, got: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn xlsx_cells_at_a1_and_xfd1048576_do_not_build_the_rectangle() {
    // calamine's `Range::from_sparse` allocated 16 384 × 1 048 576 cells (512 GiB) here.
    let file = xlsx(
        &[
            ("A1", r#"t="s"><v>0</v>"#),
            ("XFD1048576", r#"t="inlineStr"><is><t>x</t></is>"#),
        ],
        SHARED,
    );
    let p = problems(&file, FilledFormat::Xlsx);
    let far = p
        .iter()
        .find(|p| p.location == "XFD1048576")
        .unwrap_or_else(|| panic!("{p:?}"));
    assert_eq!(far.severity, Severity::Error);
    assert!(far.message.contains("below row 2001"), "{}", far.message);
}

#[test]
fn xlsx_cells_from_column_xfd_are_not_padded_but_ignored_with_one_warning() {
    // 2 000 rows starting at column XFD: the old reader padded every row with 16 383 cells.
    let mut cells = vec![
        ("A1".to_string(), r#"t="s"><v>0</v>"#.to_string()),
        ("A2".to_string(), r#"t="s"><v>1</v>"#.to_string()),
    ];
    for r in 1..=2_000 {
        cells.push((
            format!("XFD{r}"),
            r#"t="inlineStr"><is><t>x</t></is>"#.into(),
        ));
    }
    let refs: Vec<(&str, &str)> = cells
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = problems(&xlsx(&refs, SHARED), FilledFormat::Xlsx);
    let wide: Vec<_> = p
        .iter()
        .filter(|p| p.message.contains("right of column BL"))
        .collect();
    assert_eq!(wide.len(), 1, "{p:?}");
    assert_eq!(wide[0].location, "XFD1");
    assert!(wide[0].message.starts_with("2000 filled cell(s)"));
    assert_eq!(MAX_COLUMNS, 64);
}

#[test]
fn xlsx_shared_string_index_out_of_range_is_a_located_problem() {
    let file = xlsx(
        &[("A1", r#"t="s"><v>0</v>"#), ("B2", r#"t="s"><v>99999999"#)],
        SHARED,
    );
    // `<v>` left open: broken XML is unreadable, not a panic either.
    assert!(unreadable(&file, FilledFormat::Xlsx).contains("XLSX"));
    let file = xlsx(
        &[
            ("A1", r#"t="s"><v>0</v>"#),
            ("A2", r#"t="s"><v>4294967296</v>"#),
        ],
        SHARED,
    );
    let p = problems(&file, FilledFormat::Xlsx);
    let bad = p
        .iter()
        .find(|p| p.location == "row 2, column A")
        .unwrap_or_else(|| panic!("{p:?}"));
    assert_eq!(bad.severity, Severity::Error);
    assert!(bad.message.contains("shared string `4294967296`"));
}

#[test]
fn xlsx_shared_strings_that_unpack_beyond_the_budget_are_refused() {
    // One shared string of MIN_UNPACKED + 1 MiB: packs to a few KB.
    let mut shared = String::from("<sst><si><t>");
    shared.push_str(&"a".repeat(usize::try_from(MIN_UNPACKED).unwrap() + (1 << 20)));
    shared.push_str("</t></si></sst>");
    let file = xlsx_parts(b"<worksheet><sheetData/></worksheet>", shared.as_bytes());
    assert!(file.len() < 64 * 1024, "{}", file.len());
    let e = unreadable(&file, FilledFormat::Xlsx);
    assert!(e.contains("xl/sharedStrings.xml"), "{e}");
    assert!(e.contains("ZIP bomb"), "{e}");
}

#[test]
fn xlsx_with_too_many_shared_strings_is_refused() {
    let shared = format!("<sst>{}</sst>", "<si/>".repeat(MAX_SHARED_STRINGS + 1));
    let file = xlsx_parts(b"<worksheet><sheetData/></worksheet>", shared.as_bytes());
    let e = unreadable(&file, FilledFormat::Xlsx);
    assert!(e.contains("shared strings"), "{e}");
}

#[test]
fn xlsx_broken_cell_references_are_unreadable_not_a_panic() {
    for r in ["A99999999999999999999999", "1A", "ZZZZ1", "A0"] {
        let file = xlsx(&[("A1", r#"t="s"><v>0</v>"#), (r, "><v>1</v>")], SHARED);
        let e = unreadable(&file, FilledFormat::Xlsx);
        assert!(e.contains("is not a cell reference"), "{r}: {e}");
    }
}

fn docx(document: &[u8]) -> Vec<u8> {
    zip_of(&[("word/document.xml", document)])
}

#[test]
fn docx_document_that_unpacks_beyond_the_budget_is_refused() {
    // The old reader read 64 MiB of it and built 880 000 warnings.
    let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let mut xml = String::from("<w:document><w:body>");
    // Past the budget, before the table bound: one long paragraph.
    xml.push_str(table);
    xml.push_str("<w:p><w:r><w:t>");
    xml.push_str(&"y".repeat(usize::try_from(MIN_UNPACKED).unwrap()));
    xml.push_str("</w:t></w:r></w:p></w:body></w:document>");
    let e = unreadable(&docx(xml.as_bytes()), FilledFormat::Docx);
    assert!(e.contains("word/document.xml"), "{e}");
    assert!(e.contains("ZIP bomb"), "{e}");
}

#[test]
fn docx_with_more_tables_than_a_plan_can_have_is_refused() {
    let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let xml = format!(
        "<w:document><w:body>{}</w:body></w:document>",
        table.repeat(MAX_ENTRIES + 1)
    );
    let e = unreadable(&docx(xml.as_bytes()), FilledFormat::Docx);
    assert!(e.contains("more than 2000 tables"), "{e}");
}

#[test]
fn docx_warnings_are_bounded() {
    // 2 000 tables without the five fields: one warning each, at most 1 000 built.
    let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>D.F6</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let xml = format!(
        "<w:document><w:body>{}</w:body></w:document>",
        table.repeat(MAX_ENTRIES)
    );
    let p = problems(&docx(xml.as_bytes()), FilledFormat::Docx);
    let warnings = p.iter().filter(|p| p.severity == Severity::Warning).count();
    assert!(warnings <= 1_001, "{warnings}");
    assert!(
        p.iter()
            .any(|p| p.message.contains("more warning(s) not listed")),
        "{:?}",
        p.last()
    );
}

#[test]
fn csv_rows_and_columns_are_bounded() {
    let mut csv = String::from("Kriterium;Planerad åtgärd\n");
    for _ in 0..=MAX_ENTRIES {
        csv.push_str("D.F6;x\n");
    }
    let p = problems(csv.as_bytes(), FilledFormat::Csv);
    assert!(
        p.iter().any(|p| p.message.contains("more than 2001 rows")),
        "{:?}",
        &p[p.len().saturating_sub(3)..]
    );
    let wide = format!(
        "Kriterium;Planerad åtgärd{}\nD.F6;x{}\n",
        ";".repeat(100),
        ";y".repeat(100)
    );
    let p = problems(wide.as_bytes(), FilledFormat::Csv);
    assert!(
        p.iter().any(|p| p.message.contains("right of column BL")),
        "{p:?}"
    );
}

#[test]
fn json_and_toml_entries_are_bounded() {
    let entries: Vec<String> = (0..=MAX_ENTRIES)
        .map(|_| r#"{"criterion": "X.F1"}"#.to_string())
        .collect();
    let json = format!(
        r#"{{"handlingsplan": {{"entries": [{}]}}}}"#,
        entries.join(",")
    );
    let p = problems(json.as_bytes(), FilledFormat::Json);
    assert!(
        p.iter()
            .any(|p| p.message.contains("more than 2000 entries"))
    );
    let toml = "[[handlingsplan.entries]]\ncriterion = \"X.F1\"\n".repeat(MAX_ENTRIES + 1);
    let p = problems(toml.as_bytes(), FilledFormat::Toml);
    assert!(
        p.iter()
            .any(|p| p.message.contains("more than 2000 entries"))
    );
}
