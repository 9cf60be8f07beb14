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

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::Diagnostic;
use spur_report::Lang;
use spur_store::{Diff, Prepared, Record, VersionInfo};

use crate::input::{ApiError, Library, read_document_in};
use crate::input::{PROBLEM_JSON, id_of, json_response, store_failed};
use crate::request::{self};
use crate::work::Work;
use spur_store::workflow::Blocker;

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};

mod read;
mod render;
mod save;

pub(crate) use read::*;
pub(crate) use render::*;
pub(crate) use save::*;

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

fn etag_header(r: &mut Response, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
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

impl request::LangParam for SaveQuery {
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

/// 409: why a transition cannot be made now.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Refused {
    /// What went wrong, in one sentence.
    message: String,
    /// Each reason, with a stable code and both languages.
    reasons: Vec<Blocker>,
    /// Located problems, where the document is the reason.
    errors: Vec<spur_core::Diagnostic>,
    /// Always empty here.
    warnings: Vec<spur_core::Diagnostic>,
}

/// The 409 answer: every reason (each in both languages), the message joining them in `lang`.
pub(crate) fn refused(
    reasons: Vec<Blocker>,
    errors: Vec<spur_core::Diagnostic>,
    lang: Lang,
) -> Response {
    let message = reasons
        .iter()
        .map(|b| match lang {
            Lang::En => b.en.as_str(),
            Lang::Sv => b.sv.as_str(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let body = serde_json::to_vec(&Refused {
        message,
        reasons,
        errors,
        warnings: Vec::new(),
    })
    .unwrap_or_default();
    (
        StatusCode::CONFLICT,
        [(header::CONTENT_TYPE, PROBLEM_JSON)],
        body,
    )
        .into_response()
}
