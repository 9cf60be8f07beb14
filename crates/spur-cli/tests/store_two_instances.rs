//! Two instances (issue 33, item 3): two `spur serve` processes on one PostgreSQL database,
//! every client alternating between them request by request (round robin: the ETag read from
//! one instance is usually sent with `If-Match` to the other; an instance that does not answer
//! is skipped for 200 ms, as a load balancer's health check would).
//!
//! - **Editors:** 20 clients race for the same inspection: versions strictly 1…n, every 2xx
//!   exactly one version, every other attempt 412, nothing acknowledged missing.
//! - **Kills:** 4 clients keep saving while one instance at a time is killed with SIGKILL
//!   mid-load (and restarted): the other keeps answering (2xx while its peer is down), nothing
//!   acknowledged is lost, no version is half-written.
//! - Both: `spur audit verify` passes and the audit chain is one chain (sequence 1…N, each
//!   version of the inspection audited exactly once, by whichever instance wrote it).
//!
//! Runs when `SPUR_TEST_POSTGRES_URL` names a test cluster (a loud SKIP otherwise, a failure
//! under `CI`). The short form (3 kills, 4 s of editing) runs in `cargo test`; the long form
//! (20 kills, 30 s of editing):
//!
//! ```sh
//! SPUR_HARNESS_LONG=1 cargo test -p spur-cli --test store_two_instances -- --nocapture
//! ```

mod store_support;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use store_support::{
    Api, Server, admin_token, audit_events, audit_verifies, check_history, document, etag_version,
    fresh_postgres, long, postgres_base,
};

/// What a client saw answered 2xx: the marker it wrote, as which version.
type Acknowledged = Arc<Mutex<BTreeMap<i64, String>>>;

/// Tallies shared by the clients.
#[derive(Default)]
struct Tally {
    statuses: Mutex<BTreeMap<u16, usize>>,
    /// 2xx answers so far (read around a kill to see the survivor answering).
    ok: AtomicUsize,
    /// Requests that got no answer (the instance was down or died under them).
    unanswered: AtomicUsize,
}

/// Clients saving until `stop`, each request going to the other instance than the one before.
fn clients(
    n: usize,
    id: i64,
    targets: Arc<RwLock<[SocketAddr; 2]>>,
    token: String,
    stop: Arc<AtomicBool>,
    acked: Acknowledged,
    tally: Arc<Tally>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..n)
        .map(|k| {
            let (targets, token, stop, acked, tally) = (
                targets.clone(),
                token.clone(),
                stop.clone(),
                acked.clone(),
                tally.clone(),
            );
            std::thread::spawn(move || {
                // Round robin over the two instances, skipping for 200 ms one that did not
                // answer (as a load balancer's health check would).
                let mut turn = k;
                let mut down = [Instant::now(); 2];
                let mut next = |down: &[Instant; 2]| {
                    turn += 1;
                    let now = Instant::now();
                    let i = if down[turn % 2] > now && down[(turn + 1) % 2] <= now {
                        (turn + 1) % 2
                    } else {
                        turn % 2
                    };
                    (
                        i,
                        Api {
                            addr: targets.read().unwrap()[i],
                            token: Some(token.clone()),
                        },
                    )
                };
                let mut n = 0usize;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let (i, api) = next(&down);
                    let Ok((etag, _)) = api.head(id) else {
                        tally.unanswered.fetch_add(1, Ordering::SeqCst);
                        down[i] = Instant::now() + Duration::from_millis(200);
                        continue;
                    };
                    let (i, api) = next(&down);
                    let marker = format!("klient {k} skrivning {n}");
                    match api.put(id, &etag, &document(&marker)) {
                        Ok(r) if (200..300).contains(&r.status) => {
                            let v = r
                                .header("etag")
                                .and_then(etag_version)
                                .expect("a 2xx save names its version in ETag");
                            let before = acked.lock().unwrap().insert(v, marker);
                            assert!(before.is_none(), "version {v} acknowledged twice");
                            *tally.statuses.lock().unwrap().entry(r.status).or_default() += 1;
                            tally.ok.fetch_add(1, Ordering::SeqCst);
                        }
                        Ok(r) => {
                            assert!(
                                matches!(r.status, 412 | 503),
                                "unexpected {}: {}",
                                r.status,
                                r.text()
                            );
                            *tally.statuses.lock().unwrap().entry(r.status).or_default() += 1;
                        }
                        Err(_) => {
                            // The instance was down or died under the request: not acknowledged.
                            tally.unanswered.fetch_add(1, Ordering::SeqCst);
                            down[i] = Instant::now() + Duration::from_millis(200);
                        }
                    }
                }
            })
        })
        .collect()
}

/// The audit chain is one chain: sequence numbers 1…N, each row's `prev_hash` the previous
/// row's hash, and each version of inspection `id` audited exactly once. Returns N.
fn one_chain(store: &str, dir: &std::path::Path, id: i64, versions: usize) -> usize {
    let events = audit_events(store, dir);
    let mut prev = "0".repeat(64);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(
            e["seq"].as_i64(),
            Some(i as i64 + 1),
            "sequence without gaps"
        );
        assert_eq!(e["prev_hash"].as_str(), Some(prev.as_str()), "one chain");
        prev = e["hash"].as_str().unwrap().to_string();
    }
    let mut audited: Vec<i64> = events
        .iter()
        .filter(|e| e["inspection_id"].as_i64() == Some(id))
        .filter_map(|e| e["version"].as_i64())
        .collect();
    audited.sort_unstable();
    let expected: Vec<i64> = (1..=versions as i64).collect();
    assert_eq!(audited, expected, "each version audited exactly once");
    events.len()
}

#[test]
fn two_instances_on_one_postgres_keep_every_guarantee() {
    let Some(base) = postgres_base("two instances on one PostgreSQL") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_postgres(&base, "two");
    let token = admin_token(&store);
    let mut servers = [Server::start(&store), Server::start(&store)];
    let targets = Arc::new(RwLock::new([servers[0].addr, servers[1].addr]));

    // Editors: 20 clients, If-Match, alternating instances, no kills.
    let seconds = if long() { 30 } else { 4 };
    let first = Api {
        addr: servers[0].addr,
        token: Some(token.clone()),
    };
    let (id, _) = first.create(&document("start"));
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acknowledged = Arc::default();
    acked.lock().unwrap().insert(1, "start".to_string());
    let tally = Arc::new(Tally::default());
    let handles = clients(
        20,
        id,
        targets.clone(),
        token.clone(),
        stop.clone(),
        acked.clone(),
        tally.clone(),
    );
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        h.join().expect("an editor panicked");
    }
    let statuses = tally.statuses.lock().unwrap().clone();
    let ok = tally.ok.load(Ordering::SeqCst);
    let acked_editors = acked.lock().unwrap().clone();
    let second = Api {
        addr: servers[1].addr,
        token: Some(token.clone()),
    };
    let lost = check_history(&second, id, &acked_editors);
    let versions = second.versions(id).len();
    eprintln!(
        "two-instances editors[postgres]: seconds={seconds} saved={ok} statuses={statuses:?} versions={versions} lost={lost}"
    );
    assert_eq!(lost, 0, "acknowledged edits lost");
    assert_eq!(versions, ok + 1, "every 2xx is exactly one version");
    assert!(
        statuses.keys().all(|s| matches!(s, 200..=299 | 412)),
        "every other attempt is 412: {statuses:?}"
    );
    assert_eq!(tally.unanswered.load(Ordering::SeqCst), 0);
    assert!(ok > 0, "some edits must get through");
    let chain = one_chain(&store, dir.path(), id, versions);
    assert!(audit_verifies(&store).contains("intact"));

    // Kills: 4 clients alternate; one instance at a time is killed mid-load and restarted.
    let kills = if long() { 20 } else { 3 };
    // (The same inspection, on from the editors' last version.)
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Acknowledged = Arc::default();
    let tally = Arc::new(Tally::default());
    let handles = clients(
        4,
        id,
        targets.clone(),
        token.clone(),
        stop.clone(),
        acked.clone(),
        tally.clone(),
    );
    let mut seed = 0x9e37_79b9_u64 ^ u64::from(std::process::id());
    let mut answered_alone = Vec::new();
    for k in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(150 + seed % 450));
        let victim = k % 2;
        let placeholder = Server::start(&store);
        std::mem::replace(&mut servers[victim], placeholder).kill();
        // The placeholder is not a target yet: the victim's address now refuses, and the
        // survivor must keep answering on its own for a while.
        // The survivor keeps taking saves: wait for the next 2xx (at most 10 s) while its
        // peer is down, then leave it alone a little longer.
        let before = tally.ok.load(Ordering::SeqCst);
        let down_since = Instant::now();
        while tally.ok.load(Ordering::SeqCst) == before
            && down_since.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        let first_ack_ms = down_since.elapsed().as_millis();
        std::thread::sleep(Duration::from_millis(200));
        let alone = tally.ok.load(Ordering::SeqCst) - before;
        answered_alone.push((alone, first_ack_ms));
        // The survivor answers a read directly too.
        let survivor = Api {
            addr: servers[1 - victim].addr,
            token: Some(token.clone()),
        };
        assert!(
            survivor.head(id).is_ok(),
            "the other instance keeps answering"
        );
        targets.write().unwrap()[victim] = servers[victim].addr;
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        h.join().expect("a client panicked");
    }
    let acked = acked.lock().unwrap().clone();
    let api = Api {
        addr: servers[0].addr,
        token: Some(token.clone()),
    };
    let lost = check_history(&api, id, &acked);
    let versions = api.versions(id).len();
    let statuses = tally.statuses.lock().unwrap().clone();
    drop(servers);
    let verify = audit_verifies(&store);
    let events = one_chain_after_kills(&store, dir.path(), id, versions, chain);
    eprintln!(
        "two-instances kills[postgres]: kills={kills} acknowledged={} versions={versions} lost={lost} statuses={statuses:?} unanswered={} answered_while_peer_down(saves,first_ms)={answered_alone:?} audit_events={events} ({verify})",
        acked.len(),
        tally.unanswered.load(Ordering::SeqCst),
    );
    assert_eq!(lost, 0, "acknowledged writes lost");
    assert!(
        acked.len() <= versions,
        "no more acknowledgements than versions"
    );
    assert!(
        answered_alone.iter().all(|(n, _)| *n > 0),
        "the survivor answered 2xx while its peer was down: {answered_alone:?}"
    );
}

/// The chain after the kills: still one chain, each version of `id` audited once, longer
/// than after the editors (`before` events).
fn one_chain_after_kills(
    store: &str,
    dir: &std::path::Path,
    id: i64,
    versions: usize,
    before: usize,
) -> usize {
    let n = one_chain(store, dir, id, versions);
    assert!(n > before, "the chain grew");
    n
}
