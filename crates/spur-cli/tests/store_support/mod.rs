//! What the store harnesses beyond `store_harness.rs` share (issue 33): `spur serve` processes
//! on a store, an HTTP client with a bearer token, the history check and `spur audit verify`.
#![allow(dead_code)] // each harness uses its own part

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use assert_cmd::cargo::CommandCargoExt;
use sha2::{Digest, Sha256};

#[path = "../../../spur-server/tests/support/http.rs"]
pub mod http;

const SEED: &str = include_str!("../../../../fixtures/seed-vardcentral.toml");
const SEED_NARRATIVE_A: &str = "narrative = \"Stor regiondriven enhet strax utanför Göteborg med ca 17000 listade patienter. Varierat patientunderlag med både barn och äldre, relativt välmående population och få tolksamtal.\"";

/// Whether the long form runs (`SPUR_HARNESS_LONG=1`).
pub fn long() -> bool {
    std::env::var_os("SPUR_HARNESS_LONG").is_some()
}

/// The seed with area A's narrative replaced by `marker`, so each write is recognisable.
pub fn document(marker: &str) -> String {
    assert!(
        SEED.contains(SEED_NARRATIVE_A),
        "the seed's area A narrative changed"
    );
    SEED.replacen(
        SEED_NARRATIVE_A,
        &format!("narrative = \"Skrivet av {marker}.\""),
        1,
    )
}

/// The seed as it is.
pub fn seed() -> &'static str {
    SEED
}

/// SHA-256 in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The test cluster's URL, or `None` with a loud SKIP line (a failure under `CI`).
pub fn postgres_base(what: &str) -> Option<String> {
    match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(base) => Some(base),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err() || std::env::var("SPUR_TEST_POSTGRES").is_ok(),
                "SPUR_TEST_POSTGRES_URL is missing under CI: .ci/run starts PostgreSQL"
            );
            eprintln!("SKIP: ************ {what}: SPUR_TEST_POSTGRES_URL is not set ************");
            None
        }
    }
}

/// The store URLs to run on: a fresh SQLite file, and a fresh PostgreSQL database when the
/// test cluster is there.
pub fn backends(dir: &Path, name: &str) -> Vec<(String, String)> {
    let mut out = vec![(
        "sqlite".to_string(),
        format!("sqlite:{}", dir.join(format!("{name}.db")).display()),
    )];
    if let Some(base) = postgres_base(&format!("the PostgreSQL half of {name}")) {
        out.push(("postgres".to_string(), fresh_postgres(&base, name)));
    }
    out
}

/// A new database on the test cluster (its URL).
pub fn fresh_postgres(base: &str, name: &str) -> String {
    let db = format!(
        "harness_{name}_{}_{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos() % 1_000_000
    );
    let status = Command::new("psql")
        .args([base, "-q", "-c", &format!("CREATE DATABASE {db}")])
        .status()
        .expect("psql runs");
    assert!(status.success(), "CREATE DATABASE {db}");
    let (head, query) = base.split_once('?').unwrap_or((base, ""));
    let root = head.rsplit_once('/').map_or(head, |(r, _)| r);
    if query.is_empty() {
        format!("{root}/{db}")
    } else {
        format!("{root}/{db}?{query}")
    }
}

/// `spur` with the language environment cleared.
pub fn spur() -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    for v in ["SPUR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "SPUR_STORE"] {
        c.env_remove(v);
    }
    c
}

/// A token made by `spur admin token create` with `args` (role, scope, …) on `store`.
pub fn token(store: &str, name: &str, args: &[&str]) -> String {
    let out = spur()
        .args(["admin", "token", "create", "--name", name, "--store", store])
        .args(args)
        .output()
        .expect("spur admin token create runs");
    assert!(
        out.status.success(),
        "spur admin token create {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("spur_"))
        .map(str::to_string)
        .expect("the token is printed")
}

/// An admin token for `store`.
pub fn admin_token(store: &str) -> String {
    token(store, "harness", &["--role", "admin"])
}

/// A `spur serve` on `store`, on a free loopback port.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Start `spur serve --store STORE` with `extra` arguments and wait for its address.
    pub fn start_with(store: &str, extra: &[&str]) -> Server {
        let mut args = vec!["--store", store];
        args.extend(extra);
        Server::serve(&args)
    }

    /// Start `spur serve --bind 127.0.0.1:0 ARGS` and wait for its address.
    pub fn serve(args: &[&str]) -> Server {
        let what = args.join(" ");
        let mut child = spur()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .env("SPUR_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spur serve starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            let n = stderr.read_line(&mut line).unwrap_or(0);
            assert!(n > 0, "spur serve {what} exited early");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.trim().parse().expect("an address");
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while stderr.read_line(&mut sink).unwrap_or(0) > 0 {
                sink.clear();
            }
        });
        Server { child, addr }
    }

    /// Start `spur serve --store STORE`.
    pub fn start(store: &str) -> Server {
        Server::start_with(store, &[])
    }

    /// SIGKILL: no shutdown, no flush — as a power cut would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of one server with an optional bearer token.
#[derive(Clone)]
pub struct Api {
    pub addr: SocketAddr,
    pub token: Option<String>,
}

impl Api {
    /// One request (a new connection each time).
    ///
    /// # Errors
    ///
    /// When the server cannot be reached or closes the connection.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<http::Response> {
        let bearer = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if let Some(b) = &bearer {
            all.push(("Authorization", b));
        }
        all.push(("Connection", "close"));
        http::request(self.addr, method, path, &all, body)
    }

    /// Create an inspection: its id and ETag.
    pub fn create(&self, toml: &str) -> (i64, String) {
        let r = self
            .call(
                "POST",
                "/v1/inspections",
                &[("Content-Type", "application/toml")],
                toml.as_bytes(),
            )
            .expect("POST /v1/inspections");
        assert_eq!(r.status, 201, "{}", r.text());
        let id = r.json()["id"].as_i64().expect("the record's id");
        (id, r.header("etag").expect("ETag").to_string())
    }

    /// The head's ETag and TOML.
    ///
    /// # Errors
    ///
    /// When the server cannot be reached or does not answer 200.
    pub fn head(&self, id: i64) -> std::io::Result<(String, String)> {
        let r = self.call(
            "GET",
            &format!("/v1/inspections/{id}/document"),
            &[("Accept", "application/toml")],
            b"",
        )?;
        if r.status != 200 {
            return Err(std::io::Error::other(format!("GET document: {}", r.status)));
        }
        Ok((r.header("etag").unwrap_or_default().to_string(), r.text()))
    }

    /// Save `toml` based on `etag`.
    ///
    /// # Errors
    ///
    /// When the server cannot be reached or closes the connection.
    pub fn put(&self, id: i64, etag: &str, toml: &str) -> std::io::Result<http::Response> {
        self.call(
            "PUT",
            &format!("/v1/inspections/{id}/document"),
            &[("Content-Type", "application/toml"), ("If-Match", etag)],
            toml.as_bytes(),
        )
    }

    /// `(number, sha256)` of every version, oldest first.
    pub fn versions(&self, id: i64) -> Vec<(i64, String)> {
        let r = self
            .call("GET", &format!("/v1/inspections/{id}/versions"), &[], b"")
            .expect("GET versions");
        assert_eq!(r.status, 200, "{}", r.text());
        let json = r.json();
        let list = json["versions"]
            .as_array()
            .or_else(|| json.as_array())
            .cloned()
            .expect("a list of versions");
        list.iter()
            .map(|v| {
                (
                    v["number"].as_i64().unwrap(),
                    v["sha256"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Version `n`'s TOML.
    pub fn version_toml(&self, id: i64, n: i64) -> String {
        let r = self
            .call(
                "GET",
                &format!("/v1/inspections/{id}/versions/{n}"),
                &[("Accept", "application/toml")],
                b"",
            )
            .expect("GET version");
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
    }
}

/// The version number an ETag names (`"v12-…"`).
pub fn etag_version(etag: &str) -> Option<i64> {
    etag.trim_matches('"')
        .strip_prefix('v')?
        .split('-')
        .next()?
        .parse()
        .ok()
}

/// Every version is there once, numbered 1…n without gaps; each stored document hashes to its
/// recorded SHA-256 (nothing half-written); returns how many acknowledged markers are missing
/// from their version (lost writes).
pub fn check_history(api: &Api, id: i64, acked: &BTreeMap<i64, String>) -> usize {
    let versions = api.versions(id);
    let numbers: Vec<i64> = versions.iter().map(|(n, _)| *n).collect();
    let expected: Vec<i64> = (1..=versions.len() as i64).collect();
    assert_eq!(numbers, expected, "versions are strictly sequential");
    for (n, sha) in &versions {
        let toml = api.version_toml(id, *n);
        assert_eq!(
            &sha256_hex(toml.as_bytes()),
            sha,
            "version {n} hashes to its SHA-256"
        );
    }
    let mut lost = 0;
    for (n, marker) in acked {
        let toml = api.version_toml(id, *n);
        if !toml.contains(marker.as_str()) {
            eprintln!("LOST: version {n} should hold {marker}");
            lost += 1;
        }
    }
    lost
}

/// `spur audit verify` passes on `store`; its output line.
pub fn audit_verifies(store: &str) -> String {
    let out = spur()
        .args(["audit", "verify", "--store", store])
        .output()
        .expect("spur audit verify runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "spur audit verify: {text}");
    text.trim().to_string()
}

/// The audit events of `store` (`spur audit export`), in order.
pub fn audit_events(store: &str, dir: &Path) -> Vec<serde_json::Value> {
    let file = dir.join(format!("audit-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let out = spur()
        .args([
            "audit",
            "export",
            "-o",
            file.to_str().unwrap(),
            "--store",
            store,
        ])
        .output()
        .expect("spur audit export runs");
    assert!(
        out.status.success(),
        "spur audit export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON event per line"))
        .collect()
}
