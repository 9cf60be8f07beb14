//! `spur handlingsplan`: the handlingsplan template the unit fills in.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_grading::{Settings, grade};
use spur_report::{PlanFormat, render_handlingsplan};

use super::common::CatalogOpt;
use super::report::{LangArg, refuse_binary_on_tty};
use crate::io::load_document;

/// Write the handlingsplan template for a graded inspection: one entry per required item
/// (föreskrift brist), then the recommended items (allmänt råd brist), grouped by area, with
/// the five fields of the SPUR form left to fill in. The TOML format pastes into the
/// inspection document as its `[handlingsplan]`, so the unit's answer can be graded again.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur handlingsplan fixtures/seed-vardcentral.toml\n  spur handlingsplan fixtures/seed-vardcentral.toml --format csv -o handlingsplan.csv\n  spur handlingsplan inspection.toml --format toml >> inspection.toml"
)]
pub struct Args {
    /// Inspection document (TOML or JSON; `-` reads stdin).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    format: Format,
    /// Language of the template.
    #[arg(long, value_enum, default_value_t = LangArg::Sv)]
    lang: LangArg,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    /// Markdown.
    Md,
    /// Standalone, printable HTML.
    Html,
    /// Word document, a table per entry.
    Docx,
    /// CSV for Swedish Excel (UTF-8 with BOM, `;`).
    Csv,
    /// TOML to paste into the inspection document.
    Toml,
}

/// Run `spur handlingsplan`.
pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = args.catalog.load()?;
    let doc = load_document(&args.file, catalog)?;
    let grading = grade(&doc, catalog, &Settings::default());
    let format = match args.format {
        Format::Md => PlanFormat::Markdown,
        Format::Html => PlanFormat::Html,
        Format::Docx => PlanFormat::Docx,
        Format::Csv => PlanFormat::Csv,
        Format::Toml => PlanFormat::Toml,
    };
    let out = args.output.open();
    refuse_binary_on_tty(&out, format.is_binary())?;
    let bytes = render_handlingsplan(&doc, &grading, catalog, format, args.lang.into())?;
    out.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}
