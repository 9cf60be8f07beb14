//! `spur init`: a new inspection document, every criterion `not_assessed`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::Regulation;
use spur_core::template::{SkeletonOptions, skeleton_toml};

use super::common::{CatalogOpt, parse_date, parse_regulation};
use crate::io::{Output, bad_input};

/// Write a new inspection document with every criterion listed as `not_assessed`,
/// grouped by area with the criterion text as a comment.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur init --unit \"Vårdcentralen Norr\" --regulations 2015 2021 norr.toml\n  spur init --regulations \"HSLF-FS 2021:8\" --visit-date 2026-03-10 syd.toml\n  spur init --regulations 2021 -   # print to stdout"
)]
pub struct Args {
    /// Name of the inspected unit.
    #[arg(long)]
    unit: Option<String>,
    /// Regulations the unit's ST-läkare train under: `2015`, `2021`, `"SOSFS 2015:8"`, … (space-
    /// or comma-separated, or repeated; default both).
    #[arg(long, num_args = 1.., value_delimiter = ',', value_name = "REGULATION")]
    regulations: Vec<String>,
    /// Visit date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    visit_date: Option<chrono::NaiveDate>,
    /// The unit's specialty: the criteria listed are the shared ones plus its indicator set
    /// (any case, with or without å/ä/ö; default allmänmedicin).
    #[arg(long, value_name = "NAME")]
    specialty: Option<String>,
    /// Where to write the document (`-` for stdout).
    out: Option<PathBuf>,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur init`.
pub fn run(args: Args) -> Result<ExitCode> {
    let (catalog, specialty): (
        std::borrow::Cow<'static, spur_core::Catalog>,
        Option<String>,
    ) = match &args.specialty {
        None => (args.catalog.load()?, None),
        Some(name) => {
            let resolved = args.catalog.library()?.resolve(Some(name), None);
            if let Some(e) = resolved.diagnostics.iter().find(|d| d.is_error()) {
                return Err(bad_input(spur_core::render::diagnostic_in(
                    e,
                    false,
                    crate::lang::current(),
                )));
            }
            for w in &resolved.diagnostics {
                crate::io::note(
                    spur_core::render::diagnostic_in(w, false, crate::lang::current()).trim_end(),
                );
            }
            let specialty = resolved.catalog.specialty.clone();
            (
                std::borrow::Cow::Owned(std::sync::Arc::unwrap_or_clone(resolved.catalog)),
                specialty,
            )
        }
    };
    let (mut regulations, out) = split_regulations_and_out(args.regulations, args.out)?;
    regulations.sort();
    regulations.dedup();
    if regulations.is_empty() {
        regulations = Regulation::ALL.to_vec();
    }
    let text = skeleton_toml(
        &catalog,
        &SkeletonOptions {
            unit: args.unit,
            regulations,
            visit_date: args.visit_date,
            specialty,
            lang: crate::lang::current(),
        },
    );
    Output::new(Some(out.clone()), args.force).write(text.as_bytes())?;
    if out.as_os_str() != "-" {
        let wrote = match crate::lang::current() {
            spur_core::Lang::Sv => "skrev",
            spur_core::Lang::En => "wrote",
        };
        crate::io::note(&format!("{wrote} {}", crate::io::display_name(&out)));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--regulations` takes several values, so in `--regulations 2015 2021 out.toml` clap hands
/// OUT over as a regulation: take a last value that is not a regulation as OUT.
fn split_regulations_and_out(
    mut values: Vec<String>,
    out: Option<PathBuf>,
) -> Result<(Vec<Regulation>, PathBuf)> {
    let out = match out {
        Some(out) => out,
        None => match values.pop() {
            Some(last) if parse_regulation(&last).is_err() => PathBuf::from(last),
            _ => {
                return Err(bad_input(
                    "missing OUT: where to write the document (`-` for stdout)",
                ));
            }
        },
    };
    let regulations = values
        .iter()
        .map(|v| parse_regulation(v).map_err(bad_input))
        .collect::<Result<Vec<_>>>()?;
    Ok((regulations, out))
}
