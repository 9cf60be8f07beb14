//! `spur` — validate, grade and report SPUR inspections of Swedish specialist-doctor training.
#![forbid(unsafe_code)]

mod cmd;
mod io;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// SPUR inspections as data: validate, grade, report, and follow up.
#[derive(Parser)]
#[command(name = "spur", version, about, long_about = None, after_help = "Example:\n  spur grade fixtures/seed-vardcentral.toml\n  spur report fixtures/seed-vardcentral.toml --format html -o rapport.html")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest input file (or stdin) in bytes; larger inputs are refused (exit 2).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = io::DEFAULT_MAX_INPUT)]
    max_input: u64,
}

#[derive(Subcommand)]
enum Command {
    Init(cmd::init::Args),
    Validate(cmd::validate::Args),
    Grade(cmd::grade::Args),
    Explain(cmd::explain::Args),
    Catalog(cmd::catalog::Args),
    Schema(cmd::schema::Args),
    Serve(cmd::serve::Args),
    Form(cmd::form::Args),
    Followup(cmd::followup::Args),
    Overview(cmd::overview::Args),
    Report(cmd::report::Args),
    Handlingsplan(cmd::handlingsplan::Args),
    Agenda(cmd::agenda::Args),
    Commitments(cmd::commitments::Args),
    Compare(cmd::compare::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    io::set_max_input(cli.max_input);
    let result = match cli.command {
        Command::Init(a) => cmd::init::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::Grade(a) => cmd::grade::run(a),
        Command::Explain(a) => cmd::explain::run(a),
        Command::Catalog(a) => cmd::catalog::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Form(a) => cmd::form::run(a),
        Command::Followup(a) => cmd::followup::run(a),
        Command::Overview(a) => cmd::overview::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Handlingsplan(a) => cmd::handlingsplan::run(a),
        Command::Agenda(a) => cmd::agenda::run(a),
        Command::Commitments(a) => cmd::commitments::run(a),
        Command::Compare(a) => cmd::compare::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Some(bad) = e.downcast_ref::<io::BadInput>() {
                io::note(bad.0.trim_end());
                ExitCode::from(2)
            } else {
                io::note(&format!("error: {e:#}"));
                ExitCode::from(1)
            }
        }
    }
}
