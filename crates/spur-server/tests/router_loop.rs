//! The router fuzzed without cargo-fuzz (issue 33 item 8): the requests of
//! `support/router_fuzz.rs` (the libFuzzer target `fuzz/fuzz_targets/router.rs` sends the same)
//! from a seeded PRNG against the router over a store, for a time budget: never a 500, never a
//! panic, every API error problem JSON.
//!
//! ```sh
//! SPUR_FUZZ_SECONDS=600 cargo test -p spur-server --test router_loop -- --nocapture
//! ```
//!
//! (2 s by default.)

#[path = "support/router_fuzz.rs"]
mod router_fuzz;

use std::time::{Duration, Instant};

fn bytes_of(seed: u64) -> Vec<u8> {
    let mut x = seed;
    let len = 8 + (seed % 97) as usize;
    (0..len)
        .flat_map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .collect()
}

#[test]
fn the_router_with_its_store_routes_never_answers_500() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = router_fuzz::app(&rt);
    let budget = Duration::from_secs(
        std::env::var("SPUR_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2),
    );
    let started = Instant::now();
    let mut seed = u64::from(std::process::id()) << 20;
    let first = seed;
    let mut runs = 0u64;
    while started.elapsed() < budget {
        seed += 1;
        let data = bytes_of(seed);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rt.block_on(router_fuzz::one(&app, &data));
        }));
        assert!(outcome.is_ok(), "seed {seed} (from {first}) fails");
        runs += 1;
    }
    eprintln!(
        "router-fuzz: runs={runs} seconds={} seeds {first}..={seed}",
        budget.as_secs()
    );
}
