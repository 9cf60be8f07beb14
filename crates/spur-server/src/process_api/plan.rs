//! The unit's handlingsplan answer: its filled template merged into the head document.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, Path};
use axum::http::StatusCode;
use axum::response::Response;
use schemars::JsonSchema;
use serde::Serialize;
use spur_core::Format;
use spur_store::{Prepared, Store};

use crate::auth::Action;
use crate::caller::{self, Caller};
use crate::input::{ApiError, Library, Problems, say};
use crate::input::{id_of, json_response, store_failed};
use crate::request::ProblemLang;
use crate::work::Work;
use spur_core::Lang;
use spur_core::messages::Msg;

/// What the unit's handlingsplan answer did.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct PlanAnswer {
    /// The new version (authored by the unit).
    version: spur_store::VersionInfo,
    /// Problems found in the unit's file (warnings; errors answer 422).
    problems: Vec<spur_core::Diagnostic>,
    /// Criteria whose entries were added or changed.
    merged: Vec<String>,
    /// Whether every required item now has a complete entry (an inspector can accept it).
    complete: bool,
}

/// The unit's handlingsplan: its filled template (DOCX, XLSX, CSV, TOML or JSON, recognised
/// by content) merged into the head document as a new version authored by the unit.
#[utoipa::path(put, path = "/v1/inspections/{id}/handlingsplan", tag = "process", operation_id = "answer_handlingsplan",
    params(("id" = i64, Path, description = "The inspection's id.")),
    request_body(description = "The unit's filled handlingsplan template.", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Merged as a new version; an inspector accepts it with the transition to `plan_received`.", body = ref("#/components/schemas/PlanAnswer")),
        (status = 404, description = "No such inspection."),
        (status = 422, description = "The unit's file has errors (every one, located); nothing was saved."),
    ))]
#[allow(clippy::too_many_arguments)] // an axum handler: one extractor per argument
pub(crate) async fn answer_plan(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(library): Extension<Library>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let record = match caller::inspection(&store, &caller, Action::AnswerPlan, id, lang).await {
        Ok(r) => r,
        Err(r) => return Ok(r),
    };
    let filled = crate::input::body_bytes(body, lang)?;
    let head = store
        .version(id, Some(record.head_version))
        .await
        .map_err(store_failed(lang))?;
    let lib = library.0.clone();
    let today = chrono::Utc::now().date_naive();
    let (prepared, problems, merged, complete) = work
        .run(move |_| {
            let format = spur_import::FilledFormat::sniff(&filled);
            let options = spur_import::Options {
                received: Some(today),
                ..spur_import::Options::default()
            };
            let outcome =
                spur_import::import_in(&head.toml, Format::Toml, &filled, format, &lib, &options)
                    .map_err(|e| match e {
                    spur_import::Error::Problems(problems) => {
                        let (errors, warnings): (Vec<_>, Vec<_>) = problems
                            .iter()
                            .map(|p| crate::import::diagnostic(p, lang))
                            .partition(spur_core::Diagnostic::is_error);
                        let values: [(&'static str, &dyn std::fmt::Display); 2] =
                            [("format", &format.name()), ("count", &problems.len())];
                        ApiError {
                            status: StatusCode::UNPROCESSABLE_ENTITY,
                            problems: Problems::capped(
                                say(lang, Msg::ApiPlanFileProblems, &values),
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
            let complete = outcome.grading.handlingsplan_received.is_some()
                && outcome
                    .grading
                    .plan_items
                    .iter()
                    .filter(|i| matches!(i.relevance, spur_core::PlanRelevance::Required))
                    .all(|i| i.answered);
            let problems: Vec<spur_core::Diagnostic> = outcome
                .problems
                .iter()
                .map(|p| crate::import::diagnostic(p, lang))
                .collect();
            let merged = outcome.merged.iter().map(ToString::to_string).collect();
            let prepared = Prepared::graded(outcome.document, &outcome.grading)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            Ok::<_, ApiError>((prepared, problems, merged, complete))
        })
        .await?;
    let saved = store
        .save(
            id,
            record.head_version,
            &prepared,
            &caller.0.subject,
            Some("handlingsplan"),
        )
        .await
        .map_err(|e| match e {
            spur_store::Error::Conflict(_) => ApiError {
                status: StatusCode::CONFLICT,
                problems: Problems::message(say(lang, Msg::ApiPlanChanged, &[])),
            },
            e => store_failed(lang)(e),
        })?;
    Ok(json_response(
        StatusCode::OK,
        &PlanAnswer {
            version: saved.version,
            problems,
            merged,
            complete,
        },
    ))
}

/// The body of `POST /v1/inspections/{id}/handlingsplan/return`.
#[derive(Debug, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReturnBody {
    /// Why the plan goes back to the unit (mandatory; the unit reads it).
    reason: String,
}

/// An inspector (or the coordinator) returns the unit's handlingsplan with a reason: the state
/// stays `plan_required`, the unit reads the reason in the record's history and gets a
/// notification (with the plan's deadline); the step is an audit event. The same as
/// `POST …/transitions` with `{"to": "plan_required", "reason": …}` during `plan_required`.
#[utoipa::path(post, path = "/v1/inspections/{id}/handlingsplan/return", tag = "process", operation_id = "return_handlingsplan",
    params(("id" = i64, Path, description = "The inspection's id.")),
    request_body = ref("#/components/schemas/ReturnBody"),
    responses(
        (status = 200, description = "Returned: the record (state `plan_required`, the reason in its history).", body = ref("#/components/schemas/InspectionRecord")),
        (status = 400, description = "The body is not a return."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "Not now (`Refused`): not `plan_required`, or no reason."),
    ))]
pub(crate) async fn return_plan(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(library): Extension<Library>,
    Path(id): Path<String>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
    body: Result<axum::Json<ReturnBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let b = super::json_body(body, lang)?;
    returned(&store, &work, &library, id, &caller, &b.reason, lang).await
}

/// Return the plan of `id` as `caller`, with `reason` (problems in `lang`): when the head document has the plan as
/// received, a new version without the received date is written with the return (the D → C
/// adjustment waits for the next answer).
pub(crate) async fn returned(
    store: &Store,
    work: &Work,
    library: &Library,
    id: i64,
    caller: &Caller,
    reason: &str,
    lang: Lang,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::inspection(
        store,
        caller,
        Action::Transition(spur_store::workflow::State::PlanRequired),
        id,
        lang,
    )
    .await
    {
        return Ok(r);
    }
    let reason = crate::input::clip_text(reason.trim(), 2000);
    for _attempt in 0..3 {
        let record = store.record(id).await.map_err(store_failed(lang))?;
        let mut version = None;
        if record.head_version > 0 {
            let head = store
                .version(id, Some(record.head_version))
                .await
                .map_err(store_failed(lang))?;
            let lib = library.0.clone();
            version = work
                .run(move |_| {
                    let mut doc = head
                        .document()
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    let Some(plan) = doc.handlingsplan.as_mut().filter(|p| p.received.is_some())
                    else {
                        return Ok::<_, ApiError>(None);
                    };
                    plan.received = None;
                    let catalog = lib
                        .resolve(
                            doc.inspection.specialty.as_deref(),
                            doc.inspection.catalog.as_deref(),
                        )
                        .catalog;
                    let grading =
                        spur_grading::grade(&doc, &catalog, &spur_grading::Settings::default());
                    Prepared::graded(doc, &grading)
                        .map(Some)
                        .map_err(|e| ApiError::internal(e.to_string()))
                })
                .await?;
        }
        match store
            .return_plan(
                id,
                &caller.0.subject,
                &reason,
                record.head_version,
                version.as_ref(),
            )
            .await
        {
            Ok(_) => {
                return crate::store_api::record_response(store, id, StatusCode::OK, caller, lang)
                    .await;
            }
            Err(spur_store::TransitionError::Blocked(reasons)) => {
                return Ok(super::refused(reasons, Vec::new(), lang));
            }
            Err(spur_store::TransitionError::Moved) => continue,
            Err(spur_store::TransitionError::Store(e)) => return Err(store_failed(lang)(e)),
        }
    }
    Err(ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        problems: Problems::message(say(lang, Msg::ApiKeptChanging, &[])),
    })
}
