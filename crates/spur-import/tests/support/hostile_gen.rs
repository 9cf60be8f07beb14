//! Structure-aware hostile unit files (issue 27 item 5, issue 33 item 8), generated from a
//! byte source: valid ZIPs whose parts are hostile (cell references at the sheet's far corner,
//! shared-string indexes out of range, DTDs with entity bombs, parts that inflate to many
//! megabytes, duplicate or missing parts, deep nesting, broken XML) and CSV files with odd
//! delimiters, quotes, byte-order marks and invalid UTF-8.
//!
//! The same generator feeds the libFuzzer targets (`fuzz/fuzz_targets/import_*.rs`, the
//! fuzzer's bytes as the source) and the time-budgeted loop of `tests/fuzz_loop.rs` (a seeded
//! PRNG's bytes), so a worst case found by either is reproduced by its seed.
#![allow(dead_code)] // each user takes its formats

use std::io::{Cursor, Write};

/// Choices drawn from bytes; an exhausted source answers zeros.
pub struct Source<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Source<'a> {
    /// Draw from `bytes`.
    pub fn new(bytes: &'a [u8]) -> Source<'a> {
        Source { bytes, at: 0 }
    }
    fn u8(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }
    fn u16(&mut self) -> u16 {
        u16::from(self.u8()) << 8 | u16::from(self.u8())
    }
    /// A number below `n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.u16()) % n.max(1)
    }
    fn chance(&mut self, per_256: u8) -> bool {
        self.u8() < per_256
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }
    /// A short text: one of the interesting ones, or bytes of the source.
    fn text(&mut self) -> String {
        const TEXTS: &[&str] = &[
            "Kriterium",
            "Criterion",
            "D.F6",
            "E.F1",
            "A.K1",
            "H.F9",
            "X.Y99",
            "done",
            "planned",
            "in_progress",
            "Genomförd",
            "2026-03-01",
            "2026-13-45",
            "1900-01-01",
            "",
            " ",
            "=HYPERLINK(\"http://x\")",
            "&amp;&lt;&#0;&#xFFFF;",
            "\u{202e}\u{9b}",
            "åäö ÅÄÖ",
        ];
        if self.chance(200) {
            self.pick(TEXTS).to_string()
        } else {
            let n = self.below(40);
            (0..n).map(|_| char::from(self.u8() % 95 + 32)).collect()
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A part's bytes: as generated, or replaced by something hostile.
fn hostile_part(src: &mut Source, normal: Vec<u8>) -> Vec<u8> {
    match src.below(16) {
        // Megabytes of zeros (inflates ~1000:1).
        0 => vec![0; (1 + src.below(24)) << 20],
        // A billion-laughs DTD in front.
        1 => {
            let mut b = BILLION_LAUGHS_DTD.as_bytes().to_vec();
            b.extend(normal);
            b
        }
        // Cut short.
        2 => {
            let n = src.below(normal.len().max(1));
            normal[..n].to_vec()
        }
        // Deep nesting.
        3 => {
            let depth = 1 + src.below(50_000);
            let mut b = "<a>".repeat(depth).into_bytes();
            b.extend(normal);
            b
        }
        // Bytes of the source spliced in.
        4 => {
            let mut b = normal;
            let at = src.below(b.len() + 1);
            let n = src.below(64);
            let junk: Vec<u8> = (0..n).map(|_| src.u8()).collect();
            b.splice(at..at, junk);
            b
        }
        _ => normal,
    }
}

const BILLION_LAUGHS_DTD: &str = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>"#;

/// A ZIP of `parts`, each stored or deflated as the source says; sometimes a part twice.
fn zip_of(src: &mut Source, parts: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if src.chance(64) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(data.len() > u32::MAX as usize / 2);
        if out.start_file(name.as_str(), opts).is_err() {
            continue; // a duplicate name: the writer refuses it
        }
        let _ = out.write_all(&data);
    }
    out.finish().map(Cursor::into_inner).unwrap_or_default()
}

/// A cell reference: mostly in the template's range, sometimes far out or malformed.
fn cell_ref(src: &mut Source) -> String {
    match src.below(12) {
        0 => "XFD1048576".into(),
        1 => format!("XFD{}", 1 + src.below(3000)),
        2 => format!("A{}", 1_000_000 + src.below(48_576)),
        3 => src
            .pick(&["A0", "1A", "", "ZZZZ1", "a1", "A-1", "AAAA99999999999"])
            .into(),
        _ => {
            let col = (b'A' + (src.below(12) as u8)) as char;
            format!("{col}{}", 1 + src.below(30))
        }
    }
}

/// An XLSX: workbook, relationships, shared strings and one or two sheets.
pub fn xlsx(src: &mut Source) -> Vec<u8> {
    let n_shared = src.below(12);
    let mut shared =
        String::from(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#);
    if src.chance(16) {
        shared.push_str(r#" count="4294967295" uniqueCount="4294967295""#);
    }
    shared.push('>');
    let shared_texts: Vec<String> = (0..n_shared).map(|_| src.text()).collect();
    for t in &shared_texts {
        shared.push_str(&format!("<si><t>{}</t></si>", escape(t)));
    }
    shared.push_str("</sst>");
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    if src.chance(32) {
        sheet.push_str(&format!(r#"<dimension ref="A1:{}"/>"#, cell_ref(src)));
    }
    sheet.push_str("<sheetData>");
    // The header row the template has, most of the time.
    if src.chance(200) {
        sheet.push_str(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Kriterium</t></is></c><c r="B1" t="inlineStr"><is><t>Status</t></is></c></row>"#);
    }
    let rows = src.below(40);
    for r in 0..rows {
        let rn = if src.chance(16) {
            cell_ref(src)
        } else {
            format!("{}", r + 2)
        };
        sheet.push_str(&format!(r#"<row r="{}">"#, escape(&rn)));
        for _ in 0..src.below(8) {
            let reference = if src.chance(200) {
                let col = (b'A' + (src.below(11) as u8)) as char;
                format!("{col}{}", r + 2)
            } else {
                cell_ref(src)
            };
            let cell = match src.below(8) {
                0 => format!(r#"t="s"><v>{}</v>"#, src.below(n_shared + 2)),
                1 => format!(
                    r#"t="s"><v>{}</v>"#,
                    src.pick(&["-1", "99999999", "18446744073709551616", "x", ""])
                ),
                2 => format!(
                    r#"t="n"><v>{}</v>"#,
                    src.pick(&["46000", "-1", "1e308", "NaN", "2958466"])
                ),
                3 => r#"t="b"><v>1</v>"#.to_string(),
                4 => r#"t="e"><v>#REF!</v>"#.to_string(),
                5 => r#"><f>SUM(A1:A9)</f><v>3</v>"#.to_string(),
                _ => format!(r#"t="inlineStr"><is><t>{}</t></is>"#, escape(&src.text())),
            };
            sheet.push_str(&format!(r#"<c r="{}" {cell}</c>"#, escape(&reference)));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let target = src.pick(&[
        "worksheets/sheet1.xml",
        "worksheets/sheet1.xml",
        "worksheets/sheet1.xml",
        "worksheets/missing.xml",
        "../../../etc/passwd",
        "/xl/worksheets/sheet1.xml",
    ]);
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>"#
    );
    let mut parts = vec![
        (
            "xl/workbook.xml".to_string(),
            hostile_part(src, workbook.as_bytes().to_vec()),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            hostile_part(src, rels.into_bytes()),
        ),
        (
            "xl/sharedStrings.xml".to_string(),
            hostile_part(src, shared.into_bytes()),
        ),
        (
            "xl/worksheets/sheet1.xml".to_string(),
            hostile_part(src, sheet.into_bytes()),
        ),
    ];
    if src.chance(24) {
        parts.swap(0, 3);
    }
    if src.chance(24) {
        parts.remove(src.below(parts.len()));
    }
    zip_of(src, parts)
}

/// A DOCX: `word/document.xml` with the template's two-column tables, filled or hostile.
pub fn docx(src: &mut Source) -> Vec<u8> {
    let mut doc = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    let cell = |t: &str| {
        format!(
            "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
            escape(t)
        )
    };
    for _ in 0..src.below(12) {
        doc.push_str("<w:tbl>");
        if src.chance(32) {
            // Nested tables.
            doc.push_str(&"<w:tbl><w:tr><w:tc>".repeat(1 + src.below(200)));
        }
        for _ in 0..src.below(10) {
            doc.push_str("<w:tr>");
            for _ in 0..src.below(4) {
                let t = src.text();
                doc.push_str(&cell(&t));
            }
            if src.chance(16) {
                doc.push_str(r#"<w:tc><w:p><w:r><w:t xml:space="preserve">"#);
                doc.push_str(&"x".repeat(src.below(60_000)));
                doc.push_str("</w:t></w:r></w:p></w:tc>");
            }
            doc.push_str("</w:tr>");
        }
        doc.push_str("</w:tbl>");
    }
    doc.push_str("</w:body></w:document>");
    let mut parts = vec![(
        "word/document.xml".to_string(),
        hostile_part(src, doc.into_bytes()),
    )];
    if src.chance(64) {
        parts.push((
            "[Content_Types].xml".to_string(),
            hostile_part(src, b"<Types/>".to_vec()),
        ));
    }
    if src.chance(16) {
        parts.push(("word/document2.xml".to_string(), vec![0; 1 << 20]));
    }
    zip_of(src, parts)
}

/// A CSV like the template's, with odd delimiters, quotes, BOMs and bytes.
pub fn csv(src: &mut Source) -> Vec<u8> {
    let sep = src.pick(&[";", ";", ";", ",", "\t", "|"]);
    let mut out = Vec::new();
    if src.chance(64) {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    if src.chance(220) {
        out.extend_from_slice(
            format!("Kriterium{sep}Status{sep}Åtgärd{sep}Ansvarig{sep}Klart senast\r\n").as_bytes(),
        );
    }
    for _ in 0..src.below(60) {
        let fields = src.below(14);
        let mut line = Vec::new();
        for f in 0..fields {
            if f > 0 {
                line.extend_from_slice(sep.as_bytes());
            }
            match src.below(10) {
                0 => line.extend_from_slice(b"\"unterminated"),
                1 => line.extend_from_slice(b"\"a \"\"quoted\"\" field\nacross lines\""),
                2 => line.extend(std::iter::repeat_n(b'x', src.below(100_000))),
                3 => line.extend((0..src.below(16)).map(|_| src.u8())),
                _ => line.extend_from_slice(src.text().as_bytes()),
            }
        }
        out.extend(line);
        out.extend_from_slice(src.pick(&[b"\r\n".as_slice(), b"\n", b"\r"]));
    }
    out
}
