//! API tokens, the Bearer header, the 401/400/403/429 answers, the failed-sign-in limiter and
//! `GET /v1/me`'s body.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use chrono::Utc;
use spur_server::auth::token::{BoxFuture, LookupError, looks_like_token};
use spur_server::auth::{
    AuthError, Authenticator, FailureLimiter, Oidc, Principal, Role, Scope, TokenDigest,
    TokenLookup, TokenRecord, Via, authenticate, bearer, generate_token, me,
    reject_query_credentials,
};

/// The store's `api_tokens`, as a map from digest to record.
#[derive(Default)]
struct Tokens(HashMap<String, TokenRecord>);

impl TokenLookup for Tokens {
    fn lookup<'a>(
        &'a self,
        digest: &'a TokenDigest,
    ) -> BoxFuture<'a, Result<Option<TokenRecord>, LookupError>> {
        Box::pin(async move { Ok(self.0.get(digest.as_str()).cloned()) })
    }
}

/// A store that is down.
struct Down;

impl TokenLookup for Down {
    fn lookup<'a>(
        &'a self,
        _: &'a TokenDigest,
    ) -> BoxFuture<'a, Result<Option<TokenRecord>, LookupError>> {
        Box::pin(async { Err("connection refused".into()) })
    }
}

fn record(
    id: &str,
    digest: &TokenDigest,
    role: &str,
    kind: &str,
    value: Option<&str>,
) -> TokenRecord {
    TokenRecord {
        id: id.into(),
        name: format!("token {id}"),
        digest: digest.clone(),
        role: role.into(),
        scope_kind: kind.into(),
        scope_value: value.map(str::to_string),
        expires_at: None,
        revoked_at: None,
    }
}

fn headers(auth: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::AUTHORIZATION, HeaderValue::from_str(auth).unwrap());
    h
}

#[test]
fn tokens_are_random_prefixed_and_only_their_digest_matches() {
    let (t1, d1) = generate_token().unwrap();
    let (t2, d2) = generate_token().unwrap();
    assert_ne!(t1, t2);
    assert!(t1.starts_with("spur_") && looks_like_token(&t1), "{t1}");
    // 32 random bytes in base64url without padding.
    assert_eq!(t1.len(), "spur_".len() + 43);
    assert_eq!(d1.as_str().len(), 64);
    assert!(
        d1.as_str()
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert!(d1.verify(&t1));
    assert!(!d1.verify(&t2));
    assert!(!d1.matches(&d2));
    assert_eq!(
        TokenDigest::from_hex(&d1.as_str().to_uppercase()),
        Some(d1.clone())
    );
    assert_eq!(TokenDigest::from_hex("abc"), None);
    // The digest is SHA-256 of the whole token text, in lowercase hex.
    assert_eq!(
        TokenDigest::of("abc").as_str(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn only_the_bearer_header_carries_a_credential() {
    assert_eq!(bearer(&HeaderMap::new()), Ok(None));
    assert_eq!(bearer(&headers("Bearer spur_abc")), Ok(Some("spur_abc")));
    assert_eq!(bearer(&headers("bearer  spur_abc ")), Ok(Some("spur_abc")));
    for bad in [
        "Basic dXNlcjpwdw==",
        "Bearer",
        "Bearer ",
        "spur_abc",
        "Bearer a b",
    ] {
        assert!(
            matches!(bearer(&headers(bad)), Err(AuthError::Invalid(_))),
            "{bad:?}"
        );
    }
    let mut two = headers("Bearer a");
    two.append(header::AUTHORIZATION, HeaderValue::from_static("Bearer b"));
    assert!(bearer(&two).is_err());

    for q in [
        "access_token=spur_x",
        "format=html&token=spur_x",
        "ACCESS_TOKEN=x",
        "access%5Ftoken=x",
        "api_key=x",
        "token",
    ] {
        assert_eq!(
            reject_query_credentials(Some(q)),
            Err(AuthError::TokenInQuery),
            "{q}"
        );
    }
    for q in ["format=html&lang=sv", "tokens=2", "my_token=1", ""] {
        assert_eq!(reject_query_credentials(Some(q)), Ok(()), "{q}");
    }
    assert_eq!(reject_query_credentials(None), Ok(()));
}

#[tokio::test]
async fn api_tokens_sign_in_until_revoked_or_expired() {
    let (good, dg) = generate_token().unwrap();
    let (revoked, dr) = generate_token().unwrap();
    let (expired, de) = generate_token().unwrap();
    let (later, dl) = generate_token().unwrap();
    let (broken, db) = generate_token().unwrap();
    let (unknown, _) = generate_token().unwrap();
    let mut store = Tokens::default();
    store.0.insert(
        dg.to_string(),
        record("1", &dg, "unit", "unit", Some("Kirurgkliniken")),
    );
    let mut r = record("2", &dr, "admin", "all", None);
    r.revoked_at = Some(Utc::now() - chrono::Duration::minutes(1));
    store.0.insert(dr.to_string(), r);
    let mut r = record("3", &de, "admin", "all", None);
    r.expires_at = Some(Utc::now() - chrono::Duration::seconds(1));
    store.0.insert(de.to_string(), r);
    let mut r = record("4", &dl, "region", "region", Some("Region Skåne"));
    r.expires_at = Some(Utc::now() + chrono::Duration::days(30));
    store.0.insert(dl.to_string(), r);
    store
        .0
        .insert(db.to_string(), record("5", &db, "chief", "all", None));
    let oidc = Oidc::none();

    let p = authenticate(&headers(&format!("Bearer {good}")), &store, &oidc)
        .await
        .unwrap();
    assert_eq!(
        p,
        Principal {
            subject: "token 1".into(),
            role: Role::Unit,
            scope: Scope::Unit("Kirurgkliniken".into()),
            via: Via::Token { id: "1".into() },
        }
    );
    let p = authenticate(&headers(&format!("Bearer {later}")), &store, &oidc)
        .await
        .unwrap();
    assert_eq!(p.role, Role::Region);

    for (what, t, reason) in [
        ("revoked", &revoked, "revoked"),
        ("expired", &expired, "expired"),
        ("unknown", &unknown, "unknown"),
        ("stored role unknown", &broken, "role"),
    ] {
        match authenticate(&headers(&format!("Bearer {t}")), &store, &oidc).await {
            Err(AuthError::Invalid(r)) => assert!(r.contains(reason), "{what}: {r}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    // A token one character off, a JWT without issuers, nothing at all.
    let mut off = good.clone();
    off.pop();
    off.push(if good.ends_with('A') { 'B' } else { 'A' });
    assert!(matches!(
        authenticate(&headers(&format!("Bearer {off}")), &store, &oidc).await,
        Err(AuthError::Invalid(_))
    ));
    assert!(matches!(
        authenticate(
            &headers("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"),
            &store,
            &oidc
        )
        .await,
        Err(AuthError::Invalid(_))
    ));
    assert_eq!(
        authenticate(&HeaderMap::new(), &store, &oidc).await,
        Err(AuthError::Missing)
    );
    assert_eq!(
        authenticate(&headers(&format!("Bearer {good}")), &Down, &oidc).await,
        Err(AuthError::Unavailable)
    );
}

#[test]
fn answers_carry_the_challenge_and_problem_json() {
    let cases = [
        (AuthError::Missing, 401, Some("Bearer realm=\"spur\"")),
        (
            AuthError::Invalid("unknown token"),
            401,
            Some("Bearer realm=\"spur\", error=\"invalid_token\""),
        ),
        (
            AuthError::TokenInQuery,
            400,
            Some("Bearer realm=\"spur\", error=\"invalid_request\""),
        ),
        (AuthError::NoRole, 403, None),
        (AuthError::RateLimited { retry_after: 42 }, 429, None),
        (AuthError::Unavailable, 503, None),
    ];
    for (e, status, challenge) in cases {
        let r = e.clone().into_response();
        assert_eq!(r.status().as_u16(), status, "{e:?}");
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "application/problem+json",
            "{e:?}"
        );
        assert_eq!(
            r.headers()
                .get(header::WWW_AUTHENTICATE)
                .map(|v| v.to_str().unwrap()),
            challenge,
            "{e:?}"
        );
    }
    let r = AuthError::RateLimited { retry_after: 42 }.into_response();
    assert_eq!(r.headers()[header::RETRY_AFTER], "42");
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_address() {
    let (good, dg) = generate_token().unwrap();
    let mut store = Tokens::default();
    store
        .0
        .insert(dg.to_string(), record("1", &dg, "admin", "all", None));
    let auth = Authenticator {
        tokens: Arc::new(store),
        oidc: Arc::new(Oidc::none()),
        limiter: Arc::new(FailureLimiter::new(10, Duration::from_secs(60))),
        trusted_proxies: Arc::from(Vec::new()),
    };
    let attacker: IpAddr = "192.0.2.66".parse().unwrap();
    let other: IpAddr = "192.0.2.7".parse().unwrap();
    let (bad, _) = generate_token().unwrap();
    for i in 0..10 {
        let e = auth
            .sign_in(&headers(&format!("Bearer {bad}")), None, attacker)
            .await
            .unwrap_err();
        assert_eq!(e.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // The eleventh is not even looked at, however good its credential.
    let e = auth
        .sign_in(&headers(&format!("Bearer {good}")), None, attacker)
        .await
        .unwrap_err();
    let AuthError::RateLimited { retry_after } = e else {
        panic!("{e:?}")
    };
    assert!((1..=60).contains(&retry_after));
    let r = e.into_response();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(header::RETRY_AFTER));
    // Another address signs in; a missing credential is not a failure.
    auth.sign_in(&headers(&format!("Bearer {good}")), None, other)
        .await
        .unwrap();
    for _ in 0..20 {
        assert_eq!(
            auth.sign_in(&HeaderMap::new(), None, other).await,
            Err(AuthError::Missing)
        );
    }
    auth.sign_in(&headers(&format!("Bearer {good}")), None, other)
        .await
        .unwrap();
    // A token in the query string is refused even with a good header, and counts.
    assert_eq!(
        auth.sign_in(
            &headers(&format!("Bearer {good}")),
            Some("access_token=x"),
            other
        )
        .await,
        Err(AuthError::TokenInQuery)
    );
}

#[test]
fn me_lists_what_the_caller_may_do() {
    let unit = Principal {
        subject: "Verksamhetschef".into(),
        role: Role::Unit,
        scope: Scope::Unit("Kirurgkliniken".into()),
        via: Via::Token { id: "7".into() },
    };
    let body = serde_json::to_value(me(&unit)).unwrap();
    assert_eq!(body["role"], "unit");
    assert_eq!(
        body["scope"],
        serde_json::json!({"kind": "unit", "value": "Kirurgkliniken"})
    );
    assert_eq!(body["via"], serde_json::json!({"kind": "token", "id": "7"}));
    let may: Vec<&str> = body["may"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        may,
        ["list_inspections", "read_deadlines", "read_me", "order"]
    );
    let prelim: Vec<&str> = body["on_inspections"]["preliminary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(prelim.contains(&"comment") && prelim.contains(&"render_report"));
    assert!(!prelim.contains(&"save_document"));
    let required = body["on_inspections"]["plan_required"].as_array().unwrap();
    assert!(required.contains(&serde_json::json!("answer_plan")));

    // An inspector signed in by OIDC: what they may do to the inspections that name them.
    let inspector = Principal {
        subject: "Anna Andersson".into(),
        role: Role::Inspector,
        scope: Scope::All,
        via: Via::Oidc {
            issuer: "https://idp".into(),
            subject: "Anna Andersson".into(),
        },
    };
    let body = serde_json::to_value(me(&inspector)).unwrap();
    let visited = body["on_inspections"]["visited"].as_array().unwrap();
    assert!(visited.contains(&serde_json::json!("save_document")));
    let fin = body["on_inspections"]["final"].as_array().unwrap();
    assert!(!fin.contains(&serde_json::json!("save_document")));
    assert!(fin.contains(&serde_json::json!("transition:plan_received")));

    let admin = Principal {
        subject: "LIPUS".into(),
        role: Role::Admin,
        scope: Scope::All,
        via: Via::Token { id: "1".into() },
    };
    let body = serde_json::to_value(me(&admin)).unwrap();
    assert!(
        body["may"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("manage_tokens"))
    );
}

/// The extractor on a router: `GET /v1/me` answers 200 with the caller, 401 with the challenge
/// without a credential, and 400 for a token in the query string; no answer and no error text
/// carries the credential.
#[tokio::test]
async fn me_route_through_the_extractor() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt as _;

    let (good, dg) = generate_token().unwrap();
    let mut store = Tokens::default();
    store.0.insert(
        dg.to_string(),
        record("9", &dg, "coordinator", "specialty", Some("allmänmedicin")),
    );
    let auth = Authenticator::new(Arc::new(store), Arc::new(Oidc::none()));
    let app = axum::Router::new()
        .route("/v1/me", axum::routing::get(spur_server::auth::me_handler))
        .with_state(auth);
    let call = |auth: Option<String>, uri: &str| {
        let mut req = Request::get(uri);
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        app.clone().oneshot(req.body(Body::empty()).unwrap())
    };
    let body = |r: axum::response::Response| async move {
        let bytes = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    };

    let r = call(Some(format!("Bearer {good}")), "/v1/me")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let me: serde_json::Value = serde_json::from_str(&body(r).await).unwrap();
    assert_eq!(me["subject"], "token 9");
    assert_eq!(me["role"], "coordinator");
    assert_eq!(
        me["scope"],
        serde_json::json!({"kind": "specialty", "value": "allmänmedicin"})
    );

    let r = call(None, "/v1/me").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.headers()[header::WWW_AUTHENTICATE],
        "Bearer realm=\"spur\""
    );

    let (bad, _) = generate_token().unwrap();
    let r = call(Some(format!("Bearer {bad}")), "/v1/me").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.headers()[header::WWW_AUTHENTICATE],
        "Bearer realm=\"spur\", error=\"invalid_token\""
    );
    assert!(!body(r).await.contains(&bad));

    let r = call(None, &format!("/v1/me?access_token={good}"))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(!body(r).await.contains(&good));
}

/// Errors never carry the credential, in their text or their debug form.
#[tokio::test]
async fn errors_do_not_echo_the_credential() {
    let oidc = Oidc::none();
    for credential in [
        "spur_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_string(),
        "spur_short".to_string(),
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln".to_string(),
    ] {
        let e = authenticate(
            &headers(&format!("Bearer {credential}")),
            &Tokens::default(),
            &oidc,
        )
        .await
        .unwrap_err();
        assert!(!format!("{e} {e:?}").contains(&credential[5..]), "{e:?}");
    }
}
