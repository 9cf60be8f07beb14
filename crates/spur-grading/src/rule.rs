//! The grading rule itself, kept pure so it can be tested branch by branch.

use spur_core::{Area, Grade, InspectionDocument, Kind, Regulation, Scale, Status, Statuses};

use crate::text;
use crate::{MissingPlanItem, Reason, RegulationResult, Settings, Text};

/// How many brister of each kind an area has under one regulation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Föreskrifter `not_met` or `partially_met`.
    pub foreskrift: usize,
    /// Allmänna råd `not_met` or `partially_met`.
    pub allmant_rad: usize,
    /// Kvalitetsindikatorer `not_met` or `partially_met`.
    pub indikator: usize,
}

impl Counts {
    /// Count one brist of `kind` (criteria not applicable are not counted).
    pub(crate) fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Foreskrift => self.foreskrift += 1,
            Kind::AllmantRad => self.allmant_rad += 1,
            Kind::Kvalitetsindikator => self.indikator += 1,
            Kind::NotApplicable => {}
        }
    }
}

/// The SPUR rule: brister per kind → grade on `scale`.
///
/// ```
/// use spur_core::{Grade, Scale};
/// use spur_grading::{evaluate, Counts};
/// let c = |f, r, k| Counts { foreskrift: f, allmant_rad: r, indikator: k };
/// assert_eq!(evaluate(Scale::Abcd, c(1, 0, 0), 1), Grade::D);
/// assert_eq!(evaluate(Scale::Abcd, c(0, 2, 0), 1), Grade::C);
/// assert_eq!(evaluate(Scale::Abd, c(0, 2, 0), 1), Grade::A); // no C level, no allmänna råd
/// assert_eq!(evaluate(Scale::Abcd, c(0, 0, 1), 1), Grade::A);
/// assert_eq!(evaluate(Scale::Abcd, c(0, 0, 2), 1), Grade::B);
/// ```
pub fn evaluate(scale: Scale, counts: Counts, tolerance: usize) -> Grade {
    if counts.foreskrift > 0 {
        Grade::D
    } else if scale == Scale::Abcd && counts.allmant_rad > 0 {
        Grade::C
    } else if counts.indikator > tolerance {
        Grade::B
    } else {
        Grade::A
    }
}

struct Row<'a> {
    id: spur_core::CriterionId,
    kind: Kind,
    status: Status,
    sv: &'a str,
    en: &'a str,
}

pub(crate) fn grade_area(
    doc: &InspectionDocument,
    statuses: &Statuses,
    area: &Area,
    reg: Regulation,
    settings: &Settings,
    indicators_missing: Option<&str>,
) -> RegulationResult {
    let rows: Vec<Row<'_>> = area
        .criteria_under(reg)
        .map(|c| Row {
            id: c.id,
            kind: c.kind(reg),
            status: statuses.get(c.id, reg),
            sv: &c.sv,
            en: &c.en,
        })
        .filter(|r| r.status != Status::NotApplicable)
        .collect();
    if rows.is_empty() {
        return not_graded(reg, doc, area);
    }
    let mut best = Counts::default();
    let mut worst = Counts::default();
    for r in &rows {
        if r.status.is_brist() {
            best.add(r.kind);
            worst.add(r.kind);
        } else if r.status == Status::NotAssessed {
            worst.add(r.kind);
        }
    }
    let tol = settings.tolerance;
    let best_grade = evaluate(area.scale, best, tol);
    let mut worst_grade = evaluate(area.scale, worst, tol);
    // Without the specialty's indicator set only the indicators could tell A from B: leave it
    // open (A–B, provisional) rather than guess.
    let no_indicators = indicators_missing.filter(|_| best_grade == Grade::A);
    if no_indicators.is_some() && worst_grade == Grade::A {
        worst_grade = Grade::B;
    }
    let provisional = best_grade != worst_grade;

    let deciding_kind = match best_grade {
        Grade::D => Kind::Foreskrift,
        Grade::C => Kind::AllmantRad,
        _ => Kind::Kvalitetsindikator,
    };
    let mut reasons: Vec<Reason> = rows
        .iter()
        .filter(|r| r.kind == deciding_kind && r.status.is_brist())
        .map(|r| {
            let (sv, en) = text::reason(r.kind, &r.id.to_string(), r.status, r.sv, r.en);
            Reason {
                criterion: r.id,
                kind: r.kind,
                status: r.status,
                sv,
                en,
            }
        })
        .collect();
    let deciding_ids: Vec<String> = reasons.iter().map(|r| r.criterion.to_string()).collect();
    let mut summary = text::summary(best_grade, area.scale == Scale::Abd, &deciding_ids, tol);

    let mut deciding = Vec::new();
    if provisional {
        for r in rows.iter().filter(|r| r.status == Status::NotAssessed) {
            let could_give = match r.kind {
                Kind::Foreskrift => Grade::D,
                Kind::AllmantRad if area.scale == Scale::Abcd => Grade::C,
                Kind::Kvalitetsindikator if worst.indikator > tol => Grade::B,
                _ => continue,
            };
            if could_give > best_grade {
                let (sv, en) = text::unassessed_reason(r.kind, &r.id.to_string(), could_give);
                reasons.push(Reason {
                    criterion: r.id,
                    kind: r.kind,
                    status: r.status,
                    sv,
                    en,
                });
                deciding.push(r.id);
            }
        }
        let open: Vec<String> = deciding.iter().map(ToString::to_string).collect();
        if let (Some(specialty), true) = (no_indicators, open.is_empty()) {
            summary.sv.push_str(&format!(
                " Preliminär A–B: kvalitetsindikatorer för {specialty} saknas i katalogen, så A eller B kan inte avgöras."
            ));
            summary.en.push_str(&format!(
                " Provisional A–B: no kvalitetsindikator set for {specialty} is available, so A or B cannot be decided."
            ));
        } else {
            let suffix = text::provisional_suffix(best_grade, worst_grade, &open);
            summary.sv.push_str(&suffix.sv);
            summary.en.push_str(&suffix.en);
        }
    }

    let mut result = RegulationResult {
        regulation: reg,
        computed: Some(best_grade),
        final_grade: Some(best_grade),
        provisional,
        range: provisional.then_some([best_grade, worst_grade]),
        adjusted: false,
        overridden: false,
        override_reason: None,
        plan_received: doc
            .handlingsplan
            .as_ref()
            .is_some_and(|p| p.received.is_some()),
        missing_plan_items: Vec::new(),
        deciding,
        summary,
        notes: Vec::new(),
        reasons,
    };
    if best_grade == Grade::D {
        result.missing_plan_items = missing_items(doc, &rows);
    }
    apply_override_or_adjustment(doc, area, &mut result);
    result
}

fn not_graded(reg: Regulation, doc: &InspectionDocument, area: &Area) -> RegulationResult {
    let mut result = RegulationResult {
        regulation: reg,
        computed: None,
        final_grade: None,
        provisional: false,
        range: None,
        adjusted: false,
        overridden: false,
        override_reason: None,
        plan_received: doc
            .handlingsplan
            .as_ref()
            .is_some_and(|p| p.received.is_some()),
        missing_plan_items: Vec::new(),
        deciding: Vec::new(),
        summary: text::summary_not_graded(reg),
        notes: Vec::new(),
        reasons: Vec::new(),
    };
    apply_override_or_adjustment(doc, area, &mut result);
    result
}

fn missing_items(doc: &InspectionDocument, rows: &[Row<'_>]) -> Vec<MissingPlanItem> {
    rows.iter()
        .filter(|r| r.kind == Kind::Foreskrift && r.status.is_brist())
        .filter_map(|r| {
            let entries: Vec<_> = doc
                .handlingsplan
                .iter()
                .flat_map(|p| &p.entries)
                .filter(|e| e.criterion == r.id)
                .collect();
            if entries.iter().any(|e| e.is_complete()) {
                return None;
            }
            let missing_fields = entries
                .iter()
                .map(|e| e.missing_fields())
                .min_by_key(Vec::len)
                .unwrap_or_default()
                .into_iter()
                .map(String::from)
                .collect();
            Some(MissingPlanItem {
                criterion: r.id,
                missing_fields,
            })
        })
        .collect()
}

fn apply_override_or_adjustment(
    doc: &InspectionDocument,
    area: &Area,
    result: &mut RegulationResult,
) {
    if let Some(ov) = doc.overrides.get(&area.id)
        && let Some(grade) = ov.grade(result.regulation)
    {
        result.final_grade = Some(grade);
        result.overridden = true;
        result.override_reason = Some(ov.reason.clone());
        result
            .notes
            .push(text::overridden(result.computed, grade, &ov.reason));
        return;
    }
    if result.computed != Some(Grade::D) || result.provisional || !result.plan_received {
        return;
    }
    let note: Text = if !result.missing_plan_items.is_empty() {
        let ids: Vec<String> = result
            .missing_plan_items
            .iter()
            .map(|m| m.criterion.to_string())
            .collect();
        text::received_incomplete(&ids)
    } else if area.scale == Scale::Abd {
        text::received_no_c_level()
    } else {
        result.final_grade = Some(Grade::C);
        result.adjusted = true;
        text::adjusted()
    };
    result.notes.push(note);
}
