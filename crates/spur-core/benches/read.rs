//! Where reading an inspection document spends its time: syntax, model, validation.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};
use spur_core::{Catalog, Format, InspectionDocument, spanned};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let doc = InspectionDocument::check(SEED, "seed", Format::Toml, catalog)
        .document
        .expect("seed");
    let json = doc.to_json();
    c.bench_function("toml syntax tree (toml crate)", |b| {
        b.iter(|| toml::de::DeTable::parse(std::hint::black_box(SEED)).is_ok())
    });
    c.bench_function("spanned::parse toml", |b| {
        b.iter(|| spanned::parse(std::hint::black_box(SEED), Format::Toml).is_ok())
    });
    c.bench_function("spanned::parse json", |b| {
        b.iter(|| spanned::parse(std::hint::black_box(&json), Format::Json).is_ok())
    });
    c.bench_function("check toml", |b| {
        b.iter(|| {
            InspectionDocument::check(std::hint::black_box(SEED), "seed", Format::Toml, catalog)
                .document
                .is_some()
        })
    });
    c.bench_function("check json", |b| {
        b.iter(|| {
            InspectionDocument::check(std::hint::black_box(&json), "seed", Format::Json, catalog)
                .document
                .is_some()
        })
    });
    c.bench_function("validate", |b| b.iter(|| doc.validate(catalog).len()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
