//! Validating a read inspection document against the catalog.

use super::read::DocSpans;
use super::{FindingStatus, InspectionDocument, OverrideGrade, PlanEntry, Strictness, Warnings};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, Listing, Location};
use crate::messages::{self, Arg, Msg, Text};
use crate::model::{Grade, Kind, Regulation, ReportStatus, Status};
use crate::read::Span;
use crate::template::placeholder_word;

/// Turns a span into a location (`None` for a document built in code).
pub(super) type Locate<'a> = &'a dyn Fn(Option<Span>) -> Option<Location>;

impl InspectionDocument {
    /// Every problem of the read document against `catalog`, into `out` (which lists the
    /// first ones and counts the rest).
    pub(super) fn validate_located(
        &self,
        out: &mut Listing,
        catalog: &Catalog,
        spans: &DocSpans,
        locate: Locate<'_>,
        warnings: Warnings,
        strictness: Strictness,
    ) {
        let strictness = strictness.max(Strictness::of_status(self.report.status));
        let regs = &self.inspection.regulations;
        if let Some(v) = &self.inspection.catalog
            && v != &catalog.version
        {
            out.push(
                Diagnostic::error(
                    Code::UnknownCatalog,
                    "inspection.catalog",
                    Text::new(Msg::CatalogNotInUse)
                        .arg("version", v)
                        .arg("used", &catalog.version),
                )
                .with_hint(Text::new(Msg::CatalogNotInUseHint).arg("used", &catalog.version))
                .at(locate(spans.catalog)),
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
                    Text::new(Msg::UnknownCriterionId).val("id", id),
                )
                .at(locate(spans.finding(*id)));
                if id.letter() == crate::model::KindLetter::K && catalog.indicators_missing() {
                    let specialty = catalog.specialty.clone().unwrap_or_default();
                    d = d
                        .with_message(
                            Text::new(Msg::IndicatorNotInSet)
                                .val("id", id)
                                .arg("specialty", &specialty),
                        )
                        .with_hint(crate::library::missing_set_text(&specialty));
                } else if let Some(c) = catalog.closest_id(&id.to_string()) {
                    d = d.with_hint(
                        Text::new(Msg::DidYouMeanInArea)
                            .arg("name", c)
                            .val("area", id.area()),
                    );
                }
                out.push(d);
                continue;
            };
            if !regs.iter().any(|r| criterion.applies(*r)) {
                out.push(
                    Diagnostic::error(
                        Code::NotApplicable,
                        &path,
                        Text::new(Msg::NotApplicableUnder)
                            .val("id", id)
                            .arg("regulations", messages::regulations(regs)),
                    )
                    .with_hint(
                        Text::new(Msg::AppliesOnlyUnder).arg(
                            "regulations",
                            messages::regulations(
                                &Regulation::ALL
                                    .into_iter()
                                    .filter(|r| criterion.applies(*r))
                                    .collect::<Vec<_>>(),
                            ),
                        ),
                    )
                    .at(locate(spans.finding(*id))),
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
                                Text::new(Msg::StatusForUnlisted).val("regulation", reg),
                            )
                            .with_hint(Msg::StatusForUnlistedHint)
                            .at(locate(spans.finding_regulation(*id, *reg))),
                        );
                    } else if !criterion.applies(*reg) {
                        out.push(
                            Diagnostic::error(
                                Code::NotApplicable,
                                &rpath,
                                Text::new(Msg::NotApplicableUnder)
                                    .val("id", id)
                                    .val("regulations", reg),
                            )
                            .with_hint(Msg::RemovePerRegulationStatus)
                            .at(locate(spans.finding_regulation(*id, *reg))),
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
                        Text::new(Msg::OverrideWithoutReason).val("area", area_id),
                    )
                    .with_hint(Msg::OverrideWithoutReasonHint)
                    .at(locate(spans.override_key(*area_id))),
                );
            }
            let grades: Vec<(Option<Regulation>, Grade)> = match &ov.grade {
                OverrideGrade::Uniform(g) => vec![(None, *g)],
                OverrideGrade::PerRegulation(m) => m.iter().map(|(r, g)| (Some(*r), *g)).collect(),
            };
            for (reg, grade) in grades {
                let (value_at, key_at) = spans.override_grade(*area_id, reg);
                let gpath = match reg {
                    Some(r) => format!("{path}.grade.\"{r}\""),
                    None => format!("{path}.grade"),
                };
                if !area.scale.has(grade) {
                    out.push(
                        Diagnostic::error(
                            Code::GradeNotOnScale,
                            &gpath,
                            Text::new(Msg::GradeNotOnScale)
                                .val("area", area_id)
                                .val("grade", grade),
                        )
                        .with_hint(Msg::GradeNotOnScaleHint)
                        .at(locate(value_at)),
                    );
                }
                if let Some(r) = reg
                    && !regs.contains(&r)
                {
                    out.push(
                        Diagnostic::error(
                            Code::RegulationNotListed,
                            &gpath,
                            Text::new(Msg::OverrideForUnlisted).val("regulation", r),
                        )
                        .at(locate(key_at)),
                    );
                }
            }
        }
        if let Some(plan) = &self.handlingsplan {
            for (i, entry) in plan.entries.iter().enumerate() {
                out.extend(self.validate_plan_entry(catalog, i, entry, spans, locate));
            }
        }
        let is_final = strictness == Strictness::Final;
        let placeholders = self.placeholder_warnings(spans, locate, is_final);
        match strictness {
            Strictness::Final => {
                // A final report: what is a warning in a draft is an error, located where it
                // is, with a note that says why (the rules `spur report` applies to a final
                // report, and the server before it publishes one).
                let mut strict = placeholders;
                strict.extend(self.final_rules(spans, locate));
                strict.extend(self.unassessed_warnings(catalog, spans, locate));
                promote(out, strict, self.final_note());
                if warnings == Warnings::Include {
                    out.extend(self.plan_warnings(catalog, spans, locate));
                }
            }
            Strictness::Preliminary => {
                // Sent to the unit: no placeholder may reach it; the rest stays a warning.
                promote(out, placeholders, Msg::PreliminaryStrict);
                if warnings == Warnings::Include {
                    out.extend(self.plan_warnings(catalog, spans, locate));
                    out.extend(self.unassessed_warnings(catalog, spans, locate));
                }
            }
            Strictness::Draft if warnings == Warnings::Include => {
                out.extend(placeholders);
                out.extend(self.plan_warnings(catalog, spans, locate));
                out.extend(self.unassessed_warnings(catalog, spans, locate));
            }
            Strictness::Draft => {}
        }
    }

    /// The rules only a final report has: Styrkor, Svagheter and Förbättringspotential are not
    /// empty, and at least one area has its narrative. Located at `[report] status`, which is
    /// what makes them rules.
    fn final_rules(&self, spans: &DocSpans, locate: Locate<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = locate(spans.report_status);
        for (key, what, list) in [
            ("strengths", "Styrkor", &self.report.strengths),
            ("weaknesses", "Svagheter", &self.report.weaknesses),
            (
                "improvements",
                "Förbättringspotential",
                &self.report.improvements,
            ),
        ] {
            if list.iter().all(|t| t.trim().is_empty()) {
                out.push(
                    Diagnostic::warning(
                        Code::MissingField,
                        format!("report.{key}"),
                        Text::new(Msg::FinalEmptyList).arg("what", what),
                    )
                    .with_hint(Text::new(Msg::FinalEmptyListHint).arg("key", key))
                    .at(at.clone()),
                );
            }
        }
        let narrated = self
            .areas
            .values()
            .any(|a| a.narrative.as_deref().is_some_and(|n| !n.trim().is_empty()));
        if !narrated {
            out.push(
                Diagnostic::warning(Code::MissingField, "areas", Msg::FinalNoNarratives)
                    .with_hint(Msg::FinalNoNarrativesHint)
                    .at(at),
            );
        }
        out
    }

    /// Every text value that still holds a placeholder word ([`placeholder_word`]): path and
    /// word. The unit's `spur init` name is [`Self::placeholder_warnings`]' own.
    fn placeholder_texts(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        let mut check = |path: String, text: &str| {
            if let Some(w) = placeholder_word(text) {
                out.push((path, w));
            }
        };
        let insp = &self.inspection;
        if insp.unit.trim() != crate::template::PLACEHOLDER_UNIT {
            check("inspection.unit".into(), &insp.unit);
        }
        if let Some(r) = &insp.region {
            check("inspection.region".into(), r);
        }
        for (i, n) in insp.inspectors.iter().enumerate() {
            check(format!("inspection.inspectors[{i}]"), n);
        }
        for (name, list) in [
            ("strengths", &self.report.strengths),
            ("weaknesses", &self.report.weaknesses),
            ("improvements", &self.report.improvements),
        ] {
            for (i, item) in list.iter().enumerate() {
                check(format!("report.{name}[{i}]"), item);
            }
        }
        for (area, text) in &self.areas {
            if let Some(n) = &text.narrative {
                check(format!("areas.{area}.narrative"), n);
            }
        }
        for (id, f) in &self.findings {
            if let Some(n) = &f.note {
                check(format!("findings.\"{id}\".note"), n);
            }
        }
        if let Some(plan) = &self.handlingsplan {
            for (i, e) in plan.entries.iter().enumerate() {
                for (field, v) in [("action", &e.action), ("note", &e.note)] {
                    if let Some(v) = v {
                        check(format!("handlingsplan.entries[{i}].{field}"), v);
                    }
                }
                for (field, list) in [
                    ("responsible", &e.responsible),
                    ("follow_up_responsible", &e.follow_up_responsible),
                ] {
                    for (j, v) in list.iter().enumerate() {
                        check(format!("handlingsplan.entries[{i}].{field}[{j}]"), v);
                    }
                }
            }
        }
        out
    }

    /// The values `spur init` writes when not told (unit name, visit date), and no inspectors.
    /// Why a problem is an error at [`Strictness::Final`]: the document says it is final, or
    /// the caller checks it before publishing it.
    fn final_note(&self) -> Msg {
        if self.report.status == Some(ReportStatus::Final) {
            Msg::FinalStrict
        } else {
            Msg::FinalStrictAsked
        }
    }

    fn placeholder_warnings(
        &self,
        spans: &DocSpans,
        locate: Locate<'_>,
        is_final: bool,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let insp = &self.inspection;
        if insp.unit.trim() == crate::template::PLACEHOLDER_UNIT {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.unit",
                    Text::new(Msg::PlaceholderUnit).arg("unit", insp.unit.trim()),
                )
                .with_hint(Msg::PlaceholderUnitHint)
                .at(locate(spans.unit)),
            );
        }
        if insp.visit_date.to_string() == crate::template::PLACEHOLDER_VISIT_DATE {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.visit_date",
                    Text::new(Msg::PlaceholderDate).val("date", insp.visit_date),
                )
                .with_hint(Msg::PlaceholderDateHint)
                .at(locate(spans.visit_date)),
            );
        }
        for (path, word) in self.placeholder_texts() {
            let at = match path.as_str() {
                "inspection.unit" => spans.unit,
                _ => None,
            };
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    &path,
                    Text::new(Msg::PlaceholderText)
                        .arg("path", &path)
                        .arg("word", word),
                )
                .with_hint(Msg::PlaceholderTextHint)
                .at(locate(at)),
            );
        }
        // `spur init` writes `inspectors = []`: an empty list left as written is a placeholder;
        // a final report is signed by its inspectors, so there it is one however written.
        let written = locate(spans.inspectors);
        if (written.is_some() || is_final) && insp.inspectors.iter().all(|i| i.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.inspectors",
                    Msg::NoInspectors,
                )
                .with_hint(Msg::NoInspectorsHint)
                .at(written),
            );
        }
        out
    }

    /// A received plan must answer every required item with all five fields; recommended
    /// entries that are there should not be blank.
    fn plan_warnings(
        &self,
        catalog: &Catalog,
        spans: &DocSpans,
        locate: Locate<'_>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let Some(plan) = &self.handlingsplan else {
            return out;
        };
        if plan.received.is_none() {
            return out;
        }
        let regs = &self.inspection.regulations;
        for c in catalog.criteria() {
            let required = regs
                .iter()
                .any(|r| c.kind(*r) == Kind::Foreskrift && self.status(c.id, *r).is_brist());
            if required && !plan.entries.iter().any(|e| e.criterion == c.id) {
                out.push(
                    Diagnostic::warning(
                        Code::IncompletePlan,
                        "handlingsplan.received",
                        Text::new(Msg::PlanMissingRequired).val("id", c.id),
                    )
                    .with_hint(Msg::PlanMissingRequiredHint)
                    .at(locate(spans.received)),
                );
            }
        }
        for (i, entry) in plan.entries.iter().enumerate() {
            let missing = entry.missing_fields();
            if missing.is_empty() {
                continue;
            }
            let at = spans.entry(i);
            let path = format!("handlingsplan.entries[{}]", at.index);
            let message = if missing.len() == 5 {
                Text::new(Msg::PlanEntryBlank).val("id", entry.criterion)
            } else {
                Text::new(Msg::PlanEntryEmptyFields)
                    .val("id", entry.criterion)
                    .arg("fields", missing.join(", "))
            };
            out.push(
                Diagnostic::warning(Code::IncompletePlan, format!("{path}.criterion"), message)
                    .with_hint(Msg::PlanEntryEmptyFieldsHint)
                    .at(locate(at.criterion)),
            );
        }
        out
    }

    fn validate_plan_entry(
        &self,
        catalog: &Catalog,
        i: usize,
        entry: &PlanEntry,
        spans: &DocSpans,
        locate: Locate<'_>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = spans.entry(i);
        let path = format!("handlingsplan.entries[{}]", at.index);
        let id = entry.criterion;
        match catalog.criterion(id) {
            None => {
                let mut d = Diagnostic::error(
                    Code::UnknownCriterion,
                    format!("{path}.criterion"),
                    Text::new(Msg::UnknownCriterionId).val("id", id),
                )
                .at(locate(at.criterion));
                if let Some(c) = catalog.closest_id(&id.to_string()) {
                    d = d.with_hint(Text::new(Msg::DidYouMean).arg("name", c));
                }
                out.push(d);
            }
            Some(criterion) => {
                let brist = self.inspection.regulations.iter().any(|r| {
                    matches!(criterion.kind(*r), Kind::Foreskrift | Kind::AllmantRad)
                        && self.status(id, *r).is_brist()
                });
                if !brist {
                    let statuses: Vec<Text> = self
                        .inspection
                        .regulations
                        .iter()
                        .map(|r| {
                            Text::new(Msg::StatusUnder)
                                .arg("status", self.status(id, *r))
                                .val("regulation", r)
                        })
                        .collect();
                    out.push(
                        Diagnostic::error(
                            Code::PlanEntryNotBrist,
                            format!("{path}.criterion"),
                            Text::new(Msg::PlanEntryNotBrist)
                                .val("id", id)
                                .arg("statuses", Arg::List(statuses)),
                        )
                        .with_hint(Msg::PlanEntryNotBristHint)
                        .at(locate(at.criterion)),
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
                    Text::new(Msg::DueBeforeVisit)
                        .val("due", due)
                        .val("visit", self.inspection.visit_date),
                )
                .with_hint(Msg::DueBeforeVisitHint)
                .at(locate(at.due)),
            );
        }
        if let (Some(due), Some(fu)) = (entry.due, entry.follow_up)
            && fu < due
        {
            out.push(
                Diagnostic::error(
                    Code::FollowUpBeforeDue,
                    format!("{path}.follow_up"),
                    Text::new(Msg::FollowUpBeforeDue)
                        .val("follow_up", fu)
                        .val("due", due),
                )
                .with_hint(Msg::FollowUpBeforeDueHint)
                .at(locate(at.follow_up)),
            );
        }
        out
    }

    fn unassessed_warnings(
        &self,
        catalog: &Catalog,
        spans: &DocSpans,
        locate: Locate<'_>,
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
                let loc = locate(spans.finding(c.id).or(spans.findings));
                Some(
                    Diagnostic::warning(
                        Code::Unassessed,
                        &path,
                        Text::new(Msg::Unassessed)
                            .val("id", c.id)
                            .arg("regulations", messages::regulations(&open)),
                    )
                    .with_hint(Msg::UnassessedHint)
                    .at(loc),
                )
            })
            .collect()
    }
}

/// Each of `problems` as an error, with `note` saying why it is one at this strictness.
fn promote(out: &mut Listing, problems: Vec<Diagnostic>, note: Msg) {
    for mut d in problems {
        d.severity = crate::diagnostic::Severity::Error;
        out.push(d.with_note(note));
    }
}
