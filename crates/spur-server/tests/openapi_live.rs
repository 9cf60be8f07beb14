//! `docs/openapi.json` says what the handlers really do: every format in a `format` enum is
//! served with a media type the 200 answer declares (and every declared one is served), and
//! `x-spur-warnings` is on exactly the answers that declare it. (schemathesis checks the same
//! against a live server in `.ci/run`; this keeps `cargo test` honest without Python.)

use std::collections::BTreeSet;

#[path = "support/oneshot.rs"]
mod oneshot;

use serde_json::Value;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

struct Reply {
    status: u16,
    content_type: String,
    warnings: Option<String>,
}

async fn post(uri: &str, content_type: &str, body: String) -> Reply {
    let r = oneshot::post(uri, content_type, body).await;
    Reply {
        status: r.code(),
        content_type: r.media_type().to_string(),
        warnings: r
            .headers
            .get("x-spur-warnings")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    }
}

fn doc() -> Value {
    serde_json::from_str(&spur_server::openapi_json()).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_declared_format_is_served_with_a_declared_media_type() {
    let doc = doc();
    for path in ["/v1/report", "/v1/handlingsplan"] {
        let op = &doc["paths"][path]["post"];
        let format = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "format")
            .unwrap();
        let declared: BTreeSet<String> = op["responses"]["200"]["content"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut served = BTreeSet::new();
        for f in strings(&format["schema"]["enum"]) {
            let r = post(
                &format!("{path}?format={f}"),
                "application/toml",
                SEED.to_string(),
            )
            .await;
            assert_eq!(r.status, 200, "{path}?format={f}");
            assert!(
                declared.contains(&r.content_type),
                "{path}?format={f} answers {} (declared: {declared:?})",
                r.content_type
            );
            served.insert(r.content_type);
        }
        assert_eq!(
            served, declared,
            "{path}: declared media types nobody serves"
        );
    }
}

#[tokio::test]
async fn x_spur_warnings_is_on_exactly_the_answers_that_declare_it() {
    let doc = doc();
    let seed_json = spur_core::InspectionDocument::from_toml_str(SEED)
        .unwrap()
        .to_json();
    let calls = [
        ("/v1/validate", "/v1/validate"),
        ("/v1/grade", "/v1/grade"),
        ("/v1/report", "/v1/report"),
        ("/v1/handlingsplan", "/v1/handlingsplan"),
        ("/v1/followup", "/v1/followup?as_of=2026-03-15"),
        ("/v1/convert", "/v1/convert?to=toml"),
    ];
    for (path, uri) in calls {
        let declared = doc["paths"][path]["post"]["responses"]["200"]["headers"]
            .get("x-spur-warnings")
            .is_some();
        let r = post(uri, "application/json", seed_json.clone()).await;
        assert_eq!(r.status, 200, "{uri}");
        assert_eq!(r.warnings.is_some(), declared, "{uri}");
        if let Some(n) = r.warnings {
            assert!(n.parse::<u32>().is_ok(), "{uri}: x-spur-warnings = {n}");
        }
    }
    let import = &doc["paths"]["/v1/handlingsplan/import"]["post"]["responses"]["200"];
    assert!(import["headers"].get("x-spur-warnings").is_none());
}

#[tokio::test]
async fn every_error_answer_is_declared_as_problem_details() {
    let doc = doc();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/ProblemDetails",
                        "{method} {path} {status}"
                    );
                }
            }
            for status in ["405", "421", "503"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} does not declare {status}"
                );
            }
        }
    }
    // A document with errors: 422 as problem JSON, as declared.
    let r = post(
        "/v1/grade",
        "application/toml",
        SEED.replace("visit_date = 2025-11-12", "visit_date = \"2025-02-30\""),
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.content_type, "application/problem+json");
}

/// Found by schemathesis: a report marked final whose document is not finished was a 500.
#[tokio::test]
async fn a_final_report_of_an_unfinished_document_is_422_not_500() {
    let body = r#"{"inspection": {"unit": "U", "visit_date": "2026-01-10", "regulations": ["SOSFS 2015:8"]},
                   "report": {"status": "final"}}"#;
    for uri in ["/v1/report?format=html", "/v1/report?format=pdf"] {
        let r = post(uri, "application/json", body.to_string()).await;
        assert_eq!(r.status, 422, "{uri}");
        assert_eq!(r.content_type, "application/problem+json", "{uri}");
    }
}
