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
    after_help = "Example:\n  spur report fixtures/seed-vardcentral.toml\n  spur report fixtures/seed-vardcentral.toml --format html -o rapport.html\n  spur report fixtures/seed-vardcentral.toml --format docx --lang en -o report.docx\n  spur report fixtures/seed-vardcentral.toml --format pdf -o rapport.pdf\n  spur report fixtures/seed-vardcentral.toml --previous fixtures/compare/2021.toml\n  spur report fixtures/seed-vardcentral.toml --format html --survey fixtures/survey/seed-area-h.csv"
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
    /// The pre-visit survey's summary as an appendix ("Bilaga: Förenkät: sammanställning"),
    /// Markdown and HTML only: a summary as JSON (`spur survey summary --format json`, the
    /// store's `…/survey/summary`) or the answers as CSV (as `spur survey summary` reads them).
    /// Groups of supervisors or ST-läkare under three answers stay withheld.
    #[arg(long, value_name = "FILE")]
    survey: Option<PathBuf>,
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
    // The survey appendix (read before anything is written).
    let appendix = match &args.survey {
        Some(path) => {
            let target = match format {
                ReportFormat::Markdown => spur_survey::AppendixFormat::Markdown,
                ReportFormat::Html => spur_survey::AppendixFormat::Html,
                _ => {
                    return Err(bad_input(
                        "--survey adds the survey summary to the Markdown or HTML report: use --format md or --format html",
                    ));
                }
            };
            let summary = super::survey::summary_for_report(
                path,
                graded.document().inspection.specialty.as_deref(),
            )?;
            Some((summary, target))
        }
        None => None,
    };
    let out = args.output.open();
    refuse_binary_on_tty(&out, format.is_binary())?;
    let rendered =
        render_report_with_previous(&graded, format, crate::lang::current(), comparison.as_ref());
    let bytes = match rendered {
        Err(e @ spur_report::Error::NotFinal(_)) => return Err(bad_input(e.to_string())),
        other => other?,
    };
    let bytes = match appendix {
        Some((summary, target)) => summary
            .append_to_report(
                &String::from_utf8_lossy(&bytes),
                target,
                crate::lang::current(),
            )
            .into_bytes(),
        None => bytes,
    };
    out.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}
