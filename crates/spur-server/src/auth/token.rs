//! API tokens: made here, shown once, kept in the store only as a SHA-256 digest.
//!
//! A token is `spur_` followed by 32 random bytes in base64url (43 characters). The store keeps
//! its [`TokenDigest`] (SHA-256, lowercase hex) and finds a presented token by that digest; the
//! match is then confirmed with a constant-time comparison. A token is only ever accepted from
//! the `Authorization: Bearer …` header, never from a query string ([`reject_query_credentials`]).

use std::future::Future;
use std::pin::Pin;

use axum::http::{HeaderMap, header};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use super::AuthError;
use super::policy::{Principal, Role, Scope, Via};

/// Every API token begins with this.
pub const TOKEN_PREFIX: &str = "spur_";

/// Random bytes in a token.
pub const TOKEN_BYTES: usize = 32;

/// The SHA-256 of a token, as 64 lowercase hex digits: what the store keeps
/// (`api_tokens.digest`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenDigest(String);

impl TokenDigest {
    /// The digest of a token as presented.
    pub fn of(token: &str) -> TokenDigest {
        let hash = Sha256::digest(token.as_bytes());
        let mut hex = String::with_capacity(64);
        for b in hash {
            hex.push_str(&format!("{b:02x}"));
        }
        TokenDigest(hex)
    }

    /// A digest read back from the store (64 hex digits, any case).
    pub fn from_hex(hex: &str) -> Option<TokenDigest> {
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| TokenDigest(hex.to_ascii_lowercase()))
    }

    /// The 64 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `token` is the token of this digest, compared in constant time.
    pub fn verify(&self, token: &str) -> bool {
        self.matches(&TokenDigest::of(token))
    }

    /// Whether two digests are equal, compared in constant time.
    pub fn matches(&self, other: &TokenDigest) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl std::fmt::Display for TokenDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new token and its digest. Print the token once; store only the digest.
///
/// # Errors
/// The operating system's random source failed.
pub fn generate_token() -> Result<(String, TokenDigest), getrandom::Error> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes)?;
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let digest = TokenDigest::of(&token);
    Ok((token, digest))
}

/// Whether `s` has the shape of a spur API token (prefix and 43 base64url characters).
pub fn looks_like_token(s: &str) -> bool {
    s.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The credential of an `Authorization: Bearer …` header: `Ok(None)` when there is no
/// `Authorization` header at all.
///
/// # Errors
/// [`AuthError::Invalid`] for more than one `Authorization` header, another scheme (`Basic`),
/// an empty credential or one that is not visible ASCII.
pub fn bearer(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(AuthError::Invalid("more than one Authorization header"));
    }
    let value = value
        .to_str()
        .map_err(|_| AuthError::Invalid("the Authorization header is not ASCII"))?;
    let (scheme, credential) = value.trim().split_once(' ').ok_or(AuthError::Invalid(
        "the Authorization header is not `Bearer TOKEN`",
    ))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::Invalid("only the Bearer scheme is accepted"));
    }
    let credential = credential.trim();
    if credential.is_empty() || !credential.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AuthError::Invalid("the bearer token is empty or malformed"));
    }
    Ok(Some(credential))
}

/// Query parameter names that carry credentials elsewhere; spur refuses them.
pub const QUERY_CREDENTIAL_NAMES: &[&str] = &["access_token", "token", "api_key", "apikey"];

/// Refuse a request whose query string carries a credential (`access_token=`, `token=`, …):
/// query strings end up in logs, proxies and browser histories.
///
/// # Errors
/// [`AuthError::TokenInQuery`] (400).
pub fn reject_query_credentials(query: Option<&str>) -> Result<(), AuthError> {
    let Some(query) = query else { return Ok(()) };
    for pair in query.split('&') {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        // Percent-encoded names (`access%5Ftoken`) count too.
        let name = percent_decode(name);
        if QUERY_CREDENTIAL_NAMES
            .iter()
            .any(|c| name.eq_ignore_ascii_case(c))
        {
            return Err(AuthError::TokenInQuery);
        }
    }
    Ok(())
}

/// Percent-decoding of a form or query component (`+` is a space).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A token as the store keeps it (`api_tokens`), without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// The store id (what `spur admin token list` shows and `revoke` takes).
    pub id: String,
    /// Its name (`--name`); recorded as the author of what it writes.
    pub name: String,
    /// The stored digest.
    pub digest: TokenDigest,
    /// The role, as stored (`admin`, `coordinator`, …).
    pub role: String,
    /// The scope kind, as stored (`all`, `unit`, …).
    pub scope_kind: String,
    /// The scope value, as stored (none for `all`).
    pub scope_value: Option<String>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenRecord {
    /// The principal this record signs in as `now`, after checking that `presented` is its
    /// token (constant time), that it is not revoked and not expired.
    ///
    /// # Errors
    /// [`AuthError::Invalid`] for a digest mismatch, a revoked or an expired token, or a stored
    /// role or scope that does not read (never a 500: the token is refused).
    pub fn principal(
        &self,
        presented: &TokenDigest,
        now: DateTime<Utc>,
    ) -> Result<Principal, AuthError> {
        if !self.digest.matches(presented) {
            return Err(AuthError::Invalid("unknown token"));
        }
        if self.revoked_at.is_some_and(|r| r <= now) {
            return Err(AuthError::Invalid("the token was revoked"));
        }
        if self.expires_at.is_some_and(|e| e <= now) {
            return Err(AuthError::Invalid("the token has expired"));
        }
        let role: Role = self
            .role
            .parse()
            .map_err(|_| AuthError::Invalid("the token's stored role is unknown"))?;
        let scope = Scope::from_parts(&self.scope_kind, self.scope_value.as_deref())
            .map_err(|_| AuthError::Invalid("the token's stored scope is invalid"))?;
        Ok(Principal {
            subject: self.name.clone(),
            role,
            scope,
            via: Via::Token {
                id: self.id.clone(),
            },
        })
    }
}

/// A boxed future, for the object-safe lookup trait.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A lookup that failed (the database is unreachable): the request answers 503.
pub type LookupError = Box<dyn std::error::Error + Send + Sync>;

/// Finds a token by its digest. The lead implements it with the store (`api_tokens`); tests use
/// a map.
pub trait TokenLookup: Send + Sync {
    /// The record whose digest is `digest`, if any (revoked and expired ones included: the
    /// caller refuses them).
    fn lookup<'a>(
        &'a self,
        digest: &'a TokenDigest,
    ) -> BoxFuture<'a, Result<Option<TokenRecord>, LookupError>>;
}

/// No tokens at all (a server without a store).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTokens;

impl TokenLookup for NoTokens {
    fn lookup<'a>(
        &'a self,
        _digest: &'a TokenDigest,
    ) -> BoxFuture<'a, Result<Option<TokenRecord>, LookupError>> {
        Box::pin(async { Ok(None) })
    }
}

/// A stored time (RFC 3339, or a date alone meaning the end of that day).
pub(crate) fn stored_time(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|t| {
        DateTime::parse_from_rfc3339(&t)
            .map(|d| d.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                // A date alone (`--expires 2027-01-01`): the end of that day is still valid.
                t.get(..10)?
                    .parse::<chrono::NaiveDate>()
                    .ok()?
                    .and_hms_opt(23, 59, 59)
                    .map(|d| d.and_utc())
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_of_names() {
        assert_eq!(percent_decode("access%5Ftoken"), "access_token");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("a+b"), "a b");
    }
}
