//! `spur overview`: the regional overview over many inspection documents.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use spur_followup::{Catalogs, OverviewOptions, collect_files, overview_in};
use spur_grading::Settings;

use super::common::{CatalogOpt, parse_date};
use super::followup::today;
use crate::io::bad_input;

/// Regional overview: grades of many units, missing and overdue plans, re-inspections due.
#[derive(clap::Args)]
#[command(
    after_help = "Directories are read non-recursively: every *.toml and *.json file in them. A file that cannot be read or is invalid is listed with its first error and the overview goes on.\n\nExit status: 0 when at least one document was read, even if other files could not be; 2 when none could be read or the arguments are wrong.\n\nExample:\n  spur overview inspections/ --as-of 2026-11-23\n  spur overview inspections/ --format html -o overview.html\n  spur overview a.toml b.json --format csv -o overview.csv"
)]
pub struct Args {
    /// Directories (their *.toml and *.json files) and/or inspection documents.
    #[arg(required = true, value_name = "DIR-or-FILES")]
    inputs: Vec<PathBuf>,
    /// The date to judge plans and re-inspection on, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OverviewFormat::Table)]
    format: OverviewFormat,
    /// A unit is due for re-inspection when its visit is more than this many years old.
    #[arg(long, value_name = "N", default_value_t = 5)]
    reinspect_years: u32,
    /// Unmet kvalitetsindikatorer allowed per area for grade A ("enstaka undantag").
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, OverviewFormat::Json)
    }
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum OverviewFormat {
    Table,
    Html,
    Csv,
    Json,
}

/// Run `spur overview`.
pub fn run(args: Args) -> Result<ExitCode> {
    let options = OverviewOptions {
        as_of: args.as_of.unwrap_or_else(today),
        reinspect_years: args.reinspect_years,
        settings: Settings::with_tolerance(args.tolerance),
    };
    let (files, list_errors) = collect_files(&args.inputs);
    // Each unit is graded with its own specialty's catalog, as `spur grade` and `spur validate`
    // do: a kirurgi unit whose document carries allmänmedicin's indicator ids is listed as a
    // file with errors, not graded with another specialty's set.
    let library = args.catalog.library()?;
    let mut ov = overview_in(&files, Catalogs::Library(&library), &options);
    if !list_errors.is_empty() {
        ov.files += list_errors.len();
        ov.errors.extend(list_errors);
        ov.errors
            .sort_by(|a, b| (&a.file, &a.error).cmp(&(&b.file, &b.error)));
    }
    if ov.units.is_empty() {
        let mut msg = String::from("error: no inspection document could be read");
        if ov.errors.is_empty() {
            msg.push_str(" (no *.toml or *.json files found)");
        }
        for e in &ov.errors {
            msg.push_str(&format!(
                "\n  {}",
                spur_core::escape::terminal(&format!("{}: {}", e.file, e.error))
            ));
        }
        return Err(bad_input(msg));
    }
    // Streamed: the output of 10 000 units is never held whole beside the overview.
    let lang = crate::lang::current();
    args.output.open().write_with(|out| match args.format {
        OverviewFormat::Table => ov.write_table_in(lang, out),
        OverviewFormat::Json => ov.write_json(out),
        OverviewFormat::Html => ov.write_html_in(lang, out),
        OverviewFormat::Csv => ov.write_csv(out).map_err(std::io::Error::other),
    })?;
    if !ov.errors.is_empty() {
        let csv = args.format == OverviewFormat::Csv;
        let (template, tail) = match crate::lang::current() {
            spur_core::Lang::Sv => (
                "varning: {count} av {files} fil(er) kunde inte läsas{tail}",
                if csv { ":" } else { " (listade i utdata)" },
            ),
            spur_core::Lang::En => (
                "warning: {count} of {files} file(s) could not be read{tail}",
                if csv { ":" } else { " (listed in the output)" },
            ),
        };
        crate::io::note(&spur_core::fill(
            template,
            &[
                ("count", &ov.errors.len().to_string()),
                ("files", &ov.files.to_string()),
                ("tail", tail),
            ],
        ));
        if args.format == OverviewFormat::Csv {
            for e in &ov.errors {
                crate::io::note(&spur_core::escape::terminal(&format!(
                    "  {}: {}",
                    e.file, e.error
                )));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
