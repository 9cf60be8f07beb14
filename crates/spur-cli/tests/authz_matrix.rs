//! The authorization matrix, generated and run live (issue 33, item 5).
//!
//! Every route of `docs/openapi.json` that needs a sign-in × its method × each role (admin,
//! coordinator, inspector, unit, region) × (own scope, another scope, expired token, revoked
//! token), and every route with no credential, is sent to a running `spur serve --store`. The
//! expected answer comes from the route's action (`spur_server::auth::Action::routes`) and the
//! one decision function `authorize` on the inspection's real facts, read back before each
//! cell (the state can move when an allowed write goes through):
//!
//! - allowed → anything but 401, 403 or 404 (a 409 or 422 from the workflow or the body is the
//!   handler speaking after authorization);
//! - outside the caller's scope → 404, a forbidden action → 403;
//! - no credential, an expired or a revoked token → 401 with `WWW-Authenticate`.
//!
//! Then: IDOR by guessed ids (other inspections' ids, ids that do not exist, another
//! inspection's attachment and comment numbers under one's own inspection), credentials in
//! query strings (400, never a sign-in), and survey links and calendar feeds that cannot be
//! enumerated (every guess 404, then 429 once the failure budget is spent).
//!
//! On SQLite, and on PostgreSQL when `SPUR_TEST_POSTGRES_URL` is set. Each backend prints
//! `matrix[BACKEND]: cells=… failures=0 …`.

mod store_support;

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};
use spur_server::auth::{
    Action, Decision, InspectionFacts, Principal, Resource, Role, Scope, State, Via, authorize,
    policy::{OPEN_ROUTES, Target},
};
use store_support::{Api, Server, backends, seed, spur, token};

const OTHER_UNIT: &str = "Kardiologiska kliniken Exempel";
const OTHER_REGION: &str = "Region Annanstans";
const OTHER_SPECIALTY: &str = "kardiologi";

/// The seed, sent for fact-checking (state `preliminary`: most actions have something to do).
fn own_document() -> String {
    seed().replacen("[report]\n", "[report]\nstatus = \"preliminary\"\n", 1)
}

/// Another unit, region and specialty (the kardiologi fixture, in another region), also in
/// `preliminary`.
fn other_document() -> String {
    include_str!("../../../fixtures/kardiologi/utan-indikatorer.toml")
        .replacen("[report]\n", "[report]\nstatus = \"preliminary\"\n", 1)
        .replacen(
            "region = \"Västra Götalandsregionen\"",
            &format!("region = \"{OTHER_REGION}\""),
            1,
        )
}

/// An inspection as the matrix knows it.
#[derive(Clone)]
struct Inspection {
    id: i64,
    unit: String,
    region: String,
    specialty: String,
    attachment: i64,
    comment: Option<i64>,
}

/// The facts `authorize` decides on, read now (the state may have moved).
fn facts(admin: &Api, i: &Inspection) -> InspectionFacts {
    let r = admin
        .call("GET", &format!("/v1/inspections/{}", i.id), &[], b"")
        .expect("GET record");
    assert_eq!(r.status, 200, "{}", r.text());
    let state: State = r.json()["state"]
        .as_str()
        .expect("the record's state")
        .parse()
        .expect("a state");
    InspectionFacts {
        id: i.id.to_string(),
        unit: i.unit.clone(),
        region: i.region.clone(),
        specialty: i.specialty.clone(),
        inspectors: vec![],
        state,
    }
}

/// One role's tokens: in its own scope, expired, revoked; and its principal.
struct RoleTokens {
    role: Role,
    own: String,
    expired: String,
    revoked: String,
    principal: Principal,
}

fn role_tokens(store: &str, own: &Inspection) -> Vec<RoleTokens> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let (args, scope): (Vec<String>, Scope) = match role {
            Role::Admin => (vec![], Scope::All),
            Role::Coordinator => (
                vec!["--specialty".into(), own.specialty.clone()],
                Scope::Specialty(own.specialty.clone()),
            ),
            Role::Inspector => (
                vec!["--inspection".into(), own.id.to_string()],
                Scope::Inspection(own.id.to_string()),
            ),
            Role::Unit => (
                vec!["--unit".into(), own.unit.clone()],
                Scope::Unit(own.unit.clone()),
            ),
            Role::Region => (
                vec!["--region".into(), own.region.clone()],
                Scope::Region(own.region.clone()),
            ),
        };
        let name = format!("matrix-{role}");
        let with = |extra: &[&str], suffix: &str| {
            let mut a: Vec<&str> = vec!["--role", <&str>::from(*role)];
            a.extend(args.iter().map(String::as_str));
            a.extend(extra);
            token(store, &format!("{name}{suffix}"), &a)
        };
        let own_token = with(&[], "");
        // A date in the past is taken: the token is born expired.
        let expired = with(&["--expires", "2020-01-01"], "-expired");
        let revoked = with(&[], "-revoked");
        revoke(store, &format!("{name}-revoked"));
        out.push(RoleTokens {
            role: *role,
            own: own_token,
            expired,
            revoked,
            principal: Principal {
                subject: name,
                role: *role,
                scope,
                via: Via::Token { id: "0".into() },
            },
        });
    }
    out
}

/// `spur admin token revoke ID` of the token named `name`.
fn revoke(store: &str, name: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id = rt.block_on(async {
        let s = spur_store::Store::open(store).await.unwrap();
        let id = s
            .tokens()
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.name == name)
            .expect("the token")
            .id;
        s.close().await;
        id
    });
    let out = spur()
        .args([
            "admin",
            "token",
            "revoke",
            &id.to_string(),
            "--store",
            store,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every sign-in route of the OpenAPI document with its method and action.
fn routes() -> Vec<(String, String, Option<Action>)> {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                continue;
            }
            let bare = path.trim_end_matches(".ics");
            if OPEN_ROUTES.contains(&(method.as_str(), bare)) {
                continue;
            }
            let action = Action::all().into_iter().find(|a| {
                !matches!(a, Action::Transition(_)) && a.routes().contains(&(method.as_str(), bare))
            });
            let action = if bare == "/v1/inspections/{id}/transitions" {
                None // decided per cell: the transition to the inspection's current state
            } else if bare == "/v1/inspections/{id}/handlingsplan/return" {
                // Returning the unit's plan keeps the state `plan_required`.
                Some(Action::Transition(State::PlanRequired))
            } else {
                Some(action.unwrap_or_else(|| panic!("{method} {path} has no action")))
            };
            out.push((method, path.clone(), action));
        }
    }
    out
}

/// The request a cell sends: path, headers, body.
fn request(
    method: &str,
    path: &str,
    target: &Inspection,
    own: bool,
    state: Option<State>,
) -> (String, Vec<(&'static str, String)>, Vec<u8>) {
    let path = path
        .replace("{id}", &target.id.to_string())
        .replace("{n}", &target.attachment.to_string())
        .replace("{comment}", &target.comment.unwrap_or(1).to_string());
    let json_body = |v: Value| {
        (
            vec![("Content-Type", "application/json".to_string())],
            v.to_string().into_bytes(),
        )
    };
    let (headers, body) = match (method, path.as_str()) {
        ("POST", "/v1/orders") => json_body(if own {
            json!({"unit": target.unit, "region": target.region, "specialty": target.specialty})
        } else {
            json!({"unit": OTHER_UNIT, "region": OTHER_REGION, "specialty": OTHER_SPECIALTY})
        }),
        ("POST", "/v1/inspections") => (
            vec![("Content-Type", "application/toml".to_string())],
            // A visit date of its own, so the create itself can go through.
            if own {
                own_document()
            } else {
                other_document()
            }
            .replacen("visit_date = 2025-11-12", "visit_date = 2025-10-01", 1)
            .into_bytes(),
        ),
        // A whole document: a save, or a correction after final.
        (m, p)
            if (m == "PUT" && p.ends_with("/document"))
                || (m == "POST" && p.ends_with("/corrections")) =>
        {
            (
                vec![
                    ("Content-Type", "application/toml".to_string()),
                    ("If-Match", "*".to_string()),
                ],
                if own {
                    own_document()
                } else {
                    other_document()
                }
                .into_bytes(),
            )
        }
        ("PUT", p) if p.ends_with("/handlingsplan") => (
            vec![("Content-Type", "application/octet-stream".to_string())],
            b"not a plan".to_vec(),
        ),
        ("POST", p) if p.ends_with("/transitions") => {
            json_body(json!({"to": state.map(|s| s.to_string()).unwrap_or_default()}))
        }
        ("POST", p) if p.ends_with("/handlingsplan/return") => {
            json_body(json!({"reason": "Åtgärderna saknar ansvariga."}))
        }
        ("POST", p) if p.ends_with("/answer") => json_body(json!({"answer": "Svar."})),
        ("POST", p) if p.ends_with("/comments") => {
            json_body(json!({"text": "Sakgranskning: en kommentar."}))
        }
        ("POST", p) if p.ends_with("/survey") => {
            json_body(json!({"respondents": {"st-lakare": 1}}))
        }
        ("POST", p) if p.ends_with("/attachments") => (
            vec![("Content-Type", "application/pdf".to_string())],
            b"%PDF-1.4\n%%EOF\n".to_vec(),
        ),
        _ => (vec![], vec![]),
    };
    let path = if method == "POST" && path.ends_with("/attachments") {
        format!("{path}?name=bilaga.pdf")
    } else {
        path
    };
    (path, headers, body)
}

fn send(
    api: &Api,
    method: &str,
    path: &str,
    headers: &[(&'static str, String)],
    body: &[u8],
) -> store_support::http::Response {
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    api.call(method, path, &h, body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// The figures of one backend.
#[derive(Default, Debug)]
struct Figures {
    cells: usize,
    failures: Vec<String>,
    by_expectation: BTreeMap<&'static str, usize>,
}

impl Figures {
    fn check(&mut self, what: String, kind: &'static str, ok: bool) {
        self.cells += 1;
        *self.by_expectation.entry(kind).or_default() += 1;
        if !ok {
            self.failures.push(what);
        }
    }
}

fn is_401(r: &store_support::http::Response) -> bool {
    r.status == 401 && r.header("www-authenticate").is_some()
}

/// Create an inspection as admin with one attachment and one comment.
fn fixture(admin: &Api, doc: &str, unit: &str, region: &str, specialty: &str) -> Inspection {
    let (id, _) = admin.create(doc);
    let r = admin
        .call(
            "POST",
            &format!("/v1/inspections/{id}/attachments?name=bilaga.pdf"),
            &[("Content-Type", "application/pdf")],
            format!("%PDF-1.4\n% bilaga till {id}\n%%EOF\n").as_bytes(),
        )
        .unwrap();
    assert!(r.status < 300, "attachment: {} {}", r.status, r.text());
    let list = admin
        .call(
            "GET",
            &format!("/v1/inspections/{id}/attachments"),
            &[],
            b"",
        )
        .unwrap()
        .json();
    let attachment = list["attachments"]
        .as_array()
        .or_else(|| list.as_array())
        .and_then(|a| a.first())
        .and_then(|a| {
            a["n"]
                .as_i64()
                .or_else(|| a["number"].as_i64())
                .or_else(|| a["id"].as_i64())
        })
        .expect("the attachment's number");
    let r = admin
        .call(
            "POST",
            &format!("/v1/inspections/{id}/comments"),
            &[("Content-Type", "application/json")],
            json!({"text": "Sakgranskning."}).to_string().as_bytes(),
        )
        .unwrap();
    let comment = (r.status < 300).then(|| r.json()["id"].as_i64()).flatten();
    Inspection {
        id,
        unit: unit.into(),
        region: region.into(),
        specialty: specialty.into(),
        attachment,
        comment,
    }
}

#[test]
fn the_authorization_matrix_holds_live() {
    let dir = tempfile::tempdir().unwrap();
    // The matrix sends hundreds of bad credentials on purpose: a large failure budget here;
    // the enumeration checks below run on a server with the default budget.
    let config = dir.path().join("spur-serve.toml");
    std::fs::File::create(&config)
        .unwrap()
        .write_all(b"[sign_in]\nfailures_per_minute = 1000000\n")
        .unwrap();
    let mut report = Vec::new();
    for (backend, store) in backends(dir.path(), "matrix") {
        let admin_token = token(&store, "matrix-setup", &["--role", "admin"]);
        let server = Server::start_with(&store, &["--config", config.to_str().unwrap()]);
        let admin = Api {
            addr: server.addr,
            token: Some(admin_token),
        };
        let own = fixture(
            &admin,
            &own_document(),
            "Vårdcentralen Exempel (seed-enheten)",
            "Västra Götalandsregionen",
            "Allmänmedicin",
        );
        let other = fixture(
            &admin,
            &other_document(),
            OTHER_UNIT,
            OTHER_REGION,
            OTHER_SPECIALTY,
        );
        // The record names the stored unit, region and specialty: use those.
        let stored = |i: &Inspection| {
            let r = admin
                .call("GET", &format!("/v1/inspections/{}", i.id), &[], b"")
                .unwrap()
                .json();
            Inspection {
                unit: r["unit"].as_str().unwrap_or(&i.unit).to_string(),
                region: r["region"].as_str().unwrap_or(&i.region).to_string(),
                specialty: r["specialty"].as_str().unwrap_or(&i.specialty).to_string(),
                ..i.clone()
            }
        };
        let (own, other) = (stored(&own), stored(&other));
        let tokens = role_tokens(&store, &own);
        let mut f = Figures::default();
        let routes = routes();
        for (method, path, action) in &routes {
            // No credential at all.
            let (p, h, b) = request(method, path, &own, true, Some(State::Preliminary));
            let r = send(
                &Api {
                    addr: server.addr,
                    token: None,
                },
                method,
                &p,
                &h,
                &b,
            );
            f.check(
                format!(
                    "{method} {path} × no credential: {} (want 401 + WWW-Authenticate)",
                    r.status
                ),
                "401",
                is_401(&r),
            );
            for t in &tokens {
                for (label, tok) in [("expired", &t.expired), ("revoked", &t.revoked)] {
                    let r = send(
                        &Api {
                            addr: server.addr,
                            token: Some(tok.clone()),
                        },
                        method,
                        &p,
                        &h,
                        &b,
                    );
                    f.check(
                        format!(
                            "{method} {path} × {} × {label} token: {} (want 401)",
                            t.role, r.status
                        ),
                        "401",
                        is_401(&r),
                    );
                }
                for (scope, target) in [("own", &own), ("other", &other)] {
                    let facts = facts(&admin, target);
                    let action = action.unwrap_or(Action::Transition(facts.state));
                    let resource = match action.target() {
                        Target::Store => Resource::Store,
                        Target::New => {
                            let n = if scope == "own" { &own } else { &other };
                            Resource::New {
                                unit: n.unit.clone(),
                                region: n.region.clone(),
                                specialty: n.specialty.clone(),
                            }
                        }
                        Target::Inspection => Resource::Inspection(facts.clone()),
                    };
                    let want = authorize(&t.principal, action, &resource);
                    let (p, h, b) =
                        request(method, path, target, scope == "own", Some(facts.state));
                    let r = send(
                        &Api {
                            addr: server.addr,
                            token: Some(t.own.clone()),
                        },
                        method,
                        &p,
                        &h,
                        &b,
                    );
                    // The 404 of a scope (or an id that does not exist) names the inspection;
                    // an allowed caller may still get a 404 naming what is missing inside it
                    // (e.g. "an open survey of inspection 1").
                    let scope_404 = r.status == 404
                        && r.json()["message"]
                            .as_str()
                            .is_some_and(|m| m == "no such inspection");
                    let (kind, ok) = match want {
                        Decision::Allow if r.status == 404 => ("allowed (404 inside)", !scope_404),
                        Decision::Allow => ("allowed", !matches!(r.status, 401 | 403)),
                        Decision::NotFound => ("404", r.status == 404),
                        Decision::Forbidden => ("403", r.status == 403),
                    };
                    f.check(
                        format!(
                            "{method} {path} × {} × {scope} scope ({}): {} {}, want {want:?}",
                            t.role,
                            facts.state,
                            r.status,
                            r.text().chars().take(160).collect::<String>()
                        ),
                        kind,
                        ok,
                    );
                }
            }
        }
        idor(&server, &tokens, &own, &other, &mut f);
        query_credentials(&server, &tokens, &mut f);
        drop(server);
        enumeration(&store, &admin, &mut f);
        let line = format!(
            "matrix[{backend}]: routes={} cells={} {:?} failures={}",
            routes.len(),
            f.cells,
            f.by_expectation,
            f.failures.len()
        );
        eprintln!("{line}");
        for x in &f.failures {
            eprintln!("FAIL {x}");
        }
        report.push((line, f.failures));
    }
    let failures: Vec<&String> = report.iter().flat_map(|(_, f)| f).collect();
    assert!(failures.is_empty(), "{} failing cells", failures.len());
}

/// Guessed ids: another unit's inspection, ids that do not exist, the other inspection's
/// attachment and comment numbers under one's own id. The unit and region tokens must get 404
/// (never the other's content).
fn idor(
    server: &Server,
    tokens: &[RoleTokens],
    own: &Inspection,
    other: &Inspection,
    f: &mut Figures,
) {
    for t in tokens.iter().filter(|t| {
        matches!(
            t.role,
            Role::Unit | Role::Region | Role::Inspector | Role::Coordinator
        )
    }) {
        let api = Api {
            addr: server.addr,
            token: Some(t.own.clone()),
        };
        for id in [
            other.id.to_string(),
            "999999".into(),
            "0".into(),
            "-1".into(),
            (other.id + 1000).to_string(),
        ] {
            for sub in [
                "",
                "/document",
                "/versions",
                "/versions/1",
                "/audit",
                "/attachments",
                "/comments",
                "/report",
            ] {
                let path = format!("/v1/inspections/{id}{sub}");
                let r = api.call("GET", &path, &[], b"").unwrap();
                f.check(
                    format!("IDOR GET {path} as {}: {}", t.role, r.status),
                    "idor",
                    r.status == 404,
                );
            }
        }
        for id in ["abc", "1e3", "%2e%2e"] {
            let path = format!("/v1/inspections/{id}");
            let r = api.call("GET", &path, &[], b"").unwrap();
            f.check(
                format!("IDOR GET {path} as {}: {}", t.role, r.status),
                "idor",
                matches!(r.status, 400 | 404),
            );
        }
        // The other inspection's attachment through one's own id: one's own or 404, never
        // the other's bytes.
        let path = format!(
            "/v1/inspections/{}/attachments/{}",
            own.id, other.attachment
        );
        let r = api.call("GET", &path, &[], b"").unwrap();
        f.check(
            format!("IDOR GET {path} as {}: {}", t.role, r.status),
            "idor",
            !r.text().contains(&format!("bilaga till {}", other.id)),
        );
        if let Some(c) = other.comment {
            let path = format!("/v1/inspections/{}/comments/{c}/answer", own.id);
            let r = api
                .call(
                    "POST",
                    &path,
                    &[("Content-Type", "application/json")],
                    br#"{"answer":"x"}"#,
                )
                .unwrap();
            f.check(
                format!("IDOR POST {path} as {}: {}", t.role, r.status),
                "idor",
                matches!(r.status, 403 | 404 | 409 | 422),
            );
        }
    }
}

/// Credentials in the query string are refused (400) and never sign anyone in, even with a
/// valid token in the header.
fn query_credentials(server: &Server, tokens: &[RoleTokens], f: &mut Figures) {
    let admin = &tokens.iter().find(|t| t.role == Role::Admin).unwrap().own;
    for name in [
        "access_token",
        "token",
        "api_key",
        "apikey",
        "ACCESS_TOKEN",
        "access%5Ftoken",
    ] {
        for path in ["/v1/inspections", "/v1/me"] {
            let url = format!("{path}?{name}={admin}");
            let anonymous = Api {
                addr: server.addr,
                token: None,
            };
            let r = anonymous.call("GET", &url, &[], b"").unwrap();
            f.check(
                format!("token in query {url}: {}", r.status),
                "query",
                r.status == 400,
            );
            let with_header = Api {
                addr: server.addr,
                token: Some(admin.clone()),
            };
            let r = with_header.call("GET", &url, &[], b"").unwrap();
            f.check(
                format!("token in query {url} (+ header): {}", r.status),
                "query",
                r.status == 400,
            );
        }
    }
}

/// Survey links and calendar feeds cannot be enumerated: random guesses are 404, and after
/// the failure budget (10 a minute by default) every further guess is 429 — a real link too.
fn enumeration(store: &str, admin: &Api, f: &mut Figures) {
    let server = Server::start(store);
    let api = Api {
        addr: server.addr,
        token: admin.token.clone(),
    };
    let mut seen = BTreeMap::new();
    for k in 0..30 {
        let guess = format!("{:0>43}", format!("guess{k}x"));
        let r = api
            .call("GET", &format!("/survey/{guess}"), &[], b"")
            .unwrap();
        *seen.entry(("survey", r.status)).or_insert(0) += 1;
        f.check(
            format!("survey guess {k}: {}", r.status),
            "enumeration",
            if k < 10 {
                r.status == 404
            } else {
                r.status == 429
            },
        );
    }
    let server2 = Server::start(store);
    let api = Api {
        addr: server2.addr,
        token: None,
    };
    for k in 0..30 {
        let guess = format!("{:0>43}", format!("feed{k}x"));
        let r = api
            .call("GET", &format!("/v1/calendar/{guess}.ics"), &[], b"")
            .unwrap();
        *seen.entry(("calendar", r.status)).or_insert(0) += 1;
        f.check(
            format!("calendar guess {k}: {}", r.status),
            "enumeration",
            if k < 10 {
                r.status == 404
            } else {
                r.status == 429
            },
        );
    }
    eprintln!("enumeration: {seen:?}");
}
