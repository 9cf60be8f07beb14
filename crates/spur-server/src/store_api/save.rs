//! Writing: `POST /v1/inspections` (version 1) and `PUT …/document` (a new version, guarded
//! by `If-Match`; 428 without it, 412 with a stale one).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use spur_store::{Store, VersionInfo};

use crate::request::{Begun, DefaultLang, ProblemLang, begin};
use spur_core::Lang;
use spur_core::messages::Msg;

use crate::input::{ApiError, Library, PROBLEM_JSON, Problems, say};
use crate::work::Work;

use super::*;

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};

/// Create an inspection from a document: version 1.
#[utoipa::path(post, path = "/v1/inspections", tag = "store", operation_id = "create_inspection",
    params(
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of problems."),
        ("reason" = Option<String>, Query, description = "Why this version was saved (kept with it)."),
    ),
    request_body(description = "The inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 201, description = "Created: `Location` is the new inspection, `ETag` its document's tag.", body = ref("#/components/schemas/InspectionRecord"),
            headers(("Location" = String, description = "`/v1/inspections/{id}`."), ("ETag" = String, description = "The document's strong entity tag."))),
        (status = 404, description = "No store behind this server (`spur serve --stateless`)."),
        (status = 409, description = "An inspection of the same unit and visit date exists."),
    ))]
#[allow(clippy::too_many_arguments)] // an axum handler: one extractor per argument
pub(crate) async fn create(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(library): Extension<Library>,
    caller: Caller,
    q: Result<Query<SaveQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Begun {
        q, lang, upload, ..
    } = begin(q, server_lang, &headers, body)?;
    let prepared = prepare(&work, library, upload, lang).await?;
    let i = &prepared.doc.inspection;
    let new = Resource::New {
        unit: i.unit.clone(),
        region: i.region.clone().unwrap_or_default(),
        specialty: i.specialty.clone().unwrap_or_default(),
    };
    if let Some(r) = crate::auth::decision_response(
        crate::auth::authorize(&caller.0, Action::CreateInspection, &new),
        lang,
    ) {
        return Ok(r);
    }
    let saved = store
        .create(&prepared, &author(&caller), reason(&q).as_deref())
        .await
        .map_err(store_failed(lang))?;
    let mut r = record_response(
        &store,
        saved.inspection_id,
        StatusCode::CREATED,
        &caller,
        lang,
    )
    .await?;
    if let Ok(v) = HeaderValue::from_str(&format!("/v1/inspections/{}", saved.inspection_id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    etag_header(&mut r, &saved.version.etag());
    Ok(r)
}

/// The entity tags of an `If-Match` header: `*`, or a list of quoted tags (weak ones never
/// match: the comparison is strong).
enum IfMatch {
    Any,
    Tags(Vec<String>),
}

fn if_match(headers: &HeaderMap, lang: Lang) -> Result<Option<IfMatch>, ApiError> {
    let values: Vec<&HeaderValue> = headers.get_all(header::IF_MATCH).iter().collect();
    if values.is_empty() {
        return Ok(None);
    }
    let mut tags = Vec::new();
    for v in values {
        let text = v.to_str().map_err(|_| {
            ApiError::bad_request(Problems::parameter(
                "header.if-match",
                say(lang, Msg::ApiIfMatchText, &[]),
                None,
            ))
        })?;
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if part == "*" {
                return Ok(Some(IfMatch::Any));
            }
            if part.starts_with("W/") {
                continue;
            }
            if part.len() < 2 || !part.starts_with('"') || !part.ends_with('"') {
                return Err(ApiError::bad_request(Problems::parameter(
                    "header.if-match",
                    say(
                        lang,
                        Msg::ApiIfMatchTags,
                        &[("value", &crate::input::clip_text(part, 80))],
                    ),
                    Some(say(lang, Msg::ApiIfMatchTagsHint, &[])),
                )));
            }
            tags.push(part.to_string());
        }
    }
    Ok(Some(IfMatch::Tags(tags)))
}

/// The version number a tag of ours names (`"v3-…"`), if it is one.
fn tag_version(tag: &str) -> Option<i64> {
    tag.strip_prefix("\"v")?.split('-').next()?.parse().ok()
}

/// The 412 answer: the head, who saved it and when, and what changed since `yours` (the
/// message in `lang`).
async fn stale(
    store: &Store,
    id: i64,
    current: &VersionInfo,
    yours: Option<i64>,
    lang: Lang,
) -> Response {
    let changes = match yours {
        Some(n) if n < current.number => store.diff(id, n, current.number).await.ok(),
        _ => None,
    };
    let body = StaleVersion {
        message: {
            let yours = match yours {
                Some(n) => say(lang, Msg::ApiStaleYours, &[("n", &n)]),
                None => String::new(),
            };
            let values: [(&'static str, &dyn std::fmt::Display); 5] = [
                ("id", &id),
                ("version", &current.number),
                ("author", &current.author),
                ("at", &current.saved_at),
                ("yours", &yours),
            ];
            say(lang, Msg::ApiStale, &values)
        },
        errors: Vec::new(),
        warnings: Vec::new(),
        current_version: current.number,
        saved_by: current.author.clone(),
        saved_at: current.saved_at.clone(),
        etag: current.etag(),
        your_version: yours,
        changes,
    };
    let mut r = (
        StatusCode::PRECONDITION_FAILED,
        [(header::CONTENT_TYPE, PROBLEM_JSON)],
        serde_json::to_vec(&body).unwrap_or_default(),
    )
        .into_response();
    etag_header(&mut r, &current.etag());
    r
}

/// Save a new version of the document. `If-Match` must carry the head's `ETag`.
#[utoipa::path(put, path = "/v1/inspections/{id}/document", tag = "store", operation_id = "put_document",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the version this change is based on (from `GET …/document`). Needed to save: without it the answer is 428 (declared optional so that its absence is the documented 428, not a malformed request)."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of problems."),
        ("reason" = Option<String>, Query, description = "Why this version was saved (kept with it)."),
    ),
    request_body(description = "The whole inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "Saved as the new head; `ETag` is its tag.", body = ref("#/components/schemas/InspectionRecord"),
            headers(("ETag" = String, description = "The new head's strong entity tag."))),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "The document moves the inspection onto another inspection's unit and visit date."),
        (status = 412, description = "`If-Match` is not the head: the body (`StaleVersion`) names the current version, who saved it, when, and what changed since yours. Nothing was saved."),
        (status = 428, description = "No `If-Match`: nothing was saved."),
    ))]
#[allow(clippy::too_many_arguments)] // axum extractors, one per part of the request
pub(crate) async fn save(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(library): Extension<Library>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    q: Result<Query<SaveQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let record = match caller::inspection(&store, &caller, Action::SaveDocument, id, lang).await {
        Ok(r) => r,
        Err(r) => return Ok(r),
    };
    if record.head_version == 0 {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::message(say(lang, Msg::ApiOnlyOrdered, &[])),
        });
    }
    let published = record
        .state
        .as_deref()
        .and_then(|s| s.parse::<spur_store::workflow::State>().ok())
        .is_some_and(spur_store::workflow::State::is_published);
    // The query (400) and the body's type and size (415, 413) first, then the precondition
    // (428, 412), then the document itself (400, 422).
    let Begun {
        q, lang, upload, ..
    } = begin(q, server_lang, &headers, body)?;
    let (base, head) = match precondition(&store, id, &headers, lang).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let prepared = prepare(&work, library, upload, lang).await?;
    if published {
        // From `final` on only the handlingsplan part changes here; findings, grades and
        // texts are the coordinator's correction.
        let frozen = frozen_changes(&store, id, &head, &prepared, lang).await?;
        if !frozen.is_empty() {
            return Err(ApiError {
                status: StatusCode::CONFLICT,
                problems: Problems::capped(
                    say(
                        lang,
                        Msg::ApiFinalFrozen,
                        &[("count", &frozen.len()), ("id", &id)],
                    ),
                    frozen,
                    Vec::new(),
                    lang,
                ),
            });
        }
    }
    match store
        .save(id, base, &prepared, &author(&caller), reason(&q).as_deref())
        .await
    {
        Ok(saved) => saved_response(&store, id, &saved, &caller, lang).await,
        // Another save won between the check and the write.
        Err(spur_store::Error::Conflict(c)) => {
            Ok(stale(&store, id, &c.current, Some(base), lang).await)
        }
        Err(e) => Err(store_failed(lang)(e)),
    }
}

/// The answer to a save: the record as the save left it, with the written version's `ETag`.
/// Another save may already have followed, and the answer must name the version this one
/// wrote (its body and its `ETag` agree). A failure in `lang`.
async fn saved_response(
    store: &Store,
    id: i64,
    saved: &spur_store::Saved,
    caller: &Caller,
    lang: Lang,
) -> Result<Response, ApiError> {
    let mut record = store.record(id).await.map_err(store_failed(lang))?;
    let process = store.process(id).await.map_err(store_failed(lang))?;
    record.head_version = saved.version.number;
    record.saved_by = saved.version.author.clone();
    record.saved_at = saved.version.saved_at.clone();
    record.sha256 = saved.version.sha256.clone();
    let mut r = json_response(
        StatusCode::OK,
        &InspectionRecord::with_process(record, process, caller),
    );
    etag_header(&mut r, &saved.version.etag());
    Ok(r)
}

/// The precondition of a save: `If-Match` present (else **428**) and naming the head (else
/// **412** with what changed). The base version and the head's facts.
async fn precondition(
    store: &Store,
    id: i64,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Result<(i64, VersionInfo), Response>, ApiError> {
    let Some(tags) = if_match(headers, lang)? else {
        return Err(ApiError {
            status: StatusCode::PRECONDITION_REQUIRED,
            problems: Problems::parameter(
                "header.if-match",
                say(lang, Msg::ApiIfMatchMissing, &[]),
                Some(say(lang, Msg::ApiIfMatchMissingHint, &[])),
            ),
        });
    };
    let record = store.record(id).await.map_err(store_failed(lang))?;
    let head = store
        .version(id, Some(record.head_version))
        .await
        .map_err(store_failed(lang))?
        .info;
    match &tags {
        IfMatch::Any => Ok(Ok((head.number, head))),
        IfMatch::Tags(t) if t.contains(&head.etag()) => Ok(Ok((head.number, head))),
        IfMatch::Tags(t) => {
            // The client's version: a tag of ours naming an existing, older version whose hash
            // it carries.
            let mut yours = None;
            for tag in t {
                if let Some(n) = tag_version(tag).filter(|n| *n >= 1 && *n < head.number)
                    && let Ok(v) = store.version(id, Some(n)).await
                    && v.info.etag() == *tag
                {
                    yours = Some(n);
                    break;
                }
            }
            Ok(Err(stale(store, id, &head, yours, lang).await))
        }
    }
}

/// Whether a change at `path` (a [`spur_store::Change`] path) touches what is frozen from
/// `final` on: findings, overrides, texts (`report.*`, `areas.*`) and the `[inspection]` table.
/// Plan entries and the grades they adjust (D → C) go on changing.
pub(crate) fn frozen_path(path: &str) -> bool {
    let first = path.split('.').next().unwrap_or("");
    !matches!(first, "handlingsplan" | "grades")
}

/// The located problems of a save from `final` on: one per frozen field it changes, in `lang`.
async fn frozen_changes(
    store: &Store,
    id: i64,
    head: &VersionInfo,
    prepared: &spur_store::Prepared,
    lang: Lang,
) -> Result<Vec<spur_core::Diagnostic>, ApiError> {
    let current = store
        .version(id, Some(head.number))
        .await
        .map_err(store_failed(lang))?;
    let value = |doc: &spur_core::InspectionDocument, grading: &str| {
        let d = serde_json::to_value(doc).map_err(|e| ApiError::internal(e.to_string()))?;
        let g: serde_json::Value =
            serde_json::from_str(grading).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok::<_, ApiError>((d, g))
    };
    let old = value(
        &current
            .document()
            .map_err(|e| ApiError::internal(e.to_string()))?,
        &current.grading,
    )?;
    let new = value(&prepared.doc, &prepared.grading)?;
    let d = spur_store::diff::diff(
        head.number,
        head.number + 1,
        (&old.0, &old.1),
        (&new.0, &new.1),
    );
    Ok(d.fields
        .iter()
        .filter(|p| frozen_path(p))
        .map(|p| {
            let mut diag = spur_core::Diagnostic::error(
                spur_core::Code::InvalidValue,
                p.clone(),
                say(lang, Msg::ApiFinalField, &[]),
            );
            diag.hint = Some(say(lang, Msg::ApiFinalFieldHint, &[("id", &id)]));
            diag
        })
        .collect())
}

/// Query of `POST …/corrections`.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct CorrectionQuery {
    reason: Option<String>,
    lang: Option<String>,
}

impl request::LangParam for CorrectionQuery {
    fn lang_param(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// A coordinator's correction of a final report: the whole corrected document as a new version
/// with a mandatory reason (`?reason=…`), shown in the report's history. `If-Match` as for
/// `PUT …/document`.
#[utoipa::path(post, path = "/v1/inspections/{id}/corrections", tag = "store", operation_id = "correct_inspection",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the head (from `GET …/document`); without it 428."),
        ("reason" = String, Query, description = "Why the final report is corrected (mandatory; shown in the report's history)."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of problems."),
    ),
    request_body(description = "The whole corrected inspection document, as JSON or TOML.", content(
        (ref("#/components/schemas/InspectionDocument") = "application/json"),
        (String = "application/toml"),
    )),
    responses(
        (status = 200, description = "Saved as the new head; `ETag` is its tag.", body = ref("#/components/schemas/InspectionRecord"),
            headers(("ETag" = String, description = "The new head's strong entity tag."))),
        (status = 400, description = "No reason, or the document is not valid."),
        (status = 403, description = "Only a coordinator (or an admin) corrects a final report."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "The report is not final yet (`Refused`, code `not-final`): save with `PUT …/document`."),
        (status = 412, description = "`If-Match` is not the head (`StaleVersion`). Nothing was saved."),
        (status = 428, description = "No `If-Match`: nothing was saved."),
    ))]
#[allow(clippy::too_many_arguments)] // axum extractors, one per part of the request
pub(crate) async fn correct(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(library): Extension<Library>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    q: Result<Query<CorrectionQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::Correct, id, lang).await {
        return Ok(r);
    }
    let Begun {
        q, lang, upload, ..
    } = begin(q, server_lang, &headers, body)?;
    let Some(why) = q
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| crate::input::clip_text(r, 500))
    else {
        return Err(ApiError::bad_request(Problems::parameter(
            "query.reason",
            say(lang, Msg::ApiReasonMissing, &[]),
            None,
        )));
    };
    let (base, _head) = match precondition(&store, id, &headers, lang).await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let prepared = prepare(&work, library, upload, lang).await?;
    match store
        .correct(id, base, &prepared, &author(&caller), &why)
        .await
    {
        Ok(saved) => saved_response(&store, id, &saved, &caller, lang).await,
        Err(spur_store::TransitionError::Blocked(reasons)) => {
            Ok(refused(reasons, Vec::new(), lang))
        }
        Err(spur_store::TransitionError::Moved) => {
            let head = store.record(id).await.map_err(store_failed(lang))?;
            let v = store
                .version(id, Some(head.head_version))
                .await
                .map_err(store_failed(lang))?;
            Ok(stale(&store, id, &v.info, Some(base), lang).await)
        }
        Err(spur_store::TransitionError::Store(spur_store::Error::Conflict(c))) => {
            Ok(stale(&store, id, &c.current, Some(base), lang).await)
        }
        Err(spur_store::TransitionError::Store(e)) => Err(store_failed(lang)(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::frozen_path;

    /// What `PUT …/document` may still change from `final` on (the handlingsplan part and the
    /// grades its answer adjusts) and what it may not (findings, overrides, texts, the header).
    #[test]
    fn frozen_from_final_on() {
        let table = [
            ("findings.D.F6.status", true),
            ("findings.D.F6.note", true),
            ("overrides.D.grade", true),
            ("report.strengths", true),
            ("report.status", true),
            ("areas.B.narrative", true),
            ("inspection.visit_date", true),
            ("handlingsplan.received", false),
            ("handlingsplan.entries.D.F6.action", false),
            ("grades.D.SOSFS 2015:8", false),
        ];
        for (path, frozen) in table {
            assert_eq!(frozen_path(path), frozen, "{path}");
        }
    }
}
