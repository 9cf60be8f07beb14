//! What would change a grade: the smallest set of findings that lifts it one level.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{
    AreaId, Catalog, CriterionId, Grade, InspectionDocument, Kind, Regulation, Status,
};

use crate::Settings;
use crate::rule::{Counts, evaluate};

/// The smallest set of findings that, once met, lifts a grade at least one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Lift {
    /// The computed grade now.
    pub from: Grade,
    /// The grade once the findings are met.
    pub to: Grade,
    /// The criteria that must become `met`.
    pub criteria: Vec<CriterionId>,
}

/// The smallest set of currently unmet findings whose change to `met` lifts the computed grade
/// of `area` under `regulation` by at least one level; `None` when the grade is A or not graded.
///
/// Unassessed criteria count as met here (the best case), as in the computed grade.
pub fn lift(
    doc: &InspectionDocument,
    catalog: &Catalog,
    area: AreaId,
    regulation: Regulation,
    settings: &Settings,
) -> Option<Lift> {
    let area = catalog.area(area);
    let statuses = doc.statuses();
    let brister: Vec<(CriterionId, Kind)> = area
        .criteria_under(regulation)
        .filter(|c| statuses.get(c.id, regulation).is_brist())
        .map(|c| (c.id, c.kind(regulation)))
        .collect();
    let graded = area
        .criteria_under(regulation)
        .any(|c| statuses.get(c.id, regulation) != Status::NotApplicable);
    if !graded {
        return None;
    }
    let mut counts = Counts::default();
    for (_, k) in &brister {
        counts.add(*k);
    }
    let tol = settings.tolerance;
    let from = evaluate(area.scale, counts, tol);
    let of_kind = |kind: Kind| -> Vec<CriterionId> {
        brister
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(id, _)| *id)
            .collect()
    };
    let criteria = match from {
        Grade::A => return None,
        Grade::D => of_kind(Kind::Foreskrift),
        Grade::C => of_kind(Kind::AllmantRad),
        Grade::B => {
            let k = of_kind(Kind::Kvalitetsindikator);
            let need = counts.indikator.saturating_sub(tol);
            k.into_iter().take(need).collect()
        }
    };
    let mut after = Counts::default();
    for (id, k) in &brister {
        if !criteria.contains(id) {
            after.add(*k);
        }
    }
    Some(Lift {
        from,
        to: evaluate(area.scale, after, tol),
        criteria,
    })
}
