//! The SPUR process over HTTP (issue 31): orders, transitions, the factual check's comments,
//! the unit's handlingsplan answer, attachments, deadlines and calendar feeds. The rules are
//! `spur_store::workflow`'s; every write is one store transaction with its audit event.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, Path};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use spur_core::{Inspection, InspectionDocument, PlanStatus, Regulation, ReportStatus, Strictness};
use spur_store::workflow::{Deadlines, Facts, State};
use spur_store::{Prepared, Store, TransitionError, TransitionRequest};

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};
use crate::input::{ApiError, Library, Problems, say};
use crate::input::{id_of, store_failed};
use crate::request::{ProblemLang, json_body};
use crate::store_api::{record_response, refused};
use crate::work::Work;
use spur_core::Lang;
use spur_core::messages::Msg;

mod attachments;
mod comments;
mod deadlines;
mod plan;

pub use attachments::DEFAULT_MAX_ATTACHMENT;
pub(crate) use attachments::*;
pub(crate) use comments::*;
pub(crate) use deadlines::*;
pub(crate) use plan::*;

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

fn bad_body(path: &str, message: String) -> ApiError {
    ApiError::bad_request(Problems::parameter(path, message, None))
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
    ProblemLang(lang): ProblemLang,
    body: Result<Json<OrderRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let o = json_body(body, lang)?;
    if o.unit.trim().is_empty() {
        return Err(bad_body("body.unit", say(lang, Msg::ApiUnitEmpty, &[])));
    }
    let new = Resource::New {
        unit: o.unit.trim().to_string(),
        region: o.region.clone().unwrap_or_default(),
        specialty: o.specialty.clone().unwrap_or_default(),
    };
    if let Some(r) =
        crate::auth::decision_response(crate::auth::authorize(&caller.0, Action::Order, &new), lang)
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
        .map_err(store_failed(lang))?;
    let mut r = record_response(&store, id, StatusCode::CREATED, &caller, lang).await?;
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
    lang: Lang,
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
                        say(lang, Msg::ApiNotARegulation, &[("value", r)]),
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

/// What keeps the head version from `to`: validation's errors at the target's strictness
/// ([`Strictness::Final`] before publishing), located in the stored TOML (`version N`, line
/// and column) as a save's errors are.
fn problems_at(
    head: &spur_store::Version,
    library: &spur_core::CatalogLibrary,
    to: State,
) -> Vec<spur_core::Diagnostic> {
    if to != State::Final {
        return Vec::new();
    }
    let file = format!("version {}", head.info.number);
    let checked = InspectionDocument::check_in_at(
        &head.toml,
        &file,
        spur_core::Format::Toml,
        library,
        spur_core::Warnings::Skip,
        Strictness::Final,
    );
    checked
        .checked
        .diagnostics
        .0
        .into_iter()
        .filter(spur_core::Diagnostic::is_error)
        .collect()
}

/// What the document says about a transition: problems at the target's strictness, D areas,
/// the plan's state. Computed on the work pool, outside any transaction.
fn document_facts(
    doc: &InspectionDocument,
    grading: &spur_grading::Grading,
    problems: Vec<spur_core::Diagnostic>,
) -> (Facts, Vec<spur_core::Diagnostic>) {
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
    ProblemLang(lang): ProblemLang,
    body: Result<Json<TransitionBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let t = json_body(body, lang)?;
    let to: State = t.to.parse().map_err(|_| {
        bad_body(
            "body.to",
            say(
                lang,
                Msg::ApiNotAState,
                &[("value", &crate::input::clip_text(&t.to, 40))],
            ),
        )
    })?;
    if let Err(r) = caller::inspection(&store, &caller, Action::Transition(to), id, lang).await {
        return Ok(r);
    }
    // During `plan_required`, `{"to": "plan_required", "reason": …}` returns the unit's plan
    // with the reason (the state stays; the unit is told why).
    if to == State::PlanRequired
        && store.process(id).await.map_err(store_failed(lang))?.state == State::PlanRequired
    {
        return plan::returned(
            &store,
            &work,
            &library,
            id,
            &caller,
            t.reason.as_deref().unwrap_or(""),
            lang,
        )
        .await;
    }
    let actor = caller.0.subject.clone();
    let today = chrono::Utc::now().date_naive();
    for _attempt in 0..3 {
        let record = store.record(id).await.map_err(store_failed(lang))?;
        let process = store.process(id).await.map_err(store_failed(lang))?;
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
                        say(lang, Msg::ApiNotADay, &[("value", d)]),
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
                let doc = skeleton(&record, &req.inspectors, visit, &t.regulations, lang)?;
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
                .map_err(store_failed(lang))?;
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
                    let problems = problems_at(&head, &lib, to);
                    let (facts, problems) = document_facts(&doc, &grading, problems);
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
                return record_response(&store, id, StatusCode::OK, &caller, lang).await;
            }
            Err(TransitionError::Moved) => continue,
            Err(TransitionError::Blocked(reasons)) => {
                // Validation's errors at the final strictness, each with its path and code.
                return Ok(refused(reasons, located, lang));
            }
            Err(TransitionError::Store(e)) => return Err(store_failed(lang)(e)),
        }
    }
    Err(ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        problems: Problems::message(say(lang, Msg::ApiTransitionRetry, &[])),
    })
}
