//! The HTML report printed to A4 by headless Chromium: page count and no stray empty pages.

mod common;

use std::process::Command;

use common::{SEED, graded, parse};
use spur_report::{Lang, ReportFormat, render_report};

fn tool_runs(bin: &str, arg: &str) -> bool {
    Command::new(bin).arg(arg).output().is_ok()
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| tool_runs(b, "--version"))
}

/// Print `html` to PDF with headless Chromium; the PDF path, inside `dir`.
fn print(bin: &str, dir: &std::path::Path, html: &[u8]) -> std::path::PathBuf {
    let page = dir.join("report.html");
    std::fs::write(&page, html).unwrap();
    let pdf = dir.join("report.pdf");
    let status = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "chromium failed: {status:?}");
    pdf
}

fn pages(pdf: &std::path::Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn page_text(pdf: &std::path::Path, page: usize) -> String {
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_seed_report_prints_on_at_most_12_a4_pages_without_stray_empty_pages() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing under CI: .ci/run installs it"
        );
        eprintln!("SKIP: print layout test because chromium is not installed");
        return;
    };
    if !tool_runs("pdfinfo", "-v") {
        assert!(
            std::env::var_os("CI").is_none(),
            "poppler-utils missing under CI"
        );
        eprintln!("SKIP: print layout test because poppler-utils is not installed");
        return;
    }
    let doc = parse(SEED);
    let html = render_report(&graded(&doc), ReportFormat::Html, Lang::Sv).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = print(bin, dir.path(), &html);
    let n = pages(&pdf);
    assert!(n <= 12, "the seed report prints on {n} pages (at most 12)");

    let texts: Vec<String> = (1..=n).map(|p| page_text(&pdf, p)).collect();
    // The summary is on one page: the first page holds the whole grade table and the legend.
    assert!(
        texts[0].contains("Sammanfattning")
            && texts[0].contains("H. Ledarskapskompetens")
            && texts[0].contains("ej bedömd"),
        "summary on page 1:\n{}",
        texts[0]
    );
    // Every page carries the running header and a page number.
    for (i, t) in texts.iter().enumerate() {
        assert!(
            t.contains("SPUR-inspektion"),
            "page {}: running header",
            i + 1
        );
        assert!(
            t.contains(&format!("Sida {} av {n}", i + 1)),
            "page {}: page number:\n{t}",
            i + 1
        );
    }
    // A nearly empty page is only allowed as the last page of a section: the next page starts
    // a new section (Styrkor, STRUKTUR, PROCESS, HANDLINGSPLAN) or there is none.
    let body = |t: &str| t.split_whitespace().count();
    let full = texts.iter().map(|t| body(t)).max().unwrap_or(0);
    let starts_section = |t: &str| {
        ["Styrkor", "STRUKTUR", "PROCESS", "HANDLINGSPLAN"]
            .iter()
            .any(|h| t.lines().any(|l| l.trim() == *h))
    };
    for i in 0..n {
        let words = body(&texts[i]);
        let last_of_section = i + 1 == n || starts_section(&texts[i + 1]);
        assert!(
            words * 4 >= full || last_of_section,
            "page {} is nearly empty ({words} words, fullest page {full}) in the middle of a section",
            i + 1
        );
    }
}
