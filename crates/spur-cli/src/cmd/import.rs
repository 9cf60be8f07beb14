//! `spur handlingsplan import`: the unit's filled template back into the inspection document.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use spur_core::Format;
use spur_import::{FilledFormat, Options};

use super::common::{CatalogOpt, parse_date};
use crate::io::{Output, bad_input, display_name, note, read_input};

/// Merge the handlingsplan the unit filled in — the template as DOCX, CSV, XLSX, TOML or JSON —
/// into the inspection document's `[handlingsplan]` and grade again. Every problem is located
/// in the unit's file (DOCX: table and row label; CSV/XLSX: row and column). Nothing the
/// inspection already holds is dropped: where both filled a field differently the conflict is
/// listed and the inspection's value kept (`--force` takes the unit's). The merged document goes
/// to OUT (or stdout); the summary and the regrade (D→C where the plan is now complete) to
/// stdout when writing a file, else to stderr.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur handlingsplan inspection.toml --format docx -o handlingsplan.docx\n  spur handlingsplan import inspection.toml handlingsplan-ifylld.docx -o inspection-med-plan.toml\n  spur handlingsplan import insp.toml ifylld.xlsx -o insp.toml --force\n  spur handlingsplan import insp.toml svar.xlsx --received 2026-03-01 -o svar.toml"
)]
pub struct Args {
    /// The inspection document (TOML or JSON).
    inspection: PathBuf,
    /// The unit's filled template: .docx, .csv, .xlsx, .toml or .json.
    filled: PathBuf,
    /// Write the merged document here (default stdout). An existing file is replaced only with
    /// --force.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    out: Option<PathBuf>,
    /// The date the plan was received (default: the date in the unit's file, the inspection's,
    /// or — said in a warning — today). YYYY-MM-DD or e.g. 1 mars 2026.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    received: Option<NaiveDate>,
    /// Take the unit's value where it conflicts with the inspection's, and replace OUT.
    #[arg(long)]
    force: bool,
    /// Format of the filled file when its extension does not tell.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur handlingsplan import`.
pub fn run(args: Args) -> Result<ExitCode> {
    let lang = crate::lang::current();
    let library = args.catalog.library()?;
    let source = read_input(&args.inspection)?;
    let format = if args.inspection.as_os_str() == "-" {
        Format::sniff(&source)
    } else {
        Format::from_path(&args.inspection)
    };
    let filled = if args.filled.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
        buf
    } else {
        std::fs::read(&args.filled)
            .map_err(|e| bad_input(format!("cannot read {}: {e}", display_name(&args.filled))))?
    };
    let filled_format = match &args.format {
        Some(f) => f.parse::<FilledFormat>().map_err(bad_input)?,
        None => {
            FilledFormat::from_path(&args.filled).unwrap_or_else(|| FilledFormat::sniff(&filled))
        }
    };
    let options = Options {
        received: args.received,
        force: args.force,
        ..Options::default()
    };
    let outcome =
        spur_import::import_in(&source, format, &filled, filled_format, &library, &options)
            .map_err(|e| match e {
                spur_import::Error::Inspection(d) => bad_input(format!(
                    "{}: the inspection document has errors:\n{d}",
                    display_name(&args.inspection)
                )),
                spur_import::Error::Problems(_) | spur_import::Error::Unreadable { .. } => {
                    bad_input(format!(
                        "{}:\n{}",
                        display_name(&args.filled),
                        e.render(lang)
                    ))
                }
                other => anyhow::Error::new(other),
            })?;
    let summary = spur_import::summary_in(&outcome, lang);
    let to_file = args.out.as_ref().is_some_and(|p| p.as_os_str() != "-");
    Output::new(args.out, args.force)
        .in_place()
        .write(outcome.output.as_bytes())?;
    if to_file {
        let mut out = std::io::stdout().lock();
        let _ = std::io::Write::write_all(&mut out, summary.as_bytes());
    } else {
        note(summary.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
