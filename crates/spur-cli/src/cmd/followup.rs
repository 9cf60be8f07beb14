//! `spur followup`: the state of every handlingsplan entry on a date, as a table, JSON,
//! Markdown or an iCalendar file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use spur_followup::follow_up;

use super::common::{CatalogOpt, parse_date};
use crate::io::load_document;

/// Follow up a handlingsplan: each entry's state on a date (overdue, follow-up overdue, …).
#[derive(clap::Args)]
#[command(
    after_help = "States: not_yet_due, due_soon (within 30 days), overdue, done_awaiting_follow_up, follow_up_overdue, closed_effective, closed_not_effective, no_due_date. A date equal to --as-of has not passed yet.\n\nExample:\n  spur followup fixtures/seed-vardcentral.toml --as-of 2026-11-23\n  spur followup fixtures/seed-vardcentral.toml --format ics -o handlingsplan.ics"
)]
pub struct Args {
    /// Inspection document (TOML or JSON; `-` reads stdin).
    file: PathBuf,
    /// The date to judge on, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format; `ics` is an iCalendar file with the due and follow-up dates.
    #[arg(long, value_enum, default_value_t = FollowupFormat::Table)]
    format: FollowupFormat,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum FollowupFormat {
    Table,
    Json,
    Md,
    Ics,
}

/// Today's date on this machine: the default of `--as-of`.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Run `spur followup`.
pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = args.catalog.load()?;
    let doc = load_document(&args.file, catalog)?;
    let report = follow_up(&doc, args.as_of.unwrap_or_else(today));
    let text = match args.format {
        FollowupFormat::Table => report.to_table(),
        FollowupFormat::Json => report.to_json(),
        FollowupFormat::Md => report.to_markdown(),
        FollowupFormat::Ics => report.to_ics(),
    };
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
