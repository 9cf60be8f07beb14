//! One fuzzed request to the whole router, store routes included (issue 33 item 8): what the
//! libFuzzer target `fuzz/fuzz_targets/router.rs` and the time-budgeted loop
//! `tests/router_loop.rs` share. The input's bytes choose the method, one of the paths (the
//! stateless endpoints and every store route, with real, foreign, absent and malformed ids), a
//! query string, a credential (an admin's, a unit's, a revoked one, garbage, none), hostile
//! headers and a body (raw bytes, or the seed with bytes spliced in). The oracle: never a 500,
//! never a panic, and every JSON API error is problem JSON.
#![allow(dead_code)]

use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use tower::ServiceExt;

const SEED: &str = include_str!("../../../../fixtures/seed-vardcentral.toml");
/// A small body cap, so the 413 paths are reached with small inputs.
pub const MAX_BODY: usize = 64 * 1024;

/// The paths; `{id}` becomes a real, a foreign, an absent or a malformed id.
pub const PATHS: &[&str] = &[
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
    // The store.
    "/v1/me",
    "/v1/orders",
    "/v1/overview",
    "/v1/deadlines",
    "/v1/calendar",
    "/v1/calendar/{id}.ics",
    "/v1/inspections",
    "/v1/inspections/{id}",
    "/v1/inspections/{id}/document",
    "/v1/inspections/{id}/versions",
    "/v1/inspections/{id}/versions/{id}",
    "/v1/inspections/{id}/diff",
    "/v1/inspections/{id}/report",
    "/v1/inspections/{id}/handlingsplan",
    "/v1/inspections/{id}/audit",
    "/v1/inspections/{id}/transitions",
    "/v1/inspections/{id}/comments",
    "/v1/inspections/{id}/comments/{id}/answer",
    "/v1/inspections/{id}/factual-check",
    "/v1/inspections/{id}/attachments",
    "/v1/inspections/{id}/attachments/{id}",
    "/v1/inspections/{id}/survey",
    "/v1/inspections/{id}/survey/summary",
    "/survey/{id}",
];
const IDS: &[&str] = &[
    "1",
    "2",
    "0",
    "-1",
    "999999999",
    "9223372036854775808",
    "abc",
    "1e3",
    "%00",
    "..%2f..",
    "01",
];
const TYPES: &[&str] = &[
    "application/json",
    "application/toml",
    "application/toml; charset=utf-8",
    "application/octet-stream",
    "text/plain",
    "application/x-www-form-urlencoded",
    "",
];
const HOSTS: &[&str] = &["127.0.0.1:8080", "localhost", "[::1]:8080", "evil.example"];
const BODIES: &[&str] = &[
    r#"{"to":"final"}"#,
    r#"{"to":"planned","inspectors":["A"],"visit_date":"2026-01-01"}"#,
    r#"{"to":"cancelled","reason":"x"}"#,
    r#"{"unit":"Vårdcentralen Exempel (seed-enheten)","region":"Västra Götalandsregionen"}"#,
    r#"{"text":"kommentar","area":"A"}"#,
    r#"{"answer":"svar"}"#,
    r#"{"respondents":{"st-lakare":2,"handledare":1}}"#,
    r#"{"respondents":{"st-lakare":99999999999}}"#,
];

/// The router over a store with two inspections, and the credentials the inputs choose from.
pub struct App {
    pub router: axum::Router,
    pub tokens: Vec<String>,
    _dir: tempfile::TempDir,
}

/// Build the app (once per process in the fuzz target).
pub fn app(rt: &tokio::runtime::Runtime) -> App {
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store =
            spur_store::Store::open(&format!("sqlite:{}", dir.path().join("fuzz.db").display()))
                .await
                .expect("a store");
        let mut tokens = Vec::new();
        for (name, role, scope) in [
            ("admin", "admin", None),
            (
                "unit",
                "unit",
                Some(("unit", "Vårdcentralen Exempel (seed-enheten)")),
            ),
            ("revoked", "admin", None),
        ] {
            let (token, _) = spur_server::auth::generate_token().expect("randomness");
            let t = store
                .create_token(
                    &spur_store::NewToken {
                        name: name.into(),
                        role: role.into(),
                        scope_kind: scope.map(|s: (&str, &str)| s.0.to_string()),
                        scope_value: scope.map(|s| s.1.to_string()),
                        expires_at: None,
                    },
                    &token,
                    "fuzz",
                )
                .await
                .expect("a token");
            if name == "revoked" {
                store.revoke_token(t.id, "fuzz").await.expect("revoked");
            }
            tokens.push(token);
        }
        tokens.push("spur_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into());
        tokens.push("not a token at all \u{0}".into());
        let config = spur_server::Config {
            max_body: MAX_BODY,
            max_attachment: MAX_BODY,
            ..spur_server::Config::default()
        };
        let router = spur_server::router_with(&config, Some(store.clone()));
        // Two inspections: the seed (a unit's own) and another unit's.
        for doc in [
            SEED.to_string(),
            SEED.replacen("Vårdcentralen Exempel", "Annan enhet", 1),
        ] {
            let req = Request::builder()
                .method("POST")
                .uri("/v1/inspections")
                .header(header::AUTHORIZATION, format!("Bearer {}", tokens[0]))
                .header(header::CONTENT_TYPE, "application/toml")
                .body(Body::from(doc))
                .expect("a request");
            let r = router.clone().oneshot(req).await.expect("infallible");
            assert_eq!(r.status(), 201, "the fuzz store's inspections");
        }
        App {
            router,
            tokens,
            _dir: dir,
        }
    })
}

/// Choices drawn from bytes; an exhausted input answers zeros.
struct Bytes<'a>(&'a [u8], usize);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        let b = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        b
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[usize::from(self.u8()) % from.len()]
    }
    fn rest(&mut self) -> &[u8] {
        let at = self.1.min(self.0.len());
        self.1 = self.0.len();
        &self.0[at..]
    }
}

/// Send the request `data` describes and check the answer.
pub async fn one(app: &App, data: &[u8]) {
    let mut b = Bytes(data, 0);
    let method = b.pick(&["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]);
    let path = b.pick(PATHS);
    let mut uri = String::new();
    for (k, part) in path.split("{id}").enumerate() {
        if k > 0 {
            uri.push_str(b.pick(IDS));
        }
        uri.push_str(part);
    }
    let query_len = usize::from(b.u8() % 64);
    if query_len > 0 {
        uri.push('?');
        for _ in 0..query_len {
            let c = char::from(b.u8() % 94 + 33);
            if c != '#' {
                uri.push(c);
            }
        }
    }
    let auth = usize::from(b.u8()) % (app.tokens.len() + 2);
    let ct = b.pick(TYPES);
    let host = b.u8();
    let content_length = b.u8();
    let body_kind = b.u8() % 4;
    let splice_at = usize::from(b.u8()) * 64;
    let fixed = b.pick(BODIES);
    let raw = b.rest().to_vec();
    let body = match body_kind {
        0 => raw,
        1 => {
            let mut s = SEED.as_bytes().to_vec();
            let at = splice_at.min(s.len());
            s.splice(at..at, raw);
            s
        }
        2 => fixed.as_bytes().to_vec(),
        _ => {
            let mut s = fixed.as_bytes().to_vec();
            let at = splice_at % (s.len() + 1);
            s.splice(at..at, raw);
            s
        }
    };
    let mut req = Request::builder().method(method).uri(uri.as_str());
    if let Some(t) = app.tokens.get(auth) {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if !ct.is_empty() {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    if host % 4 == 0 {
        req = req.header(header::HOST, HOSTS[usize::from(host / 4) % HOSTS.len()]);
    }
    if content_length % 8 == 0 {
        req = req.header(
            header::CONTENT_LENGTH,
            (content_length as usize * 997).to_string(),
        );
    }
    let Ok(req) = req.body(Body::from(body)) else {
        return;
    };
    let response = app.router.clone().oneshot(req).await.expect("infallible");
    let status = response.status();
    assert!(status.as_u16() != 500, "a 500 for {method} {uri}");
    // The survey page answers people (HTML); the API answers problem JSON.
    if (status.is_client_error() || status.is_server_error()) && !uri.starts_with("/survey/") {
        let ct = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        assert_eq!(
            ct, "application/problem+json",
            "{status} without problem JSON for {method} {uri}"
        );
        if method == "HEAD" {
            return;
        }
        let body = to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("a bounded error body");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("problem JSON parses");
        assert!(v["message"].is_string(), "{method} {uri}: {v}");
    }
}
