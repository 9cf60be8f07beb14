//! `spur serve`: starts on a loopback port, answers, stops on SIGTERM; bad addresses are exit 2.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;

#[test]
fn serves_health_and_stops_on_sigterm() {
    let mut child = Command::cargo_bin("spur")
        .unwrap()
        // No store: these tests are about the process, and parallel tests must not share the
        // default store file of the working directory.
        .args(["serve", "--bind", "127.0.0.1:0", "--stateless"])
        .env("SPUR_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "spur serve exited early"
        );
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(
            format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"status\":\"ok\""), "{response}");

    // Graceful stop on SIGTERM (sent to this child only, by its id).
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    if killed.is_ok_and(|s| s.success()) {
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).unwrap();
        assert!(
            rest.contains("GET") && rest.contains("/healthz") && rest.contains("200"),
            "{rest}"
        );
        assert!(rest.contains("stopped"), "{rest}");
    } else {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn an_address_in_use_is_exit_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::cargo_bin("spur")
        .unwrap()
        .args(["serve", "--bind", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on"));
    let out = Command::cargo_bin("spur")
        .unwrap()
        .args(["serve", "--bind", "localhost"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Start `spur serve` with `args` and `env`; the address it listens on.
fn start(args: &[&str], env: &[(&str, &str)]) -> (std::process::Child, String) {
    let mut cmd = Command::cargo_bin("spur").unwrap();
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--stateless"])
        .args(args)
        .env("SPUR_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for v in ["SPUR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "spur serve exited early"
        );
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.trim().to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = stderr.read_to_string(&mut sink);
    });
    (child, addr)
}

fn validate_bad_document(addr: &str) -> String {
    let body = "[inspection]\nunit = \"x\"\n";
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(
            format!(
                "POST /v1/validate HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/toml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_lang_sets_the_default_of_requests_and_the_environment_does_not() {
    let (mut child, addr) = start(&["--lang", "sv"], &[("SPUR_LANG", "en")]);
    let response = validate_bad_document(&addr);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 422"), "{response}");
    assert!(
        response.contains("obligatorisk nyckel `inspection.visit_date` saknas"),
        "{response}"
    );
    let (mut child, addr) = start(&[], &[("SPUR_LANG", "sv"), ("LANG", "sv_SE.UTF-8")]);
    let response = validate_bad_document(&addr);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        response.contains("missing required key `inspection.visit_date`"),
        "{response}"
    );
}
