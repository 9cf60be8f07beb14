//! The unit's previous inspection: `POST /v1/report` with a body `{"inspection": …,
//! "previous": …}` adds the section "Jämfört med föregående inspektion" to the report, and
//! `POST /v1/compare` answers the comparison itself (what `spur compare --format json` prints).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Query};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Deserialize;
use spur_core::{Diagnostic, Format};
use spur_grading::Graded;
use spur_report::Lang;
use spur_report::compare::{Comparison, Side, compare_previous};

use crate::import::TextOrJson;
use crate::request::{Begun, DefaultLang, GradeQuery, begin_with};
use spur_core::messages::Msg;

use crate::input::{
    ApiError, Document, Library, Problems, Upload, json_request, read_document_in, say,
};
use crate::work::Work;

/// The body of `POST /v1/report` with the unit's previous inspection (`application/json`).
/// A JSON body with a member `previous` is read as this; any other body is the inspection
/// document itself.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportRequest {
    /// The inspection document: its TOML or JSON text, or the JSON document itself.
    pub inspection: TextOrJson,
    /// The unit's previous inspection document, the same way.
    pub previous: TextOrJson,
}

/// The body of `POST /v1/compare` (`application/json`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CompareRequest {
    /// The previous inspection document: its TOML or JSON text, or the JSON document itself.
    pub previous: TextOrJson,
    /// The current inspection document, the same way.
    pub current: TextOrJson,
}

/// A document given in a JSON request as an upload of its own.
fn upload_of(v: TextOrJson) -> Upload {
    match v {
        TextOrJson::Text(s) => Upload {
            format: Format::sniff(&s),
            bytes: Bytes::from(s),
        },
        TextOrJson::Json(v) => Upload {
            format: Format::Json,
            bytes: Bytes::from(serde_json::to_vec(&v).unwrap_or_default()),
        },
    }
}

/// The body of `POST /v1/report`: the inspection and, when the body is a [`ReportRequest`],
/// the previous inspection.
pub(crate) fn split_report_body(
    body: Upload,
    lang: Lang,
) -> Result<(Upload, Option<Upload>), ApiError> {
    if body.format != Format::Json {
        return Ok((body, None));
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&body.bytes) else {
        return Ok((body, None));
    };
    if !map.contains_key("previous") {
        return Ok((body, None));
    }
    let request: ReportRequest =
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| {
            ApiError::bad_request(Problems::body(
                say(lang, Msg::ApiReportRequest, &[("detail", &e)]),
                Some(say(lang, Msg::ApiReportRequestHint, &[])),
            ))
        })?;
    Ok((
        upload_of(request.inspection),
        Some(upload_of(request.previous)),
    ))
}

/// Read one document of a request; problems name which one (`previous`, `current`, …).
pub(crate) fn read_named(
    upload: &Upload,
    name: &str,
    lang: Lang,
    library: &spur_core::CatalogLibrary,
) -> Result<Document, ApiError> {
    read_document_in(upload, lang, library).map_err(|mut e| {
        e.problems.message = format!("`{name}`: {}", e.problems.message);
        for d in e
            .problems
            .errors
            .iter_mut()
            .chain(e.problems.warnings.iter_mut())
        {
            d.path = if d.path.is_empty() {
                name.to_string()
            } else {
                format!("{name}.{}", d.path)
            };
        }
        e
    })
}

/// The comparison of the previous inspection with the current one, each graded with the
/// catalog its document chose.
pub(crate) fn comparison(previous: &Graded, current: &Graded) -> Comparison {
    compare_previous(
        &Side::of("previous", previous),
        &Side::of("current", current),
    )
    .0
}

/// Compare two inspections of one unit: per area and regulation the grade then and now
/// (improved / worsened / unchanged), the criteria whose status changed, the brister present in
/// both (kvarstående brister) and the previous handlingsplan's entries whose criterion is still
/// unmet — what `spur compare PREVIOUS CURRENT --format json` prints. Problems with the pair
/// (different units, the previous one not older) are in `warnings`.
#[utoipa::path(post, path = "/v1/compare", tag = "inspection",
    params(
        ("tolerance" = Option<usize>, Query, description = "Unmet kvalitetsindikatorer an area may have and still get A (default 1)."),
        ("lang" = Option<String>, Query, description = "Language of messages and hints in problems: `sv` or `en`. Default: the server's `--lang`, else `en`."),
    ),
    request_body(description = "The two inspection documents.", content(
        (ref("#/components/schemas/CompareRequest") = "application/json"),
    )),
    responses(
        (status = 200, description = "The comparison (`docs/schema/compare.schema.json`). Header `x-spur-warnings` counts both documents' warnings.", body = ref("#/components/schemas/Comparison")),
        (status = 400, description = "Not a readable request or document, or a bad query parameter.", body = ref("#/components/schemas/Problems")),
        (status = 413, description = "The body is over the size limit.", body = ref("#/components/schemas/Problems")),
        (status = 415, description = "Not `application/json`.", body = ref("#/components/schemas/Problems")),
        (status = 422, description = "A document with errors (the problems name `previous` or `current`).", body = ref("#/components/schemas/Problems")),
    ))]
pub(crate) async fn compare(
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(Library(library)): Extension<Library>,
    q: Result<Query<GradeQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Begun {
        q,
        lang,
        upload: body,
        ..
    } = begin_with(q, server_lang, |lang| {
        json_request(
            &headers,
            body,
            (Msg::ApiCompareJson, Msg::ApiCompareJsonHint),
            lang,
        )
    })?;
    let settings = crate::request::settings(q.tolerance.as_deref(), lang)?;
    let (comparison, warnings): (Comparison, Vec<Diagnostic>) = work
        .run(move |job| {
            let request: CompareRequest = serde_json::from_slice(&body).map_err(|e| {
                ApiError::bad_request(Problems::body(
                    say(lang, Msg::ApiCompareUnreadable, &[("detail", &e)]),
                    Some(say(lang, Msg::ApiCompareHint, &[])),
                ))
            })?;
            let previous = read_named(&upload_of(request.previous), "previous", lang, &library)?;
            job.check()?;
            let current = read_named(&upload_of(request.current), "current", lang, &library)?;
            job.check()?;
            let previous = previous.grade(&settings);
            let current = current.grade(&settings);
            let c = comparison(&previous, &current);
            let mut warnings = previous.diagnostics().0.clone();
            warnings.extend(current.diagnostics().0.iter().cloned());
            Ok((c, warnings))
        })
        .await?;
    let mut r = Json(comparison).into_response();
    crate::request::warnings_header(&mut r, &warnings);
    Ok(r)
}
