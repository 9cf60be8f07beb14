//! `spur report`: the SPUR report of an inspection (Markdown, HTML, DOCX, PDF or JSON).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_grading::Settings;
use spur_report::{ReportFormat, render_report_with_previous};

use super::common::{CatalogOpt, ReportFormatArg};
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
    #[arg(long, value_enum, default_value_t = ReportFormatArg(ReportFormat::Markdown))]
    format: ReportFormatArg,
    /// Unmet kvalitetsindikatorer allowed per area for grade A ("enstaka undantag").
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    /// The unit's previous inspection document (TOML or JSON): adds the section "Jämfört med
    /// föregående inspektion" (what `spur compare PREVIOUS FILE` shows) in every format; the
    /// JSON gains the member `previous`.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        self.format.0 == ReportFormat::Json
    }
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
    let library = args.catalog.library()?;
    let settings = Settings::with_tolerance(args.tolerance);
    let graded = load_document(&args.file, &library, &settings)?;
    let comparison = match &args.previous {
        Some(path) => {
            let prev = load_document(path, &library, &settings)?;
            Some(super::compare::with_previous(
                path, &prev, &args.file, &graded,
            ))
        }
        None => None,
    };
    let format = args.format.0;
    let out = args.output.open();
    refuse_binary_on_tty(&out, format.is_binary())?;
    let rendered =
        render_report_with_previous(&graded, format, crate::lang::current(), comparison.as_ref());
    let bytes = match rendered {
        Err(e @ spur_report::Error::NotFinal(_)) => return Err(bad_input(e.to_string())),
        other => other?,
    };
    out.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}
