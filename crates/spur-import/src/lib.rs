//! # spur-import
//!
//! Reads the handlingsplan a unit filled in — the template `spur handlingsplan` wrote, as DOCX,
//! CSV, XLSX, TOML or JSON — back into the inspection document's `[handlingsplan]`, and grades
//! again (a complete plan adjusts D to C).
//!
//! - every problem is located in the unit's file: a DOCX by table and row label, a CSV or XLSX
//!   by row and column, TOML by line, JSON by pointer;
//! - nothing the inspection already holds is dropped: a field the unit left empty keeps the
//!   inspection's value, and a field both filled differently is a [`Conflict`] (kept as the
//!   inspection has it unless [`Options::force`]);
//! - the output keeps the inspection document as it was written (TOML comments and order
//!   included) and replaces only its `[handlingsplan]`.
//!
//! ```
//! use spur_core::{Catalog, Format, InspectionDocument};
//! use spur_import::{FilledFormat, Options, import};
//!
//! let inspection = r#"
//! [inspection]
//! unit = "Vårdcentralen Minimal"
//! visit_date = 2026-02-10
//! regulations = ["HSLF-FS 2021:8"]
//! [findings]
//! "D.F6" = { status = "not_met", note = "IUP saknas" }
//! "#;
//! let filled = "Område;Kriterium;Kriterietext;Typ (krav/rekommendation);Anteckning;Planerad åtgärd;Datum när åtgärden ska vara genomförd;Ansvarig för genomförandet;Datum för uppföljning;Ansvarig för uppföljningen\r\n\
//!  D;D.F6;;krav;;IUP för alla;2026-04-01;Studierektor;2026-09-01;Verksamhetschef\r\n";
//! let opts = Options { received: chrono::NaiveDate::from_ymd_opt(2026, 3, 1), ..Options::default() };
//! let out = import(inspection, Format::Toml, filled.as_bytes(), FilledFormat::Csv, Catalog::embedded(), &opts).unwrap();
//! assert!(out.changes.iter().any(|c| c.area == spur_core::AreaId::D && c.after == "D→C"));
//! assert!(out.output.contains("received = 2026-03-01"));
//! ```
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use spur_core::{
    AreaId, Catalog, CriterionId, Format, Handlingsplan, InspectionDocument, PlanEntry,
    PlanRelevance, PlanStatus, Regulation, dates::parse_human_date, parse_date,
};
use spur_grading::{Grading, RegulationResult, Settings, grade};

mod convert;
mod docx;
pub mod limits;
pub mod read;
mod xlsx;

use convert::{Answer, convert, show_list};
pub use limits::Problems;
pub use read::{Field, RawValue};

/// Everything that stops an import.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The unit's file cannot be read at all.
    #[error("cannot read the filled {format} file: {message}")]
    Unreadable {
        /// DOCX, CSV, …
        format: &'static str,
        /// Why.
        message: String,
    },
    /// The inspection document has errors.
    #[error("{0}")]
    Inspection(spur_core::Diagnostics),
    /// The unit's file has errors; nothing was merged.
    #[error("{}", render_problems(.0))]
    Problems(Vec<Problem>),
    /// The merged document does not read back (a bug).
    #[error("the merged document does not read back: {0}")]
    Output(String),
}

/// The format of the unit's filled file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FilledFormat {
    /// The DOCX template, filled in Word.
    Docx,
    /// The CSV template, filled in Excel.
    Csv,
    /// The XLSX template, filled in Excel.
    Xlsx,
    /// The TOML template (or an inspection document with its `[handlingsplan]`).
    Toml,
    /// JSON: `{"handlingsplan": …}` or the plan itself.
    Json,
}

impl FilledFormat {
    /// From a file extension.
    pub fn from_path(path: &Path) -> Option<FilledFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ext.parse().ok()
    }
    /// From content: a ZIP holding `word/` is DOCX, holding `xl/` XLSX; `{` JSON; a line with
    /// `;` and `Kriterium`/`Criterion` CSV; else TOML.
    pub fn sniff(bytes: &[u8]) -> FilledFormat {
        if bytes.starts_with(b"PK") {
            let window = &bytes[..bytes.len().min(4096)];
            if window.windows(3).any(|w| w == b"xl/") {
                return FilledFormat::Xlsx;
            }
            return FilledFormat::Docx;
        }
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('{') {
            return FilledFormat::Json;
        }
        let first = text.lines().next().unwrap_or("");
        if !first.starts_with('#')
            && !first.starts_with('[')
            && (first.contains("Kriterium") || first.contains("Criterion"))
        {
            return FilledFormat::Csv;
        }
        FilledFormat::Toml
    }
    /// The name in messages.
    pub fn name(self) -> &'static str {
        match self {
            FilledFormat::Docx => "DOCX",
            FilledFormat::Csv => "CSV",
            FilledFormat::Xlsx => "XLSX",
            FilledFormat::Toml => "TOML",
            FilledFormat::Json => "JSON",
        }
    }
}

impl std::str::FromStr for FilledFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" => Ok(FilledFormat::Docx),
            "csv" => Ok(FilledFormat::Csv),
            "xlsx" => Ok(FilledFormat::Xlsx),
            "toml" => Ok(FilledFormat::Toml),
            "json" => Ok(FilledFormat::Json),
            _ => Err(format!(
                "unknown filled-template format `{s}`: use docx, csv, xlsx, toml or json"
            )),
        }
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is merged while there is one.
    Error,
    /// Merged; the inspector should look.
    Warning,
}

/// A problem in the unit's file, located there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the unit's file: `table 2 (D.F6), row "Datum för uppföljning"`, `row 3, column G
    /// (Datum …)`, `line 12, column 7`, `/handlingsplan/entries/0/due`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    fn error(location: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            location: location.into(),
            message: message.into(),
        }
    }
    fn warning(location: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            location: location.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}: {}", self.location, self.message)
    }
}

fn render_problems(problems: &[Problem]) -> String {
    let mut s = String::new();
    for p in problems {
        let _ = writeln!(s, "{p}");
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let _ = write!(
        s,
        "{errors} error(s), {} warning(s); nothing was merged",
        problems.len() - errors
    );
    s
}

/// A field the inspection and the unit both filled, differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The entry.
    pub criterion: CriterionId,
    /// The field (`due`, `received`, …).
    pub field: &'static str,
    /// What the inspection holds.
    pub inspection: String,
    /// What the unit wrote.
    pub unit: String,
    /// Where the unit wrote it.
    pub location: String,
    /// Whether the unit's value was taken (`--force`).
    pub taken: bool,
}

/// A grade that changed with the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The area.
    pub area: AreaId,
    /// The regulation.
    pub regulation: Regulation,
    /// The grade before (`D`, `D→C`, `B–D`, `–`).
    pub before: String,
    /// The grade after.
    pub after: String,
}

/// Import options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The date the plan was received; `None` keeps the inspection's, or today.
    pub received: Option<NaiveDate>,
    /// Take the unit's value where it conflicts with the inspection's.
    pub force: bool,
    /// Grading settings.
    pub settings: Settings,
}

/// The result of an import.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The merged inspection document, in the inspection's format (TOML keeps its comments).
    pub output: String,
    /// The merged document.
    pub document: InspectionDocument,
    /// Warnings found in the unit's file.
    pub problems: Vec<Problem>,
    /// Fields both filled differently.
    pub conflicts: Vec<Conflict>,
    /// Entries added or changed, by criterion.
    pub merged: Vec<CriterionId>,
    /// Grades that changed.
    pub changes: Vec<Change>,
    /// The grading after the import.
    #[serde(skip)]
    pub grading: Grading,
}

/// [`import`] with the catalog the inspection document chooses from `library`: the embedded
/// (or pinned) catalog composed with the indicator set of the document's `specialty`, so a
/// unit of a specialty whose set came from `--catalog-dir` imports with its `K` criteria.
///
/// # Errors
///
/// As [`import`].
pub fn import_in(
    source: &str,
    format: Format,
    filled: &[u8],
    filled_format: FilledFormat,
    library: &spur_core::CatalogLibrary,
    options: &Options,
) -> Result<Outcome, Error> {
    let chosen = InspectionDocument::check_in(
        source,
        "inspection",
        format,
        library,
        spur_core::Warnings::Include,
    )
    .catalog;
    import(source, format, filled, filled_format, &chosen, options)
}

/// Import the unit's filled file into the inspection document.
///
/// `source` is the inspection document's text in `format`; `filled` is the unit's file. Errors
/// when either cannot be read or the unit's file has errors (every one listed, located).
///
/// # Errors
///
/// [`Error::Inspection`] when the inspection document has errors; [`Error::Unreadable`] when
/// the unit's file cannot be read as `filled_format`; [`Error::Problems`] with every problem
/// (located in the unit's file) when it has errors; [`Error::Output`] when the merged document
/// cannot be written.
pub fn import(
    source: &str,
    format: Format,
    filled: &[u8],
    filled_format: FilledFormat,
    catalog: &Catalog,
    options: &Options,
) -> Result<Outcome, Error> {
    let checked = InspectionDocument::check(source, "inspection", format, catalog);
    let (doc, _) = checked.into_result().map_err(|e| match e {
        spur_core::Error::Invalid(d) => Error::Inspection(d),
        other => Error::Output(other.to_string()),
    })?;
    let before = grade(&doc, catalog, &options.settings);

    let mut problems = Problems::new();
    let raw = read::read(filled, filled_format, &mut problems)?;
    let answers = convert(&raw, filled_format, &doc, &before, catalog, &mut problems);
    if problems.has_errors() {
        return Err(Error::Problems(problems.into_vec()));
    }
    let mut problems = problems.into_vec();

    let mut merged_doc = doc.clone();
    let mut conflicts = Vec::new();
    let mut merged = Vec::new();
    let plan = merged_doc
        .handlingsplan
        .get_or_insert_with(Handlingsplan::default);
    let today = chrono::Local::now().date_naive();
    let received = options
        .received
        .or(answers.received)
        .or(plan.received)
        .unwrap_or(today);
    if options.received.is_none()
        && answers.received.is_none()
        && plan.received.is_none()
        && !answers.entries.is_empty()
    {
        // Not silently: the received date decides D→C and the plan's deadlines.
        problems.push(Problem::warning(
            "received",
            format!(
                "the date the plan came in is given nowhere (the unit's file, the inspection, the import): it is recorded as received today, {today}; give the real date with --received YYYY-MM-DD (the API: `received`)"
            ),
        ));
    }
    if answers.entries.is_empty() {
        // Nothing answered: the plan has not come in.
    } else if let Some(existing) = plan.received
        && existing != received
        && (options.received.is_some() || answers.received.is_some())
    {
        conflicts.push(Conflict {
            criterion: answers
                .entries
                .first()
                .map_or_else(|| "A.F1".parse().expect("valid id"), |a| a.entry.criterion),
            field: "received",
            inspection: existing.to_string(),
            unit: received.to_string(),
            location: answers
                .received_location
                .clone()
                .unwrap_or_else(|| "--received".into()),
            taken: options.force,
        });
        if options.force {
            plan.received = Some(received);
        }
    } else {
        plan.received = Some(received);
    }
    for answer in answers.entries {
        let id = answer.entry.criterion;
        match plan.entries.iter_mut().find(|e| e.criterion == id) {
            None => {
                plan.entries.push(answer.entry);
                merged.push(id);
            }
            Some(existing) => {
                let changed = merge_entry(existing, &answer, options.force, &mut conflicts);
                if changed {
                    merged.push(id);
                }
            }
        }
    }
    // Template order: by area, then kind letter and number.
    plan.entries.sort_by_key(|e| e.criterion);

    let output = match format {
        Format::Json => {
            let mut s = merged_doc.to_json();
            s.push('\n');
            s
        }
        Format::Toml => splice_toml(source, merged_doc.handlingsplan.as_ref())?,
    };
    // The output must read back as the document we built.
    let document = InspectionDocument::check(&output, "merged", format, catalog)
        .into_result()
        .map_err(|e| Error::Output(e.to_string()))?
        .0;
    let after = grade(&document, catalog, &options.settings);
    let changes = changes(&before, &after);
    Ok(Outcome {
        output,
        document,
        problems,
        conflicts,
        merged,
        changes,
        grading: after,
    })
}

/// Merge `answer` into `existing`; true when anything changed.
fn merge_entry(
    existing: &mut PlanEntry,
    answer: &Answer,
    force: bool,
    conflicts: &mut Vec<Conflict>,
) -> bool {
    let id = existing.criterion;
    let loc = |f: Field| {
        answer
            .locations
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let mut changed = false;
    macro_rules! field {
        ($f:ident, $field:expr, $show:expr, $empty:expr) => {{
            let theirs = answer.entry.$f.clone();
            if !$empty(&theirs) {
                if $empty(&existing.$f) {
                    existing.$f = theirs;
                    changed = true;
                } else if existing.$f != theirs {
                    conflicts.push(Conflict {
                        criterion: id,
                        field: $field.key(),
                        inspection: $show(&existing.$f),
                        unit: $show(&theirs),
                        location: loc($field),
                        taken: force,
                    });
                    if force {
                        existing.$f = theirs;
                        changed = true;
                    }
                }
            }
        }};
    }
    let show_opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let show_date = |v: &Option<NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let show_status = |v: &Option<PlanStatus>| v.map(|s| s.to_string()).unwrap_or_default();
    let empty_opt = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let empty_date = |v: &Option<NaiveDate>| v.is_none();
    let empty_status = |v: &Option<PlanStatus>| v.is_none();
    let empty_list = |v: &Vec<String>| v.is_empty();
    field!(action, Field::Action, show_opt, empty_opt);
    field!(due, Field::Due, show_date, empty_date);
    field!(
        responsible,
        Field::Responsible,
        |v: &Vec<String>| show_list(v),
        empty_list
    );
    field!(follow_up, Field::FollowUp, show_date, empty_date);
    field!(
        follow_up_responsible,
        Field::FollowUpResponsible,
        |v: &Vec<String>| show_list(v),
        empty_list
    );
    field!(status, Field::Status, show_status, empty_status);
    field!(completed, Field::Completed, show_date, empty_date);
    field!(note, Field::Note, show_opt, empty_opt);
    changed
}

/// The grade of one area under one regulation as the table prints it.
pub fn grade_label(r: &RegulationResult) -> String {
    match (r.final_grade, r.computed, r.range) {
        (_, _, Some([lo, hi])) if r.provisional => format!("{lo}–{hi}"),
        (Some(f), Some(c), _) if r.adjusted && f != c => format!("{c}→{f}"),
        (Some(f), _, _) => f.to_string(),
        _ => "–".into(),
    }
}

fn changes(before: &Grading, after: &Grading) -> Vec<Change> {
    let mut out = Vec::new();
    for a in &after.areas {
        for r in &a.results {
            let Some(b) = before.result(a.area, r.regulation) else {
                continue;
            };
            let (lb, la) = (grade_label(b), grade_label(r));
            if lb != la {
                out.push(Change {
                    area: a.area,
                    regulation: r.regulation,
                    before: lb,
                    after: la,
                });
            }
        }
    }
    out
}

fn toml_string(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn toml_list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The `[handlingsplan]` of `plan` as TOML.
pub fn handlingsplan_toml(plan: &Handlingsplan) -> String {
    let mut s = String::from("[handlingsplan]\n");
    if let Some(r) = plan.received {
        let _ = writeln!(s, "received = {r}");
    }
    for e in &plan.entries {
        s.push_str("\n[[handlingsplan.entries]]\n");
        let _ = writeln!(s, "criterion = \"{}\"", e.criterion);
        if let Some(a) = &e.action {
            let _ = writeln!(s, "action = {}", toml_string(a));
        }
        if let Some(d) = e.due {
            let _ = writeln!(s, "due = {d}");
        }
        let _ = writeln!(s, "responsible = {}", toml_list(&e.responsible));
        if let Some(d) = e.follow_up {
            let _ = writeln!(s, "follow_up = {d}");
        }
        let _ = writeln!(
            s,
            "follow_up_responsible = {}",
            toml_list(&e.follow_up_responsible)
        );
        if let Some(st) = e.status {
            let _ = writeln!(s, "status = \"{st}\"");
        }
        if let Some(d) = e.completed {
            let _ = writeln!(s, "completed = {d}");
        }
        if let Some(n) = &e.note {
            let _ = writeln!(s, "note = {}", toml_string(n));
        }
    }
    s
}

/// `source` with its `[handlingsplan]` replaced by `plan` (everything else kept as written).
fn splice_toml(source: &str, plan: Option<&Handlingsplan>) -> Result<String, Error> {
    let mut doc: toml_edit::DocumentMut = source
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::Output(e.to_string()))?;
    doc.remove("handlingsplan");
    let mut out = doc.to_string();
    if let Some(plan) = plan {
        while out.ends_with("\n\n") {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&handlingsplan_toml(plan));
    }
    Ok(out)
}

/// A short human summary: merged entries, conflicts, problems and the regrade.
pub fn summary(outcome: &Outcome) -> String {
    let mut s = String::new();
    for p in &outcome.problems {
        let _ = writeln!(s, "{p}");
    }
    for c in &outcome.conflicts {
        let _ = writeln!(
            s,
            "conflict: {} `{}`: the inspection has \"{}\", the unit wrote \"{}\" ({}); {}",
            c.criterion,
            c.field,
            c.inspection,
            c.unit,
            c.location,
            if c.taken {
                "took the unit's (--force)"
            } else {
                "kept the inspection's (--force takes the unit's)"
            }
        );
    }
    let ids: Vec<String> = outcome.merged.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        s,
        "merged {} entr{}{}",
        ids.len(),
        if ids.len() == 1 { "y" } else { "ies" },
        if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        }
    );
    if let Some(p) = &outcome.document.handlingsplan
        && let Some(r) = p.received
    {
        let _ = writeln!(s, "handlingsplan received {r}");
    }
    if outcome.changes.is_empty() {
        let _ = writeln!(s, "regrade: no grade changed");
    } else {
        let _ = writeln!(s, "regrade:");
        for c in &outcome.changes {
            let _ = writeln!(
                s,
                "  {} {}: {} -> {}",
                c.area,
                c.regulation.designation(),
                c.before,
                c.after
            );
        }
    }
    s
}
