//! `spur explain`: the reason trace of one area in plain sentences, and what would lift it.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::{AreaId, Regulation};
use spur_grading::{Graded, Settings, lift};

use super::common::{CatalogOpt, parse_area, parse_regulation};
use crate::io::{Output, load_document};

/// Explain the grade of one area: the deciding criteria, and the smallest set of findings that
/// would lift the grade one level.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur explain fixtures/seed-vardcentral.toml D\n  spur explain inspection.toml H --regulation 2021 --lang en"
)]
pub struct Args {
    /// Inspection document (TOML or JSON; `-` reads stdin).
    file: PathBuf,
    /// Area letter A–H.
    #[arg(value_parser = parse_area)]
    area: AreaId,
    /// Only this regulation (default: every regulation the unit trains under).
    #[arg(long, value_parser = parse_regulation)]
    regulation: Option<Regulation>,
    /// Unmet kvalitetsindikatorer allowed per area for grade A.
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    #[command(flatten)]
    catalog: CatalogOpt,
}

/// Run `spur explain`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let settings = Settings::with_tolerance(args.tolerance);
    let graded = load_document(&args.file, &library, &settings)?;
    let text = explain(
        &graded,
        args.area,
        args.regulation,
        crate::lang::english(),
        &settings,
    );
    Output::new(None, false).write(spur_core::escape::terminal(&text).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn explain(
    graded: &Graded,
    area_id: AreaId,
    only: Option<Regulation>,
    en: bool,
    settings: &Settings,
) -> String {
    let (doc, catalog, grading) = (graded.document(), graded.catalog(), graded.grading());
    let area = catalog.area(area_id);
    let mut s = String::new();
    let title = if en { &area.en } else { &area.sv };
    let _ = writeln!(s, "{}. {title}", area.id);
    let regs: Vec<Regulation> = doc
        .inspection
        .regulations
        .iter()
        .copied()
        .filter(|r| only.is_none_or(|o| o == *r))
        .collect();
    if regs.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            if en {
                "The unit does not train under that regulation."
            } else {
                "Enheten utbildar inte enligt den föreskriften."
            }
        );
    }
    for reg in regs {
        let Some(r) = grading.result(area_id, reg) else {
            continue;
        };
        let _ = writeln!(s, "\n{reg}:");
        let _ = writeln!(s, "  {}", if en { &r.summary.en } else { &r.summary.sv });
        for reason in &r.reasons {
            let _ = writeln!(s, "  - {}", if en { &reason.en } else { &reason.sv });
        }
        for note in &r.notes {
            let _ = writeln!(s, "  {}", if en { &note.en } else { &note.sv });
        }
        for m in &r.missing_plan_items {
            let fields = if m.missing_fields.is_empty() {
                if en {
                    "no plan entry".to_string()
                } else {
                    "ingen åtgärd i handlingsplanen".to_string()
                }
            } else {
                m.missing_fields.join(", ")
            };
            let _ = writeln!(
                s,
                "  {} {}: {fields}",
                if en {
                    "Plan item missing:"
                } else {
                    "Saknas i handlingsplanen:"
                },
                m.criterion
            );
        }
        match lift(doc, catalog, area_id, reg, settings) {
            Some(l) => {
                let _ = writeln!(s, "  {}", lift_sentence(&l, r.adjusted || r.overridden, en));
            }
            None if r.computed == Some(spur_core::Grade::A) => {
                let _ = writeln!(
                    s,
                    "  {}",
                    if en {
                        "A is the highest grade."
                    } else {
                        "A är den högsta graderingen."
                    }
                );
            }
            None => {}
        }
    }
    s
}

/// "För att lyfta D till C: D.F6 behöver bli uppfyllt." — after an adjustment or override the
/// sentence speaks of the computed grade, and the verb agrees with the number of criteria.
fn lift_sentence(l: &spur_grading::Lift, final_differs: bool, en: bool) -> String {
    let ids: Vec<String> = l.criteria.iter().map(ToString::to_string).collect();
    let list = ids.join(", ");
    let one = ids.len() == 1;
    match (en, final_differs) {
        (true, false) => format!("To lift {} to {}: {list} must become met.", l.from, l.to),
        (true, true) => format!(
            "To lift the computed grade {} to {}: {list} must become met.",
            l.from, l.to
        ),
        (false, computed) => format!(
            "För att lyfta {}{} till {}: {list} behöver bli {}.",
            if computed {
                "den beräknade graderingen "
            } else {
                ""
            },
            l.from,
            l.to,
            if one { "uppfyllt" } else { "uppfyllda" }
        ),
    }
}
