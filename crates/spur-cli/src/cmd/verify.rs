//! `spur verify`: was a report made from this inspection document? Its fingerprint, and its
//! content: the document renders to the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use spur_grading::Settings;

use super::common::CatalogOpt;
use crate::io::{bad_input, display_name, load_document};
use spur_report::ReportFormat;

/// Check that a final report (PDF, DOCX, HTML or Markdown) was made from an inspection document
/// and not changed since: the report carries the SHA-256 fingerprint of the graded document,
/// and the document renders to exactly the report's bytes (in Swedish or English; the
/// renderers are deterministic). Exit 0 when both hold; 1 with the reason when not: another
/// fingerprint, none, or the page (PDF) or section (HTML, DOCX, Markdown) that was changed.
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
    /// The previous inspection the report was made with (`spur report --previous FILE`).
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur verify`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let settings = Settings::with_tolerance(args.tolerance);
    let graded = load_document(&args.inspection, &library, &settings)?;
    let expected = spur_report::fingerprint(graded.document(), graded.grading());
    let report_name = display_name(&args.report);
    let doc_name = display_name(&args.inspection);
    let bytes =
        std::fs::read(&args.report).with_context(|| format!("cannot read {report_name}"))?;
    let found = spur_report::fingerprints_in(&bytes);
    if found.contains(&expected) {
        let comparison = match &args.previous {
            Some(path) => {
                let prev = load_document(path, &library, &settings)?;
                Some(super::compare::with_previous(
                    path,
                    &prev,
                    &args.inspection,
                    &graded,
                ))
            }
            None => None,
        };
        let formats: &[ReportFormat] = if bytes.starts_with(b"%PDF") {
            &[ReportFormat::Pdf]
        } else if bytes.starts_with(b"PK") {
            &[ReportFormat::Docx]
        } else {
            &[ReportFormat::Html, ReportFormat::Markdown]
        };
        // The closest rendering (language, format): the one that differs latest.
        let mut closest: Option<(usize, Vec<u8>)> = None;
        for format in formats {
            for lang in [spur_report::Lang::Sv, spur_report::Lang::En] {
                let rendered = spur_report::render_report_with_previous(
                    &graded,
                    *format,
                    lang,
                    comparison.as_ref(),
                )
                .map_err(|e| bad_input(e.to_string()))?;
                if rendered == bytes {
                    println!(
                        "ok: {report_name} is the report of {doc_name}: it carries its fingerprint (sha256 {expected}) and the document renders to the same bytes"
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                let same = rendered
                    .iter()
                    .zip(&bytes)
                    .take_while(|(a, b)| a == b)
                    .count();
                if closest.as_ref().is_none_or(|(n, _)| same > *n) {
                    closest = Some((same, rendered));
                }
            }
        }
        let place = closest
            .and_then(|(_, rendered)| spur_report::verify::first_difference(&rendered, &bytes))
            .unwrap_or_else(|| "its content differs".into());
        // The place quotes the report's text: shown on a terminal, never obeyed by it.
        let place = spur_core::escape::terminal(&place);
        println!(
            "not verified: {report_name} carries the fingerprint of {doc_name} but was changed: {place}{}",
            if args.previous.is_none() {
                " (a report made with --previous verifies with the same --previous FILE)"
            } else {
                ""
            }
        );
        return Ok(ExitCode::from(1));
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
