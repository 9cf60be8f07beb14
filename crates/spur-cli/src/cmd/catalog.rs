//! `spur catalog`: browse the criteria.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::{AreaId, Catalog, Criterion, Kind, Regulation};

use super::common::{CatalogOpt, parse_area, parse_regulation};
use crate::io::Output;

/// Browse the catalog: areas, criteria and their kind under each regulation.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur catalog --area D\n  spur catalog --regulation 2021 --format md\n  spur catalog --format json > catalog.json"
)]
pub struct Args {
    /// Only this area (A–H).
    #[arg(long, value_parser = parse_area)]
    area: Option<AreaId>,
    /// Only criteria applicable under this regulation (2015, 2021, or the designation).
    #[arg(long, value_parser = parse_regulation)]
    regulation: Option<Regulation>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatFormat::Table)]
    format: CatFormat,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum CatFormat {
    Table,
    Json,
    Md,
}

/// Run `spur catalog`.
pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = args.catalog.load()?;
    let keep = |c: &Criterion| args.regulation.is_none_or(|r| c.applies(r));
    let areas: Vec<_> = catalog
        .areas
        .iter()
        .filter(|a| args.area.is_none_or(|x| x == a.id))
        .collect();
    let text = match args.format {
        CatFormat::Json => {
            // The catalog's own shape (`spur schema catalog`), filtered.
            let mut filtered = catalog.clone();
            filtered.areas = areas.iter().map(|a| (*a).clone()).collect();
            for a in &mut filtered.areas {
                a.criteria.retain(|c| keep(c));
            }
            serde_json::to_string_pretty(&filtered)? + "\n"
        }
        CatFormat::Table => {
            spur_core::escape::terminal(&table(catalog, &areas, &keep)).into_owned()
        }
        CatFormat::Md => markdown(catalog, &areas, &keep),
    };
    Output::new(None, false).write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn short(kind: Kind) -> &'static str {
    match kind {
        Kind::Foreskrift => "F",
        Kind::AllmantRad => "AR",
        Kind::Kvalitetsindikator => "KI",
        Kind::NotApplicable => "-",
    }
}

fn table(
    catalog: &Catalog,
    areas: &[&spur_core::Area],
    keep: &dyn Fn(&Criterion) -> bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Catalog {} — kinds: F föreskrift, AR allmänt råd, KI kvalitetsindikator, - not applicable; confidence of the kind in brackets",
        catalog.version
    );
    for a in areas {
        let _ = writeln!(s, "\n{}. {} ({}, scale {})", a.id, a.sv, a.group, a.scale);
        let _ = writeln!(
            s,
            "  {:<6} {:<4} {:<4} {:<8} text",
            "id", "2015", "2021", "conf."
        );
        for c in a.criteria.iter().filter(|c| keep(c)) {
            let _ = writeln!(
                s,
                "  {:<6} {:<4} {:<4} {:<8} {}",
                c.id.to_string(),
                short(c.kind(Regulation::Sosfs2015_8)),
                short(c.kind(Regulation::HslfFs2021_8)),
                format!("[{}]", c.confidence),
                c.sv
            );
        }
    }
    s
}

fn markdown(
    catalog: &Catalog,
    areas: &[&spur_core::Area],
    keep: &dyn Fn(&Criterion) -> bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# SPUR catalog {}\n", catalog.version);
    for a in areas {
        let _ = writeln!(
            s,
            "## {}. {}\n\n*{}* — {}, scale `{}`\n",
            a.id, a.sv, a.en, a.group, a.scale
        );
        let _ = writeln!(
            s,
            "| Id | SOSFS 2015:8 | HSLF-FS 2021:8 | Confidence | Kriterium | Criterion |"
        );
        let _ = writeln!(s, "|---|---|---|---|---|---|");
        for c in a.criteria.iter().filter(|c| keep(c)) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                c.id,
                c.kind(Regulation::Sosfs2015_8).name(),
                c.kind(Regulation::HslfFs2021_8).name(),
                c.confidence,
                c.sv.replace('|', "\\|"),
                c.en.replace('|', "\\|")
            );
        }
        let _ = writeln!(s);
    }
    s
}
