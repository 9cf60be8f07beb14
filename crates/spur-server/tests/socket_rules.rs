//! Issue 27 on a real loopback socket: the `Host` rules (two → 400, none on HTTP/1.1 → 400, a
//! foreign absolute-form target → 400), a job answered 503 at its deadline giving its slot back
//! at once, and hostile unit files answered 422, never 500.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use spur_server::{Config, serve_on};
use tokio::sync::oneshot;

const MINIMAL: &str = include_str!("../../../fixtures/minimal.toml");

/// A server on 127.0.0.1:<free port> in its own runtime; dropping the handle stops it.
struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn start(config: Config) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        runtime.spawn(async move {
            let _ = serve_on(listener, &config, async {
                let _ = stopped.await;
            })
            .await;
        });
        Server {
            addr,
            stop: Some(stop),
            _runtime: runtime,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Send `bytes` on a fresh connection and read the answer until the server closes it.
fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(bytes).unwrap();
    s.flush().unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer:?}"))
}

#[test]
fn host_rules_on_the_socket() {
    let server = Server::start(Config::default());
    let host = server.addr.to_string();
    for (what, request, want) in [
        (
            "two Host headers",
            format!(
                "GET /healthz HTTP/1.1\r\nHost: {host}\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"
            ),
            400,
        ),
        (
            "two Host headers, both this server",
            format!(
                "GET /healthz HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ),
            400,
        ),
        (
            "no Host on HTTP/1.1",
            "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
            400,
        ),
        (
            "a foreign absolute-form target",
            format!(
                "GET http://attacker.example/healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ),
            400,
        ),
        (
            "this server in absolute form",
            format!(
                "GET http://{host}/healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ),
            200,
        ),
        (
            "HTTP/1.0 without Host",
            "GET /healthz HTTP/1.0\r\n\r\n".to_string(),
            200,
        ),
        (
            "one Host naming this server",
            format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            200,
        ),
    ] {
        let answer = exchange(server.addr, request.as_bytes());
        assert_eq!(status(&answer), want, "{what}: {answer}");
        if want == 400 {
            assert!(
                answer
                    .to_ascii_lowercase()
                    .contains("application/problem+json"),
                "{what}: {answer}"
            );
        }
    }
}

fn post(addr: SocketAddr, path: &str, content_type: &str, body: &[u8]) -> String {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    exchange(addr, &req)
}

#[test]
#[ignore = "timing-dependent: needs a PDF render slower than the 400 ms deadline; run with --ignored (the slot accounting itself is the unit test work::a_job_abandoned_at_its_deadline_gives_its_slot_back_at_once)"]
fn jobs_answered_503_at_their_deadline_give_their_slots_back_at_once() {
    // Two slots; two PDF renders that outlive the deadline.
    let server = Server::start(Config {
        max_jobs: 2,
        max_queue: 8,
        timeout: Duration::from_millis(400),
        ..Config::default()
    });
    let addr = server.addr;
    // The minimal document with 100 KB of narrative: within the PDF budget, seconds of typesetting.
    let slow_doc = format!(
        "{MINIMAL}\n[areas.D]\nnarrative = \"{}\"\n",
        "ordet ".repeat(100_000 / 6)
    );
    let slow: Vec<_> = (0..2)
        .map(|_| {
            let doc = slow_doc.clone();
            std::thread::spawn(move || {
                post(
                    addr,
                    "/v1/report?format=pdf",
                    "application/toml",
                    doc.as_bytes(),
                )
            })
        })
        .collect();
    for t in slow {
        let answer = t.join().unwrap();
        assert_eq!(status(&answer), 503, "{answer}");
    }
    // Right after both 503s the renders still run, but their slots are free: a minimal grade
    // is answered, within its own 400 ms deadline.
    let answer = post(addr, "/v1/grade", "application/toml", MINIMAL.as_bytes());
    assert_eq!(status(&answer), 200, "{answer}");
}

/// A workbook whose sheet has a cell at A1 and one at XFD1048576, and refers to a shared string
/// that does not exist.
fn hostile_xlsx() -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        (
            "xl/workbook.xml",
            r#"<workbook xmlns:r="r"><sheets><sheet name="P" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/sharedStrings.xml",
            "<sst><si><t>Kriterium</t></si></sst>",
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
        ),
    ] {
        out.start_file(name, opts).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_hostile_xlsx_is_422_with_located_problems_not_500() {
    use base64::Engine as _;
    let server = Server::start(Config::default());
    let body = serde_json::json!({
        "inspection": MINIMAL,
        "filled_base64": base64::engine::general_purpose::STANDARD.encode(hostile_xlsx()),
        "filled_format": "xlsx",
    });
    let answer = post(
        server.addr,
        "/v1/handlingsplan/import",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(status(&answer), 422, "{answer}");
    assert!(answer.contains("XFD1048576"), "{answer}");
    assert!(answer.contains("shared string"), "{answer}");
}
