//! The browser form in a real browser: headless Chromium, driven over WebDriver (chromedriver)
//! with the tiny loopback HTTP client of `support/http.rs` — no WebDriver crate needed.
//!
//! Sets D.F6 to `not_met` and checks that area D turns D under both regulations, exports the
//! inspection as TOML (and JSON), starts a new inspection, re-imports the TOML file and checks
//! that the finding and the grades are back; then switches the page to English.
//!
//! Skipped with a message when Chromium or chromedriver is not installed
//! (Debian: `apt-get install chromium chromium-driver`).

#[path = "support/http.rs"]
mod http;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(candidates: &[&str]) -> Option<PathBuf> {
    for c in candidates {
        let p = Path::new(c);
        if p.is_absolute() {
            if p.is_file() {
                return Some(p.to_path_buf());
            }
            continue;
        }
        if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                let full = dir.join(c);
                if full.is_file() {
                    return Some(full);
                }
            }
        }
    }
    None
}

/// Wait (bounded) until `f` gives `Some`.
fn wait_for<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// chromedriver, killed (by its own handle) when dropped.
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver session.
struct Session {
    addr: SocketAddr,
    id: String,
}

fn wd(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let headers: &[(&str, &str)] = if method == "POST" {
        &[("Content-Type", "application/json")]
    } else {
        &[]
    };
    let r = http::request(addr, method, path, headers, body.as_bytes())
        .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
    let v = r.json();
    assert!(
        r.status == 200,
        "WebDriver {method} {path} → {}: {}",
        r.status,
        r.text()
    );
    v["value"].clone()
}

impl Session {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        wd(
            self.addr,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }
    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }
    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }
    fn click(&self, css: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }
    fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }
    fn exec(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }
    /// `[regulation, final grade]` of every grade badge in area `area`'s section.
    fn area_grades(&self, area: &str) -> Vec<(String, String)> {
        let v = self.exec(&format!(
            "return Array.from(document.querySelectorAll('#area-{area} .area-grades .grade')).map(e => [e.dataset.regulation, e.dataset.final]);"
        ));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap_or("").to_string(),
                            p[1].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    fn wait_area(
        &self,
        area: &str,
        want: impl Fn(&[(String, String)]) -> bool,
        what: &str,
    ) -> Vec<(String, String)> {
        wait_for(what, Duration::from_secs(20), || {
            let g = self.area_grades(area);
            want(&g).then_some(g)
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http::request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.id),
            &[],
            b"",
        );
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_chromedriver(driver: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let d = Driver { child, addr };
    wait_for("chromedriver to be ready", Duration::from_secs(20), || {
        let r = http::request(addr, "GET", "/status", &[], b"").ok()?;
        (r.json()["value"]["ready"] == true).then_some(())
    });
    d
}

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

fn newest_file(dir: &Path, extension: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

#[test]
fn form_grades_exports_and_reimports_in_headless_chromium() {
    let chromium = find_program(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
    let driver = find_program(&["chromedriver", "/usr/bin/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        eprintln!(
            "skipping: chromium/chromedriver not installed (Debian: apt-get install chromium chromium-driver)"
        );
        return;
    };
    let (addr, _runtime, _stop) = serve();
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let chromedriver = start_chromedriver(&driver);
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads.path().to_string_lossy(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true
            }
        }
    }}});
    let created = wd(chromedriver.addr, "POST", "/session", Some(caps));
    let session = Session {
        addr: chromedriver.addr,
        id: created["sessionId"]
            .as_str()
            .expect("session id")
            .to_string(),
    };
    // Headless Chromium needs downloads allowed explicitly.
    let _ = http::request(
        session.addr,
        "POST",
        &format!("/session/{}/goog/cdp/execute", session.id),
        &[("Content-Type", "application/json")],
        json!({ "cmd": "Browser.setDownloadBehavior", "params": {
            "behavior": "allow", "downloadPath": downloads.path().to_string_lossy() } })
        .to_string()
        .as_bytes(),
    );

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
    drop(session);
    drop(chromedriver);
}
