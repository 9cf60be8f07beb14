//! The data the typst templates read (`/data.json`): typed structs built from the views, labels
//! from the message table. The templates read every value by member name (`d.summary.rows`,
//! `m.page_of`, …), so each struct says which template reads it; a member renamed here and not
//! there fails `pdf::tests` rather than typesetting a blank.
//!
//! `common.typ` is the preamble of both documents and reads what [`PdfReport`] and [`PdfPlan`]
//! share (`title`, `authors`, `keywords`, `date`, `lang`, `region`, `labels`, `running`,
//! `banner`, `header`); `report.typ` reads the rest of [`PdfReport`], `plan.typ` the rest of
//! [`PdfPlan`]. Members serialise in declaration order, the order the JSON always had.

use serde::Serialize;

use crate::compare::CompareView;
use crate::messages::Messages;
use crate::view::{GradeCell, GradeClass, LifeView, ReportView, TemplateView};

/// A label and its value: a `[label, value]` pair (`meta(rows)` in `common.typ`, the fields of
/// a plan entry in `report.typ`).
type Pair<'a> = (&'a str, &'a str);

/// One grade box (`grade-box(c)` in `common.typ`).
#[derive(Serialize)]
pub(crate) struct PdfCell<'a> {
    /// The long form of the grade (`A (preliminär A–D)`, `ej bedömd`).
    text: &'a str,
    /// Fill colour, hex without `#`.
    fill: &'static str,
    /// A dashed border: provisional, not graded or computed.
    dashed: bool,
}

impl<'a> PdfCell<'a> {
    fn of(c: &'a GradeCell) -> PdfCell<'a> {
        PdfCell {
            text: &c.long,
            fill: c.class.fill(),
            dashed: matches!(
                c.class,
                GradeClass::Provisional | GradeClass::NotGraded | GradeClass::Computed
            ),
        }
    }
}

/// The words of the templates (`m` in `common.typ`, `report.typ` and `plan.typ`).
#[derive(Serialize)]
pub(crate) struct PdfLabels {
    /// Footer: `Sida {n} av {total}` (`common.typ`).
    page_of: &'static str,
    /// Head of the grade tables' first column (`report.typ`).
    area: &'static str,
    /// An empty list (`report.typ`).
    none: &'static str,
    /// Criteria table heads (`report.typ`).
    col_id: &'static str,
    col_criterion: &'static str,
    col_finding: &'static str,
    /// The grading block: its heading, its last row, its first column (`report.typ`).
    grading: &'static str,
    grade: &'static str,
    level: &'static str,
    /// Heading of the report's plan (`report.typ`).
    handlingsplan: &'static str,
    /// Label of an item's note (`plan.typ`).
    note: &'static str,
}

impl PdfLabels {
    fn of(m: &'static Messages) -> PdfLabels {
        PdfLabels {
            page_of: m.page_of,
            area: m.area,
            none: m.none,
            col_id: m.col_id,
            col_criterion: m.col_criterion,
            col_finding: m.col_finding,
            grading: m.grading,
            grade: m.grade,
            level: m.level,
            handlingsplan: m.handlingsplan,
            note: m.note,
        }
    }
}

/// The running header and footer (`d.running` in `common.typ`).
#[derive(Serialize)]
pub(crate) struct PdfRunning<'a> {
    title: &'static str,
    unit: &'a str,
    date: &'a str,
    /// `Status: utkast`.
    status: String,
    /// `Version 0.9`, or empty.
    version: String,
}

impl<'a> PdfRunning<'a> {
    fn of(m: &'static Messages, unit: &'a str, visit_date: &'a str, life: &LifeView) -> Self {
        let version = life
            .version
            .as_deref()
            .map(|v| format!("{} {v}", m.version))
            .unwrap_or_default();
        PdfRunning {
            title: m.running_title,
            unit,
            date: visit_date,
            status: format!("{}: {}", m.status, life.status_label),
            version,
        }
    }
}

/// `[year, month, day]` of an ISO date, for `datetime(..)` in `common.typ`.
fn ymd(date: &str) -> Option<[i64; 3]> {
    let parts: Vec<i64> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => Some([*y, *m, *d]),
        _ => None,
    }
}

fn region(lang: &str) -> &'static str {
    if lang == "sv" { "SE" } else { "GB" }
}

fn pairs<'a>(rows: &'a [(&'static str, String)]) -> Vec<Pair<'a>> {
    rows.iter().map(|(l, v)| (*l, v.as_str())).collect()
}

// ---------------------------------------------------------------------------------------------
// The report (`report.typ`).

/// The data of the PDF report: `common.typ` reads its first members, `report.typ` all.
#[derive(Serialize)]
pub(crate) struct PdfReport<'a> {
    /// The PDF's identifier (read by `pdf::compile`, not a template).
    ident: String,
    /// Document metadata (`common.typ`).
    title: String,
    /// The big heading of the first page (`report.typ`).
    heading: String,
    /// Metadata authors (`common.typ`).
    authors: &'a [String],
    /// Metadata keywords, the fingerprint among them (`common.typ`).
    keywords: Vec<String>,
    /// The report date, else the visit date (`common.typ`).
    date: Option<[i64; 3]>,
    /// Text language and region (`common.typ`).
    lang: &'static str,
    region: &'static str,
    labels: PdfLabels,
    running: PdfRunning<'a>,
    /// The banner of a draft or preliminary report (`common.typ`).
    banner: Option<&'static str>,
    /// Label and value lines under the heading (`report.typ`).
    header: Vec<Pair<'a>>,
    /// Notes under the header (`report.typ`).
    notes: &'a [String],
    summary: PdfSummary<'a>,
    /// Strengths, weaknesses, improvements (`report.typ`).
    lists: [PdfList<'a>; 3],
    /// STRUKTUR, PROCESS, … with their areas (`report.typ`).
    groups: Vec<PdfGroup<'a>>,
    plan: PdfReportPlan<'a>,
    previous: Option<PdfPrevious<'a>>,
    signature: Option<PdfSignature<'a>>,
    fingerprint: Option<PdfNoted<'a>>,
    corrections: Option<PdfCorrections<'a>>,
    appendix: Option<PdfAppendix<'a>>,
    /// The audit chain's head beside the fingerprint (`report.typ`).
    chain_head: Option<PdfNoted<'a>>,
}

/// The summary table (`d.summary` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfSummary<'a> {
    title: &'static str,
    /// The regulations, one column each.
    cols: Vec<&'static str>,
    rows: Vec<PdfGradeRow<'a>>,
    plan_line: &'a str,
    legend: &'a [&'static str],
}

/// A row of the summary table: an area and its grades (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfGradeRow<'a> {
    heading: &'a str,
    cells: Vec<PdfCell<'a>>,
}

/// A titled list (`d.lists` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfList<'a> {
    title: &'static str,
    items: &'a [String],
    /// An enumeration rather than bullets.
    numbered: bool,
}

/// A group of areas (`d.groups` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfGroup<'a> {
    title: &'static str,
    areas: Vec<PdfArea<'a>>,
}

/// One area: narrative, criteria tables per kind, grading block (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfArea<'a> {
    heading: &'a str,
    paragraphs: &'a [String],
    notes: &'a [String],
    kinds: Vec<PdfKind<'a>>,
    grading: PdfGrading<'a>,
}

/// The criteria of one kind (`criteria-table(k)` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfKind<'a> {
    label: &'a str,
    /// The legal basis under the label, if any.
    basis: Option<&'a str>,
    rows: Vec<PdfCriterion<'a>>,
}

/// A row of a criteria table (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfCriterion<'a> {
    id: &'a str,
    text: &'a str,
    finding: &'a str,
    /// The finding in bold.
    brist: bool,
    note: Option<&'a str>,
}

/// An area's grading block (`grading-block(g)` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfGrading<'a> {
    /// The regulations' years, one column each.
    cols: Vec<&'static str>,
    scale: Vec<PdfScaleRow<'a>>,
    grades: Vec<PdfCell<'a>>,
}

/// A level of the scale and where each regulation's grade falls (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfScaleRow<'a> {
    text: &'a str,
    /// One per column; none for an empty cell.
    marks: Vec<Option<PdfCell<'a>>>,
}

/// The report's handlingsplan (`d.plan` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfReportPlan<'a> {
    intro: &'a [String],
    entries: Vec<PdfEntry<'a>>,
}

/// One plan entry (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfEntry<'a> {
    /// The area heading above the first entry of an area.
    area: Option<&'a str>,
    id: &'a str,
    text: &'a str,
    /// Label and value; an empty value reads as the `none` label.
    fields: Vec<Pair<'a>>,
}

/// The comparison with the previous inspection (`d.previous` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfPrevious<'a> {
    title: &'static str,
    sides: Vec<Pair<'a>>,
    /// Each warning with its label.
    warnings: Vec<String>,
    /// What an empty part says.
    none: &'static str,
    sections: Vec<PdfCompareSection<'a>>,
}

/// One part of the comparison: a titled table (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfCompareSection<'a> {
    title: &'static str,
    heads: &'a [&'static str],
    rows: Vec<PdfCompareRow<'a>>,
}

/// A row of the comparison (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfCompareRow<'a> {
    cells: &'a [String],
    /// `improved`, `worsened` or none.
    change: Option<&'static str>,
}

/// The signature block of a final report (`d.signature` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfSignature<'a> {
    heading: &'static str,
    names: &'a [String],
    place_date: &'static str,
}

/// A labelled value with a note: the fingerprint and the chain head (`report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfNoted<'a> {
    label: &'static str,
    value: &'a str,
    note: &'static str,
}

/// The corrections table (`d.corrections` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfCorrections<'a> {
    title: &'static str,
    heads: [&'static str; 4],
    /// Version, by, at, reason.
    rows: Vec<(String, &'a str, &'a str, &'a str)>,
}

/// The appendix from a store (`d.appendix` in `report.typ`).
#[derive(Serialize)]
pub(crate) struct PdfAppendix<'a> {
    title: &'a str,
    parts: Vec<PdfPart<'a>>,
}

/// One part of the appendix, told apart by `kind` (`report.typ`).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum PdfPart<'a> {
    Heading {
        text: &'a str,
    },
    Paragraph {
        text: &'a str,
    },
    List {
        items: &'a [String],
    },
    Table {
        heads: &'a [String],
        rows: &'a [Vec<String>],
        /// Relative column widths.
        widths: Vec<usize>,
    },
}

impl<'a> PdfPart<'a> {
    fn of(p: &'a crate::AppendixPart) -> PdfPart<'a> {
        match p {
            crate::AppendixPart::Heading(text) => PdfPart::Heading { text },
            crate::AppendixPart::Paragraph(text) => PdfPart::Paragraph { text },
            crate::AppendixPart::List(items) => PdfPart::List { items },
            crate::AppendixPart::Table { heads, rows } => PdfPart::Table {
                heads,
                rows,
                widths: crate::view::column_weights(heads, rows),
            },
        }
    }
}

pub(crate) fn report<'a>(v: &'a ReportView<'_>) -> PdfReport<'a> {
    let m = v.m;
    let life = &v.life;
    let cols: Vec<&'static str> = v.regs.iter().map(|r| r.designation()).collect();
    let years: Vec<&'static str> = v.regs.iter().map(|r| r.year()).collect();
    let groups = v
        .groups
        .iter()
        .map(|g| PdfGroup {
            title: g.title,
            areas: g
                .areas
                .iter()
                .map(|a| PdfArea {
                    heading: &a.heading,
                    paragraphs: &a.paragraphs,
                    notes: &a.notes,
                    kinds: a
                        .kinds
                        .iter()
                        .map(|k| PdfKind {
                            label: &k.label,
                            basis: k.legal_basis,
                            rows: k
                                .rows
                                .iter()
                                .map(|r| PdfCriterion {
                                    id: &r.id,
                                    text: r.text,
                                    finding: &r.finding,
                                    brist: r.brist,
                                    note: r.note.as_deref(),
                                })
                                .collect(),
                        })
                        .collect(),
                    grading: PdfGrading {
                        cols: years.clone(),
                        scale: a
                            .scale
                            .iter()
                            .map(|r| PdfScaleRow {
                                text: &r.text,
                                marks: r
                                    .marks
                                    .iter()
                                    .map(|c| c.as_ref().map(PdfCell::of))
                                    .collect(),
                            })
                            .collect(),
                        grades: a.grades.iter().map(|g| PdfCell::of(&g.cell)).collect(),
                    },
                })
                .collect(),
        })
        .collect();
    let entries = v
        .plan
        .entries
        .iter()
        .map(|e| PdfEntry {
            area: e.first_of_area.then_some(e.area_heading.as_str()),
            id: &e.id,
            text: &e.criterion_text,
            fields: e
                .fields
                .iter()
                .map(|(l, val)| (*l, if val.is_empty() { m.none } else { val.as_str() }))
                .collect(),
        })
        .collect();
    let mut keywords = vec!["SPUR".to_string()];
    if let Some(fp) = &life.fingerprint {
        keywords.push(crate::life::keyword(fp));
    }
    let title = format!("{}: {}", m.report_title, v.unit);
    PdfReport {
        ident: format!(
            "spur-report/{}/{}",
            v.unit,
            life.version.as_deref().unwrap_or("")
        ),
        heading: title.clone(),
        title,
        authors: &life.signers,
        keywords,
        date: ymd(life.date.as_deref().unwrap_or(&v.visit_date)),
        lang: m.html_lang,
        region: region(m.html_lang),
        labels: PdfLabels::of(m),
        running: PdfRunning::of(m, &v.unit, &v.visit_date, life),
        banner: life.banner,
        header: pairs(&v.header),
        notes: &v.notes,
        summary: PdfSummary {
            title: m.summary,
            cols,
            rows: v
                .summary
                .rows
                .iter()
                .map(|r| PdfGradeRow {
                    heading: &r.heading,
                    cells: r.cells.iter().map(PdfCell::of).collect(),
                })
                .collect(),
            plan_line: &v.summary.plan_line,
            legend: &v.summary.legend,
        },
        lists: [
            PdfList {
                title: m.strengths,
                items: &v.strengths,
                numbered: false,
            },
            PdfList {
                title: m.weaknesses,
                items: &v.weaknesses,
                numbered: false,
            },
            PdfList {
                title: m.improvements,
                items: &v.improvements,
                numbered: true,
            },
        ],
        groups,
        plan: PdfReportPlan {
            intro: &v.plan.intro,
            entries,
        },
        previous: v.previous.as_ref().map(previous),
        signature: life.signature.then(|| PdfSignature {
            heading: m.signatures,
            names: &life.signers,
            place_date: m.signature_place_date,
        }),
        fingerprint: life.fingerprint.as_deref().map(|fp| PdfNoted {
            label: m.fingerprint,
            value: fp,
            note: m.fingerprint_note,
        }),
        corrections: (!life.corrections.is_empty()).then(|| PdfCorrections {
            title: m.corrections,
            heads: m.correction_heads,
            rows: life
                .corrections
                .iter()
                .map(|c| (c.version.to_string(), &*c.by, &*c.at, &*c.reason))
                .collect(),
        }),
        appendix: life.appendix.as_ref().map(|a| PdfAppendix {
            title: &a.title,
            parts: a.parts.iter().map(PdfPart::of).collect(),
        }),
        chain_head: life.chain_head.as_deref().map(|head| PdfNoted {
            label: m.chain_head,
            value: head,
            note: m.chain_head_note,
        }),
    }
}

/// The comparison with the previous inspection: its parts as tables, each row with `change`
/// (`improved`, `worsened` or none).
fn previous(p: &CompareView) -> PdfPrevious<'_> {
    PdfPrevious {
        title: p.title,
        sides: pairs(&p.sides),
        warnings: p
            .warnings
            .iter()
            .map(|w| format!("{}: {w}", p.warning))
            .collect(),
        none: p.none,
        sections: p
            .sections
            .iter()
            .map(|sec| PdfCompareSection {
                title: sec.title,
                heads: &sec.heads,
                rows: sec
                    .rows
                    .iter()
                    .map(|r| PdfCompareRow {
                        cells: &r.cells,
                        change: r.class(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// The handlingsplan template (`plan.typ`).

/// The data of the PDF handlingsplan template: `common.typ` reads its first members, `plan.typ`
/// all.
#[derive(Serialize)]
pub(crate) struct PdfPlan<'a> {
    /// The PDF's identifier (read by `pdf::compile`, not a template).
    ident: String,
    /// Document metadata (`common.typ`).
    title: String,
    /// The big heading of the first page (`plan.typ`).
    heading: String,
    authors: &'a [String],
    keywords: [&'static str; 2],
    date: Option<[i64; 3]>,
    lang: &'static str,
    region: &'static str,
    labels: PdfLabels,
    running: PdfRunning<'a>,
    /// Always none: the template has no banner (`common.typ` reads it).
    banner: Option<&'static str>,
    /// Label and value lines under the heading (`plan.typ`).
    header: Vec<Pair<'a>>,
    /// The note above the items, and what a template without items says (`plan.typ`).
    intro: &'static str,
    empty: &'static str,
    /// Required, then recommended items (`plan.typ`).
    sections: Vec<PdfPlanSection<'a>>,
}

/// Required or recommended items, by area (`d.sections` in `plan.typ`).
#[derive(Serialize)]
pub(crate) struct PdfPlanSection<'a> {
    heading: &'static str,
    areas: Vec<PdfPlanArea<'a>>,
}

/// The items of one area (`plan.typ`).
#[derive(Serialize)]
pub(crate) struct PdfPlanArea<'a> {
    heading: &'a str,
    items: Vec<PdfPlanItem<'a>>,
}

/// One item: what the unit fills in (`plan.typ`).
#[derive(Serialize)]
pub(crate) struct PdfPlanItem<'a> {
    /// `Area · id (relevance)`.
    title: String,
    text: &'a str,
    regulations: &'a str,
    note: Option<String>,
    /// The labels of the plan's fields ([`spur_core::PlanField::all`]), each with an empty
    /// space to fill in.
    fields: Vec<&'static str>,
}

pub(crate) fn plan<'a>(v: &'a TemplateView<'_>) -> PdfPlan<'a> {
    let m = v.m;
    let sections = v
        .sections
        .iter()
        .map(|s| PdfPlanSection {
            heading: s.heading,
            areas: s
                .areas
                .iter()
                .map(|a| PdfPlanArea {
                    heading: &a.heading,
                    items: a
                        .items
                        .iter()
                        .map(|it| PdfPlanItem {
                            title: format!("{} · {} ({})", it.area_heading, it.id, it.relevance),
                            text: it.text,
                            regulations: &it.regulations,
                            note: it.note.as_deref().map(crate::text::one_line),
                            fields: spur_core::PlanField::all()
                                .map(|f| m.plan_field(f))
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let title = format!("{}: {}", m.template_title, v.unit);
    PdfPlan {
        ident: format!("spur-handlingsplan/{}", v.unit),
        heading: title.clone(),
        title,
        authors: &v.life.signers,
        keywords: ["SPUR", "handlingsplan"],
        date: ymd(v.life.date.as_deref().unwrap_or(&v.visit_date)),
        lang: m.html_lang,
        region: region(m.html_lang),
        labels: PdfLabels::of(m),
        running: PdfRunning::of(m, &v.unit, &v.visit_date, &v.life),
        banner: None,
        header: pairs(&v.header),
        intro: m.template_intro,
        empty: m.template_empty,
        sections,
    }
}
