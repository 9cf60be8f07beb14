//! `docs/openapi.json` is the committed copy of `GET /openapi.json`; this test fails when the
//! code and the copy drift apart. Regenerate with `SPUR_UPDATE_OPENAPI=1 cargo test -p spur-server`.

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[test]
fn committed_openapi_matches_the_code() {
    let generated = spur_server::openapi_json();
    let path = committed_path();
    if std::env::var_os("SPUR_UPDATE_OPENAPI").is_some_and(|v| v != "0" && !v.is_empty()) {
        std::fs::write(&path, &generated).expect("write docs/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date with the code; regenerate it with\n\n    SPUR_UPDATE_OPENAPI=1 cargo test -p spur-server --test openapi\n"
    );
}

#[test]
fn openapi_lists_every_endpoint() {
    let doc: serde_json::Value = serde_json::from_str(&spur_server::openapi_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/validate",
        "/v1/grade",
        "/v1/report",
        "/v1/handlingsplan",
        "/v1/handlingsplan/import",
        "/v1/followup",
        "/v1/convert",
        "/v1/catalog",
        "/v1/schema/{name}",
        "/openapi.json",
        "/healthz",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "InspectionDocument",
        "Grading",
        "Catalog",
        "FollowUp",
        "ProblemDetails",
        "Diagnostic",
    ] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
}
