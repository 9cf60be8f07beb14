//! Worst-case load against a loopback server started in this process: the figures of
//! docs/security.md.
//!
//! ```text
//! cargo run --release -p spur-server --example worst
//! ```
//!
//! 1. **Memory per request:** each worst-case 2 MB document alone; the peak RSS rise of the
//!    process (Linux `VmHWM`, reset through `/proc/self/clear_refs`) divided by the body size.
//! 2. **Four in flight:** four client threads send worst-case documents back to back for
//!    `--seconds` while another polls `/healthz`; prints the `/healthz` p50/p99/max and the
//!    slowest document answer.
//! 3. **Slow headers:** 200 connections send a request head at 1 byte/s; prints how long the
//!    server took to close them and `/healthz` latency meanwhile.
//! 4. RSS after the load (memory returned?).
//!
//! Client and server share the machine (and this process); the server only ever binds
//! 127.0.0.1.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/http.rs"]
mod http;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MINIMAL: &str = include_str!("../../../fixtures/minimal.toml");
const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const TWO_MB: usize = 2 * 1024 * 1024 - 4096;

struct Case {
    name: &'static str,
    path: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let head = &MINIMAL[..MINIMAL.find("[findings]").expect("minimal has findings")];
    // ~110 000 unknown criterion ids, TOML, one per line.
    let mut toml = format!("{head}[findings]\n");
    let mut n = 0;
    while toml.len() < TWO_MB - 40 {
        toml.push_str(&format!("\"Q.Z{n}\" = \"met\"\n"));
        n += 1;
    }
    // The same as one-line JSON.
    let mut json = String::from(
        r#"{"inspection":{"unit":"U","visit_date":"2026-01-01","regulations":["2021"]},"findings":{"#,
    );
    let mut n = 0;
    while json.len() < TWO_MB - 40 {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"Q.Z{n}\":\"met\""));
        n += 1;
    }
    json.push_str("}}");
    // ~500 000 one-character strengths, as a DOCX report.
    let mut doc = spur_core::InspectionDocument::from_toml_str(SEED).expect("seed");
    let mut small = doc.clone();
    small.report.strengths = Vec::new();
    let base = serde_json::to_string(&small).expect("json").len();
    small.report.strengths = vec!["x".into(); (TWO_MB - base) / 4];
    let strengths = serde_json::to_string(&small).expect("json");
    // Long texts that fit the budget: 1 000 strengths of ~2 000 characters, DOCX and HTML.
    let text = "Mycket engagerade handledare med stor kunskap om handledning. ".repeat(32);
    doc.report.strengths = vec![text; (TWO_MB - base) / 2050];
    let long = serde_json::to_string(&doc).expect("json");
    vec![
        Case {
            name: "110k unknown ids, TOML, validate",
            path: "/v1/validate",
            content_type: "application/toml",
            body: toml.into_bytes(),
        },
        Case {
            name: "110k unknown ids, one-line JSON, grade",
            path: "/v1/grade",
            content_type: "application/json",
            body: json.into_bytes(),
        },
        Case {
            name: "500k one-char strengths, DOCX report",
            path: "/v1/report?format=docx",
            content_type: "application/json",
            body: strengths.into_bytes(),
        },
        Case {
            name: "1k long strengths, DOCX report",
            path: "/v1/report?format=docx",
            content_type: "application/json",
            body: long.clone().into_bytes(),
        },
        Case {
            name: "1k long strengths, HTML report",
            path: "/v1/report?format=html",
            content_type: "application/json",
            body: long.into_bytes(),
        },
    ]
}

fn status_kb(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn send(addr: SocketAddr, c: &Case) -> (u16, Duration) {
    let t = Instant::now();
    let status = http::Client::connect(addr)
        .and_then(|mut cl| cl.request("POST", c.path, &[("Content-Type", c.content_type)], &c.body))
        .map_or(0, |r| r.status);
    (status, t.elapsed())
}

/// Poll /healthz every 10 ms until `stop`; the latencies.
fn poll_health(addr: SocketAddr, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Vec<Duration>> {
    std::thread::spawn(move || {
        let mut lat = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let t = Instant::now();
            let ok =
                http::request(addr, "GET", "/healthz", &[], b"").is_ok_and(|r| r.status == 200);
            lat.push(if ok {
                t.elapsed()
            } else {
                Duration::from_secs(3600)
            });
            std::thread::sleep(Duration::from_millis(10));
        }
        lat.sort();
        lat
    })
}

fn main() {
    let seconds: u64 = std::env::args()
        .skip_while(|a| a != "--seconds")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("address");
    assert!(addr.ip().is_loopback());
    let config = spur_server::Config::default();
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(async move {
        spur_server::serve_on(listener, &config, async {
            let _ = stopped.await;
        })
        .await
    });
    let cases = Arc::new(cases());
    println!(
        "spur-server worst-case load (release build, {} CPUs)",
        spur_server::default_max_jobs()
    );
    println!("\n## 1. Each worst-case document alone\n");
    println!("| document | body | status | time | peak RSS rise | × body |");
    println!("|---|---|---|---|---|---|");
    let _ = send(addr, &cases[4]); // warm up
    for c in cases.iter() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = status_kb("VmRSS:");
        let (status, took) = send(addr, c);
        let peak = status_kb("VmHWM:");
        let rise = peak.saturating_sub(before) * 1024;
        println!(
            "| {} | {:.2} MB | {status} | {} | {:.1} MB | {:.1} |",
            c.name,
            c.body.len() as f64 / 1e6,
            ms(took),
            rise as f64 / 1e6,
            rise as f64 / c.body.len() as f64
        );
    }
    println!(
        "\nRSS after the single requests: {:.1} MB",
        status_kb("VmRSS:") as f64 / 1024.0
    );

    println!(
        "\n## 2. Four worst-case documents in flight for {seconds} s, /healthz polled every 10 ms\n"
    );
    let stop = Arc::new(AtomicBool::new(false));
    let health = poll_health(addr, stop.clone());
    let results = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let senders: Vec<_> = (0..4)
        .map(|i| {
            let (cases, results) = (cases.clone(), results.clone());
            std::thread::spawn(move || {
                let mut k = i;
                while started.elapsed() < Duration::from_secs(seconds) {
                    let c = &cases[k % cases.len()];
                    let (status, took) = send(addr, c);
                    results.lock().expect("lock").push((c.name, status, took));
                    k += 1;
                }
            })
        })
        .collect();
    for s in senders {
        let _ = s.join();
    }
    stop.store(true, Ordering::Relaxed);
    let lat = health.join().unwrap_or_default();
    let results = results.lock().expect("lock").clone();
    let slowest = results.iter().map(|r| r.2).max().unwrap_or_default();
    let mut by_status = std::collections::BTreeMap::new();
    for r in &results {
        *by_status.entry(r.1).or_insert(0) += 1;
    }
    println!(
        "documents answered: {} ({by_status:?} by status); slowest answer {}",
        results.len(),
        ms(slowest)
    );
    println!(
        "/healthz: {} polls, p50 {}, p99 {}, max {}",
        lat.len(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default())
    );
    println!(
        "peak RSS so far: {:.1} MB; RSS now: {:.1} MB",
        status_kb("VmHWM:") as f64 / 1024.0,
        status_kb("VmRSS:") as f64 / 1024.0
    );

    println!(
        "\n## 3. 200 slow-header connections (1 byte/s), header timeout {} s\n",
        spur_server::DEFAULT_HEADER_TIMEOUT.as_secs()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let health = poll_health(addr, stop.clone());
    let t0 = Instant::now();
    let slow: Vec<_> = (0..200)
        .map(|_| {
            std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(addr) else { return None };
                let _ = s.set_read_timeout(Some(Duration::from_millis(900)));
                let head = b"POST /v1/grade HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/toml\r\n";
                for b in head.iter().cycle() {
                    if s.write_all(&[*b]).is_err() {
                        return Some(t0.elapsed());
                    }
                    let mut buf = [0u8; 256];
                    match s.read(&mut buf) {
                        Ok(0) => return Some(t0.elapsed()),
                        Ok(_) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
                        Err(_) => return Some(t0.elapsed()),
                    }
                    if t0.elapsed() > Duration::from_secs(120) {
                        return None;
                    }
                }
                None
            })
        })
        .collect();
    let closed: Vec<Option<Duration>> =
        slow.into_iter().map(|h| h.join().unwrap_or(None)).collect();
    stop.store(true, Ordering::Relaxed);
    let lat = health.join().unwrap_or_default();
    let mut times: Vec<Duration> = closed.iter().flatten().copied().collect();
    times.sort();
    println!(
        "closed by the server: {} of 200; first after {}, last after {}",
        times.len(),
        ms(times.first().copied().unwrap_or_default()),
        ms(times.last().copied().unwrap_or_default())
    );
    println!(
        "/healthz meanwhile: {} polls, p50 {}, p99 {}, max {}",
        lat.len(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default())
    );
    std::thread::sleep(Duration::from_secs(2));
    println!(
        "\n## 4. After the load\n\nRSS {:.1} MB (peak {:.1} MB)",
        status_kb("VmRSS:") as f64 / 1024.0,
        status_kb("VmHWM:") as f64 / 1024.0
    );
    let _ = stop_server.send(());
    let _ = runtime.block_on(server);
}
