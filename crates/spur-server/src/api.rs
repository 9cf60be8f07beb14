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
use spur_grading::Settings;
use spur_report::{Lang, PlanFormat, ReportFormat};

use spur_core::messages::Msg;

use crate::input::{ApiError, Document, Library, Problems, Upload, read_document_in, say, upload};
use crate::work::{Job, Work};

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

/// Query of `/v1/validate`.
#[derive(Debug, Deserialize)]
pub(crate) struct LangQuery {
    pub(crate) lang: Option<String>,
}

/// Query of `/v1/grade`.
#[derive(Debug, Deserialize)]
pub(crate) struct GradeQuery {
    pub(crate) tolerance: Option<String>,
    pub(crate) lang: Option<String>,
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
    lang: Option<String>,
}

/// Query of `/v1/convert`.
#[derive(Debug, Deserialize)]
pub(crate) struct ConvertQuery {
    to: Option<String>,
    lang: Option<String>,
}

/// The query, or 400 in `lang` (the default language: an unreadable query has no `lang`).
pub(crate) fn query<T>(q: Result<Query<T>, QueryRejection>, lang: Lang) -> Result<T, ApiError> {
    q.map(|Query(q)| q).map_err(|e| {
        ApiError::bad_request(Problems::parameter(
            "query",
            say(lang, Msg::ApiBadQuery, &[("detail", &e.body_text())]),
            None,
        ))
    })
}

/// The largest `tolerance` a query may give (the OpenAPI document's `int32` maximum).
pub(crate) const MAX_TOLERANCE: usize = i32::MAX as usize;

pub(crate) fn settings(tolerance: Option<&str>, lang: Lang) -> Result<Settings, ApiError> {
    match tolerance.map(str::trim) {
        None | Some("") => Ok(Settings::default()),
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|t| *t <= MAX_TOLERANCE)
            .map(Settings::with_tolerance)
            .ok_or_else(|| {
                let values: [(&'static str, &dyn std::fmt::Display); 4] = [
                    ("name", &"tolerance"),
                    ("min", &0),
                    ("max", &MAX_TOLERANCE),
                    ("value", &t),
                ];
                ApiError::bad_request(Problems::parameter(
                    "query.tolerance",
                    say(lang, Msg::ApiWholeNumber, &values),
                    Some(say(lang, Msg::ApiToleranceHint, &[])),
                ))
            }),
    }
}

/// The language of answers to requests without `lang`: `spur serve --lang`, if given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DefaultLang(pub Option<Lang>);

impl DefaultLang {
    /// The language of problems when the request names none (or a bad one): the server's
    /// `--lang`, else English.
    pub(crate) fn problems(self) -> Lang {
        self.0.unwrap_or(Lang::En)
    }
}

/// The language of problems of a handler whose query has no `lang` of its own: `?lang=` if it
/// is `sv` or `en`, else the server's `--lang`, else English. Never refuses the request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProblemLang(pub Lang);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ProblemLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let server = parts.extensions.get::<DefaultLang>().copied();
        Ok(ProblemLang(problem_lang(
            &parts.uri,
            server.unwrap_or(DefaultLang(None)),
        )))
    }
}

/// See [`ProblemLang`].
pub(crate) fn problem_lang(uri: &axum::http::Uri, server: DefaultLang) -> Lang {
    Query::<LangQuery>::try_from_uri(uri)
        .ok()
        .and_then(|Query(q)| q.lang)
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| server.problems())
}

/// The `lang` query parameter: `sv` or `en`; without it the server's `--lang`, else
/// `endpoint` (English, or Swedish for the report and the template). A bad value is 400.
pub(crate) fn lang(
    lang: Option<&str>,
    server: DefaultLang,
    endpoint: Lang,
) -> Result<Lang, ApiError> {
    match lang.map(str::trim) {
        None | Some("") => Ok(server.0.unwrap_or(endpoint)),
        // A bad `lang` is answered in the default language.
        Some(l) => l.parse().map_err(|_: spur_core::UnknownLang| {
            ApiError::bad_request(Problems::parameter(
                "query.lang",
                say(server.problems(), Msg::ApiUnknownLang, &[("lang", &l)]),
                None,
            ))
        }),
    }
}

/// A query with the `lang` parameter.
pub(crate) trait LangParam {
    /// The `lang` value as given.
    fn lang_param(&self) -> Option<&str>;
}

macro_rules! lang_param {
    ($($t:ty),*) => {$(
        impl LangParam for $t {
            fn lang_param(&self) -> Option<&str> {
                self.lang.as_deref()
            }
        }
    )*};
}
lang_param!(
    LangQuery,
    GradeQuery,
    RenderQuery,
    FollowupQuery,
    ConvertQuery
);

/// What every handler that reads a document starts with: the query (400 if unreadable), the
/// language of problems (`lang`, else the server's `--lang`, else English) and the body (as an
/// [`Upload`] by [`begin`], 413, 415 or 400 as [`upload`] decides), checked in that order.
pub(crate) struct Begun<Q, B = Upload> {
    pub q: Q,
    /// The language of problems.
    pub lang: Lang,
    /// The body.
    pub upload: B,
    given_lang: bool,
    server: DefaultLang,
}

impl<Q, B> Begun<Q, B> {
    /// The language of a rendered document: `lang` if given, else the server's `--lang`, else
    /// Swedish.
    pub fn doc_lang(&self) -> Lang {
        if self.given_lang {
            self.lang
        } else {
            self.server.0.unwrap_or(Lang::Sv)
        }
    }
}

/// The extractor every stateless document handler (`/v1/validate`, `/v1/grade`, `/v1/report`,
/// `/v1/handlingsplan`, `/v1/followup`, `/v1/convert`) shares: the work pool, the catalog
/// library and [`Begun`] — the query (400), the language of problems and the body (413, 415,
/// 400), read in that order by [`begin`]. One place for what each handler used to extract.
pub(crate) struct DocumentRequest<Q> {
    /// The work pool documents are read and rendered on.
    pub work: Work,
    /// The server's catalogs and indicator sets.
    pub library: std::sync::Arc<spur_core::CatalogLibrary>,
    /// The query, the language and the document.
    pub begun: Begun<Q>,
}

impl<S, Q> axum::extract::FromRequest<S> for DocumentRequest<Q>
where
    S: Send + Sync,
    Q: serde::de::DeserializeOwned + LangParam + Send,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        use axum::extract::FromRequestParts;
        let (mut parts, body) = req.into_parts();
        let missing = |what: &str| ApiError::internal(format!("the server has no {what}"));
        let work = parts
            .extensions
            .get::<Work>()
            .cloned()
            .ok_or_else(|| missing("work pool"))?;
        let server_lang = parts
            .extensions
            .get::<DefaultLang>()
            .copied()
            .ok_or_else(|| missing("default language"))?;
        let Library(library) = parts
            .extensions
            .get::<Library>()
            .cloned()
            .ok_or_else(|| missing("catalog library"))?;
        let q = Query::<Q>::from_request_parts(&mut parts, state).await;
        let headers = parts.headers.clone();
        let body =
            Bytes::from_request(axum::extract::Request::from_parts(parts, body), state).await;
        let begun = begin(q, server_lang, &headers, body)?;
        Ok(DocumentRequest {
            work,
            library,
            begun,
        })
    }
}

/// See [`Begun`]: the body is an inspection document, JSON or TOML.
pub(crate) fn begin<Q: LangParam>(
    q: Result<Query<Q>, QueryRejection>,
    server: DefaultLang,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Begun<Q>, ApiError> {
    begin_with(q, server, |lang| upload(headers, body, lang))
}

/// See [`Begun`]: the body is taken by `take_body` (problems in the language given) once query
/// and language are read.
pub(crate) fn begin_with<Q: LangParam, B>(
    q: Result<Query<Q>, QueryRejection>,
    server: DefaultLang,
    take_body: impl FnOnce(Lang) -> Result<B, ApiError>,
) -> Result<Begun<Q, B>, ApiError> {
    let q = query(q, server.problems())?;
    let given = q.lang_param().map(str::trim).filter(|l| !l.is_empty());
    let lang = lang(given, server, Lang::En)?;
    Ok(Begun {
        given_lang: given.is_some(),
        lang,
        upload: take_body(lang)?,
        q,
        server,
    })
}

/// The OpenAPI text of the `lang` parameter.
const LANG_DOC: &str = "Language of messages and hints in problems (and of the words of the answer): `sv` or `en`. Default: the server's `--lang`, else `en`.";

pub(crate) fn warnings_header(response: &mut Response, warnings: &[Diagnostic]) {
    set_warning_count(response, warnings.len());
}

fn set_warning_count(response: &mut Response, count: usize) {
    response
        .headers_mut()
        .insert("x-spur-warnings", HeaderValue::from(count));
}

/// A downloadable file: content type, `Content-Disposition: attachment` and the warning count.
pub(crate) fn file(
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

/// A rendered answer over the answer size limit: 413.
pub(crate) fn bounded(bytes: Vec<u8>, job: &Job) -> Result<Vec<u8>, ApiError> {
    if bytes.len() > job.max_answer() {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::message(format!(
                "the answer would be {} bytes, over the limit of {} bytes (`spur serve --max-answer`)",
                bytes.len(),
                job.max_answer()
            )),
        });
    }
    Ok(bytes)
}

/// The memory a rendering of `doc` needs, estimated from its text: every user string costs its
/// bytes times `per_byte` plus `per_item` (the renderer's node for it), measured per format (see
/// docs/security.md). Refused with 413 before rendering when over the request's budget.
pub(crate) fn within_budget(
    job: &Job,
    body_len: usize,
    doc: &InspectionDocument,
    format: &str,
    (per_item, per_byte): (usize, usize),
) -> Result<(), ApiError> {
    let (items, bytes) = text_size(doc);
    let need = items
        .saturating_mul(per_item)
        .saturating_add(bytes.saturating_mul(per_byte));
    let budget = job.budget(body_len).max(render_floor(format));
    if need > budget {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::message(format!(
                "rendering this document as {format} would take about {} MB of memory ({items} texts), over the budget of {} MB per request ({} × the body, `spur serve --memory-factor`); send fewer or longer texts, or another format",
                need.div_ceil(1 << 20),
                budget / (1 << 20),
                budget / body_len.max(64 * 1024),
            )),
        });
    }
    Ok(())
}

/// How many strings a document holds and their total length.
fn text_size(doc: &InspectionDocument) -> (usize, usize) {
    fn walk(v: &serde_json::Value, acc: &mut (usize, usize)) {
        match v {
            serde_json::Value::String(s) => {
                acc.0 += 1;
                acc.1 += s.len();
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, acc)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, v)| {
                acc.1 += k.len();
                walk(v, acc);
            }),
            _ => acc.0 += 1,
        }
    }
    let mut acc = (0, 0);
    if let Ok(v) = serde_json::to_value(doc) {
        walk(&v, &mut acc);
    }
    acc
}

/// Memory per text and per byte of text, by output format. PDF measured with
/// `examples/pdf_cost.rs` (docs/security.md): typst takes about 25 KB per text and 200–870 bytes
/// per byte of text (most for the unit name, which the title and every page carry).
pub(crate) fn render_cost(format: &str) -> (usize, usize) {
    match format {
        "pdf" => (32 * 1024, 900),
        "docx" => (4096, 64),
        "html" => (1024, 32),
        _ => (512, 16),
    }
}

/// The least memory budget of a rendering, by format: typesetting a PDF has a working set of
/// its own (fonts, layout) whatever the document, so a PDF may take 128 MiB even for a small
/// body; other formats have only the request's budget.
fn render_floor(format: &str) -> usize {
    match format {
        "pdf" => 128 << 20,
        _ => 0,
    }
}

/// A rendering that failed: a report marked final whose document is not finished is the
/// document's problem (422, one error per unfinished item); anything else is a bug (500).
pub(crate) fn render_failed(e: spur_report::Error) -> ApiError {
    match e {
        spur_report::Error::NotFinal(errors) => {
            ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                problems: Problems::capped(
                    "the report is marked final ([report] status = \"final\") but the document is not finished".into(),
                    errors,
                    Vec::new(),
                    // Not a parameter's problem: its message is English, as is the count.
                    Lang::En,
                ),
            }
        }
        other => ApiError::internal(other.to_string()),
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
    let Some(schema) = crate::schema(&name) else {
        return Problems::parameter(
            "path.name",
            format!("no schema named `{name}`"),
            Some(format!("use one of: {}", crate::SCHEMA_NAMES.join(", "))),
        )
        .into_response_with(StatusCode::NOT_FOUND);
    };
    json_bytes(schema.into_bytes())
}

/// Check an inspection document and report every problem, with file (`request`), line and
/// column.
#[utoipa::path(post, path = "/v1/validate", tag = "inspection",
    params(("lang" = Option<String>, Query, description = LANG_DOC)),
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<LangQuery>,
) -> Result<Response, ApiError> {
    let Begun { lang, upload, .. } = begun;
    let (warnings, count) = work
        .run(move |_| {
            let Document { warnings, .. } = read_document_in(&upload, lang, &library)?;
            let count = warnings.len();
            let mut warnings = warnings;
            warnings.truncate(crate::input::MAX_LISTED);
            Ok((warnings, count))
        })
        .await?;
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
    params(
        ("tolerance" = Option<usize>, Query, description = "Unmet kvalitetsindikatorer an area may have and still get A (default 1)."),
        ("lang" = Option<String>, Query, description = LANG_DOC),
    ),
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<GradeQuery>,
) -> Result<Response, ApiError> {
    let Begun {
        q, lang, upload, ..
    } = begun;
    let settings = settings(q.tolerance.as_deref(), lang)?;
    let (bytes, warnings) = work
        .run(move |job| {
            let document = read_document_in(&upload, lang, &library)?;
            job.check()?;
            let graded = document.grade(&settings);
            job.check()?;
            let bytes = serde_json::to_vec(graded.grading())
                .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok((bounded(bytes, job)?, graded.diagnostics().0.clone()))
        })
        .await?;
    let mut r = json_bytes(bytes);
    warnings_header(&mut r, &warnings);
    Ok(r)
}

pub(crate) fn report_format(f: Option<&str>, lang: Lang) -> Result<ReportFormat, ApiError> {
    match f {
        None | Some("") => Ok(ReportFormat::Html),
        Some(f) => f
            .parse()
            .map_err(|e| unknown_format(e, Msg::ApiReportFormat, lang)),
    }
}

pub(crate) fn plan_format(f: Option<&str>, lang: Lang) -> Result<PlanFormat, ApiError> {
    match f {
        None | Some("") => Ok(PlanFormat::Markdown),
        Some(f) => f
            .parse()
            .map_err(|e| unknown_format(e, Msg::ApiPlanFormat, lang)),
    }
}

/// 400 for a `format` that is not one of the choices.
fn unknown_format(e: spur_report::Error, msg: Msg, lang: Lang) -> ApiError {
    let message = match &e {
        spur_report::Error::UnknownFormat { input, choices, .. } => {
            say(lang, msg, &[("input", input), ("choices", choices)])
        }
        other => other.to_string(),
    };
    ApiError::bad_request(Problems::parameter("query.format", message, None))
}

/// The SPUR report of the graded inspection, as a download.
#[utoipa::path(post, path = "/v1/report", tag = "documents",
    params(
        ("format" = Option<String>, Query, description = "`html` (default), `md`, `docx`, `pdf` or `json`."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of the document and of the problems. Default: the server's `--lang`, else `sv` for the document and `en` for the problems."),
        ("tolerance" = Option<usize>, Query, description = "Grading tolerance (default 1)."),
    ),
    request_body(description = "The inspection document, as JSON or TOML; or, as JSON, `{\"inspection\": …, \"previous\": …}` (`ReportRequest`) with the unit's previous inspection: the report then has the section \"Jämfört med föregående inspektion\" (the JSON format the member `previous`).", content(
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<RenderQuery>,
) -> Result<Response, ApiError> {
    // The document is Swedish by default, the problems English (as `spur validate`).
    let doc_lang = begun.doc_lang();
    let Begun {
        q,
        lang,
        upload: body,
        ..
    } = begun;
    let format = report_format(q.format.as_deref(), lang)?;
    let settings = settings(q.tolerance.as_deref(), lang)?;
    let (bytes, warnings) = work
        .run(move |job| {
            let size = body.bytes.len();
            // `{"inspection": …, "previous": …}`: the report with the comparison.
            let (upload, previous) = crate::previous::split_report_body(body, lang)?;
            let document = match previous {
                Some(_) => crate::previous::read_named(&upload, "inspection", lang, &library)?,
                None => read_document_in(&upload, lang, &library)?,
            };
            let previous = previous
                .map(|p| crate::previous::read_named(&p, "previous", lang, &library))
                .transpose()?;
            job.check()?;
            let ext = format.extension();
            within_budget(job, size, &document.doc, ext, render_cost(ext))?;
            let graded = document.grade(&settings);
            let previous = previous.map(|p| p.grade(&settings));
            let comparison = previous
                .as_ref()
                .map(|p| crate::previous::comparison(p, &graded));
            job.check()?;
            let bytes = spur_report::render_report_with_previous(
                &graded,
                format,
                doc_lang,
                comparison.as_ref(),
            )
            .map_err(render_failed)?;
            let mut warnings = graded.diagnostics().0.clone();
            if let Some(p) = previous {
                warnings.extend(p.diagnostics().0.iter().cloned());
            }
            Ok((bounded(bytes, job)?, warnings))
        })
        .await?;
    let name = format!("spur-rapport.{}", format.extension());
    Ok(file(bytes, format.media_type(), name, &warnings))
}

/// The handlingsplan template: one entry per brist for the unit to fill in, as a download.
#[utoipa::path(post, path = "/v1/handlingsplan", tag = "documents",
    params(
        ("format" = Option<String>, Query, description = "`md` (default), `html`, `docx`, `pdf`, `csv`, `toml` or `xlsx`."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of the document and of the problems. Default: the server's `--lang`, else `sv` for the document and `en` for the problems."),
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<RenderQuery>,
) -> Result<Response, ApiError> {
    // The document is Swedish by default, the problems English (as `spur validate`).
    let doc_lang = begun.doc_lang();
    let Begun {
        q, lang, upload, ..
    } = begun;
    let format = plan_format(q.format.as_deref(), lang)?;
    let settings = settings(q.tolerance.as_deref(), lang)?;
    let (bytes, warnings) = work
        .run(move |job| {
            let document = read_document_in(&upload, lang, &library)?;
            job.check()?;
            let ext = format.extension();
            within_budget(
                job,
                upload.bytes.len(),
                &document.doc,
                ext,
                render_cost(ext),
            )?;
            let graded = document.grade(&settings);
            job.check()?;
            let bytes = spur_report::render_handlingsplan(&graded, format, doc_lang)
                .map_err(render_failed)?;
            Ok((bounded(bytes, job)?, graded.diagnostics().0.clone()))
        })
        .await?;
    let name = format!("handlingsplan.{}", format.extension());
    Ok(file(bytes, format.media_type(), name, &warnings))
}

/// Where every handlingsplan entry stands on a date: not yet due, due soon, overdue, done
/// awaiting follow-up, follow-up overdue, closed.
#[utoipa::path(post, path = "/v1/followup", tag = "inspection",
    params(
        ("as_of" = Option<String>, Query, description = "The date, `YYYY-MM-DD`; default today (server's local date)."),
        ("lang" = Option<String>, Query, description = LANG_DOC),
    ),
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<FollowupQuery>,
) -> Result<Response, ApiError> {
    let Begun {
        q, lang, upload, ..
    } = begun;
    let as_of: NaiveDate = match q.as_of.as_deref().map(str::trim) {
        None | Some("") => chrono::Local::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            ApiError::bad_request(Problems::parameter(
                "query.as_of",
                say(lang, Msg::ApiNotADate, &[("value", &d)]),
                Some(say(lang, Msg::ApiDateHint, &[])),
            ))
        })?,
    };
    let (bytes, warnings) = work
        .run(move |job| {
            let Document { doc, warnings, .. } = read_document_in(&upload, lang, &library)?;
            job.check()?;
            let bytes = serde_json::to_vec(&spur_followup::follow_up(&doc, as_of))
                .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok((bounded(bytes, job)?, warnings))
        })
        .await?;
    let mut r = json_bytes(bytes);
    warnings_header(&mut r, &warnings);
    Ok(r)
}

/// The same document in the other format: TOML → JSON for programs (and the browser form's
/// import), JSON → TOML for people (the form's export). The document is validated first.
#[utoipa::path(post, path = "/v1/convert", tag = "inspection",
    params(
        ("to" = String, Query, description = "`json` or `toml`."),
        ("lang" = Option<String>, Query, description = LANG_DOC),
    ),
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
    DocumentRequest {
        work,
        library,
        begun,
    }: DocumentRequest<ConvertQuery>,
) -> Result<Response, ApiError> {
    let Begun {
        q, lang, upload, ..
    } = begun;
    let to = q.to.as_deref().map(|t| t.trim().to_ascii_lowercase());
    if !matches!(to.as_deref(), Some("json" | "toml")) {
        return Err(ApiError::bad_request(Problems::parameter(
            "query.to",
            say(lang, Msg::ApiConvertTo, &[("to", &to.unwrap_or_default())]),
            None,
        )));
    }
    let toml = to.as_deref() == Some("toml");
    let (bytes, warnings) = work
        .run(move |job| {
            let Document { doc, warnings, .. } = read_document_in(&upload, lang, &library)?;
            job.check()?;
            let bytes = if toml {
                to_toml(&doc).map_err(ApiError::internal)?.into_bytes()
            } else {
                doc.to_json().into_bytes()
            };
            Ok((bounded(bytes, job)?, warnings))
        })
        .await?;
    let mut r = if toml {
        let mut r = (
            [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
            bytes,
        )
            .into_response();
        r.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"inspektion.toml\""),
        );
        r
    } else {
        json_bytes(bytes)
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
