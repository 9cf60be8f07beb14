//! Stores for the conformance suite: a fresh SQLite file always, and a fresh PostgreSQL
//! database (its own, random name) when `SPUR_TEST_POSTGRES_URL` names a server.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use spur_core::{CatalogLibrary, Format, InspectionDocument};
use spur_grading::Settings;
use spur_store::{Prepared, Store};

/// The seed document.
pub const SEED: &str = include_str!("../../../../fixtures/seed-vardcentral.toml");

/// A store and what it runs on.
pub struct TestStore {
    /// `sqlite` or `postgres`.
    pub label: &'static str,
    /// The store.
    pub store: Store,
    /// Its URL.
    pub url: String,
    /// Keeps the SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite store in a temporary directory.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("spur.db").display());
    let store = Store::open(&url).await.unwrap();
    TestStore {
        label: "sqlite",
        store,
        url,
        _dir: Some(dir),
    }
}

/// The PostgreSQL server of the tests, if any. Without one this prints a loud SKIP line, and
/// under `CI=true` it panics (CI must run both backends) unless `SPUR_TEST_POSTGRES` is
/// `unavailable` (.ci/run could not install it).
pub fn postgres_url(test: &str) -> Option<String> {
    match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            // Under CI the suite must run on both backends, unless .ci/run tried and could not
            // install PostgreSQL (it says so loudly, and sets SPUR_TEST_POSTGRES=unavailable).
            if std::env::var("CI").as_deref() == Ok("true")
                && std::env::var("SPUR_TEST_POSTGRES").as_deref() != Ok("unavailable")
            {
                panic!(
                    "{test}: SPUR_TEST_POSTGRES_URL is not set under CI=true; .ci/run must start PostgreSQL"
                );
            }
            eprintln!(
                "\n*** SKIP: {test} on PostgreSQL: PostgreSQL not available (set SPUR_TEST_POSTGRES_URL) ***\n"
            );
            None
        }
    }
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
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

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh PostgreSQL database (random name) with the store's migrations, if a server is
/// available.
pub async fn postgres(test: &str) -> Option<TestStore> {
    use sqlx::Connection;
    let url = postgres_url(test)?;
    let name = format!(
        "spur_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&url)
        .await
        .expect("connect to SPUR_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.ok();
    let url = with_database(&url, &name);
    let store = Store::open(&url).await.unwrap();
    Some(TestStore {
        label: "postgres",
        store,
        url,
        _dir: None,
    })
}

/// Every backend available: SQLite, and PostgreSQL when configured.
pub async fn stores(test: &str) -> Vec<TestStore> {
    let mut v = vec![sqlite().await];
    if let Some(p) = postgres(test).await {
        v.push(p);
    }
    v
}

/// The library of the tests (embedded catalogs).
pub fn library() -> &'static CatalogLibrary {
    static LIB: std::sync::OnceLock<CatalogLibrary> = std::sync::OnceLock::new();
    LIB.get_or_init(CatalogLibrary::embedded)
}

/// The seed, prepared.
pub fn seed() -> Prepared {
    Prepared::from_source(SEED, "seed", Format::Toml, library(), &Settings::default()).unwrap()
}

/// The seed changed by `f`, prepared.
pub fn changed(f: impl FnOnce(&mut InspectionDocument)) -> Prepared {
    let mut doc = seed().doc;
    f(&mut doc);
    let toml = spur_store::canonical_toml(&doc).unwrap();
    Prepared::from_source(
        &toml,
        "changed",
        Format::Toml,
        library(),
        &Settings::default(),
    )
    .unwrap()
}
