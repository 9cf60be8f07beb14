//! `spur explain`: the reason trace of one area in plain sentences, and what would lift it.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::{AreaId, Lang, Regulation, Wording as _};
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
        crate::lang::current(),
        &settings,
    );
    Output::new(None, false).write(spur_core::escape::terminal(&text).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

spur_core::phrases! {
    /// The words of `spur explain` around the grading's own reasons.
    enum Says {
        /// The unit does not train under the regulation asked for.
        NotUnder => "The unit does not train under that regulation.",
            "Enheten utbildar inte enligt den föreskriften.";
        /// A plan item with no entry at all.
        NoPlanEntry => "no plan entry", "ingen åtgärd i handlingsplanen";
        /// A plan item missing.
        PlanItemMissing => "Plan item missing: {criterion}: {fields}",
            "Saknas i handlingsplanen: {criterion}: {fields}";
        /// A is the top.
        Highest => "A is the highest grade.", "A är den högsta graderingen.";
        /// Lift by one criterion.
        LiftOne => "To lift {from} to {to}: {ids} must become met.",
            "För att lyfta {from} till {to}: {ids} behöver bli uppfyllt.";
        /// Lift by several criteria.
        LiftMany => "To lift {from} to {to}: {ids} must become met.",
            "För att lyfta {from} till {to}: {ids} behöver bli uppfyllda.";
        /// Lift of the computed grade by one criterion (after an adjustment or override).
        LiftComputedOne => "To lift the computed grade {from} to {to}: {ids} must become met.",
            "För att lyfta den beräknade graderingen {from} till {to}: {ids} behöver bli uppfyllt.";
        /// Lift of the computed grade by several criteria.
        LiftComputedMany => "To lift the computed grade {from} to {to}: {ids} must become met.",
            "För att lyfta den beräknade graderingen {from} till {to}: {ids} behöver bli uppfyllda.";
    }
}

fn explain(
    graded: &Graded,
    area_id: AreaId,
    only: Option<Regulation>,
    lang: Lang,
    settings: &Settings,
) -> String {
    let (doc, catalog, grading) = (graded.document(), graded.catalog(), graded.grading());
    let area = catalog.area(area_id);
    let mut s = String::new();
    let title = match lang {
        Lang::En => &area.en,
        Lang::Sv => &area.sv,
    };
    let _ = writeln!(s, "{}. {title}", area.id);
    let regs: Vec<Regulation> = doc
        .inspection
        .regulations
        .iter()
        .copied()
        .filter(|r| only.is_none_or(|o| o == *r))
        .collect();
    if regs.is_empty() {
        let _ = writeln!(s, "{}", Says::NotUnder.template(lang));
    }
    for reg in regs {
        let Some(r) = grading.result(area_id, reg) else {
            continue;
        };
        let _ = writeln!(s, "\n{reg}:");
        let _ = writeln!(s, "  {}", r.summary.get(lang));
        for reason in &r.reasons {
            let _ = writeln!(s, "  - {}", reason.get(lang));
        }
        for note in &r.notes {
            let _ = writeln!(s, "  {}", note.get(lang));
        }
        for m in &r.missing_plan_items {
            let fields = if m.missing_fields.is_empty() {
                Says::NoPlanEntry.template(lang).to_string()
            } else {
                m.missing_fields.join(", ")
            };
            let line = Says::PlanItemMissing.say(
                lang,
                &[("criterion", &m.criterion.to_string()), ("fields", &fields)],
            );
            let _ = writeln!(s, "  {line}");
        }
        match lift(doc, catalog, area_id, reg, settings) {
            Some(l) => {
                let _ = writeln!(
                    s,
                    "  {}",
                    lift_sentence(&l, r.adjusted || r.overridden, lang)
                );
            }
            None if r.computed == Some(spur_core::Grade::A) => {
                let _ = writeln!(s, "  {}", Says::Highest.template(lang));
            }
            None => {}
        }
    }
    s
}

/// "För att lyfta D till C: D.F6 behöver bli uppfyllt." — after an adjustment or override the
/// sentence speaks of the computed grade, and the verb agrees with the number of criteria.
fn lift_sentence(l: &spur_grading::Lift, final_differs: bool, lang: Lang) -> String {
    let ids: Vec<String> = l.criteria.iter().map(ToString::to_string).collect();
    let phrase = match (final_differs, ids.len() == 1) {
        (false, true) => Says::LiftOne,
        (false, false) => Says::LiftMany,
        (true, true) => Says::LiftComputedOne,
        (true, false) => Says::LiftComputedMany,
    };
    phrase.say(
        lang,
        &[
            ("from", &l.from.to_string()),
            ("to", &l.to.to_string()),
            ("ids", &ids.join(", ")),
        ],
    )
}
