//! SIGTERM with a long job in flight (issue 27, item 3): `spur serve` rendering a costly PDF
//! gets SIGTERM and exits within its grace period (plus a margin for the process to start its
//! shutdown), instead of when the render would have finished.

mod store_support;

use std::time::{Duration, Instant};

use store_support::{Server, seed};

#[test]
fn sigterm_ends_the_process_within_the_grace_period_with_a_render_in_flight() {
    // 16 384 one-character strengths: several seconds of typesetting (about 0.4 GB) even in a
    // release build, far longer than the grace period.
    let start = seed().find("strengths = [").expect("the seed's strengths");
    let end = start + seed()[start..].find("\n]\n").expect("their end") + 3;
    let strengths: Vec<String> = (0..16_384)
        .map(|k| format!("\"{}\"", (b'a' + (k % 26) as u8) as char))
        .collect();
    let doc = format!(
        "{}strengths = [{}]\n{}",
        &seed()[..start],
        strengths.join(", "),
        &seed()[end..]
    );
    let grace = 1;
    let mut server = Server::serve(&[
        "--stateless",
        "--shutdown-grace-secs",
        &grace.to_string(),
        "--timeout-secs",
        "600",
        "--memory-factor",
        "100000",
    ]);
    let addr = server.addr;
    let render = std::thread::spawn(move || {
        let started = Instant::now();
        let r = store_support::http::request(
            addr,
            "POST",
            "/v1/report?format=pdf",
            &[
                ("Content-Type", "application/toml"),
                ("Connection", "close"),
            ],
            doc.as_bytes(),
        );
        (started.elapsed(), r.map(|r| r.status))
    });
    // Let the render start (the body is sent and the job taken).
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!render.is_finished(), "the render is still in flight");
    let pid = server.child.id().to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    let signalled = Instant::now();
    let exited = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(grace + 3),
            "still running {:?} after SIGTERM (grace {grace} s)",
            signalled.elapsed()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = signalled.elapsed();
    let (render_time, answer) = render.join().unwrap();
    assert!(
        !matches!(answer, Ok(200)),
        "the render finished within the grace period ({render_time:?}): too fast to show anything"
    );
    eprintln!(
        "sigterm: exited {exited} {took:?} after SIGTERM (grace {grace} s); the render's request ended after {render_time:?} with {answer:?}"
    );
}
