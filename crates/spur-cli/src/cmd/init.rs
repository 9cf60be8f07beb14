//! `spur init`: a new inspection document, every criterion `not_assessed`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::Regulation;
use spur_core::template::{SkeletonOptions, skeleton_toml};

use super::common::{CatalogOpt, parse_date, parse_regulation};
use crate::io::Output;

/// Write a new inspection document with every criterion listed as `not_assessed`,
/// grouped by area with the criterion text as a comment.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur init --unit \"Vårdcentralen Norr\" --regulations 2015 --regulations 2021 norr.toml\n  spur init --regulations 2021 -   # print to stdout"
)]
pub struct Args {
    /// Name of the inspected unit.
    #[arg(long)]
    unit: Option<String>,
    /// Regulations the unit's ST-läkare train under (repeat or comma-separate; default both).
    #[arg(long, value_delimiter = ',', value_parser = parse_regulation)]
    regulations: Vec<Regulation>,
    /// Visit date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    visit_date: Option<chrono::NaiveDate>,
    /// Where to write the document (`-` for stdout).
    out: PathBuf,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur init`.
pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = args.catalog.load()?;
    let mut regulations = args.regulations;
    regulations.sort();
    regulations.dedup();
    if regulations.is_empty() {
        regulations = Regulation::ALL.to_vec();
    }
    let text = skeleton_toml(
        catalog,
        &SkeletonOptions {
            unit: args.unit,
            regulations,
            visit_date: args.visit_date,
        },
    );
    Output::new(Some(args.out.clone()), args.force).write(text.as_bytes())?;
    if args.out.as_os_str() != "-" {
        crate::io::note(&format!("wrote {}", args.out.display()));
    }
    Ok(ExitCode::SUCCESS)
}
