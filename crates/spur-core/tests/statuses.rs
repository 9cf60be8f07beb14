//! `InspectionDocument::statuses` (the table grading reads) answers exactly what
//! `InspectionDocument::status` (one map lookup) answers, for any findings: uniform or per
//! regulation, running numbers inside the table and beyond it, criteria without a finding.

use std::collections::BTreeMap;

use proptest::prelude::*;
use spur_core::{
    AreaId, CriterionId, Finding, FindingStatus, InspectionDocument, KindLetter, Regulation, Status,
};
use strum::IntoEnumIterator;

const STATUSES: [Status; 5] = [
    Status::Met,
    Status::PartiallyMet,
    Status::NotMet,
    Status::NotAssessed,
    Status::NotApplicable,
];

fn status() -> impl Strategy<Value = Status> {
    (0..STATUSES.len()).prop_map(|i| STATUSES[i])
}

fn criterion() -> impl Strategy<Value = CriterionId> {
    // Numbers up to 70: the table holds 1–32 itself, the rest go to its map.
    (0..8usize, 0..3usize, 1u16..70).prop_map(|(a, k, n)| {
        let letter = KindLetter::iter().nth(k).unwrap();
        CriterionId::new(AreaId::ALL[a], letter, n).unwrap()
    })
}

fn finding() -> impl Strategy<Value = Finding> {
    prop_oneof![
        status().prop_map(Finding::new),
        (
            proptest::option::of(status()),
            proptest::option::of(status())
        )
            .prop_map(|(s, h)| {
                let mut per = BTreeMap::new();
                if let Some(s) = s {
                    per.insert(Regulation::Sosfs2015_8, s);
                }
                if let Some(h) = h {
                    per.insert(Regulation::HslfFs2021_8, h);
                }
                let mut f = Finding::new(Status::Met);
                f.status = FindingStatus::PerRegulation(per);
                f
            }),
    ]
}

fn seed() -> InspectionDocument {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-vardcentral.toml"
    ))
    .unwrap();
    InspectionDocument::from_toml_str(&text).unwrap()
}

proptest! {
    #[test]
    fn the_table_answers_as_the_map(
        findings in proptest::collection::btree_map(criterion(), finding(), 0..120),
        asked in proptest::collection::vec(criterion(), 1..60),
    ) {
        let mut doc = seed();
        doc.findings = findings;
        let table = doc.statuses();
        for id in asked.iter().chain(doc.findings.keys()) {
            for reg in Regulation::iter() {
                prop_assert_eq!(table.get(*id, reg), doc.status(*id, reg), "{} {}", id, reg);
            }
        }
    }
}

#[test]
fn the_seed_reads_the_same_through_the_table() {
    let doc = seed();
    let table = doc.statuses();
    let catalog = spur_core::Catalog::embedded();
    let mut brister = 0;
    for c in catalog.criteria() {
        for reg in Regulation::iter() {
            assert_eq!(
                table.get(c.id, reg),
                doc.status(c.id, reg),
                "{} {reg}",
                c.id
            );
            brister += usize::from(table.get(c.id, reg).is_brist());
        }
    }
    // The seed has brister; a table that answered `not_assessed` everywhere would fail here.
    assert!(brister > 0);
}
