//! Moving a document made with an older catalog onto the current one: a catalog's
//! [`Mapping`] applied to the findings and handlingsplan entries of an [`InspectionDocument`].

use std::collections::BTreeMap;

use super::{Finding, FindingStatus, InspectionDocument};
use crate::catalog::Mapping;
use crate::library::AppliedMapping;
use crate::model::{CriterionId, Status};

impl Mapping {
    /// Map a document made with catalog `self.from` onto `to_version`: findings and handlingsplan
    /// entries move to their new ids. Returns each mapping applied (only those that touched the
    /// document).
    pub fn apply(&self, doc: &mut InspectionDocument, to_version: &str) -> Vec<AppliedMapping> {
        let mut applied = Vec::new();
        let mut note = |change: &str, from: Vec<CriterionId>, to: Vec<CriterionId>| {
            applied.push(AppliedMapping {
                from_version: self.from.clone(),
                to_version: to_version.to_string(),
                change: change.to_string(),
                from,
                to,
            });
        };
        let old = std::mem::take(&mut doc.findings);
        let mut new: BTreeMap<CriterionId, Finding> = BTreeMap::new();
        let mut taken = std::collections::BTreeSet::new();
        for (old_id, new_id) in &self.renamed {
            if let Some(f) = old.get(old_id) {
                new.insert(*new_id, f.clone());
                taken.insert(*old_id);
                note("renamed", vec![*old_id], vec![*new_id]);
            }
        }
        for (old_id, news) in &self.split {
            if let Some(f) = old.get(old_id) {
                for n in news {
                    new.insert(*n, f.clone());
                }
                taken.insert(*old_id);
                note("split", vec![*old_id], news.clone());
            }
        }
        for (new_id, olds) in &self.merged {
            let present: Vec<&Finding> = olds.iter().filter_map(|o| old.get(o)).collect();
            if let Some(worst) = present.iter().max_by_key(|f| severity(f)) {
                new.insert(*new_id, (*worst).clone());
                taken.extend(olds.iter().copied());
                note("merged", olds.clone(), vec![*new_id]);
            }
        }
        for id in &self.removed {
            if old.contains_key(id) {
                taken.insert(*id);
                note("removed", vec![*id], Vec::new());
            }
        }
        for (id, f) in old {
            if !taken.contains(&id) {
                new.entry(id).or_insert(f);
            }
        }
        doc.findings = new;
        if let Some(plan) = &mut doc.handlingsplan {
            plan.entries
                .retain(|e| !self.removed.contains(&e.criterion));
            for e in &mut plan.entries {
                if let Some(n) = self.renamed.get(&e.criterion) {
                    e.criterion = *n;
                } else if let Some(n) = self.split.get(&e.criterion).and_then(|v| v.first()) {
                    e.criterion = *n;
                } else if let Some((n, _)) = self
                    .merged
                    .iter()
                    .find(|(_, olds)| olds.contains(&e.criterion))
                {
                    e.criterion = *n;
                }
            }
        }
        doc.inspection.catalog = Some(to_version.to_string());
        applied
    }
}

/// Order of findings for a merge: a brist is worse than unassessed, unassessed than met.
fn severity(f: &Finding) -> u8 {
    let rank = |s: Status| match s {
        Status::NotMet => 4,
        Status::PartiallyMet => 3,
        Status::NotAssessed => 2,
        Status::Met => 1,
        Status::NotApplicable => 0,
    };
    match &f.status {
        FindingStatus::Uniform(s) => rank(*s),
        FindingStatus::PerRegulation(m) => m.values().map(|s| rank(*s)).max().unwrap_or(0),
    }
}
