//! Renders N different inspections to PDF one after another, as a long-running server does,
//! and prints the resident memory and the rate (issue 34).
//!
//! ```sh
//! cargo run --release -p spur-report --example pdf_memory -- 200
//! ```
//!
//! Prints `documents=N rss_mib=… peak_mib=… per_second=…`; exits 1 when RSS ends above the
//! bound given as the second argument (MiB, default 400).

use std::time::Instant;

use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::Settings;
use spur_report::{Lang, ReportFormat, render_report};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(f64::NAN)
        / 1024.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let documents: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let bound: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(400.0);
    let start = Instant::now();
    for n in 0..documents {
        let src = SEED.replacen(
            "unit = \"Vårdcentralen Exempel (seed-enheten)\"",
            &format!(
                "unit = \"Vårdcentralen nummer {n} i länet {}\"",
                "x".repeat(n % 17)
            ),
            1,
        );
        let checked =
            InspectionDocument::check(&src, "seed.toml", Format::Toml, Catalog::embedded());
        let (doc, _) = checked.into_result().expect("the seed is valid");
        let grading = spur_grading::Graded::new(
            doc.clone(),
            std::sync::Arc::new(Catalog::embedded().clone()),
            &Settings::default(),
        );
        render_report(&grading, ReportFormat::Pdf, Lang::Sv).expect("the seed renders");
    }
    let seconds = start.elapsed().as_secs_f64();
    let rss = status_mib("VmRSS:");
    println!(
        "documents={documents} rss_mib={rss:.0} peak_mib={:.0} per_second={:.1}",
        status_mib("VmHWM:"),
        documents as f64 / seconds
    );
    if rss > bound {
        eprintln!("RSS {rss:.0} MiB is above the bound {bound:.0} MiB");
        std::process::exit(1);
    }
}
