//! `spur init`.
use std::process::ExitCode;

/// Arguments of `spur init`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur init`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
