//! `spur serve`: the HTTP API and the browser form (crate `spur-server`).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

/// Serve the HTTP API (`/v1/...`, `/openapi.json`) and the browser form (`/`).
///
/// Binds to 127.0.0.1 (this machine only) unless --bind says otherwise; the API has no
/// authentication, so put it behind a proxy that has before binding to other addresses.
/// Stops on Ctrl-C or SIGTERM after finishing the requests in flight. Logs go to stderr
/// (level from SPUR_LOG: error, warn, info, debug, trace); bodies are never logged.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur serve\n  spur serve --store sqlite:spur-data/spur.db\n  spur serve --stateless\n  spur serve --bind 127.0.0.1:9000\n  curl -s -H 'Content-Type: application/toml' --data-binary @fixtures/seed-vardcentral.toml http://127.0.0.1:8080/v1/grade"
)]
pub struct Args {
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Largest accepted request body in bytes (larger bodies get 413).
    #[arg(long, value_name = "BYTES", default_value_t = spur_server::DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Longest time one request may take, upload included (slower requests get 503).
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    timeout_secs: u64,
    /// Seconds a client has to send a request's headers (slower connections are closed).
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_secs: u64,
    /// Seconds an idle keep-alive connection stays open.
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_IDLE_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_secs: u64,
    /// Open connections at most (further ones get 503 and are closed).
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_MAX_CONNECTIONS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    max_connections: usize,
    /// Seconds a shutdown waits for open connections before closing them.
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_SHUTDOWN_GRACE.as_secs())]
    shutdown_grace_secs: u64,
    /// Documents read, graded or rendered at once at most (default: the number of CPUs, at
    /// least 2); further ones wait in the queue.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    max_jobs: Option<usize>,
    /// Documents waiting for a free job slot at most; when the queue is full too, requests get
    /// 503 at once.
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_MAX_QUEUE)]
    max_queue: usize,
    /// Memory budget per request, in bytes per byte of body (renderings over it get 413).
    #[arg(long, value_name = "N", default_value_t = spur_server::DEFAULT_MEMORY_FACTOR, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    memory_factor: usize,
    /// Largest answer in bytes (larger answers get 413).
    #[arg(long, value_name = "BYTES", default_value_t = spur_server::DEFAULT_MAX_ANSWER)]
    max_answer: usize,
    /// Another host name clients may use in `Host` (besides the bind address, localhost and
    /// loopback addresses); repeat for several. Other hosts get 421.
    #[arg(long = "allowed-host", value_name = "NAME")]
    allowed_hosts: Vec<String>,
    /// Directory of user catalog files (indicator sets, catalog versions); repeatable. The
    /// directories in SPUR_CATALOG_PATH are searched too. A document chooses its indicator set
    /// by `[inspection] specialty`.
    #[arg(long = "catalog-dir", value_name = "DIR")]
    catalog_dirs: Vec<std::path::PathBuf>,
    /// The store of inspections and their versions: `sqlite:PATH` or `postgres://USER@HOST/DB`
    /// [default: $SPUR_STORE, else sqlite:spur-data/spur.db, created with its migrations on
    /// first start].
    #[arg(long, value_name = "URL", conflicts_with = "stateless")]
    store: Option<String>,
    /// The server configuration (TOML): `[[oidc]]` issuers whose bearer tokens sign people in,
    /// `[[webhook]]` receivers of the process's notifications. See docs/deploy.md.
    #[arg(long, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    /// Largest attachment a unit may upload, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 20_000_000)]
    max_attachment: usize,
    /// Days a unit has for the factual check of the preliminary report.
    #[arg(long, value_name = "DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=365))]
    factual_check_days: u32,
    /// No store: only the stateless endpoints (`/v1/validate`, `/v1/grade`, …), as before.
    #[arg(long)]
    stateless: bool,
}

/// Run `spur serve`: builds a tokio runtime here so the rest of the CLI stays synchronous.
pub fn run(args: Args) -> Result<ExitCode> {
    spur_server::init_tracing();
    let config = spur_server::Config {
        bind: args.bind,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout_secs),
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs),
        max_connections: args.max_connections,
        shutdown_grace: Duration::from_secs(args.shutdown_grace_secs),
        max_jobs: args.max_jobs.unwrap_or_else(spur_server::default_max_jobs),
        max_queue: args.max_queue,
        memory_factor: args.memory_factor,
        max_answer: args.max_answer,
        allowed_hosts: args.allowed_hosts,
        // `--lang` (global) only: the environment does not choose for the server's users.
        lang: crate::lang::serve_default(),
        catalog_dirs: args.catalog_dirs,
        store: (!args.stateless).then(|| super::store::resolve_store(args.store.as_deref())),
        settings: match &args.config {
            Some(path) => spur_server::auth::ServerConfig::load(path)
                .map_err(|e| crate::io::bad_input(format!("error: {e}")))?,
            None => spur_server::auth::ServerConfig::default(),
        },
        settings_dir: args
            .config
            .as_deref()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .unwrap_or_else(|| std::path::PathBuf::from(".")),
        max_attachment: args.max_attachment,
        factual_check_days: args.factual_check_days,
    };
    // Bad catalog files stop the server before it starts, with every problem located.
    crate::io::load_library(None, &config.catalog_dirs)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(spur_server::serve(config));
    // The grace period is over: documents still in work on blocking threads (a render answered
    // 503, or cut off by the shutdown) are not waited for — dropping the runtime would wait for
    // them, and the process would outlive its grace period by as long as they take.
    runtime.shutdown_background();
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e @ spur_server::Error::Bind { .. }) => Err(crate::io::bad_input(e.to_string())),
        Err(e @ spur_server::Error::Store(spur_store::Error::Url(_))) => {
            Err(crate::io::bad_input(format!("error: {e}")))
        }
        Err(e) => Err(e.into()),
    }
}
