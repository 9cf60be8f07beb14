//! Every output format is complete: it renders the seed in both languages, it writes what its
//! `is_binary` says, it has a case in the escaping property test and a fuzz target — or a line
//! in the tables below saying why it needs none. A format added to `ReportFormat` or
//! `PlanFormat` without them fails here (its name, extension and media type are exhaustive
//! `match`es, which the compiler checks).

mod common;

use common::{SEED, graded, parse};
use spur_report::{
    Lang, PlanFormat, ReportFormat, VariantArray, render_handlingsplan, render_report,
};

/// Formats the escaping property test (`tests/escaping_props.rs`) need not cover, and why.
const NO_ESCAPING_CASE: &[(&str, &str)] = &[
    (
        "ReportFormat::Json",
        "serde_json writes every string; there is no markup to escape",
    ),
    (
        "ReportFormat::Pdf",
        "the typst template reads user text as data (`json(\"/data.json\")`), never as markup",
    ),
    (
        "PlanFormat::Pdf",
        "the typst template reads user text as data (`json(\"/data.json\")`), never as markup",
    ),
    (
        "PlanFormat::Xlsx",
        "cells are shared strings written through XML escaping; import round trips in crates/spur-import/tests check them",
    ),
];

/// Formats without a fuzz target of their own (`fuzz/fuzz_targets/`), and why.
const NO_FUZZ_TARGET: &[(&str, &str)] = &[
    (
        "ReportFormat::Json",
        "serde_json of the graded inspection; the inspection fuzz target checks the JSON round trip",
    ),
    (
        "PlanFormat::Toml",
        "the escaping property test parses every hostile TOML template back",
    ),
    (
        "PlanFormat::Xlsx",
        "read back by spur-import, whose hostile-input tests fuzz the reader",
    ),
];

fn report_names() -> Vec<String> {
    ReportFormat::VARIANTS
        .iter()
        .map(|f| format!("ReportFormat::{f:?}"))
        .collect()
}

fn plan_names() -> Vec<String> {
    PlanFormat::VARIANTS
        .iter()
        .map(|f| format!("PlanFormat::{f:?}"))
        .collect()
}

#[test]
fn every_format_renders_and_is_as_binary_as_it_says() {
    let g = graded(&parse(SEED));
    for lang in [Lang::Sv, Lang::En] {
        for f in ReportFormat::VARIANTS {
            let bytes = render_report(&g, *f, lang).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert!(!bytes.is_empty(), "{f:?}");
            assert_eq!(f.is_binary(), std::str::from_utf8(&bytes).is_err(), "{f:?}");
            assert!(!f.media_type().is_empty() && !f.description().is_empty());
            assert_eq!(f.name().parse::<ReportFormat>().unwrap(), *f);
        }
        for f in PlanFormat::VARIANTS {
            let bytes = render_handlingsplan(&g, *f, lang).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert!(!bytes.is_empty(), "{f:?}");
            assert_eq!(f.is_binary(), std::str::from_utf8(&bytes).is_err(), "{f:?}");
            assert!(!f.media_type().is_empty() && !f.description().is_empty());
            assert_eq!(f.name().parse::<PlanFormat>().unwrap(), *f);
        }
    }
}

#[test]
fn every_format_has_an_escaping_case() {
    let props = include_str!("escaping_props.rs");
    for name in report_names().into_iter().chain(plan_names()) {
        let exempt = NO_ESCAPING_CASE.iter().any(|(n, _)| *n == name);
        assert!(
            exempt || props.contains(&name),
            "{name} has no case in tests/escaping_props.rs (or a reason in NO_ESCAPING_CASE)"
        );
    }
}

#[test]
fn every_format_has_a_fuzz_target() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/fuzz_targets");
    let mut targets = String::new();
    for entry in std::fs::read_dir(dir).expect("fuzz/fuzz_targets") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            targets.push_str(&std::fs::read_to_string(&path).expect("fuzz target"));
        }
    }
    for name in report_names().into_iter().chain(plan_names()) {
        let exempt = NO_FUZZ_TARGET.iter().any(|(n, _)| *n == name);
        assert!(
            exempt || targets.contains(&name),
            "{name} is rendered by no fuzz target in fuzz/fuzz_targets (or has a reason in NO_FUZZ_TARGET)"
        );
    }
}
