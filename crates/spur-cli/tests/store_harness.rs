//! Nothing lost (issue 33): `spur serve` on a store, driven by several clients, killed with
//! SIGKILL at random moments and restarted; twenty editors racing with `If-Match`; a backup taken
//! while clients write. On SQLite always, on PostgreSQL when `SPUR_TEST_POSTGRES_URL` is set.
//!
//! The short form runs in `cargo test`; the long form (20 kills per backend, 30 s of editing) is
//!
//! ```sh
//! SPUR_HARNESS_LONG=1 cargo test -p spur-cli --test store_harness -- --nocapture
//! ```
//!
//! Each run prints its figures (`kills=… acknowledged=… lost=0 …`).

#[path = "../../spur-server/tests/support/http.rs"]
mod http;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use sha2::{Digest, Sha256};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const SEED_NARRATIVE_A: &str = "narrative = \"Stor regiondriven enhet strax utanför Göteborg med ca 17000 listade patienter. Varierat patientunderlag med både barn och äldre, relativt välmående population och få tolksamtal.\"";

fn long() -> bool {
    std::env::var_os("SPUR_HARNESS_LONG").is_some()
}

/// The seed with area A's narrative replaced by `marker`, so each write is recognisable.
fn document(marker: &str) -> String {
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

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The store URLs to run on: a fresh SQLite file, and a fresh PostgreSQL database when the
/// test cluster is there.
fn backends(dir: &Path, name: &str) -> Vec<(String, String)> {
    let mut out = vec![(
        "sqlite".to_string(),
        format!("sqlite:{}", dir.join(format!("{name}.db")).display()),
    )];
    match std::env::var("SPUR_TEST_POSTGRES_URL") {
        Ok(base) => out.push(("postgres".to_string(), fresh_postgres(&base, name))),
        Err(_) => {
            assert!(
                std::env::var("CI").is_err() || std::env::var("SPUR_TEST_POSTGRES").is_ok(),
                "SPUR_TEST_POSTGRES_URL is missing under CI: .ci/run starts PostgreSQL"
            );
            eprintln!(
                "SKIP: ************ the PostgreSQL half of {name}: SPUR_TEST_POSTGRES_URL is not set ************"
            );
        }
    }
    out
}

/// A new database on the test cluster (its URL).
fn fresh_postgres(base: &str, name: &str) -> String {
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
fn spur() -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    for v in ["SPUR_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "SPUR_STORE"] {
        c.env_remove(v);
    }
    c
}

/// An admin token for `store`, when sign-in exists (`spur admin token create`).
fn admin_token(store: &str) -> Option<String> {
    let out = spur()
        .args([
            "admin", "token", "create", "--role", "admin", "--name", "harness", "--store", store,
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("spur_"))
        .map(str::to_string)
}

/// A `spur serve` on `store`, on a free loopback port.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(store: &str) -> Server {
        let mut child = spur()
            .args(["serve", "--bind", "127.0.0.1:0", "--store", store])
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
            assert!(n > 0, "spur serve --store {store} exited early");
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

    /// SIGKILL: no shutdown, no flush — as a power cut would.
    fn kill(mut self) {
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

struct Api {
    addr: SocketAddr,
    token: Option<String>,
}

impl Api {
    fn call(
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

    fn create(&self, toml: &str) -> (i64, String) {
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

    fn head(&self, id: i64) -> std::io::Result<(String, String)> {
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

    fn put(&self, id: i64, etag: &str, toml: &str) -> std::io::Result<http::Response> {
        self.call(
            "PUT",
            &format!("/v1/inspections/{id}/document"),
            &[("Content-Type", "application/toml"), ("If-Match", etag)],
            toml.as_bytes(),
        )
    }

    /// `(number, sha256)` of every version, oldest first.
    fn versions(&self, id: i64) -> Vec<(i64, String)> {
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

    fn version_toml(&self, id: i64, n: i64) -> String {
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
fn etag_version(etag: &str) -> Option<i64> {
    etag.trim_matches('"')
        .strip_prefix('v')?
        .split('-')
        .next()?
        .parse()
        .ok()
}

/// What a client saw answered 2xx: the marker it wrote, as which version.
type Acknowledged = Arc<Mutex<BTreeMap<i64, String>>>;

/// Every version is there once, numbered 1…n without gaps; each stored document hashes to its
/// recorded SHA-256 (nothing half-written); every acknowledged marker is in its version.
fn check_history(api: &Api, id: i64, acked: &BTreeMap<i64, String>) -> usize {
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

fn audit_verifies(store: &str) {
    let out = spur()
        .args(["audit", "verify", "--store", store])
        .output()
        .expect("spur audit verify runs");
    assert!(
        out.status.success(),
        "spur audit verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Clients write until `stop`; each 2xx is recorded with the version its ETag names.
fn writers(
    clients: usize,
    id: i64,
    target: Arc<RwLock<(SocketAddr, Option<String>)>>,
    stop: Arc<AtomicBool>,
    acked: Acknowledged,
    statuses: Arc<Mutex<BTreeMap<u16, usize>>>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..clients)
        .map(|k| {
            let (target, stop, acked, statuses) = (
                target.clone(),
                stop.clone(),
                acked.clone(),
                statuses.clone(),
            );
            std::thread::spawn(move || {
                let mut n = 0usize;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let (addr, token) = target.read().unwrap().clone();
                    let api = Api { addr, token };
                    let Ok((etag, _)) = api.head(id) else {
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    };
                    let marker = format!("klient {k} skrivning {n}");
                    match api.put(id, &etag, &document(&marker)) {
                        Ok(r) if (200..300).contains(&r.status) => {
                            let v = r
                                .header("etag")
                                .and_then(etag_version)
                                .expect("a 2xx save names its version in ETag");
                            let before = acked.lock().unwrap().insert(v, marker);
                            assert!(before.is_none(), "version {v} acknowledged twice");
                            *statuses.lock().unwrap().entry(r.status).or_default() += 1;
                        }
                        Ok(r) => {
                            assert!(
                                matches!(r.status, 412 | 503),
                                "unexpected {}: {}",
                                r.status,
                                r.text()
                            );
                            *statuses.lock().unwrap().entry(r.status).or_default() += 1;
                        }
                        Err(_) => {} // the server died under the request: not acknowledged
                    }
                }
            })
        })
        .collect()
}

#[test]
fn sigkill_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let kills = if long() { 20 } else { 3 };
    for (backend, store) in backends(dir.path(), "crash") {
        let token = admin_token(&store);
        let server = Server::start(&store);
        let api = Api {
            addr: server.addr,
            token: token.clone(),
        };
        let (id, _) = api.create(&document("start"));
        let target = Arc::new(RwLock::new((server.addr, token.clone())));
        let stop = Arc::new(AtomicBool::new(false));
        let acked: Acknowledged = Arc::default();
        acked.lock().unwrap().insert(1, "start".to_string());
        let statuses = Arc::default();
        let handles = writers(4, id, target.clone(), stop.clone(), acked.clone(), statuses);
        let mut server = Some(server);
        let mut seed = 0x9e37_79b9_u64 ^ u64::from(std::process::id());
        for _ in 0..kills {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            std::thread::sleep(Duration::from_millis(150 + seed % 450));
            server.take().unwrap().kill();
            let restarted = Server::start(&store);
            target.write().unwrap().0 = restarted.addr;
            server = Some(restarted);
        }
        std::thread::sleep(Duration::from_millis(300));
        stop.store(true, Ordering::SeqCst);
        for h in handles {
            h.join().expect("a writer panicked");
        }
        let api = Api {
            addr: server.as_ref().unwrap().addr,
            token: token.clone(),
        };
        let acked = acked.lock().unwrap().clone();
        let lost = check_history(&api, id, &acked);
        drop(server);
        audit_verifies(&store);
        eprintln!(
            "crash[{backend}]: kills={kills} acknowledged={} versions={} lost={lost}",
            acked.len(),
            api_versions_len(&store, id, token)
        );
        assert_eq!(lost, 0, "acknowledged writes lost on {backend}");
    }
}

/// The number of versions, read through a fresh server.
fn api_versions_len(store: &str, id: i64, token: Option<String>) -> usize {
    let server = Server::start(store);
    let api = Api {
        addr: server.addr,
        token,
    };
    api.versions(id).len()
}

#[test]
fn twenty_editors_with_if_match_make_one_version_per_success() {
    let dir = tempfile::tempdir().unwrap();
    let seconds = if long() { 30 } else { 4 };
    for (backend, store) in backends(dir.path(), "editors") {
        let token = admin_token(&store);
        let server = Server::start(&store);
        let api = Api {
            addr: server.addr,
            token: token.clone(),
        };
        let (id, _) = api.create(&document("start"));
        let target = Arc::new(RwLock::new((server.addr, token.clone())));
        let stop = Arc::new(AtomicBool::new(false));
        let acked: Acknowledged = Arc::default();
        acked.lock().unwrap().insert(1, "start".to_string());
        let statuses: Arc<Mutex<BTreeMap<u16, usize>>> = Arc::default();
        let handles = writers(
            20,
            id,
            target,
            stop.clone(),
            acked.clone(),
            statuses.clone(),
        );
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::SeqCst);
        for h in handles {
            h.join().expect("an editor panicked");
        }
        let acked = acked.lock().unwrap().clone();
        let statuses = statuses.lock().unwrap().clone();
        let ok: usize = statuses
            .iter()
            .filter(|(s, _)| (200..300).contains(*s))
            .map(|(_, n)| n)
            .sum();
        let lost = check_history(&api, id, &acked);
        let versions = api.versions(id).len();
        eprintln!(
            "editors[{backend}]: seconds={seconds} saved={ok} statuses={statuses:?} versions={versions} lost={lost}"
        );
        assert_eq!(versions, ok + 1, "every 2xx is exactly one version");
        assert_eq!(lost, 0);
        assert!(ok > 0, "some edits must get through");
        drop(server);
        audit_verifies(&store);
    }
}

#[test]
fn a_backup_taken_while_clients_write_is_a_consistent_point() {
    let dir = tempfile::tempdir().unwrap();
    let store = format!("sqlite:{}", dir.path().join("live.db").display());
    let token = admin_token(&store);
    let server = Server::start(&store);
    let api = Api {
        addr: server.addr,
        token: token.clone(),
    };
    let (id, _) = api.create(&document("start"));
    let target = Arc::new(RwLock::new((server.addr, token.clone())));
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acknowledged = Arc::default();
    let handles = writers(4, id, target, stop.clone(), acked, Arc::default());
    std::thread::sleep(Duration::from_millis(700));
    let backup = dir.path().join("backup.db");
    let out = spur()
        .args([
            "store",
            "backup",
            backup.to_str().unwrap(),
            "--store",
            &store,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        h.join().unwrap();
    }
    let source = api.versions(id);
    drop(server);

    // The backup opens as a store on its own, its audit chain verifies, and each of its
    // versions is the source's version of the same number: a point in the source's history.
    let restored = format!("sqlite:{}", backup.display());
    audit_verifies(&restored);
    let copy = Server::start(&restored);
    let copy_api = Api {
        addr: copy.addr,
        token,
    };
    let copied = copy_api.versions(id);
    assert!(!copied.is_empty() && copied.len() <= source.len());
    assert_eq!(
        copied[..],
        source[..copied.len()],
        "the backup is a prefix of the source"
    );
    drop(copy);

    // Its export equals the source's export of the same point: export both, compare the
    // backup's tree with the source's versions of the same numbers.
    let exported = dir.path().join("export");
    let out = spur()
        .args([
            "store",
            "export",
            exported.to_str().unwrap(),
            "--store",
            &restored,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = count_files(&exported);
    assert_eq!(files, 1, "one inspection exported");
    eprintln!(
        "backup: source_versions={} backup_versions={}",
        source.len(),
        copied.len()
    );
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() { count_files(&p) } else { 1 }
        })
        .sum()
}
