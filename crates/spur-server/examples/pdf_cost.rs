//! What rendering a document as PDF costs, against the server's estimate (`render_cost` in
//! `src/api.rs`): the rise of peak RSS (Linux `VmHWM`, reset through `/proc/self/clear_refs`)
//! while a document is read, graded and typeset, per byte of its text. Each case runs in a
//! process of its own (freed memory would hide the next case's peak).
//!
//! ```text
//! cargo run --release -p spur-server --example pdf_cost
//! ```

use std::time::Instant;

use spur_core::{Catalog, InspectionDocument};
use spur_grading::Settings;
use spur_report::{Lang, ReportFormat, render_report};

const MINIMAL: &str = include_str!("../../../fixtures/minimal.toml");

fn status_kb(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Words of 5 letters and a space: ordinary prose.
fn prose(bytes: usize) -> String {
    "ordet ".repeat(bytes / 6 + 1)[..bytes].to_string()
}

/// The document of case `n` with about `size` bytes of text, and its name.
fn case(n: usize, size: usize) -> (String, String) {
    let head = MINIMAL;
    match n {
        0 => {
            // Many strengths of 100 bytes.
            let items: Vec<String> = (0..size / 104)
                .map(|_| format!("\"{}\"", prose(100)))
                .collect();
            (
                format!("{} strengths of 100 bytes", items.len()),
                format!("{head}\n[report]\nstrengths = [{}]\n", items.join(", ")),
            )
        }
        1 => (
            "one narrative".into(),
            format!("{head}\n[areas.D]\nnarrative = \"{}\"\n", prose(size)),
        ),
        2 => (
            "the unit name".into(),
            head.replace("Vårdcentralen Minimal", &prose(size)),
        ),
        3 => (
            "one unbroken run in a narrative".into(),
            format!("{head}\n[areas.D]\nnarrative = \"{}\"\n", "x".repeat(size)),
        ),
        _ => {
            // Many one-character strengths.
            let items: Vec<&str> = (0..size / 4).map(|_| "\"x\"").collect();
            (
                format!("{} one-character strengths", items.len()),
                format!("{head}\n[report]\nstrengths = [{}]\n", items.join(",")),
            )
        }
    }
}

const CASES: usize = 5;
const SIZES: [usize; 3] = [64 * 1024, 256 * 1024, 1024 * 1024];

fn run(n: usize, size: usize) {
    let (name, src) = case(n, size);
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = status_kb("VmRSS:");
    let t = Instant::now();
    let doc = match InspectionDocument::from_toml_str(&src) {
        Ok(doc) => doc,
        Err(e) => {
            println!(
                "| {name} | {:.0} KB | refused when read: {} | | | |",
                src.len() as f64 / 1024.0,
                spur_core::spanned::clip(&e.to_string())
            );
            return;
        }
    };
    let g = spur_grading::Graded::new(
        doc.clone(),
        std::sync::Arc::new(Catalog::embedded().clone()),
        &Settings::default(),
    );
    let pdf = render_report(&g, ReportFormat::Pdf, Lang::Sv);
    let elapsed = t.elapsed();
    let peak = status_kb("VmHWM:").saturating_sub(base) * 1024;
    println!(
        "| {name} | {:.0} KB | {} | {:.1} s | {:.0} MB | {:.0} |",
        src.len() as f64 / 1024.0,
        match &pdf {
            Ok(b) => format!(
                "{} pages, {:.0} KB",
                count_pages(b),
                b.len() as f64 / 1024.0
            ),
            Err(e) => format!("error: {}", spur_core::spanned::clip(&e.to_string())),
        },
        elapsed.as_secs_f64(),
        peak as f64 / 1e6,
        peak as f64 / src.len() as f64,
    );
}

fn count_pages(pdf: &[u8]) -> usize {
    pdf.windows(10)
        .filter(|w| w == b"/Type /Page" || w == b"/Type/Page")
        .count()
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if let [n, size] = args[..] {
        // Warm the fonts and the library outside the measured peak.
        let doc = InspectionDocument::from_toml_str(MINIMAL).expect("minimal");
        let g = spur_grading::Graded::new(
            doc.clone(),
            std::sync::Arc::new(Catalog::embedded().clone()),
            &Settings::default(),
        );
        let _ = render_report(&g, ReportFormat::Pdf, Lang::Sv);
        run(n, size);
        return;
    }
    println!("| document | body | PDF | time | peak RSS rise | × body |");
    println!("|---|---|---|---|---|---|");
    let me = std::env::current_exe().expect("own path");
    for size in SIZES {
        for n in 0..CASES {
            let _ = std::process::Command::new(&me)
                .arg(n.to_string())
                .arg(size.to_string())
                .status();
        }
    }
}
