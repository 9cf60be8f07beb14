//! "Logga in med regionen": the OIDC authorization-code flow with PKCE (RFC 7636) for an
//! `[[oidc]]` issuer configured with `authorization_endpoint`, `token_endpoint`, `client_id`
//! and `redirect_uri`.
//!
//! 1. `GET /sign-in/region` makes a [`Flow`] — a random `state`, `nonce` and PKCE code
//!    verifier — keeps it in a short-lived signed cookie ([`sign_flow`], `SameSite=Lax` so that
//!    it comes back with the issuer's redirect; any instance holding the session key reads it)
//!    and sends the browser to [`authorization_url`] with the verifier's S256 [`challenge`].
//! 2. The issuer sends the browser back to `redirect_uri` (`/sign-in/callback?code=…&state=…`).
//!    The `state` must be the cookie's (constant time); the code is exchanged at the token
//!    endpoint together with the verifier ([`exchange`]); the ID token is verified like any
//!    OIDC bearer token and its `nonce` must be the cookie's
//!    ([`Oidc::verify_id_token`](super::Oidc::verify_id_token)).
//!
//! Nothing here logs the code, the verifier or a token.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::Mac as _;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use super::config::OidcConfig;
use super::session::{CookieOptions, SessionKey, b64};

/// The flow cookie's name over plain HTTP.
pub const FLOW_COOKIE: &str = "spur_oidc";
/// The flow cookie's name behind TLS.
pub const SECURE_FLOW_COOKIE: &str = "__Host-spur_oidc";
/// How long a browser has to come back from the issuer, in seconds.
pub const FLOW_SECONDS: i64 = 600;

/// One sign-in with the region in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The index of the issuer in the configuration's `[[oidc]]` list.
    pub issuer: usize,
    /// The `state` sent to the issuer (it must come back unchanged).
    pub state: String,
    /// The `nonce` the ID token must carry.
    pub nonce: String,
    /// The PKCE code verifier (sent only to the token endpoint).
    pub verifier: String,
    /// When the flow stops being accepted.
    pub expires: DateTime<Utc>,
    /// The language of the pages (`sv` or `en`).
    pub lang: String,
}

fn random() -> Result<String, getrandom::Error> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b)?;
    Ok(b64(&b))
}

impl Flow {
    /// A new flow with issuer `issuer`, begun `now`.
    ///
    /// # Errors
    /// The operating system's random source failed.
    pub fn new(issuer: usize, now: DateTime<Utc>, lang: &str) -> Result<Flow, getrandom::Error> {
        Ok(Flow {
            issuer,
            state: random()?,
            nonce: random()?,
            verifier: random()?,
            expires: now + chrono::Duration::seconds(FLOW_SECONDS),
            lang: if lang == "en" { "en" } else { "sv" }.to_string(),
        })
    }
}

/// The PKCE S256 challenge of a code verifier: base64url(SHA-256(verifier)).
pub fn challenge(verifier: &str) -> String {
    b64(&Sha256::digest(verifier.as_bytes()))
}

/// `application/x-www-form-urlencoded` / query-string escaping.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where the browser is sent to sign in: the issuer's authorization endpoint with
/// `response_type=code`, the client id, the redirect URI, the scopes, `state`, `nonce` and the
/// S256 code challenge.
pub fn authorization_url(config: &OidcConfig, flow: &Flow) -> String {
    let endpoint = config.authorization_endpoint.as_deref().unwrap_or_default();
    let mut scopes = vec!["openid".to_string()];
    scopes.extend(config.scopes.iter().filter(|s| *s != "openid").cloned());
    let params = [
        ("response_type", "code".to_string()),
        ("client_id", config.client_id.clone().unwrap_or_default()),
        (
            "redirect_uri",
            config.redirect_uri.clone().unwrap_or_default(),
        ),
        ("scope", scopes.join(" ")),
        ("state", flow.state.clone()),
        ("nonce", flow.nonce.clone()),
        ("code_challenge", challenge(&flow.verifier)),
        ("code_challenge_method", "S256".to_string()),
    ];
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect();
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}{}", query.join("&"))
}

/// The flow cookie's value: its fields and an HMAC-SHA-256 over them with the session key.
pub fn sign_flow(key: &SessionKey, flow: &Flow) -> String {
    let body = format!(
        "{}.{}.{}.{}.{}.{}",
        flow.issuer,
        flow.state,
        flow.nonce,
        flow.verifier,
        flow.expires.timestamp(),
        flow.lang
    );
    let mac = key
        .mac(&[b"oidc-flow", body.as_bytes()])
        .finalize()
        .into_bytes();
    format!("{body}.{}", b64(&mac))
}

/// The flow of a cookie value, when its MAC verifies and it has not expired at `now`.
pub fn verify_flow(key: &SessionKey, value: &str, now: DateTime<Utc>) -> Option<Flow> {
    let (body, mac) = value.rsplit_once('.')?;
    let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(mac)
        .ok()?;
    key.mac(&[b"oidc-flow", body.as_bytes()])
        .verify_slice(&mac)
        .ok()?;
    let parts: Vec<&str> = body.split('.').collect();
    let [issuer, state, nonce, verifier, expires, lang] = parts.as_slice() else {
        return None;
    };
    let expires = DateTime::from_timestamp(expires.parse().ok()?, 0)?;
    let issuer = issuer.parse().ok()?;
    (now < expires).then(|| Flow {
        issuer,
        state: (*state).to_string(),
        nonce: (*nonce).to_string(),
        verifier: (*verifier).to_string(),
        expires,
        lang: (*lang).to_string(),
    })
}

/// Whether the `state` that came back is the flow's (constant time).
pub fn state_matches(flow: &Flow, state: &str) -> bool {
    !state.is_empty() && bool::from(flow.state.as_bytes().ct_eq(state.as_bytes()))
}

/// The flow cookie's name.
pub fn flow_cookie_name(opts: CookieOptions) -> &'static str {
    if opts.secure {
        SECURE_FLOW_COOKIE
    } else {
        FLOW_COOKIE
    }
}

/// The `Set-Cookie` of the flow: `HttpOnly`, `SameSite=Lax` (it must come back with the
/// issuer's top-level redirect, which `Strict` would withhold), ten minutes.
pub fn set_flow_cookie(value: &str, opts: CookieOptions) -> String {
    let mut c = format!(
        "{}={value}; Path=/; Max-Age={FLOW_SECONDS}; HttpOnly; SameSite=Lax",
        flow_cookie_name(opts)
    );
    if opts.secure {
        c.push_str("; Secure");
    }
    c
}

/// The `Set-Cookie` that removes the flow cookie (the flow is used once).
pub fn clear_flow_cookie(opts: CookieOptions) -> String {
    let mut c = format!(
        "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        flow_cookie_name(opts)
    );
    if opts.secure {
        c.push_str("; Secure");
    }
    c
}

/// The token request's form body: the code, the verifier, the redirect URI, the client id (and
/// secret, for a confidential client).
pub fn token_request(
    config: &OidcConfig,
    code: &str,
    verifier: &str,
    client_secret: Option<&str>,
) -> String {
    let mut form = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&client_id={}&code_verifier={}",
        url_encode(code),
        url_encode(config.redirect_uri.as_deref().unwrap_or_default()),
        url_encode(config.client_id.as_deref().unwrap_or_default()),
        url_encode(verifier),
    );
    if let Some(secret) = client_secret {
        form.push_str(&format!("&client_secret={}", url_encode(secret)));
    }
    form
}

/// Exchange the code at the issuer's token endpoint: the ID token it answers.
///
/// The endpoint is reached over plain `http://` on a loopback address only (the server has no
/// TLS client yet; a region's `https://` endpoint is reached through a local forwarder, see
/// `docs/deploy.md`).
///
/// # Errors
/// A fixed reason (never the code or a token): the endpoint cannot be reached, refuses the
/// code (a wrong verifier, a used code) or answers without an ID token.
// TODO(issue 30): reach https:// token endpoints directly once a TLS client is a dependency.
pub async fn exchange(
    config: &OidcConfig,
    code: &str,
    verifier: &str,
    client_secret: Option<&str>,
) -> Result<String, &'static str> {
    let url = config.token_endpoint.as_deref().unwrap_or_default();
    let form = token_request(config, code, verifier, client_secret);
    let (status, body) = super::oidc::http_post_form_loopback(url, &form)
        .await
        .map_err(|e| {
            tracing::warn!(issuer = %config.issuer, "token endpoint: {e}");
            "the region's sign-in service could not be reached"
        })?;
    if status != 200 {
        tracing::info!(issuer = %config.issuer, status, "token endpoint refused the code");
        return Err("the region's sign-in service refused the code");
    }
    let answer: serde_json::Value =
        serde_json::from_slice(&body).map_err(|_| "the token endpoint's answer is not JSON")?;
    answer
        .get("id_token")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
        .ok_or("the token endpoint answered without an ID token")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn cfg() -> OidcConfig {
        crate::auth::ServerConfig::parse(
            r#"
[[oidc]]
issuer = "https://idp.example"
audience = "spur"
jwks_file = "j.json"
authorization_endpoint = "https://idp.example/authorize"
token_endpoint = "http://127.0.0.1:9/token"
client_id = "spur"
redirect_uri = "https://spur.example/sign-in/callback"
"#,
            std::path::Path::new("spur.toml"),
        )
        .unwrap()
        .oidc
        .remove(0)
    }

    #[test]
    fn pkce_challenge_of_rfc7636_appendix_b() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn flow_cookie_round_trip_and_forgery() {
        let k = SessionKey::from_bytes([7; 32]);
        let t0 = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
        let f = Flow::new(0, t0, "en").unwrap();
        let v = sign_flow(&k, &f);
        assert_eq!(verify_flow(&k, &v, t0), Some(f.clone()));
        assert_eq!(
            verify_flow(&k, &v, t0 + chrono::Duration::seconds(FLOW_SECONDS)),
            None
        );
        assert_eq!(verify_flow(&SessionKey::from_bytes([8; 32]), &v, t0), None);
        assert_eq!(verify_flow(&k, &v.replacen("0.", "1.", 1), t0), None);
        assert!(state_matches(&f, &f.state));
        assert!(!state_matches(&f, "x"));
        assert!(!state_matches(&f, ""));
        let url = authorization_url(&cfg(), &f);
        assert!(url.starts_with("https://idp.example/authorize?response_type=code&client_id=spur&redirect_uri=https%3A%2F%2Fspur.example%2Fsign-in%2Fcallback&scope=openid&state="));
        assert!(url.contains(&format!("code_challenge={}", challenge(&f.verifier))));
        assert!(url.contains("code_challenge_method=S256"));
        assert!(!url.contains(&f.verifier));
        let form = token_request(&cfg(), "c/d", &f.verifier, None);
        assert!(form.contains("code=c%2Fd") && form.contains("code_verifier="));
        assert!(!form.contains("client_secret"));
    }
}
