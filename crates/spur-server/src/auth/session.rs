//! The browser's session cookie and the CSRF check, as pure functions.
//!
//! After the sign-in page (an API token, or the region's OIDC code flow) the server keeps a
//! session (its id, the [`Principal`](super::Principal), its expiry) and sets a cookie whose
//! value is the random session id, its expiry and an HMAC-SHA-256 over both with the server's
//! [`SessionKey`]: `ID.EXPIRES.MAC`. A forged or altered cookie, or one past its expiry, is
//! refused before any lookup ([`verify_cookie`]).
//!
//! The cookie is `HttpOnly; SameSite=Strict; Path=/`, and `Secure` with the `__Host-` name prefix
//! when the server is behind TLS ([`set_cookie`]). Every state-changing request made with the
//! cookie must also carry the session's CSRF token in the `X-CSRF-Token` header
//! ([`check_csrf`]); the token is an HMAC of the session id, handed to the page (for instance in
//! a `<meta>` element), so a cross-site page can neither read nor guess it.

use axum::http::{HeaderMap, Method, header};
use base64::Engine as _;
use chrono::{DateTime, TimeZone as _, Utc};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The cookie's name over plain HTTP (a local server).
pub const COOKIE_NAME: &str = "spur_session";
/// The cookie's name behind TLS: the `__Host-` prefix makes browsers refuse it unless it is
/// `Secure`, `Path=/` and without `Domain`.
pub const SECURE_COOKIE_NAME: &str = "__Host-spur_session";
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The server's secret for signing session cookies and CSRF tokens (32 random bytes). Several
/// instances behind one proxy share it (from the configuration); a new key signs everyone out.
#[derive(Clone)]
pub struct SessionKey([u8; 32]);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey(…)")
    }
}

impl SessionKey {
    /// A new random key.
    ///
    /// # Errors
    /// The operating system's random source failed.
    pub fn generate() -> Result<SessionKey, getrandom::Error> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k)?;
        Ok(SessionKey(k))
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> SessionKey {
        SessionKey(bytes)
    }

    pub(crate) fn mac(&self, parts: &[&[u8]]) -> HmacSha256 {
        // HMAC takes a key of any length.
        let mut mac = HmacSha256::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        for p in parts {
            mac.update(p);
            mac.update(b"\0");
        }
        mac
    }
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new random session id (32 bytes, base64url).
///
/// # Errors
/// The operating system's random source failed.
pub fn new_session_id() -> Result<String, getrandom::Error> {
    let mut id = [0u8; 32];
    getrandom::fill(&mut id)?;
    Ok(b64(&id))
}

/// The cookie value for session `id` expiring at `expires`: `ID.EXPIRES.MAC`.
pub fn sign_cookie(key: &SessionKey, id: &str, expires: DateTime<Utc>) -> String {
    let exp = expires.timestamp().to_string();
    let mac = key
        .mac(&[b"session", id.as_bytes(), exp.as_bytes()])
        .finalize()
        .into_bytes();
    format!("{id}.{exp}.{}", b64(&mac))
}

/// A cookie value that verified: its session id and expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCookie {
    /// The session id (look the session up by it).
    pub id: String,
    /// When the cookie stops working.
    pub expires: DateTime<Utc>,
}

/// The session of a cookie value, when its MAC verifies (constant time) and it has not expired
/// at `now`.
pub fn verify_cookie(key: &SessionKey, value: &str, now: DateTime<Utc>) -> Option<SessionCookie> {
    let mut parts = value.split('.');
    let (id, exp, mac) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || id.is_empty() {
        return None;
    }
    let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(mac)
        .ok()?;
    key.mac(&[b"session", id.as_bytes(), exp.as_bytes()])
        .verify_slice(&mac)
        .ok()?;
    let expires = Utc.timestamp_opt(exp.parse().ok()?, 0).single()?;
    (now < expires).then(|| SessionCookie {
        id: id.to_string(),
        expires,
    })
}

/// How the cookie is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieOptions {
    /// Behind TLS (the reverse proxy speaks HTTPS): `Secure` and the `__Host-` name.
    pub secure: bool,
}

impl CookieOptions {
    /// The cookie's name.
    pub fn name(self) -> &'static str {
        if self.secure {
            SECURE_COOKIE_NAME
        } else {
            COOKIE_NAME
        }
    }
}

/// The `Set-Cookie` value that begins a session (`value` from [`sign_cookie`]), living until
/// `expires` (seconds from `now`).
pub fn set_cookie(
    value: &str,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
    opts: CookieOptions,
) -> String {
    let max_age = (expires - now).num_seconds().max(0);
    let mut c = format!(
        "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict",
        opts.name()
    );
    if opts.secure {
        c.push_str("; Secure");
    }
    c
}

/// The `Set-Cookie` value that ends the session in the browser (sign-out).
pub fn clear_cookie(opts: CookieOptions) -> String {
    let mut c = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
        opts.name()
    );
    if opts.secure {
        c.push_str("; Secure");
    }
    c
}

/// The value of cookie `name` in the request's `Cookie` headers. A name sent twice (a cookie
/// planted beside the real one) yields nothing.
pub fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut found = None;
    for h in headers.get_all(header::COOKIE) {
        let Ok(h) = h.to_str() else { continue };
        for pair in h.split(';') {
            if let Some((n, v)) = pair.trim().split_once('=')
                && n == name
            {
                if found.is_some() {
                    return None;
                }
                found = Some(v);
            }
        }
    }
    found
}

/// The CSRF token of session `id`: what the page sends back in `X-CSRF-Token`.
pub fn csrf_token(key: &SessionKey, id: &str) -> String {
    b64(&key.mac(&[b"csrf", id.as_bytes()]).finalize().into_bytes())
}

/// Why a cookie request's state change is refused (403).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CsrfError {
    /// No `X-CSRF-Token` header.
    #[error("a state-changing request signed in by cookie needs the X-CSRF-Token header")]
    Missing,
    /// The header does not match the session.
    #[error("the X-CSRF-Token header does not match the session")]
    Mismatch,
}

/// Whether a method changes state (everything but `GET`, `HEAD`, `OPTIONS`, `TRACE`).
pub fn is_state_changing(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// The CSRF check for a request signed in by the session cookie of session `id`. Requests
/// signed in by an `Authorization` header need none (a browser never adds that header by
/// itself).
///
/// # Errors
/// [`CsrfError`] for a state-changing request without the session's token.
pub fn check_csrf(
    key: &SessionKey,
    id: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), CsrfError> {
    if !is_state_changing(method) {
        return Ok(());
    }
    let sent = headers
        .get(CSRF_HEADER)
        .ok_or(CsrfError::Missing)?
        .as_bytes();
    let expected = csrf_token(key, id);
    if bool::from(sent.ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(CsrfError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use chrono::Duration;

    fn key(b: u8) -> SessionKey {
        SessionKey::from_bytes([b; 32])
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap()
    }

    #[test]
    fn cookie_round_trip_expiry_and_forgery() {
        let k = key(1);
        let id = new_session_id().unwrap();
        assert_eq!(id.len(), 43);
        let exp = t0() + Duration::hours(8);
        let v = sign_cookie(&k, &id, exp);
        let ok = verify_cookie(&k, &v, t0()).unwrap();
        assert_eq!(ok.id, id);
        assert_eq!(ok.expires, exp);
        // Expired.
        assert_eq!(verify_cookie(&k, &v, exp), None);
        // Another server key.
        assert_eq!(verify_cookie(&key(2), &v, t0()), None);
        // A lengthened expiry.
        let (head, mac) = v.rsplit_once('.').unwrap();
        let (idpart, _) = head.split_once('.').unwrap();
        let later = (exp + Duration::days(30)).timestamp();
        assert_eq!(
            verify_cookie(&k, &format!("{idpart}.{later}.{mac}"), t0()),
            None
        );
        // Another id with this MAC; garbage.
        assert_eq!(
            verify_cookie(&k, &v.replacen(&id[..4], "AAAA", 1), t0()),
            None
        );
        for bad in ["", "a", "a.b", "a.b.c", "a.b.c.d", "..", &format!("{v}.x")] {
            assert_eq!(verify_cookie(&k, bad, t0()), None, "{bad:?}");
        }
    }

    #[test]
    fn cookie_attributes() {
        let exp = t0() + Duration::hours(8);
        let plain = set_cookie("V", exp, t0(), CookieOptions { secure: false });
        assert_eq!(
            plain,
            "spur_session=V; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict"
        );
        let tls = set_cookie("V", exp, t0(), CookieOptions { secure: true });
        assert_eq!(
            tls,
            "__Host-spur_session=V; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure"
        );
        assert!(clear_cookie(CookieOptions { secure: true }).contains("Max-Age=0"));
    }

    #[test]
    fn cookie_lookup_refuses_duplicates() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; spur_session=X; b=2"),
        );
        assert_eq!(cookie_value(&h, COOKIE_NAME), Some("X"));
        h.append(header::COOKIE, HeaderValue::from_static("spur_session=Y"));
        assert_eq!(cookie_value(&h, COOKIE_NAME), None);
        assert_eq!(cookie_value(&HeaderMap::new(), COOKIE_NAME), None);
    }

    #[test]
    fn csrf_double_submit() {
        let k = key(3);
        let token = csrf_token(&k, "S1");
        let mut h = HeaderMap::new();
        assert_eq!(check_csrf(&k, "S1", &Method::GET, &h), Ok(()));
        assert_eq!(
            check_csrf(&k, "S1", &Method::POST, &h),
            Err(CsrfError::Missing)
        );
        h.insert(CSRF_HEADER, HeaderValue::from_str(&token).unwrap());
        for m in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            assert_eq!(check_csrf(&k, "S1", &m, &h), Ok(()));
        }
        // The token of another session, or of another key, does not pass.
        assert_eq!(
            check_csrf(&k, "S2", &Method::POST, &h),
            Err(CsrfError::Mismatch)
        );
        assert_eq!(
            check_csrf(&key(4), "S1", &Method::POST, &h),
            Err(CsrfError::Mismatch)
        );
    }
}
