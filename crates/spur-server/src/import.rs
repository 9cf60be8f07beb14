//! `POST /v1/handlingsplan/import`: the unit's filled handlingsplan template merged into the
//! inspection document — the same as `spur handlingsplan import` (crate `spur-import`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{Code, Diagnostic, Format, InspectionDocument, Lang};
use spur_grading::{Grading, Settings};
use spur_import::{FilledFormat, Options, Severity};

use crate::request::{Begun, DefaultLang, LangQuery, begin_with};
use spur_core::messages::Msg;

use crate::input::{ApiError, Library, Problems, json_request, say};
use crate::work::Work;

/// A document given either as its text (TOML, JSON, CSV) or, for JSON, as the value itself.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub(crate) enum TextOrJson {
    /// The file's text.
    Text(String),
    /// A JSON value (the document itself).
    Json(serde_json::Value),
}

/// The body of `POST /v1/handlingsplan/import` (always `application/json`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportRequest {
    /// The inspection document: its TOML or JSON text, or the JSON document itself.
    inspection: TextOrJson,
    /// `toml` or `json`; recognised from the content when absent.
    #[serde(default)]
    inspection_format: Option<String>,
    /// The unit's filled file as text (CSV, TOML, JSON), or the JSON itself. Give either this or
    /// `filled_base64`.
    #[serde(default)]
    filled: Option<TextOrJson>,
    /// The unit's filled file as base64 (DOCX, XLSX; any format works).
    #[serde(default)]
    filled_base64: Option<String>,
    /// `docx`, `csv`, `xlsx`, `toml` or `json`; recognised from the content when absent.
    #[serde(default)]
    filled_format: Option<String>,
    /// The date the plan was received, `YYYY-MM-DD` (default: the date in the unit's file, the
    /// inspection's, or today).
    #[serde(default)]
    received: Option<String>,
    /// Take the unit's value where it conflicts with the inspection's.
    #[serde(default)]
    force: bool,
    /// Grading tolerance (default 1).
    #[serde(default)]
    tolerance: Option<usize>,
}

/// A problem in the unit's file, located there.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ImportProblem {
    /// `error` or `warning`.
    severity: &'static str,
    /// Where in the unit's file: `table 2 (D.F6), row "Datum för uppföljning"`, `row 3, column
    /// G (…)`, `line 12, column 7`, `/handlingsplan/entries/0/due`.
    location: String,
    /// What is wrong.
    message: String,
}

/// A field the inspection and the unit both filled, differently.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ImportConflict {
    /// The entry's criterion.
    criterion: String,
    /// The field (`due`, `received`, …).
    field: &'static str,
    /// What the inspection holds.
    inspection: String,
    /// What the unit wrote.
    unit: String,
    /// Where the unit wrote it.
    location: String,
    /// Whether the unit's value was taken (`force`).
    taken: bool,
}

/// A grade that changed with the import.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct GradeChange {
    /// The area letter.
    area: String,
    /// The regulation.
    regulation: String,
    /// The grade before (`D`, `D→C`, `B–D`, `–`).
    before: String,
    /// The grade after.
    after: String,
}

/// The answer of `POST /v1/handlingsplan/import`.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ImportResult {
    /// The merged inspection document.
    document: InspectionDocument,
    /// The merged document as text in the inspection's format (TOML keeps its comments).
    output: String,
    /// `toml` or `json`: the format of `output`.
    output_format: &'static str,
    /// Warnings found in the unit's file (errors make the answer 422).
    problems: Vec<ImportProblem>,
    /// Fields both filled differently.
    conflicts: Vec<ImportConflict>,
    /// Entries added or changed, by criterion.
    merged: Vec<String>,
    /// Grades that changed (D→C where the plan is now complete).
    changes: Vec<GradeChange>,
    /// The grading after the import.
    grading: Grading,
    /// The summary `spur handlingsplan import` prints.
    summary: String,
}

fn bad(path: &str, message: String, hint: Option<String>) -> ApiError {
    ApiError::bad_request(Problems::parameter(path, message, hint))
}

fn text_of(v: TextOrJson) -> String {
    match v {
        TextOrJson::Text(s) => s,
        TextOrJson::Json(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
    }
}

/// A problem of the unit's file as a diagnostic of the answer: its message in `lang`, `path` its
/// location there (the same in every language, as a diagnostic's path is).
pub(crate) fn diagnostic(p: &spur_import::Problem, lang: Lang) -> Diagnostic {
    let code = if p.phrase() == Some(Msg::ImportNotADate) {
        Code::BadDate
    } else {
        Code::InvalidValue
    };
    let message = p.clone().localized(lang).message;
    let mut d = Diagnostic::error(code, p.location.clone(), message);
    if p.severity == Severity::Warning {
        d.severity = spur_core::Severity::Warning;
    }
    d
}

/// Merge the handlingsplan the unit filled in — the template as DOCX, CSV, XLSX, TOML or JSON
/// (or the inspection document itself with its `handlingsplan`) — into the inspection document
/// and grade again: the same as `spur handlingsplan import`. Nothing the inspection holds is
/// dropped; fields both filled differently are listed as conflicts and keep the inspection's
/// value unless `force`.
#[utoipa::path(post, path = "/v1/handlingsplan/import", tag = "documents",
    params(("lang" = Option<String>, Query, description = "`sv` or `en`: the language of the inspection document's problems (the unit's file's problems are English). Default: the server's `--lang`, else `en`.")),
    request_body(description = "The inspection document and the unit's filled file (binary formats as base64).",
        content((ref("#/components/schemas/ImportRequest") = "application/json"))),
    responses(
        (status = 200, description = "The merged document, the located warnings, the conflicts and the regrade.", body = ref("#/components/schemas/ImportResult")),
        (status = 400, description = "Not a readable request (JSON, base64, format names, date).", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 415, description = "The body is not `application/json`.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "The inspection document has errors (located in `inspection`), or the unit's file has errors (each located in that file, as `path`); nothing was merged.", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn import(
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(Library(library)): Extension<Library>,
    q: Result<Query<LangQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Begun {
        lang,
        upload: bytes,
        ..
    } = begin_with(q, server_lang, |lang| {
        json_request(
            &headers,
            body,
            (Msg::ApiImportJson, Msg::ApiImportJsonHint),
            lang,
        )
    })?;
    let answer = work
        .run(move |job| {
            let request: ImportRequest = serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::bad_request(Problems::body(
                    say(lang, Msg::ApiImportUnreadable, &[("detail", &e)]),
                    Some(say(lang, Msg::ApiImportHint, &[])),
                ))
            })?;
            let answer = run_import(request, lang, &library)?;
            job.check()?;
            Ok(answer)
        })
        .await?;
    Ok(Json(answer).into_response())
}

fn run_import(
    request: ImportRequest,
    lang: Lang,
    library: &spur_core::CatalogLibrary,
) -> Result<ImportResult, ApiError> {
    let inspection_is_value = matches!(request.inspection, TextOrJson::Json(_));
    let source = text_of(request.inspection);
    let format = match request.inspection_format.as_deref().map(str::trim) {
        None | Some("") if inspection_is_value => Format::Json,
        None | Some("") => Format::sniff(&source),
        Some(f) if f.eq_ignore_ascii_case("toml") => Format::Toml,
        Some(f) if f.eq_ignore_ascii_case("json") => Format::Json,
        Some(f) => {
            return Err(bad(
                "body.inspection_format",
                say(lang, Msg::ApiInspectionFormat, &[("format", &f)]),
                None,
            ));
        }
    };
    let filled: Vec<u8> = match (request.filled, request.filled_base64) {
        (Some(f), None) => text_of(f).into_bytes(),
        (None, Some(b64)) => {
            let clean: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(clean.as_bytes())
                .map_err(|e| {
                    bad(
                        "body.filled_base64",
                        say(lang, Msg::ApiNotBase64, &[("detail", &e)]),
                        None,
                    )
                })?
        }
        _ => {
            return Err(bad(
                "body.filled",
                say(lang, Msg::ApiFilledOnce, &[]),
                Some(say(lang, Msg::ApiFilledHint, &[])),
            ));
        }
    };
    let filled_format = match request.filled_format.as_deref().map(str::trim) {
        None | Some("") => FilledFormat::sniff(&filled),
        Some(f) => f.parse::<FilledFormat>().map_err(|_| {
            bad(
                "body.filled_format",
                say(lang, Msg::ImportUnknownFormat, &[("format", &f)]),
                None,
            )
        })?,
    };
    let received = match request.received.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(spur_core::parse_date(d).ok_or_else(|| {
            bad(
                "body.received",
                say(lang, Msg::ApiNotADate, &[("value", &d)]),
                Some(say(lang, Msg::ApiDateHint, &[])),
            )
        })?),
    };
    let options = Options {
        received,
        force: request.force,
        settings: request
            .tolerance
            .map(Settings::with_tolerance)
            .unwrap_or_default(),
    };
    let outcome =
        spur_import::import_in(&source, format, &filled, filled_format, library, &options)
            .map_err(|e| match e {
                spur_import::Error::Inspection(mut d) => {
                    d.localize(lang);
                    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                        d.0.into_iter().partition(Diagnostic::is_error);
                    ApiError::document_has_errors(errors, warnings, lang)
                }
                spur_import::Error::Problems(problems) => {
                    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = problems
                        .iter()
                        .map(|p| diagnostic(p, lang))
                        .partition(Diagnostic::is_error);
                    ApiError {
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        problems: Problems::capped(
                            say(
                                lang,
                                Msg::ApiImportErrors,
                                &[("format", &filled_format.name()), ("count", &errors.len())],
                            ),
                            errors,
                            warnings,
                            lang,
                        ),
                    }
                }
                spur_import::Error::Unreadable { .. } => ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    problems: Problems::body(e.render(lang), None),
                },
                other => ApiError::internal(other.to_string()),
            })?;
    let summary = spur_import::summary_in(&outcome, lang);
    Ok(ImportResult {
        output_format: match format {
            Format::Toml => "toml",
            Format::Json => "json",
        },
        problems: outcome
            .problems
            .iter()
            .map(|p| ImportProblem {
                severity: match p.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                // The location stays as the importer names it (a stable path, as the
                // diagnostics' is); the message follows the language.
                location: p.location.clone(),
                message: p.clone().localized(lang).message,
            })
            .collect(),
        conflicts: outcome
            .conflicts
            .iter()
            .map(|c| ImportConflict {
                criterion: c.criterion.to_string(),
                field: c.field,
                inspection: c.inspection.clone(),
                unit: c.unit.clone(),
                location: c.location.clone(),
                taken: c.taken,
            })
            .collect(),
        merged: outcome.merged.iter().map(ToString::to_string).collect(),
        changes: outcome
            .changes
            .iter()
            .map(|c| GradeChange {
                area: c.area.to_string(),
                regulation: c.regulation.to_string(),
                before: c.before.clone(),
                after: c.after.clone(),
            })
            .collect(),
        summary,
        output: outcome.output,
        document: outcome.document,
        grading: outcome.grading,
    })
}
