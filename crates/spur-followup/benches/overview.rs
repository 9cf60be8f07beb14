//! The regional overview over 10 000 synthetic inspection documents in a temporary directory
//! (target: well under a second on a 2-core machine), and the per-document cost.
#![allow(missing_docs)] // criterion_group! generates an undocumented public function
use criterion::{Criterion, criterion_group, criterion_main};
use spur_core::{Catalog, Format, parse_date};
use spur_followup::{
    OverviewOptions, collect_files, overview, summarize_source, synthetic_document,
};

const N: usize = 10_000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..N {
        std::fs::write(
            dir.path().join(format!("unit-{i:05}.toml")),
            synthetic_document(i, 1),
        )
        .expect("write");
    }
    let catalog = Catalog::embedded();
    let options = OverviewOptions::new(parse_date("2026-11-23").expect("date"));

    let mut group = c.benchmark_group("overview");
    group.sample_size(10);
    group.bench_function(
        "10 000 documents (list, read, validate, grade, sort)",
        |b| {
            b.iter(|| {
                let (files, _) = collect_files(&[dir.path().to_path_buf()]);
                let ov = overview(&files, catalog, &options);
                assert_eq!(ov.units.len(), N);
                ov
            })
        },
    );
    group.bench_function("10 000 documents + JSON", |b| {
        b.iter(|| {
            let (files, _) = collect_files(&[dir.path().to_path_buf()]);
            overview(&files, catalog, &options).to_json().len()
        })
    });
    group.finish();

    let one = synthetic_document(42, 1);
    c.bench_function("summarize one document", |b| {
        b.iter(|| {
            summarize_source(
                std::hint::black_box(&one),
                "one.toml",
                Format::Toml,
                catalog,
                &options,
            )
            .is_ok()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
