//! What every `/v1` handler does with its request before the work: the language of the
//! answer and of its problems (`?lang=`, the server's `--lang`), the query parameters, the
//! uploaded document read and checked ([`begin`], [`Begun`]), the grading settings, and the
//! answer's pieces shared by the handlers (the warnings header, file downloads, the render
//! budget, the format parameters). A leaf of the crate's modules: handlers depend on it,
//! never the other way round.

use axum::body::Bytes;
use axum::extract::Query;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use spur_core::{Diagnostic, InspectionDocument};
use spur_grading::Settings;
use spur_report::{Lang, PlanFormat, ReportFormat};

use spur_core::messages::Msg;

use crate::input::{ApiError, Library, Problems, Upload, say, upload};
use crate::work::{Job, Work};

pub(crate) const JSON: &str = "application/json";

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
    pub(crate) format: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) tolerance: Option<String>,
}

/// Query of `/v1/followup`.
#[derive(Debug, Deserialize)]
pub(crate) struct FollowupQuery {
    pub(crate) as_of: Option<String>,
    pub(crate) lang: Option<String>,
}

/// Query of `/v1/convert`.
#[derive(Debug, Deserialize)]
pub(crate) struct ConvertQuery {
    pub(crate) to: Option<String>,
    pub(crate) lang: Option<String>,
}

/// The JSON body, or 400 in `lang` (the web framework's own words kept, in English).
pub(crate) fn json_body<T>(
    body: Result<axum::Json<T>, axum::extract::rejection::JsonRejection>,
    lang: Lang,
) -> Result<T, ApiError> {
    body.map(|axum::Json(v)| v).map_err(|e| {
        ApiError::bad_request(Problems::body(
            say(lang, Msg::ApiJsonBody, &[("detail", &e.body_text())]),
            None,
        ))
    })
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
pub(crate) const LANG_DOC: &str = "Language of messages and hints in problems (and of the words of the answer): `sv` or `en`. Default: the server's `--lang`, else `en`.";

pub(crate) fn warnings_header(response: &mut Response, warnings: &[Diagnostic]) {
    set_warning_count(response, warnings.len());
}

pub(crate) fn set_warning_count(response: &mut Response, count: usize) {
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

pub(crate) fn json_bytes(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], bytes).into_response()
}

/// A rendered answer over the answer size limit: 413.
pub(crate) fn bounded(bytes: Vec<u8>, job: &Job, lang: Lang) -> Result<Vec<u8>, ApiError> {
    if bytes.len() > job.max_answer() {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::message(say(
                lang,
                Msg::ApiAnswerTooLarge,
                &[
                    ("size", &bytes.len().to_string()),
                    ("max", &job.max_answer().to_string()),
                ],
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
    lang: Lang,
) -> Result<(), ApiError> {
    let (items, bytes) = text_size(doc);
    let need = items
        .saturating_mul(per_item)
        .saturating_add(bytes.saturating_mul(per_byte));
    let budget = job.budget(body_len).max(render_floor(format));
    if need > budget {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::message(say(
                lang,
                Msg::ApiRenderBudget,
                &[
                    ("format", &format),
                    ("need", &need.div_ceil(1 << 20).to_string()),
                    ("items", &items.to_string()),
                    ("budget", &(budget / (1 << 20)).to_string()),
                    ("factor", &(budget / body_len.max(64 * 1024)).to_string()),
                ],
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

/// The document as TOML that reads back to the same document.
pub(crate) fn to_toml(doc: &InspectionDocument) -> Result<String, String> {
    let mut text = String::from("# SPUR inspection document (written by spur-server).\n\n");
    text.push_str(&toml::to_string_pretty(doc).map_err(|e| format!("cannot write TOML: {e}"))?);
    Ok(text)
}
