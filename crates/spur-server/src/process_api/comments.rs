//! The factual check: the unit's comments on the preliminary report, the inspectors' answers,
//! and the unit marking its check done.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_store::{Store, TransitionError};

use super::{bad_body, json_body, refused};
use crate::auth::Action;
use crate::caller::{self, Caller};
use crate::input::{ApiError, Problems, say};
use crate::input::{id_of, json_response, store_failed};
use crate::request::ProblemLang;
use spur_core::Lang;
use spur_core::messages::Msg;

/// The body of `POST /v1/inspections/{id}/comments`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommentBody {
    /// The area letter (`A`–`H`), or absent for the whole report.
    #[serde(default)]
    area: Option<String>,
    /// The comment.
    text: String,
}

/// The body of `POST /v1/inspections/{id}/comments/{comment}/answer`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerBody {
    /// The inspectors' answer; absent resolves the comment without one.
    #[serde(default)]
    answer: Option<String>,
}

/// The comments of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct CommentList {
    /// The inspection.
    inspection: i64,
    /// Oldest first.
    comments: Vec<spur_store::Comment>,
}

fn blocked(e: TransitionError, lang: Lang) -> Result<Response, ApiError> {
    match e {
        TransitionError::Blocked(reasons) => Ok(refused(reasons, Vec::new(), lang)),
        TransitionError::Moved => Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            problems: Problems::message(say(lang, Msg::ApiChangedMeanwhile, &[])),
        }),
        TransitionError::Store(e) => Err(store_failed(lang)(e)),
    }
}

/// Comment on the preliminary report (the factual check), per area or on the whole.
#[utoipa::path(post, path = "/v1/inspections/{id}/comments", tag = "process", operation_id = "add_comment",
    params(("id" = i64, Path, description = "The inspection's id.")),
    request_body = ref("#/components/schemas/CommentBody"),
    responses(
        (status = 201, description = "The comment, kept with the version it was made on.", body = ref("#/components/schemas/Comment")),
        (status = 400, description = "The body is not a comment."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "The report is not preliminary."),
    ))]
pub(crate) async fn add_comment(
    Extension(store): Extension<Store>,
    Path(id): Path<String>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
    body: Result<Json<CommentBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let c = json_body(body, lang)?;
    let text = c.text.trim();
    if text.is_empty() {
        return Err(bad_body("body.text", say(lang, Msg::ApiCommentEmpty, &[])));
    }
    if text.chars().count() > 20_000 {
        return Err(bad_body(
            "body.text",
            say(lang, Msg::ApiCommentTooLong, &[("max", &"20 000")]),
        ));
    }
    let area = match c.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => Some(
            a.parse::<spur_core::AreaId>()
                .map_err(|_| {
                    bad_body(
                        "body.area",
                        say(
                            lang,
                            Msg::ApiNotAnArea,
                            &[("value", &crate::input::clip_text(a, 20))],
                        ),
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    if let Err(r) = caller::inspection(&store, &caller, Action::Comment, id, lang).await {
        return Ok(r);
    }
    match store
        .comment(id, area.as_deref(), text, &caller.0.subject)
        .await
    {
        Ok(c) => Ok(json_response(StatusCode::CREATED, &c)),
        Err(e) => blocked(e, lang),
    }
}

/// The factual-check comments and their answers.
#[utoipa::path(get, path = "/v1/inspections/{id}/comments", tag = "process", operation_id = "list_comments",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "Every comment, oldest first.", body = ref("#/components/schemas/CommentList")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn comments(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadComments, id, lang).await {
        return Ok(r);
    }
    let comments = store.comments(id).await.map_err(store_failed(lang))?;
    Ok(json_response(
        StatusCode::OK,
        &CommentList {
            inspection: id,
            comments,
        },
    ))
}

/// Answer a comment (and resolve it).
#[utoipa::path(post, path = "/v1/inspections/{id}/comments/{comment}/answer", tag = "process", operation_id = "answer_comment",
    params(("id" = i64, Path, description = "The inspection's id."), ("comment" = i64, Path, description = "The comment's id.")),
    request_body = ref("#/components/schemas/AnswerBody"),
    responses(
        (status = 200, description = "The answered comment.", body = ref("#/components/schemas/Comment")),
        (status = 404, description = "No such inspection or comment."),
    ))]
pub(crate) async fn answer_comment(
    Extension(store): Extension<Store>,
    Path((id, comment)): Path<(String, String)>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
    body: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let comment = id_of(&comment, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::AnswerComment, id, lang).await {
        return Ok(r);
    }
    let a = json_body(body, lang)?;
    let c = store
        .answer_comment(
            id,
            comment,
            a.answer.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            &caller.0.subject,
        )
        .await
        .map_err(store_failed(lang))?;
    Ok(json_response(StatusCode::OK, &c))
}

/// The unit marks its factual check done.
#[utoipa::path(post, path = "/v1/inspections/{id}/factual-check", tag = "process", operation_id = "factual_check_done",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 204, description = "Marked done."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "The report is not preliminary."),
    ))]
pub(crate) async fn factual_check_done(
    Extension(store): Extension<Store>,
    Path(id): Path<String>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::Comment, id, lang).await {
        return Ok(r);
    }
    match store.factual_check_done(id, &caller.0.subject).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(e) => blocked(e, lang),
    }
}
