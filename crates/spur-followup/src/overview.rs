//! The regional overview over many inspection documents.
//!
//! Each file is read, validated, graded and reduced to a small [`UnitRow`] (plus its overdue
//! plan entries) in parallel; the document itself is dropped at once, so memory grows only
//! with the result table. A file that cannot be read or is invalid becomes a [`FileError`] and
//! the run goes on. Output is sorted — units by name in Swedish alphabetical order (see
//! [`collation_key`]), then file path; errors by path — so the
//! same inputs always give the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use spur_core::{
    AreaId, Catalog, CriterionId, Format, Grade, InspectionDocument, Regulation, Warnings,
};
use spur_grading::{Settings, marks};

use crate::Error;
use crate::dates::add_years;
use crate::followup::{EntryState, entry_state};
use crate::plan_states::PlanStates;

/// What the overview needs besides the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverviewOptions {
    /// The date plan states and re-inspection are judged on.
    pub as_of: NaiveDate,
    /// A unit is due for re-inspection when its visit is more than this many years before
    /// `as_of` (default 5).
    pub reinspect_years: u32,
    /// Grading settings (tolerance).
    pub settings: Settings,
}

impl OverviewOptions {
    /// Options for `as_of` with the defaults: re-inspection after 5 years, default tolerance.
    pub fn new(as_of: NaiveDate) -> Self {
        OverviewOptions {
            as_of,
            reinspect_years: 5,
            settings: Settings::default(),
        }
    }
}

/// Final grades of one unit: area × regulation. Serialised as
/// `{"A": {"SOSFS 2015:8": "A", "HSLF-FS 2021:8": "B"}, …}` listing only the regulations the
/// unit trains under; `null` is an area that could not be graded (nothing applicable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GradeMatrix {
    cells: [[Option<Grade>; 2]; 8],
    trained: [bool; 2],
    provisional: u16,
    adjusted: u16,
    overridden: u16,
    ranges: [[Option<[Grade; 2]>; 2]; 8],
}

fn reg_index(r: Regulation) -> usize {
    match r {
        Regulation::Sosfs2015_8 => 0,
        Regulation::HslfFs2021_8 => 1,
    }
}

fn area_index(a: AreaId) -> usize {
    AreaId::ALL.iter().position(|x| *x == a).unwrap_or(0)
}

fn bit(a: AreaId, r: Regulation) -> u16 {
    1 << (area_index(a) * 2 + reg_index(r))
}

impl GradeMatrix {
    /// Whether the unit trains under `regulation` (has a column for it).
    pub fn trains_under(&self, regulation: Regulation) -> bool {
        self.trained[reg_index(regulation)]
    }
    /// The final grade of `area` under `regulation`; `None` when not graded or not trained under.
    pub fn grade(&self, area: AreaId, regulation: Regulation) -> Option<Grade> {
        self.cells[area_index(area)][reg_index(regulation)]
    }
    /// Whether that grade is provisional (unassessed criteria could change it).
    pub fn is_provisional(&self, area: AreaId, regulation: Regulation) -> bool {
        self.provisional & bit(area, regulation) != 0
    }
    /// Whether that grade was adjusted from D to C because a complete plan was received.
    pub fn is_adjusted(&self, area: AreaId, regulation: Regulation) -> bool {
        self.adjusted & bit(area, regulation) != 0
    }
    /// The worst final grade over every area and regulation.
    pub fn worst(&self) -> Option<Grade> {
        self.cells.iter().flatten().flatten().max().copied()
    }
    /// The worst final grade of `area` over the regulations (`None`: not graded under any).
    pub fn worst_in(&self, area: AreaId) -> Option<Grade> {
        self.cells[area_index(area)].iter().flatten().max().copied()
    }
    /// The areas whose final grade is D under some regulation.
    pub fn d_areas(&self) -> Vec<AreaId> {
        AreaId::ALL
            .into_iter()
            .filter(|a| {
                Regulation::ALL
                    .iter()
                    .any(|r| self.grade(*a, *r) == Some(Grade::D))
            })
            .collect()
    }
    /// A short cell text: the grade, `?` when not graded, `-` when not trained under; `*`
    /// marks provisional, `^` adjusted D→C.
    pub fn cell_text(&self, area: AreaId, regulation: Regulation) -> String {
        self.mark(area, regulation)
            .map_or_else(|| NOT_TRAINED.to_string(), |m| m.text)
    }

    /// The grade as every spur output marks it ([`spur_grading::marks`]: `A`, `D→C`, `C*`,
    /// `A–D`, `–`); `None` when the unit does not train under `regulation`.
    pub fn mark(&self, area: AreaId, regulation: Regulation) -> Option<marks::Mark> {
        if !self.trains_under(regulation) {
            return None;
        }
        let b = bit(area, regulation);
        Some(marks::mark_of(
            self.grade(area, regulation),
            self.overridden & b != 0,
            self.ranges[area_index(area)][reg_index(regulation)]
                .filter(|_| self.provisional & b != 0),
            (self.adjusted & b != 0).then_some(Grade::D),
        ))
    }
}

/// The cell of a regulation the unit does not train under.
pub const NOT_TRAINED: &str = "-";

impl Serialize for GradeMatrix {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Regs<'a>(&'a GradeMatrix, AreaId);
        impl Serialize for Regs<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for r in Regulation::ALL
                    .into_iter()
                    .filter(|r| self.0.trains_under(*r))
                {
                    m.serialize_entry(r.designation(), &self.0.grade(self.1, r))?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(8))?;
        for a in AreaId::ALL {
            m.serialize_entry(&a, &Regs(self, a))?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for GradeMatrix {
    /// Reads the serialised shape back; whether a grade was provisional or adjusted is not part
    /// of it, so those marks are lost.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<AreaId, BTreeMap<Regulation, Option<Grade>>>::deserialize(d)?;
        let mut m = GradeMatrix::default();
        for (area, regs) in map {
            for (r, g) in regs {
                m.trained[reg_index(r)] = true;
                m.cells[area_index(area)][reg_index(r)] = g;
            }
        }
        Ok(m)
    }
}

impl JsonSchema for GradeMatrix {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "GradeMatrix".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<AreaId, BTreeMap<String, Option<Grade>>>>::json_schema(g)
    }
}

/// One unit (one inspection document) in the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitRow {
    /// The unit's name.
    pub unit: String,
    /// Region, when given.
    pub region: Option<String>,
    /// Specialty, when given.
    pub specialty: Option<String>,
    /// The file it was read from, as given.
    pub file: String,
    /// Date of the visit.
    pub visit_date: NaiveDate,
    /// The regulations the unit trains under.
    pub regulations: Vec<Regulation>,
    /// Final grades, area × regulation.
    pub grades: GradeMatrix,
    /// The worst final grade of the unit.
    pub worst: Option<Grade>,
    /// Areas whose grade is provisional under some regulation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_areas: Vec<AreaId>,
    /// Areas adjusted from D to C under some regulation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjusted_areas: Vec<AreaId>,
    /// Whether the unit must send a handlingsplan (some area D before adjustment).
    pub handlingsplan_required: bool,
    /// Date the plan was received, `null` when not.
    pub plan_received: Option<NaiveDate>,
    /// Number of plan entries.
    pub plan_entries: usize,
    /// Plan entries per state on the as-of date (only states that occur).
    pub plan_states: PlanStates,
    /// The date re-inspection falls due: visit date plus the interval.
    pub reinspection_due: NaiveDate,
    /// Whether that date has passed on the as-of date and no newer visit of the same unit
    /// (same unit and region) is among the files: a unit re-inspected since is not due.
    pub reinspection_overdue: bool,
}

impl UnitRow {
    /// Whether the unit has a D and no received handlingsplan.
    pub fn missing_plan(&self) -> bool {
        self.handlingsplan_required && self.plan_received.is_none()
    }
    /// Number of plan entries `overdue` or `follow_up_overdue`.
    pub fn overdue_entries(&self) -> usize {
        self.plan_states
            .iter()
            .filter(|(s, _)| s.is_overdue())
            .map(|(_, n)| n)
            .sum()
    }
}

/// A plan entry that is `overdue` or `follow_up_overdue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OverdueEntry {
    /// The unit.
    pub unit: String,
    /// Its file.
    pub file: String,
    /// The criterion the entry answers.
    pub criterion: CriterionId,
    /// `overdue` or `follow_up_overdue`.
    pub state: EntryState,
    /// Due date.
    pub due: Option<NaiveDate>,
    /// Follow-up date.
    pub follow_up: Option<NaiveDate>,
    /// Days past the deciding date.
    pub days: Option<i64>,
}

/// A unit with a D and no received handlingsplan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MissingPlan {
    /// The unit.
    pub unit: String,
    /// Its file.
    pub file: String,
    /// Date of the visit.
    pub visit_date: NaiveDate,
    /// The areas graded D.
    pub d_areas: Vec<AreaId>,
}

/// A unit due for re-inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reinspection {
    /// The unit.
    pub unit: String,
    /// Its file.
    pub file: String,
    /// Date of the last visit.
    pub visit_date: NaiveDate,
    /// Visit date plus the interval.
    pub due: NaiveDate,
    /// Days since `due`.
    pub days_overdue: i64,
}

/// A file that could not be used, with its first error on one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileError {
    /// The file, as given.
    pub file: String,
    /// What went wrong, on one line.
    pub error: String,
}

/// The regional overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Overview {
    /// The date everything is judged on.
    pub as_of: NaiveDate,
    /// Re-inspection interval in years.
    pub reinspect_years: u32,
    /// Files looked at (read or not).
    pub files: usize,
    /// One row per readable document, sorted by unit, then file.
    pub units: Vec<UnitRow>,
    /// Units with a D and no received handlingsplan, in unit order.
    pub missing_plan: Vec<MissingPlan>,
    /// Plan entries overdue or with follow-up overdue, by unit, then plan order.
    pub overdue_entries: Vec<OverdueEntry>,
    /// Units whose newest visit among the files is older than the interval, in unit order.
    pub reinspection_due: Vec<Reinspection>,
    /// Files that could not be used, by path.
    pub errors: Vec<FileError>,
    /// Units with several inspections among the files (same unit and region): the grades per
    /// area over the visit dates, oldest first; in unit order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trends: Vec<UnitTrend>,
}

/// One unit inspected more than once: its grades per area over the visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnitTrend {
    /// The unit.
    pub unit: String,
    /// Its region, when given.
    pub region: Option<String>,
    /// The inspections, oldest first.
    pub visits: Vec<TrendVisit>,
    /// Per area: the grade at each visit (in the order of `visits`).
    pub areas: Vec<AreaTrend>,
}

/// One inspection in a [`UnitTrend`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TrendVisit {
    /// Date of the visit.
    pub visit_date: NaiveDate,
    /// The file it was read from.
    pub file: String,
}

/// One area of a [`UnitTrend`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaTrend {
    /// The area.
    pub area: AreaId,
    /// The grade at each visit as the overview table shows it: `SOSFS 2015:8 / HSLF-FS 2021:8`
    /// (`-` not trained under), e.g. `C/-`, `D→C/B`.
    pub marks: Vec<String>,
    /// The worst final grade over the regulations at each visit (`null`: not graded).
    pub worst: Vec<Option<Grade>>,
    /// The newest visit against the oldest, by the worst grade.
    pub change: spur_report::compare::Change,
}

/// What makes two rows visits of one unit: the trimmed unit name and the region.
/// A unit as the overview tells units apart: the trimmed name and the region, borrowed from
/// the row (nothing is copied per row to group them).
type UnitKey<'a> = (&'a str, Option<&'a str>);

fn unit_key(row: &UnitRow) -> UnitKey<'_> {
    (row.unit.trim(), row.region.as_deref())
}

/// For each of `summaries`, whether a newer visit of the same unit is among them (the later
/// file name wins a tie, as in the trends): such a visit is not due for re-inspection.
fn superseded_visits(summaries: &[UnitSummary]) -> Vec<bool> {
    let mut newest: HashMap<UnitKey<'_>, (NaiveDate, &str)> =
        HashMap::with_capacity(summaries.len());
    for s in summaries {
        let visit = (s.row.visit_date, s.row.file.as_str());
        newest
            .entry(unit_key(&s.row))
            .and_modify(|v| *v = (*v).max(visit))
            .or_insert(visit);
    }
    summaries
        .iter()
        .map(|s| newest.get(&unit_key(&s.row)) != Some(&(s.row.visit_date, s.row.file.as_str())))
        .collect()
}

/// The trends of the units that occur more than once (same unit and region) among `rows`.
fn trends(rows: &[UnitRow]) -> Vec<UnitTrend> {
    // Count each unit's visits first, so that only the repeated units gather their rows.
    let mut seen: HashMap<UnitKey<'_>, (usize, usize)> = HashMap::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        seen.entry(unit_key(row)).or_insert((i, 0)).1 += 1;
    }
    let mut repeated: Vec<(usize, UnitKey<'_>)> = seen
        .into_iter()
        .filter(|(_, (_, visits))| *visits > 1)
        .map(|(key, (first, _))| (first, key))
        .collect();
    // In the order each unit first occurs.
    repeated.sort_unstable_by_key(|(first, _)| *first);
    let mut visits_of: HashMap<UnitKey<'_>, Vec<&UnitRow>> =
        repeated.iter().map(|(_, key)| (*key, Vec::new())).collect();
    for row in rows {
        if let Some(visits) = visits_of.get_mut(&unit_key(row)) {
            visits.push(row);
        }
    }
    let groups = repeated.into_iter().map(|(_, key)| {
        let visits = visits_of.remove(&key).unwrap_or_default();
        ((key.0.to_string(), key.1.map(str::to_string)), visits)
    });
    groups
        .map(|((unit, region), mut visits)| {
            visits.sort_by(|a, b| (a.visit_date, &a.file).cmp(&(b.visit_date, &b.file)));
            let areas = AreaId::ALL
                .into_iter()
                .map(|area| {
                    let worst: Vec<Option<Grade>> =
                        visits.iter().map(|r| r.grades.worst_in(area)).collect();
                    let change = match (
                        worst.first().copied().flatten(),
                        worst.last().copied().flatten(),
                    ) {
                        (Some(a), Some(b)) if b < a => spur_report::compare::Change::Improved,
                        (Some(a), Some(b)) if b > a => spur_report::compare::Change::Worsened,
                        (Some(_), Some(_)) => spur_report::compare::Change::Unchanged,
                        _ => spur_report::compare::Change::NotComparable,
                    };
                    AreaTrend {
                        area,
                        marks: visits
                            .iter()
                            .map(|r| {
                                Regulation::ALL
                                    .iter()
                                    .map(|reg| r.grades.cell_text(area, *reg))
                                    .collect::<Vec<_>>()
                                    .join("/")
                            })
                            .collect(),
                        worst,
                        change,
                    }
                })
                .collect();
            UnitTrend {
                unit,
                region,
                visits: visits
                    .iter()
                    .map(|r| TrendVisit {
                        visit_date: r.visit_date,
                        file: r.file.clone(),
                    })
                    .collect(),
                areas,
            }
        })
        .collect()
}

/// One document reduced to what the overview keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    /// The row.
    pub row: UnitRow,
    /// Its overdue plan entries.
    pub overdue: Vec<OverdueEntry>,
}

/// Expand the inputs: a directory gives its `*.toml` and `*.json` files (not recursive; names
/// starting with `.` are skipped), sorted by name; a file is taken as given, whatever its
/// extension (a missing file shows up later as a [`FileError`]). A directory that cannot be
/// listed becomes a [`FileError`].
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        match std::fs::read_dir(input) {
            Ok(rd) => {
                let mut found: Vec<PathBuf> = rd
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                        !name.starts_with('.')
                            && (ext.eq_ignore_ascii_case("toml")
                                || ext.eq_ignore_ascii_case("json"))
                            && p.is_file()
                    })
                    .collect();
                found.sort();
                files.extend(found);
            }
            Err(e) => errors.push(FileError {
                file: input.display().to_string(),
                error: format!("cannot list directory: {e}"),
            }),
        }
    }
    (files, errors)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read, validate and summarise one document from its source text. `file` names it in the row
/// and in errors.
///
/// # Errors
///
/// [`Error::Invalid`] with the file's first error and the count of the rest when the document
/// does not validate against `catalog`.
pub fn summarize_source(
    source: &str,
    file: &str,
    format: Format,
    catalog: &Catalog,
    options: &OverviewOptions,
) -> Result<UnitSummary, Error> {
    summarize_source_in(source, file, format, Catalogs::One(catalog), options)
}

/// Which catalog a document of the overview is read and graded with.
#[derive(Debug, Clone, Copy)]
pub enum Catalogs<'a> {
    /// The same catalog for every document (`--catalog FILE` or the embedded one).
    One(&'a Catalog),
    /// Each document's own choice from a library: the indicator set of its `specialty` and its
    /// catalog version (`--catalog-dir`, `SPUR_CATALOG_PATH`), so a region's overview may hold
    /// units of several specialties.
    Library(&'a spur_core::CatalogLibrary),
}

/// [`summarize_source`] with the catalog chosen by `catalogs`.
///
/// # Errors
///
/// As [`summarize_source`].
pub fn summarize_source_in(
    source: &str,
    file: &str,
    format: Format,
    catalogs: Catalogs<'_>,
    options: &OverviewOptions,
) -> Result<UnitSummary, Error> {
    // Warnings (unassessed criteria) are not part of the overview: skip building them.
    let owned;
    let (checked, catalog): (_, &Catalog) = match catalogs {
        Catalogs::One(catalog) => (
            InspectionDocument::check_with(source, file, format, catalog, Warnings::Skip),
            catalog,
        ),
        Catalogs::Library(library) => {
            let c = InspectionDocument::check_in(source, file, format, library, Warnings::Skip);
            owned = c.catalog;
            (c.checked, &*owned)
        }
    };
    let (doc, _warnings) = checked.into_result().map_err(|e| match e {
        spur_core::Error::Invalid(diags) => {
            let count = diags.totals().0;
            let first = diags.errors().next().map_or_else(
                || "the document could not be read".to_string(),
                |d| {
                    let at = match &d.location {
                        Some(l) if l.line > 0 => format!(" (line {}, column {})", l.line, l.column),
                        _ if !d.path.is_empty() => format!(" (at `{}`)", d.path),
                        _ => String::new(),
                    };
                    one_line(&format!("error[{}]: {}{at}", d.code, d.message))
                },
            );
            Error::Invalid {
                path: file.to_string(),
                first,
                count,
            }
        }
        spur_core::Error::Io { path, source } => Error::Io { path, source },
    })?;
    Ok(summarize(&doc, file, catalog, options))
}

/// Read a file and summarise it; any failure becomes a [`FileError`] with one line of text.
///
/// # Errors
///
/// A [`FileError`] naming the file when it cannot be read, is not UTF-8, or does not validate.
pub fn summarize_file(
    path: &Path,
    catalog: &Catalog,
    options: &OverviewOptions,
) -> Result<UnitSummary, FileError> {
    summarize_file_in(path, Catalogs::One(catalog), options)
}

/// [`summarize_file`] with the catalog chosen by `catalogs`.
///
/// # Errors
///
/// As [`summarize_file`].
pub fn summarize_file_in(
    path: &Path,
    catalogs: Catalogs<'_>,
    options: &OverviewOptions,
) -> Result<UnitSummary, FileError> {
    let file = path.display().to_string();
    let fail = |e: Error| FileError {
        file: file.clone(),
        error: one_line(&e.to_string()),
    };
    let bytes = std::fs::read(path).map_err(|source| {
        fail(Error::Io {
            path: file.clone(),
            source,
        })
    })?;
    let source = String::from_utf8(bytes).map_err(|e| {
        fail(Error::NotUtf8 {
            path: file.clone(),
            offset: e.utf8_error().valid_up_to(),
        })
    })?;
    summarize_source_in(&source, &file, Format::from_path(path), catalogs, options).map_err(fail)
}

fn summarize(
    doc: &InspectionDocument,
    file: &str,
    catalog: &Catalog,
    options: &OverviewOptions,
) -> UnitSummary {
    let grading = spur_grading::grade(doc, catalog, &options.settings);
    summarize_graded(doc, &grading, file, options)
}

/// Summarise a document already read and graded (e.g. a stored version with its stored
/// grading: the store's overview reads and grades nothing again). `file` names it in the row.
pub fn summarize_graded(
    doc: &InspectionDocument,
    grading: &spur_grading::Grading,
    file: &str,
    options: &OverviewOptions,
) -> UnitSummary {
    let mut grades = GradeMatrix::default();
    for r in &doc.inspection.regulations {
        grades.trained[reg_index(*r)] = true;
    }
    let mut provisional_areas = Vec::new();
    let mut adjusted_areas = Vec::new();
    for area in &grading.areas {
        for res in &area.results {
            let i = area_index(area.area);
            grades.cells[i][reg_index(res.regulation)] = res.final_grade;
            if res.provisional {
                grades.provisional |= bit(area.area, res.regulation);
            }
            if res.adjusted {
                grades.adjusted |= bit(area.area, res.regulation);
            }
            if res.overridden {
                grades.overridden |= bit(area.area, res.regulation);
            }
            grades.ranges[i][reg_index(res.regulation)] = res.range;
        }
        if area.results.iter().any(|r| r.provisional) {
            provisional_areas.push(area.area);
        }
        if area.results.iter().any(|r| r.adjusted) {
            adjusted_areas.push(area.area);
        }
    }
    let mut plan_states = PlanStates::default();
    let mut overdue = Vec::new();
    let entries = doc
        .handlingsplan
        .as_ref()
        .map_or(&[][..], |p| &p.entries[..]);
    for e in entries {
        let at = entry_state(e, options.as_of);
        plan_states.add(at.state);
        if at.state.is_overdue() {
            overdue.push(OverdueEntry {
                unit: doc.inspection.unit.clone(),
                file: file.to_string(),
                criterion: e.criterion,
                state: at.state,
                due: e.due,
                follow_up: e.follow_up,
                days: at.days,
            });
        }
    }
    let reinspection_due = add_years(doc.inspection.visit_date, options.reinspect_years);
    let row = UnitRow {
        unit: doc.inspection.unit.clone(),
        region: doc.inspection.region.clone(),
        specialty: doc.inspection.specialty.clone(),
        file: file.to_string(),
        visit_date: doc.inspection.visit_date,
        regulations: doc.inspection.regulations.clone(),
        worst: grades.worst(),
        grades,
        provisional_areas,
        adjusted_areas,
        handlingsplan_required: grading.handlingsplan_required,
        plan_received: grading.handlingsplan_received,
        plan_entries: entries.len(),
        plan_states,
        reinspection_due,
        reinspection_overdue: reinspection_due < options.as_of,
    };
    UnitSummary { row, overdue }
}

/// Build the overview over `files` (see [`collect_files`]) in parallel. Never fails: files
/// that cannot be used are listed in [`Overview::errors`].
///
/// A unit is *due for re-inspection* when visit date + interval is before `as_of` (the same
/// "strictly before" rule as plan dates: on the anniversary itself it is not yet due).
pub fn overview(files: &[PathBuf], catalog: &Catalog, options: &OverviewOptions) -> Overview {
    overview_in(files, Catalogs::One(catalog), options)
}

/// [`overview`] with each document's catalog chosen by `catalogs` (see [`Catalogs::Library`]).
pub fn overview_in(
    files: &[PathBuf],
    catalogs: Catalogs<'_>,
    options: &OverviewOptions,
) -> Overview {
    // Each document lives only inside its closure: what is kept is the summary or the error,
    // collected straight into one vector of the final length (no per-thread lists joined at
    // the end), which then becomes the summaries in place.
    let results: Vec<Result<UnitSummary, FileError>> = files
        .par_iter()
        .map(|p| summarize_file_in(p, catalogs, options))
        .collect();
    let mut errors = Vec::new();
    let summaries: Vec<UnitSummary> = results
        .into_iter()
        .filter_map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect();
    let mut ov = assemble(summaries, errors, options);
    ov.files = files.len();
    ov
}

/// A sort key for names in Swedish alphabetical order: case-insensitive, `å`, `ä`, `ö` after
/// `z` (in that order), `é`/`è` as `e`, `ü` as `y`. Ties are broken by the exact name.
///
/// ```
/// use spur_followup::collation_key;
/// let mut names = ["Örebro", "vårdcentral Ängby", "Åre", "Vårdcentral Ale", "Zinkgruvan", "Ängelholm"];
/// names.sort_by_key(|n| collation_key(n));
/// assert_eq!(names, ["Vårdcentral Ale", "vårdcentral Ängby", "Zinkgruvan", "Åre", "Ängelholm", "Örebro"]);
/// ```
pub fn collation_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => '\u{7b}',
            'ä' | 'æ' => '\u{7c}',
            'ö' | 'ø' => '\u{7d}',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' => 'y',
            'á' | 'à' => 'a',
            c => c,
        })
        .collect()
}

/// Put summaries and errors together: sort, and derive the lists. `files` is set to the number
/// of summaries plus errors.
pub fn assemble(
    mut summaries: Vec<UnitSummary>,
    mut errors: Vec<FileError>,
    options: &OverviewOptions,
) -> Overview {
    sort_by_unit(&mut summaries);
    errors.sort_by(|a, b| (&a.file, &a.error).cmp(&(&b.file, &b.error)));
    let files = summaries.len() + errors.len();
    let mut overdue_entries = Vec::new();
    let mut missing_plan = Vec::new();
    let mut reinspection_due = Vec::new();
    let superseded = superseded_visits(&summaries);
    // The rows take the summaries' place (collected in place: no second vector of rows).
    let units: Vec<UnitRow> = summaries
        .into_iter()
        .zip(superseded)
        .map(|(s, superseded)| {
            let mut row = s.row;
            if superseded {
                row.reinspection_overdue = false; // a newer visit of the unit is among them
            }
            overdue_entries.extend(s.overdue);
            if row.missing_plan() {
                missing_plan.push(MissingPlan {
                    unit: row.unit.clone(),
                    file: row.file.clone(),
                    visit_date: row.visit_date,
                    d_areas: row.grades.d_areas(),
                });
            }
            if row.reinspection_overdue {
                reinspection_due.push(Reinspection {
                    unit: row.unit.clone(),
                    file: row.file.clone(),
                    visit_date: row.visit_date,
                    due: row.reinspection_due,
                    days_overdue: (options.as_of - row.reinspection_due).num_days(),
                });
            }
            row
        })
        .collect();
    Overview {
        as_of: options.as_of,
        reinspect_years: options.reinspect_years,
        files,
        trends: trends(&units),
        units,
        missing_plan,
        overdue_entries,
        reinspection_due,
        errors,
    }
}

/// Sort `summaries` by unit in Swedish alphabetical order ([`collation_key`]), then by the
/// exact name, then by file. Only the collation keys are made (one string per row); the
/// summaries are moved into their places by following the permutation's cycles.
fn sort_by_unit(summaries: &mut [UnitSummary]) {
    let keys: Vec<String> = summaries
        .par_iter()
        .map(|s| collation_key(&s.row.unit))
        .collect();
    let mut order: Vec<usize> = (0..summaries.len()).collect();
    order.par_sort_by(|&a, &b| {
        let (x, y) = (&summaries[a].row, &summaries[b].row);
        keys[a]
            .cmp(&keys[b])
            .then_with(|| x.unit.cmp(&y.unit))
            .then_with(|| x.file.cmp(&y.file))
    });
    drop(keys);
    // Position j receives the summary at order[j].
    for start in 0..summaries.len() {
        let mut j = start;
        loop {
            let k = order[j];
            order[j] = j;
            if k == start {
                break;
            }
            summaries.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
#[path = "overview_tests.rs"]
mod tests;
