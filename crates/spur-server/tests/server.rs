//! The server on a real loopback socket: concurrent requests on keep-alive connections, the
//! per-request timeout against a client that stalls mid-body, and graceful shutdown.

#[path = "support/http.rs"]
mod http;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use spur_server::{Config, serve_on};
use tokio::sync::oneshot;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

/// A server on 127.0.0.1:<free port> in its own runtime; dropping the handle stops it.
struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: Option<std::sync::mpsc::Receiver<Result<(), spur_server::Error>>>,
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
        let (done_tx, done) = std::sync::mpsc::channel();
        runtime.spawn(async move {
            let result = serve_on(listener, &config, async {
                let _ = stopped.await;
            })
            .await;
            let _ = done_tx.send(result);
        });
        Server {
            addr,
            stop: Some(stop),
            done: Some(done),
            _runtime: runtime,
        }
    }

    /// Ask for a graceful shutdown and wait (bounded) until `serve_on` has returned.
    fn shutdown(&mut self) -> Result<(), spur_server::Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.done
            .take()
            .expect("not yet shut down")
            .recv_timeout(Duration::from_secs(30))
            .expect("serve_on returned after the shutdown signal")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[test]
fn concurrent_grade_requests_on_keep_alive_connections_all_succeed() {
    let server = Server::start(Config::default());
    let json = spur_core::InspectionDocument::from_toml_str(SEED)
        .unwrap()
        .to_json();
    let json = Arc::new(json);
    let errors = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (json, errors, addr) = (json.clone(), errors.clone(), server.addr);
            std::thread::spawn(move || {
                let mut client = http::Client::connect(addr).unwrap();
                for n in 0..40 {
                    let (ct, body) = if (i + n) % 2 == 0 {
                        ("application/json", json.as_bytes())
                    } else {
                        ("application/toml", SEED.as_bytes())
                    };
                    match client.request("POST", "/v1/grade", &[("Content-Type", ct)], body) {
                        Ok(r)
                            if r.status == 200
                                && r.json()["areas"].as_array().is_some_and(|a| a.len() == 8) => {}
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(errors.load(Ordering::Relaxed), 0);
}

#[test]
fn a_client_that_stalls_mid_body_gets_503_after_the_timeout() {
    let server = Server::start(Config {
        timeout: Duration::from_millis(300),
        ..Config::default()
    });
    let mut client = http::Client::connect(server.addr).unwrap();
    let head = format!(
        "POST /v1/grade HTTP/1.1\r\nHost: {}\r\nContent-Type: application/toml\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        SEED.len()
    );
    let stream = client.stream();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&SEED.as_bytes()[..100]).unwrap();
    stream.flush().unwrap();
    // …and never sends the rest.
    let response = client.read_response().unwrap();
    assert_eq!(response.status, 503);
    let body = response.json();
    assert!(
        body["message"].as_str().unwrap().contains("longer than"),
        "{body}"
    );
}

#[test]
fn shuts_down_gracefully() {
    let mut server = Server::start(Config::default());
    let health = http::request(server.addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(health.status, 200);
    // An idle keep-alive connection must not hold the shutdown up.
    let mut idle = http::Client::connect(server.addr).unwrap();
    assert_eq!(
        idle.request("GET", "/healthz", &[], b"").unwrap().status,
        200
    );
    server.shutdown().unwrap();
    assert!(
        std::net::TcpStream::connect(server.addr).is_err()
            || http::request(server.addr, "GET", "/healthz", &[], b"").is_err()
    );
}

/// Connect and send raw bytes; returns the stream (read timeout 20 s).
fn raw(addr: SocketAddr, bytes: &[u8]) -> std::net::TcpStream {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(bytes).unwrap();
    s.flush().unwrap();
    s
}

/// Everything the server sends until it closes the connection (or the read timeout).
fn read_all(s: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn an_over_cap_content_length_is_413_at_once_without_100_continue() {
    let server = Server::start(Config::default());
    let started = std::time::Instant::now();
    let mut s = raw(
        server.addr,
        format!(
            "POST /v1/grade HTTP/1.1\r\nHost: {}\r\nContent-Type: application/toml\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            server.addr,
            3 * 1024 * 1024
        )
        .as_bytes(),
    );
    let answer = read_all(&mut s);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(!answer.contains("100 Continue"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("--max-body"), "{answer}");
}

#[test]
fn slow_header_connections_are_closed_at_the_header_timeout_and_do_not_block_others() {
    let server = Server::start(Config {
        header_timeout: Duration::from_millis(800),
        ..Config::default()
    });
    // 50 connections that send half a request head and stall.
    let mut slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| raw(server.addr, b"POST /v1/grade HTTP/1.1\r\nHost: local"))
        .collect();
    // Other clients are served meanwhile.
    let t = std::time::Instant::now();
    let health = http::request(server.addr, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(health.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    // Each stalled connection is closed by the server soon after the header timeout.
    let t = std::time::Instant::now();
    for s in &mut slow {
        let _ = read_all(s);
    }
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "slow connections were held for {:?}",
        t.elapsed()
    );
}

#[test]
fn idle_keep_alive_connections_are_closed() {
    let server = Server::start(Config {
        idle_timeout: Duration::from_millis(500),
        ..Config::default()
    });
    let mut client = http::Client::connect(server.addr).unwrap();
    assert_eq!(
        client.request("GET", "/healthz", &[], b"").unwrap().status,
        200
    );
    let t = std::time::Instant::now();
    let rest = read_all(client.stream());
    assert!(rest.is_empty(), "{rest}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn connections_over_the_cap_get_503_at_once() {
    let server = Server::start(Config {
        max_connections: 4,
        ..Config::default()
    });
    let _held: Vec<_> = (0..4)
        .map(|_| {
            let mut c = http::Client::connect(server.addr).unwrap();
            assert_eq!(c.request("GET", "/healthz", &[], b"").unwrap().status, 200);
            c
        })
        .collect();
    let t = std::time::Instant::now();
    let mut s = raw(server.addr, b"");
    let answer = read_all(&mut s);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after: 1"),
        "{answer}"
    );
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[test]
fn shutdown_ends_within_the_grace_period_despite_slow_clients() {
    let mut server = Server::start(Config {
        header_timeout: Duration::from_secs(600),
        idle_timeout: Duration::from_secs(600),
        shutdown_grace: Duration::from_millis(500),
        ..Config::default()
    });
    // Clients that never finish their request head.
    let _slow: Vec<_> = (0..20)
        .map(|_| raw(server.addr, b"GET /healthz HTTP/1.1\r\nHo"))
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let t = std::time::Instant::now();
    server.shutdown().unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn a_foreign_host_is_refused_on_the_socket_too() {
    let server = Server::start(Config::default());
    let mut s = raw(
        server.addr,
        b"GET /healthz HTTP/1.1\r\nHost: attacker.example:8080\r\nConnection: close\r\n\r\n",
    );
    let answer = read_all(&mut s);
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
}
