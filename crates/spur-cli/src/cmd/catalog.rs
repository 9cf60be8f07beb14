//! `spur catalog`: browse the criteria.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::{AreaId, Catalog, Criterion, Kind, Regulation};

use super::common::{CatalogOpt, parse_area, parse_regulation};
use crate::io::{Output, bad_input, display_name, read_input};

/// `spur catalog new-indicators`: the skeleton for a known specialty.
fn new_indicators(args: NewArgs) -> Result<ExitCode> {
    let Some(specialty) = spur_core::find_specialty(&args.specialty) else {
        return Err(bad_input(format!(
            "error: `{}` is not a known specialty\n  = hint: {}",
            spur_core::escape::terminal(&args.specialty),
            spur_core::library::unknown_specialty_hint(&args.specialty)
        )));
    };
    let catalog = args.catalog.load()?;
    let catalog = &*catalog;
    let text = spur_core::indicator_skeleton(&specialty.name, catalog);
    args.output.open().write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `spur catalog check`: an indicator set (it has `specialty`) is checked on its own and composed
/// with the shared catalog it names (or the embedded one); anything else is read as a catalog.
fn check(args: CheckArgs) -> Result<ExitCode> {
    let source = read_input(&args.file)?;
    let name = display_name(&args.file);
    let is_set = spur_core::library::is_indicator_set(&source);
    let result = if is_set {
        spur_core::IndicatorSet::from_toml_str(&source, &name).and_then(|set| {
            let library = args.catalog.library().map_err(|e| {
                spur_core::Error::Invalid(spur_core::Diagnostics(vec![spur_core::Diagnostic::error(
                    spur_core::Code::UnknownCatalog,
                    "catalog",
                    e.to_string(),
                )]))
            })?;
            let version = set.catalog.clone();
            let base = library.resolve(None, version.as_deref()).catalog;
            let problems = set.check_against(&base);
            if problems.is_empty() {
                Ok(format!(
                    "{name}: indicator set {} for {} ({}): {} kvalitetsindikatorer, composes with {}",
                    set.version,
                    set.specialty,
                    set.society,
                    set.indicators.len(),
                    base.version
                ))
            } else {
                Err(spur_core::Error::Invalid(spur_core::Diagnostics(problems)))
            }
        })
    } else {
        Catalog::from_toml_str(&source, &name).map(|c| {
            format!(
                "{name}: catalog {}: {} areas, {} criteria{}",
                c.version,
                c.areas.len(),
                c.criteria().count(),
                c.mapping
                    .as_ref()
                    .map(|m| format!(", maps {}", m.from))
                    .unwrap_or_default()
            )
        })
    };
    match result {
        Ok(summary) => {
            crate::io::note(&format!("ok: {}", spur_core::escape::terminal(&summary)));
            Ok(ExitCode::SUCCESS)
        }
        Err(spur_core::Error::Invalid(d)) => {
            let errors = d.0.iter().filter(|x| x.is_error()).count();
            let lang = crate::lang::current();
            Err(bad_input(format!(
                "{}{}",
                spur_core::render::diagnostics_in(&d.0, true, lang),
                spur_core::messages::Text::new(spur_core::messages::Msg::FileErrors)
                    .val("file", &name)
                    .val("errors", errors)
                    .render(lang)
            )))
        }
        Err(e) => Err(bad_input(format!("error: {e}"))),
    }
}

/// Browse the catalog: areas, criteria and their kind under each regulation. The föreskrift and
/// allmänt råd criteria are shared; the kvalitetsindikatorer are the specialty's indicator set
/// (`--specialty`, default allmänmedicin). Users add sets with `new-indicators` and `check`.
#[derive(clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  spur catalog --area D\n  spur catalog --regulation 2021 --format md\n  spur catalog --format json > catalog.json\n  spur catalog --provenance --area E   (for catalog maintainers)\n  spur catalog --specialty kardiologi --catalog-dir my-sets\n  spur catalog new-indicators --specialty kardiologi -o kardiologi.toml\n  spur catalog check my-sets/kardiologi.toml   (a set filled in)"
)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Show the kvalitetsindikatorer of this specialty's set (any case, with or without å/ä/ö).
    #[arg(long, value_name = "NAME")]
    specialty: Option<String>,
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

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, CatFormat::Json)
    }
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Write a skeleton indicator set for a specialty, to fill in and check.
    NewIndicators(NewArgs),
    /// Check an indicator set (or a catalog version) file: every problem, located; exit 2 on errors.
    Check(CheckArgs),
}

/// `spur catalog new-indicators`.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  spur catalog new-indicators --specialty kardiologi -o kardiologi.toml"
)]
pub struct NewArgs {
    /// The specialty (a name from Socialstyrelsen's list; any case, with or without å/ä/ö).
    #[arg(long, value_name = "NAME")]
    specialty: String,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// `spur catalog check`.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  spur catalog check my-sets/kardiologi.toml")]
pub struct CheckArgs {
    /// The indicator set or catalog file (TOML).
    file: std::path::PathBuf,
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
    match args.command {
        Some(Sub::NewIndicators(a)) => return new_indicators(a),
        Some(Sub::Check(a)) => return check(a),
        None => {}
    }
    let catalog: std::borrow::Cow<'static, Catalog> = match &args.specialty {
        None => args.catalog.load()?,
        Some(name) => {
            let library = args.catalog.library()?;
            let resolved = library.resolve(Some(name), None);
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
            std::borrow::Cow::Owned(std::sync::Arc::unwrap_or_clone(resolved.catalog))
        }
    };
    let keep = |c: &Criterion| args.regulation.is_none_or(|r| c.applies(r));
    let areas: Vec<_> = catalog
        .areas
        .iter()
        .filter(|a| args.area.is_none_or(|x| x == a.id))
        .collect();
    let text = match args.format {
        CatFormat::Json => {
            // The catalog's own shape (`spur schema catalog`), filtered.
            let mut filtered = Catalog::clone(&catalog);
            filtered.areas = areas.iter().map(|a| (*a).clone()).collect();
            for a in &mut filtered.areas {
                a.criteria.retain(|c| keep(c));
            }
            serde_json::to_string_pretty(&filtered)? + "\n"
        }
        CatFormat::Table => {
            spur_core::escape::terminal(&table(&catalog, &areas, &keep, args.provenance))
                .into_owned()
        }
        CatFormat::Md => markdown(&catalog, &areas, &keep, args.provenance),
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
    let sv = crate::lang::current() == spur_core::Lang::Sv;
    // (head, provenance note, scale, source column, text column, note)
    let w = if sv {
        (
            "Katalog {version} — typ: F föreskrift, AR allmänt råd, KI kvalitetsindikator, - ej tillämpligt",
            "; hur väl varje typ är belagd inom hakparentes, med förvaltarnas anteckning",
            "skala",
            "källa    ",
            "text",
            "anteckning",
        )
    } else {
        (
            "Catalog {version} — kinds: F föreskrift, AR allmänt råd, KI kvalitetsindikator, - not applicable",
            "; how well sourced each kind is in brackets, with the maintainers' note",
            "scale",
            "source   ",
            "text",
            "note",
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}{}",
        spur_core::fill(w.0, &[("version", &catalog.version)]),
        if provenance { w.1 } else { "" }
    );
    for a in areas {
        let _ = writeln!(s, "\n{}. {} ({}, {} {})", a.id, a.sv, a.group, w.2, a.scale);
        let conf_head = if provenance { w.3 } else { "" };
        let _ = writeln!(
            s,
            "  {:<6} {:<4} {:<4} {conf_head}{}",
            "id", "2015", "2021", w.4
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
                let _ = writeln!(s, "  {:<6} {}: {note}", "", w.5);
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
