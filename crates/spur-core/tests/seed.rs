//! The seed fixture reads clean.
use spur_core::{Catalog, Format, InspectionDocument};

#[test]
fn seed_fixture_parses_and_validates_clean() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-vardcentral.toml"
    );
    let src = std::fs::read_to_string(path).unwrap();
    let checked = InspectionDocument::check(
        &src,
        "seed-vardcentral.toml",
        Format::Toml,
        Catalog::embedded(),
    );
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics);
    let doc = checked.document.unwrap();
    assert_eq!(doc.findings.len(), 75);
    assert_eq!(doc.handlingsplan.unwrap().entries.len(), 6);
    assert_eq!(doc.report.improvements.len(), 8);
}

#[test]
fn skeleton_fixture_is_what_init_writes_and_reads_with_only_warnings() {
    use spur_core::template::{SkeletonOptions, skeleton_toml};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/skeleton.toml");
    let committed = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        committed,
        skeleton_toml(Catalog::embedded(), &SkeletonOptions::default()),
        "regenerate with: cargo run -p spur-cli -- init --force fixtures/skeleton.toml"
    );
    let checked = InspectionDocument::check(
        &committed,
        "skeleton.toml",
        Format::Toml,
        Catalog::embedded(),
    );
    assert!(!checked.diagnostics.has_errors());
    // 75 unassessed criteria, and the three placeholders `spur init` writes (unit name, visit
    // date, no inspectors).
    assert_eq!(
        checked
            .diagnostics
            .warnings()
            .filter(|d| d.code == spur_core::Code::Unassessed)
            .count(),
        75
    );
    assert_eq!(
        checked
            .diagnostics
            .warnings()
            .filter(|d| d.code == spur_core::Code::Placeholder)
            .count(),
        3
    );
}

#[test]
fn minimal_fixture_reads_clean_but_for_unassessed_warnings() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/minimal.toml");
    let src = std::fs::read_to_string(path).unwrap();
    let checked =
        InspectionDocument::check(&src, "minimal.toml", Format::Toml, Catalog::embedded());
    assert!(!checked.diagnostics.has_errors(), "{}", checked.diagnostics);
    assert!(
        checked
            .diagnostics
            .warnings()
            .all(|w| w.code == spur_core::Code::Unassessed)
    );
}
