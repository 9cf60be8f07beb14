//! PostgreSQL restarted under load (issue 33, item 6): `spur serve` on a PostgreSQL store while
//! 4 clients save; the cluster is restarted (`pg_ctl restart -m fast`) under them. The server
//! reconnects by itself (saves are acknowledged again), nothing acknowledged is lost, no
//! version is half-written, and the audit chain verifies.
//!
//! Restarting needs the cluster's own command, so this runs when `SPUR_TEST_POSTGRES_RESTART`
//! holds a shell command that restarts the cluster `SPUR_TEST_POSTGRES_URL` names (e.g.
//! `su postgres -s /bin/sh -c "pg_ctl -w -D $d/data restart -m fast"`), and prints a loud SKIP
//! otherwise. Never point it at a shared cluster. Short form 1 restart, long form
//! (`SPUR_HARNESS_LONG=1`) 5.

mod store_support;

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use store_support::{
    Api, Server, admin_token, audit_verifies, check_history, document, etag_version,
    fresh_postgres, long, postgres_base,
};

#[test]
fn postgres_restarted_under_load_loses_nothing_acknowledged() {
    let Some(base) = postgres_base("PostgreSQL restarted under load") else {
        return;
    };
    let Ok(restart) = std::env::var("SPUR_TEST_POSTGRES_RESTART") else {
        eprintln!(
            "SKIP: ************ PostgreSQL restarted under load: SPUR_TEST_POSTGRES_RESTART is not set ************"
        );
        return;
    };
    let store = fresh_postgres(&base, "restart");
    let token = admin_token(&store);
    let server = Server::start(&store);
    let api = Api {
        addr: server.addr,
        token: Some(token),
    };
    let (id, _) = api.create(&document("start"));
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<BTreeMap<i64, String>>> = Arc::default();
    acked.lock().unwrap().insert(1, "start".into());
    let statuses: Arc<Mutex<BTreeMap<u16, usize>>> = Arc::default();
    let ok = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..4)
        .map(|k| {
            let (api, stop, acked, statuses, ok) = (
                api.clone(),
                stop.clone(),
                acked.clone(),
                statuses.clone(),
                ok.clone(),
            );
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let Ok((etag, _)) = api.head(id) else {
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    };
                    let marker = format!("klient {k} skrivning {n}");
                    match api.put(id, &etag, &document(&marker)) {
                        Ok(r) if (200..300).contains(&r.status) => {
                            let v = r.header("etag").and_then(etag_version).expect("ETag");
                            assert!(acked.lock().unwrap().insert(v, marker).is_none());
                            ok.fetch_add(1, Ordering::SeqCst);
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
                        Err(_) => {}
                    }
                }
            })
        })
        .collect();
    let restarts = if long() { 5 } else { 1 };
    let mut back_after = Vec::new();
    for _ in 0..restarts {
        std::thread::sleep(Duration::from_millis(700));
        let out = Command::new("sh")
            .args(["-c", &restart])
            .output()
            .expect("the restart command runs");
        assert!(
            out.status.success(),
            "restart: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The server reconnects: a save is acknowledged again within 30 s.
        let restarted = Instant::now();
        let before = ok.load(Ordering::SeqCst);
        while ok.load(Ordering::SeqCst) == before {
            assert!(
                restarted.elapsed() < Duration::from_secs(30),
                "no save acknowledged within 30 s of the restart"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        back_after.push(restarted.elapsed().as_millis());
    }
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        h.join().expect("a client panicked");
    }
    let acked = acked.lock().unwrap().clone();
    let lost = check_history(&api, id, &acked);
    let versions = api.versions(id).len();
    drop(server);
    let verify = audit_verifies(&store);
    eprintln!(
        "pg-restart[postgres]: restarts={restarts} acknowledged={} versions={versions} lost={lost} statuses={:?} first_ack_after_restart_ms={back_after:?} ({verify})",
        acked.len(),
        statuses.lock().unwrap()
    );
    assert_eq!(lost, 0, "acknowledged writes lost");
}
