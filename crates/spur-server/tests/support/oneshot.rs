//! The router in-process (`tower::ServiceExt::oneshot`): no socket, no server. What the API
//! tests share.
#![allow(dead_code)] // each test crate uses its own part

use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::Value;
use spur_server::{Config, router};
use tower::ServiceExt;

/// An answer: status, headers and the whole body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics with the text when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The `Content-Type` header, parameters included (`""` without one).
    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The media type alone, without parameters such as `charset`.
    pub fn media_type(&self) -> &str {
        self.content_type().split(';').next().unwrap_or("").trim()
    }
    /// The `ETag` header.
    pub fn etag(&self) -> String {
        self.headers[header::ETAG].to_str().unwrap().to_string()
    }
    /// The status as a number.
    pub fn code(&self) -> u16 {
        self.status.as_u16()
    }
}

/// Send one request to a router made with `config`.
pub async fn send_with(
    config: &Config,
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    send_request(config, req.body(body.into()).unwrap()).await
}

/// Send a request built by the test to a router made with `config`.
pub async fn send_request(config: &Config, request: Request<Body>) -> Reply {
    send_request_to(router(config), request).await
}

/// Send a request built by the test to `app`.
pub async fn send_request_to(app: axum::Router, request: Request<Body>) -> Reply {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// [`send_with`] the default configuration.
pub async fn send(
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    send_with(&Config::default(), method, uri, content_type, body).await
}

/// `POST` with a `Content-Type`, default configuration.
pub async fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Reply {
    send("POST", uri, Some(content_type), body).await
}

/// A router on a store, with API tokens made in that store: what the store-backed tests share.
pub struct StoreApi {
    pub store: spur_store::Store,
    pub config: Config,
}

impl StoreApi {
    /// An API token of `role` named `name`, scoped to `(kind, value)` when given.
    pub async fn token(&self, name: &str, role: &str, scope: Option<(&str, &str)>) -> String {
        let (token, _) = spur_server::auth::generate_token().unwrap();
        self.store
            .create_token(
                &spur_store::NewToken {
                    name: name.into(),
                    role: role.into(),
                    scope_kind: scope.map(|s| s.0.to_string()),
                    scope_value: scope.map(|s| s.1.to_string()),
                    expires_at: None,
                },
                &token,
                "test",
            )
            .await
            .unwrap();
        token
    }

    /// One request, signed in with the bearer token `who` when given.
    pub async fn send(
        &self,
        who: Option<&str>,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: impl Into<Body>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = who {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let app = spur_server::router_with(&self.config, Some(self.store.clone()));
        send_request_to(app, req.body(body.into()).unwrap()).await
    }
}
