//! The inspection schema made as strict as JSON Schema allows, and no stricter than the reader.
//!
//! The generated schema describes the Rust model; the reader accepts more forms than the model
//! has (the short finding form `"E.F1" = "met"`, `responsible = "a, b"`, report lists at the top
//! level or in `[inspection]`, `[narratives]`, every regulation spelling, the Swedish status
//! words) and rejects what the model would let through (unknown keys, unknown criterion ids,
//! impossible dates, empty names, a C in a three-level area). This module rewrites the generated
//! schema to say exactly that. Rules only the validator can check are listed in
//! `docs/inspection-format.md`.

use serde_json::{Map, Value, json};

use crate::{Catalog, Regulation, Status};

/// A `YYYY-MM-DD` date with a month that exists and a day that the month can have (29 February
/// is allowed in every year; the validator rejects it outside leap years).
pub const STRICT_DATE_PATTERN: &str = "^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))$";

/// Rewrite the generated inspection schema in place (see the module documentation).
pub(super) fn inspection(root: &mut Value, catalog: &Catalog) {
    let Some(defs) = root.get_mut("$defs").and_then(Value::as_object_mut) else {
        return;
    };
    defs.insert("Date".into(), date());
    defs.insert("Regulation".into(), regulation());
    defs.insert("Status".into(), status());
    defs.insert("StringList".into(), string_list());
    defs.insert("Names".into(), names());
    defs.insert("NonEmptyText".into(), non_empty_text());
    defs.insert("CriterionId".into(), criterion_id(catalog));
    defs.insert("Finding".into(), finding());
    defs.remove("FindingStatus");
    defs.insert(
        "PerRegulationStatus".into(),
        per_regulation(json!({"$ref": "#/$defs/Status"})),
    );
    for (name, grades) in override_grades() {
        defs.insert(name.into(), grades);
    }
    defs.remove("OverrideGrade");
    defs.remove("Override");
    patch_inspection(defs);
    patch_object(defs, "ReportText", |props| {
        props.insert("date".into(), optional_date());
    });
    patch_object(defs, "AreaText", |_| {});
    patch_object(defs, "Handlingsplan", |props| {
        props.insert("received".into(), optional_date());
    });
    patch_object(defs, "PlanEntry", |props| {
        for key in ["due", "follow_up", "completed"] {
            props.insert(key.into(), optional_date());
        }
        if let Some(Value::Array(any)) = props.get_mut("status").and_then(|s| s.get_mut("anyOf")) {
            any.insert(1, blank());
        }
        for key in ["responsible", "follow_up_responsible"] {
            props.insert(key.into(), json!({"$ref": "#/$defs/Names"}));
        }
    });
    patch_root(root, catalog);
}

fn date() -> Value {
    json!({
        "type": "string",
        "format": "date",
        "pattern": STRICT_DATE_PATTERN,
        "description": "A calendar date, `YYYY-MM-DD` (in TOML also a bare date)."
    })
}

/// An optional date: a blank string is read as no date (templates leave dates blank).
fn optional_date() -> Value {
    json!({"anyOf": [{"$ref": "#/$defs/Date"}, blank(), {"type": "null"}]})
}

/// A blank string, which the reader takes as an absent value.
fn blank() -> Value {
    json!({"type": "string", "pattern": "^\\s*$"})
}

fn regulation() -> Value {
    let spellings: Vec<String> = Regulation::SPELLINGS
        .iter()
        .map(|(s, _)| case_insensitive(s))
        .collect();
    json!({
        "type": "string",
        "pattern": format!("^\\s*(?:{})\\s*$", spellings.join("|")),
        "examples": ["SOSFS 2015:8", "HSLF-FS 2021:8"],
        "description": "A regulation: its designation (`SOSFS 2015:8`, `HSLF-FS 2021:8`), slug (`sosfs-2015-8`, `hslf-fs-2021-8`) or year (`2015`, `2021`), any letter case."
    })
}

/// A regex matching `text` in any ASCII letter case (JSON Schema patterns have no `i` flag).
fn case_insensitive(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c.is_ascii_alphanumeric() || c == ' ' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

fn status() -> Value {
    json!({
        "type": "string",
        "enum": Status::spellings(),
        "description": "A finding's status: `met`, `partially_met`, `not_met`, `not_assessed` or `not_applicable`; the Swedish words `uppfyllt`, `delvis uppfyllt`, `ej uppfyllt`, `ej bedömt` and `ej tillämpligt` are accepted too."
    })
}

fn string_list() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn names() -> Value {
    json!({
        "description": "Roles or names: a list, or one string with names separated by commas.",
        "anyOf": [{"type": "string"}, {"$ref": "#/$defs/StringList"}]
    })
}

fn non_empty_text() -> Value {
    json!({"type": "string", "pattern": "\\S"})
}

fn criterion_id(catalog: &Catalog) -> Value {
    let ids: Vec<String> = catalog.criteria().map(|c| c.id.to_string()).collect();
    json!({
        "type": "string",
        "enum": ids,
        "description": "A criterion id of the catalog, e.g. `D.F3`: area letter, `.`, kind letter (F föreskrift, R allmänt råd, K kvalitetsindikator) and a number."
    })
}

fn finding() -> Value {
    json!({
        "description": "A finding: a status (short form), or a table with the status (uniform or per regulation) and a note.",
        "anyOf": [
            {"$ref": "#/$defs/Status"},
            {
                "type": "object",
                "properties": {
                    "status": {"anyOf": [{"$ref": "#/$defs/Status"}, {"$ref": "#/$defs/PerRegulationStatus"}]},
                    "note": {"type": "string"}
                },
                "required": ["status"],
                "additionalProperties": false
            }
        ]
    })
}

fn per_regulation(value: Value) -> Value {
    json!({
        "type": "object",
        "propertyNames": {"$ref": "#/$defs/Regulation"},
        "additionalProperties": value
    })
}

/// One override schema per scale: `Override4` (A–D) and `Override3` (A, B, D).
fn override_grades() -> [(&'static str, Value); 2] {
    let one = |grades: &[&str]| {
        let grade = json!({"type": "string", "enum": grades});
        json!({
            "type": "object",
            "description": "An inspector's deliberate grade for an area, with the reason (mandatory).",
            "properties": {
                "grade": {"anyOf": [grade.clone(), per_regulation(grade)]},
                "reason": {"$ref": "#/$defs/NonEmptyText"}
            },
            "required": ["grade", "reason"],
            "additionalProperties": false
        })
    };
    [
        ("Override4", one(&["A", "B", "C", "D"])),
        ("Override3", one(&["A", "B", "D"])),
    ]
}

fn patch_inspection(defs: &mut Map<String, Value>) {
    patch_object(defs, "Inspection", |props| {
        props.insert("unit".into(), json!({"$ref": "#/$defs/NonEmptyText"}));
        props.insert("visit_date".into(), json!({"$ref": "#/$defs/Date"}));
        props.insert(
            "regulations".into(),
            json!({
                "description": "The regulations the ST-läkare train under: a list (at least one), or one regulation as a string.",
                "anyOf": [
                    {"$ref": "#/$defs/Regulation"},
                    {"type": "array", "items": {"$ref": "#/$defs/Regulation"}, "minItems": 1}
                ]
            }),
        );
        for key in ["region", "specialty", "catalog"] {
            props.insert(key.into(), json!({"type": "string"}));
        }
        props.insert("inspectors".into(), json!({"$ref": "#/$defs/StringList"}));
        report_lists(props);
    });
}

fn report_lists(props: &mut Map<String, Value>) {
    for key in ["strengths", "weaknesses", "improvements"] {
        props.insert(key.into(), json!({"$ref": "#/$defs/StringList"}));
    }
}

/// Close an object definition (`additionalProperties: false`) after `edit` rewrote properties.
fn patch_object(
    defs: &mut Map<String, Value>,
    name: &str,
    edit: impl FnOnce(&mut Map<String, Value>),
) {
    let Some(Value::Object(def)) = defs.get_mut(name) else {
        return;
    };
    let props = def
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    if let Some(props) = props {
        for value in props.values_mut() {
            null_to_plain(value);
        }
        edit(props);
    }
    def.insert("additionalProperties".into(), Value::Bool(false));
}

/// The reader has no `null`: an optional string is absent, never `null`.
fn null_to_plain(value: &mut Value) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = obj.get("type") {
        let kept: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        if kept.len() == 1 {
            obj.insert("type".into(), kept[0].clone());
        }
    }
}

/// A unit of another specialty than the embedded set's cannot carry its kvalitetsindikatorer:
/// `spur validate` and `spur grade` compose the catalog of the document's `specialty`, which
/// (without a set of its own from `--catalog-dir`) has none, so its `K` ids are unknown there.
/// The schema says the same: when `inspection.specialty` names another specialty, no finding is
/// keyed by a `K` id.
fn indicators_only_for_their_specialty(obj: &mut Map<String, Value>, catalog: &Catalog) {
    let Some(set) = &catalog.indicator_set else {
        return;
    };
    let Some(specialty) = crate::find_specialty(&set.specialty) else {
        return;
    };
    // Names match ignoring case and the diacritics å, ä and ö (as `normalize_specialty`).
    let letters: String = specialty
        .name
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'a' => "[AaÅåÄäÀàÁá]".to_string(),
            'ö' | 'o' => "[OoÖöØøÓó]".to_string(),
            'e' | 'é' => "[EeÉéÈè]".to_string(),
            c if c.is_ascii_alphabetic() => {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            }
            ' ' | '-' => "[\\s\\-]+".to_string(),
            c => format!("\\{c}"),
        })
        .collect();
    let own = format!("^\\s*{letters}\\s*$");
    obj.insert(
        "if".into(),
        json!({
            "required": ["inspection"],
            "properties": {"inspection": {
                "required": ["specialty"],
                // A blank specialty is the default's (allmänmedicin), as the validator reads it.
                "properties": {"specialty": {"type": "string", "pattern": "\\S", "not": {"pattern": own}}}
            }}
        }),
    );
    obj.insert(
        "then".into(),
        json!({
            "properties": {"findings": {
                "propertyNames": {"not": {"pattern": "^[A-H]\\.K[0-9]+$"}},
                "description": format!(
                    "The kvalitetsindikatorer (`K` ids) are {}'s set ({}): a unit of another specialty has none without its own set.",
                    specialty.name, set.version
                )
            }}
        }),
    );
}

fn patch_root(root: &mut Value, catalog: &Catalog) {
    let Some(obj) = root.as_object_mut() else {
        return;
    };
    indicators_only_for_their_specialty(obj, catalog);
    let Some(Value::Object(props)) = obj.get_mut("properties") else {
        return;
    };
    let area_text = json!({
        "type": "object",
        "propertyNames": {"enum": ["A", "B", "C", "D", "E", "F", "G", "H"]},
        "additionalProperties": {"$ref": "#/$defs/AreaText"}
    });
    props.insert("areas".into(), area_text);
    props.insert(
        "narratives".into(),
        json!({
            "type": "object",
            "description": "Narratives keyed by area letter (the same text as `[areas.X] narrative`).",
            "propertyNames": {"enum": ["A", "B", "C", "D", "E", "F", "G", "H"]},
            "additionalProperties": {"type": "string"}
        }),
    );
    props.insert(
        "report".into(),
        json!({"$ref": "#/$defs/ReportText", "description": "Styrkor, svagheter and förbättringspotential."}),
    );
    report_lists(props);
    props.insert(
        "findings".into(),
        json!({
            "type": "object",
            "description": "Findings keyed by criterion id. A criterion without a finding counts as `not_assessed`.",
            "propertyNames": {"$ref": "#/$defs/CriterionId"},
            "additionalProperties": {"$ref": "#/$defs/Finding"}
        }),
    );
    let mut overrides = Map::new();
    for area in &catalog.areas {
        let def = if area.scale.has(crate::Grade::C) {
            "Override4"
        } else {
            "Override3"
        };
        overrides.insert(
            area.id.to_string(),
            json!({"$ref": format!("#/$defs/{def}")}),
        );
    }
    props.insert(
        "overrides".into(),
        json!({
            "type": "object",
            "description": "Deliberate grades set by the inspector, keyed by area letter; C only in areas whose scale has C.",
            "properties": overrides,
            "additionalProperties": false
        }),
    );
    props.insert(
        "handlingsplan".into(),
        json!({"$ref": "#/$defs/Handlingsplan", "description": "The unit's handlingsplan (action plan), once it has been written."}),
    );
    obj.insert("additionalProperties".into(), Value::Bool(false));
}
