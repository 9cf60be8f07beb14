//! The full pipeline parse → grade → HTML report, next to parsing alone (goal: ≤ 3× parse).
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{Criterion, criterion_group, criterion_main};
use spur_core::{Catalog, Format, InspectionDocument};
use spur_grading::Settings;
use spur_report::{Lang, ReportFormat, render_report};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

fn parse(src: &str) -> InspectionDocument {
    InspectionDocument::check(src, "seed", Format::Toml, Catalog::embedded())
        .document
        .expect("seed parses")
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    let settings = Settings::default();
    c.bench_function("parse+validate seed (baseline)", |b| {
        b.iter(|| parse(std::hint::black_box(SEED)))
    });
    c.bench_function("parse+grade+html seed", |b| {
        b.iter(|| {
            let doc = parse(std::hint::black_box(SEED));
            let g = spur_grading::Graded::new(
                doc.clone(),
                std::sync::Arc::new(catalog.clone()),
                &settings,
            );
            render_report(&g, ReportFormat::Html, Lang::Sv)
                .expect("renders")
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
