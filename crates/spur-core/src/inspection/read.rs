//! Reading an inspection document: node tree → model, collecting every problem, through the
//! shared reading layer ([`crate::read`]). Besides the model, reading returns [`DocSpans`]:
//! where the values validation points at were written, keyed by what they are (criterion ids,
//! area letters, regulations, entry numbers), never by formatted paths.

use std::collections::BTreeMap;

use super::{
    AreaText, Finding, FindingStatus, Format, Handlingsplan, Inspection, InspectionDocument,
    Override, OverrideGrade, PlanEntry, ReportText,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::messages::{Msg, Text};
use crate::model::{AreaId, CriterionId, Grade, PlanStatus, Regulation, ReportStatus, Status};
use crate::read::{FromKey, FromNode, Path, Reader, Span, Spanned, Table};
use crate::spanned::{self, Key, Node, Value};

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
const REPORT_FIELDS: &[&str] = &[
    "status",
    "date",
    "version",
    "strengths",
    "weaknesses",
    "improvements",
];
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
const REPORT_LISTS: [&str; 3] = ["strengths", "weaknesses", "improvements"];

/// Where the values validation may point at were written. A document built in code has none
/// (the default); every lookup then gives `None`.
#[derive(Debug, Default)]
pub(super) struct DocSpans {
    /// The key `findings`.
    pub findings: Option<Span>,
    /// `inspection.unit`, `visit_date`, `catalog` and `specialty` (values).
    pub unit: Option<Span>,
    pub visit_date: Option<Span>,
    pub catalog: Option<Span>,
    pub specialty: Option<Span>,
    /// `inspection.inspectors`, only when written as a list (left as `spur init` wrote it).
    pub inspectors: Option<Span>,
    /// The key of each finding, in source order.
    finding_keys: Vec<(CriterionId, Span)>,
    /// The key of each per-regulation status.
    finding_regulations: Vec<(CriterionId, Regulation, Span)>,
    /// The key of each override.
    override_keys: Vec<(AreaId, Span)>,
    /// Each override grade (uniform: no regulation): value and key.
    override_grades: Vec<(AreaId, Option<Regulation>, Span, Span)>,
    /// `handlingsplan.received` (value).
    pub received: Option<Span>,
    /// `report.status` (value): where a final report's own rules are located.
    pub report_status: Option<Span>,
    /// One per entry of the model's handlingsplan.
    entries: Vec<EntrySpans>,
}

/// The spans of one handlingsplan entry.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct EntrySpans {
    /// The entry's index in the source list.
    pub index: usize,
    pub criterion: Option<Span>,
    pub due: Option<Span>,
    pub follow_up: Option<Span>,
}

impl DocSpans {
    /// The key of the (first) finding for `id`.
    pub(super) fn finding(&self, id: CriterionId) -> Option<Span> {
        self.finding_keys
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, s)| *s)
    }

    /// The key of the status of `id` under `regulation`.
    pub(super) fn finding_regulation(&self, id: CriterionId, reg: Regulation) -> Option<Span> {
        self.finding_regulations
            .iter()
            .find(|(c, r, _)| *c == id && *r == reg)
            .map(|(_, _, s)| *s)
    }

    /// The key of the override of `area`.
    pub(super) fn override_key(&self, area: AreaId) -> Option<Span> {
        self.override_keys
            .iter()
            .find(|(a, _)| *a == area)
            .map(|(_, s)| *s)
    }

    /// The value and key of the override grade of `area` (under `reg`, or uniform).
    pub(super) fn override_grade(
        &self,
        area: AreaId,
        reg: Option<Regulation>,
    ) -> (Option<Span>, Option<Span>) {
        self.override_grades
            .iter()
            .find(|(a, r, _, _)| *a == area && *r == reg)
            .map_or((None, None), |(_, _, v, k)| (Some(*v), Some(*k)))
    }

    /// The spans of the model's entry `i` (its source index is `i` for a document built in
    /// code).
    pub(super) fn entry(&self, i: usize) -> EntrySpans {
        self.entries.get(i).copied().unwrap_or(EntrySpans {
            index: i,
            ..EntrySpans::default()
        })
    }
}

/// Read a document: the model and where its values are, or `None` (every problem reported).
pub(super) fn read(r: &mut Reader<'_>, format: Format) -> Option<(InspectionDocument, DocSpans)> {
    match spanned::parse(r.source, format) {
        Ok(root) => {
            let mut spans = DocSpans::default();
            let doc = document(r, &root, &mut spans)?;
            Some((doc, spans))
        }
        Err(errors) => {
            let hint = match format {
                Format::Toml => Some(Msg::SyntaxHint.into()),
                Format::Json => None,
            };
            r.syntax(errors, hint);
            None
        }
    }
}

/// A table whose keys are all allowed (findings, areas, overrides, per-regulation values).
fn map<'n>(r: &mut Reader<'_>, node: &'n Node, path: Path<'_>) -> Option<&'n [(Key, Node)]> {
    Table::new(r, node, path, &[]).map(|mut t| t.entries())
}

fn span(node: &Node) -> Option<Span> {
    Span::of(&node.span)
}

/// A list of strings; with `split_commas`, a single string `"a, b"` is accepted as a list.
fn string_list(
    r: &mut Reader<'_>,
    node: Option<&Node>,
    path: Path<'_>,
    split_commas: bool,
) -> Vec<String> {
    let Some(node) = node else { return Vec::new() };
    match &node.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match &n.value {
                Value::Str(s) => Some(s.clone()),
                _ => r.value::<String>(n, path.index(i)).map(Spanned::into_inner),
            })
            .filter(|s| !s.trim().is_empty())
            .collect(),
        Value::Str(s) if split_commas => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => {
            r.wrong_type(node, path, Msg::ExpectStrings);
            Vec::new()
        }
    }
}

/// The report's lists (`strengths`, `weaknesses`, `improvements`) of a table, appended.
fn report_lists(r: &mut Reader<'_>, t: &mut Table<'_, '_>, report: &mut ReportText) {
    for name in REPORT_LISTS {
        let Some(node) = t.node(name) else { continue };
        let items = string_list(r, Some(node), t.path().key(name), false);
        match name {
            "strengths" => report.strengths.extend(items),
            "weaknesses" => report.weaknesses.extend(items),
            _ => report.improvements.extend(items),
        }
    }
}

fn document(r: &mut Reader<'_>, root: &Node, spans: &mut DocSpans) -> Option<InspectionDocument> {
    let mut top = Table::new(r, root, Path::ROOT, TOP_FIELDS)?;
    let mut report = ReportText::default();
    let inspection = match top.node("inspection") {
        Some(n) => inspection(r, n, &mut report, spans),
        None => {
            r.missing(
                Path::ROOT.key("inspection"),
                Some(Span::new(0, 0)),
                Msg::HintInspectionTable,
            );
            None
        }
    };
    report_lists(r, &mut top, &mut report);
    if let Some(n) = top.node("report")
        && let Some(mut t) = Table::new(r, n, Path::ROOT.key("report"), REPORT_FIELDS)
    {
        report_lists(r, &mut t, &mut report);
        let path = t.path();
        let status = t.optional::<ReportStatus>(r, "status");
        spans.report_status = status.as_ref().map(|s| s.span);
        report.status = status.map(Spanned::into_inner);
        if let Some(n) = t.node("date") {
            report.date = r.blank_or_date(n, path.key("date"));
        }
        if let Some(n) = t.node("version") {
            report.version = r.blank_or_string(n, path.key("version"));
        }
        t.finalize(r);
    }
    let mut areas = BTreeMap::new();
    let mut narrative_at = BTreeMap::new();
    for name in ["areas", "narratives"] {
        if let Some(n) = top.node(name) {
            narratives(r, n, name, &mut areas, &mut narrative_at);
        }
    }
    let findings = match top.entry("findings") {
        Some((k, n)) => {
            spans.findings = Span::of(&k.span);
            findings(r, n, spans)
        }
        None => BTreeMap::new(),
    };
    let overrides = top
        .node("overrides")
        .map(|n| overrides(r, n, spans))
        .unwrap_or_default();
    let handlingsplan = top
        .node("handlingsplan")
        .and_then(|n| handlingsplan(r, n, spans));
    top.finalize(r);
    Some(InspectionDocument {
        inspection: inspection?,
        report,
        areas,
        findings,
        overrides,
        handlingsplan,
    })
}

fn inspection(
    r: &mut Reader<'_>,
    node: &Node,
    report: &mut ReportText,
    spans: &mut DocSpans,
) -> Option<Inspection> {
    let path = Path::ROOT.key("inspection");
    let mut t = Table::new(r, node, path, INSPECTION_FIELDS)?;
    let unit = t.required::<String>(r, "unit", Msg::HintUnit).inspect(|s| {
        spans.unit = Some(s.span);
        if s.trim().is_empty() {
            r.push(
                Code::InvalidValue,
                path.key("unit"),
                Some(s.span),
                Msg::UnitEmpty,
                None,
            );
        }
    });
    let visit_date = t
        .required_node(r, "visit_date", Msg::HintVisitDate)
        .and_then(|n| {
            spans.visit_date = span(n);
            // Required: a blank date is a located date error, not an absent value (which
            // gave no document and no diagnostic).
            chrono::NaiveDate::from_node(r, n, path.key("visit_date"))
        });
    let regulations = t
        .required_node(r, "regulations", Msg::HintRegulations)
        .and_then(|n| regulations(r, n, path.key("regulations")));
    let mut text = |t: &mut Table<'_, '_>, name: &str, at: Option<&mut Option<Span>>| {
        let n = t.node(name)?;
        if let Some(at) = at {
            *at = span(n);
        }
        r.blank_or_string(n, path.key(name))
    };
    let region = text(&mut t, "region", None);
    let specialty = text(&mut t, "specialty", Some(&mut spans.specialty));
    let catalog = text(&mut t, "catalog", Some(&mut spans.catalog));
    let inspectors = t.node("inspectors");
    if let Some(n) = inspectors
        && matches!(n.value, Value::Array(_))
    {
        spans.inspectors = span(n);
    }
    let inspectors = string_list(r, inspectors, path.key("inspectors"), false);
    report_lists(r, &mut t, report);
    t.finalize(r);
    Some(Inspection {
        unit: unit?.value,
        region,
        specialty,
        visit_date: visit_date?,
        inspectors,
        catalog,
        regulations: regulations?,
    })
}

fn regulations(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Vec<Regulation>> {
    let items: Vec<&Node> = match &node.value {
        Value::Array(items) => items.iter().collect(),
        Value::Str(_) => vec![node],
        _ => {
            r.wrong_type(node, path, Msg::ExpectRegulations);
            return None;
        }
    };
    let mut regs: Vec<(Regulation, Option<Span>)> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let Some(reg) = r.value::<Regulation>(item, path.index(i)) else {
            ok = false;
            continue;
        };
        match regs.iter().find(|(known, _)| *known == reg.value) {
            Some((_, first)) => {
                let d = Diagnostic::error(
                    Code::Duplicate,
                    path.index(i).to_string(),
                    Text::new(Msg::RegulationTwice).val("regulation", reg.value),
                )
                .at(r.loc(Some(reg.span)));
                push_with_first(r, d, *first);
            }
            None => regs.push((reg.value, Some(reg.span))),
        }
    }
    if regs.is_empty() && ok {
        r.push(
            Code::InvalidValue,
            path,
            span(node),
            Msg::NoRegulation,
            Some(Msg::NoRegulationHint.into()),
        );
        return None;
    }
    let mut regs: Vec<Regulation> = regs.into_iter().map(|(reg, _)| reg).collect();
    regs.sort();
    ok.then_some(regs)
}

/// Report `d` with a label at the first copy of what it says is given twice.
fn push_with_first(r: &mut Reader<'_>, d: Diagnostic, first: Option<Span>) {
    let d = match first {
        Some(s) => d.with_label(r.location(s), Msg::FirstGivenHere),
        None => d,
    };
    r.add(d);
}

/// The narratives of the areas, from `[areas.X] narrative = …` (`base` = `areas`, read first)
/// or `[narratives] X = …`; an area given one in both is a duplicate.
fn narratives(
    r: &mut Reader<'_>,
    node: &Node,
    base: &'static str,
    areas: &mut BTreeMap<AreaId, AreaText>,
    first_at: &mut BTreeMap<AreaId, Option<Span>>,
) {
    let base = Path::ROOT.key(base);
    let Some(entries) = map(r, node, base) else {
        return;
    };
    for (k, v) in entries {
        let path = base.key(&k.name);
        let Some(id) = AreaId::from_key(r, k, path) else {
            continue;
        };
        let (text, at) = if matches!(base, Path::Key(_, "areas")) {
            let Some(mut t) = Table::new(r, v, path, AREA_FIELDS) else {
                continue;
            };
            let found = t
                .node("narrative")
                .map(|n| (r.blank_or_string(n, path.key("narrative")), span(n)));
            t.finalize(r);
            match found {
                Some(found) => found,
                None => continue,
            }
        } else {
            (r.blank_or_string(v, path), Span::of(&k.span))
        };
        let slot = &mut areas.entry(id).or_default().narrative;
        if slot.is_some() {
            let d = Diagnostic::error(
                Code::Duplicate,
                path.to_string(),
                Text::new(Msg::TwoNarratives).val("area", id),
            )
            .with_hint(Msg::TwoNarrativesHint)
            .at(r.loc(at));
            push_with_first(r, d, first_at.get(&id).copied().flatten());
        } else if text.is_some() {
            *slot = text;
            first_at.insert(id, at);
        }
    }
}

fn findings(
    r: &mut Reader<'_>,
    node: &Node,
    spans: &mut DocSpans,
) -> BTreeMap<CriterionId, Finding> {
    let base = Path::ROOT.key("findings");
    let mut out = BTreeMap::new();
    let Some(entries) = map(r, node, base) else {
        return out;
    };
    for (k, v) in entries {
        // Fast path for the common `"D.F6" = "met"`.
        let short = match (&v.value, k.name.trim().parse::<CriterionId>()) {
            (Value::Str(st), Ok(id)) => Status::parse_lenient(st).map(|s| (id, s)),
            _ => None,
        };
        let (id, finding) = match short {
            Some((id, s)) => (Some(id), Some(Finding::new(s))),
            None => finding(r, k, v, base.quoted(&k.name), spans),
        };
        let (Some(id), Some(finding)) = (id, finding) else {
            continue;
        };
        let key = Span::of(&k.span);
        let first = spans.finding(id);
        if let Some(s) = key {
            spans.finding_keys.push((id, s));
        }
        if out.insert(id, finding).is_some() {
            let d = Diagnostic::error(
                Code::Duplicate,
                base.quoted(&k.name).to_string(),
                Text::new(Msg::TwoFindings).val("id", id),
            )
            .with_hint(Msg::TwoFindingsHint)
            .at(r.loc(key));
            push_with_first(r, d, first);
        }
    }
    out
}

/// A finding in full: located errors for a bad id or value, the table form.
fn finding(
    r: &mut Reader<'_>,
    k: &Key,
    v: &Node,
    path: Path<'_>,
    spans: &mut DocSpans,
) -> (Option<CriterionId>, Option<Finding>) {
    let id = CriterionId::from_key(r, k, path);
    let finding = match &v.value {
        Value::Str(_) => r.value::<Status>(v, path).map(|s| Finding::new(s.value)),
        Value::Table(_) => finding_table(r, v, path, id, spans),
        _ => {
            r.wrong_type(v, path, Msg::ExpectFinding);
            None
        }
    };
    (id, finding)
}

fn finding_table(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    id: Option<CriterionId>,
    spans: &mut DocSpans,
) -> Option<Finding> {
    let mut t = Table::new(r, node, path, FINDING_FIELDS)?.missing_at(span(node));
    let note = t
        .node("note")
        .and_then(|n| r.blank_or_string(n, path.key("note")));
    let snode = t.required_node(r, "status", Msg::HintFindingStatus);
    t.finalize(r);
    let snode = snode?;
    let spath = path.key("status");
    let status = match &snode.value {
        Value::Table(_) => {
            let entries = map(r, snode, spath)?;
            let mut statuses: BTreeMap<Regulation, Status> = BTreeMap::new();
            let mut keys: Vec<(Regulation, Option<Span>)> = Vec::new();
            let mut ok = true;
            for (rk, rv) in entries {
                let rpath = spath.quoted(&rk.name);
                let reg = Regulation::from_key(r, rk, rpath);
                let st = r.value::<Status>(rv, rpath);
                let (Some(reg), Some(st)) = (reg, st) else {
                    ok = false;
                    continue;
                };
                let key = Span::of(&rk.span);
                if let (Some(id), Some(s)) = (id, key) {
                    spans.finding_regulations.push((id, reg, s));
                }
                if statuses.insert(reg, st.value).is_some() {
                    let first = keys.iter().find(|(r, _)| *r == reg).and_then(|(_, s)| *s);
                    let d = Diagnostic::error(
                        Code::Duplicate,
                        rpath.to_string(),
                        Text::new(Msg::TwoStatuses).val("regulation", reg),
                    )
                    .at(r.loc(key));
                    push_with_first(r, d, first);
                } else {
                    keys.push((reg, key));
                }
            }
            if !ok {
                return None;
            }
            FindingStatus::PerRegulation(statuses)
        }
        _ => FindingStatus::Uniform(r.value::<Status>(snode, spath)?.value),
    };
    Some(Finding { status, note })
}

fn overrides(r: &mut Reader<'_>, node: &Node, spans: &mut DocSpans) -> BTreeMap<AreaId, Override> {
    let base = Path::ROOT.key("overrides");
    let mut out = BTreeMap::new();
    let Some(entries) = map(r, node, base) else {
        return out;
    };
    for (k, v) in entries {
        let path = base.key(&k.name);
        let id = AreaId::from_key(r, k, path);
        if let (Some(id), Some(s)) = (id, Span::of(&k.span)) {
            spans.override_keys.push((id, s));
        }
        let Some(mut t) = Table::new(r, v, path, OVERRIDE_FIELDS) else {
            continue;
        };
        let reason = t
            .optional::<String>(r, "reason")
            .map(Spanned::into_inner)
            .unwrap_or_default();
        let gpath = path.key("grade");
        let grade = match t.entry("grade") {
            None => {
                r.missing(gpath, Span::of(&k.span), Msg::HintOverrideGrade);
                None
            }
            Some((gk, g)) => {
                if let (Some(id), Some(v), Some(k)) = (id, span(g), Span::of(&gk.span)) {
                    spans.override_grades.push((id, None, v, k));
                }
                match &g.value {
                    Value::Table(_) => map(r, g, gpath).and_then(|entries| {
                        let mut grades = BTreeMap::new();
                        let mut ok = true;
                        for (rk, rv) in entries {
                            let rpath = gpath.quoted(&rk.name);
                            let reg = Regulation::from_key(r, rk, rpath);
                            let grade = r.value::<Grade>(rv, rpath);
                            match (reg, grade) {
                                (Some(reg), Some(grade)) => {
                                    if let (Some(id), Some(k)) = (id, Span::of(&rk.span)) {
                                        spans.override_grades.push((id, Some(reg), grade.span, k));
                                    }
                                    grades.insert(reg, grade.value);
                                }
                                _ => ok = false,
                            }
                        }
                        ok.then_some(OverrideGrade::PerRegulation(grades))
                    }),
                    _ => r
                        .value::<Grade>(g, gpath)
                        .map(|g| OverrideGrade::Uniform(g.value)),
                }
            }
        };
        t.finalize(r);
        if let (Some(id), Some(grade)) = (id, grade) {
            out.insert(id, Override { grade, reason });
        }
    }
    out
}

fn handlingsplan(r: &mut Reader<'_>, node: &Node, spans: &mut DocSpans) -> Option<Handlingsplan> {
    let path = Path::ROOT.key("handlingsplan");
    let mut t = Table::new(r, node, path, PLAN_FIELDS)?;
    let received = t.node("received").and_then(|n| {
        spans.received = span(n);
        r.blank_or_date(n, path.key("received"))
    });
    let mut entries = Vec::new();
    if let Some(list) = t.node("entries") {
        let epath = path.key("entries");
        match &list.value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut at = EntrySpans {
                        index: i,
                        ..EntrySpans::default()
                    };
                    if let Some(e) = plan_entry(r, item, epath.index(i), &mut at) {
                        entries.push(e);
                        spans.entries.push(at);
                    }
                }
            }
            _ => r.wrong_type(list, epath, Msg::ExpectPlanEntries),
        }
    }
    t.finalize(r);
    Some(Handlingsplan { received, entries })
}

fn plan_entry(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    at: &mut EntrySpans,
) -> Option<PlanEntry> {
    let mut t = Table::new(r, node, path, ENTRY_FIELDS)?;
    let criterion = t
        .required_node(r, "criterion", Msg::HintEntryCriterion)
        .and_then(|n| {
            at.criterion = span(n);
            r.value::<CriterionId>(n, path.key("criterion"))
        });
    let action = t
        .node("action")
        .and_then(|n| r.blank_or_string(n, path.key("action")));
    let due = t.node("due").and_then(|n| {
        at.due = span(n);
        r.blank_or_date(n, path.key("due"))
    });
    let responsible = string_list(r, t.node("responsible"), path.key("responsible"), true);
    let follow_up = t.node("follow_up").and_then(|n| {
        at.follow_up = span(n);
        r.blank_or_date(n, path.key("follow_up"))
    });
    let follow_up_responsible = string_list(
        r,
        t.node("follow_up_responsible"),
        path.key("follow_up_responsible"),
        true,
    );
    let status = match t.node("status") {
        Some(n) => match &n.value {
            Value::Str(s) if s.trim().is_empty() => None,
            _ => r
                .value::<PlanStatus>(n, path.key("status"))
                .map(Spanned::into_inner),
        },
        None => None,
    };
    let completed = t
        .node("completed")
        .and_then(|n| r.blank_or_date(n, path.key("completed")));
    let note = t
        .node("note")
        .and_then(|n| r.blank_or_string(n, path.key("note")));
    t.finalize(r);
    Some(PlanEntry {
        criterion: criterion?.value,
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
