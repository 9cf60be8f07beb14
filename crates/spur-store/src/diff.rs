//! What changed between two versions of an inspection: findings, grades, texts and
//! handlingsplan entries, each change with its field path, its area and both values. Used by
//! `GET /v1/inspections/{id}/diff` and by the 412 answer of a stale save.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// The field, e.g. `findings.D.F6.status`, `areas.B.narrative`,
    /// `handlingsplan.entries.D.F6.action`, `grades.D.SOSFS 2015:8`.
    pub path: String,
    /// The area (A–H) the field belongs to, if any.
    pub area: Option<String>,
    /// The value in the older version (`null`: absent).
    pub before: Value,
    /// The value in the newer version (`null`: absent).
    pub after: Value,
}

/// The changes between two versions, grouped.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diff {
    /// The older version's number.
    pub from: i64,
    /// The newer version's number.
    pub to: i64,
    /// Every area (A–H) with some change, sorted.
    pub areas: Vec<String>,
    /// Every changed field's path, in the order of the groups below.
    pub fields: Vec<String>,
    /// Findings (status per regulation, notes).
    pub findings: Vec<Change>,
    /// Final grades per area and regulation, and overrides.
    pub grades: Vec<Change>,
    /// Texts: the report's lists and status, the areas' narratives.
    pub texts: Vec<Change>,
    /// Handlingsplan entries (keyed by criterion) and the plan's received date.
    pub plan_entries: Vec<Change>,
    /// Anything else (the `[inspection]` table).
    pub other: Vec<Change>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// The diff of two documents (as JSON values of the model) and their gradings (the grading
/// JSON). Values that are not objects are treated as empty.
pub fn diff(
    from: i64,
    to: i64,
    (old_doc, old_grading): (&Value, &Value),
    (new_doc, new_grading): (&Value, &Value),
) -> Diff {
    let mut old = BTreeMap::new();
    let mut new = BTreeMap::new();
    flatten_doc(old_doc, &mut old);
    flatten_doc(new_doc, &mut new);
    grades(old_grading, &mut old);
    grades(new_grading, &mut new);
    let keys: BTreeSet<&Vec<String>> = old.keys().chain(new.keys()).collect();
    let mut d = Diff {
        from,
        to,
        areas: Vec::new(),
        fields: Vec::new(),
        findings: Vec::new(),
        grades: Vec::new(),
        texts: Vec::new(),
        plan_entries: Vec::new(),
        other: Vec::new(),
    };
    let mut areas = BTreeSet::new();
    for key in keys {
        let before = old.get(key).cloned().unwrap_or(Value::Null);
        let after = new.get(key).cloned().unwrap_or(Value::Null);
        if before == after {
            continue;
        }
        let area = area_of(key);
        if let Some(a) = &area {
            areas.insert(a.clone());
        }
        let change = Change {
            path: key.join("."),
            area,
            before,
            after,
        };
        match key[0].as_str() {
            "findings" => d.findings.push(change),
            "grades" | "overrides" => d.grades.push(change),
            "report" | "areas" => d.texts.push(change),
            "handlingsplan" => d.plan_entries.push(change),
            _ => d.other.push(change),
        }
    }
    d.areas = areas.into_iter().collect();
    d.fields = [&d.findings, &d.grades, &d.texts, &d.plan_entries, &d.other]
        .into_iter()
        .flatten()
        .map(|c| c.path.clone())
        .collect();
    d
}

/// The area of a field: the first segment after `findings`, `areas`, `overrides`, `grades` or
/// the plan's entries (criterion ids start with their area's letter).
fn area_of(key: &[String]) -> Option<String> {
    let seg = match key[0].as_str() {
        "findings" | "areas" | "overrides" | "grades" => key.get(1)?,
        "handlingsplan" if key.get(1).map(String::as_str) == Some("entries") => key.get(2)?,
        _ => return None,
    };
    let letter = seg.split('.').next()?;
    (letter.len() == 1 && letter.chars().all(|c| c.is_ascii_uppercase())).then(|| letter.into())
}

/// Leaves of the document, keyed by their path; arrays are leaves, except the plan's entries,
/// keyed by criterion.
fn flatten_doc(doc: &Value, out: &mut BTreeMap<Vec<String>, Value>) {
    let Value::Object(map) = doc else { return };
    for (k, v) in map {
        if k == "handlingsplan"
            && let Value::Object(plan) = v
        {
            for (pk, pv) in plan {
                if pk == "entries"
                    && let Value::Array(entries) = pv
                {
                    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
                    for e in entries {
                        let crit = e
                            .get("criterion")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_string();
                        let n = seen.entry(crit.clone()).or_default();
                        *n += 1;
                        let key = if *n == 1 { crit } else { format!("{crit}#{n}") };
                        flatten(vec!["handlingsplan".into(), "entries".into(), key], e, out);
                    }
                } else {
                    flatten(vec!["handlingsplan".into(), pk.clone()], pv, out);
                }
            }
            continue;
        }
        flatten(vec![k.clone()], v, out);
    }
}

fn flatten(path: Vec<String>, v: &Value, out: &mut BTreeMap<Vec<String>, Value>) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let mut p = path.clone();
                p.push(k.clone());
                flatten(p, v, out);
            }
        }
        Value::Null => {}
        Value::Array(a) if a.is_empty() => {}
        Value::Object(_) => {}
        v => {
            out.insert(path, v.clone());
        }
    }
}

/// The final grade of every area under every regulation, from the grading JSON.
fn grades(grading: &Value, out: &mut BTreeMap<Vec<String>, Value>) {
    let Some(areas) = grading.get("areas").and_then(Value::as_array) else {
        return;
    };
    for a in areas {
        let area = a.get("area").and_then(Value::as_str).unwrap_or("?");
        for r in a
            .get("results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let reg = r.get("regulation").and_then(Value::as_str).unwrap_or("?");
            let grade = r.get("final_grade").cloned().unwrap_or(Value::Null);
            out.insert(vec!["grades".into(), area.into(), reg.into()], grade);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_grouped_by_kind_and_area() {
        let old = json!({
            "inspection": {"unit": "U"},
            "findings": {"D.F6": {"status": "not_met"}},
            "areas": {"B": {"narrative": "x"}},
            "handlingsplan": {"entries": [{"criterion": "D.F6", "action": "a"}]}
        });
        let new = json!({
            "inspection": {"unit": "U2"},
            "findings": {"D.F6": {"status": "met"}, "E.F1": {"status": "met"}},
            "areas": {"B": {"narrative": "y"}},
            "handlingsplan": {"entries": [{"criterion": "D.F6", "action": "b"}]}
        });
        let og = json!({"areas": [{"area": "D", "results": [{"regulation": "SOSFS 2015:8", "final_grade": "D"}]}]});
        let ng = json!({"areas": [{"area": "D", "results": [{"regulation": "SOSFS 2015:8", "final_grade": "B"}]}]});
        let d = diff(1, 2, (&old, &og), (&new, &ng));
        assert_eq!(d.areas, ["B", "D", "E"]);
        assert_eq!(
            d.fields,
            [
                "findings.D.F6.status",
                "findings.E.F1.status",
                "grades.D.SOSFS 2015:8",
                "areas.B.narrative",
                "handlingsplan.entries.D.F6.action",
                "inspection.unit"
            ]
        );
        assert_eq!(d.findings[0].before, json!("not_met"));
        assert_eq!(d.findings[1].before, Value::Null);
    }

    #[test]
    fn equal_versions_have_no_changes() {
        let v = json!({"findings": {"A.F1": {"status": "met"}}});
        assert!(diff(1, 1, (&v, &v), (&v, &v)).is_empty());
    }
}
