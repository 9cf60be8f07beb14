//! Browser sign-in and the start page of each role in headless Chromium (issue 30 item 4, issue
//! 31 item 8): a server with a SQLite store; the unit orders an inspection and a past
//! inspection is brought in; then the inspector, the coordinator, the unit and the region each
//! sign in on `/sign-in` with their API token, see their start page (who, role, scope, what to
//! do next), pass axe-core with no serious or critical violation, and sign out.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/http.rs"]
mod http;

use browser::*;

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::json;
use spur_store::{NewToken, Store};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";
const REGION: &str = "Västra Götalandsregionen";

struct Server {
    addr: SocketAddr,
    runtime: tokio::runtime::Runtime,
    _stop: tokio::sync::oneshot::Sender<()>,
    store: Store,
    _dir: tempfile::TempDir,
}

fn serve() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("b.db").display());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = runtime.block_on(Store::open(&url)).unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = spur_server::Config {
        store: Some(url),
        ..spur_server::Config::default()
    };
    runtime.spawn(async move {
        let _ = spur_server::serve_on(listener, &config, async {
            let _ = stopped.await;
        })
        .await;
    });
    Server {
        addr,
        runtime,
        _stop: stop,
        store,
        _dir: dir,
    }
}

impl Server {
    fn token(&self, name: &str, role: &str, scope: Option<(&str, &str)>) -> String {
        let (token, _) = spur_server::auth::generate_token().unwrap();
        self.runtime
            .block_on(self.store.create_token(
                &NewToken {
                    name: name.into(),
                    role: role.into(),
                    scope_kind: scope.map(|s| s.0.to_string()),
                    scope_value: scope.map(|s| s.1.to_string()),
                    expires_at: None,
                },
                &token,
                "test",
            ))
            .unwrap();
        token
    }

    fn post(&self, token: &str, path: &str, content_type: &str, body: &str) -> http::Response {
        let auth = format!("Bearer {token}");
        http::request(
            self.addr,
            "POST",
            path,
            &[("Authorization", &auth), ("Content-Type", content_type)],
            body.as_bytes(),
        )
        .unwrap()
    }
}

fn text(session: &Session, css: &str) -> String {
    session
        .exec(&format!(
            "const e = document.querySelector({css:?}); return e ? e.textContent : '';"
        ))
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn headings(session: &Session) -> Vec<String> {
    session
        .exec("return Array.from(document.querySelectorAll('main h2')).map(h => h.textContent);")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Press keys (WebDriver actions): each character of `text` is pressed and released
/// (`\u{E004}` Tab, `\u{E007}` Enter).
fn keys(session: &Session, text: &str) {
    let mut actions = Vec::new();
    for c in text.chars() {
        actions.push(json!({"type": "keyDown", "value": c.to_string()}));
        actions.push(json!({"type": "keyUp", "value": c.to_string()}));
    }
    session.cmd(
        "POST",
        "/actions",
        Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
    );
}

fn focused(session: &Session) -> String {
    session
        .exec("return document.activeElement.id || document.activeElement.className;")
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn sign_in(session: &Session, addr: SocketAddr, token: &str, lang: &str, by_keyboard: bool) {
    let q = if lang == "en" { "?lang=en" } else { "" };
    session.goto(&format!("http://{addr}/sign-in{q}"));
    wait_for("the sign-in page", Duration::from_secs(20), || {
        (session.exec("return !!document.getElementById('token');") == true).then_some(())
    });
    assert_eq!(session.exec("return document.documentElement.lang;"), lang);
    if by_keyboard {
        // Tab: the skip link; Tab: the token field; type; Enter submits.
        keys(session, "\u{E004}");
        assert_eq!(focused(session), "skip");
        keys(session, "\u{E004}");
        assert_eq!(focused(session), "token");
        keys(session, &format!("{token}\u{E007}"));
    } else {
        session.type_into("#token", token);
        session.click("#sign-in");
    }
    wait_for("the start page", Duration::from_secs(20), || {
        (session.exec(
            "return location.pathname === '/start' && document.body.dataset.ready === 'true';",
        ) == true)
            .then_some(())
    });
}

fn sign_out(session: &Session) {
    session.click("#sign-out");
    wait_for("the sign-in page again", Duration::from_secs(20), || {
        (session
            .exec("return location.pathname === '/sign-in' && !!document.getElementById('token');")
            == true)
            .then_some(())
    });
}

#[test]
fn each_role_signs_in_sees_its_start_page_and_signs_out() {
    let Some(browser) = Browser::open("each_role_signs_in_sees_its_start_page_and_signs_out")
    else {
        return;
    };
    let server = serve();
    let addr = server.addr;
    let admin = server.token("LIPUS", "admin", None);
    let unit = server.token("Verksamhetschef", "unit", Some(("unit", UNIT)));
    let coordinator = server.token(
        "SPUR-samordnare",
        "coordinator",
        Some(("specialty", "Allmänmedicin")),
    );
    let region = server.token("Regionens uppföljare", "region", Some(("region", REGION)));
    let inspector = server.token("Anna Inspektör", "inspector", None);

    // Something to do: an order, and a past inspection brought in.
    let r = server.post(
        &unit,
        "/v1/orders",
        "application/json",
        &json!({"unit": UNIT, "region": REGION, "specialty": "Allmänmedicin", "wished_period": "HT 2026"})
            .to_string(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let r = server.post(&admin, "/v1/inspections", "application/toml", SEED);
    assert_eq!(r.status, 201, "{}", r.text());

    let session = &browser.session;
    let cases: [(&str, &str, &str, &str, &[&str]); 4] = [
        (
            "inspector",
            &inspector,
            "Anna Inspektör",
            "sv",
            &["Mina inspektioner efter läge och sista dag"],
        ),
        (
            "coordinator",
            &coordinator,
            "SPUR-samordnare",
            "sv",
            &["Beställningar att planera", "Inspektörer att utse"],
        ),
        (
            "unit",
            &unit,
            "Verksamhetschef",
            "sv",
            &[
                "Preliminär rapport att granska",
                "Handlingsplan att besvara",
                "Dokument att bifoga",
                "Våra inspektioner",
            ],
        ),
        (
            "region",
            &region,
            "Regionens uppföljare",
            "en",
            &[
                "Trends per unit",
                "Re-inspections due",
                "The region's inspections",
            ],
        ),
    ];
    for (role, token, name, lang, expected) in cases {
        sign_in(
            session,
            addr,
            token,
            lang,
            role == "inspector" || role == "region",
        );
        assert_eq!(text(session, "#who-name"), name, "{role}");
        assert_eq!(
            session.exec("return document.getElementById('who-role').dataset.role;"),
            role
        );
        assert_eq!(session.exec("return document.documentElement.lang;"), lang);
        let h = headings(session);
        for e in expected {
            assert!(h.iter().any(|x| x == e), "{role}: {e} in {h:?}");
        }
        // No failure message: every JSON route answered the cookie.
        assert_eq!(
            session.exec("return document.querySelectorAll('#start-content [role=alert]').length;"),
            0,
            "{role}: {}",
            text(session, "#start-content")
        );
        match role {
            "coordinator" => {
                let queue = text(session, "main section");
                assert!(queue.contains(UNIT), "{role}: {queue}");
            }
            "unit" => {
                let all = text(session, "#start-content");
                assert!(all.contains(UNIT), "{role}: {all}");
            }
            "region" => {
                let all = text(session, "#start-content");
                assert!(all.contains(UNIT), "{role}: {all}");
            }
            _ => {}
        }
        screenshot(session, &format!("start-{role}.png"));
        if let Some(v) = axe_violations(session, "browser_sign_in") {
            assert!(v.is_empty(), "{role}: axe: {v:#?}");
        }
        if role == "coordinator" {
            // The form shows who is signed in too (common.js), and signs out from there.
            session.click("a[href='/']");
            wait_for("the form's signed-in bar", Duration::from_secs(20), || {
                (session.exec("return location.pathname === '/' && !!document.getElementById('who-name') && document.body.dataset.ready === 'true';")
                    == true)
                    .then_some(())
            });
            assert_eq!(text(session, "#who-name"), name);
            assert_eq!(
                session.exec("return document.getElementById('who-role').dataset.role;"),
                role
            );
            screenshot(session, "form-signed-in.png");
            if let Some(v) = axe_violations(session, "browser_sign_in") {
                assert!(v.is_empty(), "the form, signed in: axe: {v:#?}");
            }
        }
        sign_out(session);
        if let Some(v) = axe_violations(session, "browser_sign_in") {
            assert!(v.is_empty(), "sign-in page: axe: {v:#?}");
        }
        // Signed out: the start page sends back to sign-in.
        session.goto(&format!("http://{addr}/start"));
        wait_for("the redirect to sign-in", Duration::from_secs(20), || {
            (session.exec("return location.pathname;") == "/sign-in").then_some(())
        });
    }

    // A wrong token: the page says so (role=alert), still axe clean.
    session.goto(&format!("http://{addr}/sign-in"));
    session.type_into("#token", "spur_wrong");
    session.click("#sign-in");
    wait_for("the refusal", Duration::from_secs(20), || {
        (session.exec("return !!document.querySelector('[role=alert]');") == true).then_some(())
    });
    if let Some(v) = axe_violations(session, "browser_sign_in") {
        assert!(v.is_empty(), "refused sign-in: axe: {v:#?}");
    }
}
