//! The HTTP router in-process (no socket) with structured requests: any method, one of the
//! paths plus fuzzed query strings, hostile headers (Content-Type, Host, Content-Length, Expect)
//! and bodies that are either raw bytes or the seed with bytes spliced in. Never a 500, never a
//! panic, and every error answer is problem JSON.
#![no_main]

use std::sync::OnceLock;

use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const SEED: &str = include_str!("../../fixtures/seed-vardcentral.toml");
/// A small body cap, so the fuzzer reaches the 413 paths with small inputs.
const MAX_BODY: usize = 64 * 1024;
const PATHS: &[&str] = &[
    "/",
    "/healthz",
    "/openapi.json",
    "/v1/catalog",
    "/v1/schema/inspection",
    "/v1/validate",
    "/v1/grade",
    "/v1/report",
    "/v1/handlingsplan",
    "/v1/handlingsplan/import",
    "/handlingsplan",
    "/v1/followup",
    "/v1/convert",
    "/assets/app.js",
];
const TYPES: &[&str] = &[
    "application/json",
    "application/toml",
    "application/toml; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
];
const HOSTS: &[&str] = &["127.0.0.1:8080", "localhost", "[::1]:8080", "evil.example"];

#[derive(Debug, Arbitrary)]
struct Fuzzed {
    method: u8,
    path: u8,
    query: String,
    content_type: u8,
    host: Option<u8>,
    content_length: Option<u32>,
    expect_continue: bool,
    seed_body: bool,
    splice_at: u16,
    body: Vec<u8>,
}

/// The router, built once (its job pool and limits are shared by all runs, as in the server).
fn app() -> &'static axum::Router {
    static APP: OnceLock<axum::Router> = OnceLock::new();
    APP.get_or_init(|| {
        let config = spur_server::Config {
            max_body: MAX_BODY,
            ..spur_server::Config::default()
        };
        spur_server::router(&config)
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|f: Fuzzed| {
    let method =
        ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"][usize::from(f.method) % 7];
    let mut uri = PATHS[usize::from(f.path) % PATHS.len()].to_string();
    if !f.query.is_empty() {
        let q: String = f
            .query
            .chars()
            .filter(|c| c.is_ascii_graphic() && *c != '#')
            .take(200)
            .collect();
        uri.push('?');
        uri.push_str(&q);
    }
    let body = if f.seed_body {
        let mut b = SEED.as_bytes().to_vec();
        let at = usize::from(f.splice_at) % (b.len() + 1);
        b.splice(at..at, f.body.iter().copied());
        b
    } else {
        f.body.clone()
    };
    let mut req = Request::builder().method(method).uri(uri.as_str());
    let ct = TYPES[usize::from(f.content_type) % TYPES.len()];
    if !ct.is_empty() {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    if let Some(h) = f.host {
        req = req.header(header::HOST, HOSTS[usize::from(h) % HOSTS.len()]);
    }
    if let Some(n) = f.content_length {
        req = req.header(header::CONTENT_LENGTH, n.to_string());
    }
    if f.expect_continue {
        req = req.header(header::EXPECT, "100-continue");
    }
    let Ok(req) = req.body(Body::from(body)) else {
        return;
    };
    let head = method == "HEAD";
    runtime().block_on(async move {
        let response = app()
            .clone()
            .oneshot(req)
            .await
            .expect("the router is infallible");
        let status = response.status();
        assert!(status.as_u16() != 500, "a 500 for fuzzed input");
        if status.is_client_error() || status.is_server_error() {
            let ct = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            assert_eq!(
                ct, "application/problem+json",
                "{status} without problem JSON"
            );
            if head {
                return;
            }
            let body = to_bytes(response.into_body(), 1 << 20)
                .await
                .expect("a bounded error body");
            let v: serde_json::Value = serde_json::from_slice(&body).expect("problem JSON parses");
            assert!(v["message"].is_string());
        }
    });
});
