//! The report and the template as plain data in the chosen language: every renderer walks these
//! views, so the structure (what is shown, in which order) is decided once, here.
//!
//! All user text is cleaned of characters that are invalid in XML and normalised (paragraphs
//! split on blank lines, line breaks inside a paragraph joined with a space). Escaping for a
//! particular format is the renderer's job.

use spur_core::{
    Area, AreaId, Catalog, Criterion, Grade, Group, InspectionDocument, Kind, PlanEntry, PlanField,
    PlanRelevance, PlanValue, Regulation, Status,
};
use spur_grading::{Grading, RegulationResult};

use crate::Lang;
use crate::messages::{Messages, fill};
use crate::text::{clean, one_line, paragraphs};

/// How a grade cell is coloured: the one palette of every output.
pub(crate) use spur_grading::marks::MarkClass as GradeClass;

/// One grade as shown: short (`D→C`, `B–D`, `C*`, `–`) and long (`ej bedömd`, `A (preliminär A–D)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GradeCell {
    pub short: String,
    pub long: String,
    pub class: GradeClass,
}

pub(crate) fn grade_cell(result: Option<&RegulationResult>, m: &Messages) -> GradeCell {
    let mark = spur_grading::marks::mark(result);
    let long = if mark.class == GradeClass::NotGraded {
        m.not_graded.to_string()
    } else {
        mark.text.clone()
    };
    GradeCell {
        short: mark.text,
        long,
        class: mark.class,
    }
}

// ---------------------------------------------------------------------------------------------
// Shared look-ups.

/// `D. Tjänstgöringens upplägg`.
pub(crate) fn area_heading(area: &Area, lang: Lang) -> String {
    let title = match lang {
        Lang::Sv => &area.sv,
        Lang::En => &area.en,
    };
    format!("{}. {}", area.id, one_line(title))
}

pub(crate) fn criterion_text(c: &Criterion, lang: Lang) -> &str {
    match lang {
        Lang::Sv => &c.sv,
        Lang::En => &c.en,
    }
}

fn level_text(area: &Area, grade: Grade, lang: Lang) -> String {
    let Some(level) = area.level(grade) else {
        return String::new();
    };
    match lang {
        // Printed with the leading "C."; a defective printed text has its intended text.
        Lang::Sv => level
            .intended_sv
            .clone()
            .unwrap_or_else(|| level.sv.clone()),
        Lang::En => format!("{grade}. {}", level.en),
    }
}

fn join_designations(regs: &[Regulation]) -> String {
    regs.iter()
        .map(|r| r.designation())
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// The report.

/// The report's status, date, version, signers and fingerprint, as shown.
pub(crate) struct LifeView {
    /// `utkast` / `draft` …
    pub status_label: &'static str,
    /// The banner of a draft or preliminary report.
    pub banner: Option<&'static str>,
    /// The report date (ISO), when given.
    pub date: Option<String>,
    /// The version, when given.
    pub version: Option<String>,
    /// The inspectors: the document's authors and the signature block.
    pub signers: Vec<String>,
    /// Whether the signature block is printed (a final report).
    pub signature: bool,
    /// The fingerprint of a final report.
    pub fingerprint: Option<String>,
    /// The audit chain's head when a final report is rendered from a store, as
    /// `"SEQ · HASH"`.
    pub chain_head: Option<String>,
    /// The coordinator's corrections up to this version (from a store), oldest first.
    pub corrections: Vec<crate::Correction>,
    /// An appendix from a store (DOCX and PDF).
    pub appendix: Option<crate::Appendix>,
}

pub(crate) fn life(doc: &InspectionDocument, grading: &Grading, m: &'static Messages) -> LifeView {
    let meta = crate::life::meta(doc);
    let (status_label, banner) = match meta.status {
        crate::ReportStatus::Draft => (m.status_draft, Some(m.banner_draft)),
        crate::ReportStatus::Preliminary => (m.status_preliminary, Some(m.banner_preliminary)),
        crate::ReportStatus::Final => (m.status_final, None),
    };
    let is_final = meta.status == crate::ReportStatus::Final;
    LifeView {
        status_label,
        banner,
        date: meta.date,
        version: meta.version,
        signers: doc
            .inspection
            .inspectors
            .iter()
            .map(|n| one_line(n))
            .collect(),
        signature: is_final,
        fingerprint: is_final.then(|| crate::life::fingerprint(doc, grading)),
        chain_head: None,
        corrections: Vec::new(),
        appendix: None,
    }
}

pub(crate) struct ReportView<'a> {
    pub m: &'static Messages,
    pub regs: Vec<Regulation>,
    pub unit: String,
    pub visit_date: String,
    pub life: LifeView,
    pub header: Vec<(&'static str, String)>,
    pub notes: Vec<String>,
    pub summary: SummaryView,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub improvements: Vec<String>,
    pub groups: Vec<GroupView<'a>>,
    pub plan: PlanView,
    /// "Jämfört med föregående inspektion": the comparison with the unit's previous
    /// inspection, after the HANDLINGSPLAN (`spur report --previous`).
    pub previous: Option<crate::compare::CompareView>,
}

pub(crate) struct SummaryView {
    pub rows: Vec<SummaryRow>,
    pub plan_line: String,
    pub legend: Vec<&'static str>,
}

pub(crate) struct SummaryRow {
    pub heading: String,
    pub cells: Vec<GradeCell>,
}

pub(crate) struct GroupView<'a> {
    pub title: &'static str,
    pub areas: Vec<AreaView<'a>>,
}

pub(crate) struct AreaView<'a> {
    pub id: AreaId,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub notes: Vec<String>,
    pub kinds: Vec<KindGroup<'a>>,
    pub grades: Vec<AreaGrade>,
    pub scale: Vec<ScaleRow>,
}

pub(crate) struct KindGroup<'a> {
    pub label: String,
    pub legal_basis: Option<&'a str>,
    pub rows: Vec<CriterionRow<'a>>,
}

pub(crate) struct CriterionRow<'a> {
    pub id: String,
    pub text: &'a str,
    pub finding: String,
    pub brist: bool,
    pub note: Option<String>,
}

pub(crate) struct AreaGrade {
    pub year: &'static str,
    pub cell: GradeCell,
}

/// One level of the area's scale in its Gradering block, with the mark per regulation.
pub(crate) struct ScaleRow {
    pub text: String,
    /// One per regulation column: the mark when this level is (part of) the grade.
    pub marks: Vec<Option<GradeCell>>,
}

/// The marks of one regulation's result on the levels of the scale: the final grade; the
/// computed grade too when it was adjusted or overridden; every level of a provisional range.
fn scale_marks(r: Option<&RegulationResult>, grade: Grade, m: &Messages) -> Option<GradeCell> {
    let r = r?;
    let final_grade = r.final_grade?;
    let mark = |text: String, class: GradeClass| {
        Some(GradeCell {
            short: text.clone(),
            long: text,
            class,
        })
    };
    if !r.overridden
        && let Some([best, worst]) = r.range
    {
        return (grade >= best && grade <= worst)
            .then(|| mark(format!("{best}–{worst}"), GradeClass::Provisional))
            .flatten();
    }
    if grade == final_grade {
        let text = if r.overridden {
            format!("{grade}*")
        } else if r.adjusted {
            format!("{grade} ({})", m.mark_adjusted)
        } else {
            grade.to_string()
        };
        return mark(text, GradeClass::of(grade));
    }
    if (r.adjusted || r.overridden) && r.computed == Some(grade) {
        return mark(
            format!("{grade} ({})", m.mark_computed),
            GradeClass::Computed,
        );
    }
    None
}

pub(crate) struct PlanView {
    pub intro: Vec<String>,
    pub entries: Vec<EntryView>,
}

pub(crate) struct EntryView {
    pub area_heading: String,
    /// Whether the area's heading is shown above this entry: the first entry of a run of
    /// entries of one area (the heading is not repeated above every entry).
    pub first_of_area: bool,
    pub id: String,
    pub criterion_text: String,
    pub fields: Vec<(&'static str, String)>,
}

pub(crate) fn report<'a>(
    doc: &'a InspectionDocument,
    grading: &'a Grading,
    catalog: &'a Catalog,
    lang: Lang,
) -> ReportView<'a> {
    let m = Messages::for_lang(lang);
    let regs = grading.regulations.clone();
    let insp = &doc.inspection;
    let mut header = vec![(m.unit, one_line(&insp.unit))];
    if let Some(r) = &insp.region {
        header.push((m.region, one_line(r)));
    }
    if let Some(s) = &insp.specialty {
        header.push((m.specialty, one_line(s)));
    }
    header.push((m.visit_date, insp.visit_date.to_string()));
    if !insp.inspectors.is_empty() {
        let names: Vec<String> = insp.inspectors.iter().map(|n| one_line(n)).collect();
        header.push((m.inspectors, names.join(", ")));
    }
    header.push((m.catalog, one_line(&catalog.version)));
    header.push((m.regulations, join_designations(&regs)));
    let life = life(doc, grading, m);
    header.push((m.status, life.status_label.to_string()));
    if let Some(d) = &life.date {
        header.push((m.report_date, d.clone()));
    }
    if let Some(v) = &life.version {
        header.push((m.version, v.clone()));
    }

    let notes = if regs.len() > 1 {
        vec![m.dual_note.to_string(), m.applicability_note.to_string()]
    } else {
        vec![fill(
            m.single_note,
            &[("regulation", &join_designations(&regs))],
        )]
    };

    let summary = SummaryView {
        rows: catalog
            .areas
            .iter()
            .map(|a| SummaryRow {
                heading: area_heading(a, lang),
                cells: regs
                    .iter()
                    .map(|r| grade_cell(grading.result(a.id, *r), m))
                    .collect(),
            })
            .collect(),
        plan_line: plan_line(grading, m),
        legend: vec![
            m.legend_grades,
            m.legend_adjusted,
            m.legend_provisional,
            m.legend_overridden,
            m.legend_not_graded,
        ],
    };

    let list = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|s| one_line(s))
            .filter(|s| !s.is_empty())
            .collect()
    };

    let mut groups = Vec::new();
    for group in [Group::Struktur, Group::Process] {
        let areas: Vec<AreaView<'a>> = catalog
            .areas
            .iter()
            .filter(|a| a.group == group)
            .map(|a| area_view(doc, grading, a, &regs, lang, m))
            .collect();
        if !areas.is_empty() {
            groups.push(GroupView {
                title: m.group(group),
                areas,
            });
        }
    }

    ReportView {
        m,
        visit_date: insp.visit_date.to_string(),
        life,
        unit: one_line(&insp.unit),
        header,
        notes,
        summary,
        strengths: list(&doc.report.strengths),
        weaknesses: list(&doc.report.weaknesses),
        improvements: list(&doc.report.improvements),
        groups,
        plan: plan_view(doc, grading, catalog, lang, m),
        regs,
        previous: None,
    }
}

fn plan_line(grading: &Grading, m: &Messages) -> String {
    if grading.handlingsplan_required {
        let state = match grading.handlingsplan_received {
            Some(d) => fill(m.plan_received_on, &[("date", &d.to_string())]),
            None => m.plan_not_received.to_string(),
        };
        fill(m.plan_required, &[("state", &state)])
    } else {
        m.plan_not_required.to_string()
    }
}

fn area_view<'a>(
    doc: &'a InspectionDocument,
    grading: &'a Grading,
    area: &'a Area,
    regs: &[Regulation],
    lang: Lang,
    m: &'static Messages,
) -> AreaView<'a> {
    let results: Vec<(Regulation, Option<&RegulationResult>)> = regs
        .iter()
        .map(|r| (*r, grading.result(area.id, *r)))
        .collect();

    // Notes of the grading (adjustment, override, incomplete plan) and provisional notes; a
    // note that holds under every regulation is shown once, otherwise marked with the years.
    let mut per_reg: Vec<(Regulation, String)> = Vec::new();
    for (reg, r) in &results {
        let Some(r) = r else { continue };
        for note in &r.notes {
            let text = match lang {
                Lang::Sv => &note.sv,
                Lang::En => &note.en,
            };
            per_reg.push((*reg, one_line(text)));
        }
        if r.provisional && !r.overridden && !r.deciding.is_empty() {
            let ids: Vec<String> = r.deciding.iter().map(ToString::to_string).collect();
            per_reg.push((
                *reg,
                fill(m.provisional_note, &[("criteria", &ids.join(", "))]),
            ));
        }
    }
    let mut notes: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (_, text) in &per_reg {
        if seen.contains(&text.as_str()) {
            continue;
        }
        seen.push(text);
        let years: Vec<&str> = per_reg
            .iter()
            .filter(|(_, t)| t == text)
            .map(|(r, _)| r.year())
            .collect();
        if years.len() == regs.len() {
            notes.push(text.clone());
        } else {
            notes.push(format!("{}: {text}", years.join(", ")));
        }
    }

    // Criteria grouped by kind, as the seed's label rows: kind, then "(endast 2015/2021)".
    let mut kinds = Vec::new();
    for kind in [Kind::Foreskrift, Kind::AllmantRad, Kind::Kvalitetsindikator] {
        let mut onlys: Vec<Option<Regulation>> = vec![None];
        onlys.extend(Regulation::ALL.into_iter().map(Some));
        for only in onlys {
            let rows: Vec<CriterionRow<'a>> = area
                .criteria
                .iter()
                .filter_map(|c| {
                    let under: Vec<Regulation> = regs
                        .iter()
                        .copied()
                        .filter(|r| c.kind(*r) == kind)
                        .collect();
                    if under.is_empty() {
                        return None;
                    }
                    let this_only = (regs.len() > 1 && under.len() == 1).then(|| under[0]);
                    (this_only == only).then(|| criterion_row(doc, c, &under, lang, m))
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            let label = match only {
                None => m.kind(kind).to_string(),
                Some(r) => format!("{} ({})", m.kind(kind), fill(m.only, &[("year", r.year())])),
            };
            kinds.push(KindGroup {
                label,
                legal_basis: None,
                rows,
            });
        }
    }
    // The umbrella föreskrift heads the Föreskrift rows (it exists only in Swedish).
    if lang == Lang::Sv
        && let Some(basis) = &area.legal_basis
        && let Some(first) = kinds.first_mut()
        && first.label.starts_with(m.kind_foreskrift)
    {
        first.legal_basis = Some(basis.as_str());
    }

    let grades = results
        .iter()
        .map(|(reg, r)| AreaGrade {
            year: reg.year(),
            cell: grade_cell(*r, m),
        })
        .collect();

    let scale = area
        .scale
        .grades()
        .iter()
        .map(|g| ScaleRow {
            text: level_text(area, *g, lang),
            marks: results
                .iter()
                .map(|(_, r)| scale_marks(*r, *g, m))
                .collect(),
        })
        .collect();

    AreaView {
        scale,
        id: area.id,
        heading: area_heading(area, lang),
        paragraphs: doc.narrative(area.id).map(paragraphs).unwrap_or_default(),
        notes,
        kinds,
        grades,
    }
}

fn criterion_row<'a>(
    doc: &InspectionDocument,
    c: &'a Criterion,
    under: &[Regulation],
    lang: Lang,
    m: &Messages,
) -> CriterionRow<'a> {
    let statuses: Vec<(Regulation, Status)> =
        under.iter().map(|r| (*r, doc.status(c.id, *r))).collect();
    let finding = if statuses.windows(2).all(|w| w[0].1 == w[1].1) {
        m.status(statuses[0].1).to_string()
    } else {
        statuses
            .iter()
            .map(|(r, s)| format!("{}: {}", r.year(), m.status(*s)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    CriterionRow {
        id: c.id.to_string(),
        text: criterion_text(c, lang),
        finding,
        brist: statuses.iter().any(|(_, s)| s.is_brist()),
        note: doc
            .findings
            .get(&c.id)
            .and_then(|f| f.note.as_deref())
            .map(one_line)
            .filter(|n| !n.is_empty()),
    }
}

fn plan_view(
    doc: &InspectionDocument,
    grading: &Grading,
    catalog: &Catalog,
    lang: Lang,
    m: &Messages,
) -> PlanView {
    let plan = doc.handlingsplan.as_ref();
    let entries: &[PlanEntry] = plan.map_or(&[], |p| &p.entries);
    let intro = match plan.and_then(|p| p.received) {
        Some(date) => vec![
            m.plan_intro.to_string(),
            fill(m.plan_received_line, &[("date", &date.to_string())]),
        ],
        None if !entries.is_empty() => vec![m.plan_draft.to_string()],
        None if grading.handlingsplan_required => vec![m.plan_missing.to_string()],
        None => vec![m.plan_none.to_string()],
    };
    let mut previous_area = None;
    let entries = entries
        .iter()
        .map(|e| {
            let first_of_area = previous_area != Some(e.criterion.area());
            previous_area = Some(e.criterion.area());
            let area = catalog.area(e.criterion.area());
            let text = catalog
                .criterion(e.criterion)
                .map(|c| criterion_text(c, lang).to_string())
                .unwrap_or_default();
            let opt = |v: &Option<String>| v.as_deref().map(one_line).unwrap_or_default();
            let mut fields: Vec<(&'static str, String)> = PlanField::all()
                .map(|f| (m.plan_field(f), shown(f.value(e))))
                .collect();
            if let Some(s) = e.status {
                fields.push((m.plan_status, m.plan_status_label(s).to_string()));
            }
            if e.completed.is_some() {
                fields.push((m.completed, date_text(&e.completed)));
            }
            if e.note.is_some() {
                fields.push((m.note, opt(&e.note)));
            }
            EntryView {
                area_heading: area_heading(area, lang),
                first_of_area,
                id: e.criterion.to_string(),
                criterion_text: text,
                fields,
            }
        })
        .collect();
    PlanView { intro, entries }
}

/// A plan field's value as the report shows it: on one line, names joined by `, `.
fn shown(value: PlanValue<'_>) -> String {
    match value {
        PlanValue::Text(t) => t.map(one_line).unwrap_or_default(),
        PlanValue::Date(d) => date_text(&d),
        PlanValue::Names(n) => n.iter().map(|s| one_line(s)).collect::<Vec<_>>().join(", "),
    }
}

fn date_text<D: std::fmt::Display>(d: &Option<D>) -> String {
    d.as_ref().map(ToString::to_string).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// The handlingsplan template.

pub(crate) struct TemplateView<'a> {
    pub m: &'static Messages,
    pub unit: String,
    pub visit_date: String,
    pub life: LifeView,
    pub header: Vec<(&'static str, String)>,
    pub sections: Vec<TemplateSection<'a>>,
}

pub(crate) struct TemplateSection<'a> {
    pub heading: &'static str,
    pub areas: Vec<TemplateArea<'a>>,
}

pub(crate) struct TemplateArea<'a> {
    pub heading: String,
    pub items: Vec<TemplateItem<'a>>,
}

pub(crate) struct TemplateItem<'a> {
    pub area_heading: String,
    pub id: String,
    pub text: &'a str,
    pub relevance: &'static str,
    pub regulations: String,
    /// Cleaned (XML-safe) but not collapsed: CSV keeps the note's line breaks.
    pub note: Option<String>,
}

impl TemplateView<'_> {
    /// Every item in template order.
    pub(crate) fn items(&self) -> impl Iterator<Item = &TemplateItem<'_>> {
        self.sections
            .iter()
            .flat_map(|s| s.areas.iter().flat_map(|a| a.items.iter()))
    }
}

pub(crate) fn template<'a>(
    doc: &'a InspectionDocument,
    grading: &'a Grading,
    catalog: &'a Catalog,
    lang: Lang,
) -> TemplateView<'a> {
    let m = Messages::for_lang(lang);
    let insp = &doc.inspection;
    let mut header = vec![(m.unit, one_line(&insp.unit))];
    if let Some(r) = &insp.region {
        header.push((m.region, one_line(r)));
    }
    header.push((m.visit_date, insp.visit_date.to_string()));
    header.push((m.regulations, join_designations(&grading.regulations)));

    let mut sections = Vec::new();
    for (relevance, heading) in [
        (PlanRelevance::Required, m.template_required),
        (PlanRelevance::Recommended, m.template_recommended),
    ] {
        let mut areas: Vec<TemplateArea<'a>> = Vec::new();
        for item in grading
            .plan_items
            .iter()
            .filter(|i| i.relevance == relevance)
        {
            let Some(c) = catalog.criterion(item.criterion) else {
                continue;
            };
            let area = catalog.area(item.area);
            let heading = area_heading(area, lang);
            let entry = TemplateItem {
                area_heading: heading.clone(),
                id: item.criterion.to_string(),
                text: criterion_text(c, lang),
                relevance: m.relevance(relevance),
                regulations: fill(
                    m.brist_under,
                    &[("regulations", &join_designations(&item.regulations))],
                ),
                note: item
                    .note
                    .as_deref()
                    .map(clean)
                    .filter(|n| !n.trim().is_empty()),
            };
            match areas.last_mut() {
                Some(a) if a.heading == heading => a.items.push(entry),
                _ => areas.push(TemplateArea {
                    heading,
                    items: vec![entry],
                }),
            }
        }
        if !areas.is_empty() {
            sections.push(TemplateSection { heading, areas });
        }
    }
    TemplateView {
        m,
        visit_date: insp.visit_date.to_string(),
        life: life(doc, grading, m),
        unit: one_line(&insp.unit),
        header,
        sections,
    }
}

/// Relative column widths of a table: the longest cell of each column, or the longest word of
/// its head (bold, and a head wraps), within bounds, plus room for the cell's inset: the
/// appendix tables of the DOCX and PDF report.
#[cfg(any(feature = "docx", feature = "pdf"))]
pub(crate) fn column_weights(heads: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    (0..heads.len())
        .map(|i| {
            let head = heads[i]
                .split_whitespace()
                .map(|w| w.chars().count() * 4 / 3)
                .max()
                .unwrap_or(1);
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count() * 6 / 5)
                .chain(std::iter::once(head))
                .max()
                .unwrap_or(1)
                .clamp(4, 28)
                + 3
        })
        .collect()
}
