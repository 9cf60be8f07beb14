//! Issue 32 item 6, the survey's guarantees through the API, on SQLite and (when
//! `SPUR_TEST_POSTGRES_URL` is set; a loud SKIP otherwise) PostgreSQL:
//!
//! - 50 respondents answering at once lose nothing;
//! - no column joins an answer to a link or a time finer than the day (the survey tables'
//!   columns and types, read from the database's own catalog), and what is stored says no more;
//! - a link works once;
//! - links cannot be guessed or enumerated: 32 random bytes each, only their digests stored, and
//!   after `failures_per_minute` bad secrets from one address every link answers 429 with
//!   `Retry-After`;
//! - suppression under 3 in the summary's every format and in the report's appendix
//!   (`GET …/report?survey=true`).

use std::collections::BTreeSet;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use spur_server::{Config, router_with};
use spur_store::{NewToken, Store};
use tower::ServiceExt;

const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
    bytes: Vec<u8>,
}

async fn call(
    app: &Router,
    token: Option<&str>,
    method: &str,
    uri: &str,
    ctype: &str,
    body: String,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if !ctype.is_empty() {
        req = req.header(header::CONTENT_TYPE, ctype);
    }
    let r = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = to_bytes(r.into_body(), usize::MAX).await.unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body.to_vec(),
    }
}

fn app(store: &Store) -> Router {
    router_with(&Config::default(), Some(store.clone()))
}

async fn admin(store: &Store) -> String {
    let (token, _) = spur_server::auth::generate_token().unwrap();
    store
        .create_token(
            &NewToken {
                name: "LIPUS".into(),
                role: "admin".into(),
                scope_kind: None,
                scope_value: None,
                expires_at: None,
            },
            &token,
            "test",
        )
        .await
        .unwrap();
    token
}

/// An inspection of the seed unit in `preparing`.
async fn preparing(app: &Router, admin: &str) -> i64 {
    let r = call(
        app,
        Some(admin),
        "POST",
        "/v1/orders",
        "application/json",
        json!({"unit": UNIT, "region": "Västra Götalandsregionen", "specialty": "Allmänmedicin"})
            .to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = serde_json::from_str::<Value>(&r.body).unwrap()["id"]
        .as_i64()
        .unwrap();
    for body in [
        json!({"to": "planned", "inspectors": ["A", "B"], "visit_date": "2025-11-12"}),
        json!({"to": "preparing"}),
    ] {
        let r = call(
            app,
            Some(admin),
            "POST",
            &format!("/v1/inspections/{id}/transitions"),
            "application/json",
            body.to_string(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    id
}

async fn open(app: &Router, admin: &str, id: i64, respondents: Value) -> Vec<(String, String)> {
    let r = call(
        app,
        Some(admin),
        "POST",
        &format!("/v1/inspections/{id}/survey"),
        "application/json",
        json!({ "respondents": respondents }).to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    serde_json::from_str::<Value>(&r.body).unwrap()["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["group"].as_str().unwrap().to_string(),
                l["url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Respondent `n` of `group`: the seed's area H answers and a free text that names `n`.
fn answers(group: &str, n: usize) -> String {
    let text = format!("Svar+nummer+{n}");
    match group {
        "handledare" => format!("H.S2=stammer_helt&H.S4=stammer_helt&H.fritext={text}"),
        _ => format!(
            "H.S3=stammer_inte_alls&H.S5=stammer_ganska_dalig&H.S1=stammer_helt&H.fritext={text}"
        ),
    }
}

async fn post_answer(app: &Router, url: &str, body: String) -> Reply {
    call(
        app,
        None,
        "POST",
        url,
        "application/x-www-form-urlencoded",
        body,
    )
    .await
}

async fn summary(app: &Router, admin: &str, id: i64, format: &str) -> String {
    let r = call(
        app,
        Some(admin),
        "GET",
        &format!("/v1/inspections/{id}/survey/summary?format={format}"),
        "",
        String::new(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{format}: {}", r.body);
    r.body
}

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

/// A fresh PostgreSQL database and its URL, if a server is configured.
async fn postgres(test: &str) -> Option<(Store, String)> {
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
        "spur_survey_test_{}_{}",
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
    let db = with_database(&url, &name);
    Some((Store::open(&db).await.unwrap(), db))
}

async fn sqlite(dir: &tempfile::TempDir) -> (Store, String) {
    let url = format!("sqlite:{}", dir.path().join("s.db").display());
    (Store::open(&url).await.unwrap(), url)
}

// ---- 50 at once ----------------------------------------------------------------------------

async fn fifty_at_once(store: Store) {
    let app = app(&store);
    let admin = admin(&store).await;
    let id = preparing(&app, &admin).await;
    let links = open(&app, &admin, id, json!({"handledare": 20, "st-lakare": 30})).await;
    assert_eq!(links.len(), 50);
    let mut tasks = Vec::new();
    for (n, (group, url)) in links.iter().cloned().enumerate() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let r = post_answer(&app, &url, answers(&group, n)).await;
            (r.status, r.body)
        }));
    }
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let rows = store.survey_answers(id).await.unwrap();
    assert_eq!(rows.len(), 50, "every answer is kept");
    let texts: BTreeSet<String> = rows
        .iter()
        .map(|(_, _, json)| {
            serde_json::from_str::<Value>(json).unwrap()["free_texts"]["H"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(texts.len(), 50, "no answer is lost or doubled");
    let state = store.survey_state(id).await.unwrap().unwrap();
    assert_eq!(state.answers, 50);
    assert!(state.links.iter().all(|l| l.used == l.made), "{state:?}");
    let sum: Value = serde_json::from_str(&summary(&app, &admin, id, "json").await).unwrap();
    let respondents: Vec<Value> = sum["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["respondents"].clone())
        .collect();
    assert_eq!(respondents[2..], [json!(20), json!(30)], "{sum}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_respondents_at_once_lose_nothing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    fifty_at_once(sqlite(&dir).await.0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_respondents_at_once_lose_nothing_on_postgres() {
    if let Some((store, _)) = postgres("fifty_respondents_at_once_lose_nothing").await {
        fifty_at_once(store).await;
    }
}

// ---- Nothing joins an answer to a link or a time -------------------------------------------

/// `(table, column, declared type)` of the survey tables, from the database's own catalog.
async fn survey_columns(url: &str) -> Vec<(String, String, String)> {
    use sqlx::{Connection, Row};
    let mut out = Vec::new();
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        for table in ["surveys", "survey_links", "survey_answers"] {
            for r in sqlx::query(&format!("PRAGMA table_info({table})"))
                .fetch_all(&mut c)
                .await
                .unwrap()
            {
                out.push((
                    table.to_string(),
                    r.get::<String, _>("name"),
                    r.get::<String, _>("type").to_lowercase(),
                ));
            }
        }
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        for r in sqlx::query(
            "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name IN ('surveys', 'survey_links', 'survey_answers') \
             ORDER BY table_name, ordinal_position",
        )
        .fetch_all(&mut c)
        .await
        .unwrap()
        {
            out.push((r.get(0), r.get(1), r.get::<String, _>(2).to_lowercase()));
        }
    }
    out
}

async fn nothing_joins(store: Store, url: String) {
    let app = app(&store);
    let admin = admin(&store).await;
    let id = preparing(&app, &admin).await;
    let links = open(&app, &admin, id, json!({"handledare": 3, "st-lakare": 7})).await;
    for (n, (group, url)) in links.iter().enumerate() {
        let r = post_answer(&app, url, answers(group, n)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    // The columns: the answers table has no link, person or time column; the links table no
    // answer and no time; nothing but the inspection and the group in common (many to many).
    let columns = survey_columns(&url).await;
    let of = |table: &str| -> BTreeSet<&str> {
        columns
            .iter()
            .filter(|(t, _, _)| t == table)
            .map(|(_, c, _)| c.as_str())
            .collect()
    };
    assert_eq!(
        of("survey_answers"),
        BTreeSet::from(["id", "inspection_id", "grp", "answered_on", "answers"]),
        "{columns:?}"
    );
    assert_eq!(
        of("survey_links"),
        BTreeSet::from(["digest", "inspection_id", "grp", "used"]),
        "{columns:?}"
    );
    assert_eq!(
        of("surveys"),
        BTreeSet::from(["inspection_id", "opened_by", "opened_on", "closed_on"]),
        "{columns:?}"
    );
    let shared: BTreeSet<&str> = of("survey_answers")
        .intersection(&of("survey_links"))
        .copied()
        .collect();
    assert_eq!(shared, BTreeSet::from(["inspection_id", "grp"]));
    for (table, column, kind) in &columns {
        assert!(
            !kind.contains("time") && kind != "date" && !kind.contains("interval"),
            "{table}.{column} is of type {kind}: no time type in the survey tables"
        );
    }

    // What is stored: days only, no secret, no digest, no order that follows the use.
    let rows = store.survey_answers(id).await.unwrap();
    assert_eq!(rows.len(), 10);
    let day = regex_day();
    let secrets: Vec<&str> = links.iter().map(|(_, u)| &u["/survey/".len()..]).collect();
    let digests: Vec<String> = secrets
        .iter()
        .map(|s| {
            use sha2::Digest as _;
            hex(&sha2::Sha256::digest(s.as_bytes()))
        })
        .collect();
    let mut order = Vec::new();
    for (_, answered_on, json) in &rows {
        assert!(day(answered_on), "{answered_on}");
        let v: Value = serde_json::from_str(json).unwrap();
        if let Some(d) = v.get("answered") {
            assert!(day(d.as_str().unwrap()), "{json}");
        }
        for s in &secrets {
            assert!(!json.contains(s), "an answer holds its link: {json}");
        }
        for d in &digests {
            assert!(
                !json.contains(d.as_str()),
                "an answer holds its digest: {json}"
            );
        }
        let text = v["free_texts"]["H"].as_str().unwrap();
        order.push(
            text.trim_start_matches("Svar nummer ")
                .parse::<usize>()
                .unwrap(),
        );
    }
    assert_ne!(
        order,
        (0..10).collect::<Vec<_>>(),
        "the answers come back in the order the links were used"
    );
    // Nor does the tables' storage order (a `SELECT` without `ORDER BY`, PostgreSQL's heap
    // order): answers and used links lie in the order of their random keys.
    let (stored, used) = storage_order(&url, id).await;
    let in_storage: Vec<usize> = stored
        .iter()
        .map(|json| {
            let v: Value = serde_json::from_str(json).unwrap();
            v["free_texts"]["H"]
                .as_str()
                .unwrap()
                .trim_start_matches("Svar nummer ")
                .parse::<usize>()
                .unwrap()
        })
        .collect();
    assert_eq!(
        in_storage, order,
        "answers are stored in the order of their random ids"
    );
    let mut sorted = used.clone();
    sorted.sort();
    assert_eq!(
        used, sorted,
        "used links are stored in the order of their digests"
    );
    assert_ne!(
        used,
        digests.clone(),
        "used links are stored in the order they were used"
    );
    // The audit trail records the opening, never an answer.
    let events = store.audit_events_of(id).await.unwrap();
    let survey_events: Vec<&str> = events
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.starts_with("survey"))
        .collect();
    assert_eq!(survey_events, ["survey.opened"], "{survey_events:?}");

    // The export of the summary holds no day finer than the day either.
    let sum: Value = serde_json::from_str(&summary(&app, &admin, id, "json").await).unwrap();
    if let Some(p) = sum.get("answered") {
        assert!(day(p["first"].as_str().unwrap()) && day(p["last"].as_str().unwrap()));
    }
}

/// The answers' JSON and the used links' digests of inspection `id` as the database returns
/// them without `ORDER BY`.
async fn storage_order(url: &str, id: i64) -> (Vec<String>, Vec<String>) {
    use sqlx::{Connection, Row};
    let answers = "SELECT answers FROM survey_answers WHERE inspection_id = ";
    let links = "SELECT digest FROM survey_links WHERE used = 1 AND inspection_id = ";
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        let a = sqlx::query(&format!("{answers}{id}"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        let l = sqlx::query(&format!("{links}{id}"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        (
            a.iter().map(|r| r.get(0)).collect(),
            l.iter().map(|r| r.get(0)).collect(),
        )
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        let a = sqlx::query(&format!("{answers}{id}"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        let l = sqlx::query(&format!("{links}{id}"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        (
            a.iter().map(|r| r.get(0)).collect(),
            l.iter().map(|r| r.get(0)).collect(),
        )
    }
}

fn regex_day() -> impl Fn(&str) -> bool {
    |s: &str| {
        s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn no_column_joins_an_answer_to_a_link_or_a_time_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let (store, url) = sqlite(&dir).await;
    nothing_joins(store, url.clone()).await;
    // SQLite keeps no rowid (insertion order) for links or answers: both tables are ordered
    // by their random keys.
    use sqlx::{Connection, Row};
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for table in ["survey_links", "survey_answers"] {
        let sql: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = ?")
            .bind(table)
            .fetch_one(&mut c)
            .await
            .unwrap()
            .get(0);
        assert!(sql.contains("WITHOUT ROWID"), "{table}: {sql}");
    }
}

#[tokio::test]
async fn no_column_joins_an_answer_to_a_link_or_a_time_on_postgres() {
    if let Some((store, url)) = postgres("no_column_joins_an_answer_to_a_link_or_a_time").await {
        nothing_joins(store, url).await;
    }
}

// ---- Links: once, not guessable, not enumerable --------------------------------------------

#[tokio::test]
async fn links_are_random_stored_as_digests_and_work_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, url) = sqlite(&dir).await;
    let app = app(&store);
    let admin = admin(&store).await;
    let id = preparing(&app, &admin).await;
    let links = open(&app, &admin, id, json!({"st-lakare": 200})).await;
    let secrets: BTreeSet<&str> = links.iter().map(|(_, u)| &u["/survey/".len()..]).collect();
    assert_eq!(secrets.len(), 200, "every link is different");
    for s in &secrets {
        assert_eq!(s.len(), 43, "{s}");
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{s}"
        );
    }
    // 32 random bytes: over 200 links every position takes many values.
    for i in 0..42 {
        let at: BTreeSet<u8> = secrets.iter().map(|s| s.as_bytes()[i]).collect();
        assert!(at.len() > 20, "position {i} takes {} values", at.len());
    }
    // No secret is stored: not in the database file nor in its log.
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for s in &secrets {
            assert!(!text.contains(s), "a link's secret is stored");
        }
    }
    let store = Store::open(&url).await.unwrap();
    let app = self::app(&store);
    let url0 = &links[0].1;
    let r = post_answer(&app, url0, answers("st-lakare", 0)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for method in ["GET", "POST"] {
        let r = call(
            &app,
            None,
            method,
            url0,
            "application/x-www-form-urlencoded",
            answers("st-lakare", 1),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::GONE,
            "{method}: a used link is refused"
        );
        assert!(r.body.contains("redan använd"), "{}", r.body);
    }
    assert_eq!(store.survey_answers(id).await.unwrap().len(), 1);
    // Closing ends the links.
    let r = call(
        &app,
        Some(&admin),
        "DELETE",
        &format!("/v1/inspections/{id}/survey"),
        "",
        String::new(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = post_answer(&app, &links[1].1, answers("st-lakare", 2)).await;
    assert_eq!(r.status, StatusCode::GONE, "{}", r.body);
}

#[tokio::test]
async fn guessing_links_is_rate_limited_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = sqlite(&dir).await;
    let app = app(&store);
    let admin = admin(&store).await;
    let id = preparing(&app, &admin).await;
    let links = open(&app, &admin, id, json!({"handledare": 1})).await;
    // The default `[sign_in] failures_per_minute` is 10: ten wrong links are answered 404 …
    let failures = spur_server::auth::ServerConfig::default()
        .sign_in
        .failures_per_minute;
    for n in 0..failures {
        let guess = format!("/survey/{:A>43}", n);
        let r = call(&app, None, "GET", &guess, "", String::new()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "guess {n}: {}", r.body);
    }
    // … then every link, a right one included, is 429 with Retry-After from that address.
    for url in [format!("/survey/{}", "B".repeat(43)), links[0].1.clone()] {
        let r = call(&app, None, "GET", &url, "", String::new()).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        let wait: u64 = r.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "Retry-After: {wait}");
    }
    let r = post_answer(&app, &links[0].1, answers("handledare", 0)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

// ---- Suppression in every output, the report's appendix included ---------------------------

#[tokio::test]
async fn two_supervisors_are_withheld_in_every_output_and_in_the_report_appendix() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = sqlite(&dir).await;
    let app = app(&store);
    let admin = admin(&store).await;
    let id = preparing(&app, &admin).await;
    let links = open(&app, &admin, id, json!({"handledare": 2, "st-lakare": 4})).await;
    for (n, (group, url)) in links.iter().enumerate() {
        let body = if group == "handledare" {
            format!("H.S2=stammer_helt&H.fritext=Hemlig+handledartext+{n}")
        } else {
            answers(group, n)
        };
        let r = post_answer(&app, url, body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let json: Value = serde_json::from_str(&summary(&app, &admin, id, "json").await).unwrap();
    assert_eq!(
        json["groups"][2],
        json!({"group": "handledare", "suppressed": true, "individual": false})
    );
    let h = summary(&app, &admin, id, "html").await;
    let md = summary(&app, &admin, id, "md").await;
    let csv = summary(&app, &admin, id, "csv").await;
    for (name, text) in [
        ("json", json.to_string()),
        ("html", h.clone()),
        ("md", md.clone()),
        ("csv", csv.clone()),
    ] {
        assert!(
            !text.contains("Hemlig handledartext"),
            "{name}: a supervisor's free text"
        );
        assert!(
            text.contains("Svar nummer"),
            "{name}: the ST-läkare's free texts are shown"
        );
    }
    assert!(h.contains("Handledare: för få svar"), "{h}");
    assert!(md.contains("Handledare: för få svar"), "{md}");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(";handledare;")).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row.contains(";för få svar;"), "{row}");
        assert!(
            !row.split(";handledare;")
                .nth(1)
                .unwrap()
                .chars()
                .any(|c| c.is_ascii_digit()),
            "a figure: {row}"
        );
    }

    // The report of the stored document (the skeleton made at planning) with the appendix.
    let report = |q: &'static str| {
        let app = app.clone();
        let admin = admin.clone();
        async move {
            call(
                &app,
                Some(&admin),
                "GET",
                &format!("/v1/inspections/{id}/report?{q}"),
                "",
                String::new(),
            )
            .await
        }
    };
    let plain = report("format=html").await;
    assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
    assert!(!plain.body.contains("Bilaga: Förenkät"));
    for q in ["format=html&survey=true", "format=md&survey=true"] {
        let r = report(q).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
        assert!(r.body.contains("Bilaga: Förenkät: sammanställning"), "{q}");
        assert!(r.body.contains("Handledare: för få svar"), "{q}");
        assert!(!r.body.contains("Hemlig handledartext"), "{q}");
        assert!(r.body.contains("SPUR-rapport"), "{q}: the report is whole");
    }
    let html = report("format=html&survey=true").await.body;
    assert!(
        html.find("Bilaga: Förenkät").unwrap() < html.rfind("</body>").unwrap(),
        "the appendix is inside the page"
    );
    // DOCX and PDF render the same appendix in the report's own style.
    let docx = report("format=docx&survey=true").await;
    assert_eq!(docx.status, StatusCode::OK, "docx: {}", docx.body);
    let xml = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    assert!(xml.contains("Bilaga: Förenkät: sammanställning"), "docx");
    assert!(
        xml.contains("för få svar"),
        "docx: the supervisors withheld"
    );
    assert!(!xml.contains("Hemlig handledartext"), "docx");
    let pdf = report("format=pdf&survey=true").await;
    assert_eq!(pdf.status, StatusCode::OK, "pdf: {}", pdf.body);
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains("Bilaga: Förenkät: sammanställning"), "pdf");
            assert!(
                text.contains("för få svar"),
                "pdf: the supervisors withheld"
            );
            assert!(!text.contains("Hemlig handledartext"), "pdf");
        }
        Err(_) => eprintln!(
            "SKIP: the PDF appendix is not read back: pdftotext (poppler-utils) is not installed"
        ),
    }
    for (q, status) in [
        ("format=json&survey=true", StatusCode::BAD_REQUEST),
        ("format=html&survey=maybe", StatusCode::BAD_REQUEST),
        ("format=pdf&survey=false", StatusCode::OK),
    ] {
        let r = report(q).await;
        assert_eq!(
            r.status,
            status,
            "{q}: {}",
            &r.body[..r.body.len().min(300)]
        );
    }
}
