//! PDF: typeset in-process; read back with poppler (`pdftotext`, `pdfinfo`) where installed.
#![cfg(feature = "pdf")]

mod common;

use std::process::Command;

use common::{MINIMAL, SEED, graded, parse};
use spur_core::Catalog;
use spur_report::{Lang, PlanFormat, ReportFormat, render_handlingsplan, render_report};

fn report(src: &str, lang: Lang) -> Vec<u8> {
    let doc = parse(src);
    render_report(&graded(&doc), ReportFormat::Pdf, lang).unwrap()
}

/// Whether a poppler tool runs; under CI its absence is a failure, elsewhere a loud skip.
fn poppler(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing under CI: .ci/run installs poppler-utils"
        );
        eprintln!("SKIP: {tool} checks because poppler-utils is not installed");
    }
    ok
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdftotext(path: &std::path::Path, extra: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(extra)
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

fn pdfinfo(path: &std::path::Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn report_is_pdf_a_with_metadata_and_the_same_bytes_every_time() {
    let a = report(SEED, Lang::Sv);
    assert!(a.starts_with(b"%PDF-"), "a PDF");
    let raw = String::from_utf8_lossy(&a);
    assert!(
        raw.contains("pdfaid:part"),
        "PDF/A identification in the XMP metadata"
    );
    assert_eq!(a, report(SEED, Lang::Sv), "deterministic output");
}

#[test]
fn pdftotext_yields_every_criterion_text_verbatim() {
    if !poppler("pdftotext") {
        return;
    }
    for (lang, text_of) in [
        (
            Lang::Sv,
            (|c: &spur_core::Criterion| c.sv.clone()) as fn(&_) -> String,
        ),
        (Lang::En, |c: &spur_core::Criterion| c.en.clone()),
    ] {
        let (_dir, path) = write_temp(&report(SEED, lang));
        // Line breaks fall between words or after a slash; compare without whitespace.
        let text = no_space(&pdftotext(&path, &[]));
        let mut missing = Vec::new();
        for area in &Catalog::embedded().areas {
            for c in &area.criteria {
                let want = no_space(&text_of(c));
                if !text.contains(&want) {
                    missing.push(format!("{}: {want}", c.id));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{lang}: missing criterion texts:\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn pages_are_a4_with_running_header_footer_and_page_numbers() {
    if !poppler("pdfinfo") {
        return;
    }
    let (_dir, path) = write_temp(&report(SEED, Lang::Sv));
    let info = pdfinfo(&path);
    assert!(info.contains("(A4)"), "A4: {info}");
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        field("Title:").starts_with("SPUR-rapport: Vårdcentralen Exempel"),
        "{info}"
    );
    assert!(info.contains("Author:"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!((4..=16).contains(&pages), "{pages} pages");
    for page in 1..=pages {
        let p = page.to_string();
        let text = pdftotext(&path, &["-f", &p, "-l", &p, "-layout"]);
        assert!(
            text.contains("SPUR-inspektion"),
            "page {page}: running header"
        );
        assert!(
            text.contains("2025-11-12"),
            "page {page}: visit date in the header"
        );
        assert!(
            text.contains(&format!("Sida {page} av {pages}")),
            "page {page}: footer page number:\n{text}"
        );
        assert!(
            text.contains("Status: utkast"),
            "page {page}: status in the footer"
        );
        assert!(text.contains("UTKAST"), "page {page}: the draft banner");
    }
}

#[test]
fn the_handlingsplan_template_as_pdf() {
    for src in [SEED, MINIMAL] {
        let doc = parse(src);
        let bytes = render_handlingsplan(&graded(&doc), PlanFormat::Pdf, Lang::Sv).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        if poppler("pdftotext") {
            let (_dir, path) = write_temp(&bytes);
            let text = squash(&pdftotext(&path, &[]));
            assert!(text.contains("Planerad åtgärd"), "{text}");
            assert!(text.contains("D.F6"), "{text}");
        }
    }
}

#[test]
fn user_text_is_typeset_as_text_never_as_markup() {
    let src = SEED.replace(
        "unit = \"Vårdcentralen Exempel (seed-enheten)\"",
        "unit = \"#set page(width: 1cm) *bold* $x$ <label> @ref \\\\ ] ) } // /* #{panic()}\"",
    );
    let doc = parse(&src);
    let bytes = render_report(&graded(&doc), ReportFormat::Pdf, Lang::Sv)
        .expect("markup characters in user text are plain text");
    if poppler("pdftotext") {
        let (_dir, path) = write_temp(&bytes);
        let text = squash(&pdftotext(&path, &[]));
        assert!(
            text.contains(
                "#set page(width: 1cm) *bold* $x$ <label> @ref \\ ] ) } // /* #{panic()}"
            ),
            "{text}"
        );
    }
}

/// User text in a script the embedded font lacks (found by schemathesis: it was a 500) still
/// gives a PDF — plain PDF instead of PDF/A-2b, which forbids glyphless text.
#[test]
fn text_the_font_cannot_show_still_gives_a_pdf() {
    let mut doc = parse(MINIMAL);
    doc.inspection.unit = "Enhet 𮟒 \u{1053f1} مرحبا".into();
    let bytes =
        render_report(&graded(&doc), ReportFormat::Pdf, Lang::Sv).expect("a PDF, not an error");
    assert!(bytes.starts_with(b"%PDF-"));
}
