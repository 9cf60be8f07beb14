//! A long-running server renders PDFs of many different inspections: typst's process-wide
//! memoisation cache must not keep every one of them (issue 34: 8.5 MB per document, never
//! freed, before the cache was evicted after each compile).
#![cfg(all(feature = "pdf", target_os = "linux"))]

mod common;

use common::{SEED, graded, parse};
use spur_report::{Lang, ReportFormat, render_report};

/// The resident set of this process in MiB (`VmRSS` of `/proc/self/status`).
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS line");
    kib / 1024.0
}

/// The seed with the unit's name and its strengths made unique to `n`, so no two documents
/// share their laid-out text.
fn document(n: usize) -> String {
    SEED.replacen(
        "unit = \"Vårdcentralen Exempel (seed-enheten)\"",
        &format!(
            "unit = \"Vårdcentralen nummer {n} i länet {}\"",
            "x".repeat(n % 17)
        ),
        1,
    )
}

fn render(n: usize) {
    let src = document(n);
    let doc = parse(&src);
    let pdf =
        render_report(&graded(&doc), ReportFormat::Pdf, Lang::Sv).expect("the seed renders to PDF");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn rendering_many_different_documents_keeps_memory_flat() {
    // Warm up: fonts, the library, the allocator's arenas.
    for n in 0..5 {
        render(n);
    }
    let before = rss_mib();
    let documents = 30;
    for n in 5..5 + documents {
        render(n);
    }
    let growth = rss_mib() - before;
    // Without eviction this grew by ~8.5 MB a document (~255 MB here).
    assert!(
        growth < 80.0,
        "RSS grew by {growth:.0} MiB over {documents} different PDFs (bound 80 MiB)"
    );
}
