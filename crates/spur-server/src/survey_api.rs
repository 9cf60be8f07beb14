//! The pre-visit survey over HTTP (issue 32): inspectors or the coordinator open an
//! inspection's survey (state `preparing`) and receive one-time links, shown once; respondents
//! answer at `/survey/{secret}` without signing in (the secret is the credential); the summary
//! withholds the figures of a group of supervisors or ST-läkare under three answers.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::Lang;
use spur_store::Store;
use spur_store::workflow::State;
use spur_survey::{Group, Response as Answers, Survey};

use crate::auth::{Action, Authenticator};
use crate::caller::{self, Caller};
use spur_core::messages::Msg;

use crate::input::{ApiError, Problems, say};
use crate::input::{id_of, json_response, store_failed};
use crate::request::ProblemLang;

/// The body of `POST /v1/inspections/{id}/survey`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OpenSurvey {
    /// Links to make per group (`verksamhetschef`, `studierektor`, `handledare`, `st-lakare`).
    respondents: std::collections::BTreeMap<String, usize>,
}

/// One link.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct SurveyLinkOut {
    /// The respondent group.
    group: String,
    /// The link to hand out: works once, until the survey is closed.
    url: String,
}

/// The links of an opened survey, shown once (only their digests are kept).
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct OpenedSurvey {
    /// The inspection.
    inspection: i64,
    /// One per respondent.
    links: Vec<SurveyLinkOut>,
}

/// The most links per group and opening.
pub const MAX_LINKS: usize = 500;

fn survey_of(record: &spur_store::Record) -> Survey {
    Survey::embedded(record.specialty.as_deref())
        .or_else(|_| Survey::embedded(None))
        .expect("the embedded default survey is valid")
}

/// Open the survey of an inspection in `preparing` and make one-time links per group.
#[utoipa::path(post, path = "/v1/inspections/{id}/survey", tag = "survey", operation_id = "open_survey",
    params(("id" = i64, Path, description = "The inspection's id.")),
    request_body = ref("#/components/schemas/OpenSurvey"),
    responses(
        (status = 201, description = "The links, shown once.", body = ref("#/components/schemas/OpenedSurvey")),
        (status = 400, description = "Not a request for links."),
        (status = 404, description = "No such inspection."),
        (status = 409, description = "The inspection is not in `preparing`."),
    ))]
pub(crate) async fn open(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
    body: Result<Json<OpenSurvey>, JsonRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::OpenSurvey, id, lang).await {
        return Ok(r);
    }
    let o = crate::request::json_body(body, lang)?;
    let mut counts = Vec::new();
    for (name, n) in &o.respondents {
        let group = Group::from_name(name).ok_or_else(|| {
            ApiError::bad_request(Problems::parameter(
                &format!("body.respondents.{}", crate::input::clip_text(name, 40)),
                say(lang, Msg::ApiNotAGroup, &[]),
                None,
            ))
        })?;
        if *n > MAX_LINKS {
            return Err(ApiError::bad_request(Problems::parameter(
                &format!("body.respondents.{}", group.id()),
                say(lang, Msg::ApiLinksPerGroup, &[("max", &MAX_LINKS)]),
                None,
            )));
        }
        counts.push((group.id().to_string(), *n));
    }
    let process = store.process(id).await.map_err(store_failed(lang))?;
    if process.state != State::Preparing {
        return Err(ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::message(say(
                lang,
                Msg::ApiSurveyNotPreparing,
                &[("state", &process.state)],
            )),
        });
    }
    let links = store
        .open_survey(id, &counts, &caller.0.subject)
        .await
        .map_err(store_failed(lang))?;
    Ok(json_response(
        StatusCode::CREATED,
        &OpenedSurvey {
            inspection: id,
            links: links
                .into_iter()
                .map(|(group, secret)| SurveyLinkOut {
                    group,
                    url: format!("/survey/{secret}"),
                })
                .collect(),
        },
    ))
}

/// Close the survey: its links stop working.
#[utoipa::path(delete, path = "/v1/inspections/{id}/survey", tag = "survey", operation_id = "close_survey",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 204, description = "Closed."),
        (status = 404, description = "No such inspection, or no open survey."),
    ))]
pub(crate) async fn close(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::OpenSurvey, id, lang).await {
        return Ok(r);
    }
    store
        .close_survey(id, &caller.0.subject)
        .await
        .map_err(store_failed(lang))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Query of the summary.
#[derive(Debug, Deserialize)]
pub(crate) struct SummaryQuery {
    format: Option<String>,
    lang: Option<String>,
    margin: Option<String>,
}

/// The survey's summary per area, statement and group.
#[utoipa::path(get, path = "/v1/inspections/{id}/survey/summary", tag = "survey", operation_id = "survey_summary",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("format" = Option<String>, Query, description = "`json` (default), `html`, `md` or `csv`."),
        ("lang" = Option<String>, Query, description = "`sv` (default) or `en` (html, md, csv)."),
        ("margin" = Option<String>, Query, description = "How far the share positive of paired statements may differ before a discrepancy is flagged (0–1)."),
    ),
    responses(
        (status = 200, description = "The summary; a group of supervisors or ST-läkare under three answers is `suppressed` with no figures.", body = ref("#/components/schemas/SurveySummary")),
        (status = 400, description = "A parameter is not valid."),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn summary(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(problems): ProblemLang,
    q: Result<Query<SummaryQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, problems)?;
    let record =
        match caller::inspection(&store, &caller, Action::ReadSurveySummary, id, problems).await {
            Ok(r) => r,
            Err(r) => return Ok(r),
        };
    let q = crate::request::query(q, problems)?;
    let margin = match q.margin.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => spur_survey::DEFAULT_MARGIN,
        Some(m) => m
            .parse::<f64>()
            .ok()
            .filter(|m| (0.0..=1.0).contains(m))
            .ok_or_else(|| {
                ApiError::bad_request(Problems::parameter(
                    "query.margin",
                    say(problems, Msg::ApiMargin, &[]),
                    None,
                ))
            })?,
    };
    let lang = match q.lang.as_deref() {
        Some("en") => Lang::En,
        Some("sv") | None => Lang::Sv,
        Some(_) => {
            return Err(ApiError::bad_request(Problems::parameter(
                "query.lang",
                say(problems, Msg::ApiLangSvEn, &[]),
                None,
            )));
        }
    };
    let s = summary_of(&store, &record, margin, problems).await?;
    Ok(match q.format.as_deref() {
        None | Some("json") => {
            ([(header::CONTENT_TYPE, "application/json")], s.to_json()).into_response()
        }
        Some("html") => Html(s.to_html(lang)).into_response(),
        Some("md") => (
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            s.to_markdown(lang),
        )
            .into_response(),
        Some("csv") => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            s.to_csv(lang)
                .map_err(|e| ApiError::internal(format!("the CSV could not be written: {e}")))?,
        )
            .into_response(),
        Some(_) => {
            return Err(ApiError::bad_request(Problems::parameter(
                "query.format",
                say(problems, Msg::ApiSummaryFormat, &[]),
                None,
            )));
        }
    })
}

/// The summary of the answers stored for `record`'s inspection (a failure in `lang`).
async fn summary_of(
    store: &Store,
    record: &spur_store::Record,
    margin: f64,
    lang: Lang,
) -> Result<spur_survey::SurveySummary, ApiError> {
    let survey = survey_of(record);
    let mut responses = Vec::new();
    for (_, _, json) in store
        .survey_answers(record.id)
        .await
        .map_err(store_failed(lang))?
    {
        if let Ok(r) = serde_json::from_str::<Answers>(&json) {
            responses.push(r);
        }
    }
    Ok(spur_survey::summarize(&survey, &responses, margin))
}

/// The survey appendix the stored report asked for with `survey=true` on
/// `GET /v1/inspections/{id}/report`: the summary with the Markdown or HTML appendix format
/// to append after rendering, or `None` as the format for DOCX and PDF, which render it
/// themselves ([`spur_report::FromStore::appendix`]). `Ok(None)` without it,
/// `Err(response)` when the caller may not read the summary.
///
/// # Errors
///
/// 400 for a `survey` that is not `true`/`false`, or for the `json` report.
pub(crate) async fn report_appendix(
    store: &Store,
    caller: &Caller,
    id: &str,
    (survey, lang): (Option<&str>, Lang),
    format: spur_report::ReportFormat,
) -> Result<
    Result<
        Option<(
            spur_survey::SurveySummary,
            Option<spur_survey::AppendixFormat>,
        )>,
        Response,
    >,
    ApiError,
> {
    let wanted = match survey.map(str::trim) {
        None | Some("false" | "0" | "") => false,
        Some("true" | "1") => true,
        Some(_) => {
            return Err(ApiError::bad_request(Problems::parameter(
                "query.survey",
                say(lang, Msg::ApiSurveyFlag, &[]),
                None,
            )));
        }
    };
    if !wanted {
        return Ok(Ok(None));
    }
    let target = match format {
        spur_report::ReportFormat::Markdown => Some(spur_survey::AppendixFormat::Markdown),
        spur_report::ReportFormat::Html => Some(spur_survey::AppendixFormat::Html),
        spur_report::ReportFormat::Docx | spur_report::ReportFormat::Pdf => None,
        spur_report::ReportFormat::Json => {
            return Err(ApiError::bad_request(Problems::parameter(
                "query.survey",
                say(lang, Msg::ApiSurveyJson, &[]),
                None,
            )));
        }
    };
    let id = id_of(id, lang)?;
    let record = match caller::inspection(store, caller, Action::ReadSurveySummary, id, lang).await
    {
        Ok(r) => r,
        Err(r) => return Ok(Err(r)),
    };
    let summary = summary_of(store, &record, spur_survey::DEFAULT_MARGIN, lang).await?;
    Ok(Ok(Some((summary, target))))
}

/// `report` with the appendix of [`report_appendix`], if any.
pub(crate) fn with_appendix(
    report: Vec<u8>,
    appendix: Option<(
        spur_survey::SurveySummary,
        Option<spur_survey::AppendixFormat>,
    )>,
    lang: Lang,
) -> Vec<u8> {
    match appendix {
        Some((summary, Some(target))) => summary
            .append_to_report(&String::from_utf8_lossy(&report), target, lang)
            .into_bytes(),
        _ => report,
    }
}

/// The survey appendix as the DOCX and PDF report render it (the same content as the
/// Markdown and HTML appendix).
pub(crate) fn rendered_appendix(
    summary: &spur_survey::SurveySummary,
    lang: Lang,
) -> spur_report::Appendix {
    spur_report::Appendix {
        title: spur_survey::appendix_title(lang),
        parts: summary.appendix_parts(lang),
    }
}

/// A page of the survey link saying `msg` in Swedish, then in English.
fn page_status(status: StatusCode, msg: Msg) -> Response {
    page_status_text(status, msg.template(Lang::Sv), msg.template(Lang::En))
}

fn page_status_text(status: StatusCode, sv: &str, en: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Enkät</title><link rel=\"stylesheet\" href=\"/assets/survey.css\"></head>\n<body><main><h1>Enkät</h1><p>{}</p><p lang=\"en\">{}</p></main></body>\n</html>\n",
        spur_core::escape::html(sv),
        spur_core::escape::html(en)
    );
    let mut r = (status, Html(html)).into_response();
    no_store(&mut r);
    r
}

fn no_store(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// A link's secret as it must look (43 URL-safe characters): anything else is not looked up.
fn plausible(secret: &str) -> bool {
    secret.len() == 43
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn guard(
    auth: &Authenticator,
    peer: std::net::IpAddr,
    store: &Store,
    secret: &str,
) -> Result<spur_store::SurveyLink, Response> {
    let now = std::time::Instant::now();
    if let Err(wait) = auth.limiter.check(peer, now) {
        let mut r = page_status(StatusCode::TOO_MANY_REQUESTS, Msg::SurveyTooMany);
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.as_secs().max(1)),
        );
        return Err(r);
    }
    let found = if plausible(secret) {
        store.survey_link(secret).await.ok().flatten()
    } else {
        None
    };
    let Some(link) = found else {
        auth.limiter.record_failure(peer, now);
        return Err(page_status(StatusCode::NOT_FOUND, Msg::SurveyNoSuchLink));
    };
    if link.used {
        return Err(page_status(StatusCode::GONE, Msg::SurveyLinkUsed));
    }
    if link.closed {
        return Err(page_status(StatusCode::GONE, Msg::SurveyClosed));
    }
    Ok(link)
}

fn peer_of(
    headers: &HeaderMap,
    peer: Option<&caller::Peer>,
    auth: &Authenticator,
) -> std::net::IpAddr {
    let ip = peer.map_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), |p| {
        p.0.ip()
    });
    crate::auth::limit::client_address(ip, headers, &auth.trusted_proxies)
}

/// Query of the survey page.
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    lang: Option<String>,
}

/// The survey page of a link (no sign-in: the link is the credential).
pub(crate) async fn page(
    Extension(store): Extension<Store>,
    Extension(auth): Extension<Authenticator>,
    peer: Option<Extension<caller::Peer>>,
    Path(secret): Path<String>,
    q: Result<Query<PageQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let ip = peer_of(&headers, peer.as_ref().map(|Extension(p)| p), &auth);
    let link = match guard(&auth, ip, &store, &secret).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let lang = match q.ok().and_then(|Query(q)| q.lang) {
        Some(l) if l == "en" => Lang::En,
        _ => Lang::Sv,
    };
    let Some(group) = Group::from_name(&link.group) else {
        return page_status(StatusCode::NOT_FOUND, Msg::SurveyNoLink);
    };
    let record = match store.record(link.inspection_id).await {
        Ok(r) => r,
        Err(_) => return page_status(StatusCode::NOT_FOUND, Msg::SurveyNoLink),
    };
    let survey = survey_of(&record);
    let html = spur_survey::survey_page(
        &survey,
        group,
        lang,
        &format!("/survey/{secret}"),
        "/assets",
    );
    let mut r = Html(html).into_response();
    no_store(&mut r);
    r
}

/// The answers of a link: taken once, kept with the group and the day only.
pub(crate) async fn answer(
    Extension(store): Extension<Store>,
    Extension(auth): Extension<Authenticator>,
    peer: Option<Extension<caller::Peer>>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let ip = peer_of(&headers, peer.as_ref().map(|Extension(p)| p), &auth);
    let link = match guard(&auth, ip, &store, &secret).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let Ok(body) = body else {
        return page_status(StatusCode::BAD_REQUEST, Msg::SurveyUnreadable);
    };
    let Some(group) = Group::from_name(&link.group) else {
        return page_status(StatusCode::NOT_FOUND, Msg::SurveyNoLink);
    };
    let record = match store.record(link.inspection_id).await {
        Ok(r) => r,
        Err(_) => return page_status(StatusCode::NOT_FOUND, Msg::SurveyNoLink),
    };
    let survey = survey_of(&record);
    let fields: Vec<(String, String)> = form_urlencoded(&body);
    let today = chrono::Utc::now().date_naive();
    let response = match Answers::from_form(
        &survey,
        group,
        today,
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ) {
        Ok(r) => r,
        Err(e) => {
            return page_status_text(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("Svaren kunde inte tas emot: {e}"),
                "The answers could not be taken; go back and check them.",
            );
        }
    };
    let json = serde_json::to_string(&response).unwrap_or_default();
    match store.answer_survey(&secret, &json).await {
        Ok(Ok(())) => {
            let mut r = Html(spur_survey::thanks_page(Lang::Sv, "/assets")).into_response();
            no_store(&mut r);
            r
        }
        Ok(Err(spur_store::SurveyRefusal::Used)) => {
            page_status(StatusCode::GONE, Msg::SurveyLinkUsed)
        }
        Ok(Err(spur_store::SurveyRefusal::Closed)) => {
            page_status(StatusCode::GONE, Msg::SurveyClosed)
        }
        Ok(Err(spur_store::SurveyRefusal::Unknown)) => {
            page_status(StatusCode::NOT_FOUND, Msg::SurveyNoLink)
        }
        Err(e) => {
            tracing::warn!("survey answer: {e}");
            page_status(StatusCode::SERVICE_UNAVAILABLE, Msg::SurveyNotSaved)
        }
    }
}

/// `application/x-www-form-urlencoded` pairs (a JSON object of strings is taken too).
fn form_urlencoded(body: &[u8]) -> Vec<(String, String)> {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
        return map
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect();
    }
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|p| !p.is_empty())
        .take(2000)
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_decode() {
        let pairs = form_urlencoded(b"H.S1=stammer_helt&H.fritext=Bra+%C3%A5terkoppling%21&x=%");
        assert_eq!(pairs[0], ("H.S1".into(), "stammer_helt".into()));
        assert_eq!(pairs[1], ("H.fritext".into(), "Bra återkoppling!".into()));
        assert_eq!(pairs[2], ("x".into(), "%".into()));
    }

    #[test]
    fn only_plausible_secrets_are_looked_up() {
        assert!(plausible(&"a".repeat(43)));
        assert!(!plausible(&"a".repeat(42)));
        assert!(!plausible(&format!("{}/", "a".repeat(42))));
    }
}
