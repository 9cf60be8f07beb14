//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Read;

use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::{Graded, Settings};

pub const SEED: &str = include_str!("../../../../fixtures/seed-vardcentral.toml");
pub const MINIMAL: &str = include_str!("../../../../fixtures/minimal.toml");

/// Parse and validate a document; panics with every problem.
pub fn parse(src: &str) -> InspectionDocument {
    let checked = InspectionDocument::check(src, "test.toml", Format::Toml, Catalog::embedded());
    match checked.into_result() {
        Ok((doc, _)) => doc,
        Err(e) => panic!("invalid test document:\n{e}"),
    }
}

/// The document graded against the embedded catalog with the default settings.
pub fn graded(doc: &InspectionDocument) -> Graded {
    Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    )
}

/// `(name, source)` of the fixtures every format is snapshotted on.
pub fn fixtures() -> [(&'static str, &'static str); 2] {
    [("seed", SEED), ("minimal", MINIMAL)]
}

/// The raw `word/document.xml` of a DOCX package.
pub fn document_xml(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("DOCX is a zip");
    let mut file = archive
        .by_name("word/document.xml")
        .expect("word/document.xml");
    let mut xml = String::new();
    file.read_to_string(&mut xml).expect("UTF-8 document.xml");
    xml
}

/// The text of a DOCX body: one line per paragraph, table cells separated by ` | `, XML
/// entities decoded. Stable enough to snapshot (the zip itself is not inspected).
pub fn docx_text(docx: &[u8]) -> String {
    let xml = document_xml(docx);
    let xml = xml
        .replace("</w:p></w:tc>", "</w:tc>")
        .replace("</w:p>", "\n")
        .replace("<w:tab />", "\t")
        .replace("<w:tab/>", "\t")
        .replace("</w:tc>", " | ")
        .replace("</w:tr>", "\n")
        .replace("<w:pageBreakBefore />", "=== page break ===\n")
        .replace("<w:pageBreakBefore/>", "=== page break ===\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&#xA;", "\n")
        .replace("&amp;", "&");
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Decode the five entities `escape_html` writes.
pub fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
