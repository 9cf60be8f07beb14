//! Every DOCX the report crate produces passes the Open XML SDK validator (npm
//! `@ooxml-tools/validate`, installed by `.ci/run`) with zero errors.
#![cfg(feature = "docx")]

mod common;

use std::process::Command;

use common::{MINIMAL, SEED, graded, parse};
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fn validator() -> Option<String> {
    let bin = std::env::var("SPUR_OOXML_VALIDATE").unwrap_or_else(|_| "ooxml-validate".into());
    Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        .then_some(bin)
}

/// Every DOCX variant: report and template, both fixtures, both languages.
fn every_docx() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, src) in [("seed", SEED), ("minimal", MINIMAL)] {
        let doc = parse(src);
        let g = graded(&doc);
        for lang in [Lang::Sv, Lang::En] {
            out.push((
                format!("report-{name}-{lang}.docx"),
                render_report(&g, ReportFormat::Docx, lang).unwrap(),
            ));
            out.push((
                format!("handlingsplan-{name}-{lang}.docx"),
                render_handlingsplan(&g, PlanFormat::Docx, lang).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn every_docx_passes_the_open_xml_validator() {
    let Some(bin) = validator() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "ooxml-validate is missing under CI: .ci/run installs @ooxml-tools/validate"
        );
        eprintln!(
            "SKIP: DOCX validation because `ooxml-validate` (npm @ooxml-tools/validate) is not installed"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = every_docx();
    let handles: Vec<_> = files
        .into_iter()
        .map(|(name, bytes)| {
            let path = dir.path().join(&name);
            std::fs::write(&path, bytes).unwrap();
            let bin = bin.clone();
            std::thread::spawn(move || {
                let out = Command::new(&bin)
                    .args(["--output-format", "json"])
                    .arg(&path)
                    .output()
                    .expect("run ooxml-validate");
                (name, out)
            })
        })
        .collect();
    let mut failures = Vec::new();
    for h in handles {
        let (name, out) = h.join().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let errors: Vec<serde_json::Value> = serde_json::from_str::<serde_json::Value>(&stdout)
            .ok()
            .and_then(|v| match v {
                serde_json::Value::Array(a) => Some(a),
                serde_json::Value::Object(o) => o.get("errors").and_then(|e| e.as_array().cloned()),
                _ => None,
            })
            .unwrap_or_else(|| {
                vec![serde_json::Value::String(format!(
                    "unreadable validator output: {stdout} {stderr}"
                ))]
            });
        if !errors.is_empty() {
            failures.push(format!("{name}: {} error(s): {errors:#?}", errors.len()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn docx_entries_are_deflated_and_properties_set() {
    use std::io::Read;
    let doc = parse(SEED);
    let bytes = render_report(&graded(&doc), ReportFormat::Docx, Lang::Sv).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        assert_eq!(
            f.compression(),
            zip::CompressionMethod::Deflated,
            "{} is deflated",
            f.name()
        );
    }
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("<dc:creator>Inspektör 1 (specialist i allmänmedicin), Inspektör 2 (studierektor)</dc:creator>"), "{core}");
    assert!(core.contains("<dc:language>sv-SE</dc:language>"), "{core}");
    assert!(
        core.contains("2025-11-12T00:00:00Z"),
        "created = the report date (else the visit date)"
    );
    let mut styles = String::new();
    zip.by_name("word/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("w:lang w:val=\"sv-SE\""));
    let mut footer = String::new();
    zip.by_name("word/footer1.xml")
        .unwrap()
        .read_to_string(&mut footer)
        .unwrap();
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES ") && footer.contains("Sida "));
    let xml = common::document_xml(&bytes);
    assert!(xml.contains("<w:tblHeader/>"), "repeating header rows");
    assert!(xml.contains("<w:cantSplit/>"), "rows that do not split");
    assert!(xml.contains("UTKAST"), "draft banner");
}
