//! `spur validate`.
use std::process::ExitCode;

/// Arguments of `spur validate`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur validate`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
