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
    after_help = "Examples:\n  spur serve\n  spur serve --bind 127.0.0.1:9000\n  curl -s -H 'Content-Type: application/toml' --data-binary @fixtures/seed-vardcentral.toml http://127.0.0.1:8080/v1/grade"
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
}

/// Run `spur serve`: builds a tokio runtime here so the rest of the CLI stays synchronous.
pub fn run(args: Args) -> Result<ExitCode> {
    spur_server::init_tracing();
    let config = spur_server::Config {
        bind: args.bind,
        max_body: args.max_body,
        timeout: Duration::from_secs(args.timeout_secs),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match runtime.block_on(spur_server::serve(config)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e @ spur_server::Error::Bind { .. }) => Err(crate::io::bad_input(e.to_string())),
        Err(e) => Err(e.into()),
    }
}
