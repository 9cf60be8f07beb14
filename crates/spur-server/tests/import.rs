//! `POST /v1/handlingsplan/import`: template from the API → filled programmatically → import →
//! the grade adjusts D→C; problems are located in the unit's file; inspection errors are 422.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use serde_json::{Value, json};
use spur_server::{Config, router};
use tower::ServiceExt;

const INSPECTION: &str = r#"# Kommentar som ska finnas kvar.
[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
inspectors = ["Anna Andersson"]
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas för en ST-läkare." }
"E.F1" = "partially_met"
"E.F7" = "met"
"#;

async fn send(uri: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    let r = router(&Config::default()).oneshot(req).await.unwrap();
    let status = r.status();
    (
        status,
        to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec(),
    )
}

async fn import(body: Value) -> (StatusCode, Value) {
    let (s, b) = send(
        "/v1/handlingsplan/import",
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    let v = serde_json::from_slice(&b)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&b)));
    (s, v)
}

async fn template(format: &str) -> Vec<u8> {
    let (s, b) = send(
        &format!("/v1/handlingsplan?format={format}"),
        "application/toml",
        INSPECTION.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    b
}

/// The CSV template with the five fields of every row filled.
fn fill_csv(bytes: &[u8], due: &str) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let values = [
        "IUP upprättas för alla ST-läkare",
        due,
        "Studierektor, Verksamhetschef",
        "2026-09-01",
        "Verksamhetschef",
    ];
    let mut out = String::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut cells: Vec<String> = line.split(';').map(str::to_string).collect();
        if i > 0 {
            for (k, v) in values.iter().enumerate() {
                cells[5 + k] = (*v).to_string();
            }
        }
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out
}

fn assert_d_and_e_adjusted(v: &Value) {
    let changes = v["changes"].as_array().unwrap();
    for area in ["D", "E"] {
        let c = changes
            .iter()
            .find(|c| c["area"] == area)
            .unwrap_or_else(|| panic!("no change in {area}: {v}"));
        assert_eq!(c["before"], "D");
        assert_eq!(c["after"], "D→C");
        assert_eq!(c["regulation"], "HSLF-FS 2021:8");
    }
    let plan = &v["document"]["handlingsplan"];
    assert_eq!(plan["received"], "2026-03-01");
    assert_eq!(plan["entries"].as_array().unwrap().len(), 2);
    let d = v["grading"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == "D")
        .unwrap();
    assert_eq!(d["results"][0]["final"], "C");
    assert_eq!(d["results"][0]["adjusted"], true);
}

#[tokio::test]
async fn csv_template_filled_and_imported_regrades_d_to_c() {
    let filled = fill_csv(&template("csv").await, "2026-04-01");
    let (s, v) = import(json!({
        "inspection": INSPECTION,
        "filled": filled,
        "received": "2026-03-01",
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_d_and_e_adjusted(&v);
    assert_eq!(v["output_format"], "toml");
    let out = v["output"].as_str().unwrap();
    assert!(out.starts_with("# Kommentar som ska finnas kvar."), "{out}");
    assert!(out.contains("received = 2026-03-01"));
    assert_eq!(v["merged"], json!(["D.F6", "E.F1"]));
    assert!(v["conflicts"].as_array().unwrap().is_empty());
    assert!(v["summary"].as_str().unwrap().contains("D→C"));
}

#[tokio::test]
async fn docx_template_as_base64_is_read() {
    // The DOCX template unfilled: the answers are empty, so nothing is adjusted, but it reads.
    let docx = template("docx").await;
    let (s, v) = import(json!({
        "inspection": INSPECTION,
        "filled_base64": base64::engine::general_purpose::STANDARD.encode(&docx),
        "filled_format": "docx",
        "received": "2026-03-01",
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["merged"].as_array().unwrap().is_empty(), "{v}");
    assert!(v["changes"].as_array().unwrap().is_empty(), "{v}");
}

#[tokio::test]
async fn the_inspection_as_json_value_and_a_filled_json_plan() {
    let inspection: Value = serde_json::from_str(
        &spur_core::InspectionDocument::from_toml_str(INSPECTION)
            .unwrap()
            .to_json(),
    )
    .unwrap();
    let entry = |c: &str| {
        json!({"criterion": c, "action": "Åtgärd", "due": "2026-04-01",
               "responsible": ["Studierektor", "Verksamhetschef"], "follow_up": "2026-09-01",
               "follow_up_responsible": ["Verksamhetschef"]})
    };
    let (s, v) = import(json!({
        "inspection": inspection,
        "filled": {"handlingsplan": {"entries": [entry("D.F6"), entry("E.F1")]}},
        "received": "2026-03-01",
    }))
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_d_and_e_adjusted(&v);
    assert_eq!(v["output_format"], "json");
}

#[tokio::test]
async fn a_bad_date_in_the_unit_file_is_located_by_row_and_column() {
    let filled = fill_csv(&template("csv").await, "2026-13-01");
    let (s, v) = import(json!({"inspection": INSPECTION, "filled": filled})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let e = &v["errors"][0];
    assert_eq!(
        e["path"],
        "row 2, column G (Datum när åtgärden ska vara genomförd)"
    );
    assert_eq!(e["code"], "bad-date");
    assert!(e["message"].as_str().unwrap().contains("2026-13-01"));
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("nothing was merged")
    );
}

#[tokio::test]
async fn conflicts_are_kept_unless_forced() {
    let first = fill_csv(&template("csv").await, "2026-04-01");
    let (_, v) =
        import(json!({"inspection": INSPECTION, "filled": first, "received": "2026-03-01"})).await;
    let merged = v["output"].as_str().unwrap().to_string();
    let second = fill_csv(&template("csv").await, "2026-05-01");
    let (s, v) = import(json!({"inspection": merged, "filled": second})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let c = &v["conflicts"][0];
    assert_eq!(c["field"], "due");
    assert_eq!(c["taken"], false);
    assert_eq!(
        v["document"]["handlingsplan"]["entries"][0]["due"],
        "2026-04-01"
    );
    let (_, v) = import(json!({"inspection": merged, "filled": second, "force": true})).await;
    assert_eq!(v["conflicts"][0]["taken"], true);
    assert_eq!(
        v["document"]["handlingsplan"]["entries"][0]["due"],
        "2026-05-01"
    );
}

#[tokio::test]
async fn bad_requests() {
    // An inspection with errors: 422, located in the inspection.
    let (s, v) = import(json!({"inspection": "[inspection]\nunit = \"x\"\n", "filled": "x"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!v["errors"].as_array().unwrap().is_empty());
    // Neither or both of filled / filled_base64.
    let (s, v) = import(json!({"inspection": INSPECTION})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["errors"][0]["path"], "body.filled");
    let (s, _) = import(json!({"inspection": INSPECTION, "filled_base64": "***"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) =
        import(json!({"inspection": INSPECTION, "filled": "", "received": "2026-02-30"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["errors"][0]["path"], "body.received");
    let (s, _) =
        import(json!({"inspection": INSPECTION, "filled": "", "filled_format": "pdf"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = import(json!({"inspection": INSPECTION, "filled": "", "unknown": 1})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // Not JSON.
    let (s, _) = send(
        "/v1/handlingsplan/import",
        "application/toml",
        INSPECTION.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
