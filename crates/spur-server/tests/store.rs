//! The store behind `spur serve` (issue 29's "done when"): save the seed, two clients change it
//! (one wins, one gets 412 with the diff), read every version back, render the report of
//! version 1 and of the head, export and re-import with identical files — on SQLite, and on
//! PostgreSQL when `SPUR_TEST_POSTGRES_URL` is set (a loud SKIP otherwise; under `CI=true` a
//! failure).

use std::collections::BTreeMap;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use spur_server::{Config, router_with};
use spur_store::{Prepared, Store};
use tower::ServiceExt;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

async fn send(
    store: &Store,
    method: &str,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
    body: impl Into<Body>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    // Every store route needs sign-in: the tests act as LIPUS's administrator.
    req = req.header(
        header::AUTHORIZATION,
        format!("Bearer {}", admin_token(store).await),
    );
    let app = router_with(&Config::default(), Some(store.clone()));
    let response = app.oneshot(req.body(body.into()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// The administrator's token of `store`, created on first use (`spur admin token create`).
async fn admin_token(store: &Store) -> String {
    const TOKEN: &str = "spur_test-admin-token-aaaaaaaaaaaaaaaaaaaaaaaaaa";
    let digest = spur_store::sha256_hex(TOKEN.as_bytes());
    if store.token_by_digest(&digest).await.unwrap().is_none() {
        store
            .create_token(
                &spur_store::NewToken {
                    name: "admin (test)".into(),
                    role: "admin".into(),
                    scope_kind: None,
                    scope_value: None,
                    expires_at: None,
                },
                TOKEN,
                "test",
            )
            .await
            .unwrap();
    }
    TOKEN.to_string()
}

/// The seed with a change, as TOML.
fn edited(f: impl FnOnce(&mut spur_core::InspectionDocument)) -> String {
    let mut doc: spur_core::InspectionDocument =
        spur_core::InspectionDocument::from_toml_str(SEED).unwrap();
    f(&mut doc);
    spur_store::canonical_toml(&doc).unwrap()
}

/// `url` with its database name replaced by `db`.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A fresh PostgreSQL database, if a server is configured.
async fn postgres(test: &str, n: u32) -> Option<Store> {
    use sqlx::Connection;
    let url = match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true")
                    || std::env::var("SPUR_TEST_POSTGRES").as_deref() == Ok("unavailable"),
                "{test}: SPUR_TEST_POSTGRES_URL is not set under CI=true"
            );
            eprintln!(
                "\n*** SKIP: {test} on PostgreSQL: PostgreSQL not available (set SPUR_TEST_POSTGRES_URL) ***\n"
            );
            return None;
        }
    };
    let name = format!(
        "spur_server_test_{}_{n}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.ok();
    Some(Store::open(&with_database(&url, &name)).await.unwrap())
}

/// Every inspection's head as the export writes it: path → canonical TOML.
async fn export(store: &Store) -> BTreeMap<String, String> {
    store
        .heads()
        .await
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                spur_store::export_path(&h.record).display().to_string(),
                h.toml,
            )
        })
        .collect()
}

async fn walk(store: &Store, label: &str) {
    let toml = [(header::CONTENT_TYPE, "application/toml")];
    // Save the seed.
    let created = send(store, "POST", "/v1/inspections", &toml, SEED).await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "{label}: {}",
        created.text()
    );
    let location = created.header(header::LOCATION);
    assert!(location.starts_with("/v1/inspections/"), "{location}");
    let e1 = created.header(header::ETAG);
    assert!(e1.starts_with("\"v1-"), "{label}: {e1}");
    let record = created.json();
    assert_eq!(record["head_version"], 1);
    assert_eq!(record["unit"], "Vårdcentralen Exempel (seed-enheten)");
    assert_eq!(record["region"], "Västra Götalandsregionen");
    assert_eq!(record["specialty"], "Allmänmedicin");
    assert_eq!(record["visit_date"], "2025-11-12");
    assert_eq!(record["saved_by"], "admin (test)");
    assert_eq!(record["links"]["document"], format!("{location}/document"));
    // The same again is refused (one inspection per unit and visit).
    let again = send(store, "POST", "/v1/inspections", &toml, SEED).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{label}");
    // Read it back, JSON and TOML, with the same tag.
    let doc = send(store, "GET", &format!("{location}/document"), &[], "").await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.header(header::ETAG), e1);
    assert_eq!(
        doc.json()["inspection"]["unit"],
        "Vårdcentralen Exempel (seed-enheten)"
    );
    let as_toml = send(
        store,
        "GET",
        &format!("{location}/document"),
        &[(header::ACCEPT, "application/toml")],
        "",
    )
    .await;
    assert!(
        as_toml
            .header(header::CONTENT_TYPE)
            .starts_with("application/toml")
    );
    let v1_text = as_toml.text();
    assert!(v1_text.contains("[inspection]"));

    // Two clients edit version 1.
    let anna = edited(|d| {
        d.areas.entry("B".parse().unwrap()).or_default().narrative = Some("Annas text om B".into());
    });
    let bertil = edited(|d| d.report.strengths.push("Bertils nya styrka".into()));
    let no_match = send(
        store,
        "PUT",
        &format!("{location}/document"),
        &toml,
        anna.clone(),
    )
    .await;
    assert_eq!(
        no_match.status,
        StatusCode::PRECONDITION_REQUIRED,
        "{label}"
    );
    assert_eq!(
        no_match.header(header::CONTENT_TYPE),
        "application/problem+json"
    );
    let with = |tag: &str| {
        [
            (header::CONTENT_TYPE, "application/toml".to_string()),
            (header::IF_MATCH, tag.to_string()),
        ]
    };
    let h = with(&e1);
    let h: Vec<(header::HeaderName, &str)> =
        h.iter().map(|(k, v)| (k.clone(), v.as_str())).collect();
    let won = send(store, "PUT", &format!("{location}/document"), &h, anna).await;
    assert_eq!(won.status, StatusCode::OK, "{label}: {}", won.text());
    let e2 = won.header(header::ETAG);
    assert!(e2.starts_with("\"v2-"), "{e2}");
    assert_eq!(won.json()["head_version"], 2);
    let lost = send(
        store,
        "PUT",
        &format!("{location}/document"),
        &h,
        bertil.clone(),
    )
    .await;
    assert_eq!(lost.status, StatusCode::PRECONDITION_FAILED, "{label}");
    assert_eq!(
        lost.header(header::CONTENT_TYPE),
        "application/problem+json"
    );
    let p = lost.json();
    assert_eq!(p["current_version"], 2);
    assert_eq!(p["saved_by"], "admin (test)");
    assert_eq!(p["saved_at"], won.json()["saved_at"]);
    assert_eq!(p["your_version"], 1);
    assert_eq!(p["etag"], e2);
    assert_eq!(
        p["changes"]["areas"],
        serde_json::json!(["B"]),
        "{label}: {p}"
    );
    assert_eq!(
        p["changes"]["fields"],
        serde_json::json!(["areas.B.narrative"])
    );
    assert_eq!(p["changes"]["texts"][0]["after"], "Annas text om B");
    // A bad query is 400 before any precondition (found by schemathesis).
    let bad_lang = send(
        store,
        "PUT",
        &format!("{location}/document?lang=-58800"),
        &h,
        bertil.clone(),
    )
    .await;
    assert_eq!(bad_lang.status, StatusCode::BAD_REQUEST);
    let no_body = send(store, "PUT", &format!("{location}/document"), &h[1..], "").await;
    assert_eq!(no_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // An unknown tag: 412 too, without a diff.
    let h2 = with("\"nonsense\"");
    let h2: Vec<(header::HeaderName, &str)> =
        h2.iter().map(|(k, v)| (k.clone(), v.as_str())).collect();
    let r = send(
        store,
        "PUT",
        &format!("{location}/document"),
        &h2,
        bertil.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert!(r.json()["changes"].is_null());
    // Nothing was written by the refused saves; Bertil merges and saves with the new tag.
    let versions = send(store, "GET", &format!("{location}/versions"), &[], "").await;
    assert_eq!(
        versions.json()["versions"].as_array().unwrap().len(),
        2,
        "{label}"
    );
    let merged = edited(|d| {
        d.areas.entry("B".parse().unwrap()).or_default().narrative = Some("Annas text om B".into());
        d.report.strengths.push("Bertils nya styrka".into());
    });
    let h3 = with(&e2);
    let h3: Vec<(header::HeaderName, &str)> =
        h3.iter().map(|(k, v)| (k.clone(), v.as_str())).collect();
    let third = send(
        store,
        "PUT",
        &format!("{location}/document?reason=merged"),
        &h3,
        merged.clone(),
    )
    .await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.text());

    // Every version reads back as saved.
    let versions = send(store, "GET", &format!("{location}/versions"), &[], "")
        .await
        .json();
    let list = versions["versions"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["reason"], "merged");
    for (n, expected) in [(1, &v1_text), (3, &merged)] {
        let v = send(
            store,
            "GET",
            &format!("{location}/versions/{n}"),
            &[(header::ACCEPT, "application/toml")],
            "",
        )
        .await;
        assert_eq!(v.status, StatusCode::OK);
        assert_eq!(&v.text(), expected, "{label}: version {n}");
        assert_eq!(
            spur_store::sha256_hex(v.text().as_bytes()),
            list[n - 1]["sha256"].as_str().unwrap()
        );
    }
    let missing = send(store, "GET", &format!("{location}/versions/9"), &[], "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let d = send(
        store,
        "GET",
        &format!("{location}/diff?from=1&to=3"),
        &[],
        "",
    )
    .await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(
        d.json()["fields"],
        serde_json::json!(["areas.B.narrative", "report.strengths"])
    );

    // Reports of version 1 and of the head, every format.
    let v1 = send(
        store,
        "GET",
        &format!("{location}/report?format=md&version=1"),
        &[],
        "",
    )
    .await;
    let head = send(
        store,
        "GET",
        &format!("{location}/report?format=md"),
        &[],
        "",
    )
    .await;
    assert_eq!(v1.status, StatusCode::OK);
    assert!(!v1.text().contains("Bertils nya styrka"));
    assert!(head.text().contains("Bertils nya styrka"), "{label}");
    for f in ["html", "md", "json", "docx", "pdf"] {
        let r = send(
            store,
            "GET",
            &format!("{location}/report?format={f}&version=1"),
            &[],
            "",
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{label}: report {f}: {}",
            r.text()
        );
        assert!(!r.body.is_empty());
    }
    for f in ["md", "html", "docx", "csv", "toml", "xlsx"] {
        let r = send(
            store,
            "GET",
            &format!("{location}/handlingsplan?format={f}"),
            &[],
            "",
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{label}: handlingsplan {f}: {}",
            r.text()
        );
    }
    let bad = send(
        store,
        "GET",
        &format!("{location}/report?format=nope"),
        &[],
        "",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // Lists, records, the overview, the audit trail.
    let list = send(
        store,
        "GET",
        "/v1/inspections?region=V%C3%A4stra%20G%C3%B6talandsregionen&year=2025",
        &[],
        "",
    )
    .await;
    assert_eq!(list.json()["items"].as_array().unwrap().len(), 1, "{label}");
    let none = send(store, "GET", "/v1/inspections?year=2020", &[], "").await;
    assert!(none.json()["items"].as_array().unwrap().is_empty());
    assert_eq!(
        send(store, "GET", "/v1/inspections?limit=0", &[], "")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        send(store, "GET", "/v1/inspections/999", &[], "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(store, "GET", "/v1/inspections/abc/document", &[], "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let ov = send(store, "GET", "/v1/overview?as_of=2026-01-01", &[], "").await;
    assert_eq!(ov.status, StatusCode::OK, "{}", ov.text());
    assert_eq!(ov.json()["units"].as_array().unwrap().len(), 1);
    // The same rows as `spur overview` over the head as a file (the stored grading is used).
    let files = tempfile::tempdir().unwrap();
    let head_file = files.path().join("head.toml");
    std::fs::write(&head_file, &merged).unwrap();
    let options = spur_followup::OverviewOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        reinspect_years: 5,
        settings: spur_grading::Settings::default(),
    };
    let library = spur_core::CatalogLibrary::embedded();
    let from_files: Value = serde_json::from_str(
        &spur_followup::overview_in(
            &[head_file],
            spur_followup::Catalogs::Library(&library),
            &options,
        )
        .to_json(),
    )
    .unwrap();
    let mut stored_row = ov.json()["units"][0].clone();
    let mut file_row = from_files["units"][0].clone();
    stored_row["file"] = Value::Null;
    file_row["file"] = Value::Null;
    assert_eq!(stored_row, file_row, "{label}");
    let audit = send(store, "GET", &format!("{location}/audit"), &[], "")
        .await
        .json();
    // Created (with the state its `[report] status` implies: one transition), then two saves.
    let actions: Vec<&str> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "state.changed",
            "inspection.created",
            "version.saved",
            "version.saved"
        ],
        "{label}"
    );
    assert!(store.verify_audit().await.unwrap().is_ok());

    // Export, import into an empty store, export again: the same files.
    let first = export(store).await;
    let copy_dir = tempfile::tempdir().unwrap();
    let empty = spur_store::Store::open(&format!(
        "sqlite:{}",
        copy_dir.path().join("copy.db").display()
    ))
    .await
    .unwrap();
    let library = spur_core::CatalogLibrary::embedded();
    for text in first.values() {
        let p = Prepared::from_source(
            text,
            "export",
            spur_core::Format::Toml,
            &library,
            &spur_grading::Settings::default(),
        )
        .unwrap();
        empty.import(&p, "import").await.unwrap();
    }
    assert_eq!(export(&empty).await, first, "{label}");
}

#[tokio::test]
async fn the_store_walk_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("spur.db").display()))
        .await
        .unwrap();
    walk(&store, "sqlite").await;
}

#[tokio::test]
async fn the_store_walk_on_postgres() {
    if let Some(store) = postgres("the_store_walk_on_postgres", 0).await {
        walk(&store, "postgres").await;
    }
}

#[tokio::test]
async fn without_a_store_the_store_routes_are_404_and_the_stateless_ones_stay() {
    let app = spur_server::router(&Config::default());
    let r = app
        .oneshot(
            Request::builder()
                .uri("/v1/inspections")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// Issue 33, item 2 in short: 20 clients save the same inspection at once with `If-Match`,
/// retrying on 412: versions are strictly sequential, every 200 is exactly one version, every
/// other attempt was a 412, and no acknowledged change is missing from the history.
async fn concurrent_editors(store: &Store, label: &str) {
    let created = send(
        store,
        "POST",
        "/v1/inspections",
        &[(header::CONTENT_TYPE, "application/toml")],
        SEED,
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{label}");
    let location = created.header(header::LOCATION);
    let mut tasks = Vec::new();
    for client in 0..20 {
        let store = store.clone();
        let location = location.clone();
        tasks.push(tokio::spawn(async move {
            let text = edited(|d| d.report.strengths.push(format!("klient {client}")));
            let mut refused = 0;
            loop {
                let head = send(&store, "GET", &format!("{location}/document"), &[], "").await;
                let tag = head.header(header::ETAG);
                let r = send(
                    &store,
                    "PUT",
                    &format!("{location}/document"),
                    &[
                        (header::CONTENT_TYPE, "application/toml"),
                        (header::IF_MATCH, tag.as_str()),
                    ],
                    text.clone(),
                )
                .await;
                match r.status {
                    StatusCode::OK => {
                        let n = r.json()["head_version"].as_i64().unwrap();
                        return (client, n, refused);
                    }
                    StatusCode::PRECONDITION_FAILED => refused += 1,
                    other => panic!("client {client}: {other}: {}", r.text()),
                }
            }
        }));
    }
    let mut acknowledged = Vec::new();
    for t in tasks {
        acknowledged.push(t.await.unwrap());
    }
    let mut numbers: Vec<i64> = acknowledged.iter().map(|(_, n, _)| *n).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (2..=21).collect::<Vec<_>>(), "{label}");
    let versions = send(store, "GET", &format!("{location}/versions"), &[], "")
        .await
        .json();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 21);
    // Every acknowledged change is in the version it was acknowledged as.
    for (client, n, _) in &acknowledged {
        let v = send(
            store,
            "GET",
            &format!("{location}/versions/{n}"),
            &[(header::ACCEPT, "application/toml")],
            "",
        )
        .await;
        assert!(
            v.text().contains(&format!("\"klient {client}\"")),
            "{label}: version {n} is not client {client}'s"
        );
    }
    assert!(store.verify_audit().await.unwrap().is_ok());
}

#[tokio::test]
async fn concurrent_editors_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("spur.db").display()))
        .await
        .unwrap();
    concurrent_editors(&store, "sqlite").await;
}

#[tokio::test]
async fn concurrent_editors_on_postgres() {
    if let Some(store) = postgres("concurrent_editors_on_postgres", 1).await {
        concurrent_editors(&store, "postgres").await;
    }
}
