//! Native baseline for the WebAssembly budget (docs/performance.md): read, validate and grade
//! the seed fixture from text, as `spur.grade(seed)` does in node.
//!
//! `cargo run --release -p spur-embed --example grade_seed`; compare with
//! `node bindings/npm/scripts/bench.mjs`.

use std::time::Instant;

fn main() {
    let seed = include_str!("../../../fixtures/seed-vardcentral.toml");
    let options = spur_embed::Options::default();
    for _ in 0..200 {
        let _ = spur_embed::grade_json(seed, "input", None, &options);
    }
    let n = 2000;
    let start = Instant::now();
    for _ in 0..n {
        let g = spur_embed::grade_json(seed, "input", None, &options);
        assert!(g.is_ok());
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("native: grade seed (text → grading JSON) {per:.1} µs per call over {n} calls");
    // A `key=value` word for the benchmark script (crates/spur-cli/examples/perf.rs).
    println!("perf: per_call_us={per:.2}");
}
