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
use crate::input::{ApiError, Library, Problems};
use crate::store_api::{id_of, json_response, store_failed};
use crate::work::Work;

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
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let record = match caller::inspection(&store, &caller, Action::AnswerPlan, id).await {
        Ok(r) => r,
        Err(r) => return Ok(r),
    };
    let filled = crate::input::body_bytes(body)?;
    let head = store
        .version(id, Some(record.head_version))
        .await
        .map_err(store_failed)?;
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
                    spur_import::Error::Problems(problems) => ApiError {
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        problems: Problems::capped(
                            format!(
                                "the {} file has {} problem(s); nothing was saved",
                                format.name(),
                                problems.len()
                            ),
                            problems
                                .iter()
                                .map(crate::import::diagnostic)
                                .filter(spur_core::Diagnostic::is_error)
                                .collect(),
                            problems
                                .iter()
                                .map(crate::import::diagnostic)
                                .filter(|d| !d.is_error())
                                .collect(),
                        ),
                    },
                    spur_import::Error::Unreadable { .. } => ApiError {
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        problems: Problems::body(e.to_string(), None),
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
                .map(crate::import::diagnostic)
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
                problems: Problems::message(
                    "the inspection changed while the plan was merged; send it again".into(),
                ),
            },
            e => store_failed(e),
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
