//! The browser form in a real browser: headless Chromium, driven over WebDriver (chromedriver)
//! with the tiny loopback HTTP client of `support/http.rs` — no WebDriver crate needed.
//!
//! Sets D.F6 to `not_met` and checks that area D turns D under both regulations, exports the
//! inspection as TOML (and JSON), starts a new inspection, re-imports the TOML file and checks
//! that the finding and the grades are back; then switches the page to English.
//!
//! Skipped with a message when Chromium or chromedriver is not installed
//! (Debian: `apt-get install chromium chromium-driver`).

#[path = "support/browser.rs"]
mod browser;
#[path = "support/http.rs"]
mod http;

use browser::*;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

fn serve() -> (
    SocketAddr,
    tokio::runtime::Runtime,
    tokio::sync::oneshot::Sender<()>,
) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    runtime.spawn(async move {
        let _ = spur_server::serve_on(listener, &spur_server::Config::default(), async {
            let _ = stopped.await;
        })
        .await;
    });
    (addr, runtime, stop)
}

#[test]
fn form_grades_exports_and_reimports_in_headless_chromium() {
    let Some(browser) = Browser::open("form_grades_exports_and_reimports_in_headless_chromium")
    else {
        return;
    };
    let (addr, _runtime, _stop) = serve();
    let session = &browser.session;
    let downloads = &browser.downloads;
    session.goto(&format!("http://{addr}/"));
    wait_for(
        "the form to load the catalog",
        Duration::from_secs(20),
        || {
            (session.exec("return document.body.dataset.ready === 'true' && !!document.getElementById('s-D-F6');") == true)
            .then_some(())
        },
    );
    assert_eq!(session.exec("return document.documentElement.lang;"), "sv");
    assert_eq!(
        session.exec("return document.querySelector('h1').textContent;"),
        "SPUR-inspektion"
    );

    session.type_into("#unit", "Testenheten");
    // The form proposes no visit date (today would be a silent guess): the inspector writes it.
    session.type_into("#visit_date", "2026-03-10");
    session.click("#s-D-F6 option[value='not_met']");
    let grades = session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "D"),
        "area D to turn D under both regulations",
    );
    let regs: Vec<&str> = grades.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(regs, ["SOSFS 2015:8", "HSLF-FS 2021:8"]);
    let reasons =
        session.exec("return document.querySelector('#area-D .area-grades').textContent;");
    assert!(
        reasons.as_str().unwrap().contains("D.F6"),
        "the reason trace names D.F6: {reasons}"
    );
    let overview = session.exec(
        "return Array.from(document.querySelectorAll('#overview .grade[data-area=D]')).map(e => e.dataset.final);",
    );
    assert_eq!(overview, json!(["D", "D"]));
    let stored = session.exec(
        "return JSON.parse(localStorage.getItem('spur-form.document.v1')).findings['D.F6'].status;",
    );
    assert_eq!(stored, "not_met", "the work is kept in local storage");

    // Export TOML and JSON.
    session.click("#export-toml");
    let toml_file = wait_for("the TOML export", Duration::from_secs(20), || {
        newest_file(downloads.path(), "toml")
    });
    let toml = std::fs::read_to_string(&toml_file).unwrap();
    assert!(
        toml.contains("[findings.\"D.F6\"]") && toml.contains("not_met"),
        "{toml}"
    );
    assert!(toml.contains("Testenheten"));
    session.click("#export-json");
    let json_file = wait_for("the JSON export", Duration::from_secs(20), || {
        newest_file(downloads.path(), "json")
    });
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(exported["findings"]["D.F6"]["status"], "not_met");

    // Start over: D.F6 is gone and D is no longer D.
    session.click("#new");
    session.cmd("POST", "/alert/accept", Some(json!({})));
    // A new inspection has no visit date either; with one written it grades again.
    assert_eq!(
        session.exec("return document.getElementById('visit_date').value;"),
        ""
    );
    session.type_into("#visit_date", "2026-03-10");
    session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f != "D"),
        "area D to reset",
    );
    assert_eq!(
        session.exec("return document.getElementById('s-D-F6').value;"),
        ""
    );

    // Re-import the exported TOML through the file input.
    let input = session.find("#import");
    session.cmd(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({ "text": toml_file.to_string_lossy() })),
    );
    session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "D"),
        "area D to be D after re-import",
    );
    assert_eq!(
        session.exec("return document.getElementById('s-D-F6').value;"),
        "not_met"
    );
    assert_eq!(
        session.exec("return document.getElementById('unit').value;"),
        "Testenheten"
    );

    // English.
    session.click("#lang option[value='en']");
    wait_for("the English UI", Duration::from_secs(10), || {
        (session.exec("return document.querySelector('h1').textContent;") == "SPUR inspection")
            .then_some(())
    });
    assert_eq!(session.exec("return document.documentElement.lang;"), "en");
}

// ---- The complete form, the offline file and the answer page ----------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every fixture that is a valid inspection document.
fn valid_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures", "fixtures/overview"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let Some(ext) = p.extension().and_then(|x| x.to_str()) else {
                continue;
            };
            if !matches!(ext, "toml" | "json") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let format = spur_core::Format::from_path(&p);
            let checked = spur_core::InspectionDocument::check(
                &text,
                "fixture",
                format,
                spur_core::Catalog::embedded(),
            );
            if checked.into_result().is_ok() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn to_canonical(text: &str, format: spur_core::Format) -> String {
    let (doc, _) = spur_core::InspectionDocument::check(
        text,
        "fixture",
        format,
        spur_core::Catalog::embedded(),
    )
    .into_result()
    .unwrap();
    doc.to_json()
}

/// The canonical JSON of a document (what `POST /v1/convert?to=json` answers), read once more
/// as JSON: a fixed point. (Reading JSON drops empty `areas.X` tables that TOML keeps, so
/// skeleton.toml's first canonical JSON still has `"A": {}`; the second has not.)
fn canonical(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let once = to_canonical(&text, spur_core::Format::from_path(path));
    let twice = to_canonical(&once, spur_core::Format::Json);
    serde_json::from_str(&twice).unwrap()
}

#[test]
fn form_imports_and_exports_every_fixture_as_the_same_canonical_json() {
    let test = "form_imports_and_exports_every_fixture_as_the_same_canonical_json";
    let Some(browser) = Browser::open(test) else {
        return;
    };
    let (addr, _runtime, _stop) = serve();
    let session = &browser.session;
    let downloads = browser.downloads.path();
    session.goto(&format!("http://{addr}/"));
    wait_ready(session);
    let fixtures = valid_fixtures();
    assert!(fixtures.len() >= 7, "{fixtures:?}");
    for fixture in &fixtures {
        clear_dir(downloads);
        upload(session, "#import", fixture);
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        wait_for(
            &format!("{name} to be imported"),
            Duration::from_secs(20),
            || {
                session
                    .exec("return document.getElementById('status').textContent;")
                    .as_str()
                    .is_some_and(|s| s.contains(&name))
                    .then_some(())
            },
        );
        session.click("#export-json");
        let file = wait_download(downloads, "json");
        let exported: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(
            exported,
            canonical(fixture),
            "{name}: import → export changed the document"
        );
    }
    eprintln!("round trip: {} fixtures", fixtures.len());

    // The seed fills every part of the form.
    upload(
        session,
        "#import",
        &root().join("fixtures/seed-vardcentral.toml"),
    );
    session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "C"),
        "D→C for the seed",
    );
    let counts = session.exec(
        "return [document.querySelectorAll('#list-strengths textarea').length, document.querySelectorAll('#list-improvements textarea').length, document.getElementById('narrative-D').value.length, document.querySelectorAll('#plan-items .plan-item').length, document.getElementById('pe-D-F6-due').value, document.getElementById('received').value];",
    );
    assert!(counts[0].as_u64().unwrap() >= 1, "{counts}");
    assert!(counts[1].as_u64().unwrap() >= 1, "{counts}");
    assert!(counts[2].as_u64().unwrap() > 0, "{counts}");
    assert_eq!(counts[3], 6, "six required items: {counts}");
    assert_eq!(counts[4], "2026-03-01");
    assert_eq!(counts[5], "2026-01-15");

    // Accessibility of the filled form.
    if let Some(violations) = axe_violations(session, test) {
        assert!(
            violations.is_empty(),
            "serious/critical axe-core violations:\n{}",
            violations.join("\n")
        );
        eprintln!("axe-core: no serious or critical violation on the filled form");
    }
    screenshot(session, "form.png");
    session.exec("document.getElementById('area-D').scrollIntoView();");
    screenshot(session, "form-area.png");
    session.exec("document.getElementById('plan').scrollIntoView();");
    screenshot(session, "form-plan.png");
}

#[test]
fn form_edits_report_text_overrides_and_the_plan_by_keyboard() {
    let test = "form_edits_report_text_overrides_and_the_plan_by_keyboard";
    let Some(browser) = Browser::open(test) else {
        return;
    };
    let (addr, _runtime, _stop) = serve();
    let session = &browser.session;
    let downloads = browser.downloads.path();
    session.goto(&format!("http://{addr}/"));
    wait_ready(session);
    session.type_into("#unit", "Tangentbordsenheten");
    // The form proposes no visit date (today would be a silent guess): the inspector writes it.
    session.type_into("#visit_date", "2026-03-10");
    // Styrkor: add two, reorder, remove one.
    session.click("#strengths-add");
    session.type_into("#strengths-0", "Första");
    session.click("#strengths-add");
    session.type_into("#strengths-1", "Andra");
    session.click("#strengths-1-up");
    let order = session.exec(
        "return Array.from(document.querySelectorAll('#list-strengths textarea')).map(t => t.value);",
    );
    assert_eq!(order, json!(["Andra", "Första"]));
    let focus = session.exec("return document.activeElement.id;");
    assert!(
        focus.as_str().unwrap().starts_with("strengths-0"),
        "focus follows the moved item: {focus}"
    );
    session.click("#strengths-1-remove");
    session.click("#improvements-add");
    session.type_into("#improvements-0", "Punkt ett");
    // The report's status, date and version (`[report] status/date/version`).
    assert_eq!(
        session
            .exec("return document.getElementById('report-status').closest('fieldset').disabled;"),
        false,
        "this build's model has report status/date/version"
    );
    let statuses = session.exec(
        "return Array.from(document.querySelectorAll('#report-status option')).map(o => o.value);",
    );
    // Utkast (draft) by default: a new report is a draft until someone says otherwise.
    assert_eq!(statuses, json!(["draft", "preliminary", "final"]));
    session.click("#report-status option[value='preliminary']");
    session.exec("const e = document.getElementById('report-date'); e.value = '2026-03-15'; e.dispatchEvent(new Event('change'));");
    session.type_into("#report-version", "0.9");
    // A narrative and an override without a reason: the problem is shown.
    session.type_into("#narrative-D", "Stycke ett.\n\nStycke två.");
    session.click("#o-G-on");
    session.click("#o-G-grade option[value='B']");
    wait_for("the missing reason", Duration::from_secs(10), || {
        session
            .exec("return document.getElementById('o-G-reason-problem').textContent;")
            .as_str()
            .is_some_and(|s| !s.is_empty())
            .then_some(())
    });
    session.type_into("#o-G-reason", "Bedömt på plats.");
    // A brist, its plan entry filled in with a due date before the visit first.
    session.click("#s-D-F6 option[value='not_met']");
    session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "D"),
        "D",
    );
    wait_for("the plan item", Duration::from_secs(10), || {
        (session.exec("return !!document.getElementById('pe-D-F6-action');") == true).then_some(())
    });
    let visit = session.exec("return document.getElementById('visit_date').value;");
    let visit = visit.as_str().unwrap().to_string();
    session.exec("const e = document.getElementById('visit_date'); e.value = '2026-02-10'; e.dispatchEvent(new Event('change'));");
    session.type_into("#pe-D-F6-action", "IUP för alla");
    session.exec("const e = document.getElementById('pe-D-F6-due'); e.value = '2026-01-01'; e.dispatchEvent(new Event('input'));");
    let problem =
        session.exec("return document.getElementById('pe-D-F6-due-problem').textContent;");
    assert!(
        problem.as_str().unwrap().contains("2026-02-10"),
        "{problem} (visit was {visit})"
    );
    session.exec("const e = document.getElementById('pe-D-F6-due'); e.value = '2026-04-01'; e.dispatchEvent(new Event('input'));");
    session.exec("const e = document.getElementById('pe-D-F6-follow_up'); e.value = '2026-03-01'; e.dispatchEvent(new Event('input'));");
    let problem =
        session.exec("return document.getElementById('pe-D-F6-follow_up-problem').textContent;");
    assert!(
        problem.as_str().unwrap().contains("2026-04-01"),
        "{problem}"
    );
    session.exec("const e = document.getElementById('pe-D-F6-follow_up'); e.value = '2026-09-01'; e.dispatchEvent(new Event('input'));");
    session.type_into("#pe-D-F6-responsible", "Studierektor, Verksamhetschef");
    session.type_into("#pe-D-F6-follow_up_responsible", "Verksamhetschef");
    assert_eq!(
        session.exec("return document.querySelector('#pe-D-F6 .entry-state').className;"),
        "entry-state ok"
    );
    session.exec("const e = document.getElementById('received'); e.value = '2026-03-01'; e.dispatchEvent(new Event('change'));");
    session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "C"),
        "D→C with the received, complete plan",
    );
    session.click("#export-json");
    let file = wait_download(downloads, "json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["report"]["strengths"], json!(["Andra"]));
    assert_eq!(v["report"]["improvements"], json!(["Punkt ett"]));
    assert_eq!(v["report"]["status"], "preliminary");
    assert_eq!(v["report"]["date"], "2026-03-15");
    assert_eq!(v["report"]["version"], "0.9");
    assert_eq!(v["areas"]["D"]["narrative"], "Stycke ett.\n\nStycke två.");
    assert_eq!(v["overrides"]["G"]["grade"], "B");
    assert_eq!(v["overrides"]["G"]["reason"], "Bedömt på plats.");
    let e = &v["handlingsplan"]["entries"][0];
    assert_eq!(e["criterion"], "D.F6");
    assert_eq!(e["responsible"], json!(["Studierektor", "Verksamhetschef"]));
    assert_eq!(v["handlingsplan"]["received"], "2026-03-01");
    // What the form exports is a valid document.
    spur_core::InspectionDocument::check(
        &v.to_string(),
        "export",
        spur_core::Format::Json,
        spur_core::Catalog::embedded(),
    )
    .into_result()
    .unwrap();
}

#[test]
fn offline_form_file_grades_with_networking_off() {
    let test = "offline_form_file_grades_with_networking_off";
    let Some(browser) = Browser::open(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spur-form.html");
    std::fs::write(&file, spur_server::offline_form_html()).unwrap();
    let session = &browser.session;
    let downloads = browser.downloads.path();
    session.cdp("Network.enable", json!({}));
    session.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": true, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0 }),
    );
    session.goto(&format!("file://{}", file.display()));
    wait_ready(session);
    assert_eq!(
        session.exec("return document.querySelectorAll('script[src], link[href]').length;"),
        0,
        "nothing is loaded from elsewhere"
    );
    session.type_into("#unit", "Offlineenheten");
    // The form proposes no visit date (today would be a silent guess): the inspector writes it.
    session.type_into("#visit_date", "2026-03-10");
    session.click("#s-D-F6 option[value='not_met']");
    let grades = session.wait_area(
        "D",
        |g| g.len() == 2 && g.iter().all(|(_, f)| f == "D"),
        "area D to turn D under both regulations, offline",
    );
    let regs: Vec<&str> = grades.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(regs, ["SOSFS 2015:8", "HSLF-FS 2021:8"]);
    session.click("#export-json");
    let json_file = wait_download(downloads, "json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(v["findings"]["D.F6"]["status"], "not_met");
    assert_eq!(v["inspection"]["unit"], "Offlineenheten");
    session.click("#export-toml");
    let toml_file = wait_download(downloads, "toml");
    let toml = std::fs::read_to_string(&toml_file).unwrap();
    assert!(
        toml.contains("not_met") && toml.contains("Offlineenheten"),
        "{toml}"
    );
    session.click("[data-download=report][data-format=html]");
    let report = wait_download(downloads, "html");
    assert!(
        std::fs::read_to_string(report)
            .unwrap()
            .contains("Offlineenheten")
    );
    assert_eq!(
        session
            .exec("return getComputedStyle(document.querySelector('[data-format=docx]')).display;"),
        "none",
        "DOCX needs the server"
    );
}

#[test]
fn answer_page_fills_the_template_and_exports_an_answer_that_regrades() {
    let test = "answer_page_fills_the_template_and_exports_an_answer_that_regrades";
    let Some(browser) = Browser::open(test) else {
        return;
    };
    let (addr, _runtime, _stop) = serve();
    let inspection = std::fs::read_to_string(root().join("fixtures/minimal.toml")).unwrap();
    let doc = spur_core::InspectionDocument::from_toml_str(&inspection).unwrap();
    let g = spur_grading::Graded::new(
        doc.clone(),
        std::sync::Arc::new(spur_core::Catalog::embedded().clone()),
        &spur_grading::Settings::default(),
    );
    let template =
        spur_report::render_handlingsplan(&g, spur_report::PlanFormat::Toml, spur_report::Lang::Sv)
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let template_file = dir.path().join("handlingsplan.toml");
    std::fs::write(&template_file, &template).unwrap();

    let session = &browser.session;
    let downloads = browser.downloads.path();
    session.goto(&format!("http://{addr}/handlingsplan"));
    wait_ready(session);
    upload(session, "#open", &template_file);
    wait_for("the item", Duration::from_secs(10), || {
        (session.exec("return !!document.getElementById('pe-D-F6-action');") == true).then_some(())
    });
    let note = session.exec("return document.querySelector('#pe-D-F6 .finding-note').textContent;");
    assert_eq!(
        session.exec("return getComputedStyle(document.getElementById('export-docx')).display;"),
        "none",
        "DOCX only when the inspection itself was opened"
    );
    assert_eq!(
        session.exec("return getComputedStyle(document.getElementById('export-pdf')).display;"),
        "none",
        "PDF only when the inspection itself was opened"
    );
    assert!(note.as_str().unwrap().contains("IUP saknas"), "{note}");
    session.type_into("#pe-D-F6-action", "IUP för alla ST-läkare");
    session.exec("const e = document.getElementById('pe-D-F6-due'); e.value = '2026-01-01'; e.dispatchEvent(new Event('input'));");
    let problem =
        session.exec("return document.getElementById('pe-D-F6-due-problem').textContent;");
    assert!(
        problem.as_str().unwrap().contains("2026-02-10"),
        "due before the visit: {problem}"
    );
    session.exec("const e = document.getElementById('pe-D-F6-due'); e.value = '2026-04-01'; e.dispatchEvent(new Event('input'));");
    session.exec("const e = document.getElementById('pe-D-F6-follow_up'); e.value = '2026-09-01'; e.dispatchEvent(new Event('input'));");
    assert_eq!(
        session.exec(
            "return document.getElementById('pe-D-F6-responsible-problem').textContent.length > 0;"
        ),
        true,
        "someone responsible is required"
    );
    session.type_into("#pe-D-F6-responsible", "Studierektor");
    session.type_into("#pe-D-F6-follow_up_responsible", "Verksamhetschef");
    assert_eq!(
        session.exec("return document.querySelector('#pe-D-F6 .entry-state').className;"),
        "entry-state ok"
    );
    // Kept on reload.
    session.goto(&format!("http://{addr}/handlingsplan"));
    wait_ready(session);
    assert_eq!(
        session.exec("return document.getElementById('pe-D-F6-action').value;"),
        "IUP för alla ST-läkare"
    );
    if let Some(violations) = axe_violations(session, test) {
        assert!(
            violations.is_empty(),
            "axe-core:\n{}",
            violations.join("\n")
        );
    }
    screenshot(session, "answer.png");
    session.click("#export-toml");
    let answer = wait_download(downloads, "toml");
    let answer = std::fs::read(&answer).unwrap();
    let out = spur_import::import(
        &inspection,
        spur_core::Format::Toml,
        &answer,
        spur_import::FilledFormat::Toml,
        spur_core::Catalog::embedded(),
        &spur_import::Options {
            received: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&answer)));
    let d = out
        .changes
        .iter()
        .find(|c| c.area == spur_core::AreaId::D)
        .unwrap();
    assert_eq!((d.before.as_str(), d.after.as_str()), ("D", "D→C"));
    session.click("#export-json");
    let answer = wait_download(downloads, "json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(answer).unwrap()).unwrap();
    assert_eq!(v["handlingsplan"]["entries"][0]["due"], "2026-04-01");

    // The inspection itself opens too, and then DOCX comes from the server.
    upload(
        session,
        "#open",
        &root().join("fixtures/seed-vardcentral.toml"),
    );
    wait_for("the seed's six items", Duration::from_secs(10), || {
        (session.exec("return document.querySelectorAll('.plan-item').length;") == 6).then_some(())
    });
    assert_eq!(
        session.exec("return document.getElementById('pe-E-F1-due').value;"),
        "2026-03-01"
    );
    session.click("#export-docx");
    wait_download(downloads, "docx");
    session.click("#export-pdf");
    let pdf = std::fs::read(wait_download(downloads, "pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the answer as PDF");
}
