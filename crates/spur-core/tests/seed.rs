//! The seed fixture reads clean.
use spur_core::{Catalog, Format, InspectionDocument};

#[test]
fn seed_fixture_parses_and_validates_clean() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-vardcentral.toml");
    let src = std::fs::read_to_string(path).unwrap();
    let checked = InspectionDocument::check(&src, "seed-vardcentral.toml", Format::Toml, Catalog::embedded());
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics);
    let doc = checked.document.unwrap();
    assert_eq!(doc.findings.len(), 75);
    assert_eq!(doc.handlingsplan.unwrap().entries.len(), 6);
    assert_eq!(doc.report.improvements.len(), 8);
}
