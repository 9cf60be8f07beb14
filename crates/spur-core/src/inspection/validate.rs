//! Validating a read inspection document against the catalog.

use super::{FindingStatus, InspectionDocument, OverrideGrade, PlanEntry, Warnings};
use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{Grade, Kind, Regulation, Status};

impl InspectionDocument {
    pub(super) fn validate_located(
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
                if id.letter() == crate::model::KindLetter::K && catalog.indicators_missing() {
                    let specialty = catalog.specialty.clone().unwrap_or_default();
                    d.message = format!(
                        "`{id}` is a kvalitetsindikator, but no available indicator set for {specialty} defines it"
                    );
                    d = d.with_hint(crate::library::missing_set_hint(&specialty));
                } else if let Some(c) = catalog.closest_id(&id.to_string()) {
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
            out.extend(self.placeholder_warnings(locate));
            out.extend(self.plan_warnings(catalog, locate));
            out.extend(self.unassessed_warnings(catalog, locate));
        }
        out
    }

    /// The values `spur init` writes when not told (unit name, visit date), and no inspectors.
    fn placeholder_warnings(&self, locate: &dyn Fn(&str) -> Option<Location>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let insp = &self.inspection;
        if insp.unit.trim() == crate::template::PLACEHOLDER_UNIT {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.unit",
                    format!("the unit is still the placeholder `{}`", insp.unit.trim()),
                )
                .with_hint("write the inspected unit's name (`spur init --unit NAME` sets it)")
                .at(locate("inspection.unit")),
            );
        }
        if insp.visit_date.to_string() == crate::template::PLACEHOLDER_VISIT_DATE {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.visit_date",
                    format!(
                        "the visit date is still the placeholder {} that `spur init` writes",
                        insp.visit_date
                    ),
                )
                .with_hint(
                    "write the date of the visit (`spur init --visit-date YYYY-MM-DD` sets it)",
                )
                .at(locate("inspection.visit_date")),
            );
        }
        // `spur init` writes `inspectors = []`: an empty list left as written is a placeholder.
        let written = locate("inspection.inspectors");
        if written.is_some() && insp.inspectors.iter().all(|i| i.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    Code::Placeholder,
                    "inspection.inspectors",
                    "no inspectors are named",
                )
                .with_hint("list the inspectors: inspectors = [\"Namn Efternamn\"]")
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
        locate: &dyn Fn(&str) -> Option<Location>,
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
                        format!(
                            "the handlingsplan is marked received but has no entry for the required item {}",
                            c.id
                        ),
                    )
                    .with_hint("every föreskrift brist needs an entry; the D is not adjusted to C until it has one")
                    .at(locate("handlingsplan.received").or_else(|| locate("handlingsplan"))),
                );
            }
        }
        for (i, entry) in plan.entries.iter().enumerate() {
            let missing = entry.missing_fields();
            if missing.is_empty() {
                continue;
            }
            let path = format!("handlingsplan.entries[{i}]");
            let message = if missing.len() == 5 {
                format!("the handlingsplan entry for {} is blank", entry.criterion)
            } else {
                format!(
                    "the handlingsplan entry for {} has empty fields: {}",
                    entry.criterion,
                    missing.join(", ")
                )
            };
            out.push(
                Diagnostic::warning(Code::IncompletePlan, format!("{path}.criterion"), message)
                    .with_hint("fill in action, due, responsible, follow_up and follow_up_responsible, or remove the entry")
                    .at(locate(&format!("{path}.criterion")).or_else(|| locate(&path))),
            );
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
