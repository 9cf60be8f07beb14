//! `spur grade`: grades per area and regulation, as a table or the documented JSON.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::Catalog;
use spur_grading::{Grading, RegulationResult, Settings, grade};

use spur_core::escape::terminal;

use super::common::{CatalogOpt, Style};
use crate::io::{load_document, use_color};

/// Grade every area A–H under each regulation the unit trains under.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur grade fixtures/seed-vardcentral.toml\n  spur grade fixtures/seed-vardcentral.toml --format json\n  spur grade --tolerance 0 inspection.toml"
)]
pub struct Args {
    /// Inspection document (TOML or JSON; `-` reads stdin).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GradeFormat::Table)]
    format: GradeFormat,
    /// Unmet kvalitetsindikatorer allowed per area for grade A ("enstaka undantag").
    #[arg(long, default_value_t = Settings::default().tolerance)]
    tolerance: usize,
    #[command(flatten)]
    output: super::common::OutputOpt,
    #[command(flatten)]
    catalog: CatalogOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum GradeFormat {
    Table,
    Json,
}

/// Run `spur grade`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let loaded = load_document(&args.file, &library)?;
    let (doc, catalog) = (loaded.doc, loaded.catalog);
    let mut grading = grade(
        &doc,
        catalog,
        &Settings {
            tolerance: args.tolerance,
        },
    );
    grading.mappings = loaded.mappings;
    let out = args.output.open();
    let text = match args.format {
        GradeFormat::Json => {
            let mut s = grading.to_json();
            s.push('\n');
            s
        }
        GradeFormat::Table => table(
            &grading,
            catalog,
            Style {
                on: use_color(&out),
            },
        ),
    };
    out.write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The grade cell: `A`, `D→C`, `B–D?`, `C*` (override) or `ej bedömd`.
pub fn cell(r: &RegulationResult) -> String {
    let Some(final_grade) = r.final_grade else {
        return "ej bedömd".into();
    };
    if let Some([best, worst]) = r.range {
        return format!("{best}–{worst} (preliminär)");
    }
    match r.computed {
        Some(c) if r.adjusted => format!("{c}→{final_grade}"),
        Some(c) if r.overridden && c != final_grade => format!("{final_grade} (beräknad {c})"),
        None if r.overridden => format!("{final_grade} (satt)"),
        _ => final_grade.to_string(),
    }
}

fn paint(style: Style, r: &RegulationResult, s: &str) -> String {
    match r.final_grade {
        Some(spur_core::Grade::D) => style.red(s),
        _ if r.provisional => style.yellow(s),
        _ => s.to_string(),
    }
}

/// Render the grading as a plain-text table.
pub fn table(grading: &Grading, catalog: &Catalog, style: Style) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        style.bold(&format!(
            "{} — SPUR grades (catalog {}, tolerance {})",
            terminal(&grading.unit),
            terminal(&catalog.describe()),
            grading.settings.tolerance
        ))
    );
    let title_width = catalog
        .areas
        .iter()
        .map(|a| a.sv.chars().count() + 3)
        .max()
        .unwrap_or(20)
        .min(60);
    let col = 22;
    let mut head = format!("{:<title_width$}", "Area");
    for reg in &grading.regulations {
        let _ = write!(head, "  {:<col$}", reg.designation());
    }
    let _ = writeln!(s, "{}", style.bold(head.trim_end()));
    for area in &grading.areas {
        let a = catalog.area(area.area);
        let mut title: String = format!("{} {}", a.id, terminal(&a.sv));
        if title.chars().count() > title_width {
            title = title.chars().take(title_width - 1).collect::<String>() + "…";
        }
        let mut line = format!("{title:<title_width$}");
        for r in &area.results {
            let c = cell(r);
            let padded = format!("{c:<col$}");
            let _ = write!(line, "  {}", paint(style, r, &padded));
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    let _ = writeln!(s);
    let plan = if grading.handlingsplan_required {
        "yes"
    } else {
        "no"
    };
    let received = grading
        .handlingsplan_received
        .map_or_else(|| "not received".to_string(), |d| format!("received {d}"));
    let _ = writeln!(s, "Handlingsplan required: {plan} ({received})");
    let required: Vec<String> = grading
        .plan_items
        .iter()
        .filter(|i| i.relevance == spur_core::PlanRelevance::Required)
        .map(|i| {
            format!(
                "{}{}",
                i.criterion,
                if i.answered { "" } else { " (unanswered)" }
            )
        })
        .collect();
    if !required.is_empty() {
        let _ = writeln!(s, "Required plan items: {}", required.join(", "));
    }
    let recommended: Vec<String> = grading
        .plan_items
        .iter()
        .filter(|i| i.relevance == spur_core::PlanRelevance::Recommended)
        .map(|i| i.criterion.to_string())
        .collect();
    if !recommended.is_empty() {
        let _ = writeln!(s, "Recommended plan items: {}", recommended.join(", "));
    }
    let _ = writeln!(
        s,
        "Legend: D→C adjusted after a received handlingsplan; X–Y provisional range (unassessed criteria); run `spur explain FILE AREA` for the reasons."
    );
    s
}
