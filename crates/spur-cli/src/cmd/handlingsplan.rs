//! `spur handlingsplan`: the handlingsplan template the unit fills in.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_grading::Settings;
use spur_report::{PlanFormat, render_handlingsplan};

use super::common::{CatalogOpt, PlanFormatArg};
use super::report::refuse_binary_on_tty;
use crate::io::load_document;

/// Write the handlingsplan template for a graded inspection: one entry per required item
/// (föreskrift brist), then the recommended items (allmänt råd brist), grouped by area, with
/// the five fields of the SPUR form left to fill in. The unit fills it in (Word, Excel, or the
/// `spur serve` page /handlingsplan) and `spur handlingsplan import` reads the answer back into
/// the inspection document, which is then graded again.
#[derive(clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Example:\n  spur handlingsplan fixtures/seed-vardcentral.toml\n  spur handlingsplan inspection.toml --format xlsx -o handlingsplan.xlsx\n  spur handlingsplan import inspection.toml handlingsplan.xlsx -o inspection.toml --force"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Inspection document (TOML or JSON; `-` reads stdin).
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormatArg(PlanFormat::Markdown))]
    format: PlanFormatArg,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Read the unit's filled template back into the inspection's `[handlingsplan]`.
    Import(super::import::Args),
}

impl Args {
    /// Whether this is `spur handlingsplan import` (which speaks English by default).
    pub fn is_import(&self) -> bool {
        matches!(self.command, Some(Sub::Import(_)))
    }
}

/// Run `spur handlingsplan`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(Sub::Import(a)) = args.command {
        return super::import::run(a);
    }
    let library = args.catalog.library()?;
    let file = args.file.unwrap_or_else(|| PathBuf::from("-"));
    let graded = load_document(&file, &library, &Settings::default())?;
    let format = args.format.0;
    let out = args.output.open();
    refuse_binary_on_tty(&out, format.is_binary())?;
    let bytes = render_handlingsplan(&graded, format, crate::lang::current())?;
    out.write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}
