//! The pre-visit survey in the store (issue 32's "done when", through the API): an inspection in
//! `preparing` opens a survey with links for 2 supervisors and 4 ST-läkare; each answers through
//! its link (a link works once); the summary withholds the supervisors' figures (2 < 3) and
//! shows the ST-läkare's; with a third supervisor the seed's area H discrepancy appears.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use spur_server::{Config, router_with};
use spur_store::{NewToken, Store};
use tower::ServiceExt;

const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";

async fn send(
    store: &Store,
    token: Option<&str>,
    method: &str,
    uri: &str,
    ctype: &str,
    body: String,
) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if !ctype.is_empty() {
        req = req.header(header::CONTENT_TYPE, ctype);
    }
    let app = router_with(&Config::default(), Some(store.clone()));
    let r = app
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let body = to_bytes(r.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
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
async fn preparing(store: &Store, admin: &str) -> i64 {
    let (s, b) = send(
        store,
        Some(admin),
        "POST",
        "/v1/orders",
        "application/json",
        json!({"unit": UNIT, "region": "Västra Götalandsregionen", "specialty": "Allmänmedicin"})
            .to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = serde_json::from_str::<Value>(&b).unwrap()["id"]
        .as_i64()
        .unwrap();
    for body in [
        json!({"to": "planned", "inspectors": ["A", "B"], "visit_date": "2025-11-12"}),
        json!({"to": "preparing"}),
    ] {
        let (s, b) = send(
            store,
            Some(admin),
            "POST",
            &format!("/v1/inspections/{id}/transitions"),
            "application/json",
            body.to_string(),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    id
}

async fn open(
    store: &Store,
    admin: &str,
    id: i64,
    supervisors: usize,
    trainees: usize,
) -> Vec<(String, String)> {
    let (s, b) = send(
        store,
        Some(admin),
        "POST",
        &format!("/v1/inspections/{id}/survey"),
        "application/json",
        json!({"respondents": {"handledare": supervisors, "st-lakare": trainees}}).to_string(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    serde_json::from_str::<Value>(&b).unwrap()["links"]
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

/// Supervisors say they give feedback on leadership (H.S2); ST-läkare do not perceive it (H.S3).
fn answers(group: &str) -> String {
    match group {
        "handledare" => "H.S2=stammer_helt&H.S4=stammer_helt".into(),
        _ => "H.S3=stammer_inte_alls&H.S5=stammer_ganska_dalig&H.S1=stammer_helt".into(),
    }
}

async fn summary(store: &Store, admin: &str, id: i64) -> Value {
    let (s, b) = send(
        store,
        Some(admin),
        "GET",
        &format!("/v1/inspections/{id}/survey/summary"),
        "",
        String::new(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    serde_json::from_str(&b).unwrap()
}

fn group<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == name)
        .unwrap()
}

#[tokio::test]
async fn links_answer_once_and_the_summary_withholds_small_groups() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("s.db").display()))
        .await
        .unwrap();
    let admin = admin(&store).await;
    let id = preparing(&store, &admin).await;
    let links = open(&store, &admin, id, 2, 4).await;
    assert_eq!(links.len(), 6);
    for (g, url) in &links {
        // The page opens without sign-in, in Swedish.
        let (s, page) = send(&store, None, "GET", url, "", String::new()).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("lang=\"sv\""));
        let (s, b) = send(
            &store,
            None,
            "POST",
            url,
            "application/x-www-form-urlencoded",
            answers(g),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    // A link works once.
    let (s, _) = send(
        &store,
        None,
        "POST",
        &links[0].1,
        "application/x-www-form-urlencoded",
        answers("handledare"),
    )
    .await;
    assert_eq!(s, StatusCode::GONE);
    // A guessed link is not there.
    let (s, _) = send(
        &store,
        None,
        "GET",
        &format!("/survey/{}", "A".repeat(43)),
        "",
        String::new(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let sum = summary(&store, &admin, id).await;
    let supervisors = group(&sum, "handledare");
    assert_eq!(supervisors["suppressed"], true);
    assert!(supervisors["respondents"].is_null(), "{supervisors}");
    assert_eq!(group(&sum, "st-lakare")["respondents"], 4);
    // No figure of the supervisors anywhere in the answer.
    let h = sum["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "H")
        .unwrap();
    let s2 = h["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "H.S2")
        .unwrap();
    assert!(!s2.to_string().contains("\"counts\""), "{s2}");
    assert!(sum["discrepancies"].as_array().unwrap().is_empty());

    // A third supervisor: the seed's gap in area H shows.
    let more = open(&store, &admin, id, 1, 0).await;
    let (s, b) = send(
        &store,
        None,
        "POST",
        &more[0].1,
        "application/x-www-form-urlencoded",
        answers("handledare"),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let sum = summary(&store, &admin, id).await;
    assert_eq!(group(&sum, "handledare")["suppressed"], false);
    let found = sum["discrepancies"].to_string();
    assert!(found.contains("H.S2") && found.contains("H.S3"), "{found}");

    // Nothing in the store ties an answer to a link or a time finer than the day.
    let rows = store.survey_answers(id).await.unwrap();
    assert_eq!(rows.len(), 7);
    for (_, day, json) in rows {
        assert_eq!(day.len(), 10, "{day}");
        assert!(!json.contains(&links[0].1[8..]), "{json}");
    }
}
