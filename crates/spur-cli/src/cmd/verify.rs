//! `spur verify`: does a report carry the fingerprint of this inspection document?

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use spur_grading::{Settings, grade};

use super::common::CatalogOpt;
use crate::io::{display_name, load_document};

/// Check that a final report (PDF, DOCX or HTML) was made from an inspection document: the
/// report carries the SHA-256 fingerprint of the graded document. Exit 0 when it does, 1 with
/// the reason when it does not.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur report final.toml --format pdf -o rapport.pdf\n  spur verify rapport.pdf final.toml"
)]
pub struct Args {
    /// The report: PDF, DOCX or HTML made by `spur report` from a final document.
    report: PathBuf,
    /// The inspection document (TOML or JSON; `-` reads stdin).
    inspection: PathBuf,
    /// The grading tolerance the report was made with.
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur verify`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let loaded = load_document(&args.inspection, &library)?;
    let (doc, catalog) = (loaded.doc, loaded.catalog);
    let mut grading = grade(&doc, catalog, &Settings::with_tolerance(args.tolerance));
    grading.mappings = loaded.mappings;
    let expected = spur_report::fingerprint(&doc, &grading);
    let report_name = display_name(&args.report);
    let doc_name = display_name(&args.inspection);
    let bytes =
        std::fs::read(&args.report).with_context(|| format!("cannot read {report_name}"))?;
    let found = spur_report::fingerprints_in(&bytes);
    if found.contains(&expected) {
        println!("ok: {report_name} carries the fingerprint of {doc_name} (sha256 {expected})");
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!(
            "not verified: {report_name} carries no SPUR fingerprint (only a report of a document with [report] status = \"final\" has one)"
        );
    } else {
        println!(
            "not verified: {report_name} was made from another document or another version of it: it carries sha256 {}, {doc_name} gives sha256 {expected}",
            found.join(", ")
        );
    }
    Ok(ExitCode::from(1))
}
