//! Where reading an inspection document spends its time: syntax, model, validation; and
//! reading the embedded catalog and indicator set, which every CLI start does.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};
use spur_core::{Catalog, Format, IndicatorSet, InspectionDocument, spanned};

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
    c.bench_function("catalog from_toml_str (embedded)", |b| {
        b.iter(|| {
            Catalog::from_toml_str(std::hint::black_box(Catalog::embedded_source()), "c").is_ok()
        })
    });
    c.bench_function("indicator set from_toml_str (embedded)", |b| {
        let src = IndicatorSet::embedded_allmanmedicin_source();
        b.iter(|| IndicatorSet::from_toml_str(std::hint::black_box(src), "s").is_ok())
    });
    // The worst case of docs/security.md: a 2 MB one-line JSON document with ~110 000 unknown
    // criterion ids in one object (it took ~30 s while duplicate keys were found by a scan).
    let mut worst = String::from(
        r#"{"inspection":{"unit":"U","visit_date":"2026-01-01","regulations":["2021"]},"findings":{"#,
    );
    let mut n = 0;
    while worst.len() < 2 * 1024 * 1024 - 4096 {
        if n > 0 {
            worst.push(',');
        }
        worst.push_str(&format!("\"Q.Z{n}\":\"met\""));
        n += 1;
    }
    worst.push_str("}}");
    let mut group = c.benchmark_group("worst case");
    group.sample_size(10);
    group.bench_function("spanned::parse json, 110 000 keys on one line", |b| {
        b.iter(|| spanned::parse(std::hint::black_box(&worst), Format::Json).is_ok())
    });
    group.bench_function("check json, 110 000 unknown ids on one line", |b| {
        b.iter(|| {
            InspectionDocument::check(std::hint::black_box(&worst), "worst", Format::Json, catalog)
                .diagnostics
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
