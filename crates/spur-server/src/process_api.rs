//! The SPUR process over HTTP (issue 31): orders, transitions, the factual check's comments,
//! the unit's handlingsplan answer, attachments, deadlines and calendar feeds. The rules are
//! `spur_store::workflow`'s; every write is one store transaction with its audit event.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{Format, Inspection, InspectionDocument, PlanStatus, Regulation, ReportStatus};
use spur_store::workflow::{Blocker, Deadlines, Facts, State};
use spur_store::{Prepared, Store, TransitionError, TransitionRequest};

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};
use crate::input::{ApiError, Library, PROBLEM_JSON, Problems};
use crate::store_api::{id_of, json_response, record_response, store_failed};
use crate::work::Work;

/// The body of `POST /v1/orders`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrderRequest {
    /// The unit's name, as its inspection documents will write it.
    unit: String,
    /// The region (vårdgivare).
    #[serde(default)]
    region: Option<String>,
    /// The specialty, e.g. `Allmänmedicin`.
    #[serde(default)]
    specialty: Option<String>,
    /// When the unit would like the visit, free text (`"VT 2027"`).
    #[serde(default)]
    wished_period: Option<String>,
}

/// The body of `POST /v1/inspections/{id}/transitions`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TransitionBody {
    /// The state to move to (`planned`, `preparing`, `visited`, `preliminary`, `final`,
    /// `plan_received`, `closed`, `cancelled`).
    to: String,
    /// Why (kept in the history and the audit trail).
    #[serde(default)]
    reason: Option<String>,
    /// `planned` only: the two inspectors (their sign-in names).
    #[serde(default)]
    inspectors: Vec<String>,
    /// `planned` only: the visit date, `YYYY-MM-DD`.
    #[serde(default)]
    visit_date: Option<String>,
    /// `planned` only: the regulations the unit trains under (default both).
    #[serde(default)]
    regulations: Vec<String>,
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

fn refused(reasons: Vec<Blocker>, errors: Vec<spur_core::Diagnostic>, lang_en: bool) -> Response {
    let message = reasons
        .iter()
        .map(|b| {
            if lang_en {
                b.en.as_str()
            } else {
                b.sv.as_str()
            }
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

fn bad_body(path: &str, message: String) -> ApiError {
    ApiError::bad_request(Problems::parameter(path, message, None))
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(v)| v)
        .map_err(|e| ApiError::bad_request(Problems::body(e.body_text(), None)))
}

/// Order an inspection: it starts in `ordered`, with no document yet.
#[utoipa::path(post, path = "/v1/orders", tag = "process", operation_id = "create_order",
    request_body = ref("#/components/schemas/OrderRequest"),
    responses(
        (status = 201, description = "Ordered: `Location` is the new inspection.", body = ref("#/components/schemas/InspectionRecord")),
        (status = 400, description = "The body is not an order."),
    ))]
pub(crate) async fn order(
    Extension(store): Extension<Store>,
    caller: Caller,
    body: Result<Json<OrderRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let o = json_body(body)?;
    if o.unit.trim().is_empty() {
        return Err(bad_body("body.unit", "the unit's name is empty".into()));
    }
    let new = Resource::New {
        unit: o.unit.trim().to_string(),
        region: o.region.clone().unwrap_or_default(),
        specialty: o.specialty.clone().unwrap_or_default(),
    };
    if let Some(r) =
        crate::auth::decision_response(crate::auth::authorize(&caller.0, Action::Order, &new))
    {
        return Ok(r);
    }
    let id = store
        .order(
            &spur_store::NewOrder {
                unit: o.unit.trim().to_string(),
                region: o.region.filter(|s| !s.trim().is_empty()),
                specialty: o.specialty.filter(|s| !s.trim().is_empty()),
                wished_period: o.wished_period,
            },
            &caller.0.subject,
        )
        .await
        .map_err(store_failed)?;
    let mut r = record_response(&store, id, StatusCode::CREATED, &caller).await?;
    if let Ok(v) = HeaderValue::from_str(&format!("/v1/inspections/{id}")) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    Ok(r)
}

/// The skeleton document planning creates: what `spur init` writes for the unit.
fn skeleton(
    record: &spur_store::Record,
    inspectors: &[String],
    visit: NaiveDate,
    regulations: &[String],
) -> Result<InspectionDocument, ApiError> {
    let regs: Vec<Regulation> = if regulations.is_empty() {
        vec![Regulation::Sosfs2015_8, Regulation::HslfFs2021_8]
    } else {
        regulations
            .iter()
            .map(|r| {
                r.parse::<Regulation>().map_err(|_| {
                    bad_body(
                        "body.regulations",
                        format!(
                            "`{r}` is not a regulation (2015, 2021, SOSFS 2015:8, HSLF-FS 2021:8)"
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut inspection = Inspection::new(record.unit.clone(), visit, regs);
    inspection.region = record.region.clone();
    inspection.specialty = record.specialty.clone();
    inspection.inspectors = inspectors.to_vec();
    Ok(InspectionDocument::new(inspection))
}

/// What the document says about a transition: problems at the target's strictness, D areas,
/// the plan's state. Computed on the work pool, outside any transaction.
fn document_facts(
    doc: &InspectionDocument,
    grading: &spur_grading::Grading,
    catalog: &spur_core::Catalog,
    to: State,
) -> (Facts, Vec<spur_core::Diagnostic>) {
    let problems = if to == State::Final {
        doc.final_report_problems(catalog)
    } else {
        Vec::new()
    };
    let required_answered = grading
        .plan_items
        .iter()
        .filter(|i| matches!(i.relevance, spur_core::PlanRelevance::Required))
        .all(|i| i.answered);
    let plan = doc.handlingsplan.as_ref();
    let plan_done = plan.is_some_and(|p| {
        !p.entries.is_empty()
            && p.entries.iter().all(|e| {
                matches!(
                    e.status,
                    Some(
                        PlanStatus::Done | PlanStatus::VerifiedEffective | PlanStatus::NotEffective
                    )
                )
            })
    });
    let facts = Facts {
        document_errors: problems.len(),
        has_d: grading.handlingsplan_required,
        plan_complete: grading.handlingsplan_received.is_some() && required_answered,
        plan_done,
        ..Facts::default()
    };
    (facts, problems)
}

/// Move an inspection to another state of the SPUR process.
#[utoipa::path(post, path = "/v1/inspections/{id}/transitions", tag = "process", operation_id = "transition",
    params(("id" = i64, Path, description = "The inspection's id.")),
    request_body = ref("#/components/schemas/TransitionBody"),
    responses(
        (status = 200, description = "Moved: the record with its new state, deadlines and next transitions.", body = ref("#/components/schemas/InspectionRecord")),
        (status = 400, description = "The body is not a transition."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "Not allowed now: every reason (`Refused`), with located problems where the document is the reason."),
    ))]
#[allow(clippy::too_many_arguments)] // an axum handler: one extractor per argument
pub(crate) async fn transition(
    Extension(store): Extension<Store>,
    Extension(work): Extension<Work>,
    Extension(library): Extension<Library>,
    Extension(deadlines): Extension<Deadlines>,
    Path(id): Path<String>,
    caller: Caller,
    body: Result<Json<TransitionBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let t = json_body(body)?;
    let to: State = t.to.parse().map_err(|_| {
        bad_body(
            "body.to",
            format!(
                "`{}` is not a state (ordered, planned, preparing, visited, preliminary, final, plan_required, plan_received, closed, cancelled)",
                crate::input::clip_text(&t.to, 40)
            ),
        )
    })?;
    if let Err(r) = caller::inspection(&store, &caller, Action::Transition(to), id).await {
        return Ok(r);
    }
    let actor = caller.0.subject.clone();
    let today = chrono::Utc::now().date_naive();
    for _attempt in 0..3 {
        let record = store.record(id).await.map_err(store_failed)?;
        let process = store.process(id).await.map_err(store_failed)?;
        let mut req = TransitionRequest {
            to,
            actor: actor.clone(),
            reason: t.reason.clone().filter(|r| !r.trim().is_empty()),
            base: record.head_version,
            document_facts: Facts::default(),
            version: None,
            inspectors: Vec::new(),
            visit_date: None,
            today,
            deadlines,
        };
        let mut located = Vec::new();
        if to == State::Planned {
            let visit = match &t.visit_date {
                Some(d) => Some(d.parse::<NaiveDate>().map_err(|_| {
                    bad_body(
                        "body.visit_date",
                        format!("`{d}` is not a date (YYYY-MM-DD)"),
                    )
                })?),
                None => None,
            };
            req.inspectors = t
                .inspectors
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            req.visit_date = visit;
            if let (Some(visit), 0) = (visit, record.head_version) {
                let doc = skeleton(&record, &req.inspectors, visit, &t.regulations)?;
                let lib = library.0.clone();
                req.version = Some(
                    work.run(move |_| {
                        let catalog = lib
                            .resolve(
                                doc.inspection.specialty.as_deref(),
                                doc.inspection.catalog.as_deref(),
                            )
                            .catalog;
                        let grading =
                            spur_grading::grade(&doc, &catalog, &spur_grading::Settings::default());
                        Prepared::graded(doc, &grading)
                            .map_err(|e| ApiError::internal(e.to_string()))
                    })
                    .await?,
                );
            }
        } else if record.head_version > 0 && process.state != to {
            let head = store
                .version(id, Some(record.head_version))
                .await
                .map_err(store_failed)?;
            let lib = library.0.clone();
            let (facts, problems, version) = work
                .run(move |_| {
                    let mut doc = head
                        .document()
                        .map_err(|e| ApiError::internal(e.to_string()))?;
                    let catalog = lib
                        .resolve(
                            doc.inspection.specialty.as_deref(),
                            doc.inspection.catalog.as_deref(),
                        )
                        .catalog;
                    let status = to.report_status();
                    let mut version = None;
                    // The document's `[report] status` follows the state: a new version only
                    // when it changes.
                    let follows = doc.report.status.unwrap_or_default() != status
                        && matches!(to, State::Preliminary | State::Final);
                    if follows {
                        doc.report.status = Some(status);
                        if doc.report.date.is_none() || status == ReportStatus::Final {
                            doc.report.date = Some(chrono::Utc::now().date_naive());
                        }
                    }
                    let grading =
                        spur_grading::grade(&doc, &catalog, &spur_grading::Settings::default());
                    let (facts, problems) = document_facts(&doc, &grading, &catalog, to);
                    if follows {
                        version = Some(
                            Prepared::graded(doc, &grading)
                                .map_err(|e| ApiError::internal(e.to_string()))?,
                        );
                    }
                    Ok::<_, ApiError>((facts, problems, version))
                })
                .await?;
            req.document_facts = facts;
            req.version = version;
            located = problems;
        }
        match store.transition(id, &req).await {
            Ok(_) => {
                return record_response(&store, id, StatusCode::OK, &caller).await;
            }
            Err(TransitionError::Moved) => continue,
            Err(TransitionError::Blocked(reasons)) => {
                // Validation's errors at the final strictness, each with its path and code.
                return Ok(refused(reasons, located, false));
            }
            Err(TransitionError::Store(e)) => return Err(store_failed(e)),
        }
    }
    Err(ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        problems: Problems::message(
            "the inspection kept changing while the transition was prepared; try again".into(),
        ),
    })
}

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

fn blocked(e: TransitionError) -> Result<Response, ApiError> {
    match e {
        TransitionError::Blocked(reasons) => Ok(refused(reasons, Vec::new(), false)),
        TransitionError::Moved => Err(ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            problems: Problems::message("the inspection changed meanwhile; try again".into()),
        }),
        TransitionError::Store(e) => Err(store_failed(e)),
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
    body: Result<Json<CommentBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let c = json_body(body)?;
    let text = c.text.trim();
    if text.is_empty() {
        return Err(bad_body("body.text", "the comment is empty".into()));
    }
    if text.chars().count() > 20_000 {
        return Err(bad_body(
            "body.text",
            "the comment is longer than 20 000 characters".into(),
        ));
    }
    let area = match c.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => Some(
            a.parse::<spur_core::AreaId>()
                .map_err(|_| {
                    bad_body(
                        "body.area",
                        format!("`{}` is not an area (A–H)", crate::input::clip_text(a, 20)),
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    if let Err(r) = caller::inspection(&store, &caller, Action::Comment, id).await {
        return Ok(r);
    }
    match store
        .comment(id, area.as_deref(), text, &caller.0.subject)
        .await
    {
        Ok(c) => Ok(json_response(StatusCode::CREATED, &c)),
        Err(e) => blocked(e),
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
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ReadComments, id).await {
        return Ok(r);
    }
    let comments = store.comments(id).await.map_err(store_failed)?;
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
    body: Result<Json<AnswerBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let comment = id_of(&comment)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::AnswerComment, id).await {
        return Ok(r);
    }
    let a = json_body(body)?;
    let c = store
        .answer_comment(
            id,
            comment,
            a.answer.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            &caller.0.subject,
        )
        .await
        .map_err(store_failed)?;
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
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::Comment, id).await {
        return Ok(r);
    }
    match store.factual_check_done(id, &caller.0.subject).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(e) => blocked(e),
    }
}

/// Content types an attachment may have, found by its first bytes (never by its name).
pub(crate) fn sniff_attachment(bytes: &[u8]) -> Option<&'static str> {
    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const ODT: &str = "application/vnd.oasis.opendocument.text";
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first.
        if bytes.len() > 38 + 39 && &bytes[30..38] == b"mimetype" {
            let rest = &bytes[38..];
            if rest.starts_with(ODT.as_bytes()) {
                return Some(ODT);
            }
            return None;
        }
        let names = zip_names(bytes)?;
        if names.iter().any(|n| n == "word/document.xml") {
            return Some(DOCX);
        }
        if names.iter().any(|n| n == "xl/workbook.xml") {
            return Some(XLSX);
        }
    }
    None
}

/// The entry names of a ZIP (central directory only: nothing is decompressed).
fn zip_names(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if archive.len() > 10_000 {
        return None;
    }
    Some(archive.file_names().map(str::to_string).collect())
}

/// Query of `POST /v1/inspections/{id}/attachments`.
#[derive(Debug, Deserialize)]
pub(crate) struct AttachQuery {
    name: Option<String>,
}

/// The attachments of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AttachmentList {
    /// The inspection.
    inspection: i64,
    /// Oldest first, without content (download each by its link).
    attachments: Vec<spur_store::Attachment>,
}

/// The largest attachment by default: 20 MB.
pub const DEFAULT_MAX_ATTACHMENT: usize = 20 * 1000 * 1000;

/// A file name fit for `Content-Disposition`: the last path part, printable ASCII and a few
/// safe characters only, at most 100 characters.
pub(crate) fn safe_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else if c.is_alphabetic() {
                // å, ä, ö and other letters: keep the name readable in ASCII.
                match c {
                    'å' | 'ä' => 'a',
                    'Å' | 'Ä' => 'A',
                    'ö' => 'o',
                    'Ö' => 'O',
                    _ => '_',
                }
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c == ' ');
    if trimmed.is_empty() {
        "bilaga".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Upload a document of the unit (PDF, DOCX, XLSX, ODT, PNG, JPEG — by content).
#[utoipa::path(post, path = "/v1/inspections/{id}/attachments", tag = "process", operation_id = "add_attachment",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("name" = Option<String>, Query, description = "The file's name (for downloads)."),
    ),
    request_body(description = "The file's bytes.", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored with its SHA-256.", body = ref("#/components/schemas/Attachment")),
        (status = 404, description = "No such inspection."),
        (status = 413, description = "Larger than the attachment limit."),
        (status = 415, description = "Not a PDF, DOCX, XLSX, ODT, PNG or JPEG by its content."),
    ))]
#[allow(clippy::too_many_arguments)] // an axum handler: one extractor per argument
pub(crate) async fn add_attachment(
    Extension(store): Extension<Store>,
    Extension(limit): Extension<AttachmentLimit>,
    Path(id): Path<String>,
    q: Result<Query<AttachQuery>, QueryRejection>,
    caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::UploadAttachment, id).await {
        return Ok(r);
    }
    let q = q.map(|Query(q)| q).unwrap_or(AttachQuery { name: None });
    let bytes = crate::input::body_bytes(body)?;
    if bytes.len() > limit.0 {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::body(
                format!("the file is larger than {} bytes", limit.0),
                Some("attachments are at most 20 MB unless the server says otherwise".into()),
            ),
        });
    }
    let Some(media_type) = sniff_attachment(&bytes) else {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            problems: Problems::body(
                "the file is not a PDF, DOCX, XLSX, ODT, PNG or JPEG (judged by its content)"
                    .into(),
                None,
            ),
        });
    };
    let name = safe_file_name(q.name.as_deref().unwrap_or("bilaga"));
    let a = store
        .attach(id, &name, media_type, &bytes, &caller.0.subject)
        .await
        .map_err(store_failed)?;
    Ok(json_response(StatusCode::CREATED, &a))
}

/// The documents the unit uploaded.
#[utoipa::path(get, path = "/v1/inspections/{id}/attachments", tag = "process", operation_id = "list_attachments",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "Every attachment, without content.", body = ref("#/components/schemas/AttachmentList")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn attachments(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ListAttachments, id).await {
        return Ok(r);
    }
    let attachments = store.attachments(id).await.map_err(store_failed)?;
    Ok(json_response(
        StatusCode::OK,
        &AttachmentList {
            inspection: id,
            attachments,
        },
    ))
}

/// Download an attachment: always as a download, never rendered inline.
#[utoipa::path(get, path = "/v1/inspections/{id}/attachments/{n}", tag = "process", operation_id = "get_attachment",
    params(("id" = i64, Path, description = "The inspection's id."), ("n" = i64, Path, description = "The attachment's id.")),
    responses(
        (status = 200, description = "The file, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.", content_type = "application/octet-stream"),
        (status = 404, description = "No such inspection or attachment."),
    ))]
pub(crate) async fn attachment(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = id_of(&id)?;
    let attachment = id_of(&attachment)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::DownloadAttachment, id).await {
        return Ok(r);
    }
    let (meta, content) = store
        .attachment(id, attachment)
        .await
        .map_err(store_failed)?;
    let disposition = format!("attachment; filename=\"{}\"", safe_file_name(&meta.name));
    let mut r = (StatusCode::OK, content).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&meta.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", meta.sha256)) {
        h.insert(header::ETAG, v);
    }
    Ok(r)
}

/// The largest attachment accepted, in bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttachmentLimit(pub usize);

/// One thing due.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct Due {
    /// What: `factual_check`, `handlingsplan`, `plan_entry`, `follow_up`, `reinspection`.
    kind: &'static str,
    /// The inspection.
    inspection: i64,
    /// The unit.
    unit: String,
    /// The last day, `YYYY-MM-DD`.
    due: NaiveDate,
    /// Days past the date (negative: days left).
    days_overdue: i64,
    /// The criterion, for plan entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    criterion: Option<String>,
    /// Swedish text.
    text_sv: String,
    /// English text.
    text_en: String,
}

/// What is due.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct DeadlineList {
    /// The day judged on.
    as_of: NaiveDate,
    /// Overdue first, then by date.
    items: Vec<Due>,
}

/// Everything due for one inspection on `as_of`.
pub(crate) fn dues(
    record: &spur_store::Record,
    process: &spur_store::Process,
    doc: Option<&InspectionDocument>,
    as_of: NaiveDate,
    deadlines: &Deadlines,
) -> Vec<Due> {
    let mut out = Vec::new();
    let mut push =
        |kind: &'static str, due: NaiveDate, criterion: Option<String>, sv: String, en: String| {
            out.push(Due {
                kind,
                inspection: record.id,
                unit: record.unit.clone(),
                due,
                days_overdue: (as_of - due).num_days(),
                criterion,
                text_sv: sv,
                text_en: en,
            });
        };
    let day = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| d.get(..10)?.parse::<NaiveDate>().ok())
    };
    if process.state == State::Preliminary
        && process.factual_check_done_at.is_none()
        && let Some(d) = day(&process.factual_check_due)
    {
        push(
            "factual_check",
            d,
            None,
            "Faktagranskning".into(),
            "Factual check".into(),
        );
    }
    if process.state == State::PlanRequired
        && let Some(d) = day(&process.plan_due)
    {
        push(
            "handlingsplan",
            d,
            None,
            "Handlingsplan".into(),
            "Handlingsplan".into(),
        );
    }
    if matches!(process.state, State::PlanReceived | State::PlanRequired)
        && let Some(plan) = doc.and_then(|d| d.handlingsplan.as_ref())
    {
        for e in &plan.entries {
            let done = matches!(
                e.status,
                Some(PlanStatus::Done | PlanStatus::VerifiedEffective | PlanStatus::NotEffective)
            );
            if let (Some(due), false) = (e.due, done) {
                push(
                    "plan_entry",
                    due,
                    Some(e.criterion.to_string()),
                    format!("Åtgärd {}", e.criterion),
                    format!("Action {}", e.criterion),
                );
            }
            let followed = matches!(
                e.status,
                Some(PlanStatus::VerifiedEffective | PlanStatus::NotEffective)
            );
            if let (Some(f), false) = (e.follow_up, followed) {
                push(
                    "follow_up",
                    f,
                    Some(e.criterion.to_string()),
                    format!("Uppföljning {}", e.criterion),
                    format!("Follow-up {}", e.criterion),
                );
            }
        }
    }
    if process.state == State::Closed
        && let Some(visit) = record
            .visit_date
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
    {
        push(
            "reinspection",
            deadlines.reinspection(visit),
            None,
            "Ny inspektion".into(),
            "Re-inspection".into(),
        );
    }
    out
}

/// Sort dues: overdue first (most overdue first), then by date.
pub(crate) fn sort_dues(items: &mut [Due]) {
    items.sort_by(|a, b| {
        (a.days_overdue <= 0, a.due, a.inspection, a.kind)
            .cmp(&(b.days_overdue <= 0, b.due, b.inspection, b.kind))
            .then_with(|| b.days_overdue.cmp(&a.days_overdue))
    });
}

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

/// Query of `GET /v1/deadlines`.
#[derive(Debug, Deserialize)]
pub(crate) struct DeadlineQuery {
    as_of: Option<String>,
}

/// Everything due on the inspections `principal` may see, overdue first.
async fn dues_for(
    store: &Store,
    principal: &crate::auth::Principal,
    as_of: NaiveDate,
    deadlines: &Deadlines,
) -> Result<Vec<Due>, ApiError> {
    let mut items = Vec::new();
    for (record, process) in store.with_process().await.map_err(store_failed)? {
        let facts = caller::facts(&record, process.inspectors.clone());
        if crate::auth::authorize(principal, Action::ReadRecord, &Resource::Inspection(facts))
            != crate::auth::Decision::Allow
        {
            continue;
        }
        let doc = if matches!(process.state, State::PlanRequired | State::PlanReceived)
            && record.head_version > 0
        {
            store
                .version(record.id, Some(record.head_version))
                .await
                .ok()
                .and_then(|v| v.document().ok())
        } else {
            None
        };
        items.extend(dues(&record, &process, doc.as_ref(), as_of, deadlines));
    }
    sort_dues(&mut items);
    Ok(items)
}

/// What is due for the caller: factual checks, handlingsplans, plan entries and their
/// follow-ups, re-inspections — overdue first.
#[utoipa::path(get, path = "/v1/deadlines", tag = "process", operation_id = "deadlines",
    params(("as_of" = Option<String>, Query, description = "The day to judge on, `YYYY-MM-DD` (default today).")),
    responses(
        (status = 200, description = "What is due.", body = ref("#/components/schemas/DeadlineList")),
        (status = 400, description = "A parameter is not valid."),
    ))]
pub(crate) async fn deadline_list(
    Extension(store): Extension<Store>,
    Extension(deadlines): Extension<Deadlines>,
    caller: Caller,
    q: Result<Query<DeadlineQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ReadDeadlines) {
        return Ok(r);
    }
    let q = crate::api::query(q)?;
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => chrono::Utc::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            bad_body(
                "query.as_of",
                format!(
                    "`{}` is not a date (YYYY-MM-DD)",
                    crate::input::clip_text(d, 40)
                ),
            )
        })?,
    };
    let items = dues_for(&store, &caller.0, as_of, &deadlines).await?;
    Ok(json_response(
        StatusCode::OK,
        &DeadlineList { as_of, items },
    ))
}

/// A new calendar feed.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct NewFeed {
    /// The feed's address: give it to a calendar app. It is shown once; anyone who has it sees
    /// your deadlines (revoke with `DELETE /v1/calendar`).
    url: String,
}

/// Create a personal calendar feed of the caller's deadlines (iCalendar).
#[utoipa::path(post, path = "/v1/calendar", tag = "process", operation_id = "create_calendar",
    responses((status = 201, description = "The feed's secret address, shown once.", body = ref("#/components/schemas/NewFeed"))))]
pub(crate) async fn create_calendar(
    Extension(store): Extension<Store>,
    caller: Caller,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ReadDeadlines) {
        return Ok(r);
    }
    let (secret, digest) =
        crate::auth::generate_token().map_err(|e| ApiError::internal(e.to_string()))?;
    let secret = secret
        .trim_start_matches(crate::auth::TOKEN_PREFIX)
        .to_string();
    let digest_hex = spur_store::sha256_hex(secret.as_bytes());
    let _ = digest;
    let p = &caller.0;
    store
        .create_feed(
            &digest_hex,
            &spur_store::Feed {
                subject: p.subject.clone(),
                role: p.role.to_string(),
                scope_kind: Some(p.scope.kind().to_string()),
                scope_value: p.scope.value().map(str::to_string),
            },
        )
        .await
        .map_err(store_failed)?;
    Ok(json_response(
        StatusCode::CREATED,
        &NewFeed {
            url: format!("/v1/calendar/{secret}.ics"),
        },
    ))
}

/// Revoke the caller's calendar feeds.
#[utoipa::path(delete, path = "/v1/calendar", tag = "process", operation_id = "revoke_calendar",
    responses((status = 204, description = "Every feed of the caller revoked.")))]
pub(crate) async fn revoke_calendar(
    Extension(store): Extension<Store>,
    caller: Caller,
) -> Result<Response, ApiError> {
    store
        .revoke_feeds(&caller.0.subject)
        .await
        .map_err(store_failed)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A calendar feed: the deadlines of the person who made it, as iCalendar. The feed id is the
/// credential (calendar apps cannot send headers); an unknown or revoked one is 404.
#[utoipa::path(get, path = "/v1/calendar/{feed}", tag = "process", operation_id = "calendar_feed",
    params(("feed" = String, Path, description = "The feed's secret id, with `.ics`.")),
    responses(
        (status = 200, description = "The deadlines as iCalendar.", content_type = "text/calendar"),
        (status = 404, description = "No such feed."),
    ))]
pub(crate) async fn calendar_feed(
    Extension(store): Extension<Store>,
    Extension(deadlines): Extension<Deadlines>,
    Path(feed): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError {
        status: StatusCode::NOT_FOUND,
        problems: Problems::message("no such calendar feed".into()),
    };
    let secret = feed.strip_suffix(".ics").ok_or_else(not_found)?;
    if secret.len() < 32 || secret.len() > 128 {
        return Err(not_found());
    }
    let Some(f) = store
        .feed(&spur_store::sha256_hex(secret.as_bytes()))
        .await
        .map_err(store_failed)?
    else {
        return Err(not_found());
    };
    let principal = crate::auth::Principal {
        subject: f.subject.clone(),
        role: f.role.parse().map_err(|_| not_found())?,
        scope: crate::auth::Scope::from_parts(
            f.scope_kind.as_deref().unwrap_or("all"),
            f.scope_value.as_deref(),
        )
        .map_err(|_| not_found())?,
        via: crate::auth::Via::Token {
            id: "calendar".into(),
        },
    };
    let today = chrono::Utc::now().date_naive();
    let items = dues_for(&store, &principal, today, &deadlines).await?;
    let mut ics = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//spur//SPUR deadlines//SV\r\nCALSCALE:GREGORIAN\r\n",
    );
    for d in &items {
        let uid = format!(
            "{}-{}-{}@spur",
            d.inspection,
            d.kind,
            d.criterion.as_deref().unwrap_or("")
        );
        let summary = format!("{}: {}", d.text_sv, d.unit);
        ics += "BEGIN:VEVENT\r\n";
        ics += &format!("UID:{}\r\n", spur_core::escape::ics_text(&uid));
        ics += &format!("DTSTAMP:{}T000000Z\r\n", today.format("%Y%m%d"));
        ics += &format!("DTSTART;VALUE=DATE:{}\r\n", d.due.format("%Y%m%d"));
        ics += &format!("SUMMARY:{}\r\n", spur_core::escape::ics_text(&summary));
        ics += "END:VEVENT\r\n";
    }
    ics += "END:VCALENDAR\r\n";
    let mut r = (StatusCode::OK, ics).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}
