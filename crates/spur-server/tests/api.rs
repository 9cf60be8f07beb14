//! Every endpoint and error path of the API, with the router in-process
//! (`tower::ServiceExt::oneshot`): no socket, no server.

#[path = "support/oneshot.rs"]
mod oneshot;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use oneshot::{Reply, send, send_request, send_with};
use serde_json::Value;
use spur_core::{Catalog, Format, InspectionDocument};
use spur_server::Config;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const MINIMAL: &str = include_str!("../../../fixtures/minimal.toml");

async fn get(uri: &str) -> Reply {
    send("GET", uri, None, Body::empty()).await
}

async fn post_toml(uri: &str, body: &str) -> Reply {
    send("POST", uri, Some("application/toml"), body.to_string()).await
}

fn seed_json() -> String {
    InspectionDocument::from_toml_str(SEED).unwrap().to_json()
}

fn final_grade<'a>(grading: &'a Value, area: &str, regulation: &str) -> &'a Value {
    let a = grading["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == area)
        .unwrap();
    a["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["regulation"] == regulation)
        .unwrap()
}

/// A problem body: `message`, `errors`, `warnings`, each diagnostic with spur-core's fields.
fn assert_problems(reply: &Reply) -> Value {
    assert_eq!(reply.content_type(), "application/problem+json");
    let body = reply.json();
    assert!(body["message"].is_string(), "{body}");
    assert!(body["errors"].is_array(), "{body}");
    assert!(body["warnings"].is_array(), "{body}");
    body
}

// ---- grade --------------------------------------------------------------------------------

#[tokio::test]
async fn grade_seed_toml_adjusts_d_e_h_to_c_under_both_regulations() {
    let reply = post_toml("/v1/grade", SEED).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.content_type().starts_with("application/json"));
    let g = reply.json();
    assert_eq!(g["unit"], "Vårdcentralen Exempel (seed-enheten)");
    assert_eq!(g["handlingsplan_required"], true);
    for reg in ["SOSFS 2015:8", "HSLF-FS 2021:8"] {
        for area in ["D", "E", "H"] {
            let r = final_grade(&g, area, reg);
            assert_eq!(r["computed"], "D", "{area} {reg}");
            assert_eq!(r["final"], "C", "{area} {reg}");
            assert_eq!(r["adjusted"], true, "{area} {reg}");
        }
        for area in ["A", "B", "C", "F", "G"] {
            assert_ne!(final_grade(&g, area, reg)["final"], "D", "{area} {reg}");
        }
    }
    // Exactly what the library computes.
    let doc = InspectionDocument::from_toml_str(SEED).unwrap();
    let expected = spur_grading::grade(
        &doc,
        Catalog::embedded(),
        &spur_grading::Settings::default(),
    );
    assert_eq!(g, serde_json::to_value(&expected).unwrap());
}

#[tokio::test]
async fn grade_accepts_json_and_toml_alike_and_nothing_else() {
    let from_toml = post_toml("/v1/grade", SEED).await.json();
    let json = seed_json();
    let from_json = send("POST", "/v1/grade", Some("application/json"), json.clone()).await;
    assert_eq!(from_json.status, StatusCode::OK, "{}", from_json.text());
    assert_eq!(from_json.json(), from_toml);
    // Without a Content-Type, or as text/plain (what a web page can post cross-origin
    // without a preflight), a document is refused: 415.
    let no_type = send("POST", "/v1/grade", None, json).await;
    assert_eq!(no_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_problems(&no_type);
    for ct in ["text/toml", "text/plain; charset=utf-8"] {
        let r = send("POST", "/v1/grade", Some(ct), SEED.to_string()).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct}");
    }
    for ct in ["application/toml; charset=UTF-8", "Application/TOML"] {
        let r = send("POST", "/v1/grade", Some(ct), SEED.to_string()).await;
        assert_eq!(r.status, StatusCode::OK, "{ct}");
    }
}

#[tokio::test]
async fn grade_reports_warnings_in_a_header_and_takes_a_tolerance() {
    let reply = post_toml("/v1/grade", MINIMAL).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let checked = InspectionDocument::check(MINIMAL, "request", Format::Toml, Catalog::embedded());
    let warnings = checked.diagnostics.warnings().count();
    assert_eq!(
        reply.headers["x-spur-warnings"],
        warnings.to_string().as_str()
    );
    let t0 = post_toml("/v1/grade?tolerance=0", MINIMAL).await;
    assert_eq!(t0.status, StatusCode::OK);
    assert_eq!(t0.json()["settings"]["tolerance"], 0);
    for bad in ["abc", "-1", "1.5"] {
        let r = post_toml(&format!("/v1/grade?tolerance={bad}"), MINIMAL).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(assert_problems(&r)["errors"][0]["path"], "query.tolerance");
    }
}

// ---- 400 / 413 / 422 ----------------------------------------------------------------------

#[tokio::test]
async fn unparseable_toml_is_400_with_a_located_syntax_error() {
    let reply = post_toml(
        "/v1/grade",
        "[inspection]\nunit = \"x\nvisit_date = 2026-01-01\n",
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = assert_problems(&reply);
    let e = &body["errors"][0];
    assert_eq!(e["code"], "syntax");
    assert_eq!(e["severity"], "error");
    assert_eq!(e["location"]["file"], "request");
    assert!(e["location"]["line"].as_u64().unwrap() >= 2, "{e}");
}

#[tokio::test]
async fn unparseable_json_is_400() {
    let reply = send(
        "POST",
        "/v1/validate",
        Some("application/json"),
        "{\"inspection\": ",
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let body = assert_problems(&reply);
    assert_eq!(body["errors"][0]["code"], "syntax");
    assert_eq!(body["errors"][0]["location"]["file"], "request");
    // TOML sent as JSON is unreadable too.
    let reply = send(
        "POST",
        "/v1/grade",
        Some("application/json"),
        SEED.to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn wrong_content_type_is_415_and_empty_and_non_utf8_bodies_are_400() {
    let reply = send(
        "POST",
        "/v1/grade",
        Some("application/xml"),
        SEED.to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        assert_problems(&reply)["errors"][0]["path"],
        "header.content-type"
    );
    let reply = send(
        "POST",
        "/v1/grade",
        Some("multipart/form-data; boundary=x"),
        "--x--",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let reply = send("POST", "/v1/grade", Some("application/toml"), Body::empty()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        assert_problems(&reply)["message"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
    let reply = send(
        "POST",
        "/v1/grade",
        Some("application/json"),
        vec![0xff_u8, 0xfe, 0x00, 0x41],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        assert_problems(&reply)["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
}

#[tokio::test]
async fn invalid_document_is_422_with_the_problems_the_cli_prints() {
    let src = SEED.replacen("\"D.F6\"", "\"D.F66\"", 1);
    assert_ne!(src, SEED);
    let reply = post_toml("/v1/grade", &src).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = assert_problems(&reply);
    let errors = body["errors"].as_array().unwrap();
    let unknown = errors
        .iter()
        .find(|e| e["code"] == "unknown-criterion")
        .expect("unknown-criterion");
    assert_eq!(unknown["location"]["file"], "request");
    assert!(unknown["location"]["line"].as_u64().unwrap() > 0);
    assert!(
        unknown["hint"].as_str().unwrap().contains("D.F6"),
        "{unknown}"
    );
    // The same diagnostics spur-core produces (and `spur validate --format json` prints).
    let checked = InspectionDocument::check(&src, "request", Format::Toml, Catalog::embedded());
    let expected_errors: Vec<_> = checked.diagnostics.errors().cloned().collect();
    let expected_warnings: Vec<_> = checked.diagnostics.warnings().cloned().collect();
    assert_eq!(
        body["errors"],
        serde_json::to_value(&expected_errors).unwrap()
    );
    assert_eq!(
        body["warnings"],
        serde_json::to_value(&expected_warnings).unwrap()
    );
    // Every document endpoint answers the same way.
    for uri in [
        "/v1/validate",
        "/v1/report",
        "/v1/handlingsplan",
        "/v1/followup?as_of=2026-01-01",
        "/v1/convert?to=json",
    ] {
        let r = post_toml(uri, &src).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(assert_problems(&r)["errors"], body["errors"], "{uri}");
    }
}

#[tokio::test]
async fn a_document_missing_required_fields_is_422() {
    let reply = post_toml("/v1/grade", "[findings]\n\"D.F6\" = \"not_met\"\n").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let body = assert_problems(&reply);
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "missing-field"),
        "{body}"
    );
    let reply = send(
        "POST",
        "/v1/grade",
        Some("application/json"),
        "{\"findings\": 3}",
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let big = format!("# {}\n{SEED}", "x".repeat(3 * 1024 * 1024));
    let reply = post_toml("/v1/grade", &big).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_problems(&reply);
    let small = Config {
        max_body: 1000,
        ..Config::default()
    };
    let reply = send_with(
        &small,
        "POST",
        "/v1/validate",
        Some("application/toml"),
        SEED.to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_problems(&reply);
    let reply = send_with(
        &small,
        "POST",
        "/v1/validate",
        Some("application/toml"),
        MINIMAL.to_string(),
    )
    .await;
    assert!(MINIMAL.len() < 1000);
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn hostile_input_never_gives_a_500() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_toml = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_inline = format!("a = {}1{}\n", "{b = ".repeat(50_000), "}".repeat(50_000));
    let bodies: Vec<(Option<&str>, Vec<u8>)> = vec![
        (Some("application/json"), deep_json.into_bytes()),
        (Some("application/toml"), deep_toml.into_bytes()),
        (Some("application/toml"), deep_inline.into_bytes()),
        (Some("application/json"), b"\xef\xbb\xbf{}".to_vec()),
        (Some("application/json"), b"[[[".to_vec()),
        (Some("application/json"), b"null".to_vec()),
        (Some("application/json"), b"[]".to_vec()),
        (Some("application/json"), b"\"text\"".to_vec()),
        (Some("application/toml"), b"inspection = 5\nfindings = []".to_vec()),
        (Some("application/toml"), b"[inspection]\nunit = \"x\"\nvisit_date = 2026-02-30\nregulations = [\"SOSFS 2016:8\"]".to_vec()),
        (Some("application/json"), br#"{"inspection":{"unit":"x","visit_date":"2026-01-01","regulations":["2015"]},"findings":{"Z.Q9":"met","D.F6":{"status":{"1999":"x"}}}}"#.to_vec()),
        (Some("application/toml"), (0..=255u8).collect()),
    ];
    for uri in [
        "/v1/validate",
        "/v1/grade",
        "/v1/report?format=docx",
        "/v1/handlingsplan?format=csv",
        "/v1/followup",
        "/v1/convert?to=toml",
    ] {
        for (ct, body) in &bodies {
            let r = send("POST", uri, *ct, body.clone()).await;
            assert!(
                r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY,
                "{uri} {ct:?} {}: {}",
                r.status,
                r.text().chars().take(300).collect::<String>()
            );
            assert_problems(&r);
        }
    }
}

// ---- validate -----------------------------------------------------------------------------

#[tokio::test]
async fn validate_lists_warnings_with_locations() {
    let reply = post_toml("/v1/validate", MINIMAL).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["valid"], true);
    assert_eq!(body["errors"].as_array().unwrap().len(), 0);
    let warnings = body["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty());
    assert!(
        warnings
            .iter()
            .all(|w| w["severity"] == "warning" && w["location"]["file"] == "request")
    );
    assert_eq!(
        reply.headers["x-spur-warnings"],
        warnings.len().to_string().as_str()
    );
    let seed = post_toml("/v1/validate", SEED).await;
    assert_eq!(seed.status, StatusCode::OK);
    assert_eq!(seed.json()["valid"], true);
}

// ---- report and handlingsplan -------------------------------------------------------------

#[tokio::test]
async fn report_in_every_format_and_language() {
    for (format, ct) in [
        ("html", "text/html"),
        ("md", "text/markdown"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("json", "application/json"),
        ("pdf", "application/pdf"),
    ] {
        let mut bodies = Vec::new();
        for lang in ["sv", "en"] {
            let reply = post_toml(&format!("/v1/report?format={format}&lang={lang}"), SEED).await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "{format} {lang}: {}",
                reply.text()
            );
            assert!(
                reply.content_type().starts_with(ct),
                "{format}: {}",
                reply.content_type()
            );
            let disposition = reply.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
            assert!(
                disposition.starts_with("attachment;")
                    && disposition.contains(&format!(".{format}\""))
            );
            bodies.push(reply.body);
        }
        match format {
            "docx" => assert!(bodies[0].starts_with(b"PK")),
            "pdf" => {
                assert!(bodies[0].starts_with(b"%PDF-"));
                assert_ne!(bodies[0], bodies[1], "English differs from Swedish");
            }
            "json" => {
                let v: Value = serde_json::from_slice(&bodies[0]).unwrap();
                assert_eq!(v["grading"]["unit"], "Vårdcentralen Exempel (seed-enheten)");
            }
            "html" => {
                let html = String::from_utf8(bodies[0].clone()).unwrap();
                assert!(html.contains("Tjänstgöringens upplägg"));
                assert_ne!(bodies[0], bodies[1], "English differs from Swedish");
            }
            _ => {
                let md = String::from_utf8(bodies[0].clone()).unwrap();
                assert!(md.contains("### D. Tjänstgöringens upplägg"), "{md}");
                assert_ne!(bodies[0], bodies[1], "English differs from Swedish");
            }
        }
    }
    // Defaults: HTML in Swedish.
    let reply = post_toml("/v1/report", SEED).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("text/html"));
}

#[tokio::test]
async fn handlingsplan_in_every_format() {
    for (format, ct) in [
        ("md", "text/markdown"),
        ("html", "text/html"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("pdf", "application/pdf"),
        ("csv", "text/csv"),
        ("toml", "application/toml"),
    ] {
        let reply = post_toml(&format!("/v1/handlingsplan?format={format}&lang=en"), SEED).await;
        assert_eq!(reply.status, StatusCode::OK, "{format}: {}", reply.text());
        assert!(
            reply.content_type().starts_with(ct),
            "{format}: {}",
            reply.content_type()
        );
        if format == "toml" {
            assert!(reply.text().contains("criterion = \"D.F6\""));
        }
    }
    let reply = post_toml("/v1/handlingsplan", SEED).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("text/markdown"));
}

#[tokio::test]
async fn unknown_format_or_lang_is_400_with_a_message() {
    for (uri, path) in [
        ("/v1/report?format=odt", "query.format"),
        ("/v1/report?format=html&lang=de", "query.lang"),
        ("/v1/handlingsplan?format=ods", "query.format"),
        ("/v1/handlingsplan?lang=fi", "query.lang"),
        ("/v1/convert?to=yaml", "query.to"),
        ("/v1/convert", "query.to"),
        ("/v1/followup?as_of=2026-02-30", "query.as_of"),
        ("/v1/followup?as_of=tomorrow", "query.as_of"),
    ] {
        let reply = post_toml(uri, SEED).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        let body = assert_problems(&reply);
        assert_eq!(body["errors"][0]["path"], path, "{uri}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    let reply = post_toml("/v1/report?format=odt", SEED).await;
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("md, html, docx, pdf, json")
    );
}

// ---- followup -----------------------------------------------------------------------------

#[tokio::test]
async fn followup_as_of_a_date() {
    let reply = post_toml("/v1/followup?as_of=2026-11-23", SEED).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let f = reply.json();
    assert_eq!(f["as_of"], "2026-11-23");
    let doc = InspectionDocument::from_toml_str(SEED).unwrap();
    let expected = spur_followup::follow_up(&doc, spur_core::parse_date("2026-11-23").unwrap());
    assert_eq!(f, serde_json::to_value(&expected).unwrap());
    let d_f6 = f["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["criterion"] == "D.F6")
        .unwrap();
    assert_eq!(d_f6["state"], "follow_up_overdue");
    // Without a date: today.
    let reply = post_toml("/v1/followup", SEED).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["as_of"].as_str().unwrap().len(), 10);
}

// ---- convert ------------------------------------------------------------------------------

#[tokio::test]
async fn convert_round_trips_between_toml_and_json() {
    let reply = post_toml("/v1/convert?to=json", SEED).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let json = reply.text();
    assert_eq!(json, seed_json());
    let reply = send(
        "POST",
        "/v1/convert?to=toml",
        Some("application/json"),
        json.clone(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.content_type().starts_with("application/toml"));
    let toml = reply.text();
    let back = post_toml("/v1/convert?to=json", &toml).await;
    assert_eq!(back.status, StatusCode::OK, "{}\n{toml}", back.text());
    assert_eq!(
        back.text(),
        json,
        "TOML export reads back to the same document"
    );
    let grades = post_toml("/v1/grade", &toml).await;
    assert_eq!(grades.json(), post_toml("/v1/grade", SEED).await.json());
}

// ---- GET endpoints ------------------------------------------------------------------------

#[tokio::test]
async fn catalog_schema_openapi_and_health() {
    let reply = get("/v1/catalog").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("application/json"));
    assert_eq!(
        reply.json(),
        serde_json::to_value(Catalog::embedded()).unwrap()
    );

    let reply = get("/v1/schema/inspection").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), spur_core::schema::inspection());
    let reply = get("/v1/schema/catalog").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), spur_core::schema::catalog());
    for name in ["grading", "followup"] {
        assert_eq!(
            get(&format!("/v1/schema/{name}")).await.status,
            StatusCode::OK
        );
    }
    let reply = get("/v1/schema/nope").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(assert_problems(&reply)["errors"][0]["path"], "path.name");

    let reply = get("/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.text(), spur_server::openapi_json());

    let reply = get("/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
    assert_eq!(reply.json()["catalog"], spur_core::EMBEDDED_VERSION);
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let reply = get("/v2/grade").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_problems(&reply);
    let reply = get("/v1/grade").await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_problems(&reply);
    assert!(reply.headers.contains_key(header::ALLOW));
    let reply = post_toml("/v1/catalog", SEED).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_problems(&reply);
    // axum's own rejections are problem JSON too.
    let reply = send(
        "POST",
        "/v1/grade?tolerance=1&tolerance=2&x=%zz",
        Some("application/toml"),
        SEED.to_string(),
    )
    .await;
    assert!(reply.status.is_client_error());
    assert_problems(&reply);
}

// ---- the browser form ---------------------------------------------------------------------

#[tokio::test]
async fn form_page_is_self_contained_under_a_strict_csp() {
    let reply = get("/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.content_type().starts_with("text/html"));
    let csp = reply.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let html = reply.text();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("src=\"/assets/app.js\""));
    assert!(!html.contains("<script>"), "no inline script");
    assert!(!html.contains(" style="), "no inline style");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    let js = get("/assets/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type().starts_with("text/javascript"));
    assert!(
        !js.text().contains("innerHTML"),
        "DOM text goes through textContent"
    );
    assert!(!js.text().contains("http://") && !js.text().contains("https://"));
    let css = get("/assets/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type().starts_with("text/css"));
}

// ---- hardening ----------------------------------------------------------------------------

async fn send_host(host: &str) -> Reply {
    let req = Request::builder()
        .method("GET")
        .uri("/healthz")
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap();
    send_request(&Config::default(), req).await
}

#[tokio::test]
async fn a_host_that_is_not_this_server_is_421() {
    for ok in [
        "127.0.0.1:8080",
        "localhost:8080",
        "[::1]:8080",
        "localhost",
    ] {
        assert_eq!(send_host(ok).await.status, StatusCode::OK, "{ok}");
    }
    for rebound in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
    ] {
        let reply = send_host(rebound).await;
        assert_eq!(
            reply.status,
            StatusCode::MISDIRECTED_REQUEST,
            "{rebound}: {}",
            reply.text()
        );
        assert!(
            assert_problems(&reply)["message"]
                .as_str()
                .unwrap()
                .contains("--allowed-host")
        );
    }
    let allowed = Config {
        allowed_hosts: vec!["spur.region.example".into()],
        ..Config::default()
    };
    let req = Request::builder()
        .uri("/healthz")
        .header(header::HOST, "spur.region.example:443")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send_request(&allowed, req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_rendering_over_the_memory_budget_is_refused_before_it_starts() {
    // ~420 000 one-character strengths in 1.7 MB: as DOCX this took 2 GB.
    let mut doc = InspectionDocument::from_toml_str(MINIMAL).unwrap();
    doc.report.strengths = vec!["x".to_string(); 420_000];
    let json = serde_json::to_string(&doc).unwrap();
    assert!(json.len() < 2 * 1024 * 1024);
    let reply = send(
        "POST",
        "/v1/report?format=docx",
        Some("application/json"),
        json,
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    let message = assert_problems(&reply)["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("--memory-factor"), "{message}");
    assert!(message.contains("MB"), "{message}");
    assert!(
        message.starts_with("rendering this document as docx"),
        "{message}"
    );
    // The same refusal in Swedish with ?lang=sv.
    let reply = send(
        "POST",
        "/v1/report?format=docx&lang=sv",
        Some("application/json"),
        serde_json::to_string(&doc).unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    let message = assert_problems(&reply)["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with("att återge dokumentet som docx skulle ta omkring"),
        "{message}"
    );
    assert!(message.contains("--memory-factor"), "{message}");
}

#[tokio::test]
async fn a_document_with_100_000_unknown_ids_gets_a_small_answer() {
    let mut body = String::from(&MINIMAL[..MINIMAL.find("[findings]").unwrap()]);
    body.push_str("[findings]\n");
    let mut n = 0;
    while body.len() < 1_900_000 {
        body.push_str(&format!("\"Q.Z{n}\" = \"met\"\n"));
        n += 1;
    }
    let reply = post_toml("/v1/validate", &body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let problems = assert_problems(&reply);
    assert_eq!(
        problems["errors"].as_array().unwrap().len(),
        spur_server::MAX_LISTED
    );
    assert!(problems["message"].as_str().unwrap().contains("more"));
    assert!(
        reply.body.len() < body.len() / 4,
        "answer {} bytes for a {} byte request",
        reply.body.len(),
        body.len()
    );
}
