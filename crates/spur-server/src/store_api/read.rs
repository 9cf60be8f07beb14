//! Reading: the list of inspections, a record, the head document with its `ETag`, versions,
//! diffs and the audit trail.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use spur_store::{Filter, Store};

use spur_core::{Lang, messages::Msg};

use crate::input::{ApiError, Problems, say};
use crate::request::{self, ProblemLang};

use super::*;

use crate::auth::Action;
use crate::caller::{self, Caller};

/// Query of `GET /v1/inspections`.
#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    unit: Option<String>,
    region: Option<String>,
    specialty: Option<String>,
    year: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

pub(super) fn number_param<T>(
    name: &str,
    value: Option<&str>,
    range: std::ops::RangeInclusive<T>,
    lang: Lang,
) -> Result<Option<T>, ApiError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<T>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                let values: [(&'static str, &dyn std::fmt::Display); 4] = [
                    ("name", &name),
                    ("min", range.start()),
                    ("max", range.end()),
                    ("value", &crate::input::clip_text(v, 40)),
                ];
                ApiError::bad_request(Problems::parameter(
                    &format!("query.{name}"),
                    say(lang, Msg::ApiWholeNumber, &values),
                    None,
                ))
            }),
    }
}

/// The stored inspections, a page at a time, filtered by unit, region, specialty and year.
#[utoipa::path(get, path = "/v1/inspections", tag = "store", operation_id = "list_inspections",
    params(
        ("unit" = Option<String>, Query, description = "Only this unit (exact name)."),
        ("region" = Option<String>, Query, description = "Only this region (exact name)."),
        ("specialty" = Option<String>, Query, description = "Only this specialty (exact name)."),
        ("year" = Option<i32>, Query, description = "Only visits in this year."),
        ("limit" = Option<i32>, Query, description = "Records per page, 1–1000 (default 100)."),
        ("cursor" = Option<String>, Query, description = "The `next` of the previous page."),
    ),
    responses(
        (status = 200, description = "A page of records.", body = ref("#/components/schemas/InspectionList")),
        (status = 404, description = "No store behind this server (`spur serve --stateless`)."),
    ))]
pub(crate) async fn list(
    Extension(store): Extension<Store>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ListInspections, lang) {
        return Ok(r);
    }
    let q = request::query(q, lang)?;
    let filter = Filter {
        unit: nonempty(q.unit),
        region: nonempty(q.region),
        specialty: nonempty(q.specialty),
        year: number_param("year", q.year.as_deref(), 1..=9998, lang)?,
    };
    let limit = number_param("limit", q.limit.as_deref(), 1..=1000, lang)?.unwrap_or(100);
    let cursor = number_param("cursor", q.cursor.as_deref(), 0..=i64::MAX, lang)?;
    let page = store
        .list(&filter, limit, cursor)
        .await
        .map_err(store_failed(lang))?;
    // Only what the caller may see: the others are not revealed, not even counted.
    let ids: Vec<i64> = page.items.iter().map(|r| r.id).collect();
    let mut processes = store.processes(&ids).await.map_err(store_failed(lang))?;
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let Some(process) = processes.remove(&record.id) else {
            continue;
        };
        if caller::may_read(&caller, &record, process.inspectors.clone()) {
            items.push(InspectionRecord::with_process(record, process, &caller));
        }
    }
    Ok(json_response(
        StatusCode::OK,
        &InspectionList {
            items,
            next: page.next.map(|n| n.to_string()),
        },
    ))
}

/// One inspection's record.
#[utoipa::path(get, path = "/v1/inspections/{id}", tag = "store", operation_id = "get_inspection",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "The record.", body = ref("#/components/schemas/InspectionRecord")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn record(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadRecord, id, lang).await {
        return Ok(r);
    }
    record_response(&store, id, StatusCode::OK, &caller, lang).await
}

/// The record of inspection `id` with its process facts, as `caller` sees it (a failure in
/// `lang`).
pub(crate) async fn record_response(
    store: &Store,
    id: i64,
    status: StatusCode,
    caller: &Caller,
    lang: Lang,
) -> Result<Response, ApiError> {
    let record = store.record(id).await.map_err(store_failed(lang))?;
    let process = store.process(id).await.map_err(store_failed(lang))?;
    let etag = (record.head_version > 0).then(|| InspectionRecord::etag_of(&record));
    let mut r = json_response(
        status,
        &InspectionRecord::with_process(record, process, caller),
    );
    if let Some(etag) = etag {
        etag_header(&mut r, &etag);
    }
    Ok(r)
}

/// A stored version's document as JSON, or TOML for `Accept: application/toml`, with its tag.
fn document_response(v: &spur_store::Version, headers: &HeaderMap) -> Result<Response, ApiError> {
    let mut r = if wants_toml(headers) {
        (
            [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
            v.toml.clone(),
        )
            .into_response()
    } else {
        let doc = v
            .document()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        ([(header::CONTENT_TYPE, "application/json")], doc.to_json()).into_response()
    };
    etag_header(&mut r, &v.info.etag());
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept"));
    Ok(r)
}

/// The head document.
#[utoipa::path(get, path = "/v1/inspections/{id}/document", tag = "store", operation_id = "get_document",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "The head document (JSON; TOML for `Accept: application/toml`); `ETag` is its strong tag.", content(
            (ref("#/components/schemas/InspectionDocument") = "application/json"),
            (String = "application/toml"),
        ), headers(("ETag" = String, description = "The strong entity tag to send as `If-Match` when saving."))),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn document(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadDocument, id, lang).await {
        return Ok(r);
    }
    let v = store.version(id, None).await.map_err(store_failed(lang))?;
    document_response(&v, &headers)
}

/// Every version of an inspection (number, hash, author, reason, time).
#[utoipa::path(get, path = "/v1/inspections/{id}/versions", tag = "store", operation_id = "list_versions",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "The versions, oldest first.", body = ref("#/components/schemas/VersionList")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn versions(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadVersions, id, lang).await {
        return Ok(r);
    }
    let versions = store.versions(id).await.map_err(store_failed(lang))?;
    Ok(json_response(
        StatusCode::OK,
        &VersionList {
            inspection: id,
            versions,
        },
    ))
}

/// One version's document.
#[utoipa::path(get, path = "/v1/inspections/{id}/versions/{n}", tag = "store", operation_id = "get_version",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("n" = i64, Path, description = "The version's number (1, 2, 3, …)."),
    ),
    responses(
        (status = 200, description = "The document of version n (JSON; TOML for `Accept: application/toml`); `ETag` is its tag.", content(
            (ref("#/components/schemas/InspectionDocument") = "application/json"),
            (String = "application/toml"),
        ), headers(("ETag" = String, description = "The version's strong entity tag."))),
        (status = 404, description = "No such inspection or version."),
    ))]
pub(crate) async fn version(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path((id, n)): Path<(String, String)>,
    ProblemLang(lang): ProblemLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadVersions, id, lang).await {
        return Ok(r);
    }
    let n = n
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(say(
                lang,
                Msg::ApiNoSuchVersion,
                &[("n", &crate::input::clip_text(&n, 40))],
            )),
        })?;
    let v = store
        .version(id, Some(n))
        .await
        .map_err(store_failed(lang))?;
    document_response(&v, &headers)
}

/// Query of `…/diff`.
#[derive(Debug, Deserialize)]
pub(crate) struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

/// What changed between two versions: findings, grades, texts and plan entries.
#[utoipa::path(get, path = "/v1/inspections/{id}/diff", tag = "store", operation_id = "get_diff",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("from" = Option<i64>, Query, description = "The older version (default: the one before `to`)."),
        ("to" = Option<i64>, Query, description = "The newer version (default: the head)."),
    ),
    responses(
        (status = 200, description = "The changes.", body = ref("#/components/schemas/Diff")),
        (status = 404, description = "No such inspection or version."),
    ))]
pub(crate) async fn diff(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadDiff, id, lang).await {
        return Ok(r);
    }
    let q = request::query(q, lang)?;
    let to = match number_param("to", q.to.as_deref(), 1..=i64::MAX, lang)? {
        Some(n) => n,
        None => {
            store
                .record(id)
                .await
                .map_err(store_failed(lang))?
                .head_version
        }
    };
    let from =
        number_param("from", q.from.as_deref(), 1..=i64::MAX, lang)?.unwrap_or((to - 1).max(1));
    let d = store.diff(id, from, to).await.map_err(store_failed(lang))?;
    Ok(json_response(StatusCode::OK, &d))
}

/// The audit events of an inspection (the hash chain's rows about it).
#[utoipa::path(get, path = "/v1/inspections/{id}/audit", tag = "store", operation_id = "inspection_audit",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "The events, by sequence number.", body = ref("#/components/schemas/AuditList")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn audit(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadAudit, id, lang).await {
        return Ok(r);
    }
    let events = store
        .audit_events_of(id)
        .await
        .map_err(store_failed(lang))?;
    Ok(Json(AuditList {
        inspection: id,
        events,
    })
    .into_response())
}
