//! Browser sign-in (issue 30, item 4) through the router with a SQLite store: the sign-in page,
//! the session cookie's attributes, CSRF on state-changing cookie requests, session fixation,
//! sign-out, expiry, revocation, refused sign-ins (rate-limited and audited, without the
//! token), and the region's OIDC code flow with PKCE against a fake issuer on 127.0.0.1 — and
//! no token, cookie or CSRF token in the logs.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::Digest as _;
use spur_server::auth::ServerConfig;
use spur_server::auth::session::{SessionKey, sign_cookie};
use spur_server::{Config, router_with};
use spur_store::{NewToken, Store};
use tower::ServiceExt as _;

const ISSUER: &str = "https://idp.test.invalid/realms/region";
const KEY_HEX: &str = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map_or("", |v| v.to_str().unwrap_or(""))
    }
    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
    /// The `name=value` of the session cookie this reply sets.
    fn session_cookie(&self) -> String {
        self.cookies()
            .into_iter()
            .find(|c| c.contains("spur_session="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .expect("a session cookie")
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

struct App {
    app: axum::Router,
    store: Store,
    _dir: tempfile::TempDir,
}

impl App {
    async fn new(settings: &str, edit: impl FnOnce(&mut Config)) -> App {
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

    async fn token(&self, name: &str, role: &str, scope: Option<(&str, &str)>) -> (String, i64) {
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

    async fn send(&self, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Reply {
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

    async fn sign_in(&self, token: &str, cookie: Option<&str>) -> Reply {
        let mut h = vec![("content-type", "application/x-www-form-urlencoded")];
        if let Some(c) = cookie {
            h.push(("cookie", c));
        }
        self.send("POST", "/sign-in", &h, &format!("lang=sv&token={token}"))
            .await
    }

    async fn me(&self, cookie: &str) -> Reply {
        self.send("GET", "/v1/me", &[("cookie", cookie)], "").await
    }
}

/// Log lines, captured.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

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
fn logs() -> Logs {
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
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn token_sign_in_cookie_csrf_and_sign_out() {
    let logs = logs();

    let app = App::new("", |_| {}).await;
    let (token, _) = app
        .token("Verksamhetschef", "unit", Some(("unit", "Kirurgkliniken")))
        .await;

    // The page: Swedish by default, English by `lang`, a labelled password field.
    let page = app.send("GET", "/sign-in", &[], "").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains("<html lang=\"sv\">"), "{}", page.body);
    assert!(page.body.contains("Logga in i spur"));
    assert!(page.body.contains("<label for=\"token\">"));
    assert!(!page.body.contains("Logga in med regionen"), "no issuer");
    assert!(
        page.header("content-security-policy")
            .contains("form-action 'self'")
    );
    let en = app.send("GET", "/sign-in?lang=en", &[], "").await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Sign in to spur"));

    // Sign in: a strict, HttpOnly session cookie, to the start page.
    let r = app.sign_in(&token, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), "/start");
    let set = r
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("spur_session="))
        .unwrap();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(set.contains(attr), "{attr} in {set}");
    }
    assert!(!set.contains("Secure") && !set.contains("Domain"), "{set}");
    let cookie = r.session_cookie();

    // The cookie signs in; /v1/me gives the CSRF token; the start page shows who.
    let me = app.me(&cookie).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["subject"], "Verksamhetschef");
    assert_eq!(me.json()["role"], "unit");
    let csrf = me.json()["csrf_token"].as_str().unwrap().to_string();
    let start = app.send("GET", "/start", &[("cookie", &cookie)], "").await;
    assert_eq!(start.status, StatusCode::OK);
    assert!(start.body.contains("Verksamhetschef") && start.body.contains("Kirurgkliniken"));
    assert!(
        start
            .body
            .contains(&format!("<meta name=\"csrf-token\" content=\"{csrf}\">"))
    );
    assert!(start.body.contains("id=\"sign-out\""));
    // A bearer token's /v1/me carries no CSRF token.
    let bearer = format!("Bearer {token}");
    let b = app
        .send("GET", "/v1/me", &[("authorization", &bearer)], "")
        .await;
    assert!(b.json().get("csrf_token").is_none());

    // A state change with the cookie: refused without the CSRF token and with a wrong one.
    for extra in [None, Some("x"), Some(&csrf[..csrf.len() - 1])] {
        let mut h = vec![("cookie", cookie.as_str())];
        if let Some(t) = extra {
            h.push(("x-csrf-token", t));
        }
        let r = app.send("POST", "/v1/calendar", &h, "").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{extra:?}: {}", r.body);
        assert_eq!(r.header("content-type"), "application/problem+json");
        assert!(r.body.contains("X-CSRF-Token"), "{}", r.body);
    }
    let r = app
        .send(
            "POST",
            "/v1/calendar",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Bearer tokens are unchanged: no CSRF token needed.
    let r = app
        .send("POST", "/v1/calendar", &[("authorization", &bearer)], "")
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Sign-out needs the CSRF token too; then the cookie is cleared and the session is over.
    let r = app
        .send(
            "POST",
            "/sign-out",
            &[
                ("cookie", &cookie),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "csrf=wrong",
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.me(&cookie).await.status, StatusCode::OK);
    let r = app
        .send(
            "POST",
            "/sign-out",
            &[
                ("cookie", &cookie),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            &format!("csrf={csrf}&lang=en"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.header("location"), "/sign-in?lang=en");
    assert!(
        r.cookies()
            .iter()
            .any(|c| c.starts_with("spur_session=;") && c.contains("Max-Age=0"))
    );
    let after = app.me(&cookie).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let start = app.send("GET", "/start", &[("cookie", &cookie)], "").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert_eq!(start.header("location"), "/sign-in");

    // A sign-in form posted from another site (login CSRF) is refused, and sets no cookie.
    let r = app
        .send(
            "POST",
            "/sign-in",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("sec-fetch-site", "cross-site"),
            ],
            &format!("token={token}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.cookies().is_empty());

    // A refused sign-in: the page again with its message, audited without the token.
    let (wrong, _) = spur_server::auth::generate_token().unwrap();
    let r = app.sign_in(&wrong, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);
    assert!(!r.body.contains(&wrong));
    let events = app.store.audit_events().await.unwrap();
    let refused: Vec<_> = events
        .iter()
        .filter(|e| e.action == "sign_in.refused")
        .collect();
    assert_eq!(refused.len(), 1, "{events:?}");
    assert!(
        refused[0].detail.contains("\"via\":\"token\""),
        "{}",
        refused[0].detail
    );
    assert!(!refused[0].detail.contains(&wrong[5..]));
    assert!(app.store.verify_audit().await.unwrap().is_ok());

    // Nothing secret in the logs.
    let text = logs.text();
    assert!(text.contains("refused sign-in"), "{text}");
    let value = cookie.split_once('=').unwrap().1;
    for secret in [&token[5..], &wrong[5..], value, &csrf] {
        assert!(!text.contains(secret), "a secret in the logs:\n{text}");
    }
}

#[tokio::test]
async fn refused_sign_ins_are_limited_per_address() {
    let app = App::new("", |_| {}).await;
    let (token, _) = app
        .token("Region", "region", Some(("region", "Region Skåne")))
        .await;
    for i in 0..8 {
        let r = app.sign_in("spur_nope", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = app.sign_in(&token, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(r.body.contains("role=\"alert\""));
    let refused = app
        .store
        .audit_events()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "sign_in.refused")
        .count();
    assert_eq!(refused, 8);
}

#[tokio::test]
async fn cookies_are_secure_with_the_host_prefix_behind_tls() {
    let app = App::new("behind_tls = true\nsession_hours = 2\n", |_| {}).await;
    let (token, _) = app
        .token(
            "Samordnare",
            "coordinator",
            Some(("specialty", "allmänmedicin")),
        )
        .await;
    let r = app.sign_in(&token, None).await;
    let set = r.cookies().join("\n");
    assert!(set.starts_with("__Host-spur_session="), "{set}");
    assert!(
        set.contains("; Secure") && set.contains("Max-Age=7200"),
        "{set}"
    );
    let cookie = set.split(';').next().unwrap().to_string();
    assert_eq!(app.me(&cookie).await.status, StatusCode::OK);
    // The plain name is not read behind TLS.
    let plain = cookie.replacen("__Host-", "", 1);
    assert_eq!(app.me(&plain).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_pre_set_cookie_is_never_adopted() {
    let app = App::new("", |_| {}).await;
    let (token, _) = app.token("Inspektör", "inspector", None).await;
    // An attacker's chosen value is not a session, and sign-in makes a new one.
    let planted = "spur_session=attacker.9999999999.AAAA";
    assert_eq!(app.me(planted).await.status, StatusCode::UNAUTHORIZED);
    let r = app.sign_in(&token, Some(planted)).await;
    let first = r.session_cookie();
    assert_ne!(first, planted);
    assert!(!first.contains("attacker"));
    // Signing in again with a live session replaces it: the old one ends.
    let r = app.sign_in(&token, Some(&first)).await;
    let second = r.session_cookie();
    assert_ne!(first, second);
    assert_eq!(app.me(&first).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.me(&second).await.status, StatusCode::OK);
    // Two cookies of the name (one planted beside the real one): neither is taken.
    let both = format!("{second}; {planted}");
    assert_eq!(app.me(&both).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn expired_sessions_and_revoked_tokens_end_sessions() {
    let app = App::new("", |_| {}).await;
    let (token, id) = app
        .token("Enheten", "unit", Some(("unit", "Kirurgkliniken")))
        .await;
    let key = SessionKey::from_bytes(
        (0..32)
            .map(|i| u8::from_str_radix(&KEY_HEX[2 * i..2 * i + 2], 16).unwrap())
            .collect::<Vec<u8>>()
            .try_into()
            .unwrap(),
    );
    let principal = json!({"subject": "Enheten", "role": "unit",
        "scope": {"kind": "unit", "value": "Kirurgkliniken"}, "via": {"kind": "token", "id": id.to_string()}})
    .to_string();
    let soon = chrono::Utc::now() + chrono::Duration::hours(1);
    // Stored as expired, though the cookie says otherwise: refused.
    let sid = "expired-session-id";
    app.store
        .create_session(
            &spur_store::sha256_hex(sid.as_bytes()),
            &principal,
            Some(id),
            "2020-01-01T00:00:00.000000Z",
        )
        .await
        .unwrap();
    let cookie = format!("spur_session={}", sign_cookie(&key, sid, soon));
    assert_eq!(app.me(&cookie).await.status, StatusCode::UNAUTHORIZED);
    // A live stored session: accepted; with a cookie past its own expiry: refused.
    let sid = "live-session-id";
    app.store
        .create_session(
            &spur_store::sha256_hex(sid.as_bytes()),
            &principal,
            Some(id),
            &(soon.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()),
        )
        .await
        .unwrap();
    let cookie = format!("spur_session={}", sign_cookie(&key, sid, soon));
    assert_eq!(app.me(&cookie).await.status, StatusCode::OK);
    let past = chrono::Utc::now() - chrono::Duration::seconds(1);
    let old = format!("spur_session={}", sign_cookie(&key, sid, past));
    assert_eq!(app.me(&old).await.status, StatusCode::UNAUTHORIZED);

    // Revoking the token ends every session begun with it.
    let r = app.sign_in(&token, None).await;
    let signed_in = r.session_cookie();
    assert_eq!(app.me(&signed_in).await.status, StatusCode::OK);
    app.store.revoke_token(id, "admin").await.unwrap();
    assert_eq!(app.me(&signed_in).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.me(&cookie).await.status, StatusCode::UNAUTHORIZED);
    let start = app
        .send("GET", "/start", &[("cookie", &signed_in)], "")
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    // And the revoked token does not sign in again.
    assert_eq!(
        app.sign_in(&token, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

// ---------------------------------------------------------------------------------------------
// The region's sign-in against a fake issuer.

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/oidc")
        .join(name)
}

fn private_der(name: &str) -> Vec<u8> {
    let pem = std::fs::read_to_string(fixture(name)).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn params(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

/// What the fake issuer remembers of an authorization: the code's challenge and nonce.
#[derive(Clone)]
struct Grant {
    challenge: String,
    nonce: String,
}

#[derive(Clone, Default)]
struct Issuer {
    grants: Arc<Mutex<HashMap<String, Grant>>>,
    exchanges: Arc<Mutex<Vec<String>>>,
}

/// The fake issuer's token endpoint: the code must be one it issued (once), the verifier must
/// hash to the code's challenge (PKCE S256), the client id and redirect must be the
/// registered ones; it answers an RS256 ID token with the code's nonce.
async fn token_endpoint(
    axum::extract::State(issuer): axum::extract::State<Issuer>,
    body: String,
) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let p = params(&body);
    issuer.exchanges.lock().unwrap().push(body.clone());
    let refuse = |why: &str| {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_grant", "error_description": why})),
        )
            .into_response()
    };
    if p.get("grant_type").map(String::as_str) != Some("authorization_code")
        || p.get("client_id").map(String::as_str) != Some("spur")
        || p.get("redirect_uri").map(String::as_str)
            != Some("https://spur.test.invalid/sign-in/callback")
    {
        return refuse("client");
    }
    let Some(grant) = issuer
        .grants
        .lock()
        .unwrap()
        .remove(p.get("code").map_or("", String::as_str))
    else {
        return refuse("code");
    };
    let verifier = p.get("code_verifier").cloned().unwrap_or_default();
    if b64(&sha2::Sha256::digest(verifier.as_bytes())) != grant.challenge {
        return refuse("code_verifier");
    }
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": ISSUER, "aud": "spur", "sub": "f81d4fae", "name": "Anna Andersson",
        "iat": now, "exp": now + 300, "nonce": grant.nonce,
        "groups": ["spur-unit"], "unit_name": "Kirurgkliniken",
    });
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("key-a".into());
    let id_token = jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_rsa_der(&private_der("key-a.pem")),
    )
    .unwrap();
    axum::Json(json!({"id_token": id_token, "access_token": "opaque", "token_type": "Bearer"}))
        .into_response()
}

async fn fake_issuer() -> (std::net::SocketAddr, Issuer) {
    let issuer = Issuer::default();
    let app = axum::Router::new()
        .route("/token", axum::routing::post(token_endpoint))
        .with_state(issuer.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (addr, issuer)
}

fn oidc_settings(token_addr: std::net::SocketAddr) -> String {
    format!(
        r#"
[[oidc]]
issuer = "{ISSUER}"
audience = "spur"
jwks_file = "{jwks}"
subject_claim = "name"
authorization_endpoint = "https://idp.test.invalid/realms/region/authorize"
token_endpoint = "http://{token_addr}/token"
client_id = "spur"
redirect_uri = "https://spur.test.invalid/sign-in/callback"
scopes = ["profile"]

[[oidc.roles]]
claim = "groups"
value = "spur-unit"
role = "unit"
scope = "unit"
scope_claim = "unit_name"
"#,
        jwks = fixture("jwks-a.json").display()
    )
}

struct Started {
    flow_cookie: String,
    state: String,
    challenge: String,
    nonce: String,
}

async fn begin(app: &App) -> Started {
    let r = app.send("GET", "/sign-in/region?issuer=0", &[], "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").to_string();
    let (endpoint, query) = location.split_once('?').unwrap();
    assert_eq!(endpoint, "https://idp.test.invalid/realms/region/authorize");
    let q = params(query);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], "spur");
    assert_eq!(q["scope"], "openid profile");
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(
        q["redirect_uri"],
        "https://spur.test.invalid/sign-in/callback"
    );
    let set = r.cookies().join("\n");
    assert!(
        set.starts_with("spur_oidc=") && set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    // The verifier never leaves the server except to the token endpoint.
    Started {
        flow_cookie: set.split(';').next().unwrap().to_string(),
        state: q["state"].clone(),
        challenge: q["code_challenge"].clone(),
        nonce: q["nonce"].clone(),
    }
}

#[tokio::test]
async fn the_region_signs_in_with_the_code_flow_and_pkce() {
    let (addr, issuer) = fake_issuer().await;
    let app = App::new(&oidc_settings(addr), |_| {}).await;
    let page = app.send("GET", "/sign-in", &[], "").await;
    assert!(
        page.body.contains("href=\"/sign-in/region?issuer=0\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Logga in med regionen"));

    // A wrong state is refused before the code is exchanged.
    let s = begin(&app).await;
    issuer.grants.lock().unwrap().insert(
        "code-1".into(),
        Grant {
            challenge: s.challenge.clone(),
            nonce: s.nonce.clone(),
        },
    );
    let r = app
        .send(
            "GET",
            "/sign-in/callback?code=code-1&state=forged",
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("role=\"alert\""));
    assert!(issuer.exchanges.lock().unwrap().is_empty());
    // The issuer's own refusal (`error=access_denied`): refused.
    let r = app
        .send(
            "GET",
            &format!("/sign-in/callback?error=access_denied&state={}", s.state),
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // No flow cookie: refused too.
    let r = app
        .send(
            "GET",
            &format!("/sign-in/callback?code=code-1&state={}", s.state),
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // A code issued for another sign-in (another challenge): the issuer checks the verifier.
    let s = begin(&app).await;
    issuer.grants.lock().unwrap().insert(
        "code-2".into(),
        Grant {
            challenge: b64(&sha2::Sha256::digest(b"someone else's verifier")),
            nonce: s.nonce.clone(),
        },
    );
    let r = app
        .send(
            "GET",
            &format!("/sign-in/callback?code=code-2&state={}", s.state),
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(issuer.exchanges.lock().unwrap().len(), 1);

    // An ID token with another sign-in's nonce is refused.
    let s = begin(&app).await;
    issuer.grants.lock().unwrap().insert(
        "code-3".into(),
        Grant {
            challenge: s.challenge.clone(),
            nonce: "another nonce".into(),
        },
    );
    let r = app
        .send(
            "GET",
            &format!("/sign-in/callback?code=code-3&state={}", s.state),
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(r.body.contains("nonce"), "{}", r.body);

    // The whole flow: state, verifier and nonce right → a session, and the start page next.
    let s = begin(&app).await;
    issuer.grants.lock().unwrap().insert(
        "code-4".into(),
        Grant {
            challenge: s.challenge.clone(),
            nonce: s.nonce.clone(),
        },
    );
    let r = app
        .send(
            "GET",
            &format!("/sign-in/callback?code=code-4&state={}", s.state),
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("url=/start"), "{}", r.body);
    assert!(r.cookies().iter().any(|c| c.starts_with("spur_oidc=;")));
    let sent = issuer.exchanges.lock().unwrap().last().cloned().unwrap();
    assert!(sent.contains("code_verifier=") && sent.contains("code=code-4"));
    let cookie = r.session_cookie();
    let me = app.me(&cookie).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["subject"], "Anna Andersson");
    assert_eq!(me.json()["role"], "unit");
    assert_eq!(me.json()["via"]["kind"], "oidc");
    // The code is used once: the same callback again is refused.
    let again = app
        .send(
            "GET",
            &format!("/sign-in/callback?code=code-4&state={}", s.state),
            &[("cookie", &s.flow_cookie)],
            "",
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);

    // Every refusal is audited as an OIDC sign-in, without codes or tokens.
    let events = app.store.audit_events().await.unwrap();
    let refused: Vec<_> = events
        .iter()
        .filter(|e| e.action == "sign_in.refused")
        .collect();
    assert_eq!(refused.len(), 6, "{events:?}");
    assert!(
        refused
            .iter()
            .all(|e| e.detail.contains("\"via\":\"oidc\"") && !e.detail.contains("code-"))
    );
    let _ = std::io::stderr().flush();
}

/// Two instances on one store (with the shared key file): a session begun on one works on the
/// other, and a sign-out on the other ends it on both.
async fn two_instances(store: Store) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("session.key"), KEY_HEX).unwrap();
    let instance = || {
        let config = Config {
            settings: ServerConfig::parse(
                "[sign_in]\nsession_key_file = \"session.key\"\n",
                Path::new("spur.toml"),
            )
            .unwrap(),
            settings_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        router_with(&config, Some(store.clone()))
    };
    let a = App {
        app: instance(),
        store: store.clone(),
        _dir: tempfile::tempdir().unwrap(),
    };
    let b = App {
        app: instance(),
        store: store.clone(),
        _dir: tempfile::tempdir().unwrap(),
    };
    let (token, id) = a
        .token("Enheten", "unit", Some(("unit", "Kirurgkliniken")))
        .await;
    let cookie = a.sign_in(&token, None).await.session_cookie();
    let me = b.me(&cookie).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    let csrf = me.json()["csrf_token"].as_str().unwrap().to_string();
    let r = b
        .send(
            "POST",
            "/sign-out",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(a.me(&cookie).await.status, StatusCode::UNAUTHORIZED);
    // A second session, ended on both by revoking its token.
    let cookie = b.sign_in(&token, None).await.session_cookie();
    assert_eq!(a.me(&cookie).await.status, StatusCode::OK);
    store.revoke_token(id, "admin").await.unwrap();
    assert_eq!(a.me(&cookie).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(b.me(&cookie).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_span_instances_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("i.db").display()))
        .await
        .unwrap();
    two_instances(store).await;
}

#[tokio::test]
async fn sessions_span_instances_on_postgres() {
    use sqlx::Connection as _;
    let url = match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true")
                    || std::env::var("SPUR_TEST_POSTGRES").as_deref() == Ok("unavailable"),
                "SPUR_TEST_POSTGRES_URL is not set under CI=true"
            );
            eprintln!(
                "\n*** SKIP: sessions on PostgreSQL: SPUR_TEST_POSTGRES_URL is not set ***\n"
            );
            return;
        }
    };
    let name = format!("spur_sessions_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
    let db = if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    };
    let store = Store::open(&db).await.unwrap();
    two_instances(store.clone()).await;
    store.close().await;
    let _ = sqlx::query(&format!("DROP DATABASE {name}"))
        .execute(&mut admin)
        .await;
}
