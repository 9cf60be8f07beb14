//! `spur grade`.
use std::process::ExitCode;

/// Arguments of `spur grade`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur grade`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
