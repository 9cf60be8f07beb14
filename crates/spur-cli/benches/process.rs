//! `spur grade` as a whole process, next to `cat` of the same file (goal: < 10 ms absolute).
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/seed-vardcentral.toml"
);

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("process runs");
    assert!(out.status.success());
}

fn bench(c: &mut Criterion) {
    let spur = env!("CARGO_BIN_EXE_spur");
    let mut group = c.benchmark_group("process");
    group.sample_size(50);
    group.bench_function("cat seed (baseline)", |b| {
        b.iter(|| run(Command::new("cat").arg(SEED)))
    });
    group.bench_function("spur grade seed", |b| {
        b.iter(|| run(Command::new(spur).args(["grade", SEED])))
    });
    group.bench_function("spur grade seed --format json", |b| {
        b.iter(|| run(Command::new(spur).args(["grade", SEED, "--format", "json"])))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
