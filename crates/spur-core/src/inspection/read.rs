//! Reading an inspection document: node tree → model, collecting every problem.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::{
    AreaText, Finding, FindingStatus, Format, Handlingsplan, Inspection, InspectionDocument,
    Override, OverrideGrade, PlanEntry, ReportText,
};
use crate::diagnostic::{Code, closest};
use crate::messages::{Arg, Msg, Text};
use crate::model::{AreaId, CriterionId, Grade, Regulation, Status};
use crate::spanned::{self, Key, Node, Value, clip, join};

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

type Entries<'a> = Vec<(&'a Key, &'a Node)>;

/// Reads an inspection document; the shared scalar readers come from [`spanned::Reader`].
pub(super) struct Reader<'s>(spanned::Reader<'s>, pub(super) FindingKeys);

/// Key spans of the findings, by criterion id. Kept apart from the path-keyed span map: there
/// are ~75 per document and formatting a path for each was a third of the reading time, while
/// a location is only needed for the few that turn out to have a problem.
#[derive(Default)]
pub(super) struct FindingKeys(Vec<(CriterionId, Range<usize>)>);

impl FindingKeys {
    /// The span of `findings."ID"#key`, for a path of that shape.
    pub(super) fn span_for(&self, path: &str) -> Option<Range<usize>> {
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
    pub(super) fn new(file: &'s str, source: &'s str) -> Self {
        Reader(spanned::Reader::new(file, source), FindingKeys::default())
    }

    pub(super) fn read(&mut self, format: Format) -> Option<InspectionDocument> {
        match spanned::parse(self.source, format) {
            Ok(root) => self.document(&root),
            Err(errors) => {
                let hint = match format {
                    Format::Toml => Some(Msg::SyntaxHint.into()),
                    Format::Json => None,
                };
                self.syntax(errors, hint);
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
            self.wrong_type(node, path, Msg::TypeTable);
            return None;
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            if !allowed.is_empty() && !allowed.contains(&k.name.as_str()) {
                let child = join(path, &k.name);
                let hint = match closest(&k.name, allowed.iter().copied()) {
                    Some(c) => Text::new(Msg::DidYouMean).arg("name", c),
                    None => Text::new(Msg::KnownKeys).arg("keys", allowed.join(", ")),
                };
                let place: Arg = if path.is_empty() {
                    Msg::TheDocument.into()
                } else {
                    path.into()
                };
                self.push(
                    Code::UnknownField,
                    &child,
                    &k.span,
                    Text::new(Msg::UnknownKey)
                        .arg("key", clip(&k.name))
                        .arg("place", place),
                    Some(hint.into()),
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
                self.wrong_type(node, path, Msg::ExpectStrings);
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
        what: Msg,
        choices: &[&str],
    ) -> Option<T> {
        let s = self.string(node, path)?;
        match s.trim().parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.invalid_choice(
                    node,
                    path,
                    what,
                    &s,
                    choices.iter().copied(),
                    choices.join(", ").into(),
                );
                None
            }
        }
    }

    /// "`X` is not a valid WHAT", with the closest of `candidates` and the `choices` text.
    fn invalid_choice<I, S>(
        &mut self,
        node: &Node,
        path: &str,
        what: Msg,
        text: &str,
        candidates: I,
        choices: Arg,
    ) where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let hint = match closest(text, candidates) {
            Some(c) => Text::new(Msg::DidYouMeanChoice).arg("name", c),
            None => Text::new(Msg::OneOf),
        }
        .arg("what", what)
        .arg("choices", choices);
        self.push(
            Code::InvalidValue,
            path,
            &node.span,
            Text::new(Msg::NotAValid)
                .arg("text", clip(text))
                .arg("what", what),
            Some(hint.into()),
        );
    }

    fn regulation_key(&mut self, key: &Key, path: &str) -> Option<Regulation> {
        match key.name.parse::<Regulation>() {
            Ok(r) => Some(r),
            Err(_) => {
                self.push(
                    Code::UnknownRegulation,
                    path,
                    &key.span,
                    Text::new(Msg::UnknownRegulation).arg("name", clip(&key.name)),
                    Some(Msg::UnknownRegulationHint.into()),
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
                self.missing("inspection", &Some(0..0), Msg::HintInspectionTable);
                None
            }
        };
        self.report_lists(&entries, "", &mut report);
        if let Some(n) = get("report")
            && let Some(e) = self.table(n, "report", REPORT_FIELDS)
        {
            self.report_lists(&e, "report", &mut report);
            self.report_life(&e, &mut report);
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

    /// `[report] status`, `date` and `version`.
    fn report_life(&mut self, entries: &Entries<'_>, report: &mut ReportText) {
        for (k, v) in entries {
            match k.name.as_str() {
                "status" => {
                    report.status = self.parse_enum(
                        v,
                        "report.status",
                        Msg::WhatReportStatus,
                        &["draft", "preliminary", "final"],
                    );
                }
                "date" => report.date = self.opt_date(Some(v), "report.date"),
                "version" => report.version = self.opt_string(Some(v), "report.version"),
                _ => {}
            }
        }
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
        for (k, v) in &entries {
            // `inspectors` only as a list: validation reads its presence as "left as written".
            if matches!(k.name.as_str(), "catalog" | "unit" | "visit_date")
                || (k.name == "inspectors" && matches!(v.value, Value::Array(_)))
            {
                self.record(&format!("inspection.{}", k.name), k, v);
            }
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
                        Msg::UnitEmpty,
                        None,
                    );
                }
                s
            }
            None => {
                self.missing(
                    "inspection.unit",
                    &node.span.clone().map(|s| s.start..s.start),
                    Msg::HintUnit,
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
                    Msg::HintVisitDate,
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
                    Msg::HintRegulations,
                );
                None
            }
        };
        let region = self.opt_string(get("region"), "inspection.region");
        let specialty = self.opt_string(get("specialty"), "inspection.specialty");
        let catalog = self.opt_string(get("catalog"), "inspection.catalog");
        // The catalog is chosen from these two after reading: remember where they are.
        for key in ["specialty", "catalog"] {
            if let Some(n) = get(key) {
                self.record_span(&format!("inspection.{key}"), &n.span);
            }
        }
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
                self.wrong_type(node, path, Msg::ExpectRegulations);
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
                        Text::new(Msg::RegulationTwice).val("regulation", r),
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
                        Text::new(Msg::UnknownRegulation).arg("name", clip(&s)),
                        Some(Msg::UnknownRegulationHint.into()),
                    );
                }
            }
        }
        if regs.is_empty() && ok {
            self.push(
                Code::InvalidValue,
                path,
                &node.span,
                Msg::NoRegulation,
                Some(Msg::NoRegulationHint.into()),
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
                    Text::new(Msg::NotAnArea).arg("key", clip(&key.name)),
                    Some(Msg::AreasAreLetters.into()),
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
                    Text::new(Msg::TwoNarratives).val("area", id),
                    Some(Msg::TwoNarrativesHint.into()),
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
                    Msg::MalformedIdNonAscii
                } else {
                    Msg::MalformedIdShape
                };
                let msg = Text::new(Msg::MalformedId).arg("text", clip(text));
                self.push(Code::MalformedId, path, span, msg, Some(hint.into()));
                None
            }
        }
    }

    fn status_value(&mut self, node: &Node, path: &str) -> Option<Status> {
        let text = self.string(node, path)?;
        if let Some(status) = Status::parse_lenient(&text) {
            return Some(status);
        }
        self.invalid_choice(
            node,
            path,
            Msg::WhatStatus,
            &text,
            Status::spellings(),
            Msg::StatusChoices.into(),
        );
        None
    }

    fn findings(&mut self, node: &Node) -> BTreeMap<CriterionId, Finding> {
        let mut out = BTreeMap::new();
        let Some(entries) = self.table(node, "findings", &[]) else {
            return out;
        };
        for (k, v) in entries {
            // Fast path for the common `"D.F6" = "met"`: no path string unless something is wrong.
            let short = match (&v.value, k.name.trim().parse::<CriterionId>()) {
                (Value::Str(st), Ok(id)) => Status::parse_lenient(st).map(|s| (id, s)),
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
                    Text::new(Msg::TwoFindings).val("id", id),
                    Some(Msg::TwoFindingsHint.into()),
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
                    self.wrong_type(v, &path, Msg::ExpectFinding);
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
            self.missing(&spath, &node.span, Msg::HintFindingStatus);
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
                                    Text::new(Msg::TwoStatuses).val("regulation", r),
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
        self.parse_enum(node, path, Msg::WhatGrade, &["A", "B", "C", "D"])
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
                    self.missing(&gpath, &k.span, Msg::HintOverrideGrade);
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
        if let Some((k, v)) = fields.iter().find(|(k, _)| k.name == "received") {
            self.record("handlingsplan.received", k, v);
        }
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
                _ => self.wrong_type(list, "handlingsplan.entries", Msg::ExpectPlanEntries),
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
                    Msg::HintEntryCriterion,
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
                    Msg::WhatPlanStatus,
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
