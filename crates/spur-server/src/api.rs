//! The `/v1` handlers, `/healthz` and `/openapi.json`. Each handler carries its OpenAPI
//! description (`#[utoipa::path]`); the schemas it refers to come from schemars (see
//! [`crate::openapi`]).

use std::sync::OnceLock;

use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use spur_core::{Catalog, Diagnostic};

use spur_core::messages::Msg;

use crate::input::{ApiError, Document, Problems, read_document_in, say};

use crate::request::*;

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
            Ok((bounded(bytes, job, lang)?, graded.diagnostics().0.clone()))
        })
        .await?;
    let mut r = json_bytes(bytes);
    warnings_header(&mut r, &warnings);
    Ok(r)
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
            within_budget(job, size, &document.doc, ext, render_cost(ext), lang)?;
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
            Ok((bounded(bytes, job, lang)?, warnings))
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
                lang,
            )?;
            let graded = document.grade(&settings);
            job.check()?;
            let bytes = spur_report::render_handlingsplan(&graded, format, doc_lang)
                .map_err(render_failed)?;
            Ok((bounded(bytes, job, lang)?, graded.diagnostics().0.clone()))
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
            Ok((bounded(bytes, job, lang)?, warnings))
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
            Ok((bounded(bytes, job, lang)?, warnings))
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

/// Any other path: 404 with a pointer to the API description (in the request's language).
pub(crate) async fn not_found(ProblemLang(lang): ProblemLang) -> Response {
    Problems::message(say(lang, Msg::ApiNoEndpoint, &[])).into_response_with(StatusCode::NOT_FOUND)
}
