//! The region's sign-in (issue 30, item 4): the OIDC authorization code flow with PKCE
//! against a fake issuer on 127.0.0.1, through the router with a SQLite store — and no token,
//! code or verifier in the logs.

#[path = "support/sign_in.rs"]
mod sign_in;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use sha2::Digest as _;
use sign_in::*;

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
