//! # spur-grading
//!
//! Turns an [`InspectionDocument`] into a grade for every area A–H under every regulation the
//! unit trains under, explains each grade with the criteria that decided it, and works out what
//! the unit must do (the handlingsplan).
//!
//! ## The rule (from the SPUR grading scale)
//! For one area under one regulation, using only the criteria applicable under that regulation,
//! each with its kind under that regulation:
//! 1. any föreskrift `not_met`/`partially_met` → **D**;
//! 2. else, on the 4-level scale, any allmänt råd brist → **C**;
//! 3. else kvalitetsindikatorer not met ≤ the tolerance → **A**, more → **B**
//!    ("enstaka undantag kan förekomma" — the tolerance is a [`Settings`] value, default 1).
//!
//! `not_assessed` criteria make a grade provisional (best case vs worst case); an override
//! replaces the grade; a received, complete handlingsplan adjusts D to C on the 4-level scale.
//!
//! ```
//! use spur_core::{Catalog, InspectionDocument, Grade, AreaId, Regulation};
//! use spur_grading::{grade, Settings};
//! let doc = InspectionDocument::from_toml_str(r#"
//! [inspection]
//! unit = "Exempel"
//! visit_date = 2026-01-20
//! regulations = ["HSLF-FS 2021:8"]
//! [findings]
//! "D.F6" = "not_met"
//! "#).unwrap();
//! let grading = grade(&doc, Catalog::embedded(), &Settings::default());
//! let d = grading.result(AreaId::D, Regulation::HslfFs2021_8).unwrap();
//! assert_eq!(d.final_grade, Some(Grade::D));
//! assert!(grading.handlingsplan_required);
//! ```
#![forbid(unsafe_code)]

mod explain;
mod graded;
pub mod marks;
mod rule;
mod text;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{
    AreaId, Catalog, CriterionId, Grade, InspectionDocument, Kind, PlanRelevance, Regulation,
    Scale, Status, Statuses,
};

pub use explain::{Lift, lift};
pub use graded::Graded;
pub use rule::{Counts, evaluate};
pub use text::ADJUSTMENT_NOTE_SV;

/// Grading settings. Visible on purpose: the seed does not define "enstaka undantag".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Settings {
    /// How many kvalitetsindikatorer may be unmet (`not_met` or `partially_met`) in an area and
    /// still give A ("enstaka undantag kan förekomma"). Default 1.
    pub tolerance: usize,
}

impl Settings {
    /// Settings with `tolerance` unmet kvalitetsindikatorer allowed for an A.
    pub fn with_tolerance(tolerance: usize) -> Settings {
        Settings { tolerance }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings { tolerance: 1 }
    }
}

/// Errors of the grading crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document does not fit the catalog it is graded against.
    #[error("the document is not valid against catalog {catalog}:\n{diagnostics}")]
    Invalid {
        /// Catalog version.
        catalog: String,
        /// The problems.
        diagnostics: spur_core::Diagnostics,
    },
}

/// A text in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    /// Swedish.
    pub sv: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: spur_core::Lang) -> &str {
        match lang {
            spur_core::Lang::Sv => &self.sv,
            spur_core::Lang::En => &self.en,
        }
    }
}

/// The graded inspection: one result per area and regulation, plus the handlingsplan verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Grading {
    /// The unit's name.
    pub unit: String,
    /// Catalog version graded against.
    pub catalog: String,
    /// The specialty whose kvalitetsindikatorer were used (absent for a self-contained catalog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// The indicator set graded with; `null` when the specialty has no available set (then A–B
    /// is left open where only the indicators could decide).
    pub indicator_set: Option<spur_core::IndicatorSetInfo>,
    /// Mappings applied because the inspection was made with an older catalog version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<spur_core::AppliedMapping>,
    /// The regulations the unit trains under (one column each).
    pub regulations: Vec<Regulation>,
    /// The settings used.
    pub settings: Settings,
    /// Whether the unit must send a handlingsplan: some area is D under some regulation.
    pub handlingsplan_required: bool,
    /// Date the handlingsplan was received, if it was.
    pub handlingsplan_received: Option<NaiveDate>,
    /// Per area, in order A–H.
    pub areas: Vec<AreaGrading>,
    /// Every brist the handlingsplan should answer: required items (föreskrift) first, then
    /// recommended (allmänt råd), each in catalog order.
    pub plan_items: Vec<PlanItem>,
}

/// The grades of one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct AreaGrading {
    /// Area letter.
    pub area: AreaId,
    /// The area's scale.
    pub scale: Scale,
    /// One result per regulation the unit trains under.
    pub results: Vec<RegulationResult>,
}

/// The grade of one area under one regulation, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct RegulationResult {
    /// The regulation.
    pub regulation: Regulation,
    /// The grade the rule gives (best case when provisional); `null` when not graded.
    pub computed: Option<Grade>,
    /// The grade that stands after override or adjustment; `null` when not graded.
    #[serde(rename = "final")]
    pub final_grade: Option<Grade>,
    /// Some applicable criteria are unassessed and could change the grade.
    pub provisional: bool,
    /// `[best, worst]` when provisional.
    pub range: Option<[Grade; 2]>,
    /// D was adjusted to C because a complete handlingsplan was received.
    pub adjusted: bool,
    /// The inspector overrode the computed grade.
    pub overridden: bool,
    /// The override's reason, when overridden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    /// The handlingsplan was received (whether or not it adjusted the grade).
    pub plan_received: bool,
    /// Required plan items of this area and regulation that the plan does not (fully) answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_plan_items: Vec<MissingPlanItem>,
    /// Unassessed criteria that decide a provisional grade.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciding: Vec<CriterionId>,
    /// One sentence on the grade.
    pub summary: Text,
    /// Notes on override or adjustment, e.g. "Handlingsplan inkommen. Gradering justerad till C."
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// The criteria that decided the grade, with their kind and status.
    pub reasons: Vec<Reason>,
}

impl RegulationResult {
    /// Whether the area has any grade under this regulation.
    pub fn is_graded(&self) -> bool {
        self.final_grade.is_some()
    }
}

/// One deciding criterion in the trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reason {
    /// The criterion.
    pub criterion: CriterionId,
    /// Its kind under the regulation of the result.
    pub kind: Kind,
    /// Its status under that regulation.
    pub status: Status,
    /// Why it matters, in Swedish.
    pub sv: String,
    /// Why it matters, in English.
    pub en: String,
}

impl Reason {
    /// Why it matters, in `lang`.
    pub fn get(&self, lang: spur_core::Lang) -> &str {
        match lang {
            spur_core::Lang::Sv => &self.sv,
            spur_core::Lang::En => &self.en,
        }
    }
}

/// A required plan item that the handlingsplan lacks or leaves incomplete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct MissingPlanItem {
    /// The criterion.
    pub criterion: CriterionId,
    /// The form fields that are empty; empty list means there is no entry at all.
    pub missing_fields: Vec<String>,
}

/// A brist the handlingsplan should answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct PlanItem {
    /// The criterion.
    pub criterion: CriterionId,
    /// Its area.
    pub area: AreaId,
    /// Required (föreskrift under some regulation) or recommended (allmänt råd only).
    pub relevance: PlanRelevance,
    /// The regulations under which it is a brist of that relevance.
    pub regulations: Vec<Regulation>,
    /// The finding's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether the handlingsplan has a complete entry for it.
    pub answered: bool,
}

impl Grading {
    /// The result for `area` under `regulation`.
    pub fn result(&self, area: AreaId, regulation: Regulation) -> Option<&RegulationResult> {
        self.areas
            .iter()
            .find(|a| a.area == area)?
            .results
            .iter()
            .find(|r| r.regulation == regulation)
    }

    /// The grading as pretty JSON (the documented shape, see `docs/grading-json.md`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// JSON Schema of the grading output.
    pub fn json_schema() -> String {
        spur_core::schema::generate::<Grading>("grading", spur_core::schema::Direction::Output)
    }
}

/// Grade a document that has already been validated against `catalog`.
///
/// Criteria the catalog does not know are ignored here (validation reports them); use
/// [`grade_checked`] to validate and grade in one step.
///
/// Grading the seed, and its handlingsplan items:
///
/// ```
/// use spur_core::{AreaId, Catalog, Grade, InspectionDocument, PlanRelevance, Regulation};
/// use spur_grading::{Settings, grade};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-vardcentral.toml");
/// let (doc, _warnings) = InspectionDocument::read_file(path.as_ref(), Catalog::embedded()).unwrap();
/// let grading = grade(&doc, Catalog::embedded(), &Settings::default());
/// let d = grading.result(AreaId::D, Regulation::HslfFs2021_8).unwrap();
/// assert_eq!(d.final_grade, Some(Grade::C)); // D.F6 not met, but the handlingsplan is in
/// assert!(!d.provisional);
///
/// // Every föreskrift brist needs an entry in the handlingsplan; the seed answers all six.
/// let required: Vec<String> = grading
///     .plan_items
///     .iter()
///     .filter(|item| item.relevance == PlanRelevance::Required)
///     .map(|item| item.criterion.to_string())
///     .collect();
/// assert_eq!(required, ["D.F6", "E.F1", "E.F4", "H.F2", "H.F7", "H.F9"]);
/// assert!(grading.plan_items.iter().all(|item| item.answered));
/// ```
pub fn grade(doc: &InspectionDocument, catalog: &Catalog, settings: &Settings) -> Grading {
    let statuses = doc.statuses();
    let plan_items = plan_items_of(doc, &statuses, catalog);
    let missing = catalog
        .indicators_missing()
        .then_some(catalog.specialty.as_deref().unwrap_or_default());
    let areas: Vec<AreaGrading> = catalog
        .areas
        .iter()
        .map(|area| AreaGrading {
            area: area.id,
            scale: area.scale,
            results: doc
                .inspection
                .regulations
                .iter()
                .map(|reg| rule::grade_area(doc, &statuses, area, *reg, settings, missing))
                .collect(),
        })
        .collect();
    let handlingsplan_required = areas.iter().flat_map(|a| &a.results).any(|r| {
        let before_adjustment = if r.adjusted {
            Some(Grade::D)
        } else {
            r.final_grade
        };
        before_adjustment == Some(Grade::D)
    });
    Grading {
        unit: doc.inspection.unit.clone(),
        catalog: catalog.version.clone(),
        specialty: catalog.specialty.clone(),
        indicator_set: catalog.indicator_set.clone(),
        mappings: Vec::new(),
        regulations: doc.inspection.regulations.clone(),
        settings: *settings,
        handlingsplan_required,
        handlingsplan_received: doc.handlingsplan.as_ref().and_then(|p| p.received),
        areas,
        plan_items,
    }
}

/// Validate `doc` against `catalog`, then grade it.
///
/// # Errors
///
/// [`Error::Invalid`] with every problem when `doc` has an error against `catalog` (nothing is
/// graded).
pub fn grade_checked(
    doc: &InspectionDocument,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<Grading, Error> {
    let diagnostics = doc.validate(catalog);
    if diagnostics.has_errors() {
        return Err(Error::Invalid {
            catalog: catalog.version.clone(),
            diagnostics,
        });
    }
    Ok(grade(doc, catalog, settings))
}

/// Every brist that belongs in the handlingsplan: required first, then recommended.
pub fn plan_items(doc: &InspectionDocument, catalog: &Catalog) -> Vec<PlanItem> {
    plan_items_of(doc, &doc.statuses(), catalog)
}

/// [`plan_items`] with the document's statuses already looked up.
fn plan_items_of(
    doc: &InspectionDocument,
    statuses: &Statuses,
    catalog: &Catalog,
) -> Vec<PlanItem> {
    let mut required = Vec::new();
    let mut recommended = Vec::new();
    for c in catalog.criteria() {
        let mut by_relevance: BTreeMap<PlanRelevance, Vec<Regulation>> = BTreeMap::new();
        for reg in &doc.inspection.regulations {
            let relevance = c.plan_relevance(*reg);
            if relevance != PlanRelevance::None && statuses.get(c.id, *reg).is_brist() {
                by_relevance.entry(relevance).or_default().push(*reg);
            }
        }
        let Some((relevance, regulations)) = by_relevance.into_iter().next() else {
            continue;
        };
        let item = PlanItem {
            criterion: c.id,
            area: c.id.area(),
            relevance,
            regulations,
            note: doc.findings.get(&c.id).and_then(|f| f.note.clone()),
            answered: entry_complete(doc, c.id),
        };
        match relevance {
            PlanRelevance::Required => required.push(item),
            _ => recommended.push(item),
        }
    }
    required.extend(recommended);
    required
}

/// Whether the handlingsplan has a complete entry for `criterion`.
pub(crate) fn entry_complete(doc: &InspectionDocument, criterion: CriterionId) -> bool {
    doc.handlingsplan.as_ref().is_some_and(|p| {
        p.entries
            .iter()
            .any(|e| e.criterion == criterion && e.is_complete())
    })
}
