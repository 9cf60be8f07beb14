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
    after_help = "Examples:\n  spur catalog --area D\n  spur catalog --regulation 2021 --format md\n  spur catalog --format json > catalog.json\n  spur catalog --provenance --area E   (for catalog maintainers)"
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
    /// For catalog maintainers: how each kind was reconstructed (confidence and note). The kinds
    /// themselves are the catalog's data either way; this says how well sourced they are.
    #[arg(long)]
    provenance: bool,
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
            spur_core::escape::terminal(&table(catalog, &areas, &keep, args.provenance))
                .into_owned()
        }
        CatFormat::Md => markdown(catalog, &areas, &keep, args.provenance),
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
    provenance: bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Catalog {} — kinds: F föreskrift, AR allmänt råd, KI kvalitetsindikator, - not applicable{}",
        catalog.version,
        if provenance {
            "; how well sourced each kind is in brackets, with the maintainers' note"
        } else {
            ""
        }
    );
    for a in areas {
        let _ = writeln!(s, "\n{}. {} ({}, scale {})", a.id, a.sv, a.group, a.scale);
        let conf_head = if provenance { "source   " } else { "" };
        let _ = writeln!(
            s,
            "  {:<6} {:<4} {:<4} {conf_head}text",
            "id", "2015", "2021"
        );
        for c in a.criteria.iter().filter(|c| keep(c)) {
            let conf = if provenance {
                format!("{:<8} ", format!("[{}]", c.confidence))
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  {:<6} {:<4} {:<4} {conf}{}",
                c.id.to_string(),
                short(c.kind(Regulation::Sosfs2015_8)),
                short(c.kind(Regulation::HslfFs2021_8)),
                c.sv
            );
            if let (true, Some(note)) = (provenance, &c.note) {
                let _ = writeln!(s, "  {:<6} note: {note}", "");
            }
        }
    }
    s
}

fn markdown(
    catalog: &Catalog,
    areas: &[&spur_core::Area],
    keep: &dyn Fn(&Criterion) -> bool,
    provenance: bool,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# SPUR catalog {}\n", catalog.version);
    for a in areas {
        let _ = writeln!(
            s,
            "## {}. {}\n\n*{}* — {}, scale `{}`\n",
            a.id, a.sv, a.en, a.group, a.scale
        );
        let (head, rule) = if provenance {
            ("| Source | Note ", "|---|---")
        } else {
            ("", "")
        };
        let _ = writeln!(
            s,
            "| Id | SOSFS 2015:8 | HSLF-FS 2021:8 {head}| Kriterium | Criterion |"
        );
        let _ = writeln!(s, "|---|---|---{rule}|---|---|");
        for c in a.criteria.iter().filter(|c| keep(c)) {
            let source = if provenance {
                format!(
                    "| {} | {} ",
                    c.confidence,
                    spur_core::escape::markdown_cell(c.note.as_deref().unwrap_or(""))
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} {source}| {} | {} |",
                c.id,
                c.kind(Regulation::Sosfs2015_8).name(),
                c.kind(Regulation::HslfFs2021_8).name(),
                c.sv.replace('|', "\\|"),
                c.en.replace('|', "\\|")
            );
        }
        let _ = writeln!(s);
    }
    s
}
