//! `spur form`: the inspection form as one self-contained HTML file for use without a server.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::io::Output;

/// Write the inspection form as ONE self-contained HTML file (stylesheet, scripts and the
/// WebAssembly build of spur inlined) that works opened from disk with no network: it grades in
/// the page, imports and exports TOML/JSON, and makes the report (HTML, Markdown) and the
/// handlingsplan template (Markdown, HTML, CSV, TOML). DOCX/XLSX need `spur serve`. The work is
/// kept in the browser's local storage.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur form -o spur-form.html      # then open spur-form.html in a browser"
)]
pub struct Args {
    /// Write the file here (default stdout). An existing file is replaced only with --force.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    out: Option<PathBuf>,
    /// Replace OUT if it exists.
    #[arg(long)]
    force: bool,
}

/// Run `spur form`.
pub fn run(args: Args) -> Result<ExitCode> {
    let html = spur_server::offline_form_html_in(crate::lang::current());
    Output::new(args.out, args.force).write(html.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
