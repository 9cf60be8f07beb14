//! The overview's sorting, against a plain sort by the full key.

use super::*;
use proptest::prelude::*;

fn template() -> UnitSummary {
    let seed = include_str!("../../../fixtures/seed-vardcentral.toml");
    let options = OverviewOptions::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    summarize_source(
        seed,
        "seed.toml",
        Format::Toml,
        Catalog::embedded(),
        &options,
    )
    .unwrap()
}

fn name() -> impl Strategy<Value = String> {
    // Few letters, so that equal collation keys, equal names and equal files all occur.
    let letters = vec!["a", "A", "å", "Å", "ä", "ö", "z", "e", "é", " "];
    proptest::collection::vec(proptest::sample::select(letters), 0..4)
        .prop_map(|parts| parts.concat())
}

proptest! {
    /// The permutation sort puts the summaries in the order a plain sort by the full key
    /// gives, moving every summary exactly once (none lost, none doubled).
    #[test]
    fn sort_by_unit_is_the_sort_by_the_full_key(
        names in proptest::collection::vec((name(), name()), 0..60),
    ) {
        let t = template();
        let mut summaries: Vec<UnitSummary> = names
            .iter()
            .map(|(unit, file)| {
                let mut s = t.clone();
                s.row.unit = unit.clone();
                s.row.file = file.clone();
                s
            })
            .collect();
        let mut expected: Vec<(String, String)> = names.clone();
        expected.sort_by_cached_key(|(u, f)| (collation_key(u), u.clone(), f.clone()));
        sort_by_unit(&mut summaries);
        let got: Vec<(String, String)> = summaries
            .iter()
            .map(|s| (s.row.unit.clone(), s.row.file.clone()))
            .collect();
        prop_assert_eq!(got, expected);
    }
}
