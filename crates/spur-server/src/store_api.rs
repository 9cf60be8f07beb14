//! The store-backed resources (`spur serve --store URL`, crate `spur-store`): inspections,
//! their append-only versions, diffs, reports rendered from a stored version, and the regional
//! overview of everything stored.
//!
//! Saving is optimistic: `GET …/document` gives a strong `ETag` (`"v{n}-{sha256 prefix}"`),
//! `PUT …/document` must send it back in `If-Match`. Without it the answer is **428**; with a
//! stale one **412**, naming the current version, who saved it and when, and what changed
//! since the client's version. Nothing is written in either case. Documents are read, checked
//! and graded on the work pool first; the write is one short transaction afterwards, and
//! renderings read the stored version and its stored grading (no transaction open while they
//! run, nothing re-graded).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::Diagnostic;
use spur_report::Lang;
use spur_store::{Diff, Filter, Prepared, Record, Store, VersionInfo};

use crate::api::{self, Begun, DefaultLang, begin};
use crate::input::{ApiError, Library, PROBLEM_JSON, Problems, read_document_in};
use crate::work::Work;

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};

/// Who is making the request: the signed-in principal's subject (a token's name, the person's
/// OIDC subject), recorded as the author of what they write.
pub(crate) fn author(caller: &Caller) -> String {
    caller.0.subject.clone()
}

/// An inspection as the API shows it.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct InspectionRecord {
    /// The store's id.
    id: i64,
    /// The unit's name.
    unit: String,
    /// The unit's region, if the document names one.
    region: Option<String>,
    /// The unit's specialty, if the document names one.
    specialty: Option<String>,
    /// The visit date, `YYYY-MM-DD` (`null` while the inspection is only ordered).
    visit_date: Option<String>,
    /// The newest version's number (0 while the inspection is only ordered).
    head_version: i64,
    /// Who saved the head version.
    saved_by: String,
    /// When the head version was saved (ISO 8601, UTC).
    saved_at: String,
    /// The head document's strong entity tag (send it as `If-Match` to save); `null` without
    /// a document.
    etag: Option<String>,
    /// Where the inspection is in the SPUR process.
    state: spur_store::workflow::State,
    /// The appointed inspectors.
    inspectors: Vec<String>,
    /// The deadlines that apply now.
    deadlines: RecordDeadlines,
    /// The states the caller may move the inspection to now (`POST …/transitions`); whether
    /// the rules allow it at this moment is answered by the transition itself (409 with the
    /// reasons).
    next: Vec<spur_store::workflow::State>,
    /// The transitions so far, oldest first.
    history: Vec<spur_store::Transition>,
    /// Related resources.
    links: Links,
}

/// The deadlines of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct RecordDeadlines {
    /// The factual check's last day.
    factual_check: Option<String>,
    /// When the unit marked its factual check done.
    factual_check_done: Option<String>,
    /// The handlingsplan's last day.
    handlingsplan: Option<String>,
    /// When the next inspection is due (five years after the visit).
    reinspection: Option<String>,
}

/// Links of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Links {
    /// This record.
    #[serde(rename = "self")]
    this: String,
    /// The head document (`GET`, `PUT` with `If-Match`).
    document: String,
    /// Every version.
    versions: String,
    /// The SPUR report of the head.
    report: String,
    /// The handlingsplan template of the head.
    handlingsplan: String,
    /// State changes (`POST`).
    transitions: String,
    /// The factual check's comments.
    comments: String,
    /// The unit's documents.
    attachments: String,
    /// The audit trail of this inspection.
    audit: String,
}

impl InspectionRecord {
    /// The head's entity tag.
    pub(crate) fn etag_of(r: &Record) -> String {
        VersionInfo {
            number: r.head_version,
            sha256: r.sha256.clone(),
            author: String::new(),
            reason: None,
            saved_at: String::new(),
        }
        .etag()
    }

    /// The record with its process facts, and the transitions `caller` may ask for.
    pub(crate) fn with_process(r: Record, p: spur_store::Process, caller: &Caller) -> Self {
        let base = format!("/v1/inspections/{}", r.id);
        let etag = (r.head_version > 0).then(|| Self::etag_of(&r));
        let facts = caller::facts(&r, p.inspectors.clone());
        let next = p
            .state
            .next()
            .iter()
            .copied()
            .filter(|to| {
                crate::auth::authorize(
                    &caller.0,
                    Action::Transition(*to),
                    &Resource::Inspection(facts.clone()),
                ) == crate::auth::Decision::Allow
            })
            .collect();
        let reinspection = r
            .visit_date
            .as_deref()
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
            .filter(|_| p.state.is_published())
            .map(|v| {
                spur_store::workflow::Deadlines::default()
                    .reinspection(v)
                    .to_string()
            });
        InspectionRecord {
            id: r.id,
            unit: r.unit,
            region: r.region,
            specialty: r.specialty,
            visit_date: r.visit_date,
            head_version: r.head_version,
            saved_by: r.saved_by,
            saved_at: r.saved_at,
            etag,
            state: p.state,
            inspectors: p.inspectors,
            deadlines: RecordDeadlines {
                factual_check: p.factual_check_due,
                factual_check_done: p.factual_check_done_at,
                handlingsplan: p.plan_due,
                reinspection,
            },
            next,
            history: p.history,
            links: Links {
                document: format!("{base}/document"),
                versions: format!("{base}/versions"),
                report: format!("{base}/report"),
                handlingsplan: format!("{base}/handlingsplan"),
                transitions: format!("{base}/transitions"),
                comments: format!("{base}/comments"),
                attachments: format!("{base}/attachments"),
                audit: format!("{base}/audit"),
                this: base,
            },
        }
    }
}

/// A page of inspections.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct InspectionList {
    /// The inspections, by id.
    items: Vec<InspectionRecord>,
    /// The `cursor` of the next page; `null` on the last page.
    next: Option<String>,
}

/// The versions of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct VersionList {
    /// The inspection.
    inspection: i64,
    /// Oldest first.
    versions: Vec<VersionInfo>,
}

/// The audit events of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AuditList {
    /// The inspection.
    inspection: i64,
    /// Its events, by sequence number (each with its place in the hash chain).
    events: Vec<spur_store::AuditEvent>,
}

/// 412: the `If-Match` names a version that is no longer the head (problem JSON).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct StaleVersion {
    /// What went wrong, in one sentence.
    message: String,
    /// Always empty here.
    errors: Vec<Diagnostic>,
    /// Always empty here.
    warnings: Vec<Diagnostic>,
    /// The current head version.
    current_version: i64,
    /// Who saved it.
    saved_by: String,
    /// When (ISO 8601, UTC).
    saved_at: String,
    /// The current head's entity tag.
    etag: String,
    /// The version the client had (from its `If-Match`), when known.
    your_version: Option<i64>,
    /// What changed from the client's version to the head (areas, fields, findings, grades,
    /// texts, plan entries), when the client's version is known.
    changes: Option<Diff>,
}

pub(crate) fn store_failed(e: spur_store::Error) -> ApiError {
    match e {
        spur_store::Error::NotFound(what) => ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(format!("{what} not found")),
        },
        e @ spur_store::Error::Duplicate { .. } => ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::message(e.to_string()),
        },
        spur_store::Error::Db(e) => {
            tracing::warn!("store: {e}");
            ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                problems: Problems::message(
                    "the store is not available at the moment; try again".into(),
                ),
            }
        }
        e => ApiError::internal(e.to_string()),
    }
}

/// The id in a path: a number, else 404 (ids are never guessed into errors).
pub(crate) fn id_of(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(format!(
                "inspection `{}` not found",
                crate::input::clip_text(raw, 40)
            )),
        })
}

fn etag_header(r: &mut Response, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
}

pub(crate) fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Whether the client asks for TOML (`Accept: application/toml`).
fn wants_toml(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| {
            a.split(',').any(|m| {
                m.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("application/toml")
            })
        })
}

/// Query of `POST /v1/inspections` and `PUT …/document`.
#[derive(Debug, Deserialize)]
pub(crate) struct SaveQuery {
    lang: Option<String>,
    reason: Option<String>,
}

impl api::LangParam for SaveQuery {
    fn lang_param(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// Read, check and grade a request's document on the work pool.
async fn prepare(
    work: &Work,
    library: Library,
    upload: crate::input::Upload,
    lang: Lang,
) -> Result<Prepared, ApiError> {
    let Library(library) = library;
    work.run(move |job| {
        let document = read_document_in(&upload, lang, &library)?;
        job.check()?;
        let (doc, grading) = document
            .grade(&spur_grading::Settings::default())
            .into_parts();
        Prepared::graded(doc, &grading).map_err(|e| ApiError::internal(e.to_string()))
    })
    .await
}

fn reason(q: &SaveQuery) -> Option<String> {
    q.reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| crate::input::clip_text(r, 500))
}

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
    if let Some(r) = crate::auth::decision_response(crate::auth::authorize(
        &caller.0,
        Action::CreateInspection,
        &new,
    )) {
        return Ok(r);
    }
    let saved = store
        .create(&prepared, &author(&caller), reason(&q).as_deref())
        .await
        .map_err(store_failed)?;
    let mut r = record_response(&store, saved.inspection_id, StatusCode::CREATED, &caller).await?;
    if let Ok(v) = HeaderValue::from_str(&format!("/v1/inspections/{}", saved.inspection_id)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    etag_header(&mut r, &saved.version.etag());
    Ok(r)
}

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

fn number_param<T>(
    name: &str,
    value: Option<&str>,
    range: std::ops::RangeInclusive<T>,
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
                ApiError::bad_request(Problems::parameter(
                    &format!("query.{name}"),
                    format!(
                        "`{name}` must be a whole number from {} to {}, got `{}`",
                        range.start(),
                        range.end(),
                        crate::input::clip_text(v, 40)
                    ),
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
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ListInspections) {
        return Ok(r);
    }
    let q = api::query(q)?;
    let filter = Filter {
        unit: nonempty(q.unit),
        region: nonempty(q.region),
        specialty: nonempty(q.specialty),
        year: number_param("year", q.year.as_deref(), 1..=9998)?,
    };
    let limit = number_param("limit", q.limit.as_deref(), 1..=1000)?.unwrap_or(100);
    let cursor = number_param("cursor", q.cursor.as_deref(), 0..=i64::MAX)?;
    let page = store
        .list(&filter, limit, cursor)
        .await
        .map_err(store_failed)?;
    // Only what the caller may see: the others are not revealed, not even counted.
    let mut items = Vec::with_capacity(page.items.len());
    for record in page.items {
        let process = store.process(record.id).await.map_err(store_failed)?;
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
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadRecord, id).await {
        return Ok(r);
    }
    record_response(&store, id, StatusCode::OK, &caller).await
}

/// The record of inspection `id` with its process facts, as `caller` sees it.
pub(crate) async fn record_response(
    store: &Store,
    id: i64,
    status: StatusCode,
    caller: &Caller,
) -> Result<Response, ApiError> {
    let record = store.record(id).await.map_err(store_failed)?;
    let process = store.process(id).await.map_err(store_failed)?;
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
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadDocument, id).await {
        return Ok(r);
    }
    let v = store.version(id, None).await.map_err(store_failed)?;
    document_response(&v, &headers)
}

/// The entity tags of an `If-Match` header: `*`, or a list of quoted tags (weak ones never
/// match: the comparison is strong).
enum IfMatch {
    Any,
    Tags(Vec<String>),
}

fn if_match(headers: &HeaderMap) -> Result<Option<IfMatch>, ApiError> {
    let values: Vec<&HeaderValue> = headers.get_all(header::IF_MATCH).iter().collect();
    if values.is_empty() {
        return Ok(None);
    }
    let mut tags = Vec::new();
    for v in values {
        let text = v.to_str().map_err(|_| {
            ApiError::bad_request(Problems::parameter(
                "header.if-match",
                "`If-Match` is not text".into(),
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
                    format!(
                        "`If-Match` must list quoted entity tags, got `{}`",
                        crate::input::clip_text(part, 80)
                    ),
                    Some(
                        "send the `ETag` of GET …/document as it was given, quotes included".into(),
                    ),
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

/// The 412 answer: the head, who saved it and when, and what changed since `yours`.
async fn stale(store: &Store, id: i64, current: &VersionInfo, yours: Option<i64>) -> Response {
    let changes = match yours {
        Some(n) if n < current.number => store.diff(id, n, current.number).await.ok(),
        _ => None,
    };
    let body = StaleVersion {
        message: format!(
            "inspection {id} has changed: it is at version {}, saved by {} at {}{}; nothing was saved. Merge the changes and send the new ETag in If-Match",
            current.number,
            current.author,
            current.saved_at,
            match yours {
                Some(n) => format!(" (you had version {n})"),
                None => String::new(),
            }
        ),
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
    q: Result<Query<SaveQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let record = match caller::inspection(&store, &caller, Action::SaveDocument, id).await {
        Ok(r) => r,
        Err(r) => return Ok(r),
    };
    if record.head_version == 0 {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::message(
                "the inspection is only ordered: it gets its document when it is planned".into(),
            ),
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
    let Some(tags) = if_match(&headers)? else {
        return Err(ApiError {
            status: StatusCode::PRECONDITION_REQUIRED,
            problems: Problems::parameter(
                "header.if-match",
                "saving needs `If-Match` with the ETag of the version you edited; nothing was saved".into(),
                Some("GET /v1/inspections/{id}/document gives the head and its ETag".into()),
            ),
        });
    };
    let record = store.record(id).await.map_err(store_failed)?;
    let head = store
        .version(id, Some(record.head_version))
        .await
        .map_err(store_failed)?
        .info;
    let base = match &tags {
        IfMatch::Any => head.number,
        IfMatch::Tags(t) if t.contains(&head.etag()) => head.number,
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
            return Ok(stale(&store, id, &head, yours).await);
        }
    };
    if published && reason(&q).is_none() {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::parameter(
                "query.reason",
                "the report is final: a change is a correction and needs a reason (`?reason=…`), shown in the report's history".into(),
                None,
            ),
        });
    }
    let prepared = prepare(&work, library, upload, lang).await?;
    match store
        .save(
            id,
            base,
            &prepared,
            &author(&caller),
            reason(&q)
                .map(|r| {
                    if published {
                        format!("rättelse / correction: {r}")
                    } else {
                        r
                    }
                })
                .as_deref(),
        )
        .await
    {
        Ok(saved) => {
            // The record as this save left it: another save may already have followed, and
            // the answer must name the version this one wrote (its body and its `ETag` agree).
            let mut record = store.record(id).await.map_err(store_failed)?;
            let process = store.process(id).await.map_err(store_failed)?;
            record.head_version = saved.version.number;
            record.saved_by = saved.version.author.clone();
            record.saved_at = saved.version.saved_at.clone();
            record.sha256 = saved.version.sha256.clone();
            let mut r = json_response(
                StatusCode::OK,
                &InspectionRecord::with_process(record, process, &caller),
            );
            etag_header(&mut r, &saved.version.etag());
            Ok(r)
        }
        // Another save won between the check and the write.
        Err(spur_store::Error::Conflict(c)) => Ok(stale(&store, id, &c.current, Some(base)).await),
        Err(e) => Err(store_failed(e)),
    }
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
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadVersions, id).await {
        return Ok(r);
    }
    let versions = store.versions(id).await.map_err(store_failed)?;
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
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadVersions, id).await {
        return Ok(r);
    }
    let n = n
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(format!(
                "version `{}` not found",
                crate::input::clip_text(&n, 40)
            )),
        })?;
    let v = store.version(id, Some(n)).await.map_err(store_failed)?;
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
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadDiff, id).await {
        return Ok(r);
    }
    let q = api::query(q)?;
    let to = match number_param("to", q.to.as_deref(), 1..=i64::MAX)? {
        Some(n) => n,
        None => store.record(id).await.map_err(store_failed)?.head_version,
    };
    let from = number_param("from", q.from.as_deref(), 1..=i64::MAX)?.unwrap_or((to - 1).max(1));
    let d = store.diff(id, from, to).await.map_err(store_failed)?;
    Ok(json_response(StatusCode::OK, &d))
}

/// Query of the stored report and handlingsplan.
#[derive(Debug, Deserialize)]
pub(crate) struct StoredRenderQuery {
    format: Option<String>,
    lang: Option<String>,
    version: Option<String>,
}

impl api::LangParam for StoredRenderQuery {
    fn lang_param(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// What to render: which document, in which language.
struct Render {
    version: spur_store::Version,
    doc_lang: Lang,
}

async fn render_input(
    store: &Store,
    caller: &Caller,
    action: Action,
    id: &str,
    server_lang: DefaultLang,
    q: Result<Query<StoredRenderQuery>, QueryRejection>,
) -> Result<Result<(Render, StoredRenderQuery), Response>, ApiError> {
    let id = id_of(id)?;
    let record = match caller::inspection(store, caller, action, id).await {
        Ok(r) => r,
        Err(r) => return Ok(Err(r)),
    };
    if record.head_version == 0 {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message("the inspection has no document yet".into()),
        });
    }
    let begun = api::begin_with(q, server_lang, || Ok(()))?;
    let doc_lang = begun.doc_lang();
    let q = begun.q;
    let n = number_param("version", q.version.as_deref(), 1..=i64::MAX)?;
    let version = store.version(id, n).await.map_err(store_failed)?;
    Ok(Ok((Render { version, doc_lang }, q)))
}

/// Render a stored version on the work pool with `render`: its stored document and grading
/// (nothing is graded again), the memory budget of format `ext` checked first, the catalog its
/// specialty and version choose. No transaction is open while it runs.
async fn render_stored<F>(
    work: &Work,
    library: std::sync::Arc<spur_core::CatalogLibrary>,
    input: Render,
    ext: &'static str,
    render: F,
) -> Result<Vec<u8>, ApiError>
where
    F: FnOnce(&spur_grading::Graded, Lang) -> Result<Vec<u8>, spur_report::Error> + Send + 'static,
{
    work.run(move |job| {
        let doc = input
            .version
            .document()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let grading = input
            .version
            .grading()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        api::within_budget(
            job,
            input.version.toml.len(),
            &doc,
            ext,
            api::render_cost(ext),
        )?;
        let catalog = library
            .resolve(
                doc.inspection.specialty.as_deref(),
                doc.inspection.catalog.as_deref(),
            )
            .catalog;
        job.check()?;
        let graded = spur_grading::Graded::stored(doc, catalog, grading);
        let bytes = render(&graded, input.doc_lang).map_err(api::render_failed)?;
        api::bounded(bytes, job)
    })
    .await
}

/// The SPUR report of a stored version (the head by default), rendered from the stored
/// document and grading.
#[utoipa::path(get, path = "/v1/inspections/{id}/report", tag = "store", operation_id = "inspection_report",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("format" = Option<String>, Query, description = "`html` (default), `md`, `docx`, `pdf` or `json`."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of the document. Default: the server's `--lang`, else `sv`."),
        ("version" = Option<i64>, Query, description = "The version (default: the head)."),
    ),
    responses(
        (status = 200, description = "The report (`Content-Disposition: attachment`)."),
        (status = 404, description = "No such inspection or version."),
        (status = 422, description = "The version is marked final but is not finished."),
    ))]
pub(crate) async fn inspection_report(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(Library(library)): Extension<Library>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<StoredRenderQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (render, q) =
        match render_input(&store, &caller, Action::RenderReport, &id, server_lang, q).await? {
            Ok(x) => x,
            Err(r) => return Ok(r),
        };
    let format = api::report_format(q.format.as_deref())?;
    let bytes = render_stored(
        &work,
        library,
        render,
        format.extension(),
        move |graded, lang| spur_report::render_report_with_previous(graded, format, lang, None),
    )
    .await?;
    let name = format!("spur-rapport.{}", format.extension());
    Ok(api::file(bytes, format.media_type(), name, &[]))
}

/// The handlingsplan template of a stored version (the head by default).
#[utoipa::path(get, path = "/v1/inspections/{id}/handlingsplan", tag = "store", operation_id = "inspection_handlingsplan",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("format" = Option<String>, Query, description = "`md` (default), `html`, `docx`, `pdf`, `csv`, `toml` or `xlsx`."),
        ("lang" = Option<String>, Query, description = "`sv` or `en`: the language of the document. Default: the server's `--lang`, else `sv`."),
        ("version" = Option<i64>, Query, description = "The version (default: the head)."),
    ),
    responses(
        (status = 200, description = "The template (`Content-Disposition: attachment`)."),
        (status = 404, description = "No such inspection or version."),
    ))]
pub(crate) async fn inspection_handlingsplan(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(server_lang): Extension<DefaultLang>,
    Extension(Library(library)): Extension<Library>,
    caller: Caller,
    Path(id): Path<String>,
    q: Result<Query<StoredRenderQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (render, q) = match render_input(
        &store,
        &caller,
        Action::RenderHandlingsplan,
        &id,
        server_lang,
        q,
    )
    .await?
    {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let format = api::plan_format(q.format.as_deref())?;
    let bytes = render_stored(
        &work,
        library,
        render,
        format.extension(),
        move |graded, lang| spur_report::render_handlingsplan(graded, format, lang),
    )
    .await?;
    let name = format!("handlingsplan.{}", format.extension());
    Ok(api::file(bytes, format.media_type(), name, &[]))
}

/// Query of `/v1/overview`.
#[derive(Debug, Deserialize)]
pub(crate) struct OverviewQuery {
    as_of: Option<String>,
    reinspect_years: Option<String>,
}

/// The regional overview of every stored inspection's head: the JSON of
/// `spur overview --format json` (`file` is the path `spur store export` writes it to), from
/// the stored documents and gradings (nothing is graded again).
#[utoipa::path(get, path = "/v1/overview", tag = "store", operation_id = "store_overview",
    params(
        ("as_of" = Option<String>, Query, description = "The date to judge plans and re-inspection on, `YYYY-MM-DD`; default today."),
        ("reinspect_years" = Option<i32>, Query, description = "A unit is due for re-inspection this many years after its visit (default 5)."),
    ),
    responses(
        (status = 200, description = "The overview.", body = ref("#/components/schemas/Overview")),
        (status = 404, description = "No store behind this server (`spur serve --stateless`)."),
    ))]
pub(crate) async fn overview(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    caller: Caller,
    q: Result<Query<OverviewQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::Overview) {
        return Ok(r);
    }
    let q = api::query(q)?;
    let as_of = match q.as_of.as_deref().map(str::trim) {
        None | Some("") => chrono::Local::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            ApiError::bad_request(Problems::parameter(
                "query.as_of",
                format!("`{}` is not a valid date", crate::input::clip_text(d, 40)),
                Some("write the date as YYYY-MM-DD, e.g. 2026-03-01".into()),
            ))
        })?,
    };
    let years =
        number_param("reinspect_years", q.reinspect_years.as_deref(), 1..=100)?.unwrap_or(5);
    // Only the inspections whose report the caller may read (a region: its units' final
    // reports).
    let mut heads = Vec::new();
    for head in store.heads().await.map_err(store_failed)? {
        let process = store.process(head.record.id).await.map_err(store_failed)?;
        let facts = caller::facts(&head.record, process.inspectors);
        if crate::auth::authorize(
            &caller.0,
            Action::RenderReport,
            &Resource::Inspection(facts),
        ) == crate::auth::Decision::Allow
        {
            heads.push(head);
        }
    }
    let json = work
        .run(move |job| {
            let options = spur_followup::OverviewOptions {
                as_of,
                reinspect_years: years,
                settings: spur_grading::Settings::default(),
            };
            use rayon::prelude::*;
            // In parallel, as `spur overview` reads files.
            let results: Vec<_> = heads
                .into_par_iter()
                .map(|head| {
                    let file = spur_store::export_path(&head.record).display().to_string();
                    // The stored document and grading: nothing is validated or graded again.
                    match head.read() {
                        Ok((doc, grading)) => Ok(spur_followup::summarize_graded(
                            &doc, &grading, &file, &options,
                        )),
                        Err(e) => Err(spur_followup::FileError {
                            file,
                            error: e.to_string(),
                        }),
                    }
                })
                .collect();
            let (mut summaries, mut errors) = (Vec::new(), Vec::new());
            for r in results {
                match r {
                    Ok(s) => summaries.push(s),
                    Err(e) => errors.push(e),
                }
            }
            job.check()?;
            let ov = spur_followup::assemble(summaries, errors, &options);
            api::bounded(ov.to_json().into_bytes(), job)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
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
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadAudit, id).await {
        return Ok(r);
    }
    let events = store.audit_events_of(id).await.map_err(store_failed)?;
    Ok(Json(AuditList {
        inspection: id,
        events,
    })
    .into_response())
}
