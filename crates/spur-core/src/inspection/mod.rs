//! The inspection document: what an inspector writes about one unit (TOML, or JSON with the same
//! model), how it is read (every problem at once, with file, line and column), and validated
//! against the catalog.
//!
//! ```
//! use spur_core::{Catalog, InspectionDocument, Format, Status, Regulation};
//! let src = r#"
//! [inspection]
//! unit = "Vårdcentralen Exempel"
//! visit_date = 2025-10-14
//! regulations = ["SOSFS 2015:8", "hslf-fs-2021-8"]
//!
//! [findings]
//! "D.F6" = { status = "not_met", note = "IUP ofullständigt ifyllda" }
//! "E.F1" = "met"
//! "#;
//! let checked = InspectionDocument::check(src, "example.toml", Format::Toml, Catalog::embedded());
//! assert!(!checked.diagnostics.has_errors());
//! let doc = checked.document.unwrap();
//! let d_f6 = "D.F6".parse().unwrap();
//! assert_eq!(doc.status(d_f6, Regulation::HslfFs2021_8), Status::NotMet);
//! ```

mod mapping;
mod plan_field;
mod read;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use plan_field::{PlanField, PlanFieldKind, PlanSlot, PlanValue};

use crate::Error;
use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{AreaId, CriterionId, Grade, PlanStatus, Regulation, ReportStatus, Status};
pub use crate::read::Checked;
use crate::read::{Reader, Span};

/// The whole document an inspector writes for one SPUR inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "SPUR inspection document")]
#[non_exhaustive]
pub struct InspectionDocument {
    /// Who was inspected, when, and under which regulations.
    pub inspection: Inspection,
    /// Styrkor, svagheter and förbättringspotential.
    #[serde(default)]
    pub report: ReportText,
    /// Per-area text, keyed by area letter.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub areas: BTreeMap<AreaId, AreaText>,
    /// Findings keyed by criterion id. A criterion without a finding counts as `not_assessed`.
    #[serde(default)]
    pub findings: BTreeMap<CriterionId, Finding>,
    /// Deliberate grades set by the inspector, keyed by area letter.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<AreaId, Override>,
    /// The unit's handlingsplan (action plan), once it has been written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handlingsplan: Option<Handlingsplan>,
}

/// The `[inspection]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Inspection {
    /// Name of the inspected unit (required).
    pub unit: String,
    /// Region (vårdgivare).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Specialty, e.g. `Allmänmedicin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// Date of the visit (required), `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub visit_date: NaiveDate,
    /// The inspectors' names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspectors: Vec<String>,
    /// Catalog version; absent means the embedded catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// The regulations the unit's ST-läkare train under (required, one or both).
    pub regulations: Vec<Regulation>,
}

impl InspectionDocument {
    /// A document with only its `[inspection]` header: no report text, findings, overrides or
    /// handlingsplan. Add to it with the `with_…` methods or through its public fields.
    ///
    /// Building a document in code:
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spur_core::{AreaId, Catalog, Grade, Inspection, InspectionDocument, Regulation, Status};
    ///
    /// let visit = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    /// let doc = InspectionDocument::new(Inspection::new("Vårdcentralen Exempel", visit, [Regulation::HslfFs2021_8]))
    ///     .with_finding("D.F6".parse().unwrap(), Status::NotMet)
    ///     .with_finding("E.F1".parse().unwrap(), Status::Met)
    ///     .with_override(AreaId::H, Grade::B, "Nytt introduktionsprogram sedan besöket");
    /// assert!(!doc.validate(Catalog::embedded()).has_errors());
    /// assert_eq!(doc.status("D.F6".parse().unwrap(), Regulation::HslfFs2021_8), Status::NotMet);
    /// // The same document as the JSON regional systems send (and TOML reads back the same).
    /// let again = InspectionDocument::from_json_str(&doc.to_json()).unwrap();
    /// assert_eq!(again, doc);
    /// ```
    pub fn new(inspection: Inspection) -> InspectionDocument {
        InspectionDocument {
            inspection,
            report: ReportText::default(),
            areas: BTreeMap::new(),
            findings: BTreeMap::new(),
            overrides: BTreeMap::new(),
            handlingsplan: None,
        }
    }

    /// This document with `status` for `criterion` under every regulation (replacing any
    /// finding it had).
    #[must_use]
    pub fn with_finding(mut self, criterion: CriterionId, status: Status) -> InspectionDocument {
        self.findings.insert(criterion, Finding::new(status));
        self
    }

    /// This document with the inspector's deliberate `grade` for `area` under every regulation.
    #[must_use]
    pub fn with_override(
        mut self,
        area: AreaId,
        grade: Grade,
        reason: impl Into<String>,
    ) -> InspectionDocument {
        self.overrides.insert(area, Override::new(grade, reason));
        self
    }

    /// This document with `plan` as its handlingsplan.
    #[must_use]
    pub fn with_handlingsplan(mut self, plan: Handlingsplan) -> InspectionDocument {
        self.handlingsplan = Some(plan);
        self
    }
}

impl Inspection {
    /// The header of an inspection of `unit` on `visit_date` under `regulations` (the required
    /// fields); region, specialty, inspectors and catalog version are left out.
    pub fn new(
        unit: impl Into<String>,
        visit_date: NaiveDate,
        regulations: impl IntoIterator<Item = Regulation>,
    ) -> Inspection {
        Inspection {
            unit: unit.into(),
            region: None,
            specialty: None,
            visit_date,
            inspectors: Vec::new(),
            catalog: None,
            regulations: regulations.into_iter().collect(),
        }
    }
}

/// The `[report]` table: where the report is in its life, and its text (lists of paragraphs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct ReportText {
    /// `draft` (the default), `preliminary` or `final`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReportStatus>,
    /// The report's date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The report's version, e.g. `"1.0"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Styrkor.
    #[serde(default)]
    pub strengths: Vec<String>,
    /// Svagheter.
    #[serde(default)]
    pub weaknesses: Vec<String>,
    /// Förbättringspotential; numbered from 1 in the report so narratives can say "punkt 4".
    #[serde(default)]
    pub improvements: Vec<String>,
}

impl ReportText {
    /// No text at all.
    pub fn is_empty(&self) -> bool {
        self.strengths.is_empty() && self.weaknesses.is_empty() && self.improvements.is_empty()
    }
}

/// Per-area text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct AreaText {
    /// The inspector's assessment of the area; blank lines separate paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
}

impl AreaText {
    /// The inspector's `narrative` for an area.
    pub fn new(narrative: impl Into<String>) -> AreaText {
        AreaText {
            narrative: Some(narrative.into()),
        }
    }
}

/// A finding for one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Finding {
    /// One status for every regulation, or one per regulation.
    pub status: FindingStatus,
    /// What the inspector saw (pre-fills the handlingsplan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A status for all regulations, or per regulation (`{ "SOSFS 2015:8" = "met", … }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FindingStatus {
    /// Applies under every regulation where the criterion is applicable.
    Uniform(Status),
    /// Per regulation; a regulation left out counts as `not_assessed`.
    PerRegulation(BTreeMap<Regulation, Status>),
}

impl Finding {
    /// A finding with one `status` for every regulation and no note.
    pub fn new(status: Status) -> Finding {
        Finding {
            status: FindingStatus::Uniform(status),
            note: None,
        }
    }

    /// This finding with what the inspector saw (it pre-fills the handlingsplan).
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Finding {
        self.note = Some(note.into());
        self
    }

    /// The status under `regulation`.
    pub fn status(&self, regulation: Regulation) -> Status {
        match &self.status {
            FindingStatus::Uniform(s) => *s,
            FindingStatus::PerRegulation(m) => {
                m.get(&regulation).copied().unwrap_or(Status::NotAssessed)
            }
        }
    }
}

/// An inspector's deliberate grade for an area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Override {
    /// The grade, for all regulations or per regulation.
    pub grade: OverrideGrade,
    /// Why (mandatory).
    pub reason: String,
}

/// A grade for all regulations, or per regulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OverrideGrade {
    /// The same grade under every regulation.
    Uniform(Grade),
    /// Per regulation; regulations left out keep the computed grade.
    PerRegulation(BTreeMap<Regulation, Grade>),
}

impl Override {
    /// `grade` under every regulation, for `reason` (mandatory: the report prints it).
    pub fn new(grade: Grade, reason: impl Into<String>) -> Override {
        Override {
            grade: OverrideGrade::Uniform(grade),
            reason: reason.into(),
        }
    }

    /// The override grade under `regulation`, if any.
    pub fn grade(&self, regulation: Regulation) -> Option<Grade> {
        match &self.grade {
            OverrideGrade::Uniform(g) => Some(*g),
            OverrideGrade::PerRegulation(m) => m.get(&regulation).copied(),
        }
    }
}

/// The unit's handlingsplan (action plan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Handlingsplan {
    /// Date the plan was received; absent means not received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
    /// One entry per answered brist.
    #[serde(default)]
    pub entries: Vec<PlanEntry>,
}

impl Handlingsplan {
    /// A plan received on `received` with `entries`.
    pub fn new(received: Option<NaiveDate>, entries: Vec<PlanEntry>) -> Handlingsplan {
        Handlingsplan { received, entries }
    }
}

/// One entry of the handlingsplan: the five fields of the SPUR form plus follow-up state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct PlanEntry {
    /// The criterion the entry answers.
    pub criterion: CriterionId,
    /// Planerad åtgärd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Datum när åtgärden ska vara genomförd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Ansvarig för genomförandet (roles; a comma-separated string is accepted too).
    #[serde(default)]
    pub responsible: Vec<String>,
    /// Datum för uppföljning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<NaiveDate>,
    /// Ansvarig för uppföljningen (roles).
    #[serde(default)]
    pub follow_up_responsible: Vec<String>,
    /// Where the entry stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PlanStatus>,
    /// Date the action was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<NaiveDate>,
    /// Free note (e.g. from the follow-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PlanEntry {
    /// An empty entry for `criterion`, as in a template.
    pub fn blank(criterion: CriterionId) -> PlanEntry {
        PlanEntry {
            criterion,
            action: None,
            due: None,
            responsible: Vec::new(),
            follow_up: None,
            follow_up_responsible: Vec::new(),
            status: None,
            completed: None,
            note: None,
        }
    }
    /// The keys of the form's required fields ([`PlanField`]) that are still empty, in the
    /// form's order.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        PlanField::all()
            .filter(|f| f.is_required() && !f.value(self).is_filled())
            .map(PlanField::key)
            .collect()
    }
    /// Whether all five form fields are filled in.
    pub fn is_complete(&self) -> bool {
        self.missing_fields().is_empty()
    }
}

/// How strictly a document is checked: the stage of the report it must be ready for. Each
/// stage promotes to located errors what a report at that stage may not contain; below it the
/// same findings are warnings. A document whose own `[report] status` is `final` is always
/// checked at [`Strictness::Final`]; the workflow asks for more before a transition (the
/// server checks the head version at `final` before it publishes it).
///
/// ```
/// use spur_core::{CatalogLibrary, Format, InspectionDocument, Strictness, Warnings};
/// let source = "[inspection]\nunit = \"Enhetens namn\"\nvisit_date = 2026-03-10\nregulations = [\"HSLF-FS 2021:8\"]\n";
/// let library = CatalogLibrary::embedded();
/// let draft = InspectionDocument::check_in_at(source, "u.toml", Format::Toml, &library, Warnings::Include, Strictness::Draft);
/// assert!(!draft.checked.diagnostics.has_errors());
/// let final_ = InspectionDocument::check_in_at(source, "u.toml", Format::Toml, &library, Warnings::Include, Strictness::Final);
/// let unit = final_.checked.diagnostics.0.iter().find(|d| d.path == "inspection.unit").unwrap();
/// assert!(unit.is_error());
/// assert_eq!(unit.location.as_ref().map(|l| l.line), Some(2));
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Strictness {
    /// Being written: unfinished parts (unassessed criteria, placeholders) are warnings.
    #[default]
    Draft,
    /// Sent to the unit for its factual check (*faktagranskning*): no placeholder text (the
    /// unit name `spur init` writes, a `TODO`) may reach the unit.
    Preliminary,
    /// Published: everything a final report may not carry is an error (placeholders, no
    /// inspectors, unassessed criteria, empty Styrkor, Svagheter or Förbättringspotential, no
    /// area narrative).
    Final,
}

impl Strictness {
    /// The strictness a document's own `[report] status` asks for: `final` is checked as
    /// final; a draft or preliminary document as a draft (a preliminary document is checked
    /// at [`Strictness::Preliminary`] only when the caller asks for it).
    pub fn of_status(status: Option<ReportStatus>) -> Strictness {
        match status {
            Some(ReportStatus::Final) => Strictness::Final,
            _ => Strictness::Draft,
        }
    }
}

/// Whether validation reports warnings as well as errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// Errors and warnings.
    Include,
    /// Errors only.
    Skip,
}

/// Input format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (the format inspectors write by hand).
    Toml,
    /// JSON (the same model; what regional systems send).
    Json,
}

impl Format {
    /// Guess from a file name: `.json` is JSON, everything else TOML.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }
    /// Guess from content: a document whose first non-blank character is `{` is JSON.
    pub fn sniff(source: &str) -> Format {
        match source
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('{') => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// [`InspectionDocument::check_in`]'s result: the document and its problems, the catalog chosen
/// for it, and the mappings applied to its findings.
#[derive(Debug, Clone)]
pub struct CheckedIn {
    /// The document and every problem.
    pub checked: Checked,
    /// The catalog the document was validated against (grade with this one).
    pub catalog: std::sync::Arc<Catalog>,
    /// Each mapping from an older catalog version applied to the document.
    pub mappings: Vec<crate::library::AppliedMapping>,
}

impl InspectionDocument {
    /// Read and validate a document against `catalog`, collecting every problem.
    /// Never panics, whatever the input.
    pub fn check(source: &str, file: &str, format: Format, catalog: &Catalog) -> Checked {
        Self::check_with(source, file, format, catalog, Warnings::Include)
    }

    /// [`InspectionDocument::check`], optionally skipping the warnings (unassessed criteria):
    /// bulk readers such as a regional overview only need the errors, and building ~75 located
    /// warnings per document is most of the validation time.
    pub fn check_with(
        source: &str,
        file: &str,
        format: Format,
        catalog: &Catalog,
        warnings: Warnings,
    ) -> Checked {
        let mut reader = Reader::new(file, source);
        let read = read::read(&mut reader, format);
        let mut listing = reader.take_listing();
        let document = read.map(|(doc, spans)| {
            let locate = |span: Option<Span>| span.map(|s| reader.location(s));
            doc.validate_located(
                &mut listing,
                catalog,
                &spans,
                &locate,
                warnings,
                Strictness::Draft,
            );
            doc
        });
        Checked::listed(document, listing, file)
    }

    /// Read a document, choose its catalog from `library` (its `specialty` selects the indicator
    /// set, its `catalog` the version, mapped through a newer version when needed) and validate
    /// it against that catalog. Returns the result, the catalog and every mapping applied.
    pub fn check_in(
        source: &str,
        file: &str,
        format: Format,
        library: &crate::library::CatalogLibrary,
        warnings: Warnings,
    ) -> CheckedIn {
        Self::check_in_at(source, file, format, library, warnings, Strictness::Draft)
    }

    /// [`InspectionDocument::check_in`] at `strictness`: what a report at that stage may not
    /// contain becomes a located error (see [`Strictness`]). The document's own `[report]
    /// status = "final"` asks for [`Strictness::Final`] whatever is given here.
    pub fn check_in_at(
        source: &str,
        file: &str,
        format: Format,
        library: &crate::library::CatalogLibrary,
        warnings: Warnings,
        strictness: Strictness,
    ) -> CheckedIn {
        let mut reader = Reader::new(file, source);
        let read = read::read(&mut reader, format);
        let mut diagnostics = reader.take_listing();
        let (mut document, spans) = match read {
            Some((doc, spans)) => (Some(doc), spans),
            None => (None, read::DocSpans::default()),
        };
        let locate = |span: Option<Span>| span.map(|s| reader.location(s));
        let resolved = match &document {
            Some(doc) => library.resolve(
                doc.inspection.specialty.as_deref(),
                doc.inspection.catalog.as_deref(),
            ),
            None => library.resolve(None, None),
        };
        let mut mappings = Vec::new();
        let resolve_failed = resolved.diagnostics.iter().any(|d| d.is_error());
        for d in resolved.diagnostics {
            // The library's problems are about the two fields that chose the catalog.
            let at = match d.path.as_str() {
                "inspection.catalog" => spans.catalog,
                "inspection.specialty" => spans.specialty,
                _ => None,
            };
            let at = locate(at);
            diagnostics.push(d.at(at));
        }
        if let Some(doc) = &mut document
            && !resolve_failed
        {
            if let Some(m) = &resolved.mapping {
                mappings = m.apply(doc, &resolved.catalog.version);
            }
            doc.validate_located(
                &mut diagnostics,
                &resolved.catalog,
                &spans,
                &locate,
                warnings,
                strictness,
            );
        }
        CheckedIn {
            checked: Checked::listed(document, diagnostics, file),
            catalog: resolved.catalog,
            mappings,
        }
    }

    /// Read a document file (`.json` is JSON, anything else TOML) and validate it against
    /// `catalog`: the document and its warnings. Locations in problems name the file as given.
    ///
    /// Reading a file:
    ///
    /// ```
    /// use spur_core::{AreaId, Catalog, InspectionDocument, Regulation, Status};
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-vardcentral.toml");
    /// let (doc, warnings) = InspectionDocument::read_file(path.as_ref(), Catalog::embedded()).unwrap();
    /// assert_eq!(doc.status("D.F6".parse().unwrap(), Regulation::Sosfs2015_8), Status::NotMet);
    /// assert!(!warnings.has_errors());
    /// let err = InspectionDocument::read_file("no/such/file.toml".as_ref(), Catalog::embedded()).unwrap_err();
    /// assert!(err.to_string().contains("no/such/file.toml"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be read (or is not UTF-8); [`Error::Invalid`] with
    /// every problem, located in the file, when the document has any error.
    pub fn read_file(
        path: &Path,
        catalog: &Catalog,
    ) -> Result<(InspectionDocument, Diagnostics), Error> {
        let io = |source| Error::Io {
            path: path.display().to_string(),
            source,
        };
        let bytes = std::fs::read(path).map_err(io)?;
        let source = String::from_utf8(bytes)
            .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        let file = path.display().to_string();
        Self::check(&source, &file, Format::from_path(path), catalog).into_result()
    }

    /// Read a TOML document and validate it against the embedded catalog; errors if any problem
    /// is an error (warnings are dropped).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem when the document has any error.
    pub fn from_toml_str(source: &str) -> Result<InspectionDocument, Error> {
        Self::check(source, "<input>", Format::Toml, Catalog::embedded())
            .into_result()
            .map(|(d, _)| d)
    }

    /// Read a JSON document and validate it against the embedded catalog.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem when the document has any error.
    pub fn from_json_str(source: &str) -> Result<InspectionDocument, Error> {
        Self::check(source, "<input>", Format::Json, Catalog::embedded())
            .into_result()
            .map(|(d, _)| d)
    }

    /// Validate a document built in code (no source locations).
    pub fn validate(&self, catalog: &Catalog) -> Diagnostics {
        let mut listing = crate::diagnostic::Listing::new(usize::MAX);
        self.validate_located(
            &mut listing,
            catalog,
            &read::DocSpans::default(),
            &|_| None,
            Warnings::Include,
            Strictness::Draft,
        );
        Diagnostics(listing.finish().0)
    }

    /// Every problem of the document at `strictness`, unlocated (a document built in code or
    /// read back from a store); the errors are what keeps it from that stage.
    pub fn validate_at(&self, catalog: &Catalog, strictness: Strictness) -> Diagnostics {
        let mut listing = crate::diagnostic::Listing::new(usize::MAX);
        self.validate_located(
            &mut listing,
            catalog,
            &read::DocSpans::default(),
            &|_| None,
            Warnings::Include,
            strictness,
        );
        Diagnostics(listing.finish().0)
    }

    /// Why this document cannot be rendered as a final report: the errors validation gives it
    /// at [`Strictness::Final`] (unassessed criteria, placeholders such as the
    /// unit name `spur init` writes or a `TODO`, no inspectors, empty Styrkor, Svagheter or
    /// Förbättringspotential, no area narrative), without locations. Empty when it can be.
    ///
    /// ```
    /// use spur_core::{Catalog, InspectionDocument};
    /// let doc = InspectionDocument::from_toml_str(
    ///     "[inspection]\nunit = \"Enhetens namn\"\nvisit_date = 2026-03-10\nregulations = [\"HSLF-FS 2021:8\"]\n",
    /// ).unwrap();
    /// let problems = doc.final_report_problems(Catalog::embedded());
    /// assert!(problems.iter().any(|d| d.path == "inspection.unit"));
    /// assert!(problems.iter().any(|d| d.path == "report.strengths"));
    /// ```
    pub fn final_report_problems(&self, catalog: &Catalog) -> Vec<Diagnostic> {
        self.validate_at(catalog, Strictness::Final)
            .0
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()
    }

    /// The status of `criterion` under `regulation` (`not_assessed` when there is no finding).
    ///
    /// One lookup in the findings map. For many lookups (grading asks about every criterion
    /// under every regulation), build [`InspectionDocument::statuses`] once instead.
    pub fn status(&self, criterion: CriterionId, regulation: Regulation) -> Status {
        self.findings
            .get(&criterion)
            .map_or(Status::NotAssessed, |f| f.status(regulation))
    }

    /// Every finding's status in a table: built in one pass over the findings, then each
    /// [`Statuses::get`] is an index into an array, whatever the number of findings.
    ///
    /// ```
    /// use spur_core::{CriterionId, InspectionDocument, Regulation, Status};
    /// let doc = InspectionDocument::from_toml_str(
    ///     "[inspection]\nunit = \"Enheten\"\nvisit_date = 2026-03-10\nregulations = [\"HSLF-FS 2021:8\"]\n\n[findings]\n\"D.F6\" = \"not_met\"\n",
    /// ).unwrap();
    /// let statuses = doc.statuses();
    /// let d_f6: CriterionId = "D.F6".parse().unwrap();
    /// let d_f1: CriterionId = "D.F1".parse().unwrap();
    /// assert_eq!(statuses.get(d_f6, Regulation::HslfFs2021_8), Status::NotMet);
    /// assert_eq!(statuses.get(d_f1, Regulation::HslfFs2021_8), Status::NotAssessed);
    /// ```
    pub fn statuses(&self) -> Statuses {
        let mut table = Statuses {
            slots: vec![[Status::NotAssessed; REGULATIONS]; SLOTS].into_boxed_slice(),
            beyond: BTreeMap::new(),
        };
        for (id, finding) in &self.findings {
            let both = BY_INDEX.map(|regulation| finding.status(regulation));
            match Statuses::slot(*id) {
                Some(i) => table.slots[i] = both,
                None => {
                    table.beyond.insert(*id, both);
                }
            }
        }
        table
    }

    /// The narrative of an area, if written.
    pub fn narrative(&self, area: AreaId) -> Option<&str> {
        self.areas.get(&area)?.narrative.as_deref()
    }

    /// Whether the unit trains under `regulation`.
    pub fn trains_under(&self, regulation: Regulation) -> bool {
        self.inspection.regulations.contains(&regulation)
    }

    /// Serialise as pretty JSON (the same model; reads back with [`Format::Json`]).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// How many regulations a [`Statuses`] slot holds (one status each).
const REGULATIONS: usize = 2;
/// Running numbers up to this many per area and kind letter get a slot of their own; the
/// catalogs' largest is 12, so larger numbers (a custom catalog) fall back to a map.
const NUMBERS: usize = 32;
/// Slots: 8 areas × 3 kind letters × [`NUMBERS`].
const SLOTS: usize = 8 * 3 * NUMBERS;
/// The regulations in the order of their index (`regulation as usize`).
const BY_INDEX: [Regulation; REGULATIONS] = [Regulation::Sosfs2015_8, Regulation::HslfFs2021_8];
// The slot arithmetic below holds only while these are the enums' last variants.
const _: () = assert!(Regulation::HslfFs2021_8 as usize + 1 == REGULATIONS);
const _: () = assert!(crate::model::AreaId::H as usize == 7);
const _: () = assert!(crate::model::KindLetter::K as usize == 2);

/// The status of every criterion of one document under each regulation, indexed by the
/// criterion id itself (area, kind letter, running number): see
/// [`InspectionDocument::statuses`]. A criterion without a finding is `not_assessed`.
#[derive(Debug, Clone)]
pub struct Statuses {
    slots: Box<[[Status; REGULATIONS]]>,
    /// Criteria whose running number is beyond [`NUMBERS`].
    beyond: BTreeMap<CriterionId, [Status; REGULATIONS]>,
}

impl Statuses {
    /// The status of `criterion` under `regulation`.
    pub fn get(&self, criterion: CriterionId, regulation: Regulation) -> Status {
        let both = match Statuses::slot(criterion) {
            Some(i) => self.slots[i],
            None => match self.beyond.get(&criterion) {
                Some(both) => *both,
                None => return Status::NotAssessed,
            },
        };
        both[regulation as usize]
    }

    fn slot(id: CriterionId) -> Option<usize> {
        let n = usize::from(id.number());
        (1..=NUMBERS)
            .contains(&n)
            .then(|| ((id.area() as usize) * 3 + id.letter() as usize) * NUMBERS + n - 1)
    }
}
