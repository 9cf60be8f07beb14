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
use spur_core::messages::{Msg, Text};
use spur_core::{
    AreaId, Catalog, CriterionId, Format, Handlingsplan, InspectionDocument, Lang, Phrase,
    PlanEntry, PlanField, PlanRelevance, PlanStatus, PlanValue, Regulation,
    dates::parse_human_date, parse_date,
};
use spur_grading::{Grading, RegulationResult, Settings, grade};

mod cells;
mod convert;
mod docx;
pub mod limits;
pub mod read;
mod xlsx;

use convert::{Answer, convert, show_list};
pub use limits::Problems;
pub use read::{Field, RawValue};

/// Everything that stops an import. Its `Display` is English; [`Error::render`] says it in
/// either language.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The unit's file cannot be read at all.
    #[error("cannot read the filled {format} file: {message}")]
    Unreadable {
        /// DOCX, CSV, …
        format: &'static str,
        /// Why, in English (or in the language of the last [`Error::localize`]).
        message: String,
        /// The phrase `message` was made from, to say it in another language.
        words: Phrase,
    },
    /// The inspection document has errors.
    #[error("{0}")]
    Inspection(spur_core::Diagnostics),
    /// The unit's file has errors; nothing was merged.
    #[error("{}", render_problems(.0, Lang::En))]
    Problems(Vec<Problem>),
    /// The merged document does not read back (a bug).
    #[error("the merged document does not read back: {0}")]
    Output(String),
}

impl Error {
    /// The unit's `format` file cannot be read, because of `why`.
    pub(crate) fn unreadable(format: &'static str, why: impl Into<Phrase>) -> Error {
        let words = why.into();
        Error::Unreadable {
            format,
            message: words.render(Lang::En),
            words,
        }
    }

    /// The error in `lang`: the words of the importer and of the inspection document's
    /// diagnostics follow the language; what a parser or the unit's file said stays as it was.
    ///
    /// ```
    /// use spur_core::{Catalog, Format, Lang};
    /// use spur_import::{FilledFormat, Options, import};
    /// let inspection = "[inspection]\nunit = \"U\"\nvisit_date = 2026-02-10\nregulations = [\"2021\"]\n";
    /// let e = import(inspection, Format::Toml, b"\xff", FilledFormat::Csv, Catalog::embedded(), &Options::default())
    ///     .unwrap_err();
    /// assert_eq!(e.render(Lang::En), "cannot read the filled CSV file: not UTF-8 (byte 0): save it as \"CSV UTF-8\"");
    /// assert_eq!(e.render(Lang::Sv), "kan inte läsa den ifyllda CSV-filen: inte UTF-8 (byte 0): spara den som \"CSV UTF-8\"");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Unreadable { format, words, .. } => Text::new(Msg::ImportCannotRead)
                .val("format", format)
                .arg("why", words.clone())
                .render(lang),
            Error::Inspection(d) => {
                let mut d = d.clone();
                d.localize(lang);
                d.to_string()
            }
            Error::Problems(p) => render_problems(p, lang),
            Error::Output(_) => self.to_string(),
        }
    }

    /// Put the error's problems and messages in `lang` (see [`Problem::localize`]).
    pub fn localize(&mut self, lang: Lang) {
        match self {
            Error::Unreadable { message, words, .. } => *message = words.render(lang),
            Error::Inspection(d) => d.localize(lang),
            Error::Problems(p) => p.iter_mut().for_each(|p| p.localize(lang)),
            Error::Output(_) => {}
        }
    }
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
            _ => Err(Text::new(Msg::ImportUnknownFormat)
                .val("format", s)
                .render(Lang::En)),
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

/// A problem in the unit's file, located there. Its location and message are English when
/// made; [`Problem::localize`] puts them in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the unit's file: `table 2 (D.F6), row "Datum för uppföljning"`, `row 3, column G
    /// (Datum …)`, `line 12, column 7`, `/handlingsplan/entries/0/due`.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// The phrases of `location` and `message` (not serialised).
    #[serde(skip)]
    words: [Phrase; 2],
}

impl Problem {
    fn new(severity: Severity, location: impl Into<Phrase>, message: impl Into<Phrase>) -> Problem {
        let words = [location.into(), message.into()];
        Problem {
            severity,
            location: words[0].render(Lang::En),
            message: words[1].render(Lang::En),
            words,
        }
    }
    pub(crate) fn error(location: impl Into<Phrase>, message: impl Into<Phrase>) -> Problem {
        Problem::new(Severity::Error, location, message)
    }
    pub(crate) fn warning(location: impl Into<Phrase>, message: impl Into<Phrase>) -> Problem {
        Problem::new(Severity::Warning, location, message)
    }
    /// The phrase of the message, when it came from the message table: what kind of problem it
    /// is, whatever the language.
    pub fn phrase(&self) -> Option<Msg> {
        match &self.words[1] {
            Phrase::Text(t) => Some(t.msg()),
            Phrase::Plain(_) => None,
        }
    }
    /// Put the location and message in `lang` (the words of the importer; what the unit wrote,
    /// ids and a parser's own text stay as they are). Severity never changes.
    ///
    /// ```
    /// use spur_core::{Catalog, Format, Lang};
    /// use spur_import::{Error, FilledFormat, Options, import};
    /// let inspection = "[inspection]\nunit = \"U\"\nvisit_date = 2026-02-10\nregulations = [\"2021\"]\n";
    /// let filled = "[handlingsplan]\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\ndue = \"snart\"\n";
    /// let e = import(inspection, Format::Toml, filled.as_bytes(), FilledFormat::Toml,
    ///     Catalog::embedded(), &Options::default()).unwrap_err();
    /// let Error::Problems(p) = e else { panic!("{e}") };
    /// let sv = p[0].clone().localized(Lang::Sv);
    /// assert_eq!(sv.location, "post 1 (rad 2, kolumn 1), `due` (rad 4, kolumn 7)");
    /// assert!(sv.message.starts_with("`snart` är inte ett datum: skriv datum som ÅÅÅÅ-MM-DD"));
    /// assert_eq!(sv.localized(Lang::En), p[0]);
    /// ```
    pub fn localize(&mut self, lang: Lang) {
        self.location = self.words[0].render(lang);
        self.message = self.words[1].render(lang);
    }
    /// [`Problem::localize`], by value.
    pub fn localized(mut self, lang: Lang) -> Problem {
        self.localize(lang);
        self
    }
    /// The problem as one line in `lang`: `fel: rad 3, kolumn G (…): …`.
    pub fn render(&self, lang: Lang) -> String {
        let sev = match self.severity {
            Severity::Error => Msg::Error,
            Severity::Warning => Msg::Warning,
        };
        format!(
            "{}: {}: {}",
            sev.template(lang),
            self.words[0].render(lang),
            self.words[1].render(lang)
        )
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

fn render_problems(problems: &[Problem], lang: Lang) -> String {
    let mut s = String::new();
    for p in problems {
        let _ = writeln!(s, "{}", p.render(lang));
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    s.push_str(
        &Text::new(Msg::ImportNothingMerged)
            .val("errors", errors)
            .val("warnings", problems.len() - errors)
            .render(lang),
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
    /// Where the unit wrote it (English; [`summary_in`] says it in either language).
    pub location: String,
    /// Whether the unit's value was taken (`--force`).
    pub taken: bool,
    /// The phrase of `location` (not serialised).
    #[serde(skip)]
    at: Phrase,
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
            Text::new(Msg::ImportReceivedToday).val("today", today),
        ));
    }
    if answers.entries.is_empty() {
        // Nothing answered: the plan has not come in.
    } else if let Some(existing) = plan.received
        && existing != received
        && (options.received.is_some() || answers.received.is_some())
    {
        let at = answers
            .received_location
            .clone()
            .unwrap_or_else(|| "--received".into());
        conflicts.push(Conflict {
            criterion: answers
                .entries
                .first()
                .map_or_else(|| "A.F1".parse().expect("valid id"), |a| a.entry.criterion),
            field: "received",
            inspection: existing.to_string(),
            unit: received.to_string(),
            location: at.render(Lang::En),
            taken: options.force,
            at,
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
            .map_or_else(|| Phrase::Plain(String::new()), |(_, l)| l.clone())
    };
    let mut changed = false;
    let mut conflict = |field: Field, inspection: String, unit: String| {
        let at = loc(field);
        conflicts.push(Conflict {
            criterion: id,
            field: field.key(),
            inspection,
            unit,
            location: at.render(Lang::En),
            taken: force,
            at,
        });
    };
    for f in PlanField::all() {
        let theirs = f.value(&answer.entry);
        if !theirs.is_filled() {
            continue;
        }
        let ours = f.value(existing);
        if !ours.is_filled() {
            f.copy(&answer.entry, existing);
            changed = true;
        } else if ours != theirs {
            conflict(Field::Plan(f), shown(ours), shown(theirs));
            if force {
                f.copy(&answer.entry, existing);
                changed = true;
            }
        }
    }
    macro_rules! field {
        ($f:ident, $field:expr, $show:expr, $empty:expr) => {{
            let theirs = answer.entry.$f.clone();
            if !$empty(&theirs) {
                if $empty(&existing.$f) {
                    existing.$f = theirs;
                    changed = true;
                } else if existing.$f != theirs {
                    conflict($field, $show(&existing.$f), $show(&theirs));
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
    field!(status, Field::Status, show_status, empty_status);
    field!(completed, Field::Completed, show_date, empty_date);
    field!(note, Field::Note, show_opt, empty_opt);
    changed
}

/// A plan field's value as a conflict shows it: the text, the date, the names joined by `, `.
fn shown(value: PlanValue<'_>) -> String {
    match value {
        PlanValue::Names(n) => show_list(n),
        other => other.to_string(),
    }
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
        for f in PlanField::all() {
            match f.value(e) {
                PlanValue::Text(Some(t)) => {
                    let _ = writeln!(s, "{f} = {}", toml_string(t));
                }
                PlanValue::Date(Some(d)) => {
                    let _ = writeln!(s, "{f} = {d}");
                }
                PlanValue::Names(n) => {
                    let _ = writeln!(s, "{f} = {}", toml_list(n));
                }
                PlanValue::Text(None) | PlanValue::Date(None) => {}
            }
        }
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

/// A short human summary in English: merged entries, conflicts, problems and the regrade.
pub fn summary(outcome: &Outcome) -> String {
    summary_in(outcome, Lang::En)
}

/// A short human summary in `lang`: merged entries, conflicts, problems and the regrade.
pub fn summary_in(outcome: &Outcome, lang: Lang) -> String {
    let mut s = String::new();
    for p in &outcome.problems {
        let _ = writeln!(s, "{}", p.render(lang));
    }
    for c in &outcome.conflicts {
        let what = if c.taken {
            Msg::ImportTookUnits
        } else {
            Msg::ImportKeptInspections
        };
        let line = Text::new(Msg::ImportConflict)
            .val("id", c.criterion)
            .val("field", c.field)
            .val("inspection", &c.inspection)
            .val("unit", &c.unit)
            .arg("location", c.at.clone())
            .arg("outcome", what);
        let _ = writeln!(s, "{}", line.render(lang));
    }
    let ids: Vec<String> = outcome.merged.iter().map(ToString::to_string).collect();
    let merged = match ids.len() {
        0 => Text::new(Msg::ImportMergedNone),
        1 => Text::new(Msg::ImportMergedOne),
        n => Text::new(Msg::ImportMergedMany).val("count", n),
    }
    .val("ids", ids.join(", "));
    let _ = writeln!(s, "{}", merged.render(lang));
    if let Some(p) = &outcome.document.handlingsplan
        && let Some(r) = p.received
    {
        let line = Text::new(Msg::ImportPlanReceived).val("date", r);
        let _ = writeln!(s, "{}", line.render(lang));
    }
    if outcome.changes.is_empty() {
        let _ = writeln!(s, "{}", Msg::ImportNoGradeChanged.template(lang));
    } else {
        let _ = writeln!(s, "{}", Msg::ImportRegrade.template(lang));
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
