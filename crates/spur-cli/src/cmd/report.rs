//! `spur report`: the SPUR report of an inspection (Markdown, HTML, DOCX, PDF or JSON).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_grading::{Settings, grade};
use spur_report::{ReportFormat, render_report};

use super::common::CatalogOpt;
use crate::io::{Output, bad_input, load_document};

/// Render the SPUR report of an inspection: header, summary with the grade overview, Styrkor,
/// Svagheter, Förbättringspotential, every area with its criteria and grades, HANDLINGSPLAN.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur report fixtures/seed-vardcentral.toml\n  spur report fixtures/seed-vardcentral.toml --format html -o rapport.html\n  spur report fixtures/seed-vardcentral.toml --format docx --lang en -o report.docx\n  spur report fixtures/seed-vardcentral.toml --format pdf -o rapport.pdf\n  spur report fixtures/seed-vardcentral.toml --previous fixtures/compare/2021.toml"
)]
pub struct Args {
    /// Inspection document (TOML or JSON; `-` reads stdin).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Unmet kvalitetsindikatorer allowed per area for grade A ("enstaka undantag").
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    /// The unit's previous inspection document (TOML or JSON): adds the section "Jämfört med
    /// föregående inspektion" (what `spur compare PREVIOUS FILE` shows). Markdown and HTML.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    /// Markdown.
    Md,
    /// Standalone HTML, printable on A4.
    Html,
    /// Word document.
    Docx,
    /// PDF/A-2b on A4, typeset in-process.
    Pdf,
    /// The full graded inspection as JSON.
    Json,
}

/// Refuse to write a binary format to a terminal.
pub fn refuse_binary_on_tty(out: &Output, binary: bool) -> Result<()> {
    if binary && out.is_tty() {
        return Err(bad_input(
            "DOCX and PDF are binary formats; write them to a file with -o FILE (or redirect stdout)",
        ));
    }
    Ok(())
}

/// Run `spur report`.
pub fn run(args: Args) -> Result<ExitCode> {
    if args.previous.is_some() && !matches!(args.format, Format::Md | Format::Html) {
        return Err(bad_input(
            "--previous works with --format md or html so far; for the comparison alone use `spur compare PREVIOUS CURRENT --format json`",
        ));
    }
    let library = args.catalog.library()?;
    let loaded = load_document(&args.file, &library)?;
    let (doc, catalog) = (loaded.doc, loaded.catalog);
    let settings = Settings::with_tolerance(args.tolerance);
    let mut grading = grade(&doc, catalog, &settings);
    grading.mappings = loaded.mappings;
    let comparison = match &args.previous {
        Some(path) => {
            let prev = load_document(path, &library)?;
            Some(super::compare::with_previous(
                path, prev, &args.file, &doc, catalog, &grading, &settings,
            ))
        }
        None => None,
    };
    let format = match args.format {
        Format::Md => ReportFormat::Markdown,
        Format::Html => ReportFormat::Html,
        Format::Docx => ReportFormat::Docx,
        Format::Pdf => ReportFormat::Pdf,
        Format::Json => ReportFormat::Json,
    };
    let out = args.output.open();
    refuse_binary_on_tty(&out, format.is_binary())?;
    let bytes = match render_report(&doc, &grading, catalog, format, crate::lang::current()) {
        Err(e @ spur_report::Error::NotFinal(_)) => return Err(bad_input(e.to_string())),
        other => other?,
    };
    let bytes = match &comparison {
        Some(c) => {
            let en = crate::lang::english();
            let text = String::from_utf8_lossy(&bytes);
            match format {
                ReportFormat::Html => insert_before(&text, HTML_TAIL, &c.to_html_section(en, 2)),
                _ => insert_before(&text, MD_TAIL, &format!("{}\n", c.to_markdown_at(en, 2))),
            }
            .into_bytes()
        }
        None => bytes,
    };
    out.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// Where the report's closing parts begin (signatures, fingerprint), in the order looked for:
/// the comparison goes before them, after the HANDLINGSPLAN.
const MD_TAIL: &[&str] = &[
    "\n## Underskrifter\n",
    "\n## Signatures\n",
    "\n*Fingeravtryck (SHA-256):*",
    "\n*Fingerprint (SHA-256):*",
];
const HTML_TAIL: &[&str] = &[
    "<section class=\"signoff\">",
    "<p class=\"fingerprint\">",
    "</body>",
];

/// `report` with `section` inserted before the first of `anchors` found (else at the end).
fn insert_before(report: &str, anchors: &[&str], section: &str) -> String {
    let at = anchors
        .iter()
        .find_map(|a| {
            report
                .find(a)
                .map(|i| if a.starts_with('\n') { i + 1 } else { i })
        })
        .unwrap_or(report.len());
    let mut out = String::with_capacity(report.len() + section.len() + 1);
    out.push_str(&report[..at]);
    if !out.is_empty() && !out.ends_with("\n\n") && anchors != HTML_TAIL {
        out.push('\n');
    }
    out.push_str(section);
    out.push_str(&report[at..]);
    out
}
