//! The OpenAPI 3.1 description, generated from the code: the operations from the handlers'
//! `#[utoipa::path]` attributes, the component schemas from the same schemars derives that
//! produce spur's JSON Schemas (so the API and the library can never describe different models).

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;
use utoipa::OpenApi;

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "spur-server",
        description = "SPUR inspections over HTTP: validate, grade, report, handlingsplan template and follow-up. \
Documents are sent as the body, JSON (`application/json`) or TOML (`application/toml`); without a \
Content-Type the format is sniffed. Unreadable bodies get 400, documents with errors 422, both with \
located problems (`Problems`); bodies over the limit 413; requests over the timeout 503."
    ),
    paths(
        api::validate,
        api::grade,
        api::report,
        api::handlingsplan,
        crate::import::import,
        api::followup,
        api::convert,
        api::catalog,
        api::schema,
        api::openapi,
        api::healthz,
    ),
    tags(
        (name = "inspection", description = "Read, check, grade and follow up an inspection document."),
        (name = "documents", description = "The SPUR report and the handlingsplan template."),
        (name = "catalog", description = "The criteria catalog and the JSON Schemas."),
        (name = "meta", description = "Liveness and this description."),
    )
)]
struct ApiDoc;

/// The OpenAPI document of the API, pretty-printed with a trailing newline — what
/// `GET /openapi.json` serves and `docs/openapi.json` holds.
pub fn openapi_json() -> String {
    static CACHE: OnceLock<String> = OnceLock::new();
    CACHE.get_or_init(build).clone()
}

fn build() -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    generator.subschema_for::<spur_core::InspectionDocument>();
    generator.subschema_for::<spur_core::Catalog>();
    generator.subschema_for::<spur_grading::Grading>();
    generator.subschema_for::<spur_followup::FollowUp>();
    generator.subschema_for::<crate::Problems>();
    generator.subschema_for::<api::Validation>();
    generator.subschema_for::<api::Health>();
    generator.subschema_for::<crate::import::ImportRequest>();
    generator.subschema_for::<crate::import::ImportResult>();
    let schemas: serde_json::Map<String, Value> =
        generator.take_definitions(true).into_iter().collect();
    if let Some(root) = doc.as_object_mut() {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(c) = components.as_object_mut() {
            c.insert("schemas".into(), Value::Object(schemas));
        }
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` in the document points at a schema the document has.
    #[test]
    fn every_reference_resolves() {
        let doc: Value = serde_json::from_str(&openapi_json()).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(refs.len() > 10);
        for r in refs {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("foreign ref {r}"));
            assert!(schemas.contains_key(name), "unresolved {r}");
        }
    }

    fn collect_refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if k == "$ref" {
                        if let Some(s) = v.as_str() {
                            out.push(s.to_string());
                        }
                    } else {
                        collect_refs(v, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }
}
