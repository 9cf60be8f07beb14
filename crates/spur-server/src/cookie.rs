//! The browser session behind a sign-in cookie: the settings every cookie request needs
//! ([`Sessions`]), the cookie read back to a live session in the store ([`from_cookie`]) and
//! the CSRF check of a state-changing request ([`csrf`]). [`crate::caller`] signs a request in
//! with it; [`crate::sign_in`] begins and ends the sessions.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use spur_store::Store;

use crate::auth::session::{
    self, CookieOptions, SessionKey, check_csrf, cookie_value, verify_cookie,
};
use crate::auth::{AuthError, OidcConfig, Principal};

/// The browser-session settings every cookie request needs (a request extension of the store
/// routes).
#[derive(Clone)]
pub(crate) struct Sessions {
    pub(crate) key: SessionKey,
    pub(crate) opts: CookieOptions,
    pub(crate) hours: u32,
    /// Every `[[oidc]]` entry, by its index (only those with the code flow offer a button).
    pub(crate) issuers: Arc<Vec<OidcConfig>>,
    /// The configuration file's directory (for `client_secret_file`).
    pub(crate) base: PathBuf,
}

/// The key of this process when no `session_key_file` is configured: one per process (the
/// configuration's documented behaviour), the same for every router the process builds.
pub(crate) fn process_key() -> SessionKey {
    static KEY: OnceLock<SessionKey> = OnceLock::new();
    KEY.get_or_init(|| {
        SessionKey::generate().unwrap_or_else(|e| {
            // Without randomness nothing else works either; a fixed key would be worse than
            // sessions that never verify, so make them never verify.
            tracing::error!("no random source for the session key: {e}");
            SessionKey::from_bytes([0; 32])
        })
    })
    .clone()
}

impl Sessions {
    /// The settings of `config` (`[sign_in]`, `[[oidc]]`).
    pub(crate) fn from_config(config: &crate::Config) -> Sessions {
        let sign_in = &config.settings.sign_in;
        let key = match &sign_in.session_key_file {
            Some(_) => sign_in
                .session_key(&config.settings_dir)
                .unwrap_or_else(|e| {
                    // `serve_on` refuses to start with a bad key file; a router built directly
                    // falls back to the process key.
                    tracing::error!("session key: {e}");
                    process_key()
                }),
            None => process_key(),
        };
        Sessions {
            key,
            opts: CookieOptions {
                secure: sign_in.behind_tls,
            },
            hours: sign_in.session_hours,
            issuers: Arc::new(config.settings.oidc.clone()),
            base: config.settings_dir.clone(),
        }
    }
}

/// A session cookie that verified and whose stored session is live.
#[derive(Debug, Clone)]
pub(crate) struct CookieSession {
    /// The random session id (the CSRF token is derived from it).
    pub(crate) id: String,
    /// Who is signed in.
    pub(crate) principal: Principal,
}

pub(crate) fn stored_time(t: &str) -> Option<DateTime<Utc>> {
    crate::auth::token::stored_time(Some(t.to_string()))
}

pub(crate) fn db_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The live session of the request's cookie: `Ok(None)` without a session cookie.
///
/// # Errors
/// [`AuthError::Invalid`] for a cookie that does not verify, has expired, was signed out, or
/// whose token was revoked or expired; [`AuthError::Unavailable`] when the store fails.
pub(crate) async fn from_cookie(
    headers: &HeaderMap,
    store: &Store,
    sessions: &Sessions,
) -> Result<Option<CookieSession>, AuthError> {
    let Some(value) = cookie_value(headers, sessions.opts.name()) else {
        return Ok(None);
    };
    let now = Utc::now();
    let cookie = verify_cookie(&sessions.key, value, now)
        .ok_or(AuthError::Invalid("the session has ended or is not valid"))?;
    let stored = store
        .session(&spur_store::sha256_hex(cookie.id.as_bytes()))
        .await
        .map_err(|e| {
            tracing::error!("session lookup failed: {e}");
            AuthError::Unavailable
        })?
        .ok_or(AuthError::Invalid("the session has ended or is not valid"))?;
    if stored.ended_at.is_some() {
        return Err(AuthError::Invalid("the session was signed out"));
    }
    if stored_time(&stored.expires_at).is_none_or(|e| e <= now) {
        return Err(AuthError::Invalid("the session has expired"));
    }
    if stored.token_revoked_at.is_some() {
        return Err(AuthError::Invalid("the session's token was revoked"));
    }
    if stored
        .token_expires_at
        .as_deref()
        .and_then(stored_time)
        .is_some_and(|e| e <= now)
    {
        return Err(AuthError::Invalid("the session's token has expired"));
    }
    let principal: Principal = serde_json::from_str(&stored.principal)
        .map_err(|_| AuthError::Invalid("the session's principal does not read"))?;
    Ok(Some(CookieSession {
        id: cookie.id,
        principal,
    }))
}

/// The 403 answer for a state-changing cookie request without its CSRF token.
pub(crate) fn csrf_refused(e: session::CsrfError) -> Response {
    crate::input::Problems::message(e.to_string()).into_response_with(StatusCode::FORBIDDEN)
}

/// The CSRF check of a cookie request (see [`check_csrf`]).
#[allow(clippy::result_large_err)] // the error is the answer itself, sent at once
pub(crate) fn csrf(
    sessions: &Sessions,
    s: &CookieSession,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), Response> {
    check_csrf(&sessions.key, &s.id, method, headers).map_err(csrf_refused)
}

// ---------------------------------------------------------------------------------------------
// Pages.
