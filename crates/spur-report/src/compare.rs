//! A unit compared with its previous inspection (`spur compare PREVIOUS CURRENT`): per area and
//! regulation the grade then and now, the criteria whose status changed, the brister present in
//! both (kvarstående brister), and the previous handlingsplan's entries whose criterion is still
//! unmet (the plan did not take effect).
//!
//! The two inspections may use different catalog versions (the previous one is mapped onto the
//! current version when it is loaded) and different regulations: a regulation only one of them
//! trains under is shown with the other side empty.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{
    AreaId, Catalog, CriterionId, Grade, InspectionDocument, Kind, Lang, PlanStatus, Regulation,
    Status,
};
use spur_grading::{Grading, RegulationResult};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::markup::{NL, heading as html_heading, t};
use crate::text::one_line;
use crate::text_table;

/// The standalone comparison page's style sheet.
const COMPARE_CSS: &str = "\nbody{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}\ntable{border-collapse:collapse;margin:.5rem 0 1.5rem}\nth,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}\n.improved{color:#1a7f37}.worsened{color:#b42318}\n";

fn md_escape(s: &str) -> String {
    spur_core::escape::markdown_cell(s)
}

/// One side of a comparison.
pub struct Side<'a> {
    /// The file it was read from (as shown in messages).
    pub file: String,
    /// The document (already mapped onto the current catalog version, when it was older).
    pub doc: &'a InspectionDocument,
    /// Its grading.
    pub grading: &'a Grading,
    /// The catalog it was graded with.
    pub catalog: &'a Catalog,
}

impl<'a> Side<'a> {
    /// One side of a comparison: a graded inspection, read from `file`.
    pub fn of(file: impl Into<String>, graded: &'a spur_grading::Graded) -> Side<'a> {
        Side {
            file: file.into(),
            doc: graded.document(),
            grading: graded.grading(),
            catalog: graded.catalog(),
        }
    }
}

/// The comparison of two inspections of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "SPUR comparison with the previous inspection")]
pub struct Comparison {
    /// The inspection before.
    pub previous: Inspected,
    /// The inspection now.
    pub current: Inspected,
    /// Problems with the pair: different units, or the previous one is not older.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Per area and regulation: the grade then and now.
    pub areas: Vec<AreaChange>,
    /// Criteria whose status changed, per regulation both inspections assessed.
    pub criteria: Vec<CriterionChange>,
    /// Brister present in both inspections (kvarstående brister).
    pub persisting: Vec<Persisting>,
    /// Entries of the previous handlingsplan whose criterion is still unmet now.
    pub plan_not_effective: Vec<PlanNotEffective>,
}

/// Who was inspected when, with which catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Inspected {
    /// The input file.
    pub file: String,
    /// The unit.
    pub unit: String,
    /// The region, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Visit date.
    #[schemars(with = "spur_core::schema::Date")]
    pub visit_date: NaiveDate,
    /// The catalog version graded with.
    pub catalog: String,
    /// The indicator set graded with (its version), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_set: Option<String>,
    /// The regulations the unit trained under.
    pub regulations: Vec<Regulation>,
}

/// Better, worse or the same.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Better now.
    Improved,
    /// Worse now.
    Worsened,
    /// The same.
    Unchanged,
    /// One side is missing or not assessed.
    NotComparable,
}

impl Change {
    /// The word in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Change::Improved => Says::Improved,
            Change::Worsened => Says::Worsened,
            Change::Unchanged => Says::Unchanged,
            Change::NotComparable => Says::NotComparable,
        }
        .template(lang)
    }
}

/// One area under one regulation, then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaChange {
    /// The area.
    pub area: AreaId,
    /// The regulation.
    pub regulation: Regulation,
    /// The final grade then (absent: not graded or not trained under).
    pub then: Option<Grade>,
    /// The final grade now.
    pub now: Option<Grade>,
    /// The grade as shown then, e.g. `D→C`, `A–B (preliminär)`.
    pub then_text: String,
    /// The grade as shown now.
    pub now_text: String,
    /// Improved, worsened or unchanged.
    pub change: Change,
}

/// A criterion whose status changed under a regulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionChange {
    /// The criterion (current catalog's id).
    pub criterion: CriterionId,
    /// The regulation.
    pub regulation: Regulation,
    /// Status then.
    pub then: Status,
    /// Status now.
    pub now: Status,
    /// Improved (towards met), worsened, or not comparable (not assessed on one side).
    pub change: Change,
}

/// A brist present in both inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Persisting {
    /// The criterion.
    pub criterion: CriterionId,
    /// The kind now (under the first regulation listed).
    pub kind: Kind,
    /// The regulations under which it is a brist both then and now.
    pub regulations: Vec<Regulation>,
    /// Status then (under the first regulation listed).
    pub then: Status,
    /// Status now.
    pub now: Status,
    /// The criterion's Swedish text.
    pub sv: String,
    /// The criterion's English text.
    pub en: String,
}

/// A previous handlingsplan entry whose criterion is still unmet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PlanNotEffective {
    /// The criterion the entry answered.
    pub criterion: CriterionId,
    /// The planned action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// When it was to be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<spur_core::schema::Date>")]
    pub due: Option<NaiveDate>,
    /// Where the entry stood in the previous document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_status: Option<PlanStatus>,
    /// The worst status now over the regulations of the current inspection.
    pub now: Status,
}

fn inspected(side: &Side<'_>) -> Inspected {
    let i = &side.doc.inspection;
    Inspected {
        file: side.file.clone(),
        unit: i.unit.clone(),
        region: i.region.clone(),
        visit_date: i.visit_date,
        catalog: side.grading.catalog.clone(),
        indicator_set: side
            .grading
            .indicator_set
            .as_ref()
            .map(|s| s.version.clone()),
        regulations: i.regulations.clone(),
    }
}

/// Rank of a status for "better or worse": `None` when it says nothing about quality.
fn rank(s: Status) -> Option<u8> {
    match s {
        Status::Met => Some(0),
        Status::PartiallyMet => Some(1),
        Status::NotMet => Some(2),
        Status::NotAssessed | Status::NotApplicable => None,
    }
}

fn change_of<T: Ord>(then: Option<T>, now: Option<T>) -> Change {
    match (then, now) {
        (Some(a), Some(b)) if b < a => Change::Improved,
        (Some(a), Some(b)) if b > a => Change::Worsened,
        (Some(_), Some(_)) => Change::Unchanged,
        _ => Change::NotComparable,
    }
}

fn result(g: &Grading, area: AreaId, reg: Regulation) -> Option<&RegulationResult> {
    g.areas
        .iter()
        .find(|a| a.area == area)?
        .results
        .iter()
        .find(|r| r.regulation == reg)
}

/// The grade cell as `spur grade` shows it (Swedish), or `–` when absent.
fn cell(r: Option<&RegulationResult>) -> String {
    let Some(r) = r else { return "–".into() };
    let Some(final_grade) = r.final_grade else {
        return "ej bedömd".into();
    };
    if let Some([best, worst]) = r.range {
        return format!("{best}–{worst} (preliminär)");
    }
    match r.computed {
        Some(c) if r.adjusted => format!("{c}→{final_grade}"),
        _ => final_grade.to_string(),
    }
}

/// Compare two inspections of one unit.
pub fn compare(previous: &Side<'_>, current: &Side<'_>) -> Comparison {
    let mut warnings = Vec::new();
    let (p, c) = (&previous.doc.inspection, &current.doc.inspection);
    if p.unit.trim() != c.unit.trim() || p.region != c.region {
        warnings.push(format!(
            "the inspections are of different units: `{}` ({}) and `{}` ({})",
            p.unit,
            p.region.as_deref().unwrap_or("no region"),
            c.unit,
            c.region.as_deref().unwrap_or("no region")
        ));
    }
    if p.visit_date >= c.visit_date {
        warnings.push(format!(
            "the previous inspection ({}) is not older than the current one ({})",
            p.visit_date, c.visit_date
        ));
    }
    let mut regulations: Vec<Regulation> = p.regulations.clone();
    for r in &c.regulations {
        if !regulations.contains(r) {
            regulations.push(*r);
        }
    }
    regulations.sort();
    let both: Vec<Regulation> = regulations
        .iter()
        .copied()
        .filter(|r| p.regulations.contains(r) && c.regulations.contains(r))
        .collect();

    let mut areas = Vec::new();
    for area in &current.catalog.areas {
        for reg in &regulations {
            let then = result(previous.grading, area.id, *reg);
            let now = result(current.grading, area.id, *reg);
            let (tg, ng) = (
                then.and_then(|r| r.final_grade),
                now.and_then(|r| r.final_grade),
            );
            areas.push(AreaChange {
                area: area.id,
                regulation: *reg,
                then: tg,
                now: ng,
                then_text: cell(then),
                now_text: cell(now),
                change: change_of(tg, ng),
            });
        }
    }

    // Criteria of either catalog, in the current catalog's order, then any only the previous has.
    let mut ids: Vec<CriterionId> = current.catalog.criteria().map(|c| c.id).collect();
    let known: BTreeSet<CriterionId> = ids.iter().copied().collect();
    ids.extend(
        previous
            .catalog
            .criteria()
            .map(|c| c.id)
            .filter(|id| !known.contains(id)),
    );
    let mut criteria = Vec::new();
    let mut persisting = Vec::new();
    for id in &ids {
        let mut persist_regs = Vec::new();
        let mut statuses = None;
        for reg in &both {
            let applies = |c: &Catalog| c.criterion(*id).is_some_and(|c| c.applies(*reg));
            if !applies(current.catalog) && !applies(previous.catalog) {
                continue;
            }
            let (then, now) = (
                previous.doc.status(*id, *reg),
                current.doc.status(*id, *reg),
            );
            if then != now {
                criteria.push(CriterionChange {
                    criterion: *id,
                    regulation: *reg,
                    then,
                    now,
                    change: change_of(rank(then), rank(now)),
                });
            }
            if then.is_brist() && now.is_brist() {
                persist_regs.push(*reg);
                statuses.get_or_insert((then, now));
            }
        }
        if let (Some((then, now)), Some(criterion)) = (statuses, current.catalog.criterion(*id)) {
            persisting.push(Persisting {
                criterion: *id,
                kind: criterion.kind(persist_regs[0]),
                regulations: persist_regs,
                then,
                now,
                sv: criterion.sv.clone(),
                en: criterion.en.clone(),
            });
        }
    }

    let mut plan_not_effective = Vec::new();
    if let Some(plan) = &previous.doc.handlingsplan {
        let mut seen = BTreeMap::new();
        for e in &plan.entries {
            let worst = c
                .regulations
                .iter()
                .map(|r| current.doc.status(e.criterion, *r))
                .filter(|s| s.is_brist())
                .max_by_key(|s| rank(*s));
            if let Some(now) = worst
                && seen.insert(e.criterion, ()).is_none()
            {
                plan_not_effective.push(PlanNotEffective {
                    criterion: e.criterion,
                    action: e.action.clone(),
                    due: e.due,
                    plan_status: e.status,
                    now,
                });
            }
        }
    }

    Comparison {
        previous: inspected(previous),
        current: inspected(current),
        warnings,
        areas,
        criteria,
        persisting,
        plan_not_effective,
    }
}

/// Compare the previous inspection with the current one, as `spur compare` and the reports do:
/// `previous` is the previous document as read, graded with its own catalog. When the current
/// catalog version maps the previous one (its `[mapping]`), the previous document is mapped
/// onto the current ids first, so criteria compare under one id; each mapping applied is
/// returned with the comparison (for a note).
pub fn compare_previous(
    previous: &Side<'_>,
    current: &Side<'_>,
) -> (Comparison, Vec<spur_core::AppliedMapping>) {
    let mapping = current
        .catalog
        .mapping
        .as_ref()
        .filter(|m| m.from == previous.catalog.version);
    let Some(mapping) = mapping else {
        return (compare(previous, current), Vec::new());
    };
    let mut doc = previous.doc.clone();
    let applied = mapping.apply(&mut doc, &current.catalog.version);
    let mapped = Side {
        file: previous.file.clone(),
        doc: &doc,
        grading: previous.grading,
        catalog: previous.catalog,
    };
    (compare(&mapped, current), applied)
}

fn plan_status_label(s: Option<PlanStatus>, lang: Lang) -> String {
    match s {
        Some(s) => crate::messages::Messages::for_lang(lang)
            .plan_status_label(s)
            .to_string(),
        None => Says::NoStatus.template(lang).to_string(),
    }
}

spur_core::phrases! {
    /// The words of a comparison.
    enum Says {
        /// Change: better now.
        Improved => "improved", "förbättrad";
        /// Change: worse now.
        Worsened => "worsened", "försämrad";
        /// Change: the same.
        Unchanged => "unchanged", "oförändrad";
        /// Change: not comparable.
        NotComparable => "not comparable", "ej jämförbar";
        /// A plan entry without a status.
        NoStatus => "no status", "ingen status";
        /// Title.
        Title => "Compared with the previous inspection", "Jämfört med föregående inspektion";
        /// The previous side.
        Previous => "Previous inspection", "Föregående inspektion";
        /// The current side.
        Current => "This inspection", "Denna inspektion";
        /// Section: grades per area.
        Areas => "Grades per area", "Bedömning per område";
        /// Column: area.
        Area => "Area", "Område";
        /// Column: regulation.
        Regulation => "Regulation", "Regelverk";
        /// Column: then.
        Then => "Then", "Då";
        /// Column: now.
        Now => "Now", "Nu";
        /// Column: change.
        Change => "Change", "Förändring";
        /// Section: changed criteria.
        Criteria => "Criteria whose status changed", "Kriterier med ändrad status";
        /// Column: criterion.
        Criterion => "Criterion", "Kriterium";
        /// Section: kvarstående brister.
        Persisting => "Persisting brister (kvarstående brister)", "Kvarstående brister";
        /// Column: kind.
        Kind => "Kind", "Typ";
        /// Column: text.
        Text => "Text", "Text";
        /// Section: plan entries without effect.
        Plan => "Handlingsplan actions that did not take effect",
            "Handlingsplanens åtgärder som inte fick effekt";
        /// Column: planned action.
        Action => "Planned action", "Planerad åtgärd";
        /// Column: due.
        Due => "Due", "Klart senast";
        /// Column: status in the plan.
        PlanStatus => "Status in the plan", "Status i planen";
        /// An empty section.
        None => "None.", "Inga.";
        /// The label of a warning.
        Warning => "Warning", "Varning";
    }
}

/// The rows of each section, in one language (unescaped).
struct Rows {
    areas: Vec<Vec<String>>,
    criteria: Vec<Vec<String>>,
    persisting: Vec<Vec<String>>,
    plan: Vec<Vec<String>>,
}

impl Comparison {
    /// Pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// JSON Schema of [`Comparison::to_json`] (`docs/schema/compare.schema.json`).
    pub fn json_schema() -> String {
        spur_core::schema::generate::<Comparison>("compare", spur_core::schema::Direction::Output)
    }

    fn side_line(i: &Inspected) -> String {
        let mut s = format!("{} — {} ({}", i.unit, i.visit_date, i.catalog);
        if let Some(set) = &i.indicator_set {
            let _ = write!(s, ", {set}");
        }
        let regs: Vec<&str> = i.regulations.iter().map(|r| r.designation()).collect();
        let _ = write!(s, "; {})", regs.join(", "));
        s
    }

    fn rows(&self, lang: Lang) -> Rows {
        let areas = self
            .areas
            .iter()
            .map(|a| {
                vec![
                    a.area.to_string(),
                    a.regulation.designation().to_string(),
                    a.then_text.clone(),
                    a.now_text.clone(),
                    a.change.label(lang).to_string(),
                ]
            })
            .collect();
        let criteria = self
            .criteria
            .iter()
            .map(|c| {
                vec![
                    c.criterion.to_string(),
                    c.regulation.designation().to_string(),
                    c.then.term(lang).to_string(),
                    c.now.term(lang).to_string(),
                    c.change.label(lang).to_string(),
                ]
            })
            .collect();
        let persisting = self
            .persisting
            .iter()
            .map(|p| {
                let regs: Vec<&str> = p.regulations.iter().map(|r| r.designation()).collect();
                vec![
                    p.criterion.to_string(),
                    p.kind.term(lang).to_string(),
                    regs.join(", "),
                    p.then.term(lang).to_string(),
                    p.now.term(lang).to_string(),
                    match lang {
                        Lang::En => p.en.clone(),
                        Lang::Sv => p.sv.clone(),
                    },
                ]
            })
            .collect();
        let plan = self
            .plan_not_effective
            .iter()
            .map(|e| {
                vec![
                    e.criterion.to_string(),
                    e.action.clone().unwrap_or_default(),
                    e.due.map(|d| d.to_string()).unwrap_or_default(),
                    plan_status_label(e.plan_status, lang),
                    e.now.term(lang).to_string(),
                ]
            })
            .collect();
        Rows {
            areas,
            criteria,
            persisting,
            plan,
        }
    }

    fn sections(lang: Lang) -> [(&'static str, Vec<&'static str>); 4] {
        use Says as S;
        let l = |p: Says| p.template(lang);
        let heads = |ps: &[Says]| ps.iter().map(|&p| l(p)).collect::<Vec<_>>();
        [
            (
                l(S::Areas),
                heads(&[S::Area, S::Regulation, S::Then, S::Now, S::Change]),
            ),
            (
                l(S::Criteria),
                heads(&[S::Criterion, S::Regulation, S::Then, S::Now, S::Change]),
            ),
            (
                l(S::Persisting),
                heads(&[
                    S::Criterion,
                    S::Kind,
                    S::Regulation,
                    S::Then,
                    S::Now,
                    S::Text,
                ]),
            ),
            (
                l(S::Plan),
                heads(&[S::Criterion, S::Action, S::Due, S::PlanStatus, S::Now]),
            ),
        ]
    }

    /// The comparison as plain data in one language: what every renderer walks (the standalone
    /// outputs here and the section of the report in each report format). Cells are cleaned
    /// of characters XML cannot carry and kept to one line; escaping is the renderer's job.
    pub(crate) fn view(&self, lang: Lang) -> CompareView {
        let l = |p: Says| p.template(lang);
        let r = self.rows(lang);
        let changes = [
            self.areas
                .iter()
                .map(|a| Some(a.change))
                .collect::<Vec<_>>(),
            self.criteria.iter().map(|c| Some(c.change)).collect(),
            Vec::new(),
            Vec::new(),
        ];
        let sections = Self::sections(lang)
            .into_iter()
            .zip([r.areas, r.criteria, r.persisting, r.plan])
            .zip(changes)
            .map(|(((title, heads), rows), changes)| CompareSection {
                title,
                heads,
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(n, cells)| CompareRow {
                        cells: cells.iter().map(|c| one_line(c)).collect(),
                        change: changes.get(n).copied().flatten(),
                    })
                    .collect(),
            })
            .collect();
        CompareView {
            title: l(Says::Title),
            sides: vec![
                (
                    l(Says::Previous),
                    one_line(&Self::side_line(&self.previous)),
                ),
                (l(Says::Current), one_line(&Self::side_line(&self.current))),
            ],
            warning: l(Says::Warning),
            warnings: self.warnings.iter().map(|w| one_line(w)).collect(),
            none: l(Says::None),
            sections,
        }
    }

    /// A plain-text report for the terminal (escaped for it).
    pub fn to_table(&self, lang: Lang) -> String {
        let v = self.view(lang);
        let mut out = format!("{}\n", v.title);
        for (label, line) in &v.sides {
            let _ = writeln!(out, "{label}: {line}");
        }
        for w in &v.warnings {
            let _ = writeln!(out, "{}: {w}", v.warning);
        }
        for sec in &v.sections {
            let _ = writeln!(out, "\n{}", sec.title);
            if sec.rows.is_empty() {
                let _ = writeln!(out, "{}", v.none);
            } else {
                let rows: Vec<Vec<String>> = sec.rows.iter().map(|r| r.cells.clone()).collect();
                out.push_str(&text_table(&sec.heads, &rows));
            }
        }
        spur_core::escape::terminal(&out).into_owned()
    }

    /// Markdown; `heading` is the level of the title (`#` count), so the same text can be a
    /// section of a report.
    pub fn to_markdown_at(&self, lang: Lang, heading: usize) -> String {
        self.view(lang).to_markdown(heading)
    }

    /// Markdown with the title as a level-1 heading.
    pub fn to_markdown(&self, lang: Lang) -> String {
        self.to_markdown_at(lang, 1)
    }

    /// A standalone HTML page.
    pub fn to_html(&self, lang: Lang) -> String {
        html! {
            (DOCTYPE) (NL)
            html lang=(lang.code()) {
                (NL)
                head {
                    (NL)
                    meta charset="utf-8"; (NL)
                    title { (t(Says::Title.template(lang))) " — " (t(&self.current.unit)) } (NL)
                    style { (PreEscaped(COMPARE_CSS)) } (NL)
                }
                (NL)
                body { (NL) (self.view(lang).html_body(1)) }
                (NL)
            }
            (NL)
        }
        .into_string()
    }

    /// The comparison as an HTML fragment for a report: a `<section class="previous">` whose
    /// title is an `<h{heading}>` and whose parts are one level below (escaped; the rows of the
    /// grade and status tables carry the classes `improved` / `worsened`).
    pub fn to_html_section(&self, lang: Lang, heading: usize) -> String {
        self.view(lang).to_html_section(heading)
    }
}

/// [`Comparison::view`]: the comparison in one language, ready to render.
pub(crate) struct CompareView {
    /// "Jämfört med föregående inspektion".
    pub title: &'static str,
    /// The previous and the current inspection: label and one line (unit — date (catalog …)).
    pub sides: Vec<(&'static str, String)>,
    /// The label of a warning.
    pub warning: &'static str,
    /// Problems with the pair.
    pub warnings: Vec<String>,
    /// What an empty part says.
    pub none: &'static str,
    /// Grades per area, changed criteria, kvarstående brister, plan entries without effect.
    pub sections: Vec<CompareSection>,
}

/// One part of the comparison: a titled table.
pub(crate) struct CompareSection {
    pub title: &'static str,
    pub heads: Vec<&'static str>,
    pub rows: Vec<CompareRow>,
}

/// One row; `change` is set in the grade and status tables.
pub(crate) struct CompareRow {
    pub cells: Vec<String>,
    pub change: Option<Change>,
}

impl CompareRow {
    /// `improved` / `worsened`, the class of the row in HTML.
    pub(crate) fn class(&self) -> Option<&'static str> {
        match self.change {
            Some(Change::Improved) => Some("improved"),
            Some(Change::Worsened) => Some("worsened"),
            _ => None,
        }
    }
}

impl CompareView {
    /// Markdown with the title at heading level `heading`.
    pub(crate) fn to_markdown(&self, heading: usize) -> String {
        let h = "#".repeat(heading.max(1));
        let mut out = format!("{h} {}\n\n", self.title);
        for (label, line) in &self.sides {
            let _ = writeln!(
                out,
                "- {label}: {}",
                spur_core::escape::markdown_inline(line)
            );
        }
        for w in &self.warnings {
            let _ = writeln!(
                out,
                "\n> **{}:** {}",
                self.warning,
                spur_core::escape::markdown_inline(w)
            );
        }
        for sec in &self.sections {
            let _ = writeln!(out, "\n{h}# {}\n", sec.title);
            if sec.rows.is_empty() {
                let _ = writeln!(out, "{}", self.none);
                continue;
            }
            let _ = writeln!(out, "| {} |", sec.heads.join(" | "));
            let _ = writeln!(out, "|{}", "---|".repeat(sec.heads.len()));
            for r in &sec.rows {
                let cells: Vec<String> = r.cells.iter().map(|c| md_escape(c)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        out
    }

    /// A `<section class="previous">` with the title at `<h{heading}>`.
    pub(crate) fn to_html_section(&self, heading: usize) -> String {
        self.html_section(heading).into_string()
    }

    /// [`CompareView::to_html_section`] as markup, for the report.
    pub(crate) fn html_section(&self, heading: usize) -> Markup {
        html! {
            section.previous { (NL) (self.html_body(heading.clamp(1, 5))) }
            (NL)
        }
    }

    /// Title at `<h{h}>`, the two sides, warnings, then one titled table per part (the rows
    /// of the grade and status tables carry the classes `improved` / `worsened`).
    fn html_body(&self, h: usize) -> Markup {
        html! {
            (html_heading(h, self.title)) (NL)
            ul {
                (NL)
                @for (label, line) in &self.sides {
                    li { (t(label)) ": " (t(line)) } (NL)
                }
            }
            (NL)
            @for w in &self.warnings {
                p { strong { (t(self.warning)) ":" } " " (t(w)) } (NL)
            }
            @for sec in &self.sections {
                (html_heading(h + 1, sec.title)) (NL)
                @if sec.rows.is_empty() {
                    p { (t(self.none)) } (NL)
                } @else {
                    table {
                        (NL)
                        thead { tr { @for head in &sec.heads { th { (t(head)) } } } } (NL)
                        tbody {
                            (NL)
                            @for r in &sec.rows {
                                tr class=[r.class()] { @for c in &r.cells { td { (t(c)) } } } (NL)
                            }
                        }
                        (NL)
                    }
                    (NL)
                }
            }
        }
    }
}
