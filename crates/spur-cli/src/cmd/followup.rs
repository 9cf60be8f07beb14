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

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, FollowupFormat::Json)
    }
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
    let library = args.catalog.library()?;
    let graded = load_document(&args.file, &library, &spur_grading::Settings::default())?;
    let doc = graded.document();
    let report = follow_up(doc, args.as_of.unwrap_or_else(today));
    let text = match args.format {
        FollowupFormat::Table => report.to_table_in(crate::lang::current()),
        FollowupFormat::Json => report.to_json(),
        FollowupFormat::Md => report.to_markdown_in(crate::lang::current()),
        FollowupFormat::Ics => ics(&args.file, doc, &report)?,
    };
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The calendar, or exit 2: a plan date outside 1900–9999 (located in the file), or no dated
/// entry at all (a calendar without an event is not valid RFC 5545).
fn ics(
    path: &std::path::Path,
    doc: &spur_core::InspectionDocument,
    report: &spur_followup::FollowUp,
) -> Result<String> {
    if let Some(plan) = &doc.handlingsplan {
        for (i, e) in plan.entries.iter().enumerate() {
            for (field, date) in [("due", e.due), ("follow_up", e.follow_up)] {
                let Some(date) = date.filter(|d| !spur_followup::ics_date_ok(*d)) else {
                    continue;
                };
                let at = format!("handlingsplan.entries[{i}].{field}");
                let where_ = crate::io::locate(path, &at)
                    .map(|(line, col)| format!("{}:{line}:{col}", crate::io::display_name(path)))
                    .unwrap_or_else(|| format!("{} (at `{at}`)", crate::io::display_name(path)));
                return Err(crate::io::bad_input(format!(
                    "error[bad-date]: {field} date {date} of {} cannot be written to an iCalendar file\n --> {where_}\n  = hint: iCalendar dates must lie between 1900-01-01 and 9999-12-30",
                    e.criterion
                )));
            }
        }
    }
    report
        .try_to_ics()
        .map_err(|e| crate::io::bad_input(e.to_string()))
}
