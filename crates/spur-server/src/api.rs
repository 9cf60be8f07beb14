//! The `/v1` handlers, `/healthz` and `/openapi.json`. Each handler carries its OpenAPI
//! description (`#[utoipa::path]`); the schemas it refers to come from schemars (see
//! [`crate::openapi`]).

use std::sync::OnceLock;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{Catalog, Diagnostic, InspectionDocument};
use spur_grading::{Grading, Settings};
use spur_report::{Lang, PlanFormat, ReportFormat};

use crate::input::{ApiError, Document, Problems, read_document};

const JSON: &str = "application/json";

/// `GET /healthz`: the server is up.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Health {
    /// Always `ok`.
    status: &'static str,
    /// The spur-server version.
    version: &'static str,
    /// The embedded catalog version documents are checked against.
    catalog: &'static str,
}

/// `POST /v1/validate` on a document without errors.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Validation {
    /// `true`: the document has no errors (documents with errors get 422 and a `Problems` body).
    valid: bool,
    /// Always empty here.
    errors: Vec<Diagnostic>,
    /// Warnings, e.g. unassessed criteria that keep grades provisional.
    warnings: Vec<Diagnostic>,
}

/// Query of `/v1/grade`.
#[derive(Debug, Deserialize)]
pub(crate) struct GradeQuery {
    tolerance: Option<String>,
}

/// Query of `/v1/report` and `/v1/handlingsplan`.
#[derive(Debug, Deserialize)]
pub(crate) struct RenderQuery {
    format: Option<String>,
    lang: Option<String>,
    tolerance: Option<String>,
}

/// Query of `/v1/followup`.
#[derive(Debug, Deserialize)]
pub(crate) struct FollowupQuery {
    as_of: Option<String>,
}

/// Query of `/v1/convert`.
#[derive(Debug, Deserialize)]
pub(crate) struct ConvertQuery {
    to: Option<String>,
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(q)| q).map_err(|e| {
        ApiError::bad_request(Problems::parameter(
            "query",
            format!("bad query string: {}", e.body_text()),
            None,
        ))
    })
}

fn settings(tolerance: Option<&str>) -> Result<Settings, ApiError> {
    match tolerance.map(str::trim) {
        None | Some("") => Ok(Settings::default()),
        Some(t) => t.parse::<usize>().map(|tolerance| Settings { tolerance }).map_err(|_| {
            ApiError::bad_request(Problems::parameter(
                "query.tolerance",
                format!("`tolerance` must be a whole number ≥ 0, got `{t}`"),
                Some("the number of unmet kvalitetsindikatorer an area may have and still get A (default 1)".into()),
            ))
        }),
    }
}

fn lang(lang: Option<&str>) -> Result<Lang, ApiError> {
    match lang {
        None | Some("") => Ok(Lang::Sv),
        Some(l) => l.parse().map_err(|e: spur_report::Error| {
            ApiError::bad_request(Problems::parameter("query.lang", e.to_string(), None))
        }),
    }
}

fn warnings_header(response: &mut Response, warnings: &[Diagnostic]) {
    set_warning_count(response, warnings.len());
}

fn set_warning_count(response: &mut Response, count: usize) {
    response
        .headers_mut()
        .insert("x-spur-warnings", HeaderValue::from(count));
}

/// A downloadable file: content type, `Content-Disposition: attachment` and the warning count.
fn file(
    bytes: Vec<u8>,
    content_type: &'static str,
    name: String,
    warnings: &[Diagnostic],
) -> Response {
    let mut r = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    warnings_header(&mut r, warnings);
    r
}

fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], bytes).into_response()
}

/// Run CPU-heavy rendering off the async workers. A panic in it is a bug: 500.
async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, String> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(ApiError::internal(e)),
        Err(e) if e.is_panic() => Err(ApiError::internal(
            "the renderer panicked (a bug in spur)".into(),
        )),
        Err(_) => Err(ApiError::internal(
            "the rendering task was cancelled".into(),
        )),
    }
}

/// Liveness.
#[utoipa::path(get, path = "/healthz", tag = "meta",
    responses((status = 200, description = "The server is up.", body = ref("#/components/schemas/Health"))))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        catalog: spur_core::EMBEDDED_VERSION,
    })
}

/// This API's OpenAPI 3.1 description (also committed as `docs/openapi.json`).
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document.", content_type = "application/json")))]
pub(crate) async fn openapi() -> Response {
    json_bytes(crate::openapi::openapi_json().into_bytes())
}

/// The embedded SPUR criteria catalog: areas, scales, level texts and every criterion with its
/// kind under each regulation.
#[utoipa::path(get, path = "/v1/catalog", tag = "catalog",
    responses((status = 200, description = "The catalog.", body = ref("#/components/schemas/Catalog"))))]
pub(crate) async fn catalog() -> Response {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| serde_json::to_vec(Catalog::embedded()).unwrap_or_default());
    json_bytes(bytes.clone())
}

/// A JSON Schema: `inspection` (the document), `catalog`, `grading` or `followup`.
#[utoipa::path(get, path = "/v1/schema/{name}", tag = "catalog",
    params(("name" = String, Path, description = "`inspection`, `catalog`, `grading` or `followup`")),
    responses(
        (status = 200, description = "The JSON Schema (draft 2020-12).", content_type = "application/json"),
        (status = 404, description = "No schema of that name.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn schema(Path(name): Path<String>) -> Response {
    let schema = match name.as_str() {
        "inspection" => spur_core::schema::inspection(),
        "catalog" => spur_core::schema::catalog(),
        "grading" => Grading::json_schema(),
        "followup" => spur_followup::FollowUp::json_schema(),
        _ => {
            return Problems::parameter(
                "path.name",
                format!("no schema named `{name}`"),
                Some("use inspection, catalog, grading or followup".into()),
            )
            .into_response_with(StatusCode::NOT_FOUND);
        }
    };
    json_bytes(schema.into_bytes())
}

/// Check an inspection document and report every problem, with file (`request`), line and
/// column.
#[utoipa::path(post, path = "/v1/validate", tag = "inspection",
    request_body(description = "The inspection document, as JSON or TOML (see Content-Type).", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "No errors (there may be warnings).", body = ref("#/components/schemas/Validation")),
        (status = 400, description = "Not a readable document (syntax, encoding, content type, empty).", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors: every error, located.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn validate(
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Document { warnings, .. } = read_document(&headers, body)?;
    let count = warnings.len();
    let mut r = Json(Validation {
        valid: true,
        errors: Vec::new(),
        warnings,
    })
    .into_response();
    set_warning_count(&mut r, count);
    Ok(r)
}

/// Grade every area A–H under each regulation the unit trains under, with the reasons: the
/// grading JSON of `docs/grading-json.md`.
#[utoipa::path(post, path = "/v1/grade", tag = "inspection",
    params(("tolerance" = Option<usize>, Query, description = "Unmet kvalitetsindikatorer an area may have and still get A (default 1).")),
    request_body(description = "The inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "The grading. Header `x-spur-warnings` counts the document's warnings.", body = ref("#/components/schemas/Grading")),
        (status = 400, description = "Not a readable document, or a bad query parameter.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn grade(
    q: Result<Query<GradeQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let settings = settings(q.tolerance.as_deref())?;
    let Document { doc, warnings } = read_document(&headers, body)?;
    let grading = spur_grading::grade(&doc, Catalog::embedded(), &settings);
    let mut r = Json(grading).into_response();
    warnings_header(&mut r, &warnings);
    Ok(r)
}

fn report_format(f: Option<&str>) -> Result<ReportFormat, ApiError> {
    match f {
        None | Some("") => Ok(ReportFormat::Html),
        Some(f) => f.parse().map_err(|e: spur_report::Error| {
            ApiError::bad_request(Problems::parameter("query.format", e.to_string(), None))
        }),
    }
}

fn plan_format(f: Option<&str>) -> Result<PlanFormat, ApiError> {
    match f {
        None | Some("") => Ok(PlanFormat::Markdown),
        Some(f) => f.parse().map_err(|e: spur_report::Error| {
            ApiError::bad_request(Problems::parameter("query.format", e.to_string(), None))
        }),
    }
}

fn report_content_type(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Markdown => "text/markdown; charset=utf-8",
        ReportFormat::Html => "text/html; charset=utf-8",
        ReportFormat::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        ReportFormat::Json => JSON,
    }
}

fn plan_content_type(f: PlanFormat) -> &'static str {
    match f {
        PlanFormat::Markdown => "text/markdown; charset=utf-8",
        PlanFormat::Html => "text/html; charset=utf-8",
        PlanFormat::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        PlanFormat::Csv => "text/csv; charset=utf-8",
        PlanFormat::Toml => "application/toml; charset=utf-8",
    }
}

/// The SPUR report of the graded inspection, as a download.
#[utoipa::path(post, path = "/v1/report", tag = "documents",
    params(
        ("format" = Option<String>, Query, description = "`html` (default), `md`, `docx` or `json`."),
        ("lang" = Option<String>, Query, description = "`sv` (default) or `en`."),
        ("tolerance" = Option<usize>, Query, description = "Grading tolerance (default 1)."),
    ),
    request_body(description = "The inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "The report (`Content-Disposition: attachment`).", content(
            ("text/html"), ("text/markdown"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("application/json"),
        )),
        (status = 400, description = "Not a readable document, or an unknown format/lang.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn report(
    q: Result<Query<RenderQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let format = report_format(q.format.as_deref())?;
    let lang = lang(q.lang.as_deref())?;
    let settings = settings(q.tolerance.as_deref())?;
    let Document { doc, warnings } = read_document(&headers, body)?;
    let bytes = blocking(move || {
        let catalog = Catalog::embedded();
        let grading = spur_grading::grade(&doc, catalog, &settings);
        spur_report::render_report(&doc, &grading, catalog, format, lang).map_err(|e| e.to_string())
    })
    .await?;
    let name = format!("spur-rapport.{}", format.extension());
    Ok(file(bytes, report_content_type(format), name, &warnings))
}

/// The handlingsplan template: one entry per brist for the unit to fill in, as a download.
#[utoipa::path(post, path = "/v1/handlingsplan", tag = "documents",
    params(
        ("format" = Option<String>, Query, description = "`md` (default), `html`, `docx`, `csv` or `toml`."),
        ("lang" = Option<String>, Query, description = "`sv` (default) or `en`."),
        ("tolerance" = Option<usize>, Query, description = "Grading tolerance (default 1)."),
    ),
    request_body(description = "The inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "The template (`Content-Disposition: attachment`).", content(
            ("text/markdown"), ("text/html"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("text/csv"), ("application/toml"),
        )),
        (status = 400, description = "Not a readable document, or an unknown format/lang.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn handlingsplan(
    q: Result<Query<RenderQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let format = plan_format(q.format.as_deref())?;
    let lang = lang(q.lang.as_deref())?;
    let settings = settings(q.tolerance.as_deref())?;
    let Document { doc, warnings } = read_document(&headers, body)?;
    let bytes = blocking(move || {
        let catalog = Catalog::embedded();
        let grading = spur_grading::grade(&doc, catalog, &settings);
        spur_report::render_handlingsplan(&doc, &grading, catalog, format, lang)
            .map_err(|e| e.to_string())
    })
    .await?;
    let name = format!("handlingsplan.{}", format.extension());
    Ok(file(bytes, plan_content_type(format), name, &warnings))
}

/// Where every handlingsplan entry stands on a date: not yet due, due soon, overdue, done
/// awaiting follow-up, follow-up overdue, closed.
#[utoipa::path(post, path = "/v1/followup", tag = "inspection",
    params(("as_of" = Option<String>, Query, description = "The date, `YYYY-MM-DD`; default today (server's local date).")),
    request_body(description = "The inspection document with its `handlingsplan`, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "The follow-up.", body = ref("#/components/schemas/FollowUp")),
        (status = 400, description = "Not a readable document, or a bad date.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn followup(
    q: Result<Query<FollowupQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let as_of: NaiveDate = match q.as_of.as_deref().map(str::trim) {
        None | Some("") => chrono::Local::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            ApiError::bad_request(Problems::parameter(
                "query.as_of",
                format!("`{d}` is not a valid date"),
                Some("write the date as YYYY-MM-DD, e.g. 2026-03-01".into()),
            ))
        })?,
    };
    let Document { doc, warnings } = read_document(&headers, body)?;
    let mut r = Json(spur_followup::follow_up(&doc, as_of)).into_response();
    warnings_header(&mut r, &warnings);
    Ok(r)
}

/// The same document in the other format: TOML → JSON for programs (and the browser form's
/// import), JSON → TOML for people (the form's export). The document is validated first.
#[utoipa::path(post, path = "/v1/convert", tag = "inspection",
    params(("to" = String, Query, description = "`json` or `toml`.")),
    request_body(description = "The inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "The document in the requested format.", content(
            (ref("#/components/schemas/InspectionDocument") = "application/json"),
            (String = "application/toml"),
        )),
        (status = 400, description = "Not a readable document, or an unknown target format.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn convert(
    q: Result<Query<ConvertQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let to = q.to.as_deref().map(|t| t.trim().to_ascii_lowercase());
    if !matches!(to.as_deref(), Some("json" | "toml")) {
        return Err(ApiError::bad_request(Problems::parameter(
            "query.to",
            format!(
                "unknown target format `{}`: use `json` or `toml`",
                to.unwrap_or_default()
            ),
            None,
        )));
    }
    let Document { doc, warnings } = read_document(&headers, body)?;
    let mut r = if to.as_deref() == Some("toml") {
        let text = to_toml(&doc).map_err(ApiError::internal)?;
        let mut r = (
            [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
            text,
        )
            .into_response();
        r.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"inspektion.toml\""),
        );
        r
    } else {
        json_bytes(doc.to_json().into_bytes())
    };
    warnings_header(&mut r, &warnings);
    Ok(r)
}

/// The document as TOML that reads back to the same document.
pub(crate) fn to_toml(doc: &InspectionDocument) -> Result<String, String> {
    let mut text = String::from("# SPUR inspection document (written by spur-server).\n\n");
    text.push_str(&toml::to_string_pretty(doc).map_err(|e| format!("cannot write TOML: {e}"))?);
    Ok(text)
}

/// Any other path: 404 with a pointer to the API description.
pub(crate) async fn not_found() -> Response {
    Problems::message("no such endpoint; see GET /openapi.json".into())
        .into_response_with(StatusCode::NOT_FOUND)
}
