//! The HTTP router in-process (no socket), store routes included: the fuzzer's bytes choose the
//! method, one of the paths (the stateless endpoints and every store route with real, foreign,
//! absent and malformed ids), a query string, a credential, hostile headers (Content-Type, Host,
//! Content-Length) and a body (raw bytes, or the seed or a route's JSON with bytes spliced in).
//! Never a 500, never a panic, and every API error answer is problem JSON. The request and the
//! oracle are `crates/spur-server/tests/support/router_fuzz.rs`, which `tests/router_loop.rs`
//! also runs without cargo-fuzz.
#![no_main]

#[path = "../../crates/spur-server/tests/support/router_fuzz.rs"]
mod router_fuzz;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// The router over a store, built once (its job pool, limits and store are shared by all runs,
/// as in the server).
fn app() -> &'static router_fuzz::App {
    static APP: OnceLock<router_fuzz::App> = OnceLock::new();
    APP.get_or_init(|| router_fuzz::app(runtime()))
}

fuzz_target!(|data: &[u8]| {
    runtime().block_on(router_fuzz::one(app(), data));
});
