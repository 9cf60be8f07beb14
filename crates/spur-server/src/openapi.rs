//! The OpenAPI 3.1 description, generated from the code: the operations from the handlers'
//! `#[utoipa::path]` attributes, the component schemas from the same schemars derives that
//! produce spur's JSON Schemas (so the API and the library can never describe different models).
//!
//! The document is written for client generators and API fuzzers, not only for people:
//! - the request document is the strict inspection schema (`docs/schema/inspection.schema.json`),
//!   the answers are the output schemas (fields spur leaves out are optional), tidied like the
//!   published schemas (plain `enum`s, maps keyed by area letter, standard integer formats);
//! - query parameters are typed from the code: the formats an endpoint really serves (parsed by
//!   spur-report itself), `lang`, `tolerance`, `as_of` as a date, `to`;
//! - every answer has its content type: binary downloads as `format: binary` strings, errors as
//!   `application/problem+json` (`ProblemDetails`) for every status the server really returns
//!   (the middleware's 400/405/413/421/503 included), and the `x-spur-warnings` header where
//!   the handler sets it.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};
use spur_report::{Lang, PlanFormat, ReportFormat};
use utoipa::OpenApi;

use crate::api;
use crate::input::PROBLEM_JSON;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "spur-server",
        description = "SPUR inspections over HTTP: validate, grade, report, handlingsplan template and follow-up. \
Documents are sent as the body, JSON (`application/json`) or TOML (`application/toml`); any other \
Content-Type, or none, gets 415. Unreadable bodies get 400, documents with errors 422, both with \
the located problems (`ProblemDetails`, as `application/problem+json`); bodies over the limit \
413; requests over the timeout, or when the server is busy, 503 with `Retry-After`; a `Host` \
that is not this server 421. A document can be valid under the JSON Schema and still have \
errors only the validator can find (dates in order, a plan entry for a criterion that is not a \
brist, …): those get 422 too."
    ),
    paths(
        api::validate,
        api::grade,
        api::report,
        crate::previous::compare,
        api::handlingsplan,
        crate::import::import,
        api::followup,
        api::convert,
        api::catalog,
        api::schema,
        openapi,
        api::healthz,
        crate::store_api::create,
        crate::store_api::list,
        crate::store_api::record,
        crate::store_api::document,
        crate::store_api::save,
        crate::store_api::correct,
        crate::store_api::versions,
        crate::store_api::version,
        crate::store_api::diff,
        crate::store_api::inspection_report,
        crate::store_api::inspection_handlingsplan,
        crate::store_api::audit,
        crate::store_api::overview,
        crate::me,
        crate::process_api::order,
        crate::process_api::transition,
        crate::process_api::add_comment,
        crate::process_api::comments,
        crate::process_api::answer_comment,
        crate::process_api::factual_check_done,
        crate::process_api::answer_plan,
        crate::process_api::return_plan,
        crate::process_api::add_attachment,
        crate::process_api::attachments,
        crate::process_api::attachment,
        crate::process_api::deadline_list,
        crate::process_api::create_calendar,
        crate::process_api::revoke_calendar,
        crate::process_api::calendar_feed,
        crate::survey_api::open,
        crate::survey_api::close,
        crate::survey_api::summary,
    ),
    tags(
        (name = "inspection", description = "Read, check, grade and follow up an inspection document."),
        (name = "documents", description = "The SPUR report and the handlingsplan template."),
        (name = "catalog", description = "The criteria catalog and the JSON Schemas."),
        (name = "meta", description = "Liveness and this description."),
        (name = "store", description = "Stored inspections and their append-only versions (`spur serve --store URL`; absent, 404, with `--stateless`). Saving needs `If-Match`: 428 without it, 412 when stale."),
    )
)]
struct ApiDoc;

/// This API's OpenAPI 3.1 description (also committed as `docs/openapi.json`).
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document.", content_type = "application/json")))]
pub(crate) async fn openapi() -> axum::response::Response {
    crate::request::json_bytes(openapi_json().into_bytes())
}

/// The OpenAPI document of the API, pretty-printed with a trailing newline — what
/// `GET /openapi.json` serves and `docs/openapi.json` holds.
pub fn openapi_json() -> String {
    static CACHE: OnceLock<String> = OnceLock::new();
    CACHE.get_or_init(build).clone()
}

/// The name of the error body schema.
const PROBLEM_DETAILS: &str = "ProblemDetails";

/// Operations whose successful answer carries `x-spur-warnings` (see `api::warnings_header`).
const WARNING_HEADER_OPS: &[&str] = &[
    "validate",
    "grade",
    "report",
    "compare",
    "handlingsplan",
    "followup",
    "convert",
];

fn build() -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    let schemas = components();
    if let Some(root) = doc.as_object_mut() {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(c) = components.as_object_mut() {
            c.insert("schemas".into(), Value::Object(schemas));
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                for op in item.values_mut() {
                    if let Some(op) = op.as_object_mut() {
                        operation(op);
                    }
                }
            }
        }
    }
    signed_in(&mut doc);
    rename_refs(&mut doc, "Problems", PROBLEM_DETAILS);
    plain_text(&mut doc);
    enum_var_names(&mut doc);
    prune_components(&mut doc);
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Whether a path is one of the store's signed-in resources (everything but the stateless
/// endpoints and the calendar feed, whose secret id is its credential).
fn needs_sign_in(path: &str) -> bool {
    [
        "/v1/inspections",
        "/v1/orders",
        "/v1/overview",
        "/v1/deadlines",
        "/v1/me",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || path == "/v1/calendar"
}

/// Sign-in on the store's resources: the bearer scheme (an API token `spur_…` or the region's
/// OIDC token), and the 401 (no or a bad credential, with `WWW-Authenticate`), 403 (the role may
/// not do this now) and 429 (too many failed sign-ins) answers.
fn signed_in(doc: &mut Value) {
    if let Some(c) = doc.get_mut("components").and_then(Value::as_object_mut) {
        c.insert(
            "securitySchemes".into(),
            json!({ "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token (`spur admin token create`, `spur_…`) or a bearer token of a configured OIDC issuer. Never in the query string."
            } }),
        );
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        if !needs_sign_in(path) {
            continue;
        }
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            op.insert("security".into(), json!([{ "bearer": [] }]));
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            let problem = json!({ PROBLEM_JSON: { "schema": {
                "$ref": format!("#/components/schemas/{PROBLEM_DETAILS}")
            } } });
            responses.entry("401").or_insert_with(|| json!({
                "description": "No credential, or one that is not accepted (unknown, expired, revoked).",
                "headers": { "WWW-Authenticate": { "description": "`Bearer realm=\"spur\"`.", "required": true, "schema": { "type": "string" } } },
                "content": problem.clone(),
            }));
            responses.entry("403").or_insert_with(|| {
                json!({
                    "description": "Signed in, but the role may not do this (now).",
                    "content": problem.clone(),
                })
            });
            responses.entry("429").or_insert_with(|| json!({
                "description": "Too many failed sign-ins from this address; try again after `Retry-After` seconds.",
                "headers": { "Retry-After": { "description": "Seconds to wait.", "required": true, "schema": { "type": "integer", "format": "int32", "minimum": 0 } } },
                "content": problem.clone(),
            }));
            let mut sorted: Vec<(String, Value)> = std::mem::take(responses).into_iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            responses.extend(sorted);
        }
    }
}

/// The component schemas: the strict inspection schema for the request document, the output
/// schemas (serialize contract) for the answers, the import request (deserialize contract).
fn components() -> Map<String, Value> {
    let mut out = Map::new();

    // The request document: exactly the published, strict inspection schema.
    let mut inspection: Value =
        serde_json::from_str(&spur_core::schema::inspection()).unwrap_or(Value::Null);
    if let Some(root) = inspection.as_object_mut() {
        root.remove("$schema");
        root.remove("$id");
        if let Some(Value::Object(defs)) = root.remove("$defs") {
            out.extend(defs);
        }
    }
    out.insert("InspectionDocument".into(), inspection);
    rewrite_refs(&mut out, "#/$defs/", "#/components/schemas/");

    let mut settings = SchemaSettings::draft2020_12().for_deserialize();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    generator.subschema_for::<crate::import::ImportRequest>();
    generator.subschema_for::<crate::previous::ReportRequest>();
    generator.subschema_for::<crate::previous::CompareRequest>();
    generator.subschema_for::<crate::process_api::OrderRequest>();
    generator.subschema_for::<crate::process_api::TransitionBody>();
    generator.subschema_for::<crate::process_api::CommentBody>();
    generator.subschema_for::<crate::process_api::AnswerBody>();
    generator.subschema_for::<crate::process_api::ReturnBody>();
    generator.subschema_for::<crate::survey_api::OpenSurvey>();
    merge(&mut out, tidied(generator.take_definitions(true)));

    let mut settings = SchemaSettings::draft2020_12().for_serialize();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    generator.subschema_for::<spur_core::Catalog>();
    generator.subschema_for::<spur_grading::Grading>();
    generator.subschema_for::<spur_report::ReportJson>();
    generator.subschema_for::<spur_report::Comparison>();
    generator.subschema_for::<spur_followup::FollowUp>();
    generator.subschema_for::<crate::Problems>();
    generator.subschema_for::<api::Validation>();
    generator.subschema_for::<api::Health>();
    generator.subschema_for::<crate::import::ImportResult>();
    generator.subschema_for::<crate::store_api::InspectionRecord>();
    generator.subschema_for::<crate::store_api::InspectionList>();
    generator.subschema_for::<crate::store_api::VersionList>();
    generator.subschema_for::<crate::store_api::AuditList>();
    generator.subschema_for::<crate::store_api::Refused>();
    generator.subschema_for::<crate::process_api::CommentList>();
    generator.subschema_for::<spur_store::Comment>();
    generator.subschema_for::<spur_store::Attachment>();
    generator.subschema_for::<crate::process_api::AttachmentList>();
    generator.subschema_for::<crate::process_api::DeadlineList>();
    generator.subschema_for::<crate::process_api::NewFeed>();
    generator.subschema_for::<crate::process_api::PlanAnswer>();
    generator.subschema_for::<crate::auth::Me>();
    generator.subschema_for::<crate::survey_api::OpenedSurvey>();
    generator.subschema_for::<spur_survey::SurveySummary>();
    generator.subschema_for::<spur_store::Diff>();
    generator.subschema_for::<spur_followup::Overview>();
    let mut written = tidied(generator.take_definitions(true));
    // A document spur writes is one the reader accepts: answers refer to the same strict
    // schema as requests.
    written.remove("InspectionDocument");
    merge(&mut out, written);
    out
}

/// The definitions tidied like the published schemas (see `spur_core::schema::tidy`).
fn tidied(mut defs: Map<String, Value>) -> Map<String, Value> {
    for schema in defs.values_mut() {
        spur_core::schema::tidy(schema);
    }
    defs
}

/// Add `defs` to `out`; a name `out` already has with a different schema is added as
/// `<name>Output` (and references inside `defs` follow).
fn merge(out: &mut Map<String, Value>, defs: Map<String, Value>) {
    let renamed: Vec<String> = defs
        .iter()
        .filter(|(name, schema)| out.get(*name).is_some_and(|s| s != *schema))
        .map(|(name, _)| name.clone())
        .collect();
    let mut defs = defs;
    for name in &renamed {
        rewrite_refs(
            &mut defs,
            &format!("#/components/schemas/{name}"),
            &format!("#/components/schemas/{name}Output"),
        );
    }
    for (name, schema) in defs {
        if renamed.contains(&name) {
            out.insert(format!("{name}Output"), schema);
        } else {
            out.entry(name).or_insert(schema);
        }
    }
}

/// Replace the prefix `from` of every `$ref` in `defs` by `to` (whole names only when `from`
/// is a full reference).
fn rewrite_refs(defs: &mut Map<String, Value>, from: &str, to: &str) {
    for v in defs.values_mut() {
        rewrite_value_refs(v, from, to);
    }
}

fn rewrite_value_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                if k == "$ref" {
                    if let Some(s) = v.as_str() {
                        let whole = from.ends_with('/') || s == from;
                        if whole && let Some(rest) = s.strip_prefix(from) {
                            *v = Value::String(format!("{to}{rest}"));
                        }
                    }
                } else {
                    rewrite_value_refs(v, from, to);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| rewrite_value_refs(v, from, to)),
        _ => {}
    }
}

/// Rename the component `from` to `to` and every reference to it.
fn rename_refs(doc: &mut Value, from: &str, to: &str) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        && let Some(s) = schemas.remove(from)
    {
        schemas.insert(to.into(), s);
    }
    rewrite_value_refs(
        doc,
        &format!("#/components/schemas/{from}"),
        &format!("#/components/schemas/{to}"),
    );
}

/// Drop component schemas nothing refers to (leftovers of the written inspection document).
fn prune_components(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let schemas = schemas.clone();
    let mut reached = BTreeSet::new();
    let mut todo = Vec::new();
    if let Some(paths) = doc.get("paths") {
        collect_refs(paths, &mut todo);
    }
    while let Some(r) = todo.pop() {
        let Some(name) = r.strip_prefix("#/components/schemas/") else {
            continue;
        };
        if reached.insert(name.to_string())
            && let Some(s) = schemas.get(name)
        {
            collect_refs(s, &mut todo);
        }
    }
    if let Some(s) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        s.retain(|name, _| reached.contains(name));
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

/// Descriptions for people and generators: rustdoc links (`[`X`](crate::x)`) become their
/// text.
fn plain_text(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                if matches!(k.as_str(), "description" | "title" | "summary")
                    && let Value::String(s) = v
                {
                    *s = strip_intra_links(&strip_doc_links(&strip_code_blocks(s)));
                } else {
                    plain_text(v);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(plain_text),
        _ => {}
    }
}

/// The text without fenced code blocks (the doctests of the Rust items).
fn strip_code_blocks(s: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in s.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            out.push(line);
        }
    }
    out.join("\n").trim_end().to_string()
}

/// `[text](target)` where the target is a Rust path (no `/`, `.` or `#` scheme) becomes `text`.
fn strip_doc_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let text = &after[..close];
        let tail = &after[close + 2..];
        let Some(end) = tail.find(')') else { break };
        let target = &tail[..end];
        let rust_path = !target.is_empty()
            && !target.contains('/')
            && !target.contains(' ')
            && !target.starts_with("http")
            && !target.starts_with('#');
        if rust_path && !text.contains('[') {
            out.push_str(&rest[..open]);
            out.push_str(text);
            rest = &tail[end + 1..];
        } else {
            out.push_str(&rest[..=open]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Intra-doc links without a target: `[`Name`]` becomes `` `Name` ``; a link to a Rust path
/// (`[`Type::item`]`) is dropped, with its parentheses when it is the only thing inside them.
fn strip_intra_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("[`") {
        let after = &rest[open + 1..];
        let Some(close) = after.find("`]") else { break };
        let inner = &after[..close + 1];
        let tail = &after[close + 2..];
        if tail.starts_with('(') || inner[1..inner.len() - 1].contains('`') {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        }
        let before = &rest[..open];
        if inner.contains("::") {
            let trimmed = before
                .strip_suffix("(see ")
                .or_else(|| before.strip_suffix('('))
                .filter(|_| tail.starts_with(')'));
            match trimmed {
                Some(b) => {
                    out.push_str(b.trim_end());
                    rest = &tail[1..];
                }
                None => {
                    out.push_str(before);
                    rest = tail;
                }
            }
        } else {
            out.push_str(before);
            out.push_str(inner);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// String enums whose values differ only in case or in `_` for a space (the Swedish status
/// aliases) get `x-enum-varnames`, so that generators that name enum members in upper case
/// (openapi-python-client, openapi-generator) give every value its own member.
fn enum_var_names(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(values)) = m.get("enum")
                && let Some(names) = distinct_var_names(values)
            {
                m.insert("x-enum-varnames".into(), json!(names));
            }
            m.values_mut().for_each(enum_var_names);
        }
        Value::Array(a) => a.iter_mut().for_each(enum_var_names),
        _ => {}
    }
}

/// Member names for `values` when their plain upper-case names collide, else `None`.
fn distinct_var_names(values: &[Value]) -> Option<Vec<String>> {
    let texts: Vec<&str> = values.iter().map(Value::as_str).collect::<Option<_>>()?;
    let plain = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .to_uppercase()
    };
    let bases: Vec<String> = texts.iter().map(|s| plain(s)).collect();
    if bases.iter().collect::<BTreeSet<_>>().len() == bases.len() {
        return None;
    }
    let mut seen = BTreeSet::new();
    let mut names = Vec::new();
    for (text, base) in texts.iter().zip(bases) {
        let mut name = base;
        if text.chars().any(char::is_uppercase) {
            name.push_str("_CAPITALISED");
        }
        if text.contains(' ') {
            name.push_str("_SPACED");
        }
        let mut unique = name.clone();
        let mut n = 2;
        while !seen.insert(unique.clone()) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        names.push(unique);
    }
    Some(names)
}

/// The typed parameters, answers and headers of one operation.
fn operation(op: &mut Map<String, Value>) {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Some(Value::Array(params)) = op.get_mut("parameters") {
        for p in params.iter_mut() {
            if let Some(p) = p.as_object_mut() {
                parameter(&id, p);
            }
        }
    }
    let takes_document = op.contains_key("requestBody");
    let mut report_body = false;
    if let Some(Value::Object(body)) = op.get_mut("requestBody") {
        // Every operation with a body needs one (an empty body is 400, none at all 415).
        body.insert("required".into(), Value::Bool(true));
    }
    let responses = op
        .entry("responses")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(responses) = responses.as_object_mut() else {
        return;
    };
    match id.as_str() {
        "report" | "inspection_report" => {
            let formats = report_formats();
            let content = formats
                .iter()
                .map(|f| (f.media_type(), *f == ReportFormat::Json, f.is_binary()))
                .collect::<Vec<_>>();
            set_download_content(responses, &content, "ReportJson");
            report_body = id == "report";
        }
        "handlingsplan" | "inspection_handlingsplan" => {
            let content = plan_formats()
                .iter()
                .map(|f| (f.media_type(), false, f.is_binary()))
                .collect::<Vec<_>>();
            set_download_content(responses, &content, "");
        }
        "openapi" => {
            if let Some(ok) = responses.get_mut("200") {
                ok["content"] = json!({ "application/json": { "schema": {
                    "type": "object",
                    "description": "An OpenAPI 3.1 document."
                } } });
            }
        }
        "schema" => {
            if let Some(ok) = responses.get_mut("200") {
                ok["content"] = json!({ "application/json": { "schema": {
                    "type": "object",
                    "description": "A JSON Schema (draft 2020-12)."
                } } });
            }
        }
        _ => {}
    }
    if WARNING_HEADER_OPS.contains(&id.as_str())
        && let Some(Value::Object(ok)) = responses.get_mut("200")
    {
        let headers = ok
            .entry("headers")
            .or_insert_with(|| Value::Object(Map::new()));
        headers["x-spur-warnings"] = json!({
            "description": "How many warnings the document has (0 when none), e.g. unassessed criteria that keep grades provisional.",
            "required": true,
            "schema": { "type": "integer", "format": "int32", "minimum": 0 }
        });
    }
    let mut common: Vec<(&str, &str)> = vec![
        (
            "400",
            "A request that cannot be read (a Host header that is not text, a bad query string).",
        ),
        (
            "405",
            "The path exists but does not take this method (`Allow` lists the ones it takes).",
        ),
        (
            "413",
            "The declared body is over the size limit (`spur serve --max-body`).",
        ),
        (
            "421",
            "The `Host` header names another server (`spur serve --allowed-host`).",
        ),
        (
            "503",
            "The request took longer than the timeout, or the server is busy; try again after `Retry-After` seconds.",
        ),
    ];
    if takes_document {
        common.push((
            "415",
            "The body is not `application/json` or `application/toml` (for the import: not `application/json`).",
        ));
        common.push(("422", "A document with errors: every error, located."));
    }
    for (status, description) in common {
        responses
            .entry(status)
            .or_insert_with(|| json!({ "description": description }));
    }
    for (status, response) in responses.iter_mut() {
        if !status.starts_with('4') && !status.starts_with('5') {
            continue;
        }
        response["content"] = json!({ PROBLEM_JSON: { "schema": {
            "$ref": format!("#/components/schemas/{PROBLEM_DETAILS}")
        } } });
        if status == "503" {
            response["headers"] = json!({ "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "required": true,
                "schema": { "type": "integer", "format": "int32", "minimum": 0 }
            } });
        }
        if status == "405" {
            response["headers"] = json!({ "Allow": {
                "description": "The methods this path takes.",
                "schema": { "type": "string" }
            } });
        }
    }
    // Ordered by status code.
    let mut sorted: Vec<(String, Value)> = std::mem::take(responses).into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    responses.extend(sorted);
    if report_body
        && let Some(schema) = op
            .get_mut("requestBody")
            .and_then(|b| b.pointer_mut("/content/application~1json/schema"))
    {
        // The document alone, or with the unit's previous inspection.
        *schema = json!({ "anyOf": [
            { "$ref": "#/components/schemas/InspectionDocument" },
            { "$ref": "#/components/schemas/ReportRequest" },
        ] });
    }
}

/// The 200 answer of a download: one media type per format, binary bodies as binary strings,
/// JSON with its schema (`json_schema`).
fn set_download_content(
    responses: &mut Map<String, Value>,
    formats: &[(&'static str, bool, bool)],
    json_schema: &str,
) {
    let mut content = Map::new();
    for (content_type, is_json, binary) in formats {
        let media = content_type.split(';').next().unwrap_or("").trim();
        let schema = if *is_json {
            json!({ "$ref": format!("#/components/schemas/{json_schema}") })
        } else if *binary {
            json!({ "type": "string", "format": "binary" })
        } else {
            json!({ "type": "string" })
        };
        content.insert(media.to_string(), json!({ "schema": schema }));
    }
    if let Some(Value::Object(ok)) = responses.get_mut("200") {
        ok.insert("content".into(), Value::Object(content));
        let headers = ok
            .entry("headers")
            .or_insert_with(|| Value::Object(Map::new()));
        headers["Content-Disposition"] = json!({
            "description": "`attachment` with the file name, e.g. `attachment; filename=\"spur-rapport.html\"`.",
            "required": true,
            "schema": { "type": "string" }
        });
    }
}

/// The report formats `/v1/report` serves: every [`ReportFormat`], the default (`html`) first
/// (the order the description has always listed them in).
fn report_formats() -> Vec<ReportFormat> {
    let mut out = vec![ReportFormat::Html];
    out.extend(
        <ReportFormat as spur_report::VariantArray>::VARIANTS
            .iter()
            .filter(|f| **f != ReportFormat::Html),
    );
    out
}

/// The handlingsplan formats `/v1/handlingsplan` serves: every [`PlanFormat`], markdown first.
fn plan_formats() -> Vec<PlanFormat> {
    <PlanFormat as spur_report::VariantArray>::VARIANTS.to_vec()
}

/// The schema of a query parameter, from the code that reads it.
fn parameter(operation: &str, p: &mut Map<String, Value>) {
    let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
    let schema = match (operation, name) {
        ("report" | "inspection_report", "format") => {
            let names: Vec<&str> = report_formats().iter().map(|f| f.extension()).collect();
            json!({ "type": "string", "enum": names, "default": "html" })
        }
        ("handlingsplan" | "inspection_handlingsplan", "format") => {
            let names: Vec<&str> = plan_formats().iter().map(|f| f.extension()).collect();
            json!({ "type": "string", "enum": names, "default": "md" })
        }
        (_, "lang") => {
            let names: Vec<&str> = [Lang::Sv, Lang::En].iter().map(|l| l.code()).collect();
            // No `default`: it is the server's `--lang`, else the endpoint's own.
            json!({ "type": "string", "enum": names })
        }
        (_, "tolerance") => json!({
            "type": "integer",
            "format": "int32",
            "minimum": 0,
            "maximum": crate::request::MAX_TOLERANCE,
            "default": 1
        }),
        (_, "as_of") => json!({
            "type": "string",
            "format": "date",
            "pattern": spur_core::schema::DATE_PATTERN
        }),
        ("convert", "to") => json!({ "type": "string", "enum": ["json", "toml"] }),
        ("schema", "name") => {
            p.insert(
                "description".into(),
                json!("The schema's name: the documents spur reads first, then what it writes."),
            );
            json!({ "type": "string", "enum": crate::SCHEMA_NAMES })
        }
        _ => return,
    };
    let optional = p.get("required").and_then(Value::as_bool) != Some(true);
    p.insert("schema".into(), schema);
    if optional {
        // The handlers read an empty value as "not given" (the default).
        p.insert("allowEmptyValue".into(), Value::Bool(true));
    }
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

    #[test]
    fn doc_links_become_their_text() {
        assert_eq!(
            strip_doc_links(
                "see [`Diagnostic`](spur_core::Diagnostic) and [docs](https://x.example/a)"
            ),
            "see `Diagnostic` and [docs](https://x.example/a)"
        );
        assert_eq!(strip_doc_links("a [b] c"), "a [b] c");
        assert_eq!(
            strip_intra_links("days (see [`StateAt::days`]). A [`Grade`] or [`x::y`]."),
            "days. A `Grade` or ."
        );
    }

    #[test]
    fn formats_are_the_ones_the_parsers_accept() {
        assert!(report_formats().contains(&ReportFormat::Docx));
        assert_eq!(plan_formats()[0], PlanFormat::Markdown);
        assert!(plan_formats().contains(&PlanFormat::Xlsx));
    }
}
