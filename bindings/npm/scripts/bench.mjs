// The WebAssembly budget (docs/performance.md): grade the seed in node, text → grading object,
// as the native `cargo run --release -p spur-embed --example grade_seed` does.
import { readFileSync } from 'node:fs';
import * as spur from '../index.js';

const seed = readFileSync(new URL('../../../fixtures/seed-vardcentral.toml', import.meta.url), 'utf8');
for (let i = 0; i < 200; i++) spur.grade(seed);
const n = 2000;
const start = process.hrtime.bigint();
for (let i = 0; i < n; i++) spur.grade(seed);
const per = Number(process.hrtime.bigint() - start) / 1000 / n;
console.log(`node (wasm): grade seed (text → grading object) ${per.toFixed(1)} µs per call over ${n} calls`);
// A `key=value` word for the benchmark script (crates/spur-cli/examples/perf.rs).
console.log(`perf: per_call_us=${per.toFixed(2)}`);
