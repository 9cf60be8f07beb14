//! Grading the seed fixture next to parsing it with serde_json (the baseline).
#![allow(missing_docs)] // criterion_group! generates undocumented items
use criterion::{Criterion, criterion_group, criterion_main};
use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::{Settings, grade};

fn seed() -> InspectionDocument {
    let src = include_str!("../../../fixtures/seed-vardcentral.toml");
    InspectionDocument::check(src, "seed", Format::Toml, Catalog::embedded())
        .into_result()
        .expect("seed fixture is valid")
        .0
}

fn bench(c: &mut Criterion) {
    let doc = seed();
    let json = doc.to_json();
    let catalog = Catalog::embedded();
    let settings = Settings::default();
    c.bench_function("grade seed", |b| {
        b.iter(|| grade(std::hint::black_box(&doc), catalog, &settings))
    });
    c.bench_function("serde_json parse seed (Value)", |b| {
        b.iter(|| {
            serde_json::from_str::<serde_json::Value>(std::hint::black_box(&json))
                .map(|v| v.is_object())
        })
    });
    c.bench_function("spur parse+validate seed (json)", |b| {
        b.iter(|| {
            InspectionDocument::check(
                std::hint::black_box(&json),
                "seed.json",
                Format::Json,
                catalog,
            )
            .document
            .is_some()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
