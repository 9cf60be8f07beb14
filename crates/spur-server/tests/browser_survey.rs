//! Issue 32's "done when", in headless Chromium: an inspection in `preparing` opens a survey
//! with links for 2 supervisors (handledare) and 4 ST-läkare; the browser answers through each
//! link the answers of the seed fixture (`fixtures/survey/seed-area-h.csv`) — on a phone-sized
//! viewport, by keyboard, axe clean, progress kept locally until sent, one submit, a clear
//! thank-you, a used link refused; the summary withholds the supervisors' figures (2 < 3, "för
//! få svar") and shows the ST-läkare's, in the API and beside each area of the inspection form;
//! with a third supervisor the seed's area H discrepancy appears in the summary and in the form.
//!
//! The setup goes through the API with a bearer token, as a coordinator would. Skipped with a
//! message when Chromium or chromedriver is not installed.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/http.rs"]
mod http;

use browser::*;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use spur_store::{NewToken, Store};

const UNIT: &str = "Vårdcentralen Exempel (seed-enheten)";
const WAIT: Duration = Duration::from_secs(20);

/// A server with a store on a fresh SQLite file, and an admin token for the setup.
struct Server {
    addr: SocketAddr,
    token: String,
    _runtime: tokio::runtime::Runtime,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

fn serve() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("survey.db").display());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let token = runtime.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let (token, _) = spur_server::auth::generate_token().unwrap();
        store
            .create_token(
                &NewToken {
                    name: "LIPUS".into(),
                    role: "admin".into(),
                    scope_kind: None,
                    scope_value: None,
                    expires_at: None,
                },
                &token,
                "test",
            )
            .await
            .unwrap();
        token
    });
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
    // The store is opened (and migrated) as the server starts: wait until it answers.
    wait_for("the server", WAIT, || {
        let r = http::request(addr, "GET", "/healthz", &[], b"").ok()?;
        (r.status == 200).then_some(())
    });
    Server {
        addr,
        token,
        _runtime: runtime,
        _stop: stop,
        _dir: dir,
    }
}

impl Server {
    fn api(&self, method: &str, path: &str, body: Option<Value>) -> http::Response {
        let auth = format!("Bearer {}", self.token);
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut headers = vec![("Authorization", auth.as_str())];
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        http::request(self.addr, method, path, &headers, body.as_bytes()).unwrap()
    }

    /// An inspection of the seed unit in `preparing`.
    fn preparing(&self) -> i64 {
        let r = self.api(
            "POST",
            "/v1/orders",
            Some(json!({"unit": UNIT, "region": "Västra Götalandsregionen", "specialty": "Allmänmedicin"})),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap();
        for body in [
            json!({"to": "planned", "inspectors": ["A", "B"], "visit_date": "2026-02-10"}),
            json!({"to": "preparing"}),
        ] {
            let r = self.api(
                "POST",
                &format!("/v1/inspections/{id}/transitions"),
                Some(body),
            );
            assert_eq!(r.status, 200, "{}", r.text());
        }
        id
    }

    /// Open (or extend) the survey: the links' paths per group.
    fn open(&self, id: i64, respondents: Value) -> Vec<(String, String)> {
        let r = self.api(
            "POST",
            &format!("/v1/inspections/{id}/survey"),
            Some(json!({ "respondents": respondents })),
        );
        assert_eq!(r.status, 201, "{}", r.text());
        r.json()["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["group"].as_str().unwrap().to_string(),
                    l["url"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn summary(&self, id: i64, format: &str) -> http::Response {
        let r = self.api(
            "GET",
            &format!("/v1/inspections/{id}/survey/summary?format={format}"),
            None,
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r
    }
}

/// One respondent of the seed fixture: group, `(statement, step)` answers, free texts.
#[derive(Default, Debug)]
struct Respondent {
    group: String,
    answers: Vec<(String, String)>,
    free: Vec<(String, String)>,
}

/// The seed fixture's respondents by pseudonym (`H1`, `S3`, …).
fn seed() -> BTreeMap<String, Respondent> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/survey/seed-area-h.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, Respondent> = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(5, ';').collect();
        let (who, group, statement) = (cols[0], cols[1], cols[2]);
        // `answer;date`, the answer possibly quoted (free texts have no `;` in the fixture).
        let rest = cols[3..].join(";");
        let answer = rest.rsplit_once(';').map_or(rest.as_str(), |(a, _)| a);
        let answer = answer.trim_matches('"').to_string();
        let r = out.entry(who.to_string()).or_default();
        r.group = group.to_string();
        if statement.ends_with(".fritext") {
            r.free.push((statement.to_string(), answer));
        } else {
            r.answers.push((statement.to_string(), answer));
        }
    }
    out
}

const STEPS: [&str; 5] = [
    "stammer_helt",
    "stammer_ganska_bra",
    "stammer_ganska_dalig",
    "stammer_inte_alls",
    "ej_relevant",
];

/// How a respondent answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Clicks (taps) on the steps.
    Pointer,
    /// The keyboard only: Space on the first step, arrow keys to the wanted one, Enter to send.
    Keyboard,
    /// On a phone-sized viewport; answers half, leaves, comes back to the answers kept locally,
    /// and checks the page with axe.
    PhoneResumed,
}

fn keys(session: &Session, keys: &[&str]) {
    let mut actions = Vec::new();
    for k in keys {
        actions.push(json!({"type": "keyDown", "value": k}));
        actions.push(json!({"type": "keyUp", "value": k}));
    }
    session.cmd(
        "POST",
        "/actions",
        Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
    );
}

const SPACE: &str = "\u{E00D}";
const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

/// Click `css` as a person would: scrolled to the middle of the screen first (the sticky send
/// bar covers the bottom of the viewport, as it does for a person, who scrolls).
fn tap(session: &Session, css: &str) {
    let found = session.exec(&format!(
        "const e = document.querySelector(\"{css}\"); if (!e) return false; e.scrollIntoView({{block: 'center'}}); return true;"
    ));
    assert_eq!(found, true, "no element {css}");
    session.click(css);
}

fn checked(session: &Session, statement: &str) -> Value {
    session.exec(&format!(
        "const i = document.querySelector(\"input[name='{statement}']:checked\"); return i ? i.value : null;"
    ))
}

fn wait_page(session: &Session) {
    wait_for("the survey page", WAIT, || {
        (session.exec(
            "return !!document.getElementById('survey') && document.readyState === 'complete';",
        ) == true)
            .then_some(())
    });
}

/// Answer through `url` in the browser as `who` does; checks the thank-you and that the link is
/// refused afterwards.
fn answer(session: &Session, server: &Server, url: &str, who: &Respondent, way: Way) {
    let page = format!("http://{}{url}", server.addr);
    session.goto(&page);
    wait_page(session);
    assert_eq!(session.exec("return document.documentElement.lang;"), "sv");
    let storage_key = format!("spur-survey:{url}");
    let mut answers = who.answers.iter().collect::<Vec<_>>();

    if way == Way::PhoneResumed {
        session.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
        );
        session.goto(&page);
        wait_page(session);
        // Nothing wider than the phone; every step a target of at least 44 px.
        let fits = session.exec(
            "return document.documentElement.scrollWidth <= window.innerWidth && window.innerWidth <= 360;",
        );
        assert_eq!(fits, true, "the page scrolls sideways on a phone");
        let smallest = session.exec(
            "return Math.min(...Array.from(document.querySelectorAll('.steps label')).map(l => l.getBoundingClientRect().height));",
        );
        assert!(
            smallest.as_f64().unwrap() >= 43.5,
            "a step is a small target on a phone: {smallest}"
        );
        if let Some(v) = axe_violations(session, "survey page") {
            assert!(v.is_empty(), "axe on the survey page: {v:#?}");
        }
        // Half the answers, then the respondent leaves and comes back.
        let half = answers.len() / 2;
        for (statement, step) in answers.drain(..half) {
            tap(session, &format!("label[for='{statement}-{step}']"));
        }
        let kept = session.exec(&format!(
            "return JSON.parse(localStorage.getItem('{storage_key}') || 'null');"
        ));
        let kept_answers = kept
            .as_object()
            .map(|o| o.keys().filter(|k| !k.ends_with(".fritext")).count());
        assert_eq!(kept_answers, Some(half), "{kept}");
        session.goto(&page);
        wait_page(session);
        for (statement, step) in &who.answers[..half] {
            assert_eq!(
                checked(session, statement),
                step.as_str(),
                "{statement} is kept"
            );
        }
        let progress = session.exec("return document.getElementById('progress').textContent;");
        assert!(
            progress
                .as_str()
                .unwrap()
                .starts_with(&format!("{half} / ")),
            "{progress}"
        );
    }

    for (statement, step) in answers {
        match way {
            Way::Keyboard => {
                session.exec(&format!(
                    "document.getElementById('{statement}-stammer_helt').focus(); return true;"
                ));
                let n = STEPS.iter().position(|s| s == step).unwrap();
                let mut k = vec![SPACE];
                k.extend(std::iter::repeat_n(ARROW_DOWN, n));
                keys(session, &k);
            }
            _ => tap(session, &format!("label[for='{statement}-{step}']")),
        }
        assert_eq!(checked(session, statement), step.as_str(), "{statement}");
    }
    for (field, text) in &who.free {
        session.type_into(&format!("textarea[name='{field}']"), text);
    }
    if way == Way::Keyboard {
        session.exec("document.querySelector('#survey button[type=submit]').focus(); return true;");
        keys(session, &[ENTER]);
    } else {
        tap(session, "#survey button[type=submit]");
    }
    wait_for("the thank-you", WAIT, || {
        (session.exec("return !document.getElementById('thanks').hidden;") == true).then_some(())
    });
    let after = session.exec(&format!(
        "return [document.getElementById('thanks').textContent, document.getElementById('survey').hidden, \
         document.querySelector('#survey button[type=submit]').disabled, document.activeElement.id, \
         localStorage.getItem('{storage_key}')];"
    ));
    assert!(
        after[0].as_str().unwrap().contains("Tack för dina svar"),
        "{after}"
    );
    assert_eq!(after[1], true, "the form is gone after sending: {after}");
    assert_eq!(
        after[2], true,
        "one submit: the button stays disabled: {after}"
    );
    assert_eq!(after[3], "thanks-h", "the thank-you has the focus: {after}");
    assert!(
        after[4].is_null(),
        "the local copy is cleared once sent: {after}"
    );
    if way == Way::PhoneResumed {
        session.cdp("Emulation.clearDeviceMetricsOverride", json!({}));
    }

    // The link is used: the page and a second answer are refused.
    session.goto(&page);
    wait_for("the used link's page", WAIT, || {
        let t = session.exec("return document.body ? document.body.textContent : '';");
        t.as_str()
            .is_some_and(|t| t.contains("redan använd"))
            .then_some(())
    });
    let again = http::request(
        server.addr,
        "POST",
        url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"H.S3=stammer_helt",
    )
    .unwrap();
    assert_eq!(
        again.status,
        410,
        "a used link is refused: {}",
        again.text()
    );
}

fn group<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == name)
        .unwrap()
}

fn figures<'a>(summary: &'a Value, statement: &str, group: &str) -> &'a Value {
    summary["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["statements"].as_array().unwrap())
        .find(|s| s["id"] == statement)
        .and_then(|s| {
            s["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["group"] == group)
        })
        .unwrap_or_else(|| panic!("no {statement} for {group}"))
}

/// The form at `/?inspection=ID`, signed in by the header the browser adds; waits for the
/// survey panel of area H.
fn form_panel(session: &Session, server: &Server, id: i64) -> Value {
    session.goto(&format!("http://{}/?inspection={id}", server.addr));
    wait_ready(session);
    wait_for("the survey panel of area H", WAIT, || {
        (session.exec("return document.body.dataset.surveyPanel === 'ready' && !!document.querySelector('#area-H .survey-panel');") == true)
            .then_some(())
    });
    session.exec(
        "const p = document.querySelector('#area-H .survey-panel'); return { text: p.textContent, \
         suppressed: Array.from(p.querySelectorAll('tr[data-suppressed=true]')).map(r => r.dataset.statement + '/' + r.dataset.group), \
         gaps: Array.from(p.querySelectorAll('.survey-gap')).map(g => g.dataset.handledare + '/' + g.dataset.stLakare), \
         panels: document.querySelectorAll('#areas .survey-panel').length };",
    )
}

#[test]
fn survey_links_answered_in_chromium_summarised_beside_the_areas() {
    let test = "survey_links_answered_in_chromium_summarised_beside_the_areas";
    let Some(browser) = Browser::open(test) else {
        return;
    };
    let session = &browser.session;
    let server = serve();
    let seed = seed();
    let id = server.preparing();
    let links = server.open(id, json!({"handledare": 2, "st-lakare": 4}));
    assert_eq!(links.len(), 6);
    let supervisors: Vec<&String> = links
        .iter()
        .filter(|(g, _)| g == "handledare")
        .map(|(_, u)| u)
        .collect();
    let trainees: Vec<&String> = links
        .iter()
        .filter(|(g, _)| g == "st-lakare")
        .map(|(_, u)| u)
        .collect();
    assert_eq!((supervisors.len(), trainees.len()), (2, 4));

    answer(session, &server, supervisors[0], &seed["H1"], Way::Pointer);
    answer(session, &server, supervisors[1], &seed["H2"], Way::Keyboard);
    answer(
        session,
        &server,
        trainees[0],
        &seed["S1"],
        Way::PhoneResumed,
    );
    answer(session, &server, trainees[1], &seed["S2"], Way::Keyboard);
    answer(session, &server, trainees[2], &seed["S3"], Way::Pointer);
    answer(session, &server, trainees[3], &seed["S4"], Way::Pointer);

    // Two supervisors are too few: withheld everywhere; the ST-läkare are shown.
    let sum = server.summary(id, "json").json();
    assert_eq!(
        group(&sum, "handledare"),
        &json!({"group": "handledare", "suppressed": true, "individual": false})
    );
    assert_eq!(group(&sum, "st-lakare")["respondents"], 4);
    assert_eq!(
        figures(&sum, "H.S2", "handledare"),
        &json!({"group": "handledare", "suppressed": true})
    );
    let s3 = figures(&sum, "H.S3", "st-lakare");
    assert_eq!(s3["answers"], 4, "{s3}");
    assert_eq!(s3["share_positive"], 0.25, "{s3}");
    assert!(
        !sum.to_string().contains("dokumenterar den sällan"),
        "a suppressed group's free text is withheld"
    );
    assert_eq!(sum["discrepancies"], json!([]));
    let html = server.summary(id, "html").text();
    assert!(html.contains("Handledare: för få svar"), "{html}");

    // The same beside each area of the form (signed in with the token the browser adds).
    session.cdp("Network.enable", json!({}));
    session.cdp(
        "Network.setExtraHTTPHeaders",
        json!({"headers": {"Authorization": format!("Bearer {}", server.token)}}),
    );
    let panel = form_panel(session, &server, id);
    assert_eq!(panel["panels"], 8, "a panel beside every area: {panel}");
    assert!(
        panel["text"].as_str().unwrap().contains("för få svar"),
        "{panel}"
    );
    assert!(
        panel["suppressed"]
            .as_array()
            .unwrap()
            .contains(&json!("H.S2/handledare")),
        "{panel}"
    );
    assert!(
        !panel["suppressed"]
            .as_array()
            .unwrap()
            .contains(&json!("H.S3/st-lakare")),
        "{panel}"
    );
    assert!(panel["text"].as_str().unwrap().contains("25 %"), "{panel}");
    assert_eq!(panel["gaps"], json!([]), "{panel}");
    if let Some(v) = axe_violations(session, "form with the survey panel") {
        assert!(
            v.is_empty(),
            "axe on the form with the survey panel: {v:#?}"
        );
    }

    // A third supervisor: the seed's area H gap appears in the summary and in the form.
    let more = server.open(id, json!({"handledare": 1}));
    answer(session, &server, &more[0].1, &seed["H3"], Way::Pointer);
    let sum = server.summary(id, "json").json();
    assert_eq!(group(&sum, "handledare")["respondents"], 3);
    let gaps: Vec<(String, String)> = sum["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["handledare"]["statement"].as_str().unwrap().to_string(),
                d["st_lakare"]["statement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        gaps.contains(&("H.S2".into(), "H.S3".into())),
        "the seed's leadership gap: {gaps:?}"
    );
    let panel = form_panel(session, &server, id);
    let shown = panel["gaps"].as_array().unwrap();
    assert!(shown.contains(&json!("H.S2/H.S3")), "{panel}");
    assert!(
        panel["text"]
            .as_str()
            .unwrap()
            .contains("Skillnad mellan handledare och ST-läkare"),
        "{panel}"
    );
    // In English the panel follows the page.
    session.click("#lang option[value='en']");
    wait_for("the English panel", WAIT, || {
        let t = session.exec("const p = document.querySelector('#area-H .survey-panel'); return p ? p.textContent : '';");
        t.as_str()
            .is_some_and(|t| t.contains("Gap between supervisors"))
            .then_some(())
    });
    screenshot(session, "survey-panel.png");
}
