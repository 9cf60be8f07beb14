//! `spur compare`: a unit's change between two inspections.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use spur_followup::{Comparison, Side, compare_previous};
use spur_grading::{Graded, Settings};

use super::common::CatalogOpt;
use crate::io::{display_name, load_document};

/// Compare two inspections of one unit: per area and regulation the grade then and now
/// (improved / worsened / unchanged), the criteria whose status changed, the brister present in
/// both (kvarstående brister) and the previous handlingsplan's entries whose criterion is still
/// unmet. The inspections may use different catalog versions (the previous one is mapped onto
/// the current one through its `[mapping]`) and different regulations.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur compare fixtures/compare/2021.toml fixtures/seed-vardcentral.toml\n  spur compare old.toml new.toml --format html -o jamforelse.html\n  spur compare old.toml new.toml --format json --lang en"
)]
pub struct Args {
    /// The previous inspection document (TOML or JSON).
    previous: PathBuf,
    /// The current inspection document (TOML or JSON).
    current: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Unmet kvalitetsindikatorer allowed per area for grade A ("enstaka undantag").
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, Format::Json)
    }
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    /// Plain text for the terminal.
    Table,
    /// Markdown.
    Md,
    /// A standalone HTML page.
    Html,
    /// JSON (`spur schema compare`).
    Json,
}

/// Run `spur compare`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let settings = Settings::with_tolerance(args.tolerance);
    let prev = load_document(&args.previous, &library, &settings)?;
    let cur = load_document(&args.current, &library, &settings)?;
    let comparison = with_previous(&args.previous, &prev, &args.current, &cur);
    let lang = crate::lang::current();
    let text = match args.format {
        Format::Table => comparison.to_table(lang),
        Format::Md => comparison.to_markdown(lang),
        Format::Html => comparison.to_html(lang),
        Format::Json => comparison.to_json(),
    };
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The comparison of the previous inspection (read from `previous_path`) with the current one
/// (already graded): what `spur compare` prints and `spur report --previous` adds as a section.
/// The previous document is mapped onto the current catalog version when that version maps it
/// (each mapping printed as a note); the comparison's warnings (another unit, not older) are
/// printed to stderr.
pub fn with_previous(
    previous_path: &Path,
    prev: &Graded,
    current_path: &Path,
    current: &Graded,
) -> Comparison {
    let (comparison, applied) = compare_previous(
        &Side::of(display_name(previous_path), prev),
        &Side::of(display_name(current_path), current),
    );
    for applied in &applied {
        crate::io::note(&format!(
            "note: {}: mapped for the comparison {}",
            display_name(previous_path),
            spur_core::escape::terminal(&applied.to_string())
        ));
    }
    for w in &comparison.warnings {
        crate::io::note(&format!("warning: {}", spur_core::escape::terminal(w)));
    }
    comparison
}
