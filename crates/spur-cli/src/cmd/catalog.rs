//! `spur catalog`.
use std::process::ExitCode;

/// Arguments of `spur catalog`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur catalog`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
