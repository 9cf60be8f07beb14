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

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use crate::Error;
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location, closest};
use crate::model::{AreaId, CriterionId, Grade, Kind, PlanStatus, Regulation, Status};
use crate::spanned::{self, Key, Node, Value, clip, join};

/// The whole document an inspector writes for one SPUR inspection.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(title = "SPUR inspection document")]
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
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
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
    #[schemars(with = "String", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    #[serde(serialize_with = "crate::dates::ser_date")]
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

/// Report text: lists of paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ReportText {
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct AreaText {
    /// The inspector's assessment of the area; blank lines separate paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
}

/// A finding for one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    /// One status for every regulation, or one per regulation.
    pub status: FindingStatus,
    /// What the inspector saw (pre-fills the handlingsplan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A status for all regulations, or per regulation (`{ "SOSFS 2015:8" = "met", … }`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FindingStatus {
    /// Applies under every regulation where the criterion is applicable.
    Uniform(Status),
    /// Per regulation; a regulation left out counts as `not_assessed`.
    PerRegulation(BTreeMap<Regulation, Status>),
}

impl Finding {
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
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Override {
    /// The grade, for all regulations or per regulation.
    pub grade: OverrideGrade,
    /// Why (mandatory).
    pub reason: String,
}

/// A grade for all regulations, or per regulation.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OverrideGrade {
    /// The same grade under every regulation.
    Uniform(Grade),
    /// Per regulation; regulations left out keep the computed grade.
    PerRegulation(BTreeMap<Regulation, Grade>),
}

impl Override {
    /// The override grade under `regulation`, if any.
    pub fn grade(&self, regulation: Regulation) -> Option<Grade> {
        match &self.grade {
            OverrideGrade::Uniform(g) => Some(*g),
            OverrideGrade::PerRegulation(m) => m.get(&regulation).copied(),
        }
    }
}

/// The unit's handlingsplan (action plan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Handlingsplan {
    /// Date the plan was received; absent means not received.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_date"
    )]
    #[schemars(with = "Option<String>")]
    pub received: Option<NaiveDate>,
    /// One entry per answered brist.
    #[serde(default)]
    pub entries: Vec<PlanEntry>,
}

/// One entry of the handlingsplan: the five fields of the SPUR form plus follow-up state.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanEntry {
    /// The criterion the entry answers.
    pub criterion: CriterionId,
    /// Planerad åtgärd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Datum när åtgärden ska vara genomförd.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_date"
    )]
    #[schemars(with = "Option<String>")]
    pub due: Option<NaiveDate>,
    /// Ansvarig för genomförandet (roles; a comma-separated string is accepted too).
    #[serde(default)]
    pub responsible: Vec<String>,
    /// Datum för uppföljning.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_date"
    )]
    #[schemars(with = "Option<String>")]
    pub follow_up: Option<NaiveDate>,
    /// Ansvarig för uppföljningen (roles).
    #[serde(default)]
    pub follow_up_responsible: Vec<String>,
    /// Where the entry stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PlanStatus>,
    /// Date the action was completed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_date"
    )]
    #[schemars(with = "Option<String>")]
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
    /// The names of the five form fields that are still empty.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.action.as_deref().is_none_or(|a| a.trim().is_empty()) {
            missing.push("action");
        }
        if self.due.is_none() {
            missing.push("due");
        }
        if self.responsible.is_empty() {
            missing.push("responsible");
        }
        if self.follow_up.is_none() {
            missing.push("follow_up");
        }
        if self.follow_up_responsible.is_empty() {
            missing.push("follow_up_responsible");
        }
        missing
    }
    /// Whether all five form fields are filled in.
    pub fn is_complete(&self) -> bool {
        self.missing_fields().is_empty()
    }
}

fn ser_opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => crate::dates::ser_date(d, s),
        None => s.serialize_none(),
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

/// The result of reading and validating a document: the document when it could be read at all,
/// and every problem found (errors and warnings).
#[derive(Debug, Clone)]
pub struct Checked {
    /// The document, when parsing got far enough to build one.
    pub document: Option<InspectionDocument>,
    /// Every problem, in document order.
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// The document and its warnings, or every problem when there is any error.
    pub fn into_result(self) -> Result<(InspectionDocument, Diagnostics), Error> {
        match self.document {
            Some(doc) if !self.diagnostics.has_errors() => Ok((doc, self.diagnostics)),
            _ => Err(Error::Invalid(self.diagnostics)),
        }
    }
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
        let document = reader.read(format);
        let mut diagnostics = std::mem::take(&mut reader.diags);
        if let Some(doc) = &document {
            let locate = |path: &str| -> Option<Location> {
                match reader.1.span_for(path) {
                    Some(span) => Some(reader.location(span)),
                    None => reader.locate(path),
                }
            };
            diagnostics.extend(doc.validate_located(catalog, &locate, warnings));
        }
        crate::diagnostic::sort_by_position(&mut diagnostics);
        Checked {
            document,
            diagnostics: Diagnostics(diagnostics),
        }
    }

    /// Read a TOML document and validate it against the embedded catalog; errors if any problem
    /// is an error (warnings are dropped).
    pub fn from_toml_str(source: &str) -> Result<InspectionDocument, Error> {
        Self::check(source, "<input>", Format::Toml, Catalog::embedded())
            .into_result()
            .map(|(d, _)| d)
    }

    /// Read a JSON document and validate it against the embedded catalog.
    pub fn from_json_str(source: &str) -> Result<InspectionDocument, Error> {
        Self::check(source, "<input>", Format::Json, Catalog::embedded())
            .into_result()
            .map(|(d, _)| d)
    }

    /// Validate a document built in code (no source locations).
    pub fn validate(&self, catalog: &Catalog) -> Diagnostics {
        Diagnostics(self.validate_located(catalog, &|_| None, Warnings::Include))
    }

    /// The status of `criterion` under `regulation` (`not_assessed` when there is no finding).
    pub fn status(&self, criterion: CriterionId, regulation: Regulation) -> Status {
        self.findings
            .get(&criterion)
            .map_or(Status::NotAssessed, |f| f.status(regulation))
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

    fn validate_located(
        &self,
        catalog: &Catalog,
        locate: &dyn Fn(&str) -> Option<Location>,
        warnings: Warnings,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let regs = &self.inspection.regulations;
        if let Some(v) = &self.inspection.catalog
            && v != &catalog.version
        {
            out.push(
                Diagnostic::error(
                    Code::UnknownCatalog,
                    "inspection.catalog",
                    format!("catalog version `{v}` is not the catalog in use (`{}`)", catalog.version),
                )
                .with_hint(format!(
                    "remove `catalog` to use the embedded catalog `{}`, or load that catalog file with --catalog",
                    catalog.version
                ))
                .at(locate("inspection.catalog")),
            );
        }
        for (id, finding) in &self.findings {
            let plain = matches!(finding.status, FindingStatus::Uniform(_))
                && catalog
                    .criterion(*id)
                    .is_some_and(|c| regs.iter().any(|r| c.applies(*r)));
            if plain {
                continue; // nothing to check: skip building the path
            }
            let path = format!("findings.\"{id}\"");
            let Some(criterion) = catalog.criterion(*id) else {
                let mut d = Diagnostic::error(
                    Code::UnknownCriterion,
                    &path,
                    format!("unknown criterion id `{id}`"),
                )
                .at(locate(&format!("{path}#key")));
                if let Some(c) = catalog.closest_id(&id.to_string()) {
                    d = d.with_hint(format!(
                        "did you mean `{c}`? (`spur catalog --area {}` lists them)",
                        id.area()
                    ));
                }
                out.push(d);
                continue;
            };
            if !regs.iter().any(|r| criterion.applies(*r)) {
                out.push(
                    Diagnostic::error(
                        Code::NotApplicable,
                        &path,
                        format!(
                            "criterion {id} is not applicable under {}",
                            join_regs(regs)
                        ),
                    )
                    .with_hint(format!(
                        "it applies only under {}; remove the finding or add that regulation to [inspection].regulations",
                        join_regs(&Regulation::ALL.into_iter().filter(|r| criterion.applies(*r)).collect::<Vec<_>>())
                    ))
                    .at(locate(&format!("{path}#key"))),
                );
            }
            if let FindingStatus::PerRegulation(map) = &finding.status {
                for reg in map.keys() {
                    let rpath = format!("{path}.status.\"{reg}\"");
                    if !regs.contains(reg) {
                        out.push(
                            Diagnostic::error(
                                Code::RegulationNotListed,
                                &rpath,
                                format!("status given for {reg}, which is not in [inspection].regulations"),
                            )
                            .with_hint("add the regulation to [inspection].regulations or remove this status")
                            .at(locate(&format!("{rpath}#key"))),
                        );
                    } else if !criterion.applies(*reg) {
                        out.push(
                            Diagnostic::error(
                                Code::NotApplicable,
                                &rpath,
                                format!("criterion {id} is not applicable under {reg}"),
                            )
                            .with_hint("remove this per-regulation status")
                            .at(locate(&format!("{rpath}#key"))),
                        );
                    }
                }
            }
        }
        for (area_id, ov) in &self.overrides {
            let path = format!("overrides.{area_id}");
            let area = catalog.area(*area_id);
            if ov.reason.trim().is_empty() {
                out.push(
                    Diagnostic::error(
                        Code::OverrideWithoutReason,
                        &path,
                        format!("the override of area {area_id} has no reason"),
                    )
                    .with_hint("add `reason = \"…\"`: an override must say why the computed grade does not stand")
                    .at(locate(&format!("{path}#key"))),
                );
            }
            let grades: Vec<(Option<Regulation>, Grade)> = match &ov.grade {
                OverrideGrade::Uniform(g) => vec![(None, *g)],
                OverrideGrade::PerRegulation(m) => m.iter().map(|(r, g)| (Some(*r), *g)).collect(),
            };
            for (reg, grade) in grades {
                let gpath = match reg {
                    Some(r) => format!("{path}.grade.\"{r}\""),
                    None => format!("{path}.grade"),
                };
                if !area.scale.has(grade) {
                    out.push(
                        Diagnostic::error(
                            Code::GradeNotOnScale,
                            &gpath,
                            format!("area {area_id} is graded on the 3-level scale A/B/D; {grade} is not a level of it"),
                        )
                        .with_hint("use A, B or D")
                        .at(locate(&gpath)),
                    );
                }
                if let Some(r) = reg
                    && !regs.contains(&r)
                {
                    out.push(
                        Diagnostic::error(
                            Code::RegulationNotListed,
                            &gpath,
                            format!(
                                "override given for {r}, which is not in [inspection].regulations"
                            ),
                        )
                        .at(locate(&format!("{gpath}#key"))),
                    );
                }
            }
        }
        if let Some(plan) = &self.handlingsplan {
            for (i, entry) in plan.entries.iter().enumerate() {
                out.extend(self.validate_plan_entry(catalog, i, entry, locate));
            }
        }
        if warnings == Warnings::Include {
            out.extend(self.unassessed_warnings(catalog, locate));
        }
        out
    }

    fn validate_plan_entry(
        &self,
        catalog: &Catalog,
        i: usize,
        entry: &PlanEntry,
        locate: &dyn Fn(&str) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let path = format!("handlingsplan.entries[{i}]");
        let id = entry.criterion;
        match catalog.criterion(id) {
            None => {
                let mut d = Diagnostic::error(
                    Code::UnknownCriterion,
                    format!("{path}.criterion"),
                    format!("unknown criterion id `{id}`"),
                )
                .at(locate(&format!("{path}.criterion")));
                if let Some(c) = catalog.closest_id(&id.to_string()) {
                    d = d.with_hint(format!("did you mean `{c}`?"));
                }
                out.push(d);
            }
            Some(criterion) => {
                let brist = self.inspection.regulations.iter().any(|r| {
                    matches!(criterion.kind(*r), Kind::Foreskrift | Kind::AllmantRad)
                        && self.status(id, *r).is_brist()
                });
                if !brist {
                    let statuses: Vec<String> = self
                        .inspection
                        .regulations
                        .iter()
                        .map(|r| format!("{} under {}", self.status(id, *r), r))
                        .collect();
                    out.push(
                        Diagnostic::error(
                            Code::PlanEntryNotBrist,
                            format!("{path}.criterion"),
                            format!(
                                "handlingsplan entry for {id}, which is not a brist ({})",
                                statuses.join(", ")
                            ),
                        )
                        .with_hint("plan entries answer föreskrift or allmänt råd findings that are `not_met` or `partially_met`; check the criterion id or the finding")
                        .at(locate(&format!("{path}.criterion"))),
                    );
                }
            }
        }
        if let Some(due) = entry.due
            && due < self.inspection.visit_date
        {
            out.push(
                Diagnostic::error(
                    Code::DueBeforeVisit,
                    format!("{path}.due"),
                    format!(
                        "due date {due} is before the visit date {}",
                        self.inspection.visit_date
                    ),
                )
                .with_hint("an action is planned after the inspection; check the year")
                .at(locate(&format!("{path}.due"))),
            );
        }
        if let (Some(due), Some(fu)) = (entry.due, entry.follow_up)
            && fu < due
        {
            out.push(
                Diagnostic::error(
                    Code::FollowUpBeforeDue,
                    format!("{path}.follow_up"),
                    format!("follow-up date {fu} is before the due date {due}"),
                )
                .with_hint(
                    "the follow-up checks a completed action, so it comes on or after the due date",
                )
                .at(locate(&format!("{path}.follow_up"))),
            );
        }
        out
    }

    fn unassessed_warnings(
        &self,
        catalog: &Catalog,
        locate: &dyn Fn(&str) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let regs = &self.inspection.regulations;
        catalog
            .criteria()
            .filter_map(|c| {
                let open: Vec<Regulation> = regs
                    .iter()
                    .copied()
                    .filter(|r| c.applies(*r) && self.status(c.id, *r) == Status::NotAssessed)
                    .collect();
                if open.is_empty() {
                    return None;
                }
                let path = format!("findings.\"{}\"", c.id);
                let loc = locate(&format!("{path}#key")).or_else(|| locate("findings#key"));
                Some(
                    Diagnostic::warning(
                        Code::Unassessed,
                        &path,
                        format!("criterion {} is not assessed under {}", c.id, join_regs(&open)),
                    )
                    .with_hint("set its status (met, partially_met, not_met, not_applicable); until then grades are provisional")
                    .at(loc),
                )
            })
            .collect()
    }
}

fn join_regs(regs: &[Regulation]) -> String {
    regs.iter()
        .map(|r| r.designation())
        .collect::<Vec<_>>()
        .join(" and ")
}

// ---------------------------------------------------------------------------------------------
// Reading: node tree → model, collecting every problem.

const TOP_FIELDS: &[&str] = &[
    "inspection",
    "report",
    "areas",
    "narratives",
    "findings",
    "overrides",
    "handlingsplan",
    "strengths",
    "weaknesses",
    "improvements",
];
const INSPECTION_FIELDS: &[&str] = &[
    "unit",
    "region",
    "specialty",
    "visit_date",
    "inspectors",
    "catalog",
    "regulations",
    "strengths",
    "weaknesses",
    "improvements",
];
const REPORT_FIELDS: &[&str] = &["strengths", "weaknesses", "improvements"];
const AREA_FIELDS: &[&str] = &["narrative"];
const FINDING_FIELDS: &[&str] = &["status", "note"];
const OVERRIDE_FIELDS: &[&str] = &["grade", "reason"];
const PLAN_FIELDS: &[&str] = &["received", "entries"];
const ENTRY_FIELDS: &[&str] = &[
    "criterion",
    "action",
    "due",
    "responsible",
    "follow_up",
    "follow_up_responsible",
    "status",
    "completed",
    "note",
];

type Entries<'a> = Vec<(&'a Key, &'a Node)>;

/// Reads an inspection document; the shared scalar readers come from [`spanned::Reader`].
struct Reader<'s>(spanned::Reader<'s>, FindingKeys);

/// Key spans of the findings, by criterion id. Kept apart from the path-keyed span map: there
/// are ~75 per document and formatting a path for each was a third of the reading time, while
/// a location is only needed for the few that turn out to have a problem.
#[derive(Default)]
struct FindingKeys(Vec<(CriterionId, Range<usize>)>);

impl FindingKeys {
    /// The span of `findings."ID"#key`, for a path of that shape.
    fn span_for(&self, path: &str) -> Option<Range<usize>> {
        let id: CriterionId = path
            .strip_prefix("findings.\"")?
            .strip_suffix("\"#key")?
            .parse()
            .ok()?;
        self.0
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, s)| s.clone())
    }
}

impl<'s> std::ops::Deref for Reader<'s> {
    type Target = spanned::Reader<'s>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'s> Reader<'s> {
    fn new(file: &'s str, source: &'s str) -> Self {
        Reader(spanned::Reader::new(file, source), FindingKeys::default())
    }

    fn read(&mut self, format: Format) -> Option<InspectionDocument> {
        match spanned::parse(self.source, format) {
            Ok(root) => self.document(&root),
            Err(errors) => {
                let hint = match format {
                    Format::Toml => {
                        Some("check quoting, brackets and that no key is given twice".to_string())
                    }
                    Format::Json => None,
                };
                for (msg, span) in errors {
                    self.push(Code::Syntax, "", &span, msg, hint.clone());
                }
                None
            }
        }
    }

    fn record(&mut self, path: &str, key: &Key, node: &Node) {
        self.record_span(path, &node.span);
        self.record_span(&format!("{path}#key"), &key.span);
    }

    /// Check that `node` is a table with only `allowed` keys; return its entries.
    fn table<'a>(&mut self, node: &'a Node, path: &str, allowed: &[&str]) -> Option<Entries<'a>> {
        let Value::Table(entries) = &node.value else {
            self.wrong_type(node, path, "a table");
            return None;
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            if !allowed.is_empty() && !allowed.contains(&k.name.as_str()) {
                let child = join(path, &k.name);
                let hint = closest(&k.name, allowed.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| Some(format!("known keys here: {}", allowed.join(", "))));
                self.push(
                    Code::UnknownField,
                    &child,
                    &k.span,
                    format!(
                        "unknown key `{}` in {}",
                        clip(&k.name),
                        if path.is_empty() {
                            "the document"
                        } else {
                            path
                        }
                    ),
                    hint,
                );
                continue;
            }
            out.push((k, v));
        }
        Some(out)
    }

    fn opt_string(&mut self, node: Option<&Node>, path: &str) -> Option<String> {
        self.string(node?, path).filter(|s| !s.trim().is_empty())
    }

    /// A list of strings; with `split_commas`, a single string `"a, b"` is accepted as a list.
    fn string_list(&mut self, node: Option<&Node>, path: &str, split_commas: bool) -> Vec<String> {
        let Some(node) = node else { return Vec::new() };
        match &node.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| match &n.value {
                    Value::Str(s) => Some(s.clone()),
                    _ => self.string(n, &format!("{path}[{i}]")),
                })
                .filter(|s| !s.trim().is_empty())
                .collect(),
            Value::Str(s) if split_commas => s
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            _ => {
                self.wrong_type(node, path, "a list of strings");
                Vec::new()
            }
        }
    }

    fn opt_date(&mut self, node: Option<&Node>, path: &str) -> Option<NaiveDate> {
        self.0.date(node?, path)
    }

    fn parse_enum<T: std::str::FromStr>(
        &mut self,
        node: &Node,
        path: &str,
        what: &str,
        choices: &[&str],
    ) -> Option<T> {
        let s = self.string(node, path)?;
        match s.trim().parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                let hint = closest(&s, choices.iter().copied())
                    .map(|c| {
                        format!(
                            "did you mean `{c}`? ({what} is one of: {})",
                            choices.join(", ")
                        )
                    })
                    .unwrap_or_else(|| format!("{what} is one of: {}", choices.join(", ")));
                self.push(
                    Code::InvalidValue,
                    path,
                    &node.span,
                    format!("`{}` is not a valid {what}", clip(&s)),
                    Some(hint),
                );
                None
            }
        }
    }

    fn regulation_key(&mut self, key: &Key, path: &str) -> Option<Regulation> {
        match key.name.parse::<Regulation>() {
            Ok(r) => Some(r),
            Err(e) => {
                let _ = e;
                self.push(
                    Code::UnknownRegulation,
                    path,
                    &key.span,
                    format!("`{}` is not a known regulation", clip(&key.name)),
                    Some("use \"SOSFS 2015:8\" or \"HSLF-FS 2021:8\" (or \"sosfs-2015-8\", \"hslf-fs-2021-8\", \"2015\", \"2021\")".into()),
                );
                None
            }
        }
    }

    fn document(&mut self, root: &Node) -> Option<InspectionDocument> {
        let entries = self.table(root, "", TOP_FIELDS)?;
        // Spans are recorded only where validation may point (formatting a path for every key
        // was a third of the reading time).
        if let Some((k, v)) = entries.iter().find(|(k, _)| k.name == "findings") {
            self.record("findings", k, v);
        }
        let get = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.name == name)
                .map(|(_, v)| *v)
        };
        let mut report = ReportText::default();
        let inspection = match get("inspection") {
            Some(n) => self.inspection(n, &mut report),
            None => {
                self.missing(
                    "inspection",
                    &Some(0..0),
                    "start the document with an [inspection] table: unit, visit_date, regulations",
                );
                None
            }
        };
        self.report_lists(&entries, "", &mut report);
        if let Some(n) = get("report")
            && let Some(e) = self.table(n, "report", REPORT_FIELDS)
        {
            self.report_lists(&e, "report", &mut report);
        }
        let mut areas = BTreeMap::new();
        if let Some(n) = get("areas") {
            self.areas(n, &mut areas);
        }
        for name in ["narratives"] {
            if let Some(n) = get(name) {
                self.narratives(n, name, &mut areas);
            }
        }
        let findings = get("findings")
            .map(|n| self.findings(n))
            .unwrap_or_default();
        let overrides = get("overrides")
            .map(|n| self.overrides(n))
            .unwrap_or_default();
        let handlingsplan = get("handlingsplan").and_then(|n| self.handlingsplan(n));
        Some(InspectionDocument {
            inspection: inspection?,
            report,
            areas,
            findings,
            overrides,
            handlingsplan,
        })
    }

    fn report_lists(&mut self, entries: &Entries<'_>, base: &str, report: &mut ReportText) {
        for (k, v) in entries {
            let path = join(base, &k.name);
            let list = match k.name.as_str() {
                "strengths" => &mut report.strengths,
                "weaknesses" => &mut report.weaknesses,
                "improvements" => &mut report.improvements,
                _ => continue,
            };
            let items = self.string_list(Some(v), &path, false);
            list.extend(items);
        }
    }

    fn inspection(&mut self, node: &Node, report: &mut ReportText) -> Option<Inspection> {
        let entries = self.table(node, "inspection", INSPECTION_FIELDS)?;
        if let Some((k, v)) = entries.iter().find(|(k, _)| k.name == "catalog") {
            self.record("inspection.catalog", k, v);
        }
        let get = |name: &str| {
            entries
                .iter()
                .find(|(k, _)| k.name == name)
                .map(|(_, v)| *v)
        };
        let unit = match get("unit") {
            Some(n) => {
                let s = self.string(n, "inspection.unit");
                if s.as_deref().is_some_and(|s| s.trim().is_empty()) {
                    self.push(
                        Code::InvalidValue,
                        "inspection.unit",
                        &n.span,
                        "the unit name is empty".into(),
                        None,
                    );
                }
                s
            }
            None => {
                self.missing(
                    "inspection.unit",
                    &node.span.clone().map(|s| s.start..s.start),
                    "name the inspected unit: unit = \"Vårdcentralen …\"",
                );
                None
            }
        };
        let visit_date = match get("visit_date") {
            Some(n) => self.opt_date(Some(n), "inspection.visit_date"),
            None => {
                self.missing(
                    "inspection.visit_date",
                    &node.span.clone().map(|s| s.start..s.start),
                    "add the visit date: visit_date = 2026-01-20",
                );
                None
            }
        };
        let regulations = match get("regulations") {
            Some(n) => self.regulations(n),
            None => {
                self.missing(
                    "inspection.regulations",
                    &node.span.clone().map(|s| s.start..s.start),
                    "list the regimes the ST-läkare train under: regulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]",
                );
                None
            }
        };
        let region = self.opt_string(get("region"), "inspection.region");
        let specialty = self.opt_string(get("specialty"), "inspection.specialty");
        let catalog = self.opt_string(get("catalog"), "inspection.catalog");
        let inspectors = self.string_list(get("inspectors"), "inspection.inspectors", false);
        self.report_lists(&entries, "inspection", report);
        Some(Inspection {
            unit: unit?,
            region,
            specialty,
            visit_date: visit_date?,
            inspectors,
            catalog,
            regulations: regulations?,
        })
    }

    fn regulations(&mut self, node: &Node) -> Option<Vec<Regulation>> {
        let path = "inspection.regulations";
        let items: Vec<&Node> = match &node.value {
            Value::Array(items) => items.iter().collect(),
            Value::Str(_) => vec![node],
            _ => {
                self.wrong_type(node, path, "a list of regulations");
                return None;
            }
        };
        let mut regs = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            let Some(s) = self.string(item, &ipath) else {
                ok = false;
                continue;
            };
            match s.parse::<Regulation>() {
                Ok(r) if regs.contains(&r) => {
                    self.push(
                        Code::Duplicate,
                        &ipath,
                        &item.span,
                        format!("{r} is listed twice"),
                        None,
                    );
                }
                Ok(r) => regs.push(r),
                Err(_) => {
                    ok = false;
                    self.push(
                        Code::UnknownRegulation,
                        &ipath,
                        &item.span,
                        format!("`{}` is not a known regulation", clip(&s)),
                        Some("use \"SOSFS 2015:8\" or \"HSLF-FS 2021:8\" (or \"sosfs-2015-8\", \"hslf-fs-2021-8\", \"2015\", \"2021\")".into()),
                    );
                }
            }
        }
        if regs.is_empty() && ok {
            self.push(
                Code::InvalidValue,
                path,
                &node.span,
                "no regulation listed".into(),
                Some("list at least one: \"SOSFS 2015:8\" and/or \"HSLF-FS 2021:8\"".into()),
            );
            return None;
        }
        regs.sort();
        ok.then_some(regs)
    }

    fn area_key(&mut self, key: &Key, path: &str) -> Option<AreaId> {
        match key.name.parse::<AreaId>() {
            Ok(a) if key.name.len() == 1 => Some(a),
            _ => {
                self.push(
                    Code::InvalidValue,
                    path,
                    &key.span,
                    format!("`{}` is not an area", clip(&key.name)),
                    Some("areas are the letters A–H".into()),
                );
                None
            }
        }
    }

    fn areas(&mut self, node: &Node, areas: &mut BTreeMap<AreaId, AreaText>) {
        let Some(entries) = self.table(node, "areas", &[]) else {
            return;
        };
        for (k, v) in entries {
            let path = format!("areas.{}", k.name);
            let Some(id) = self.area_key(k, &path) else {
                continue;
            };
            let Some(fields) = self.table(v, &path, AREA_FIELDS) else {
                continue;
            };
            if let Some((_, n)) = fields.iter().find(|(k, _)| k.name == "narrative") {
                let text = self.opt_string(Some(n), &format!("{path}.narrative"));
                areas.entry(id).or_default().narrative = text;
            }
        }
    }

    fn narratives(&mut self, node: &Node, base: &str, areas: &mut BTreeMap<AreaId, AreaText>) {
        let Some(entries) = self.table(node, base, &[]) else {
            return;
        };
        for (k, v) in entries {
            let path = format!("{base}.{}", k.name);
            let Some(id) = self.area_key(k, &path) else {
                continue;
            };
            let text = self.opt_string(Some(v), &path);
            let slot = &mut areas.entry(id).or_default().narrative;
            if slot.is_some() {
                self.push(
                    Code::Duplicate,
                    &path,
                    &k.span,
                    format!("area {id} has two narratives"),
                    Some("keep one: [areas.X].narrative".into()),
                );
            } else {
                *slot = text;
            }
        }
    }

    fn criterion_id(
        &mut self,
        text: &str,
        path: &str,
        span: &Option<Range<usize>>,
    ) -> Option<CriterionId> {
        match text.trim().parse::<CriterionId>() {
            Ok(id) => Some(id),
            Err(_) => {
                let hint = if !text.is_ascii() {
                    "criterion ids use plain ASCII letters and digits (look-alike characters such as Cyrillic `Е` are not accepted), e.g. `E.F1`"
                } else {
                    "criterion ids look like `D.F3`: area letter, dot, F/R/K, number"
                };
                let msg = format!(
                    "`{}` is not a criterion id: expected `<area A–H>.<F|R|K><number>`, e.g. `D.F3`",
                    clip(text)
                );
                self.push(Code::MalformedId, path, span, msg, Some(hint.into()));
                None
            }
        }
    }

    fn status_value(&mut self, node: &Node, path: &str) -> Option<Status> {
        self.parse_enum(
            node,
            path,
            "status",
            &[
                "met",
                "partially_met",
                "not_met",
                "not_assessed",
                "not_applicable",
            ],
        )
    }

    fn findings(&mut self, node: &Node) -> BTreeMap<CriterionId, Finding> {
        let mut out = BTreeMap::new();
        let Some(entries) = self.table(node, "findings", &[]) else {
            return out;
        };
        for (k, v) in entries {
            // Fast path for the common `"D.F6" = "met"`: no path string unless something is wrong.
            let short = match (&v.value, k.name.trim().parse::<CriterionId>()) {
                (Value::Str(st), Ok(id)) => st.trim().parse::<Status>().ok().map(|s| (id, s)),
                _ => None,
            };
            let (id, finding) = match short {
                Some((id, s)) => (
                    Some(id),
                    Some(Finding {
                        status: FindingStatus::Uniform(s),
                        note: None,
                    }),
                ),
                None => self.finding_slow(k, v),
            };
            let (Some(id), Some(finding)) = (id, finding) else {
                continue;
            };
            if let Some(span) = &k.span {
                self.1.0.push((id, span.clone()));
            }
            if out.insert(id, finding).is_some() {
                self.push(
                    Code::Duplicate,
                    &format!("findings.\"{}\"", k.name),
                    &k.span,
                    format!("criterion {id} has two findings"),
                    Some("ids are case-insensitive; keep one".into()),
                );
            }
        }
        out
    }

    /// A finding in full: located errors for a bad id or value, the table form.
    fn finding_slow(&mut self, k: &Key, v: &Node) -> (Option<CriterionId>, Option<Finding>) {
        {
            let path = format!("findings.\"{}\"", k.name);
            let id = self.criterion_id(&k.name, &path, &k.span);
            let finding = match &v.value {
                Value::Str(_) => self.status_value(v, &path).map(|s| Finding {
                    status: FindingStatus::Uniform(s),
                    note: None,
                }),
                Value::Table(_) => self.finding_table(v, &path),
                _ => {
                    self.wrong_type(
                        v,
                        &path,
                        "a status string or a table { status = …, note = … }",
                    );
                    None
                }
            };
            (id, finding)
        }
    }

    fn finding_table(&mut self, node: &Node, path: &str) -> Option<Finding> {
        let fields = self.table(node, path, FINDING_FIELDS)?;
        let get = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v);
        let note = self.opt_string(get("note"), &format!("{path}.note"));
        let spath = format!("{path}.status");
        let Some(snode) = get("status") else {
            self.missing(&spath, &node.span, "give the finding a status: met, partially_met, not_met, not_assessed or not_applicable");
            return None;
        };
        let status = match &snode.value {
            Value::Table(_) => {
                let entries = self.table(snode, &spath, &[])?;
                let mut map = BTreeMap::new();
                let mut ok = true;
                for (rk, rv) in entries {
                    let rpath = format!("{spath}.\"{}\"", rk.name);
                    let reg = self.regulation_key(rk, &rpath);
                    let st = self.status_value(rv, &rpath);
                    match (reg, st) {
                        (Some(r), Some(s)) => {
                            let canonical = format!("{spath}.\"{r}\"");
                            self.record(&canonical, rk, rv);
                            if map.insert(r, s).is_some() {
                                self.push(
                                    Code::Duplicate,
                                    &rpath,
                                    &rk.span,
                                    format!("two statuses for {r}"),
                                    None,
                                );
                            }
                        }
                        _ => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                FindingStatus::PerRegulation(map)
            }
            _ => FindingStatus::Uniform(self.status_value(snode, &spath)?),
        };
        Some(Finding { status, note })
    }

    fn grade_value(&mut self, node: &Node, path: &str) -> Option<Grade> {
        self.parse_enum(node, path, "grade", &["A", "B", "C", "D"])
    }

    fn overrides(&mut self, node: &Node) -> BTreeMap<AreaId, Override> {
        let mut out = BTreeMap::new();
        let Some(entries) = self.table(node, "overrides", &[]) else {
            return out;
        };
        for (k, v) in entries {
            let path = format!("overrides.{}", k.name);
            self.record(&path, k, v);
            let id = self.area_key(k, &path);
            let Some(fields) = self.table(v, &path, OVERRIDE_FIELDS) else {
                continue;
            };
            if let Some((gk, gv)) = fields.iter().find(|(k, _)| k.name == "grade") {
                self.record(&format!("{path}.grade"), gk, gv);
            }
            let get = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v);
            let reason = match get("reason") {
                Some(n) => self
                    .string(n, &format!("{path}.reason"))
                    .unwrap_or_default(),
                None => String::new(),
            };
            let gpath = format!("{path}.grade");
            let grade = match get("grade") {
                None => {
                    self.missing(
                        &gpath,
                        &k.span,
                        "give the grade: grade = \"C\" (or per regulation)",
                    );
                    None
                }
                Some(g) => match &g.value {
                    Value::Table(_) => self.table(g, &gpath, &[]).and_then(|entries| {
                        let mut map = BTreeMap::new();
                        let mut ok = true;
                        for (rk, rv) in entries {
                            let rpath = format!("{gpath}.\"{}\"", rk.name);
                            match (
                                self.regulation_key(rk, &rpath),
                                self.grade_value(rv, &rpath),
                            ) {
                                (Some(r), Some(gr)) => {
                                    self.record(&format!("{gpath}.\"{r}\""), rk, rv);
                                    map.insert(r, gr);
                                }
                                _ => ok = false,
                            }
                        }
                        ok.then_some(OverrideGrade::PerRegulation(map))
                    }),
                    _ => self.grade_value(g, &gpath).map(OverrideGrade::Uniform),
                },
            };
            if let (Some(id), Some(grade)) = (id, grade) {
                out.insert(id, Override { grade, reason });
            }
        }
        out
    }

    fn handlingsplan(&mut self, node: &Node) -> Option<Handlingsplan> {
        let fields = self.table(node, "handlingsplan", PLAN_FIELDS)?;
        let get = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v);
        let received = self.opt_date(get("received"), "handlingsplan.received");
        let mut entries = Vec::new();
        if let Some(list) = get("entries") {
            match &list.value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(e) =
                            self.plan_entry(item, &format!("handlingsplan.entries[{i}]"))
                        {
                            entries.push(e);
                        }
                    }
                }
                _ => self.wrong_type(
                    list,
                    "handlingsplan.entries",
                    "a list of tables ([[handlingsplan.entries]])",
                ),
            }
        }
        Some(Handlingsplan { received, entries })
    }

    fn plan_entry(&mut self, node: &Node, path: &str) -> Option<PlanEntry> {
        let fields = self.table(node, path, ENTRY_FIELDS)?;
        for (k, v) in &fields {
            if matches!(k.name.as_str(), "criterion" | "due" | "follow_up") {
                self.record(&format!("{path}.{}", k.name), k, v);
            }
        }
        let get = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v);
        let cpath = format!("{path}.criterion");
        let criterion = match get("criterion") {
            Some(n) => self
                .string(n, &cpath)
                .and_then(|s| self.criterion_id(&s, &cpath, &n.span)),
            None => {
                self.missing(
                    &cpath,
                    &node.span.clone().map(|s| s.start..s.start),
                    "name the criterion the entry answers: criterion = \"D.F6\"",
                );
                None
            }
        };
        let action = self.opt_string(get("action"), &format!("{path}.action"));
        let due = self.opt_date(get("due"), &format!("{path}.due"));
        let responsible =
            self.string_list(get("responsible"), &format!("{path}.responsible"), true);
        let follow_up = self.opt_date(get("follow_up"), &format!("{path}.follow_up"));
        let follow_up_responsible = self.string_list(
            get("follow_up_responsible"),
            &format!("{path}.follow_up_responsible"),
            true,
        );
        let status = match get("status") {
            Some(n) => match &n.value {
                Value::Str(s) if s.trim().is_empty() => None,
                _ => self.parse_enum(
                    n,
                    &format!("{path}.status"),
                    "plan status",
                    &[
                        "planned",
                        "in_progress",
                        "done",
                        "verified_effective",
                        "not_effective",
                    ],
                ),
            },
            None => None,
        };
        let completed = self.opt_date(get("completed"), &format!("{path}.completed"));
        let note = self.opt_string(get("note"), &format!("{path}.note"));
        Some(PlanEntry {
            criterion: criterion?,
            action,
            due,
            responsible,
            follow_up,
            follow_up_responsible,
            status,
            completed,
            note,
        })
    }
}
