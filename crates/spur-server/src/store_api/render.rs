//! Renderings from a stored version (report, handlingsplan) and the regional overview, from the
//! stored documents and gradings (nothing is graded again).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use spur_report::Lang;
use spur_store::Store;

use spur_core::messages::Msg;

use crate::input::{ApiError, Library, Problems, clip_text, say};
use crate::request::{self, DefaultLang, ProblemLang};
use crate::work::Work;

use super::read::number_param;
use super::*;

use crate::auth::{Action, Resource};
use crate::caller::{self, Caller};

/// Query of the stored report and handlingsplan.
#[derive(Debug, Deserialize)]
pub(crate) struct StoredRenderQuery {
    format: Option<String>,
    lang: Option<String>,
    version: Option<String>,
    /// `true`: the survey appendix (the report only).
    survey: Option<String>,
}

impl request::LangParam for StoredRenderQuery {
    fn lang_param(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}

/// What to render: which document, in which language.
struct Render {
    version: spur_store::Version,
    doc_lang: Lang,
    /// The language of problems.
    lang: Lang,
}

async fn render_input(
    store: &Store,
    caller: &Caller,
    action: Action,
    id: &str,
    server_lang: DefaultLang,
    q: Result<Query<StoredRenderQuery>, QueryRejection>,
) -> Result<Result<(Render, StoredRenderQuery), Response>, ApiError> {
    // The language of what is answered before the query is read: its `lang` if it is one.
    let early = q
        .as_ref()
        .ok()
        .and_then(|Query(q)| q.lang.as_deref()?.trim().parse().ok())
        .unwrap_or_else(|| server_lang.problems());
    let id = id_of(id, early)?;
    let record = match caller::inspection(store, caller, action, id, early).await {
        Ok(r) => r,
        Err(r) => return Ok(Err(r)),
    };
    if record.head_version == 0 {
        return Err(ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(say(early, Msg::ApiNoDocumentYet, &[])),
        });
    }
    let begun = request::begin_with(q, server_lang, |_| Ok(()))?;
    let (doc_lang, lang) = (begun.doc_lang(), begun.lang);
    let q = begun.q;
    let n = number_param("version", q.version.as_deref(), 1..=i64::MAX, lang)?;
    let version = store.version(id, n).await.map_err(store_failed(lang))?;
    Ok(Ok((
        Render {
            version,
            doc_lang,
            lang,
        },
        q,
    )))
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
        request::within_budget(
            job,
            input.version.toml.len(),
            &doc,
            ext,
            request::render_cost(ext),
            input.lang,
        )?;
        let catalog = library
            .resolve(
                doc.inspection.specialty.as_deref(),
                doc.inspection.catalog.as_deref(),
            )
            .catalog;
        job.check()?;
        let graded = spur_grading::Graded::stored(doc, catalog, grading);
        let bytes = render(&graded, input.doc_lang).map_err(request::render_failed)?;
        request::bounded(bytes, job, input.lang)
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
        ("survey" = Option<bool>, Query, description = "`true`: the pre-visit survey's summary as an appendix (`md`, `html`, `docx` and `pdf`, not `json`; groups under three answers withheld)."),
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
    let format = request::report_format(q.format.as_deref(), render.lang)?;
    let appendix = match crate::survey_api::report_appendix(
        &store,
        &caller,
        &id,
        (q.survey.as_deref(), render.lang),
        format,
    )
    .await?
    {
        Ok(a) => a,
        Err(r) => return Ok(r),
    };
    let (number, doc_lang, lang) = (render.version.info.number, render.doc_lang, render.lang);
    // Read before rendering (no transaction is held while rendering): the audit chain's head,
    // printed by a final report, and the coordinator's corrections up to this version, the
    // report's history.
    let chain_head = store
        .audit_head()
        .await
        .map_err(store_failed(lang))?
        .map(|(seq, hash)| spur_report::ChainHead { seq, hash });
    let corrections = store
        .versions(id_of(&id, lang)?)
        .await
        .map_err(store_failed(lang))?
        .into_iter()
        .filter(|v| v.number <= number)
        .filter_map(|v| {
            Some(spur_report::Correction {
                reason: spur_store::correction_reason(&v)?.to_string(),
                version: v.number,
                by: v.author,
                at: v.saved_at,
            })
        })
        .collect();
    let from_store = spur_report::FromStore {
        chain_head,
        corrections,
        // DOCX and PDF render the survey appendix themselves; Markdown and HTML get the
        // survey's own after rendering.
        appendix: appendix
            .as_ref()
            .filter(|(_, target)| target.is_none())
            .map(|(summary, _)| crate::survey_api::rendered_appendix(summary, doc_lang)),
    };
    let bytes = render_stored(
        &work,
        library,
        render,
        format.extension(),
        move |graded, lang| {
            spur_report::render_report_in_store(graded, format, lang, None, &from_store)
        },
    )
    .await?;
    let bytes = crate::survey_api::with_appendix(bytes, appendix, doc_lang);
    let name = format!("spur-rapport.{}", format.extension());
    Ok(request::file(bytes, format.media_type(), name, &[]))
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
    let format = request::plan_format(q.format.as_deref(), render.lang)?;
    let bytes = render_stored(
        &work,
        library,
        render,
        format.extension(),
        move |graded, lang| spur_report::render_handlingsplan(graded, format, lang),
    )
    .await?;
    let name = format!("handlingsplan.{}", format.extension());
    Ok(request::file(bytes, format.media_type(), name, &[]))
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
    ProblemLang(lang): ProblemLang,
    q: Result<Query<OverviewQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    if let Err(r) = caller::store_wide(&caller, Action::Overview, lang) {
        return Ok(r);
    }
    let q = request::query(q, lang)?;
    let as_of = match q.as_of.as_deref().map(str::trim) {
        None | Some("") => chrono::Local::now().date_naive(),
        Some(d) => spur_core::parse_date(d).ok_or_else(|| {
            ApiError::bad_request(Problems::parameter(
                "query.as_of",
                say(lang, Msg::ApiNotADate, &[("value", &clip_text(d, 40))]),
                Some(say(lang, Msg::ApiDateHint, &[])),
            ))
        })?,
    };
    let years = number_param(
        "reinspect_years",
        q.reinspect_years.as_deref(),
        1..=100,
        lang,
    )?
    .unwrap_or(5);
    // Only the inspections whose report the caller may read (a region: its units' final
    // reports).
    let mut heads = Vec::new();
    let mut appointed = store.appointed().await.map_err(store_failed(lang))?;
    for head in store.overview_heads().await.map_err(store_failed(lang))? {
        let inspectors = appointed.remove(&head.record.id).unwrap_or_default();
        let facts = caller::facts(&head.record, inspectors);
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
            request::bounded(ov.to_json().into_bytes(), job, lang)
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}
