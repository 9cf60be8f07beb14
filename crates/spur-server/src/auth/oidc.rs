//! OIDC bearer tokens: JWTs signed by a configured issuer (a region's identity provider).
//!
//! A token is accepted when, in this order: it is a JWT whose header names an algorithm that the
//! issuer is configured with (never `none`, never HMAC); its unverified `iss` is a configured
//! issuer; its `kid` is a key in that issuer's JWKS (fetched again once on an unknown key id, at
//! most once per [`REFETCH_INTERVAL`] per issuer); the signature verifies with that key; `iss`,
//! `aud`, `exp` and `nbf` hold (with the configured leeway); and it carries the subject claim.
//! The first `[[oidc.roles]]` rule that matches its claims gives the role and scope; no match is
//! a signed-in person without a role ([`AuthError::NoRole`], 403).

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use jsonwebtoken::jwk::{JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::AuthError;
use super::config::{OidcConfig, RoleRule, ServerConfig};
use super::policy::{Principal, Scope, Via};
use super::token::BoxFuture;

/// The shortest time between two fetches of one issuer's keys.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(60);

/// The largest JWKS document read (bytes).
pub const MAX_JWKS_BYTES: u64 = 1 << 20;

/// Where an issuer's keys come from.
pub trait JwksSource: Send + Sync {
    /// The current key set.
    fn fetch(&self) -> BoxFuture<'_, Result<JwkSet, String>>;
}

/// A JWKS kept in a file (re-read on an unknown key id, so a timer that rewrites the file rotates
/// the keys).
#[derive(Debug, Clone)]
pub struct JwksFile(pub PathBuf);

impl JwksSource for JwksFile {
    fn fetch(&self) -> BoxFuture<'_, Result<JwkSet, String>> {
        Box::pin(async move {
            let path = self.0.clone();
            let read = path.clone();
            let bytes = tokio::task::spawn_blocking(move || std::fs::read(read))
                .await
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if bytes.len() as u64 > MAX_JWKS_BYTES {
                return Err(format!(
                    "{} is larger than {MAX_JWKS_BYTES} bytes",
                    path.display()
                ));
            }
            serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: not a JWKS: {e}", path.display()))
        })
    }
}

/// A JWKS fetched by `GET` from a URL.
///
/// Plain `http://` is fetched only from a loopback address (a local identity provider or a
/// sidecar that fetches the issuer's keys). `https://` needs a TLS client, which the server does
/// not link yet: such an issuer answers every token with 401 and logs why.
// TODO(issue 30): fetch https:// JWKS directly once a TLS client is a dependency.
#[derive(Debug, Clone)]
pub struct JwksUrl(pub String);

impl JwksSource for JwksUrl {
    fn fetch(&self) -> BoxFuture<'_, Result<JwkSet, String>> {
        Box::pin(async move {
            let body = http_get_loopback(&self.0).await?;
            serde_json::from_slice(&body).map_err(|e| format!("{}: not a JWKS: {e}", self.0))
        })
    }
}

/// A bounded HTTP/1.0 `GET` of a loopback `http://` URL (no TLS, no redirects).
async fn http_get_loopback(url: &str) -> Result<Vec<u8>, String> {
    let (status, body) = http_loopback(url, None).await?;
    if status != 200 {
        return Err(format!("{url}: answered {status}"));
    }
    Ok(body)
}

/// A bounded HTTP/1.0 `POST` of a form (`application/x-www-form-urlencoded`) to a loopback
/// `http://` URL: the status and the body (the token endpoint of the browser sign-in).
///
/// # Errors
/// Another scheme or host, no connection, a timeout, an answer that is not HTTP.
pub(crate) async fn http_post_form_loopback(
    url: &str,
    form: &str,
) -> Result<(u16, Vec<u8>), String> {
    http_loopback(url, Some(form)).await
}

async fn http_loopback(url: &str, form: Option<&str>) -> Result<(u16, Vec<u8>), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url}: only http:// to a loopback address is fetched (https:// needs a TLS client; use jwks_file)"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let host = authority
        .rsplit_once(':')
        .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority, |(h, _)| h);
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    if !loopback {
        return Err(format!(
            "{url}: plain http:// is fetched only from a loopback address"
        ));
    }
    let addr = if authority.contains(':') && !authority.ends_with(']') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let io = async {
        let mut stream = tokio::net::TcpStream::connect(&addr).await?;
        let request = match form {
            None => format!(
                "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
            ),
            Some(body) => format!(
                "POST {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        };
        stream.write_all(request.as_bytes()).await?;
        let mut buf = Vec::new();
        stream
            .take(MAX_JWKS_BYTES + 8192)
            .read_to_end(&mut buf)
            .await?;
        Ok::<_, std::io::Error>(buf)
    };
    let buf = tokio::time::timeout(Duration::from_secs(10), io)
        .await
        .map_err(|_| format!("{url}: timed out"))?
        .map_err(|e| format!("{url}: {e}"))?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{url}: not an HTTP answer"))?;
    let head = String::from_utf8_lossy(&buf[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("{url}: not an HTTP answer"))?;
    Ok((status, buf[split + 4..].to_vec()))
}

/// One key of an issuer.
struct Key {
    kid: Option<String>,
    alg: Option<Algorithm>,
    key: DecodingKey,
}

struct Cache {
    keys: Vec<Key>,
    last_fetch: Option<Instant>,
}

/// One configured issuer with its key cache.
struct Issuer {
    config: OidcConfig,
    algorithms: Vec<Algorithm>,
    source: Box<dyn JwksSource>,
    cache: tokio::sync::Mutex<Cache>,
    refetch_interval: Duration,
}

/// The OIDC issuers this server trusts. Without any, every JWT is refused.
pub struct Oidc {
    issuers: Vec<Issuer>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.issuers.iter().map(|i| &i.config.issuer))
            .finish()
    }
}

impl Oidc {
    /// No issuers: only API tokens sign in.
    pub fn none() -> Oidc {
        Oidc {
            issuers: Vec::new(),
        }
    }

    /// The issuers of a checked configuration, each with the JWKS source it names (a relative
    /// `jwks_file` is taken relative to `base`, the configuration file's directory).
    pub fn from_config(config: &ServerConfig, base: &std::path::Path) -> Oidc {
        let mut oidc = Oidc::none();
        for o in &config.oidc {
            let source: Box<dyn JwksSource> = match (&o.jwks_file, &o.jwks_url) {
                (Some(file), _) => Box::new(JwksFile(base.join(file))),
                (None, Some(url)) => Box::new(JwksUrl(url.clone())),
                // `ServerConfig::parse` refuses this; an issuer without keys accepts nothing.
                (None, None) => Box::new(JwksFile(PathBuf::new())),
            };
            oidc.add(o.clone(), source);
        }
        oidc
    }

    /// Trust one more issuer, with its keys from `source`.
    pub fn add(&mut self, config: OidcConfig, source: Box<dyn JwksSource>) {
        self.add_with_interval(config, source, REFETCH_INTERVAL);
    }

    /// [`Oidc::add`] with another shortest time between fetches (for tests).
    pub fn add_with_interval(
        &mut self,
        config: OidcConfig,
        source: Box<dyn JwksSource>,
        refetch_interval: Duration,
    ) {
        let algorithms = config
            .algorithms
            .iter()
            .filter_map(|a| a.parse::<Algorithm>().ok())
            .filter(|a| !matches!(a, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512))
            .collect();
        self.issuers.push(Issuer {
            config,
            algorithms,
            source,
            cache: tokio::sync::Mutex::new(Cache {
                keys: Vec::new(),
                last_fetch: None,
            }),
            refetch_interval,
        });
    }

    /// Whether any issuer is configured.
    pub fn is_configured(&self) -> bool {
        !self.issuers.is_empty()
    }

    /// The principal a JWT signs in as.
    ///
    /// # Errors
    /// [`AuthError::Invalid`] for any token that is not accepted (the reason names which check
    /// failed, never the token); [`AuthError::NoRole`] for a valid token that no role rule
    /// matches.
    pub async fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let (issuer, claims) = self.verified_claims(token).await?;
        issuer.principal(&claims)
    }

    /// The principal of an ID token that the browser sign-in ([`super::code_flow`]) got from
    /// the issuer's token endpoint: verified as [`Oidc::verify`] does, and its `nonce` claim
    /// must be `nonce` (the one this sign-in sent, so a token from another sign-in is refused).
    ///
    /// # Errors
    /// As [`Oidc::verify`], and [`AuthError::Invalid`] for a missing or other nonce.
    pub async fn verify_id_token(&self, token: &str, nonce: &str) -> Result<Principal, AuthError> {
        let (issuer, claims) = self.verified_claims(token).await?;
        let sent = claims.get("nonce").and_then(Value::as_str).unwrap_or("");
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            sent.as_bytes(),
            nonce.as_bytes(),
        )) || nonce.is_empty()
        {
            return Err(AuthError::Invalid(
                "the ID token's nonce is not this sign-in's",
            ));
        }
        issuer.principal(&claims)
    }

    async fn verified_claims(
        &self,
        token: &str,
    ) -> Result<(&Issuer, Map<String, Value>), AuthError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| AuthError::Invalid("not a JWT with a supported algorithm"))?;
        let iss =
            unverified_issuer(token).ok_or(AuthError::Invalid("the token names no issuer"))?;
        let issuer = self
            .issuers
            .iter()
            .find(|i| i.config.issuer == iss)
            .ok_or(AuthError::Invalid("the token's issuer is not trusted"))?;
        if !issuer.algorithms.contains(&header.alg) {
            return Err(AuthError::Invalid("the token's algorithm is not allowed"));
        }
        let claims = issuer
            .verify(token, header.alg, header.kid.as_deref())
            .await?;
        Ok((issuer, claims))
    }
}

/// The `iss` claim of a JWT read without checking anything (only to choose the issuer whose
/// keys then check it).
fn unverified_issuer(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Map<String, Value> = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(str::to_string)
}

fn jwt_error(e: &jsonwebtoken::errors::Error) -> &'static str {
    use jsonwebtoken::errors::ErrorKind as K;
    match e.kind() {
        K::ExpiredSignature => "the token has expired",
        K::ImmatureSignature => "the token is not valid yet",
        K::InvalidAudience => "the token is for another audience",
        K::InvalidIssuer => "the token's issuer is not trusted",
        K::InvalidSignature => "the token's signature does not verify",
        K::InvalidAlgorithm => "the token's algorithm does not match its key",
        K::MissingRequiredClaim(_) => "the token lacks a required claim (exp, iss, aud)",
        _ => "the token is not valid",
    }
}

impl Issuer {
    async fn verify(
        &self,
        token: &str,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<Map<String, Value>, AuthError> {
        let mut cache = self.cache.lock().await;
        let mut found = find_key(&cache.keys, kid, alg);
        if found.is_none() {
            let due = cache
                .last_fetch
                .is_none_or(|t| t.elapsed() >= self.refetch_interval);
            if due {
                cache.last_fetch = Some(Instant::now());
                match self.source.fetch().await {
                    Ok(set) => cache.keys = keys_of(&set),
                    Err(e) => {
                        tracing::warn!(issuer = %self.config.issuer, "JWKS fetch failed: {e}")
                    }
                }
                found = find_key(&cache.keys, kid, alg);
            }
        }
        let key = found.ok_or(AuthError::Invalid("the token's key id is not known"))?;
        let mut validation = Validation::new(alg);
        validation.algorithms = vec![alg];
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = self.config.leeway_seconds;
        let data =
            jsonwebtoken::decode::<Map<String, Value>>(token, &cache.keys[key].key, &validation)
                .map_err(|e| AuthError::Invalid(jwt_error(&e)))?;
        Ok(data.claims)
    }

    fn principal(&self, claims: &Map<String, Value>) -> Result<Principal, AuthError> {
        let subject = claims
            .get(&self.config.subject_claim)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(AuthError::Invalid("the token lacks the subject claim"))?
            .to_string();
        for rule in &self.config.roles {
            if let Some(scope) = rule_scope(rule, claims) {
                return Ok(Principal {
                    subject: subject.clone(),
                    role: rule.role,
                    scope,
                    via: Via::Oidc {
                        issuer: self.config.issuer.clone(),
                        subject,
                    },
                });
            }
        }
        Err(AuthError::NoRole)
    }
}

/// The index of the key for `kid` (or the only key usable with `alg` when the token names no
/// key), if any.
fn find_key(keys: &[Key], kid: Option<&str>, alg: Algorithm) -> Option<usize> {
    let usable = |k: &Key| k.alg.is_none_or(|a| a == alg);
    match kid {
        Some(kid) => keys
            .iter()
            .position(|k| k.kid.as_deref() == Some(kid) && usable(k)),
        None => {
            let mut candidates = keys.iter().enumerate().filter(|(_, k)| usable(k));
            match (candidates.next(), candidates.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        }
    }
}

/// The signing keys of a set (encryption keys and keys that cannot be read are left out).
fn keys_of(set: &JwkSet) -> Vec<Key> {
    let mut seen = HashSet::new();
    set.keys
        .iter()
        .filter(|j| !matches!(j.common.public_key_use, Some(PublicKeyUse::Encryption)))
        .filter_map(|j| {
            let alg = match j.common.key_algorithm {
                Some(ka) => Some(Algorithm::try_from(ka).ok()?),
                None => None,
            };
            if matches!(
                alg,
                Some(Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
            ) {
                return None;
            }
            let key = DecodingKey::from_jwk(j).ok()?;
            // A kid that appears twice is ambiguous: the first one counts.
            if let Some(kid) = &j.common.key_id
                && !seen.insert(kid.clone())
            {
                return None;
            }
            Some(Key {
                kid: j.common.key_id.clone(),
                alg,
                key,
            })
        })
        .collect()
}

/// The scope a rule gives for these claims, if the rule matches.
fn rule_scope(rule: &RoleRule, claims: &Map<String, Value>) -> Option<Scope> {
    let matches = match claims.get(&rule.claim)? {
        Value::String(s) => *s == rule.value,
        Value::Array(items) => items.iter().any(|v| v.as_str() == Some(&rule.value)),
        _ => false,
    };
    if !matches {
        return None;
    }
    let value = match (&rule.scope_value, &rule.scope_claim) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(c)) => Some(claims.get(c)?.as_str()?.to_string()),
        (None, None) => None,
    };
    Scope::from_parts(&rule.scope, value.as_deref()).ok()
}
