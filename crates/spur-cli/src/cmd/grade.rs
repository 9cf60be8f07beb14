//! `spur grade`: grades per area and regulation, as a table or the documented JSON.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::{Catalog, Lang, Wording as _};
use spur_grading::{Grading, RegulationResult, Settings};
use spur_report::messages::Messages;

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

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, GradeFormat::Json)
    }
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum GradeFormat {
    Table,
    Json,
}

/// Run `spur grade`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let graded = load_document(
        &args.file,
        &library,
        &Settings::with_tolerance(args.tolerance),
    )?;
    let (grading, catalog) = (graded.grading(), graded.catalog());
    let out = args.output.open();
    let text = match args.format {
        GradeFormat::Json => {
            let mut s = grading.to_json();
            s.push('\n');
            s
        }
        GradeFormat::Table => table(
            grading,
            catalog,
            Style {
                on: use_color(&out),
            },
            crate::lang::current(),
        ),
    };
    out.write(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

spur_core::phrases! {
    /// The words of the grade table that the report's message table does not have.
    enum Says {
        Title => "{unit} — SPUR grades (catalog {catalog}, tolerance {tolerance})",
            "{unit} — SPUR-gradering (katalog {catalog}, tolerans {tolerance})";
        Computed => "computed {grade}",
            "beräknad {grade}";
        Set => "set",
            "satt";
        Provisional => "provisional",
            "preliminär";
        RequiredItems => "Required plan items",
            "Krav i handlingsplanen";
        Unanswered => "unanswered",
            "obesvarat";
        RecommendedItems => "Recommended plan items",
            "Rekommendationer i handlingsplanen";
        Legend => "Legend: D→C adjusted after a received handlingsplan; X–Y provisional range (unassessed criteria); run `spur explain FILE AREA` for the reasons.",
            "Förklaring: D→C justerad efter inkommen handlingsplan; X–Y preliminärt intervall (ej bedömda kriterier); `spur explain FIL OMRÅDE` visar skälen.";
        Plan => "Handlingsplan required: {answer} ({state})",
            "Handlingsplan krävs: {answer} ({state})";
        Yes => "yes",
            "ja";
        No => "no",
            "nej";
        Received => "received {date}",
            "inkommen {date}";
        NotReceived => "not received",
            "ej inkommen";
    }
}

/// The grade cell: `A`, `D→C`, `B–D (preliminär)`, `C (beräknad D)` (override) or
/// `ej bedömd`. The cells use SPUR's grade words (the report's Swedish table) in both
/// languages, like the area titles: they are content, and the English table's tests rely on them.
pub fn cell(r: &RegulationResult) -> String {
    let (m, w) = (Messages::for_lang(Lang::Sv), Lang::Sv);
    let Some(final_grade) = r.final_grade else {
        return m.not_graded.into();
    };
    if let Some([best, worst]) = r.range {
        return format!("{best}–{worst} ({})", Says::Provisional.template(w));
    }
    match r.computed {
        Some(c) if r.adjusted => format!("{c}→{final_grade}"),
        Some(c) if r.overridden && c != final_grade => format!(
            "{final_grade} ({})",
            Says::Computed.say(w, &[("grade", &c.to_string())])
        ),
        None if r.overridden => format!("{final_grade} ({})", Says::Set.template(w)),
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

/// Render the grading as a plain-text table with the labels in `lang`. The areas keep their
/// SPUR titles (Swedish) in both languages: they are the names inspectors and units use.
pub fn table(grading: &Grading, catalog: &Catalog, style: Style, lang: Lang) -> String {
    let (m, w) = (Messages::for_lang(lang), lang);
    let title_of = |a: &spur_core::Area| a.sv.clone();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        style.bold(&Says::Title.say(
            w,
            &[
                ("unit", &terminal(&grading.unit)),
                ("catalog", &terminal(&catalog.describe())),
                ("tolerance", &grading.settings.tolerance.to_string()),
            ]
        ))
    );
    let title_width = catalog
        .areas
        .iter()
        .map(|a| title_of(a).chars().count() + 3)
        .max()
        .unwrap_or(20)
        .min(60);
    let col = 22;
    let mut head = format!("{:<title_width$}", m.area);
    for reg in &grading.regulations {
        let _ = write!(head, "  {:<col$}", reg.designation());
    }
    let _ = writeln!(s, "{}", style.bold(head.trim_end()));
    for area in &grading.areas {
        let a = catalog.area(area.area);
        let mut title: String = format!("{} {}", a.id, terminal(&title_of(a)));
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
    let answer = if grading.handlingsplan_required {
        Says::Yes.template(w)
    } else {
        Says::No.template(w)
    };
    let state = grading.handlingsplan_received.map_or_else(
        || Says::NotReceived.template(w).to_string(),
        |d| Says::Received.say(w, &[("date", &d.to_string())]),
    );
    let _ = writeln!(
        s,
        "{}",
        Says::Plan.say(w, &[("answer", answer), ("state", &state)])
    );
    let required: Vec<String> = grading
        .plan_items
        .iter()
        .filter(|i| i.relevance == spur_core::PlanRelevance::Required)
        .map(|i| {
            if i.answered {
                i.criterion.to_string()
            } else {
                format!("{} ({})", i.criterion, Says::Unanswered.template(w))
            }
        })
        .collect();
    if !required.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            Says::RequiredItems.template(w),
            required.join(", ")
        );
    }
    let recommended: Vec<String> = grading
        .plan_items
        .iter()
        .filter(|i| i.relevance == spur_core::PlanRelevance::Recommended)
        .map(|i| i.criterion.to_string())
        .collect();
    if !recommended.is_empty() {
        let _ = writeln!(
            s,
            "{}: {}",
            Says::RecommendedItems.template(w),
            recommended.join(", ")
        );
    }
    let _ = writeln!(s, "{}", Says::Legend.template(w));
    s
}
