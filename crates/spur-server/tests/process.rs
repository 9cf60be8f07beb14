//! The SPUR process through the API (issue 31's walk): one inspection from order to `closed`,
//! a different signed-in person at each step — the unit orders, the coordinator plans (after a
//! refused attempt), the inspectors prepare, visit and write, the unit uploads a document,
//! comments during the factual check and gets an answer, the report becomes final and a plan
//! is required, the unit answers it, an inspector accepts it (D → C) and closes — with who may
//! not do what checked on the way. On SQLite, and on PostgreSQL when `SPUR_TEST_POSTGRES_URL`
//! is set.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};
use spur_server::Config;
use spur_store::Store;

#[path = "support/oneshot.rs"]
mod oneshot;
use oneshot::{Reply, StoreApi as Api};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";
const REGION: &str = "Västra Götalandsregionen";

/// The seed as the inspectors write it: no handlingsplan yet (the unit sends it later).
fn draft() -> String {
    let cut = SEED.find("[handlingsplan]").expect("the seed has a plan");
    SEED[..cut].to_string()
}

/// The unit's answer: the seed's plan, every entry carried out.
fn plan_answer() -> String {
    let cut = SEED.find("[handlingsplan]").expect("the seed has a plan");
    SEED[cut..].replace("\ncriterion = ", "\nstatus = \"done\"\ncriterion = ")
}

impl Api {
    async fn json(&self, who: &str, method: &str, uri: &str, body: Value) -> Reply {
        self.send(
            Some(who),
            method,
            uri,
            &[("content-type", "application/json")],
            body.to_string(),
        )
        .await
    }

    async fn to(&self, who: &str, id: i64, state: &str) -> Reply {
        self.json(
            who,
            "POST",
            &format!("/v1/inspections/{id}/transitions"),
            json!({"to": state}),
        )
        .await
    }
}

async fn walk(store: Store) {
    let api = Api {
        store,
        config: Config::default(),
    };
    let coordinator = api
        .token(
            "Koordinator SFAM",
            "coordinator",
            Some(("specialty", "Allmänmedicin")),
        )
        .await;
    let unit = api
        .token("Studierektor", "unit", Some(("unit", UNIT)))
        .await;
    let other_unit = api
        .token("Annan enhet", "unit", Some(("unit", "Vårdcentralen Norr")))
        .await;
    let region = api.token("VGR", "region", Some(("region", REGION))).await;
    // Inspectors reach only the inspections they are appointed to, by their name.
    let anna = api.token("Inspektör A", "inspector", None).await;
    let bo = api.token("Inspektör B", "inspector", None).await;

    // No credential: 401 with a challenge.
    let r = api.send(None, "GET", "/v1/inspections", &[], "").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text());
    assert!(r.headers.get(header::WWW_AUTHENTICATE).is_some());

    // The unit orders.
    let r = api
        .json(
            &unit,
            "POST",
            "/v1/orders",
            json!({"unit": UNIT, "region": REGION, "specialty": "Allmänmedicin", "wished_period": "HT 2025"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["state"], "ordered");
    assert_eq!(r.json()["head_version"], 0);

    // Another unit does not see it; the unit may not plan it; the coordinator needs two
    // inspectors (409 with the reason).
    let r = api
        .send(
            Some(&other_unit),
            "GET",
            &format!("/v1/inspections/{id}"),
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api.to(&unit, id, "planned").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = api
        .json(
            &coordinator,
            "POST",
            &format!("/v1/inspections/{id}/transitions"),
            json!({"to": "planned", "inspectors": ["Inspektör A"], "visit_date": "2025-11-12"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(r.json()["reasons"][0]["code"], "needs-inspectors");

    // Planned: two inspectors, a visit date, the document skeleton.
    let r = api
        .json(
            &coordinator,
            "POST",
            &format!("/v1/inspections/{id}/transitions"),
            json!({"to": "planned", "inspectors": ["Inspektör A", "Inspektör B"], "visit_date": "2025-11-12"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "planned");
    assert_eq!(r.json()["head_version"], 1);

    for (who, to) in [(&anna, "preparing")] {
        let r = api.to(who, id, to).await;
        assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.text());
    }

    // The unit uploads a document; an inspector downloads it, never inline.
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let r = api
        .send(
            Some(&unit),
            "POST",
            &format!("/v1/inspections/{id}/attachments?name=introduktionsprogram.pdf"),
            &[("content-type", "application/octet-stream")],
            pdf.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let attachment = r.json()["id"].as_i64().unwrap();
    let r = api
        .send(
            Some(&unit),
            "POST",
            &format!("/v1/inspections/{id}/attachments?name=x.html"),
            &[("content-type", "application/octet-stream")],
            "<html><script>alert(1)</script></html>",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    let r = api
        .send(
            Some(&bo),
            "GET",
            &format!("/v1/inspections/{id}/attachments/{attachment}"),
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf);
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert!(
        r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );

    let r = api.to(&anna, id, "visited").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // The inspectors write the report (If-Match from the head).
    let head = api
        .send(
            Some(&anna),
            "GET",
            &format!("/v1/inspections/{id}/document"),
            &[],
            "",
        )
        .await;
    assert_eq!(head.status, StatusCode::OK, "{}", head.text());
    let etag = head.headers[header::ETAG].to_str().unwrap().to_string();
    let r = api
        .send(
            Some(&anna),
            "PUT",
            &format!("/v1/inspections/{id}/document"),
            &[("content-type", "application/toml"), ("if-match", &etag)],
            draft(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // The unit never edits findings.
    let r = api
        .send(
            Some(&unit),
            "PUT",
            &format!("/v1/inspections/{id}/document"),
            &[("content-type", "application/toml"), ("if-match", "*")],
            draft(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());

    // Preliminary: the factual check.
    let r = api.to(&anna, id, "preliminary").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["deadlines"]["factual_check"].is_string());
    let r = api
        .json(
            &unit,
            "POST",
            &format!("/v1/inspections/{id}/comments"),
            json!({"area": "H", "text": "Vi har infört feedbackmallar sedan besöket."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let comment = r.json()["id"].as_i64().unwrap();
    // Not final while the check is open and a comment unanswered.
    let r = api.to(&bo, id, "final").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let codes: Vec<String> = r.json()["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap().to_string())
        .collect();
    assert!(codes.iter().any(|c| c == "open-comments"), "{codes:?}");
    let r = api
        .json(
            &bo,
            "POST",
            &format!("/v1/inspections/{id}/comments/{comment}/answer"),
            json!({"answer": "Noterat; bedömningen står kvar till uppföljningen."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = api
        .send(
            Some(&unit),
            "POST",
            &format!("/v1/inspections/{id}/factual-check"),
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let r = api
        .send(
            Some(&unit),
            "GET",
            &format!("/v1/inspections/{id}/comments"),
            &[],
            "",
        )
        .await;
    assert_eq!(r.json()["comments"][0]["resolved"], true);

    // Final: an area is D, so a handlingsplan is required at once.
    let r = api.to(&bo, id, "final").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "plan_required", "{}", r.text());
    assert!(r.json()["deadlines"]["handlingsplan"].is_string());
    // Findings are frozen for the inspectors now.
    let r = api
        .send(
            Some(&anna),
            "PUT",
            &format!("/v1/inspections/{id}/document"),
            &[("content-type", "application/toml"), ("if-match", "*")],
            draft(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // The region reads the final report now.
    let r = api
        .send(
            Some(&region),
            "GET",
            &format!("/v1/inspections/{id}/report?format=md"),
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // The unit answers the plan; not complete until then.
    let r = api.to(&anna, id, "plan_received").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = api
        .send(
            Some(&unit),
            "PUT",
            &format!("/v1/inspections/{id}/handlingsplan"),
            &[("content-type", "application/octet-stream")],
            plan_answer(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["complete"], true, "{}", r.text());
    let r = api.to(&anna, id, "plan_received").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let grade = api
        .send(
            Some(&region),
            "GET",
            &format!("/v1/inspections/{id}/report?format=json"),
            &[],
            "",
        )
        .await;
    assert!(grade.text().contains("\"C\""), "D → C after the plan");
    let r = api.to(&anna, id, "closed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "closed");

    // Every step is in the history and the audit chain holds.
    let states: Vec<String> = r.json()["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        states,
        [
            "ordered",
            "planned",
            "preparing",
            "visited",
            "preliminary",
            "final",
            "plan_required",
            "plan_received",
            "closed"
        ]
    );
    assert!(api.store.verify_audit().await.unwrap().is_ok());

    // What is due: the re-inspection, for the region.
    let r = api
        .send(Some(&region), "GET", "/v1/deadlines", &[], "")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("reinspection"), "{}", r.text());
    // The notifications asked each party to act.
    let kinds: Vec<String> = api
        .store
        .notifications(0)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    for k in [
        "inspection.ordered",
        "inspection.preliminary",
        "inspection.plan_required",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
}

#[tokio::test]
async fn order_to_closed_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("p.db").display()))
        .await
        .unwrap();
    walk(store).await;
}

#[tokio::test]
async fn order_to_closed_on_postgres() {
    use sqlx::Connection;
    let url = match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true")
                    || std::env::var("SPUR_TEST_POSTGRES").as_deref() == Ok("unavailable"),
                "SPUR_TEST_POSTGRES_URL is not set under CI=true"
            );
            eprintln!(
                "\n*** SKIP: the process walk on PostgreSQL: SPUR_TEST_POSTGRES_URL is not set ***\n"
            );
            return;
        }
    };
    let name = format!("spur_process_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let root = base.rsplit_once('/').map_or(base, |(r, _)| r);
    let db = if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    };
    walk(Store::open(&db).await.unwrap()).await;
}

/// Webhooks: a notification posted to a receiver on 127.0.0.1, signed with HMAC-SHA-256, and
/// the delivery recorded.
#[tokio::test]
async fn a_webhook_receives_the_signed_notification() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite:{}", dir.path().join("w.db").display()))
        .await
        .unwrap();
    store
        .order(
            &spur_store::NewOrder {
                unit: UNIT.into(),
                region: Some(REGION.into()),
                specialty: Some("Allmänmedicin".into()),
                wished_period: None,
            },
            "test",
        )
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let receiver = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = s.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap();
                if body.len() >= len {
                    s.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
                        .await
                        .unwrap();
                    return (head.to_string(), body.to_string());
                }
            }
            if n == 0 {
                panic!("closed early");
            }
        }
    });
    let hooks = vec![spur_server::webhook::WebhookConfig {
        url: format!("http://{addr}/hook"),
        secret: "hemlig".into(),
    }];
    let mut attempts = Default::default();
    let delivered = spur_server::webhook::deliver_once(&store, &hooks, &mut attempts)
        .await
        .unwrap();
    assert_eq!(delivered, 1);
    let (head, body) = receiver.await.unwrap();
    let expected = spur_server::webhook::signature("hemlig", body.as_bytes());
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("x-spur-signature: {expected}")),
        "{head}"
    );
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["kind"], "inspection.ordered");
    assert!(json["text"]["sv"].is_string() && json["text"]["en"].is_string());
    // Delivered once: the next round sends nothing.
    let again = spur_server::webhook::deliver_once(&store, &hooks, &mut attempts)
        .await
        .unwrap();
    assert_eq!(again, 0);
}
