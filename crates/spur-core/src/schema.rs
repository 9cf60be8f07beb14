//! JSON Schemas of everything spur reads and writes, generated from the Rust types.
//!
//! The committed copies live in `docs/schema/`; tests fail when they drift. Every schema carries
//! an `$id` with spur's version ([`id`]) and is written for generators: closed sets are plain
//! `enum`s, maps keyed by area letter are `additionalProperties` + `propertyNames`, integers use
//! the standard formats `int32`/`int64`.
//!
//! ```
//! let schema: serde_json::Value = serde_json::from_str(&spur_core::schema::catalog()).unwrap();
//! assert!(schema["$id"].as_str().unwrap().ends_with("/catalog.schema.json"));
//! ```

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value, json};

use crate::{Catalog, InspectionDocument};

mod strict;

/// Where spur's schemas are published; the version and the file name follow.
pub const BASE_URI: &str = "https://example.invalid/spur/schema";

/// spur's version, as carried by every schema's `$id`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `$id` of the schema file `NAME.schema.json`, e.g.
/// `https://example.invalid/spur/schema/0.1.0/grading.schema.json`.
pub fn id(name: &str) -> String {
    format!("{BASE_URI}/{VERSION}/{name}.schema.json")
}

/// Whether a schema describes what spur reads (a document it accepts) or what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// An input: fields with defaults are optional.
    Input,
    /// An output: fields spur leaves out (empty lists, absent values) are optional.
    Output,
}

/// The schema of `T` as the committed file `NAME.schema.json`: draft 2020-12, `$id` with the
/// version, tidied for generators, pretty-printed with a trailing newline.
pub fn generate<T: JsonSchema>(name: &str, direction: Direction) -> String {
    let settings = match direction {
        Direction::Input => SchemaSettings::draft2020_12().for_deserialize(),
        Direction::Output => SchemaSettings::draft2020_12().for_serialize(),
    };
    let value = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    finish_value(value, name, direction == Direction::Output)
}

/// Close every object of an output schema: an object schema with `properties` and no
/// `additionalProperties` gets `additionalProperties: false`, so a consumer's validator notices
/// a renamed or unexpected field. Objects combined with `allOf`/`anyOf`/`oneOf` are left open
/// (their properties are spread over the parts).
pub fn close_objects(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let combined = ["allOf", "anyOf", "oneOf"]
                .iter()
                .any(|k| map.contains_key(*k));
            if map.contains_key("properties")
                && !map.contains_key("additionalProperties")
                && !combined
            {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in map.values_mut() {
                close_objects(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// Add the `$id`, tidy (see [`tidy`]) and pretty-print a root schema.
pub fn finish(schema: Schema, name: &str) -> String {
    finish_value(schema.to_value(), name, false)
}

fn finish_value(mut value: Value, name: &str, close: bool) -> String {
    tidy(&mut value);
    if close {
        close_objects(&mut value);
    }
    if let Value::Object(map) = value {
        let mut out = Map::new();
        if let Some(s) = map.get("$schema") {
            out.insert("$schema".into(), s.clone());
        }
        out.insert("$id".into(), Value::String(id(name)));
        for (k, v) in map {
            if k != "$schema" && k != "$id" {
                out.insert(k, v);
            }
        }
        value = Value::Object(out);
    }
    pretty(&value)
}

/// Make a generated schema easy on code generators, recursively:
/// - `oneOf` of `const`s (an enum whose variants have doc comments) becomes one `enum`, the
///   variants' descriptions listed in the description; a lone `const` (a union's tag) becomes a
///   one-value `enum`;
/// - an object whose properties are exactly area letters with one shared schema (a map keyed by
///   area) becomes `additionalProperties` + `propertyNames`;
/// - the non-standard integer formats `uint`, `uint8` … become `int32`/`int64` (with
///   `minimum: 0`).
pub fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            const_one_of_to_enum(map);
            for v in map.values_mut() {
                tidy(v);
            }
            letter_map(map);
            integer_format(map);
            if let Some(c) = map.remove("const") {
                // A lone constant (a tag of a tagged union): a one-value enum.
                map.insert("enum".into(), Value::Array(vec![c]));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

fn const_one_of_to_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(variants)) = map.get("oneOf") else {
        return;
    };
    if variants.is_empty() {
        return;
    }
    let mut values = Vec::new();
    let mut lines = Vec::new();
    for v in variants {
        let Some(obj) = v.as_object() else { return };
        let Some(c) = obj.get("const") else { return };
        if obj
            .keys()
            .any(|k| !matches!(k.as_str(), "const" | "description" | "type"))
        {
            return;
        }
        if let (Some(d), Some(s)) = (obj.get("description").and_then(Value::as_str), c.as_str()) {
            lines.push(format!("- `{s}`: {}", d.replace('\n', " ")));
        }
        values.push(c.clone());
    }
    map.remove("oneOf");
    if values.iter().all(Value::is_string) {
        map.insert("type".into(), json!("string"));
    }
    map.insert("enum".into(), Value::Array(values));
    if !lines.is_empty() {
        let text = lines.join("\n");
        let description = match map.get("description").and_then(Value::as_str) {
            Some(d) => format!("{d}\n\n{text}"),
            None => text,
        };
        map.insert("description".into(), Value::String(description));
    }
}

fn letter_map(map: &mut Map<String, Value>) {
    let Some(Value::Object(props)) = map.get("properties") else {
        return;
    };
    let letters = ["A", "B", "C", "D", "E", "F", "G", "H"];
    if props.len() != letters.len() || !letters.iter().all(|l| props.contains_key(*l)) {
        return;
    }
    let first = props["A"].clone();
    if props.values().any(|v| *v != first) || map.contains_key("required") {
        return;
    }
    map.remove("properties");
    map.insert("additionalProperties".into(), first);
    map.insert("propertyNames".into(), json!({ "enum": letters }));
}

fn integer_format(map: &mut Map<String, Value>) {
    let Some(format) = map.get("format").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let standard = match format.as_str() {
        "uint8" | "uint16" | "int8" | "int16" => "int32",
        "uint32" | "uint" | "uint64" | "uint128" | "int128" => "int64",
        _ => return,
    };
    map.insert("format".into(), json!(standard));
    if format.starts_with('u') {
        map.entry("minimum").or_insert(json!(0));
    }
}

/// Pretty JSON with a trailing newline.
pub fn pretty(value: &Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the inspection document, pretty-printed with a trailing newline.
pub fn inspection() -> String {
    let settings = SchemaSettings::draft2020_12().for_deserialize();
    let schema = settings
        .into_generator()
        .into_root_schema_for::<InspectionDocument>();
    let mut value = schema.to_value();
    tidy(&mut value);
    strict::inspection(&mut value, Catalog::embedded());
    allow_null_members(&mut value);
    finish(
        serde_json::from_value(value).unwrap_or_else(|_| Schema::default()),
        "inspection",
    )
}

/// The reader takes a JSON `null` member as an absent one: every optional property and every
/// map value of the schema also accepts `null` (a required one stays non-null, so a `null` there
/// is rejected like a missing one). Lists keep non-null items: the reader rejects `null` there.
fn allow_null_members(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                allow_null_members(v);
            }
            let required: Vec<String> = map
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if !required.contains(name) {
                        nullable(prop);
                    }
                }
            }
            if let Some(extra @ Value::Object(_)) = map.get_mut("additionalProperties") {
                nullable(extra);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(allow_null_members),
        _ => {}
    }
}

/// `schema` or `null`: `{"anyOf": [schema, {"type": "null"}]}`, annotations kept outside.
fn nullable(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    let allows_null = |m: &Map<String, Value>| match m.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => false,
    };
    if allows_null(map)
        || map
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|s| s.as_object().is_some_and(allows_null)))
    {
        return;
    }
    let mut outer = Map::new();
    let mut inner = Map::new();
    for (k, v) in std::mem::take(map) {
        if matches!(
            k.as_str(),
            "description" | "title" | "default" | "examples" | "deprecated"
        ) {
            outer.insert(k, v);
        } else {
            inner.insert(k, v);
        }
    }
    outer.insert(
        "anyOf".into(),
        json!([Value::Object(inner), { "type": "null" }]),
    );
    *map = outer;
}

/// The JSON Schema of the catalog, pretty-printed with a trailing newline.
pub fn catalog() -> String {
    generate::<Catalog>("catalog", Direction::Input)
}

/// The JSON Schema of `spur validate --format json`: every file's diagnostics and the totals.
pub fn validation() -> String {
    generate::<crate::ValidationReport>("validation", Direction::Output)
}

/// The schema of a calendar date, `YYYY-MM-DD` (`format: date` and a pattern), for fields
/// declared `#[schemars(with = "spur_core::schema::Date")]`.
#[derive(Debug, Clone, Copy)]
pub struct Date;

/// The pattern of a `YYYY-MM-DD` date.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
        })
    }
}

/// The JSON Schema of a specialty indicator set (`spur catalog new-indicators`), pretty-printed
/// with a trailing newline.
pub fn indicators() -> String {
    generate::<crate::IndicatorSet>("indicators", Direction::Input)
}
