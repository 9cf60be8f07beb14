//! `?lang=sv|en` on every endpoint that answers with problems or words, and the server's
//! default (`spur serve --lang`, i.e. `Config::lang`; English otherwise, the report and the
//! template Swedish). The environment plays no part.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use spur_core::{Catalog, Format, InspectionDocument, Lang};
use spur_server::{Config, router};
use tower::ServiceExt;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

async fn post(config: &Config, uri: &str, body: &str) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/toml")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router(config).oneshot(req).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    (status, body)
}

fn bad_seed() -> String {
    SEED.replacen("\"D.F6\"", "\"D.F66\"", 1)
}

fn unknown(body: &[u8]) -> Value {
    let v: Value = serde_json::from_slice(body).unwrap();
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "unknown-criterion")
        .cloned()
        .unwrap_or_else(|| panic!("{v}"))
}

const ENDPOINTS: [&str; 6] = [
    "/v1/validate",
    "/v1/grade",
    "/v1/report",
    "/v1/handlingsplan",
    "/v1/followup?as_of=2026-01-01",
    "/v1/convert?to=json",
];

fn with_lang(uri: &str, lang: &str) -> String {
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}lang={lang}")
}

#[tokio::test]
async fn every_document_endpoint_answers_problems_in_the_language_asked_for() {
    let src = bad_seed();
    let config = Config::default();
    // What spur-core says, in Swedish.
    let mut checked = InspectionDocument::check(&src, "request", Format::Toml, Catalog::embedded());
    checked.diagnostics.localize(Lang::Sv);
    let sv_errors: Vec<_> = checked.diagnostics.errors().cloned().collect();
    for uri in ENDPOINTS {
        let (status, body) = post(&config, &with_lang(uri, "sv"), &src).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            v["errors"],
            serde_json::to_value(&sv_errors).unwrap(),
            "{uri}"
        );
        assert_eq!(v["message"], "inspektionsdokumentet har 2 fel", "{uri}");
        let d = unknown(&body);
        assert_eq!(d["message"], "okänt kriterie-id `D.F66`", "{uri}");
        assert_eq!(
            d["hint"],
            "menade du `D.F6`? (`spur catalog --area D` listar dem)"
        );
        // Code, path and location do not depend on the language.
        let (_, en) = post(&config, &with_lang(uri, "en"), &src).await;
        let e = unknown(&en);
        for key in ["code", "severity", "path", "location"] {
            assert_eq!(d[key], e[key], "{uri} {key}");
        }
        assert_eq!(e["message"], "unknown criterion id `D.F66`", "{uri}");
        // Without `lang`: English.
        let (_, default) = post(&config, uri, &src).await;
        assert_eq!(unknown(&default)["message"], e["message"], "{uri}");
    }
}

#[tokio::test]
async fn the_servers_lang_is_the_default_and_the_query_wins() {
    let src = bad_seed();
    let sv = Config {
        lang: Some(Lang::Sv),
        ..Config::default()
    };
    for uri in ENDPOINTS {
        let (_, body) = post(&sv, uri, &src).await;
        assert_eq!(
            unknown(&body)["message"],
            "okänt kriterie-id `D.F66`",
            "{uri}"
        );
        let (_, body) = post(&sv, &with_lang(uri, "en"), &src).await;
        assert_eq!(
            unknown(&body)["message"],
            "unknown criterion id `D.F66`",
            "{uri}"
        );
    }
    // Warnings too (validate lists them).
    let minimal = include_str!("../../../fixtures/minimal.toml");
    let (status, body) = post(&sv, "/v1/validate", minimal).await;
    assert_eq!(status, StatusCode::OK);
    let v: Value = serde_json::from_slice(&body).unwrap();
    let first = &v["warnings"][0];
    assert_eq!(first["code"], "unassessed");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("är inte bedömt enligt"),
        "{first}"
    );
}

#[tokio::test]
async fn documents_follow_the_language_and_stay_swedish_by_default() {
    let md = |config: Config, uri: &'static str| async move {
        let (status, body) = post(&config, uri, SEED).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        String::from_utf8(body).unwrap()
    };
    assert!(
        md(Config::default(), "/v1/report?format=md")
            .await
            .starts_with("# SPUR-rapport:")
    );
    assert!(
        md(Config::default(), "/v1/report?format=md&lang=en")
            .await
            .starts_with("# SPUR report:")
    );
    let en = Config {
        lang: Some(Lang::En),
        ..Config::default()
    };
    assert!(
        md(en.clone(), "/v1/report?format=md")
            .await
            .starts_with("# SPUR report:")
    );
    assert!(
        md(en, "/v1/report?format=md&lang=sv")
            .await
            .starts_with("# SPUR-rapport:")
    );
}

#[tokio::test]
async fn a_bad_lang_is_400_naming_the_parameter_and_the_values() {
    for uri in ENDPOINTS {
        let (status, body) = post(&Config::default(), &with_lang(uri, "de"), SEED).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["errors"][0]["path"], "query.lang", "{uri}");
        let m = v["message"].as_str().unwrap();
        assert!(m.contains("`sv`") && m.contains("`en`"), "{uri}: {m}");
    }
}

#[test]
fn the_openapi_document_declares_lang_on_every_endpoint_with_words() {
    let doc: Value = serde_json::from_str(include_str!("../../../docs/openapi.json")).unwrap();
    for path in [
        "/v1/validate",
        "/v1/grade",
        "/v1/report",
        "/v1/handlingsplan",
        "/v1/followup",
        "/v1/convert",
        "/v1/handlingsplan/import",
    ] {
        let params = doc["paths"][path]["post"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has no parameters"));
        let lang = params
            .iter()
            .find(|p| p["name"] == "lang")
            .unwrap_or_else(|| panic!("{path} does not declare lang"));
        assert_eq!(lang["in"], "query", "{path}");
        let text = lang["description"].as_str().unwrap();
        assert!(text.contains("`sv`") && text.contains("`en`"), "{path}");
    }
}

#[tokio::test]
async fn import_answers_the_inspections_problems_in_the_language_asked_for() {
    let send = |uri: &'static str| async move {
        let body = serde_json::json!({"inspection": "[inspection]\nunit = \"x\"\n", "filled": "x"});
        let req = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let r = router(&Config::default()).oneshot(req).await.unwrap();
        let status = r.status();
        let v: Value =
            serde_json::from_slice(&to_bytes(r.into_body(), usize::MAX).await.unwrap()).unwrap();
        (status, v)
    };
    let (status, sv) = send("/v1/handlingsplan/import?lang=sv").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{sv}");
    let missing = |v: &Value| {
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == "inspection.visit_date")
            .cloned()
            .unwrap_or_else(|| panic!("{v}"))
    };
    assert_eq!(
        missing(&sv)["message"],
        "obligatorisk nyckel `inspection.visit_date` saknas"
    );
    assert!(
        sv["message"]
            .as_str()
            .unwrap()
            .starts_with("inspektionsdokumentet har")
    );
    let (_, en) = send("/v1/handlingsplan/import").await;
    assert_eq!(
        missing(&en)["message"],
        "missing required key `inspection.visit_date`"
    );
    let (status, _) = send("/v1/handlingsplan/import?lang=fi").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Issue 26: the problems of bad parameters and bodies speak the caller's language too; a bad
/// `lang` itself is answered in the default language. The shape stays: same status, `path`s.
#[tokio::test]
async fn parameter_and_body_problems_follow_the_language_asked_for() {
    let config = Config::default();
    let ask = |uri: String, body: &'static str| {
        let config = config.clone();
        async move {
            let (status, body) = post(&config, &uri, body).await;
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    // A bad parameter.
    let (status, sv) = ask(with_lang("/v1/grade?tolerance=x", "sv"), SEED).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(sv["errors"][0]["path"], "query.tolerance");
    assert_eq!(
        sv["message"],
        format!(
            "`tolerance` ska vara ett heltal från 0 till {}, men är `x`",
            i32::MAX
        )
    );
    assert!(
        sv["errors"][0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("antalet ej uppfyllda")
    );
    let (status, en) = ask(with_lang("/v1/grade?tolerance=x", "en"), SEED).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(en["errors"][0]["path"], "query.tolerance");
    assert_eq!(
        en["message"],
        format!(
            "`tolerance` must be a whole number from 0 to {}, got `x`",
            i32::MAX
        )
    );
    let (_, default) = ask("/v1/grade?tolerance=x".into(), SEED).await;
    assert_eq!(default["message"], en["message"], "English by default");
    // Unknown formats, dates and targets.
    let (_, sv) = ask("/v1/report?format=odt&lang=sv".into(), SEED).await;
    assert_eq!(sv["errors"][0]["path"], "query.format");
    assert!(
        sv["message"]
            .as_str()
            .unwrap()
            .starts_with("okänt rapportformat `odt`"),
        "{sv}"
    );
    let (_, sv) = ask("/v1/followup?as_of=igår&lang=sv".into(), SEED).await;
    assert_eq!(sv["message"], "`igår` är inget giltigt datum");
    let (_, sv) = ask("/v1/convert?to=yaml&lang=sv".into(), SEED).await;
    assert_eq!(
        sv["message"],
        "okänt målformat `yaml`: använd `json` eller `toml`"
    );
    // A bad body.
    let (status, sv) = ask("/v1/validate?lang=sv".into(), "  \n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(sv["errors"][0]["path"], "");
    assert_eq!(
        sv["message"],
        "förfrågans innehåll är tomt: skicka ett inspektionsdokument (JSON eller TOML)"
    );
    let (_, en) = ask("/v1/validate?lang=en".into(), "  \n").await;
    assert_eq!(
        en["message"],
        "the request body is empty: send an inspection document (JSON or TOML)"
    );
    // A bad `lang` is answered in the default language: the server's, else English.
    let (status, de) = ask("/v1/grade?lang=de".into(), SEED).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        de["message"],
        "unknown language `de`: use `sv` (Swedish) or `en` (English)"
    );
    let swedish = Config {
        lang: Some(Lang::Sv),
        ..Config::default()
    };
    let (_, de) = post(&swedish, "/v1/grade?lang=de", SEED).await;
    let de: Value = serde_json::from_slice(&de).unwrap();
    assert_eq!(
        de["message"],
        "okänt språk `de`: använd `sv` (svenska) eller `en` (engelska)"
    );
}

/// The Content-Type and the size limit, checked before the document is read, follow `lang`.
#[tokio::test]
async fn content_type_and_size_problems_follow_the_language_asked_for() {
    let send = |uri: &'static str, content_type: &'static str, length: Option<&'static str>| async move {
        let mut req = Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, content_type);
        if let Some(n) = length {
            req = req.header(header::CONTENT_LENGTH, n);
        }
        let r = router(&Config::default())
            .oneshot(req.body(Body::from("x")).unwrap())
            .await
            .unwrap();
        let status = r.status();
        let v: Value =
            serde_json::from_slice(&to_bytes(r.into_body(), usize::MAX).await.unwrap()).unwrap();
        (status, v)
    };
    let (status, sv) = send("/v1/validate?lang=sv", "text/plain", None).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(sv["errors"][0]["path"], "header.content-type");
    assert!(
        sv["message"]
            .as_str()
            .unwrap()
            .starts_with("Content-Type `text/plain` stöds inte"),
        "{sv}"
    );
    let (_, en) = send("/v1/validate?lang=en", "text/plain", None).await;
    assert!(
        en["message"]
            .as_str()
            .unwrap()
            .starts_with("unsupported Content-Type `text/plain`"),
        "{en}"
    );
    let (status, sv) = send(
        "/v1/validate?lang=sv",
        "application/toml",
        Some("999999999999"),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        sv["message"]
            .as_str()
            .unwrap()
            .starts_with("förfrågans innehåll är större än servern tar emot"),
        "{sv}"
    );
    let (_, en) = send("/v1/validate", "application/toml", Some("999999999999")).await;
    assert!(
        en["message"]
            .as_str()
            .unwrap()
            .starts_with("the request body is larger than the server accepts"),
        "{en}"
    );
}

/// The answer's status and its problem message for `req` on a router with `config`.
async fn said(config: &Config, req: Request<Body>) -> (StatusCode, String) {
    let response = router(config).oneshot(req).await.unwrap();
    let status = response.status();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let v: Value = serde_json::from_slice(&body).unwrap();
    (
        status,
        v["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn host_and_method_problems_follow_the_language_asked_for() {
    let config = Config::default();
    for (lang, not_served, method) in [
        (
            "sv",
            "den här servern svarar inte för värden `evil.example`",
            "den här adressen tar inte emot den metoden",
        ),
        (
            "en",
            "this server does not answer for host `evil.example`",
            "this endpoint does not take that method",
        ),
    ] {
        let req = Request::builder()
            .uri(format!("/healthz?lang={lang}"))
            .header(header::HOST, "evil.example")
            .body(Body::empty())
            .unwrap();
        let (status, message) = said(&config, req).await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{message}");
        assert!(message.starts_with(not_served), "{lang}: {message}");
        let req = Request::builder()
            .method("DELETE")
            .uri(format!("/v1/grade?lang={lang}"))
            .body(Body::empty())
            .unwrap();
        let (status, message) = said(&config, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{message}");
        assert!(message.starts_with(method), "{lang}: {message}");
    }
    // The server's --lang is the default without ?lang=.
    let swedish = Config {
        lang: Some(Lang::Sv),
        ..Config::default()
    };
    let req = Request::builder()
        .uri("/healthz")
        .header(header::HOST, "evil.example")
        .body(Body::empty())
        .unwrap();
    let (_, message) = said(&swedish, req).await;
    assert!(message.starts_with("den här servern"), "{message}");
}
