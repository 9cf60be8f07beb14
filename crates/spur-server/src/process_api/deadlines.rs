//! Deadlines: what is due for the caller (`GET /v1/deadlines`) and the personal calendar feeds.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{InspectionDocument, PlanStatus};
use spur_store::Store;
use spur_store::workflow::{Deadlines, State};

use super::bad_body;
use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};
use crate::input::{ApiError, Problems, say};
use crate::input::{json_response, store_failed};
use crate::request::ProblemLang;
use spur_core::Lang;
use spur_core::messages::Msg;

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

/// Query of `GET /v1/deadlines`.
#[derive(Debug, Deserialize)]
pub(crate) struct DeadlineQuery {
    as_of: Option<String>,
}

/// Everything due on the inspections `principal` may see, overdue first (a failure in
/// `lang`).
async fn dues_for(
    store: &Store,
    principal: &crate::auth::Principal,
    as_of: NaiveDate,
    deadlines: &Deadlines,
    lang: Lang,
) -> Result<Vec<Due>, ApiError> {
    let mut items = Vec::new();
    for (record, process) in store.with_process().await.map_err(store_failed(lang))? {
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
    ProblemLang(lang): ProblemLang,
    q: Result<Query<DeadlineQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ReadDeadlines, lang) {
        return Ok(r);
    }
    let q = crate::request::query(q, lang)?;
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => chrono::Utc::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            bad_body(
                "query.as_of",
                say(
                    lang,
                    Msg::ApiNotADay,
                    &[("value", &crate::input::clip_text(d, 40))],
                ),
            )
        })?,
    };
    let items = dues_for(&store, &caller.0, as_of, &deadlines, lang).await?;
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
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::ReadDeadlines, lang) {
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
        .map_err(store_failed(lang))?;
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
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    store
        .revoke_feeds(&caller.0.subject)
        .await
        .map_err(store_failed(lang))?;
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
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let not_found = || ApiError {
        status: StatusCode::NOT_FOUND,
        problems: Problems::message(say(lang, Msg::ApiNoCalendarFeed, &[])),
    };
    let secret = feed.strip_suffix(".ics").ok_or_else(not_found)?;
    if secret.len() < 32 || secret.len() > 128 {
        return Err(not_found());
    }
    let Some(f) = store
        .feed(&spur_store::sha256_hex(secret.as_bytes()))
        .await
        .map_err(store_failed(lang))?
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
    let items = dues_for(&store, &principal, today, &deadlines, lang).await?;
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
