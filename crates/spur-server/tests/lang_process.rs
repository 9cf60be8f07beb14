//! `?lang=sv|en` on the store-backed routes (the SPUR process, the store, the survey) and the
//! handlingsplan import: the same bad request answered in Swedish with `?lang=sv` and in
//! English without (the server's default). Status codes, `path`s and codes are the same in
//! both languages; only the words follow `lang`.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use spur_server::{Config, router, router_with};
use spur_store::Store;
use tower::ServiceExt;

#[path = "support/oneshot.rs"]
mod oneshot;
use oneshot::StoreApi;

const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";
const REGION: &str = "Västra Götalandsregionen";

struct Api {
    inner: StoreApi,
    _dir: tempfile::TempDir,
}

impl Api {
    async fn new() -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite:{}", dir.path().join("l.db").display()))
            .await
            .unwrap();
        Api {
            inner: StoreApi {
                store,
                config: Config::default(),
            },
            _dir: dir,
        }
    }

    async fn token(&self, name: &str, role: &str) -> String {
        self.inner.token(name, role, None).await
    }

    async fn send(
        &self,
        who: &str,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let json: &[(&str, &str)] = &[("content-type", "application/json")];
        let headers = if body.is_some() { json } else { &[] };
        let body = body.map_or_else(String::new, |b| b.to_string());
        let r = self.inner.send(Some(who), method, uri, headers, body).await;
        (r.status, said_or_text(&r.body))
    }

    /// The same request in Swedish (`?lang=sv`) and without `lang` (English).
    async fn both(
        &self,
        who: &str,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> ((StatusCode, Value), (StatusCode, Value)) {
        let sep = if uri.contains('?') { '&' } else { '?' };
        let sv = self
            .send(who, method, &format!("{uri}{sep}lang=sv"), body.clone())
            .await;
        let en = self.send(who, method, uri, body).await;
        assert_eq!(sv.0, en.0, "{uri}: {} / {}", sv.1, en.1);
        (sv, en)
    }

    async fn order(&self, who: &str) -> i64 {
        let (s, v) = self
            .send(
                who,
                "POST",
                "/v1/orders",
                Some(json!({"unit": UNIT, "region": REGION, "specialty": "Allmänmedicin"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["id"].as_i64().unwrap()
    }
}

async fn reply(response: axum::response::Response) -> (StatusCode, Value) {
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, said_or_text(&body))
}

/// The body as JSON, or as a JSON string of its text when it is not JSON.
fn said_or_text(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// The message of a problem answer, and its first error's path (if any).
fn said(v: &Value) -> (String, Value) {
    (
        v["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{v}"))
            .to_string(),
        v["errors"][0]["path"].clone(),
    )
}

#[tokio::test]
async fn the_process_answers_bad_bodies_in_the_language_asked_for() {
    let api = Api::new().await;
    let admin = api.token("Admin", "admin").await;
    let id = api.order(&admin).await;

    // An order without the unit's name.
    let ((s, sv), (_, en)) = api
        .both(&admin, "POST", "/v1/orders", Some(json!({"unit": " "})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(
        said(&sv),
        ("enhetens namn är tomt".into(), json!("body.unit"))
    );
    assert_eq!(
        said(&en),
        ("the unit's name is empty".into(), json!("body.unit"))
    );

    // An empty comment, a bad area.
    let uri = format!("/v1/inspections/{id}/comments");
    let ((s, sv), (_, en)) = api
        .both(&admin, "POST", &uri, Some(json!({"text": "  "})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(said(&sv), ("kommentaren är tom".into(), json!("body.text")));
    assert_eq!(
        said(&en),
        ("the comment is empty".into(), json!("body.text"))
    );
    let ((_, sv), (_, en)) = api
        .both(
            &admin,
            "POST",
            &uri,
            Some(json!({"text": "Fel", "area": "Q"})),
        )
        .await;
    assert_eq!(said(&sv).0, "`Q` är inget område (A–H)");
    assert_eq!(said(&en).0, "`Q` is not an area (A–H)");

    // A state that is not one; a visit date that is not a date.
    let uri = format!("/v1/inspections/{id}/transitions");
    let ((s, sv), (_, en)) = api
        .both(&admin, "POST", &uri, Some(json!({"to": "klar"})))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        said(&sv).0.starts_with("`klar` är inget tillstånd ("),
        "{sv}"
    );
    assert!(said(&en).0.starts_with("`klar` is not a state ("), "{en}");
    let body = json!({"to": "planned", "inspectors": ["A", "B"], "visit_date": "snart"});
    let ((_, sv), (_, en)) = api.both(&admin, "POST", &uri, Some(body)).await;
    assert_eq!(
        said(&sv),
        (
            "`snart` är inget datum (ÅÅÅÅ-MM-DD)".into(),
            json!("body.visit_date")
        )
    );
    assert_eq!(
        said(&en),
        (
            "`snart` is not a date (YYYY-MM-DD)".into(),
            json!("body.visit_date")
        )
    );

    // A JSON body that is not one: the framework's words, introduced in Swedish.
    let ((s, sv), (_, en)) = api
        .both(&admin, "POST", "/v1/orders", Some(json!([1])))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        said(&sv).0.starts_with("förfrågans JSON kan inte läsas: "),
        "{sv}"
    );
    assert!(!said(&en).0.contains("förfrågan"), "{en}");

    // An attachment that is neither of the types taken.
    let uri = format!("/v1/inspections/{id}/attachments");
    let upload = |lang: &'static str| {
        let uri = format!("{uri}{lang}");
        let admin = admin.clone();
        let api = &api;
        async move {
            let req = Request::builder()
                .method("POST")
                .uri(uri)
                .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from("hej"))
                .unwrap();
            let app = router_with(&api.inner.config, Some(api.inner.store.clone()));
            reply(app.oneshot(req).await.unwrap()).await
        }
    };
    let (s, sv) = upload("?lang=sv").await;
    let (_, en) = upload("").await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        said(&sv).0,
        "filen är inte en PDF, DOCX, XLSX, ODT, PNG eller JPEG (bedömt efter innehållet)"
    );
    assert_eq!(
        said(&en).0,
        "the file is not a PDF, DOCX, XLSX, ODT, PNG or JPEG (judged by its content)"
    );
}

#[tokio::test]
async fn the_store_answers_refusals_and_what_is_not_there_in_the_language_asked_for() {
    let api = Api::new().await;
    let admin = api.token("Admin", "admin").await;
    let id = api.order(&admin).await;

    // A refused transition: the reasons in both languages, the message in the one asked for.
    let uri = format!("/v1/inspections/{id}/transitions");
    let body = json!({"to": "planned", "inspectors": ["A"], "visit_date": "2026-11-12"});
    let ((s, sv), (_, en)) = api.both(&admin, "POST", &uri, Some(body)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(sv["reasons"], en["reasons"]);
    assert_eq!(sv["message"], sv["reasons"][0]["sv"], "{sv}");
    assert_eq!(en["message"], en["reasons"][0]["en"], "{en}");
    assert_ne!(sv["message"], en["message"]);

    // An id that is not one.
    let ((s, sv), (_, en)) = api.both(&admin, "GET", "/v1/inspections/abc", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(said(&sv).0, "inspektion `abc` finns inte");
    assert_eq!(said(&en).0, "inspection `abc` not found");

    // An inspection that is not there (or out of the caller's sight: the same answer).
    let ((s, sv), (_, en)) = api.both(&admin, "GET", "/v1/inspections/9999", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(said(&sv).0, "inspektionen finns inte");
    assert_eq!(said(&en).0, "no such inspection");

    // What the store has not: a version of an inspection that has none yet.
    let uri = format!("/v1/inspections/{id}/versions/7");
    let ((s, sv), (_, en)) = api.both(&admin, "GET", &uri, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(
        said(&sv).0,
        format!("version 7 av inspektion {id} finns inte")
    );
    assert_eq!(
        said(&en).0,
        format!("version 7 of inspection {id} not found")
    );

    // No such endpoint.
    let ((s, sv), (_, en)) = api.both(&admin, "GET", "/v1/ingenting", None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(said(&sv).0, "ingen sådan slutpunkt; se GET /openapi.json");
    assert_eq!(said(&en).0, "no such endpoint; see GET /openapi.json");
}

#[tokio::test]
async fn the_survey_answers_in_the_language_asked_for() {
    let api = Api::new().await;
    let admin = api.token("Admin", "admin").await;
    let id = api.order(&admin).await;
    // Opened only while the inspection is preparing.
    let uri = format!("/v1/inspections/{id}/survey");
    let body = json!({"respondents": {"handledare": 2}});
    let ((s, sv), (_, en)) = api.both(&admin, "POST", &uri, Some(body)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        said(&sv).0,
        "enkäten öppnas medan inspektionen förbereds (den är ordered)"
    );
    assert_eq!(
        said(&en).0,
        "the survey is opened while the inspection is preparing (it is ordered)"
    );
}

async fn import(uri: &str, body: &Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    reply(router(&Config::default()).oneshot(req).await.unwrap()).await
}

#[tokio::test]
async fn the_import_says_the_unit_files_problems_in_the_language_asked_for() {
    let inspection =
        "[inspection]\nunit = \"U\"\nvisit_date = 2026-02-10\nregulations = [\"2021\"]\n";
    let filled =
        "[handlingsplan]\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\ndue = \"snart\"\n";
    let body = json!({"inspection": inspection, "filled": filled, "filled_format": "toml"});
    let (s, sv) = import("/v1/handlingsplan/import?lang=sv", &body).await;
    let (_, en) = import("/v1/handlingsplan/import", &body).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{sv}");
    // The same problem, located the same way; its words in the language asked for.
    assert_eq!(sv["errors"][0]["path"], en["errors"][0]["path"]);
    assert_eq!(sv["errors"][0]["code"], "bad-date");
    assert_eq!(en["errors"][0]["code"], "bad-date");
    let message = |v: &Value| v["errors"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message(&sv).starts_with("`snart` är inte ett datum"),
        "{sv}"
    );
    assert!(message(&en).starts_with("`snart` is not a date"), "{en}");
    assert_eq!(
        said(&sv).0,
        "enhetens TOML-fil har 1 fel; inget har förts in"
    );
    assert!(said(&en).0.contains("nothing was merged"), "{en}");

    // A filled format that is not one.
    let body = json!({"inspection": inspection, "filled": filled, "filled_format": "pdf"});
    let (s, sv) = import("/v1/handlingsplan/import?lang=sv", &body).await;
    let (_, en) = import("/v1/handlingsplan/import", &body).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{sv}");
    assert_eq!(said(&sv).1, json!("body.filled_format"));
    assert!(said(&sv).0.starts_with("okänt format `pdf`"), "{sv}");
    assert!(
        said(&en)
            .0
            .starts_with("unknown filled-template format `pdf`"),
        "{en}"
    );
}
