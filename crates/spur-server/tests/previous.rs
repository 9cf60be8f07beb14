//! Issue 19: `POST /v1/report` with `{"inspection": …, "previous": …}` adds the comparison
//! with the previous inspection; `POST /v1/compare` answers the comparison itself (the JSON of
//! `spur compare --format json`).

#[path = "support/oneshot.rs"]
mod oneshot;

use serde_json::{Value, json};
use spur_server::Config;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const PREVIOUS: &str = include_str!("../../../fixtures/compare/2021.toml");

async fn post(uri: &str, content_type: &str, body: String) -> (u16, String, Vec<u8>) {
    let r = oneshot::post(uri, content_type, body).await;
    (r.code(), r.content_type().to_string(), r.body)
}

fn as_json(toml: &str) -> Value {
    serde_json::from_str(
        &spur_core::InspectionDocument::from_toml_str(toml)
            .unwrap()
            .to_json(),
    )
    .unwrap()
}

#[tokio::test]
async fn report_with_previous_has_the_section_in_every_format() {
    // The documents as TOML text, and as JSON values: both are accepted.
    let bodies = [
        json!({ "inspection": SEED, "previous": PREVIOUS }),
        json!({ "inspection": as_json(SEED), "previous": as_json(PREVIOUS) }),
    ];
    for body in bodies {
        let (status, _, bytes) =
            post("/v1/report?format=md", "application/json", body.to_string()).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let md = String::from_utf8(bytes).unwrap();
        assert!(md.contains("## Jämfört med föregående inspektion"));
        assert!(md.contains("### Kvarstående brister"));
    }
    let body = json!({ "inspection": SEED, "previous": PREVIOUS }).to_string();
    let (status, _, bytes) = post(
        "/v1/report?format=html&lang=en",
        "application/json",
        body.clone(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("<h2>Compared with the previous inspection</h2>")
    );
    let (status, _, bytes) = post("/v1/report?format=json", "application/json", body.clone()).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["previous"]["previous"]["visit_date"], "2021-03-10");
    assert_eq!(v["inspection"]["inspection"]["visit_date"], "2025-11-12");
    for f in ["docx", "pdf"] {
        let (status, _, bytes) = post(
            &format!("/v1/report?format={f}"),
            "application/json",
            body.clone(),
        )
        .await;
        assert_eq!(status, 200, "{f}");
        assert!(bytes.len() > 1000, "{f}");
    }
    // The document alone still works, without the section.
    let (status, _, bytes) = post("/v1/report?format=md", "application/toml", SEED.into()).await;
    assert_eq!(status, 200);
    assert!(
        !String::from_utf8(bytes)
            .unwrap()
            .contains("föregående inspektion")
    );
}

#[tokio::test]
async fn a_bad_previous_document_is_422_naming_previous() {
    let bad = PREVIOUS.replace("visit_date = 2021-03-10", "visit_date = \"2021-02-30\"");
    let body = json!({ "inspection": SEED, "previous": bad }).to_string();
    let (status, ct, bytes) = post("/v1/report?format=md", "application/json", body).await;
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&bytes));
    assert!(ct.starts_with("application/problem+json"));
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        v["message"].as_str().unwrap().starts_with("`previous`"),
        "{v}"
    );
    assert!(
        v["errors"][0]["path"]
            .as_str()
            .unwrap()
            .starts_with("previous"),
        "{v}"
    );
    // An unknown member next to `previous` is 400.
    let body = json!({ "inspection": SEED, "previous": PREVIOUS, "extra": 1 }).to_string();
    let (status, _, _) = post("/v1/report?format=md", "application/json", body).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn compare_answers_the_comparison_json() {
    let body = json!({ "previous": PREVIOUS, "current": as_json(SEED) }).to_string();
    let (status, ct, bytes) = post("/v1/compare", "application/json", body).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(ct.starts_with("application/json"));
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["previous"]["visit_date"], "2021-03-10");
    assert_eq!(v["current"]["visit_date"], "2025-11-12");
    assert!(!v["areas"].as_array().unwrap().is_empty());
    let plan: Vec<&str> = v["plan_not_effective"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["D.F6", "E.F4"]);
    // It reads back as the library's comparison.
    let _: spur_report::Comparison = serde_json::from_value(v).unwrap();

    // Swapped: a warning that the previous one is not older.
    let body = json!({ "previous": SEED, "current": PREVIOUS }).to_string();
    let (status, _, bytes) = post("/v1/compare", "application/json", body).await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(v["warnings"][0].as_str().unwrap().contains("not older"));
}

#[tokio::test]
async fn compare_refuses_what_it_cannot_read() {
    let (status, _, _) = post("/v1/compare", "application/toml", SEED.into()).await;
    assert_eq!(status, 415);
    let (status, _, _) = post("/v1/compare", "application/json", "{}".into()).await;
    assert_eq!(status, 400);
    let bad = SEED.replace("visit_date = 2025-11-12", "visit_date = \"2025-02-30\"");
    let body = json!({ "previous": PREVIOUS, "current": bad }).to_string();
    let (status, _, bytes) = post("/v1/compare", "application/json", body).await;
    assert_eq!(status, 422);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        v["message"].as_str().unwrap().starts_with("`current`"),
        "{v}"
    );
}

#[test]
fn openapi_declares_compare_and_the_report_request() {
    let doc: Value = serde_json::from_str(&spur_server::openapi_json()).unwrap();
    let compare = &doc["paths"]["/v1/compare"]["post"];
    assert_eq!(
        compare["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CompareRequest"
    );
    assert!(doc["components"]["schemas"]["Comparison"].is_object());
    let report = &doc["paths"]["/v1/report"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["anyOf"];
    assert_eq!(report[1]["$ref"], "#/components/schemas/ReportRequest");
}

const KARD: &str = include_str!("../../../fixtures/kardiologi/enhet.toml");
const KARD_NO_K: &str = include_str!("../../../fixtures/kardiologi/utan-indikatorer.toml");
const KARD_SETS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/kardiologi/indicators"
);

async fn grade_with(config: &Config, toml: &str) -> (u16, Value) {
    let (status, body) = post_with(config, "/v1/grade", "application/toml", toml.into()).await;
    (status, serde_json::from_slice(&body).unwrap())
}

fn area<'a>(g: &'a Value, letter: &str) -> &'a Value {
    let areas = g["areas"].as_array().unwrap();
    &areas.iter().find(|a| a["area"] == letter).unwrap()["results"][0]
}

/// Issue 19: `spur serve --catalog-dir DIR` grades a kardiologi unit with the user's indicator
/// set; without it the same unit is graded on the shared criteria (A–B where only the
/// indicators could decide).
#[tokio::test]
async fn catalog_dir_gives_the_server_a_kardiologi_indicator_set() {
    let with = Config {
        catalog_dirs: vec![KARD_SETS.into()],
        ..Config::default()
    };
    let (status, g) = grade_with(&with, KARD).await;
    assert_eq!(status, 200, "{g}");
    assert_eq!(g["specialty"], "kardiologi");
    assert_eq!(g["indicator_set"]["version"], "kardiologi-exempel-2026.1");

    // Without the set: the unit without indicator findings is A–B (provisional) where the
    // indicators would decide, D and C as usual.
    let (status, g) = grade_with(&Config::default(), KARD_NO_K).await;
    assert_eq!(status, 200, "{g}");
    assert!(g["indicator_set"].is_null());
    for a in ["A", "B", "C", "F", "G"] {
        assert_eq!(area(&g, a)["range"], json!(["A", "B"]), "area {a}");
    }
    for a in ["D", "E", "H"] {
        assert_eq!(area(&g, a)["final"], "C", "area {a}");
    }
    // Findings on indicators no available set defines are errors.
    let (status, _) = grade_with(&Config::default(), KARD).await;
    assert_eq!(status, 422);
    // The allmänmedicin seed grades as before with the set directory too.
    let (status, g) = grade_with(&with, SEED).await;
    assert_eq!(status, 200);
    let (_, plain) = grade_with(&Config::default(), SEED).await;
    assert_eq!(g, plain);
}

async fn post_with(config: &Config, uri: &str, content_type: &str, body: String) -> (u16, Vec<u8>) {
    let r = oneshot::send_with(config, "POST", uri, Some(content_type), body).await;
    (r.code(), r.body)
}

/// The endpoints that read a document besides grading and rendering use the server's catalog
/// directories too: a kardiologi unit with its indicator findings follows up, converts and
/// imports its plan with `--catalog-dir`, and is refused (unknown indicators) without.
#[tokio::test]
async fn followup_convert_and_import_use_the_catalog_dir_too() {
    let with = Config {
        catalog_dirs: vec![KARD_SETS.into()],
        ..Config::default()
    };
    let toml = "application/toml";
    for uri in ["/v1/followup?as_of=2026-11-24", "/v1/convert?to=json"] {
        let (status, body) = post_with(&with, uri, toml, KARD.into()).await;
        assert_eq!(status, 200, "{uri}: {}", String::from_utf8_lossy(&body));
        let (status, _) = post_with(&Config::default(), uri, toml, KARD.into()).await;
        assert_eq!(status, 422, "{uri} without the set");
    }
    let (status, template) =
        post_with(&with, "/v1/handlingsplan?format=toml", toml, KARD.into()).await;
    assert_eq!(status, 200);
    let request = json!({
        "inspection": KARD,
        "filled": String::from_utf8(template).unwrap(),
        "filled_format": "toml",
        "received": "2026-11-24",
    })
    .to_string();
    let uri = "/v1/handlingsplan/import";
    let (status, body) = post_with(&with, uri, "application/json", request.clone()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, body) = post_with(&Config::default(), uri, "application/json", request).await;
    assert_eq!(status, 422);
    let problems: Value = serde_json::from_slice(&body).unwrap();
    assert!(problems.to_string().contains("K"), "{problems}");
}
