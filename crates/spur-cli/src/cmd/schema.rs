//! `spur schema`.
use std::process::ExitCode;

/// Arguments of `spur schema`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `spur schema`.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
