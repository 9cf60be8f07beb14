//! The SPUR criteria catalog: areas, scales with their level texts, and every criterion with its
//! kind under each regulation. The catalog is data (TOML); this module parses and validates it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::messages::{Msg, Text};
use crate::model::{
    AreaId, Confidence, CriterionId, Grade, Group, Kind, PlanRelevance, Regulation, Scale,
};
use crate::read::{Checked, Reader, Span};

pub(crate) mod read;
use read::CatalogSpans;

/// The catalog version compiled into the library.
pub const EMBEDDED_VERSION: &str = "spur-2026.1";
const EMBEDDED_TOML: &str = include_str!("../catalog/spur-2026.1.toml");

/// A whole SPUR catalog revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Version name, e.g. `spur-2026.1`; inspection documents refer to it as `catalog`.
    pub version: String,
    /// Human title of the catalog.
    pub title: String,
    /// Where the catalog was transcribed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The regulations the catalog assesses against.
    pub regulations: Vec<RegulationInfo>,
    /// The eight areas A–H in report order.
    pub areas: Vec<Area>,
    /// The specialty whose kvalitetsindikatorer the catalog holds, set when the shared
    /// regulation criteria are composed with a specialty's indicator set (or without one, when
    /// the specialty has no available set). Absent in a file: the file is the shared part (or a
    /// self-contained catalog with its indicators inline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// The indicator set composed in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_set: Option<IndicatorSetInfo>,
    /// How criteria of the previous catalog version map onto this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<Mapping>,
}

/// Which indicator set a composed catalog holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSetInfo {
    /// The specialty (`allmänmedicin`).
    pub specialty: String,
    /// The specialty society that sets the indicators (`Svensk förening för allmänmedicin (SFAM)`).
    pub society: String,
    /// The set's version (`sfam-2026.1`).
    pub version: String,
}

/// The `[mapping]` table of a catalog version: how the criterion ids of the version before it
/// (`from`) map onto this one. Ids not listed keep their meaning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The older catalog version whose ids are mapped.
    pub from: String,
    /// Old id → new id: the same criterion under a new id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub renamed: BTreeMap<CriterionId, CriterionId>,
    /// Old id → new ids: one old criterion became several; each new one gets the old finding.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub split: BTreeMap<CriterionId, Vec<CriterionId>>,
    /// New id → old ids: several old criteria became one; the new one gets the worst finding.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub merged: BTreeMap<CriterionId, Vec<CriterionId>>,
    /// Old ids that no longer exist; their findings are dropped (and reported).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<CriterionId>,
}

/// A regulation as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegulationInfo {
    /// The regulation (slug such as `sosfs-2015-8` or the designation).
    pub id: Regulation,
    /// Official designation, e.g. `SOSFS 2015:8`.
    pub designation: String,
    /// Short column head used in reports, e.g. `2015`.
    pub short: String,
    /// Title of the regulation.
    pub title: String,
    /// Date it came into force.
    #[serde(deserialize_with = "crate::dates::de_date")]
    pub effective: NaiveDate,
}

/// One SPUR area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Area letter.
    pub id: AreaId,
    /// STRUKTUR or PROCESS.
    pub group: Group,
    /// Swedish title, verbatim.
    pub sv: String,
    /// English title.
    pub en: String,
    /// Grading scale.
    pub scale: Scale,
    /// The umbrella föreskrift printed at the head of the area (not a criterion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// Level texts, one per grade of the scale, best first.
    pub levels: Vec<Level>,
    /// The criteria in seed order.
    pub criteria: Vec<Criterion>,
}

/// The text of one grade level of an area's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The grade.
    pub grade: Grade,
    /// Swedish text verbatim as printed (with the leading `A.`).
    pub sv: String,
    /// English text.
    pub en: String,
    /// Where the printed text is defective: the intended Swedish text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intended_sv: Option<String>,
    /// A note on the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable id, e.g. `D.F3`.
    pub id: CriterionId,
    /// Swedish text, verbatim from the SPUR report.
    pub sv: String,
    /// English text.
    pub en: String,
    /// Kind under each regulation.
    pub kind: BTreeMap<Regulation, Kind>,
    /// Whether a brist on this criterion belongs in a handlingsplan (föreskrift or allmänt råd
    /// under some regulation). Follows from `kind`; validated against it.
    pub handlingsplan: bool,
    /// How sure the catalog is of the kind assignment (the lowest over the regulations when
    /// `confidence_by_regulation` differs per regulation).
    pub confidence: Confidence,
    /// Where the confidence differs per regulation (e.g. high under 2015, medium under 2021).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence_by_regulation: BTreeMap<Regulation, Confidence>,
    /// Why the kind was assigned so, and what may be wrong with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Criterion {
    /// The kind under `regulation` (`NotApplicable` when the catalog gives none).
    pub fn kind(&self, regulation: Regulation) -> Kind {
        self.kind
            .get(&regulation)
            .copied()
            .unwrap_or(Kind::NotApplicable)
    }
    /// How sure the catalog is of the kind under `regulation`.
    pub fn confidence_under(&self, regulation: Regulation) -> Confidence {
        self.confidence_by_regulation
            .get(&regulation)
            .copied()
            .unwrap_or(self.confidence)
    }
    /// Whether the criterion counts under `regulation`.
    pub fn applies(&self, regulation: Regulation) -> bool {
        self.kind(regulation).is_applicable()
    }
    /// What a brist means for the handlingsplan under `regulation`.
    pub fn plan_relevance(&self, regulation: Regulation) -> PlanRelevance {
        self.kind(regulation).plan_relevance()
    }
    /// The regulations the criterion is applicable under, if not all of `of`: e.g. "only 2015".
    pub fn only_under(&self, of: &[Regulation]) -> Option<Regulation> {
        let applicable: Vec<_> = Regulation::ALL
            .into_iter()
            .filter(|r| self.applies(*r))
            .collect();
        (applicable.len() == 1 && of.len() > 1).then(|| applicable[0])
    }
    /// Whether the kind differs between regulations where it applies (E.F7).
    pub fn kind_differs(&self) -> bool {
        let kinds: BTreeSet<Kind> = self
            .kind
            .values()
            .filter(|k| k.is_applicable())
            .copied()
            .collect();
        kinds.len() > 1
    }
}

impl Area {
    /// The level text for `grade`, if the scale has it.
    pub fn level(&self, grade: Grade) -> Option<&Level> {
        self.levels.iter().find(|l| l.grade == grade)
    }
    /// The criteria applicable under `regulation`.
    pub fn criteria_under(&self, regulation: Regulation) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(move |c| c.applies(regulation))
    }
}

static SHARED: OnceLock<Catalog> = OnceLock::new();

impl Catalog {
    /// The shared part of the embedded catalog: areas, scales and the föreskrift and allmänt råd
    /// criteria, without any specialty's kvalitetsindikatorer.
    pub fn shared() -> &'static Catalog {
        SHARED.get_or_init(|| {
            Catalog::from_toml_str(EMBEDDED_TOML, "embedded catalog")
                .unwrap_or_else(|e| panic!("the embedded catalog is invalid: {e}"))
        })
    }

    /// The embedded shared catalog's TOML source.
    pub fn embedded_source() -> &'static str {
        EMBEDDED_TOML
    }

    /// The catalog for a version name, if it is compiled in.
    pub fn by_version(version: &str) -> Option<&'static Catalog> {
        (version == EMBEDDED_VERSION).then(Catalog::embedded)
    }

    /// Parse and validate a catalog (e.g. a newer SPUR revision) from TOML, through the reading
    /// layer ([`crate::read`]) as inspection documents are: one parse, every problem at once,
    /// each located in `source` (values of the wrong type, missing and unknown keys, then the
    /// consistency checks of [`Catalog::validate`] when the whole catalog could be read).
    ///
    /// ```
    /// use spur_core::{Catalog, Error};
    /// let src = "version = 1\ntitle = \"T\"\nregulations = []\nnotes = \"x\"\n";
    /// let Err(Error::Invalid(d)) = Catalog::from_toml_str(src, "c.toml") else { panic!() };
    /// let text: Vec<&str> = d.0.iter().map(|d| d.message.as_str()).collect();
    /// assert_eq!(text, [
    ///     "missing required key `areas`",
    ///     "`version` must be a string, found an integer",
    ///     "unknown key `notes` in the document",
    /// ]);
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem (TOML syntax, wrong types, missing or unknown keys,
    /// unknown or repeated areas and criteria, kinds missing for a regulation, …), located in
    /// `file`.
    pub fn from_toml_str(source: &str, file: &str) -> Result<Catalog, Error> {
        let mut r = Reader::new(file, source);
        let read = read::read(&mut r);
        let mut problems = r.take_listing();
        if let Some((catalog, spans)) = &read {
            let locate = |span: Option<Span>| span.map(|s| r.location(s));
            problems.extend(catalog.validate_located(spans, &locate));
        }
        let checked = Checked::listed(read.map(|(c, _)| c), problems, file);
        match checked.document {
            Some(catalog) if checked.diagnostics.is_empty() => Ok(catalog),
            _ => Err(Error::Invalid(checked.diagnostics)),
        }
    }

    /// Whether the catalog has any kvalitetsindikator under some regulation.
    pub fn has_indicators(&self) -> bool {
        self.criteria()
            .any(|c| c.kind.values().any(|k| *k == Kind::Kvalitetsindikator))
    }

    /// The catalog was composed for a specialty whose indicator set is not available: it holds
    /// only the shared criteria, so A and B cannot be told apart.
    pub fn indicators_missing(&self) -> bool {
        self.specialty.is_some() && self.indicator_set.is_none()
    }

    /// This catalog without any kvalitetsindikator, for `specialty` whose indicator set is not
    /// available: graded on the shared criteria, with A–B left open.
    pub fn without_indicators(&self, specialty: &str) -> Catalog {
        let mut out = self.clone();
        for area in &mut out.areas {
            area.criteria
                .retain(|c| !c.kind.values().any(|k| *k == Kind::Kvalitetsindikator));
        }
        out.specialty = Some(specialty.to_string());
        out.indicator_set = None;
        out
    }

    /// A one-line description: `spur-2026.1, kvalitetsindikatorer sfam-2026.1`.
    pub fn describe(&self) -> String {
        match (&self.indicator_set, &self.specialty) {
            (Some(set), _) => format!("{}, kvalitetsindikatorer {}", self.version, set.version),
            (None, Some(sp)) => format!("{}, no indicator set for {sp}: A–B open", self.version),
            (None, None) => self.version.clone(),
        }
    }

    /// The area with id `id`. Every validated catalog has all eight.
    pub fn area(&self, id: AreaId) -> &Area {
        self.areas
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| unreachable!("validated catalogs have all areas"))
    }

    /// The criterion with id `id`.
    pub fn criterion(&self, id: CriterionId) -> Option<&Criterion> {
        self.areas
            .iter()
            .find(|a| a.id == id.area())?
            .criteria
            .iter()
            .find(|c| c.id == id)
    }

    /// Every criterion, area by area in seed order.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.areas.iter().flat_map(|a| a.criteria.iter())
    }

    /// The closest known criterion id to `input`, for "did you mean" hints.
    pub fn closest_id(&self, input: &str) -> Option<String> {
        crate::diagnostic::closest(input, self.criteria().map(|c| c.id.to_string()))
    }

    /// Whole-catalog consistency checks. Returns every problem found.
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_located(&CatalogSpans::default(), &|_| None)
    }

    /// [`Catalog::validate`], each problem located through `spans` (read with the catalog).
    fn validate_located(
        &self,
        spans: &CatalogSpans,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let bad = |path: String, at: Option<Span>, msg: Text| {
            Diagnostic::error(Code::CatalogInconsistent, path, msg).at(locate(at))
        };
        if self.version.trim().is_empty() {
            out.push(bad(
                "version".into(),
                spans.version,
                Msg::CatalogVersionEmpty.into(),
            ));
        }
        let mut regs: BTreeMap<Regulation, Option<Span>> = BTreeMap::new();
        for (i, r) in self.regulations.iter().enumerate() {
            let at = spans.regulation(i);
            if r.designation != r.id.designation() {
                out.push(bad(
                    format!("regulations[{i}].designation"),
                    at.designation,
                    Text::new(Msg::DesignationMismatch)
                        .arg("designation", &r.designation)
                        .val("id", r.id.slug()),
                ));
            }
            if let Some(first) = regs.get(&r.id) {
                out.push(first_given(
                    bad(
                        format!("regulations[{i}]"),
                        at.id,
                        Text::new(Msg::CatalogRegulationTwice).val("regulation", r.id),
                    ),
                    locate(*first),
                ));
            } else {
                regs.insert(r.id, at.id);
            }
        }
        if regs.is_empty() {
            out.push(bad(
                "regulations".into(),
                spans.regulations,
                Msg::CatalogNoRegulation.into(),
            ));
        }
        let mut seen_areas: BTreeMap<AreaId, Option<Span>> = BTreeMap::new();
        let mut seen_ids = BTreeMap::new();
        let mut seen_texts = BTreeSet::new();
        for (i, area) in self.areas.iter().enumerate() {
            let ap = format!("areas.{}", area.id);
            let area_spans = spans.area(i);
            let at = area_spans.and_then(|a| a.id);
            if let Some(first) = seen_areas.get(&area.id) {
                out.push(first_given(
                    bad(
                        ap.clone(),
                        at,
                        Text::new(Msg::AreaTwice).val("area", area.id),
                    ),
                    locate(*first),
                ));
            } else {
                seen_areas.insert(area.id, at);
            }
            if area.sv.trim().is_empty() || area.en.trim().is_empty() {
                out.push(bad(
                    ap.clone(),
                    at,
                    Text::new(Msg::AreaEmptyTitle).val("area", area.id),
                ));
            }
            let grades: Vec<Grade> = area.levels.iter().map(|l| l.grade).collect();
            if grades != area.scale.grades() {
                out.push(bad(
                    format!("{ap}.levels"),
                    at,
                    Text::new(Msg::AreaLevels)
                        .val("area", area.id)
                        .val("scale", area.scale)
                        .val("want", format!("{:?}", area.scale.grades()))
                        .val("found", format!("{grades:?}")),
                ));
            }
            for l in &area.levels {
                if l.sv.trim().is_empty() || l.en.trim().is_empty() {
                    out.push(bad(
                        format!("{ap}.levels.{}", l.grade),
                        at,
                        Msg::EmptyLevelText.into(),
                    ));
                }
            }
            if area.criteria.is_empty() {
                out.push(bad(
                    ap.clone(),
                    at,
                    Text::new(Msg::AreaNoCriteria).val("area", area.id),
                ));
            }
            for (j, c) in area.criteria.iter().enumerate() {
                let at = area_spans.and_then(|a| a.criterion(j));
                let seen = (&mut seen_ids, &mut seen_texts);
                out.extend(self.validate_criterion(area, c, seen, at, locate));
            }
        }
        for id in AreaId::ALL {
            if !seen_areas.contains_key(&id) {
                out.push(bad(
                    "areas".into(),
                    spans.areas,
                    Text::new(Msg::AreaMissing).val("area", id),
                ));
            }
        }
        if let Some(m) = &self.mapping {
            let at = spans.mapping;
            out.extend(
                self.validate_mapping(m)
                    .into_iter()
                    .map(|d| d.at(locate(at))),
            );
        }
        out
    }

    fn validate_mapping(&self, m: &Mapping) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let bad = |path: &str, msg: Text| {
            Diagnostic::error(Code::CatalogInconsistent, format!("mapping.{path}"), msg)
        };
        if m.from.trim().is_empty() || m.from == self.version {
            out.push(bad(
                "from",
                Text::new(Msg::MappingFrom).arg("from", &m.from),
            ));
        }
        // Indicator ids belong to the specialty sets; only shared ids can be checked here.
        let known = |id: &CriterionId| {
            id.letter() == crate::model::KindLetter::K || self.criterion(*id).is_some()
        };
        let mut targets: Vec<(&str, CriterionId)> = Vec::new();
        targets.extend(m.renamed.values().map(|t| ("renamed", *t)));
        targets.extend(m.split.values().flatten().map(|t| ("split", *t)));
        targets.extend(m.merged.keys().map(|t| ("merged", *t)));
        for (table, t) in targets {
            if !known(&t) {
                out.push(bad(
                    table,
                    Text::new(Msg::MappingTarget)
                        .arg("table", table)
                        .val("id", t),
                ));
            }
        }
        let mut olds = BTreeSet::new();
        let all_olds = m
            .renamed
            .keys()
            .chain(m.split.keys())
            .chain(m.merged.values().flatten())
            .chain(m.removed.iter());
        for old in all_olds {
            if !olds.insert(*old) {
                out.push(bad("", Text::new(Msg::MappingTwice).val("id", old)));
            }
        }
        out
    }

    /// The checks of one criterion, located at `at` (its id); `seen` holds the ids (with
    /// where they were first given) and texts of the criteria before it.
    fn validate_criterion(
        &self,
        area: &Area,
        c: &Criterion,
        seen: SeenCriteria<'_>,
        at: Option<Span>,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let (seen_ids, seen_texts) = seen;
        let mut out = Vec::new();
        let path = format!("criteria.\"{}\"", c.id);
        let make = |msg: Text| {
            Diagnostic::error(Code::CatalogInconsistent, path.clone(), msg).at(locate(at))
        };
        if c.id.area() != area.id {
            out.push(make(
                Text::new(Msg::CriterionWrongArea)
                    .val("id", c.id)
                    .val("area", area.id),
            ));
        }
        match seen_ids.get(&c.id) {
            Some(first) => out.push(first_given(
                make(Text::new(Msg::CriterionIdTwice).val("id", c.id)),
                locate(*first),
            )),
            None => {
                seen_ids.insert(c.id, at);
            }
        }
        let mut bad = |msg: Text| out.push(make(msg));
        if c.sv.trim().is_empty() || c.en.trim().is_empty() {
            bad(Text::new(Msg::CriterionEmptyText).val("id", c.id));
        } else if !seen_texts.insert(c.sv.clone()) {
            bad(Text::new(Msg::CriterionTextTwice).val("id", c.id));
        }
        for r in &self.regulations {
            if !c.kind.contains_key(&r.id) {
                bad(Text::new(Msg::CriterionNoKind)
                    .val("id", c.id)
                    .val("regulation", r.id));
            }
        }
        if !self.regulations.iter().any(|r| c.applies(r.id)) {
            bad(Text::new(Msg::CriterionNowhere).val("id", c.id));
        }
        let derived = c
            .kind
            .values()
            .any(|k| k.plan_relevance() != PlanRelevance::None);
        if c.handlingsplan != derived {
            bad(Text::new(Msg::CriterionPlanFlag)
                .val("id", c.id)
                .val("flag", c.handlingsplan)
                .val("derived", derived));
        }
        if let Some(worst) = c.confidence_by_regulation.values().max()
            && *worst != c.confidence
        {
            bad(Text::new(Msg::CriterionConfidence)
                .val("id", c.id)
                .val("confidence", c.confidence)
                .val("worst", worst));
        }
        if area.scale == Scale::Abd && c.kind.values().any(|k| *k == Kind::AllmantRad) {
            bad(Text::new(Msg::CriterionAdviceOnAbd)
                .val("id", c.id)
                .val("area", area.id));
        }
        out
    }
}

/// The ids (with where each was first given) and texts of the criteria checked so far.
type SeenCriteria<'a> = (
    &'a mut BTreeMap<CriterionId, Option<Span>>,
    &'a mut BTreeSet<String>,
);

/// `d` with a `first given here` label at `first`, when it is known.
fn first_given(d: Diagnostic, first: Option<Location>) -> Diagnostic {
    match first {
        Some(loc) => d.with_label(loc, Msg::FirstGivenHere),
        None => d,
    }
}
