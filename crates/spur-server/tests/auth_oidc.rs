//! OIDC bearer tokens, offline, with an issuer the test plays: its keys are the test-only
//! fixtures in `tests/fixtures/oidc/`. Every case but the valid token is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use spur_server::auth::oidc::JwksSource;
use spur_server::auth::token::BoxFuture;
use spur_server::auth::{
    AuthError, JwksFile, NoTokens, Oidc, OidcConfig, Role, Scope, ServerConfig, Via, authenticate,
};

const ISSUER: &str = "https://idp.test.invalid/realms/region";
const AUDIENCE: &str = "spur";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/oidc")
        .join(name)
}

/// The PKCS#1 DER of a fixture's PEM private key.
fn private_der(name: &str) -> Vec<u8> {
    let pem = std::fs::read_to_string(fixture(name)).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "f81d4fae-7dec",
        "name": "Anna Andersson",
        "iat": now(),
        "nbf": now() - 10,
        "exp": now() + 600,
        "groups": ["staff", "spur-unit"],
        "unit_name": "Kirurgkliniken",
    })
}

fn sign(kid: &str, key: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_rsa_der(&private_der(key)),
    )
    .unwrap()
}

fn config() -> OidcConfig {
    let text = format!(
        r#"
[[oidc]]
issuer = "{ISSUER}"
audience = "{AUDIENCE}"
jwks_file = "jwks-a.json"
subject_claim = "name"

[[oidc.roles]]
claim = "groups"
value = "spur-admin"
role = "admin"
scope = "all"

[[oidc.roles]]
claim = "groups"
value = "spur-unit"
role = "unit"
scope = "unit"
scope_claim = "unit_name"
"#
    );
    ServerConfig::parse(&text, Path::new("spur.toml"))
        .unwrap()
        .oidc
        .remove(0)
}

/// A JWKS source that counts its fetches.
struct Counting {
    inner: JwksFile,
    fetches: Arc<AtomicUsize>,
}

impl JwksSource for Counting {
    fn fetch(&self) -> BoxFuture<'_, Result<JwkSet, String>> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        self.inner.fetch()
    }
}

fn oidc_with(path: PathBuf, interval: Duration) -> (Oidc, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let mut oidc = Oidc::none();
    oidc.add_with_interval(
        config(),
        Box::new(Counting {
            inner: JwksFile(path),
            fetches: fetches.clone(),
        }),
        interval,
    );
    (oidc, fetches)
}

fn oidc() -> Oidc {
    Oidc::from_config(
        &ServerConfig {
            oidc: vec![config()],
            ..ServerConfig::default()
        },
        &fixture(""),
    )
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

#[tokio::test]
async fn valid_token_signs_in_with_the_mapped_role() {
    let p = oidc()
        .verify(&sign("key-a", "key-a.pem", &claims()))
        .await
        .unwrap();
    assert_eq!(p.subject, "Anna Andersson");
    assert_eq!(p.role, Role::Unit);
    assert_eq!(p.scope, Scope::Unit("Kirurgkliniken".into()));
    assert_eq!(
        p.via,
        Via::Oidc {
            issuer: ISSUER.into(),
            subject: "Anna Andersson".into()
        }
    );
}

#[tokio::test]
async fn every_bad_token_is_refused() {
    let oidc = oidc();
    let with = |k: &str, v: Value| {
        let mut c = claims();
        c[k] = v;
        c
    };
    let pub_pem = std::fs::read(fixture("pub-a.pem")).unwrap();
    let hs256 = {
        let mut h = Header::new(Algorithm::HS256);
        h.kid = Some("key-a".into());
        jsonwebtoken::encode(&h, &claims(), &EncodingKey::from_secret(&pub_pem).unwrap()).unwrap()
    };
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT", "kid": "key-a"})),
        b64(&claims())
    );
    let none_lower = format!(
        "{}.{}.",
        b64(&json!({"alg": "None", "typ": "JWT"})),
        b64(&claims())
    );
    // A valid signature over altered claims: the payload of one token with the signature of
    // another.
    let good = sign("key-a", "key-a.pem", &claims());
    let admin = sign("key-a", "key-a.pem", &with("groups", json!(["spur-admin"])));
    let spliced = {
        let g: Vec<&str> = good.split('.').collect();
        let a: Vec<&str> = admin.split('.').collect();
        format!("{}.{}.{}", g[0], a[1], g[2])
    };
    let cases = [
        (
            "wrong audience",
            sign("key-a", "key-a.pem", &with("aud", json!("other-app"))),
            "audience",
        ),
        (
            "wrong issuer",
            sign(
                "key-a",
                "key-a.pem",
                &with("iss", json!("https://evil.invalid")),
            ),
            "issuer",
        ),
        (
            "expired",
            sign("key-a", "key-a.pem", &with("exp", json!(now() - 3600))),
            "expired",
        ),
        (
            "not yet valid",
            sign("key-a", "key-a.pem", &with("nbf", json!(now() + 3600))),
            "not valid yet",
        ),
        (
            "unknown key id",
            sign("key-zzz", "key-a.pem", &claims()),
            "key id",
        ),
        (
            "signed by another key",
            sign("key-a", "key-b.pem", &claims()),
            "signature",
        ),
        ("alg none", none, "not a JWT"),
        ("alg None", none_lower, "not a JWT"),
        ("HS256 with the public key", hs256, "algorithm"),
        ("spliced payload", spliced, "signature"),
        (
            "no exp",
            sign("key-a", "key-a.pem", &{
                let mut c = claims();
                c.as_object_mut().unwrap().remove("exp");
                c
            }),
            "required claim",
        ),
        (
            "no subject",
            sign("key-a", "key-a.pem", &{
                let mut c = claims();
                c.as_object_mut().unwrap().remove("name");
                c
            }),
            "subject",
        ),
        ("garbage", "a.b.c".to_string(), "not a JWT"),
    ];
    for (what, token, reason) in cases {
        match oidc.verify(&token).await {
            Err(AuthError::Invalid(r)) => assert!(r.contains(reason), "{what}: {r}"),
            other => panic!("{what}: expected a refusal, got {other:?}"),
        }
    }
    // Valid, but no role rule matches: signed in without a role (403).
    let no_role = sign("key-a", "key-a.pem", &with("groups", json!(["staff"])));
    assert_eq!(oidc.verify(&no_role).await, Err(AuthError::NoRole));
    // And through `authenticate`, the valid token signs in.
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        axum::http::header::AUTHORIZATION,
        format!("Bearer {good}").parse().unwrap(),
    );
    assert_eq!(
        authenticate(&headers, &NoTokens, &oidc).await.unwrap().role,
        Role::Unit
    );
}

#[tokio::test]
async fn unknown_key_id_refetches_at_most_once_per_interval() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::copy(fixture("jwks-a.json"), &jwks).unwrap();
    let (oidc, fetches) = oidc_with(jwks.clone(), Duration::from_secs(60));
    let a = sign("key-a", "key-a.pem", &claims());
    let b = sign("key-b", "key-b.pem", &claims());
    oidc.verify(&a).await.unwrap();
    oidc.verify(&a).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "cached");
    // The issuer rotates to key b; within the interval an unknown kid is refused unfetched.
    let both = json!({"keys": [
        serde_json::from_str::<Value>(&std::fs::read_to_string(fixture("jwks-a.json")).unwrap()).unwrap()["keys"][0],
        serde_json::from_str::<Value>(&std::fs::read_to_string(fixture("jwks-b.json")).unwrap()).unwrap()["keys"][0],
    ]});
    std::fs::write(&jwks, serde_json::to_vec(&both).unwrap()).unwrap();
    for _ in 0..5 {
        assert!(oidc.verify(&b).await.is_err());
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "rate-limited");

    // With no interval, the unknown kid fetches again and finds the new key.
    let (oidc, fetches) = oidc_with(jwks.clone(), Duration::ZERO);
    oidc.verify(&b).await.unwrap();
    oidc.verify(&a).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    let unknown = sign("key-zzz", "key-a.pem", &claims());
    assert!(oidc.verify(&unknown).await.is_err());
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn jwks_over_loopback_http() {
    // A one-shot JWKS server on 127.0.0.1.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = std::fs::read(fixture("jwks-a.json")).unwrap();
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf).await.unwrap();
        let head = format!(
            "HTTP/1.0 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(&body).await.unwrap();
    });
    let mut c = config();
    c.jwks_file = None;
    c.jwks_url = Some(format!("http://127.0.0.1:{port}/certs"));
    let oidc = Oidc::from_config(
        &ServerConfig {
            oidc: vec![c],
            ..ServerConfig::default()
        },
        Path::new("."),
    );
    oidc.verify(&sign("key-a", "key-a.pem", &claims()))
        .await
        .unwrap();
    server.await.unwrap();
}
