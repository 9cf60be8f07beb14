//! Shared by the sign-in tests (`sign_in_pages.rs`, `sign_in_region.rs`): a router with a
//! SQLite store and the sign-in configured, replies with their cookies, and captured logs.
#![allow(dead_code)] // each test crate uses its part

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use serde_json::Value;
use spur_server::auth::ServerConfig;
use spur_server::{Config, router_with};
use spur_store::{NewToken, Store};
use tower::ServiceExt as _;

pub const ISSUER: &str = "https://idp.test.invalid/realms/region";
pub const KEY_HEX: &str = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().unwrap_or(""))
    }
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
    /// The `name=value` of the session cookie this reply sets.
    pub fn session_cookie(&self) -> String {
        self.cookies()
            .into_iter()
            .find(|c| c.contains("spur_session="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .expect("a session cookie")
    }
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

pub struct App {
    pub app: axum::Router,
    pub store: Store,
    pub _dir: tempfile::TempDir,
}

impl App {
    pub async fn new(settings: &str, edit: impl FnOnce(&mut Config)) -> App {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("session.key"), KEY_HEX).unwrap();
        let store = Store::open(&format!("sqlite:{}", dir.path().join("s.db").display()))
            .await
            .unwrap();
        let text = format!(
            "[sign_in]\nsession_key_file = \"session.key\"\nfailures_per_minute = 8\n{settings}"
        );
        let mut config = Config {
            settings: ServerConfig::parse(&text, Path::new("spur.toml")).unwrap(),
            settings_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        edit(&mut config);
        App {
            app: router_with(&config, Some(store.clone())),
            store,
            _dir: dir,
        }
    }

    pub async fn token(
        &self,
        name: &str,
        role: &str,
        scope: Option<(&str, &str)>,
    ) -> (String, i64) {
        let (token, _) = spur_server::auth::generate_token().unwrap();
        let r = self
            .store
            .create_token(
                &NewToken {
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
        (token, r.id)
    }

    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = self
            .app
            .clone()
            .oneshot(req.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = r.status();
        let headers = r.headers().clone();
        let body = to_bytes(r.into_body(), usize::MAX).await.unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    pub async fn sign_in(&self, token: &str, cookie: Option<&str>) -> Reply {
        let mut h = vec![("content-type", "application/x-www-form-urlencoded")];
        if let Some(c) = cookie {
            h.push(("cookie", c));
        }
        self.send("POST", "/sign-in", &h, &format!("lang=sv&token={token}"))
            .await
    }

    pub async fn me(&self, cookie: &str) -> Reply {
        self.send("GET", "/v1/me", &[("cookie", cookie)], "").await
    }
}

/// Log lines, captured.
#[derive(Clone, Default)]
pub struct Logs(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log of this test binary: every test's lines (installed once, globally).
pub fn logs() -> Logs {
    static LOGS: std::sync::OnceLock<Logs> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        logs
    })
    .clone()
}

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
