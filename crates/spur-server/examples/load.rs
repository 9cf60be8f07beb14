//! Load test of `POST /v1/grade` against a loopback server started in this process.
//!
//! ```text
//! cargo run --release -p spur-server --example load [-- --requests 10000 --concurrency 32 --format json|toml]
//! ```
//!
//! Starts spur-server on 127.0.0.1:<free port> (loopback only, never another address), sends the
//! seed inspection to `/v1/grade` a bounded number of times from `--concurrency` client threads,
//! each on its own keep-alive connection, and prints p50/p90/p99/max latency, throughput and the
//! error count. Exits 1 when any request failed. Client and server share this machine's cores,
//! so the latencies include the client's own work.

#[path = "../tests/support/http.rs"]
mod http;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

struct Options {
    requests: usize,
    concurrency: usize,
    toml: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        requests: 10_000,
        concurrency: 32,
        toml: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--requests" => o.requests = value()?.parse().map_err(|_| "--requests: a number")?,
            "--concurrency" => {
                o.concurrency = value()?.parse().map_err(|_| "--concurrency: a number")?
            }
            "--format" => o.toml = value()? == "toml",
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.requests == 0 || o.concurrency == 0 || o.requests > 1_000_000 || o.concurrency > 1024 {
        return Err("requests must be 1..=1000000 and concurrency 1..=1024".into());
    }
    Ok(o)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1:0");
    let addr: SocketAddr = listener.local_addr().expect("local address");
    assert!(addr.ip().is_loopback());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(async move {
        spur_server::serve_on(listener, &spur_server::Config::default(), async {
            let _ = stopped.await;
        })
        .await
    });

    let (content_type, body): (&str, Arc<Vec<u8>>) = if o.toml {
        ("application/toml", Arc::new(SEED.as_bytes().to_vec()))
    } else {
        let json = spur_core::InspectionDocument::from_toml_str(SEED)
            .expect("seed")
            .to_json();
        ("application/json", Arc::new(json.into_bytes()))
    };

    // Warm up (not measured).
    let mut warm = http::Client::connect(addr).expect("connect");
    for _ in 0..50 {
        let _ = warm.request(
            "POST",
            "/v1/grade",
            &[("Content-Type", content_type)],
            &body,
        );
    }
    drop(warm);

    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..o.concurrency)
        .map(|_| {
            let (next, errors, body) = (next.clone(), errors.clone(), body.clone());
            let total = o.requests;
            std::thread::spawn(move || {
                let mut latencies = Vec::with_capacity(total / 8 + 1);
                let mut client = http::Client::connect(addr).ok();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let t = Instant::now();
                    let ok = match client.as_mut() {
                        Some(c) => matches!(
                            c.request("POST", "/v1/grade", &[("Content-Type", content_type)], &body),
                            Ok(r) if r.status == 200 && r.body.starts_with(b"{\"unit\"")
                        ),
                        None => false,
                    };
                    latencies.push(t.elapsed());
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                        client = http::Client::connect(addr).ok();
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap_or_default())
        .collect();
    let elapsed = started.elapsed();
    latencies.sort();
    let errors = errors.load(Ordering::Relaxed);

    let _ = stop.send(());
    let _ = runtime.block_on(server);

    let n = latencies.len();
    println!(
        "spur-server load test: POST /v1/grade (seed document, {}, {} bytes)",
        content_type,
        body.len()
    );
    println!("requests     {n}");
    println!("concurrency  {}", o.concurrency);
    println!("errors       {errors}");
    println!("elapsed      {:.2} s", elapsed.as_secs_f64());
    println!("throughput   {:.0} req/s", n as f64 / elapsed.as_secs_f64());
    println!("p50          {}", ms(percentile(&latencies, 50.0)));
    println!("p90          {}", ms(percentile(&latencies, 90.0)));
    println!("p99          {}", ms(percentile(&latencies, 99.0)));
    println!(
        "max          {}",
        ms(latencies.last().copied().unwrap_or_default())
    );
    // One line of `key=value` words for the benchmark script (crates/spur-cli/examples/perf.rs).
    let in_ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "perf: errors={errors} throughput={:.1} p50_ms={:.3} p99_ms={:.3}",
        n as f64 / elapsed.as_secs_f64(),
        in_ms(percentile(&latencies, 50.0)),
        in_ms(percentile(&latencies, 99.0))
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
