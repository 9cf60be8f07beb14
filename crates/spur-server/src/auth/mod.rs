//! Sign-in and authorization for the store-backed server.
//!
//! - [`policy`]: the one pure function [`authorize`] that every store handler calls
//!   (`Allow` / `NotFound` 404 / `Forbidden` 403), with roles, scopes, actions and states;
//! - [`token`]: API tokens (`spur_…`, kept as a SHA-256 digest, compared in constant time,
//!   accepted only from `Authorization: Bearer`), and the [`TokenLookup`] the store implements;
//! - [`oidc`]: bearer JWTs of the configured issuers (`[[oidc]]` in the server configuration),
//!   with a JWKS cache fetched again on an unknown key id, at most once a minute;
//! - [`config`]: the server configuration file (`spur serve --config FILE`);
//! - [`limit`]: failed sign-ins per client address (429 with `Retry-After`);
//! - [`session`]: the browser's session cookie and the CSRF check;
//! - [`code_flow`]: the region's browser sign-in (OIDC authorization code with PKCE);
//! - [`me`]: the answer of `GET /v1/me`.
//!
//! [`authenticate`] turns a request's headers into a [`Principal`] or an [`AuthError`], whose
//! response is the 401 (with `WWW-Authenticate: Bearer realm="spur"`), 400, 403, 429 or 503
//! problem. A handler then asks [`authorize`] and answers its [`Decision`]
//! ([`decision_response`]).
//!
//! Nothing here logs a credential: errors carry fixed reasons, never the token.

pub mod code_flow;
pub mod config;
pub mod limit;
pub mod me;
pub mod oidc;
pub mod policy;
pub mod session;
pub mod token;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub use config::{OidcConfig, RoleRule, ServerConfig};
pub use limit::FailureLimiter;
pub use me::{Me, me, me_handler};
pub use oidc::{JwksFile, JwksSource, JwksUrl, Oidc};
pub use policy::{
    Action, Decision, InspectionFacts, Principal, Resource, Role, Scope, State, Via, authorize,
};
pub use token::{
    NoTokens, TOKEN_PREFIX, TokenDigest, TokenLookup, TokenRecord, bearer, generate_token,
    reject_query_credentials,
};

use crate::input::Problems;

/// The realm every `WWW-Authenticate` challenge names.
pub const REALM: &str = "spur";

/// Why a request is not signed in (or may not try now).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No credential was sent: 401.
    #[error("sign-in required: send `Authorization: Bearer TOKEN`")]
    Missing,
    /// A credential was sent and is not accepted (the reason names the check, never the
    /// credential): 401 with `error="invalid_token"`.
    #[error("the credential is not accepted: {0}")]
    Invalid(&'static str),
    /// A credential in the query string (`access_token=`, `token=`): 400.
    #[error("credentials are accepted only in the Authorization header, never in the query string")]
    TokenInQuery,
    /// Signed in, but no role rule matches: 403.
    #[error("signed in, but no role is configured for this person")]
    NoRole,
    /// Too many failed sign-ins from this address: 429.
    #[error("too many failed sign-ins from this address; try again in {retry_after} s")]
    RateLimited {
        /// Seconds until the next attempt is heard.
        retry_after: u64,
    },
    /// The token store could not be asked: 503.
    #[error("sign-in is unavailable for a moment; try again")]
    Unavailable,
}

impl AuthError {
    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Missing | AuthError::Invalid(_) => StatusCode::UNAUTHORIZED,
            AuthError::TokenInQuery => StatusCode::BAD_REQUEST,
            AuthError::NoRole => StatusCode::FORBIDDEN,
            AuthError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AuthError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Whether this counts as a failed sign-in for the rate limiter.
    pub fn is_failure(&self) -> bool {
        matches!(self, AuthError::Invalid(_) | AuthError::TokenInQuery)
    }

    /// The `WWW-Authenticate` challenge (RFC 6750), where the answer carries one.
    pub fn challenge(&self) -> Option<&'static str> {
        match self {
            AuthError::Missing => Some("Bearer realm=\"spur\""),
            AuthError::Invalid(_) => Some("Bearer realm=\"spur\", error=\"invalid_token\""),
            AuthError::TokenInQuery => Some("Bearer realm=\"spur\", error=\"invalid_request\""),
            _ => None,
        }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let mut r = Problems::message(self.to_string()).into_response_with(self.status());
        if let Some(c) = self.challenge() {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(c));
        }
        if let AuthError::RateLimited { retry_after } = self {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        r
    }
}

/// The answer for a decision that is not [`Decision::Allow`] (`None` for `Allow`), in `lang`.
/// The 404 says the same as for an id that does not exist.
pub fn decision_response(decision: Decision, lang: spur_core::Lang) -> Option<Response> {
    let say = |msg: spur_core::messages::Msg| crate::input::say(lang, msg, &[]);
    match decision {
        Decision::Allow => None,
        Decision::NotFound => Some(
            Problems::message(say(spur_core::messages::Msg::ApiNoSuchInspection))
                .into_response_with(StatusCode::NOT_FOUND),
        ),
        Decision::Forbidden => Some(
            Problems::message(say(spur_core::messages::Msg::ApiForbidden))
                .into_response_with(StatusCode::FORBIDDEN),
        ),
    }
}

/// Who sent these headers: an API token (`spur_…`, looked up by its digest) or an OIDC JWT of a
/// configured issuer, from `Authorization: Bearer …`.
///
/// # Errors
/// [`AuthError::Missing`] without a credential; [`AuthError::Invalid`] for one that is not
/// accepted (unknown, revoked, expired, malformed, badly signed); [`AuthError::NoRole`];
/// [`AuthError::Unavailable`] when the token store fails.
pub async fn authenticate(
    headers: &HeaderMap,
    tokens: &dyn TokenLookup,
    oidc: &Oidc,
) -> Result<Principal, AuthError> {
    let credential = bearer(headers)?.ok_or(AuthError::Missing)?;
    if credential.starts_with(TOKEN_PREFIX) {
        if !token::looks_like_token(credential) {
            return Err(AuthError::Invalid("not a spur token"));
        }
        let digest = TokenDigest::of(credential);
        let record = tokens
            .lookup(&digest)
            .await
            .map_err(|e| {
                tracing::error!("token lookup failed: {e}");
                AuthError::Unavailable
            })?
            .ok_or(AuthError::Invalid("unknown token"))?;
        return record.principal(&digest, chrono::Utc::now());
    }
    if oidc.is_configured() {
        return oidc.verify(credential).await;
    }
    Err(AuthError::Invalid("unknown token"))
}

/// Everything sign-in needs, shared by the handlers: the token store, the OIDC issuers, the
/// failed-sign-in limiter and the reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone)]
pub struct Authenticator {
    /// Where API tokens are looked up.
    pub tokens: Arc<dyn TokenLookup>,
    /// The trusted OIDC issuers.
    pub oidc: Arc<Oidc>,
    /// Failed sign-ins per client address.
    pub limiter: Arc<FailureLimiter>,
    /// Peers whose `X-Forwarded-For` names the client (the reverse proxy).
    pub trusted_proxies: Arc<[IpAddr]>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("oidc", &self.oidc)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Sign-in with these tokens and issuers, the default failure budget
    /// ([`DEFAULT_FAILURES`] per [`DEFAULT_WINDOW`]) and no trusted proxy.
    pub fn new(tokens: Arc<dyn TokenLookup>, oidc: Arc<Oidc>) -> Authenticator {
        Authenticator {
            tokens,
            oidc,
            limiter: Arc::new(FailureLimiter::default()),
            trusted_proxies: Arc::from(Vec::new()),
        }
    }

    /// Sign-in for one request from `client` (see [`limit::client_address`] behind a proxy):
    /// credentials in the query string are refused, an address over its failure budget is
    /// answered 429 before its credential is looked at, and each failure is counted.
    ///
    /// # Errors
    /// As [`authenticate`], and [`AuthError::TokenInQuery`], [`AuthError::RateLimited`].
    pub async fn sign_in(
        &self,
        headers: &HeaderMap,
        query: Option<&str>,
        client: IpAddr,
    ) -> Result<Principal, AuthError> {
        self.sign_in_at(headers, query, client, Instant::now())
            .await
    }

    async fn sign_in_at(
        &self,
        headers: &HeaderMap,
        query: Option<&str>,
        client: IpAddr,
        now: Instant,
    ) -> Result<Principal, AuthError> {
        if let Err(wait) = self.limiter.check(client, now) {
            return Err(AuthError::RateLimited {
                retry_after: (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1),
            });
        }
        let result = match reject_query_credentials(query) {
            Ok(()) => authenticate(headers, self.tokens.as_ref(), &self.oidc).await,
            Err(e) => Err(e),
        };
        if let Err(e) = &result
            && e.is_failure()
        {
            tracing::info!(client = %client, "refused sign-in: {e}");
            self.limiter.record_failure(client, now);
        }
        result
    }
}

/// The default failure budget: this many failed sign-ins per address …
pub const DEFAULT_FAILURES: u32 = 10;
/// … per this window.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60);

/// The signed-in caller of a request: an axum extractor for handlers whose state gives an
/// [`Authenticator`]. It rejects with the [`AuthError`] answer (401, 400, 403, 429, 503).
///
/// The client address for the failure limiter is the peer of the request's
/// `ConnectInfo<SocketAddr>` extension (through [`limit::client_address`] for trusted proxies);
/// a server that does not insert it counts every client under `0.0.0.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn(pub Principal);

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Authenticator: FromRef<S>,
{
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<SignedIn, AuthError> {
        let auth = Authenticator::from_ref(state);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let client = limit::client_address(peer, &parts.headers, &auth.trusted_proxies);
        auth.sign_in(&parts.headers, parts.uri.query(), client)
            .await
            .map(SignedIn)
    }
}
