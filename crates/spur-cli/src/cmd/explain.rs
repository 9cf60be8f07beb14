//! `spur explain`.
use std::process::ExitCode;

/// Arguments of `spur explain`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur explain`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
