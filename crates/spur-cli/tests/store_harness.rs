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

mod store_support;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use store_support::{
    Api, Server, admin_token, audit_verifies, backends, check_history, document, etag_version,
    long, spur,
};

/// What a client saw answered 2xx: the marker it wrote, as which version.
type Acknowledged = Arc<Mutex<BTreeMap<i64, String>>>;

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
        let token = Some(admin_token(&store));
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
        let token = Some(admin_token(&store));
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
    let token = Some(admin_token(&store));
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
