//! `spur agenda`: the agenda for the next supervision (handledning) meeting, from a supervision
//! log and the toolkit's topic frequencies.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use spur_core::Format;
use spur_supervision::{SupervisionLog, Toolkit, agenda};

use super::common::parse_date;
use crate::io::{bad_input, display_name, note, read_input};

/// The agenda for the next supervision meeting: every-meeting topics, topics due by their
/// frequency since last covered, end-of-year topics in November–December, and overdue whole-ST
/// targets (specialistkollegium, 360°).
#[derive(clap::Args)]
#[command(
    after_help = "\"Regelbundet\" (regularly) is taken as every 3 months; as-needed topics are listed as optional. Log entries on the date itself count as done.\n\nExample:\n  spur agenda fixtures/supervision-log.toml --date 2026-03-04\n  spur agenda fixtures/supervision-log.toml --format json -o agenda.json"
)]
pub struct Args {
    /// Supervision log (TOML or JSON; `-` reads stdin).
    log: PathBuf,
    /// The date of the meeting to prepare, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SupervisionFormat::Md)]
    format: SupervisionFormat,
    /// Toolkit file (TOML) to use instead of the embedded Region Skåne toolkit.
    #[arg(long, value_name = "FILE")]
    toolkit: Option<PathBuf>,
    #[command(flatten)]
    output: super::common::OutputOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, SupervisionFormat::Json)
    }
}

/// Output formats of `spur agenda` and `spur commitments`.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum SupervisionFormat {
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// Pretty JSON.
    Json,
}

/// Today's date on this machine: the default of `--date` and `--as-of`.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Load the chosen toolkit: the embedded one, or a user file (problems are bad input).
pub fn load_toolkit(path: Option<&Path>) -> Result<std::borrow::Cow<'static, Toolkit>> {
    match path {
        None => Ok(std::borrow::Cow::Borrowed(Toolkit::embedded())),
        Some(p) => {
            let src = read_input(p)?;
            let toolkit = Toolkit::from_toml_str(&src, &display_name(p))
                .map_err(|e| bad_input(format!("invalid toolkit {}:\n{e}", display_name(p))))?;
            Ok(std::borrow::Cow::Owned(toolkit))
        }
    }
}

/// Read and validate a supervision log against `toolkit`. Warnings go to stderr; errors become
/// exit 2 with every located problem.
pub fn load_log(path: &Path, toolkit: &Toolkit) -> Result<SupervisionLog> {
    let src = read_input(path)?;
    let format = if path.as_os_str() == "-" {
        Format::sniff(&src)
    } else {
        Format::from_path(path)
    };
    let checked = SupervisionLog::check(&src, &display_name(path), format, toolkit);
    match checked.into_result() {
        Ok((log, warnings)) => {
            let lang = crate::lang::current();
            for w in &warnings.0 {
                note(spur_core::render::diagnostic_in(w, false, lang).trim_end());
            }
            Ok(log)
        }
        Err(spur_supervision::Error::Invalid(diags)) => {
            Err(crate::io::invalid_document(path, diags.0, false))
        }
        Err(e) => Err(bad_input(e.to_string())),
    }
}

/// Run `spur agenda`.
pub fn run(args: Args) -> Result<ExitCode> {
    let toolkit = load_toolkit(args.toolkit.as_deref())?;
    let toolkit = &*toolkit;
    let log = load_log(&args.log, toolkit)?;
    let date = args.date.unwrap_or_else(today);
    let agenda = agenda(&log, toolkit, date)
        .map_err(|e| bad_input(format!("{}: {e}", display_name(&args.log))))?;
    let text = match args.format {
        SupervisionFormat::Md => agenda.to_markdown_in(crate::lang::current()),
        SupervisionFormat::Json => agenda.to_json(),
    };
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
