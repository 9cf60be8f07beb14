//! Sign-in for the store's routes: the API tokens of the store as a [`TokenLookup`], and the
//! [`Caller`] extractor every store handler takes, which answers 401/400/403/429/503 itself.
//! A caller is signed in by `Authorization: Bearer …` (an API token or an OIDC JWT) or, from a
//! browser, by the session cookie of the sign-in page ([`crate::sign_in`]); a state-changing
//! request made with the cookie must carry the session's `X-CSRF-Token` (403 otherwise).
//! Each handler then asks [`crate::auth::authorize`] through [`Guard`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use spur_store::{Record, Store};

use crate::auth::token::{BoxFuture, LookupError, stored_time};
use crate::auth::{
    Action, AuthError, Authenticator, InspectionFacts, Principal, Resource, TokenDigest,
    TokenLookup, TokenRecord, authorize, decision_response,
};
use crate::input::{ApiError, Problems};
use spur_core::messages::Msg;

/// The store's `api_tokens` as sign-in sees them.
#[derive(Debug, Clone)]
pub(crate) struct StoreTokens(pub Store);

impl TokenLookup for StoreTokens {
    fn lookup<'a>(
        &'a self,
        digest: &'a TokenDigest,
    ) -> BoxFuture<'a, Result<Option<TokenRecord>, LookupError>> {
        Box::pin(async move {
            let found = self
                .0
                .token_by_digest(digest.as_str())
                .await
                .map_err(|e| LookupError::from(e.to_string()))?;
            Ok(found.map(|t| TokenRecord {
                id: t.id.to_string(),
                name: t.name,
                digest: TokenDigest::from_hex(&t.digest).unwrap_or_else(|| digest.clone()),
                role: t.role,
                scope_kind: t.scope_kind.unwrap_or_else(|| "all".to_string()),
                scope_value: t.scope_value,
                expires_at: stored_time(t.expires_at),
                revoked_at: stored_time(t.revoked_at),
            }))
        })
    }
}

/// The client's address, inserted per connection by the accept loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub SocketAddr);

/// A signed-in caller.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(auth) = parts.extensions.get::<Authenticator>().cloned() else {
            let server = parts
                .extensions
                .get::<crate::request::DefaultLang>()
                .copied()
                .unwrap_or(crate::request::DefaultLang(None));
            let lang = crate::request::problem_lang(&parts.uri, server);
            return Err(ApiError {
                status: axum::http::StatusCode::NOT_FOUND,
                problems: Problems::message(crate::input::say(lang, Msg::ApiNoStore, &[])),
            }
            .into_response());
        };
        let peer = parts
            .extensions
            .get::<Peer>()
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |p| p.0.ip());
        // Behind a reverse proxy, the client is the one its `X-Forwarded-For` names.
        let peer = crate::auth::limit::client_address(peer, &parts.headers, &auth.trusted_proxies);
        // A browser signed in by the session cookie (and no `Authorization` header): its
        // session, and the CSRF token for anything that changes state.
        if !parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
            && let (Some(sessions), Some(store)) = (
                parts.extensions.get::<crate::cookie::Sessions>(),
                parts.extensions.get::<Store>(),
            )
        {
            crate::auth::reject_query_credentials(parts.uri.query())
                .map_err(AuthError::into_response)?;
            if let Some(s) = crate::cookie::from_cookie(&parts.headers, store, sessions)
                .await
                .map_err(AuthError::into_response)?
            {
                crate::cookie::csrf(sessions, &s, &parts.method, &parts.headers)?;
                parts.extensions.insert(s.clone());
                return Ok(Caller(s.principal));
            }
        }
        auth.sign_in(&parts.headers, parts.uri.query(), peer)
            .await
            .map(Caller)
            .map_err(AuthError::into_response)
    }
}

/// What [`authorize`] needs of a stored inspection.
pub(crate) fn facts(record: &Record, inspectors: Vec<String>) -> InspectionFacts {
    InspectionFacts {
        id: record.id.to_string(),
        unit: record.unit.clone(),
        region: record.region.clone().unwrap_or_default(),
        specialty: record.specialty.clone().unwrap_or_default(),
        inspectors,
        state: record
            .state
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(crate::auth::State::Visited),
    }
}

/// Ask [`authorize`] about `action` on inspection `id`: the record when allowed, else the
/// 404 (outside the caller's scope, or no such id — the same answer) or 403 to send (a store
/// failure in `lang`).
pub(crate) async fn inspection(
    store: &Store,
    caller: &Caller,
    action: Action,
    id: i64,
    lang: spur_core::Lang,
) -> Result<Record, Response> {
    let not_found = || decision_response(crate::auth::Decision::NotFound, lang).unwrap_or_default();
    let record = match store.record(id).await {
        Ok(r) => r,
        Err(spur_store::Error::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(crate::input::store_failed(lang)(e).into_response()),
    };
    let inspectors = match store.process(id).await {
        Ok(p) => p.inspectors,
        Err(e) => return Err(crate::input::store_failed(lang)(e).into_response()),
    };
    match decision_response(
        authorize(
            &caller.0,
            action,
            &Resource::Inspection(facts(&record, inspectors)),
        ),
        lang,
    ) {
        None => Ok(record),
        Some(r) => Err(r),
    }
}

/// Ask [`authorize`] about a store-wide `action` (a refusal in `lang`).
#[allow(clippy::result_large_err)] // the error is the answer itself, sent at once
pub(crate) fn store_wide(
    caller: &Caller,
    action: Action,
    lang: spur_core::Lang,
) -> Result<(), Response> {
    match decision_response(authorize(&caller.0, action, &Resource::Store), lang) {
        None => Ok(()),
        Some(r) => Err(r),
    }
}

/// Whether the caller may see inspection `record` at all (list and overview filters).
pub(crate) fn may_read(caller: &Caller, record: &Record, inspectors: Vec<String>) -> bool {
    authorize(
        &caller.0,
        Action::ReadRecord,
        &Resource::Inspection(facts(record, inspectors)),
    ) == crate::auth::Decision::Allow
}
