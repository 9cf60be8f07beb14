//! `spur schema`: print a JSON Schema.

use std::process::ExitCode;

use anyhow::Result;

use crate::io::Output;

/// Print the JSON Schema of the inspection document (default), the catalog, the grading JSON or
/// the supervision log.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  spur schema > inspection.schema.json\n  spur schema catalog")]
pub struct Args {
    /// Which schema.
    #[arg(value_enum, default_value_t = Which::Inspection)]
    which: Which,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Which {
    Inspection,
    Catalog,
    Grading,
    SupervisionLog,
}

/// Run `spur schema`.
pub fn run(args: Args) -> Result<ExitCode> {
    let text = match args.which {
        Which::Inspection => spur_core::schema::inspection(),
        Which::Catalog => spur_core::schema::catalog(),
        Which::Grading => spur_grading::Grading::json_schema(),
        Which::SupervisionLog => spur_supervision::schema::log(),
    };
    Output::new(None, false).write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
