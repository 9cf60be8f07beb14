//! # spur-server
//!
//! spur over HTTP, for regional systems written in any language, and a browser form so that
//! inspectors never have to hand-write TOML.
//!
//! ## The API
//! JSON in and out, with the same models and schemas as the library (the full description is
//! `GET /openapi.json`, committed as `docs/openapi.json`):
//!
//! | endpoint | does |
//! |---|---|
//! | `POST /v1/validate` | every problem of an inspection document, with locations |
//! | `POST /v1/grade[?tolerance=N]` | the grading JSON (`docs/grading-json.md`) |
//! | `POST /v1/report?format=html\|md\|docx\|pdf\|json&lang=sv\|en` | the SPUR report; a JSON body `{"inspection": …, "previous": …}` adds the comparison with the previous inspection |
//! | `POST /v1/compare` | the comparison of two inspections of one unit (JSON body `{"previous": …, "current": …}`; what `spur compare --format json` prints) |
//! | `POST /v1/handlingsplan?format=md\|html\|docx\|pdf\|csv\|toml&lang=sv\|en` | the handlingsplan template |
//! | `POST /v1/handlingsplan/import` | the unit's filled template (DOCX, CSV, XLSX, TOML, JSON) merged into the inspection, with located problems and the regrade (JSON body, see `ImportRequest`) |
//! | `POST /v1/followup?as_of=YYYY-MM-DD` | the state of every handlingsplan entry on a date |
//! | `POST /v1/convert?to=json\|toml` | the document re-written in the other format (used by the form) |
//! | `GET /v1/catalog` | the embedded criteria catalog |
//! | `GET /v1/schema/{inspection\|catalog\|grading\|followup}` | JSON Schemas |
//! | `GET /openapi.json`, `GET /healthz` | API description, liveness |
//! | `GET /` | the inspection form, graded in the page by WebAssembly (assets under `/assets/`) |
//! | `GET /handlingsplan` | the unit's handlingsplan answer page |
//! | `GET /sign-in`, `POST /sign-in`, `GET /sign-in/region`, `GET /sign-in/callback`, `POST /sign-out` | browser sign-in with an API token or the region's OIDC code flow (PKCE); a session cookie (with a store) |
//! | `GET /start` | the signed-in person's start page: what they have to do next |
//!
//! With a store (`spur serve --store URL`, the default; not with `--stateless`), the stored
//! inspections and their append-only versions (crate `spur-store`, `docs/store.md`):
//!
//! | endpoint | does |
//! |---|---|
//! | `POST /v1/inspections` | a document → a new inspection (201, `Location`, `ETag`) |
//! | `GET /v1/inspections?unit=&region=&specialty=&year=&limit=&cursor=` | a page of records (`{"items", "next"}`) |
//! | `GET /v1/inspections/{id}` | the record: unit, region, specialty, visit date, head version, who saved it and when, links |
//! | `GET /v1/inspections/{id}/document` | the head document (JSON; TOML for `Accept: application/toml`) with a strong `ETag` |
//! | `PUT /v1/inspections/{id}/document` | a new version; `If-Match` required (428 without, 412 with the changes when stale) |
//! | `GET /v1/inspections/{id}/versions`, `…/versions/{n}`, `…/diff?from=N&to=M` | the history, one version's document, what changed |
//! | `GET /v1/inspections/{id}/report?format=…&version=N`, `…/handlingsplan?format=…&version=N` | rendered from a stored version and its stored grading |
//! | `GET /v1/inspections/{id}/audit` | the audit events of the inspection |
//! | `GET /v1/overview` | the regional overview of every stored head (the JSON of `spur overview`) |
//!
//! Documents are sent as the request body with `Content-Type: application/json` or
//! `application/toml`; any other type, or none, is **415** (so a web page cannot post one
//! cross-origin without a preflight). A body that cannot be read (bad syntax, not UTF-8, empty)
//! is **400**; a document that reads but has errors is **422**; both carry
//! `{"message", "errors": [...], "warnings": [...]}` with spur-core's located
//! [`Diagnostic`](spur_core::Diagnostic)s (file name `request`, at most [`MAX_LISTED`] of each)
//! — the problems `spur validate` prints. Every error answer, 404 and 405 included, is
//! `application/problem+json`. A body over the limit is **413** (at once when its
//! `Content-Length` says so), a rendering over the memory budget **413**, a request that takes
//! longer than the timeout or finds the server busy **503** with `Retry-After`, a `Host` that
//! is not this server **421**. User input never causes a 500.
//!
//! Documents are read, graded and rendered on a bounded pool of blocking threads, never on the
//! async workers, so `/healthz` answers however busy the server is. Connections have a
//! header-read timeout, an idle timeout and a cap; a shutdown waits at most a grace period. See
//! `docs/security.md` for every limit and its flag.
//!
//! The stateless endpoints keep nothing; the store's are described above. The server binds to
//! `127.0.0.1` by default. Logs (tracing) carry method,
//! path, status and latency — never bodies or query strings.
//!
//! ```no_run
//! # async fn run() -> Result<(), spur_server::Error> {
//! let config = spur_server::Config::default();
//! spur_server::serve(config).await
//! # }
//! ```
#![forbid(unsafe_code)]

mod api;
pub mod auth;
mod caller;
mod conn;
mod cookie;
mod guard;
mod import;
mod input;
mod openapi;
mod previous;
mod process_api;
mod request;
mod schemas;
mod sign_in;
mod store_api;
mod survey_api;
mod web;
pub mod webhook;
mod work;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;

pub use input::{MAX_LISTED, Problems};
pub use openapi::openapi_json;
pub use schemas::{SCHEMA_NAMES, schema};
pub use web::{offline_form_html, offline_form_html_in};

/// The default request body limit: 2 MiB.
pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;
/// The default per-request timeout: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time a client has to send a request's headers: 10 seconds.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time an idle keep-alive connection stays open: 5 seconds.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// The default grace period of a graceful shutdown: 10 seconds.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// The default maximum of open connections: 512.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// The default memory budget per request, in bytes per byte of body (at least 64 KiB of body
/// is assumed): 64.
pub const DEFAULT_MEMORY_FACTOR: usize = 64;
/// The default largest answer: 32 MiB.
pub const DEFAULT_MAX_ANSWER: usize = 32 * 1024 * 1024;

/// The default number of documents waiting for a slot: 64.
pub const DEFAULT_MAX_QUEUE: usize = 64;

/// The default number of documents in work at once: the number of CPUs (at least 2).
pub fn default_max_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

/// How the server runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on; `127.0.0.1:8080` by default (loopback only).
    pub bind: SocketAddr,
    /// Largest accepted request body in bytes; larger bodies get 413 (a larger declared
    /// `Content-Length` before any of the body is read).
    pub max_body: usize,
    /// Longest time one request may take, body upload included; slower requests get 503 with
    /// `Retry-After` and their work is cancelled.
    pub timeout: Duration,
    /// Longest time a client may take to send a request's headers (also the longest wait for
    /// the next request on a keep-alive connection); then the connection is closed.
    pub header_timeout: Duration,
    /// A keep-alive connection with no traffic for this long is closed.
    pub idle_timeout: Duration,
    /// Open connections at most; further connections get a 503 and are closed.
    pub max_connections: usize,
    /// How long a graceful shutdown waits for open connections before closing them.
    pub shutdown_grace: Duration,
    /// Documents read, graded or rendered at once at most; further ones wait in the queue.
    pub max_jobs: usize,
    /// Documents waiting for a slot at most; when they are all taken, further requests get 503
    /// at once.
    pub max_queue: usize,
    /// Memory budget of a request, in bytes per byte of body (at least 64 KiB of body is
    /// assumed); renderings estimated over it get 413 before they start.
    pub memory_factor: usize,
    /// Largest answer body in bytes; larger answers get 413.
    pub max_answer: usize,
    /// Host names (besides the bind address, `localhost` and the loopback addresses) that
    /// requests may name in `Host`; other hosts get 421.
    pub allowed_hosts: Vec<String>,
    /// The language of answers to requests without `?lang=` (`spur serve --lang`); `None`:
    /// English, except the report and the handlingsplan template (Swedish documents).
    pub lang: Option<spur_core::Lang>,
    /// Directories of user catalog files (indicator sets such as a kardiologi set, catalog
    /// versions), as `spur serve --catalog-dir`; the directories of `SPUR_CATALOG_PATH` are
    /// added by [`catalog_library`]. Documents choose their set by `[inspection] specialty`.
    pub catalog_dirs: Vec<std::path::PathBuf>,
    /// The store URL (`sqlite:PATH` or `postgres://…`, `spur serve --store`): inspections and
    /// their versions under `/v1/inspections` and `/v1/overview`, opened (and migrated) when
    /// the server starts. `None`: stateless, as `spur serve --stateless`.
    pub store: Option<String>,
    /// The configuration file's settings (`spur serve --config FILE`): OIDC issuers and
    /// webhooks.
    pub settings: auth::ServerConfig,
    /// The directory relative paths in the configuration file are read from.
    pub settings_dir: std::path::PathBuf,
    /// The largest attachment a unit may upload, in bytes (default 20 MB).
    pub max_attachment: usize,
    /// Days the unit has for its factual check (default 14).
    pub factual_check_days: u32,
}

/// The catalogs and indicator sets the server grades with: the embedded ones, `config`'s
/// `catalog_dirs` and `SPUR_CATALOG_PATH`.
///
/// # Errors
///
/// A directory that cannot be read, or a file in it that is not a valid indicator set or
/// catalog (every problem, located).
pub fn catalog_library(config: &Config) -> Result<spur_core::CatalogLibrary, spur_core::Error> {
    let mut library = spur_core::CatalogLibrary::embedded();
    let env = spur_core::CatalogLibrary::env_dirs()
        .into_iter()
        .filter(|d| d.is_dir());
    for dir in config.catalog_dirs.iter().cloned().chain(env) {
        library.add_dir(&dir)?;
    }
    Ok(library)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body: DEFAULT_MAX_BODY,
            timeout: DEFAULT_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            shutdown_grace: DEFAULT_SHUTDOWN_GRACE,
            max_jobs: default_max_jobs(),
            max_queue: DEFAULT_MAX_QUEUE,
            memory_factor: DEFAULT_MEMORY_FACTOR,
            max_answer: DEFAULT_MAX_ANSWER,
            allowed_hosts: Vec::new(),
            lang: None,
            catalog_dirs: Vec::new(),
            store: None,
            settings: auth::ServerConfig::default(),
            settings_dir: std::path::PathBuf::from("."),
            max_attachment: process_api::DEFAULT_MAX_ATTACHMENT,
            factual_check_days: 14,
        }
    }
}

/// Everything that can stop the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address could not be bound (in use, not permitted, not local).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The store could not be opened or migrated.
    #[error("cannot open the store: {0}")]
    Store(#[source] spur_store::Error),
    /// The server failed while running.
    #[error("the server failed: {0}")]
    Serve(#[source] std::io::Error),
}

/// The whole application: API, browser form, limits, timeout, panic guard and request logs.
///
/// Usable in-process (e.g. with `tower::ServiceExt::oneshot`) or served with [`serve_on`].
pub fn router(config: &Config) -> Router {
    router_with(config, None)
}

/// [`router`] with a store behind it: the stateless routes and the store's resources
/// (`/v1/inspections…`, `/v1/overview`). Without a store those paths answer 404.
pub fn router_with(config: &Config, store: Option<spur_store::Store>) -> Router {
    let timeout = config.timeout;
    let work = work::Work::new(
        config.max_jobs,
        config.max_queue,
        config.memory_factor,
        config.max_answer,
    );
    let hosts = Arc::new(guard::Hosts::new(config.bind.ip(), &config.allowed_hosts));
    Router::new()
        .route("/", get(web::index))
        .route("/handlingsplan", get(web::handlingsplan_page))
        .route("/assets/{name}", get(web::assets))
        .route("/healthz", get(api::healthz))
        .route("/openapi.json", get(openapi::openapi))
        .route("/v1/catalog", get(api::catalog))
        .route("/v1/schema/{name}", get(api::schema))
        .route("/v1/validate", post(api::validate))
        .route("/v1/grade", post(api::grade))
        .route("/v1/report", post(api::report))
        .route("/v1/compare", post(previous::compare))
        .route("/v1/handlingsplan", post(api::handlingsplan))
        .route("/v1/handlingsplan/import", post(import::import))
        .route("/v1/followup", post(api::followup))
        .route("/v1/convert", post(api::convert))
        .merge(store_routes(config, store))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(Extension(work))
        .layer(Extension(request::DefaultLang(config.lang)))
        .layer(Extension(input::Library(Arc::new(
            catalog_library(config).unwrap_or_else(|e| {
                tracing::error!("catalog directories: {e}; grading with the embedded catalog");
                spur_core::CatalogLibrary::embedded()
            }),
        ))))
        .layer(middleware::from_fn_with_state(timeout, limit_time))
        .layer(middleware::from_fn_with_state(
            (
                config.max_body,
                config.max_attachment,
                request::DefaultLang(config.lang),
            ),
            guard::check_length,
        ))
        .layer(middleware::from_fn_with_state(
            (hosts, request::DefaultLang(config.lang)),
            guard::check_host,
        ))
        .layer(middleware::from_fn_with_state(
            request::DefaultLang(config.lang),
            guard::problem_errors,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .layer(middleware::from_fn(log_request))
}

/// A calendar feed's secret is its path (calendar apps send no headers), so a wrong one counts
/// as a failed sign-in from the client's address, as a wrong survey link does: once the budget
/// (`[sign_in] failures_per_minute`) is spent, every feed request from that address answers 429
/// with `Retry-After` until the window has passed. A 256-bit secret cannot be guessed anyway;
/// this keeps guesses from costing a database lookup each (issue 33: feeds not enumerable).
async fn limit_feed_guesses(req: Request, next: Next) -> Response {
    let Some(auth) = req.extensions().get::<auth::Authenticator>().cloned() else {
        return next.run(req).await;
    };
    let ip = req
        .extensions()
        .get::<caller::Peer>()
        .map_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), |p| {
            p.0.ip()
        });
    let peer = auth::limit::client_address(ip, req.headers(), &auth.trusted_proxies);
    let now = Instant::now();
    if let Err(wait) = auth.limiter.check(peer, now) {
        return auth::AuthError::RateLimited {
            retry_after: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
        }
        .into_response();
    }
    let response = next.run(req).await;
    if response.status() == StatusCode::NOT_FOUND {
        auth.limiter.record_failure(peer, now);
    }
    response
}

/// The store's resources, when there is a store: every one behind sign-in
/// ([`caller::Caller`]) and [`auth::authorize`].
fn store_routes(config: &Config, store: Option<spur_store::Store>) -> Router {
    let Some(store) = store else {
        return Router::new();
    };
    let authenticator = auth::Authenticator {
        tokens: Arc::new(caller::StoreTokens(store.clone())),
        oidc: Arc::new(auth::Oidc::from_config(
            &config.settings,
            &config.settings_dir,
        )),
        limiter: Arc::new(auth::FailureLimiter::new(
            config.settings.sign_in.failures_per_minute,
            auth::DEFAULT_WINDOW,
        )),
        trusted_proxies: Arc::from(config.settings.sign_in.trusted_proxies.clone()),
    };
    let deadlines = spur_store::workflow::Deadlines {
        factual_check_days: config.factual_check_days,
        ..spur_store::workflow::Deadlines::default()
    };
    let sessions = cookie::Sessions::from_config(config);
    Router::new()
        .route(
            "/sign-in",
            get(sign_in::sign_in_form).post(sign_in::sign_in_submit),
        )
        .route("/sign-in/region", get(sign_in::sign_in_region))
        .route("/sign-in/callback", get(sign_in::sign_in_callback))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/start", get(sign_in::start))
        .route("/v1/me", get(me))
        .route("/v1/orders", post(process_api::order))
        .route(
            "/v1/inspections/{id}/transitions",
            post(process_api::transition),
        )
        .route(
            "/v1/inspections/{id}/comments",
            get(process_api::comments).post(process_api::add_comment),
        )
        .route(
            "/v1/inspections/{id}/comments/{comment}/answer",
            post(process_api::answer_comment),
        )
        .route(
            "/v1/inspections/{id}/factual-check",
            post(process_api::factual_check_done),
        )
        .route(
            "/v1/inspections/{id}/attachments",
            get(process_api::attachments)
                .post(process_api::add_attachment)
                .layer(DefaultBodyLimit::max(
                    config.max_attachment.max(config.max_body),
                )),
        )
        .route(
            "/v1/inspections/{id}/attachments/{n}",
            get(process_api::attachment),
        )
        .route(
            "/v1/inspections/{id}/survey",
            post(survey_api::open).delete(survey_api::close),
        )
        .route(
            "/v1/inspections/{id}/survey/summary",
            get(survey_api::summary),
        )
        .route(
            "/survey/{secret}",
            get(survey_api::page).post(survey_api::answer),
        )
        .route("/v1/deadlines", get(process_api::deadline_list))
        .route(
            "/v1/calendar",
            post(process_api::create_calendar).delete(process_api::revoke_calendar),
        )
        .route(
            "/v1/calendar/{feed}",
            get(process_api::calendar_feed).layer(middleware::from_fn(limit_feed_guesses)),
        )
        .route(
            "/v1/inspections",
            post(store_api::create).get(store_api::list),
        )
        .route("/v1/inspections/{id}", get(store_api::record))
        .route(
            "/v1/inspections/{id}/document",
            get(store_api::document).put(store_api::save),
        )
        .route("/v1/inspections/{id}/versions", get(store_api::versions))
        .route("/v1/inspections/{id}/versions/{n}", get(store_api::version))
        .route("/v1/inspections/{id}/diff", get(store_api::diff))
        .route(
            "/v1/inspections/{id}/report",
            get(store_api::inspection_report),
        )
        .route(
            "/v1/inspections/{id}/handlingsplan",
            get(store_api::inspection_handlingsplan).put(process_api::answer_plan),
        )
        .route(
            "/v1/inspections/{id}/handlingsplan/return",
            post(process_api::return_plan),
        )
        .route("/v1/inspections/{id}/corrections", post(store_api::correct))
        .route("/v1/inspections/{id}/audit", get(store_api::audit))
        .route("/v1/overview", get(store_api::overview))
        .layer(Extension(store))
        .layer(Extension(authenticator))
        .layer(Extension(sessions))
        .layer(Extension(deadlines))
        .layer(Extension(process_api::AttachmentLimit(
            config.max_attachment,
        )))
}

/// `GET /v1/me`: who the caller is and what they may do.
#[utoipa::path(get, path = "/v1/me", tag = "store", operation_id = "me",
    responses(
        (status = 200, description = "The signed-in principal and the actions its role allows.", body = ref("#/components/schemas/Me")),
        (status = 401, description = "Not signed in."),
    ))]
pub(crate) async fn me(
    caller: caller::Caller,
    session: Option<Extension<cookie::CookieSession>>,
    sessions: Option<Extension<cookie::Sessions>>,
) -> Response {
    let mut me = auth::me(&caller.0);
    // Signed in by the session cookie: the page's CSRF token, for its state-changing requests.
    if let (Some(Extension(s)), Some(Extension(k))) = (session, sessions) {
        me.csrf_token = Some(auth::session::csrf_token(&k.key, &s.id));
    }
    axum::Json(me).into_response()
}

/// Bind `config.bind` and serve until Ctrl-C or SIGTERM, then finish the requests in flight.
pub async fn serve(config: Config) -> Result<(), Error> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| Error::Bind {
            addr: config.bind,
            source,
        })?;
    serve_on(listener, &config, shutdown_signal()).await
}

/// Serve on an already bound listener until `shutdown` completes, then finish the requests in
/// flight (graceful shutdown, at most `config.shutdown_grace`). The listener's address takes the
/// place of `config.bind`; tests and the load example bind `127.0.0.1:0` themselves.
pub async fn serve_on<F>(listener: TcpListener, config: &Config, shutdown: F) -> Result<(), Error>
where
    F: Future<Output = ()> + Send + 'static,
{
    let mut config = config.clone();
    if let Ok(addr) = listener.local_addr() {
        config.bind = addr;
        tracing::info!("spur-server listening on http://{addr}");
        if !addr.ip().is_loopback() {
            tracing::warn!(
                "listening on a non-loopback address: the API has no authentication; put it behind a proxy that has"
            );
        }
    }
    if config.settings.sign_in.session_key_file.is_some()
        && let Err(e) = config.settings.sign_in.session_key(&config.settings_dir)
    {
        return Err(Error::Serve(std::io::Error::other(e.to_string())));
    }
    let store = match &config.store {
        Some(url) => {
            let store = spur_store::Store::open(url).await.map_err(Error::Store)?;
            tracing::info!("store: {:?} backend", store.backend());
            Some(store)
        }
        None => None,
    };
    let webhooks = match (&store, config.settings.webhook.is_empty()) {
        (Some(store), false) => Some(tokio::spawn(webhook::run(
            store.clone(),
            config.settings.webhook.clone(),
            Duration::from_secs(1),
        ))),
        _ => None,
    };
    conn::run(
        listener,
        router_with(&config, store.clone()),
        &config,
        shutdown,
    )
    .await;
    if let Some(w) = webhooks {
        w.abort();
    }
    if let Some(store) = store {
        store.close().await;
    }
    tracing::info!("spur-server stopped");
    Ok(())
}

/// Log to stderr at the level named by `SPUR_LOG` (`error`, `warn`, `info` — the default —,
/// `debug`, `trace`). Does nothing when a subscriber is already installed.
pub fn init_tracing() {
    let level = std::env::var("SPUR_LOG")
        .ok()
        .and_then(|l| l.trim().parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// One log line per request: method, path, status, latency. No bodies, no query strings
/// (documents hold personal data). Also sets `X-Content-Type-Options: nosniff` on every response.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let start = Instant::now();
    let mut response = next.run(req).await;
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    let status = response.status().as_u16();
    if response.status().is_server_error() {
        tracing::warn!(%method, %path, status, latency_ms, "request");
    } else {
        tracing::info!(%method, %path, status, latency_ms, "request");
    }
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Give up on a request (body upload included) after the configured time: 503.
async fn limit_time(State(timeout): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => Problems::message(format!(
            "the request took longer than {} s; try again, or send a smaller document",
            timeout.as_secs_f64()
        ))
        .into_response_with(StatusCode::SERVICE_UNAVAILABLE),
    }
}

/// A panic is a bug in spur, never the user's fault: answer 500 instead of dropping the
/// connection.
fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    Problems::message("internal error: this is a bug in spur-server, please report it".to_string())
        .into_response_with(StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_is_loopback_with_limits() {
        let c = Config::default();
        assert!(c.bind.ip().is_loopback());
        assert_eq!(c.max_body, 2 * 1024 * 1024);
        assert!(c.timeout > Duration::ZERO);
    }

    #[test]
    fn panics_become_json_500() {
        let r = on_panic(Box::new("boom"));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
