//! `spur commitments`: the countable commitments of a plan (IUP revisions, documented
//! assessments, supervision time, specialistkollegium, 360°) checked against a supervision log,
//! each with the SPUR criteria it evidences.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use spur_supervision::{Settings, commitments};

use super::agenda::{SupervisionFormat, load_log, load_toolkit, today};
use super::common::{CatalogOpt, parse_date};
use crate::io::{bad_input, display_name};

/// Each commitment with target, actual and status (met / on track / at risk / missed) per
/// year, termin or week, and the SPUR criteria (id and Swedish text) it evidences.
#[derive(clap::Args)]
#[command(
    after_help = "Commitments: IUP revised ≥ 2 per calendar year (D.F7, E.F1); ≥ 4 documented assessments per termin (E.F4, E.F6, E.F7); 2 hours of supervision per week, averaged over the termin (E.F1, E.R2); specialistkollegium 3 and 360° 2 per ST (E.F4, H.F2). Terms: VT 1 Jan–30 Jun, HT 1 Jul–31 Dec.\n\nExample:\n  spur commitments fixtures/supervision-log.toml --as-of 2026-03-04\n  spur commitments fixtures/supervision-log.toml --format json -o commitments.json"
)]
pub struct Args {
    /// Supervision log (TOML or JSON; `-` reads stdin).
    log: PathBuf,
    /// The date to evaluate on, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SupervisionFormat::Md)]
    format: SupervisionFormat,
    /// Toolkit file (TOML) to use instead of the embedded Region Skåne toolkit (whole-ST targets).
    #[arg(long, value_name = "FILE")]
    toolkit: Option<PathBuf>,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, SupervisionFormat::Json)
    }
}

/// Run `spur commitments`.
pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = args.catalog.load()?;
    let catalog = &*catalog;
    let toolkit = load_toolkit(args.toolkit.as_deref())?;
    let toolkit = &*toolkit;
    let log = load_log(&args.log, toolkit)?;
    let as_of = args.as_of.unwrap_or_else(today);
    let report = commitments(&log, toolkit, catalog, as_of, &Settings::default())
        .map_err(|e| bad_input(format!("{}: {e}", display_name(&args.log))))?;
    let text = match args.format {
        SupervisionFormat::Md => report.to_markdown_in(crate::lang::current()),
        SupervisionFormat::Json => report.to_json(),
    };
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
