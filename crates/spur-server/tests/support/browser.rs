//! Headless Chromium over WebDriver (chromedriver) for the browser tests: start the driver, open a
//! session with its own profile and download directory, find/click/type, run scripts, wait, and
//! check a page with axe-core. Shared by every browser test file:
//! `#[path = "support/http.rs"] mod http; #[path = "support/browser.rs"] mod browser;`.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::http;

pub(crate) const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub(crate) fn find_program(candidates: &[&str]) -> Option<PathBuf> {
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
pub(crate) fn wait_for<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
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
pub(crate) struct Driver {
    child: Child,
    pub(crate) addr: SocketAddr,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver session.
pub(crate) struct Session {
    pub(crate) addr: SocketAddr,
    pub(crate) id: String,
}

pub(crate) fn wd(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> Value {
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
    pub(crate) fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        wd(
            self.addr,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }
    pub(crate) fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }
    /// The element `css` selects, waiting (up to 30 s, as for the page to start) for the page
    /// to add it: a click that adds a row re-renders asynchronously, and a loaded machine can
    /// be slow to show it (10 s was once too short with five browsers on two cores).
    pub(crate) fn find(&self, css: &str) -> String {
        let body = json!({ "using": "css selector", "value": css }).to_string();
        let path = format!("/session/{}/element", self.id);
        let headers = [("Content-Type", "application/json")];
        let start = Instant::now();
        loop {
            let r = http::request(self.addr, "POST", &path, &headers, body.as_bytes())
                .unwrap_or_else(|e| panic!("WebDriver POST {path}: {e}"));
            let v = r.json();
            if r.status == 200 {
                return v["value"][ELEMENT]
                    .as_str()
                    .unwrap_or_else(|| panic!("no element {css}: {v}"))
                    .to_string();
            }
            let missing = v["value"]["error"] == "no such element";
            assert!(
                missing && start.elapsed() < Duration::from_secs(30),
                "no element {css} ({}): {}",
                r.status,
                r.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    pub(crate) fn click(&self, css: &str) {
        let el = self.find(css);
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }
    pub(crate) fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }
    /// A Chrome DevTools Protocol command through chromedriver.
    pub(crate) fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }
    pub(crate) fn exec(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }
    /// `[regulation, final grade]` of every grade badge in area `area`'s section.
    pub(crate) fn area_grades(&self, area: &str) -> Vec<(String, String)> {
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
    pub(crate) fn wait_area(
        &self,
        area: &str,
        want: impl Fn(&[(String, String)]) -> bool,
        what: &str,
    ) -> Vec<(String, String)> {
        let start = Instant::now();
        loop {
            let g = self.area_grades(area);
            if want(&g) {
                return g;
            }
            if start.elapsed() > Duration::from_secs(20) {
                // What the page says instead: its status line and its list of problems.
                let page = self.exec(
                    "return [document.getElementById('status').textContent, document.getElementById('problems').innerText];",
                );
                panic!("gave up waiting for {what}; the page shows {page}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
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

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn start_chromedriver(driver: &Path) -> Driver {
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

pub(crate) fn newest_file(dir: &Path, extension: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

/// Headless Chromium under chromedriver, with its own profile and download directory.
pub(crate) struct Browser {
    pub(crate) session: Session,
    pub(crate) downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    /// The browser, or `None` (with a loud SKIP message) when Chromium or chromedriver is not
    /// installed.
    pub(crate) fn open(test: &str) -> Option<Browser> {
        let chromium = find_program(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
        let driver = find_program(&["chromedriver", "/usr/bin/chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            eprintln!(
                "SKIP: {test}: chromium/chromedriver not installed (Debian: apt-get install chromium chromium-driver)"
            );
            return None;
        };
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
                    "--allow-file-access-from-files",
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
        session.cdp(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": downloads.path().to_string_lossy() }),
        );
        Some(Browser {
            session,
            downloads,
            _profile: profile,
            _driver: chromedriver,
        })
    }
}

pub(crate) fn clear_dir(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let _ = std::fs::remove_file(e.unwrap().path());
    }
}

pub(crate) fn wait_ready(session: &Session) {
    wait_for("the page to start", Duration::from_secs(30), || {
        (session.exec("return document.body.dataset.ready === 'true';") == true).then_some(())
    });
}

pub(crate) fn upload(session: &Session, css: &str, file: &Path) {
    let input = session.find(css);
    session.cmd(
        "POST",
        &format!("/element/{input}/value"),
        Some(json!({ "text": file.to_string_lossy() })),
    );
}

pub(crate) fn wait_download(dir: &Path, extension: &str) -> PathBuf {
    wait_for(
        &format!("a .{extension} download"),
        Duration::from_secs(20),
        || {
            let p = newest_file(dir, extension)?;
            // Chromium writes `.crdownload` first; the final name appears when complete.
            Some(p)
        },
    )
}

/// Run axe-core (npm, `crates/spur-server/tests/browser-tools`) in the page: the serious and
/// critical violations, as `id: target…` lines. `None` when axe-core is not installed.
pub(crate) fn axe_violations(session: &Session, test: &str) -> Option<Vec<String>> {
    let axe = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser-tools/node_modules/axe-core/axe.min.js");
    let Ok(source) = std::fs::read_to_string(&axe) else {
        eprintln!(
            "SKIP: {test}: the axe-core check, because {} is missing (run `npm ci` in crates/spur-server/tests/browser-tools)",
            axe.display()
        );
        return None;
    };
    session.exec(&format!(
        "{source}\n;window.__axe = window.axe; return true;"
    ));
    let v = session.cmd(
        "POST",
        "/execute/async",
        Some(json!({ "script": "const done = arguments[arguments.length - 1]; window.__axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')))).catch(e => done(['axe failed: ' + e]));", "args": [] })),
    );
    Some(
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect(),
    )
}

/// With `SPUR_SCREENSHOTS=DIR`, a screenshot of the viewport to DIR/NAME.
pub(crate) fn screenshot(session: &Session, name: &str) {
    let Some(dir) = std::env::var_os("SPUR_SCREENSHOTS") else {
        return;
    };
    let png = session.cmd("GET", "/screenshot", None);
    if let Some(b64) = png.as_str() {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        std::fs::write(PathBuf::from(dir).join(name), bytes).unwrap();
    }
}
