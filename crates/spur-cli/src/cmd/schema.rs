//! `spur schema`: print a JSON Schema.

use std::process::ExitCode;

use anyhow::Result;

use crate::io::Output;

/// Print a JSON Schema: the inspection document (default), an input format, or the JSON of a
/// command's `--format json`.
#[derive(clap::Args)]
#[command(
    after_help = "Schemas: inspection, catalog, indicators, supervision-log, toolkit (inputs); validation, grading, report, followup, overview, agenda, commitments, compare (outputs of --format json).\n\nExamples:\n  spur schema > inspection.schema.json\n  spur schema grading"
)]
pub struct Args {
    /// Which schema.
    #[arg(default_value = "inspection", value_parser = clap::builder::PossibleValuesParser::new(spur_server::SCHEMA_NAMES))]
    which: String,
}

/// Run `spur schema`.
pub fn run(args: Args) -> Result<ExitCode> {
    let text = spur_server::schema(&args.which)
        .ok_or_else(|| anyhow::anyhow!("no schema named `{}`", args.which))?;
    Output::new(None, false).write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
