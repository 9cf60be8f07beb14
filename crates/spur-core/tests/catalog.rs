//! Whole-catalog tests: the embedded catalog against itself and against the reference
//! (`shared/domain/catalog-reference.md`, beside the repository).

use std::collections::{BTreeMap, BTreeSet};

use spur_core::{AreaId, Catalog, Confidence, Grade, Kind, KindLetter, Regulation, Scale};
use strum::IntoEnumIterator;

fn catalog() -> &'static Catalog {
    Catalog::embedded()
}

fn reference() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/domain/catalog-reference.md"
    );
    match std::fs::read_to_string(path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI needs ../shared beside the repository: {path}")
        }
        Err(_) => {
            eprintln!(
                "skipping: {path} not found (the reference lives in ../shared beside the repository)"
            );
            None
        }
    }
}

#[test]
fn embedded_catalog_validates_clean() {
    assert_eq!(catalog().validate(), vec![]);
    assert_eq!(catalog().version, spur_core::EMBEDDED_VERSION);
}

#[test]
fn ids_are_unique_well_formed_and_follow_the_naming_convention() {
    let mut seen = BTreeSet::new();
    for area in &catalog().areas {
        let mut numbers: BTreeMap<KindLetter, Vec<u16>> = BTreeMap::new();
        for c in &area.criteria {
            assert!(seen.insert(c.id), "duplicate {}", c.id);
            assert_eq!(c.id.area(), area.id);
            assert_eq!(
                c.id.to_string().parse::<spur_core::CriterionId>().unwrap(),
                c.id
            );
            // The letter follows the 2021 kind where applicable, else the 2015 kind.
            let primary = match c.kind(Regulation::HslfFs2021_8) {
                Kind::NotApplicable => c.kind(Regulation::Sosfs2015_8),
                k => k,
            };
            let expected = match primary {
                Kind::Foreskrift => KindLetter::F,
                Kind::AllmantRad => KindLetter::R,
                _ => KindLetter::K,
            };
            assert_eq!(c.id.letter(), expected, "{}", c.id);
            numbers
                .entry(c.id.letter())
                .or_default()
                .push(c.id.number());
        }
        for (letter, ns) in numbers {
            let want: Vec<u16> = (1..=ns.len() as u16).collect();
            assert_eq!(
                ns, want,
                "area {} letter {letter} numbers are not 1..n in order",
                area.id
            );
        }
    }
    assert_eq!(seen.len(), 75);
}

#[test]
fn every_area_has_a_scale_with_all_its_level_texts_and_is_in_order() {
    let ids: Vec<AreaId> = catalog().areas.iter().map(|a| a.id).collect();
    assert_eq!(ids, AreaId::ALL);
    for area in &catalog().areas {
        let expected = if matches!(area.id, AreaId::A | AreaId::C) {
            Scale::Abd
        } else {
            Scale::Abcd
        };
        assert_eq!(area.scale, expected, "area {}", area.id);
        for g in area.scale.grades() {
            let level = area.level(*g).unwrap();
            assert!(
                level.sv.starts_with(&format!("{g}. ")),
                "{}: {}",
                area.id,
                level.sv
            );
            assert!(!level.en.trim().is_empty());
        }
        assert_eq!(area.level(Grade::C).is_some(), area.scale == Scale::Abcd);
    }
    // The truncated level text of area C is kept verbatim, with the intended text beside it.
    let c_b = catalog().area(AreaId::C).level(Grade::B).unwrap();
    assert_eq!(c_b.sv, "B. Socialstyrelsens föreskrifter.");
    assert_eq!(
        c_b.intended_sv.as_deref(),
        Some("B. Socialstyrelsens föreskrifter följs.")
    );
}

#[test]
fn every_criterion_applies_somewhere_has_texts_and_a_consistent_plan_flag() {
    for c in catalog().criteria() {
        assert!(Regulation::ALL.iter().any(|r| c.applies(*r)), "{}", c.id);
        assert!(
            !c.sv.trim().is_empty() && !c.en.trim().is_empty(),
            "{}",
            c.id
        );
        let derived = Regulation::ALL
            .iter()
            .any(|r| matches!(c.kind(*r), Kind::Foreskrift | Kind::AllmantRad));
        assert_eq!(c.handlingsplan, derived, "{}", c.id);
        if c.confidence != Confidence::High {
            assert!(
                c.note.as_deref().is_some_and(|n| !n.is_empty()),
                "{} has doubt but no note",
                c.id
            );
        }
    }
}

#[test]
fn no_allmant_rad_in_a_three_level_area() {
    for area in catalog().areas.iter().filter(|a| a.scale == Scale::Abd) {
        for c in &area.criteria {
            for r in Regulation::ALL {
                assert_ne!(
                    c.kind(r),
                    Kind::AllmantRad,
                    "{} in 3-level area {}",
                    c.id,
                    area.id
                );
            }
        }
    }
}

#[test]
fn counts_per_area_and_kind_equal_the_reference_table() {
    // Section 2.9 of the reference: per area, 2015 F/AR/KI/na then 2021 F/AR/KI/na, total.
    let table: [(AreaId, [usize; 9]); 8] = [
        (AreaId::A, [3, 0, 1, 0, 3, 0, 1, 0, 4]),
        (AreaId::B, [6, 1, 3, 0, 6, 1, 3, 0, 10]),
        (AreaId::C, [3, 0, 1, 0, 3, 0, 1, 0, 4]),
        (AreaId::D, [8, 3, 2, 0, 8, 3, 2, 0, 13]),
        (AreaId::E, [6, 6, 2, 0, 7, 5, 2, 0, 14]),
        (AreaId::F, [2, 3, 1, 0, 2, 3, 1, 0, 6]),
        (AreaId::G, [6, 1, 3, 1, 4, 1, 4, 2, 11]),
        (AreaId::H, [9, 3, 1, 0, 9, 3, 1, 0, 13]),
    ];
    for (area_id, expected) in table {
        let area = catalog().area(area_id);
        let mut got = [0usize; 9];
        for c in &area.criteria {
            for (i, r) in Regulation::ALL.iter().enumerate() {
                let slot = match c.kind(*r) {
                    Kind::Foreskrift => 0,
                    Kind::AllmantRad => 1,
                    Kind::Kvalitetsindikator => 2,
                    Kind::NotApplicable => 3,
                };
                got[i * 4 + slot] += 1;
            }
        }
        got[8] = area.criteria.len();
        assert_eq!(got, expected, "area {area_id}");
    }
}

#[test]
fn special_cases_of_the_reference() {
    let kind = |id: &str, r| catalog().criterion(id.parse().unwrap()).unwrap().kind(r);
    assert_eq!(kind("E.F7", Regulation::Sosfs2015_8), Kind::AllmantRad);
    assert_eq!(kind("E.F7", Regulation::HslfFs2021_8), Kind::Foreskrift);
    for id in ["G.F5", "G.F6"] {
        assert_eq!(kind(id, Regulation::HslfFs2021_8), Kind::NotApplicable);
    }
    assert_eq!(kind("G.K4", Regulation::Sosfs2015_8), Kind::NotApplicable);
    let differing: Vec<String> = catalog()
        .criteria()
        .filter(|c| c.kind_differs())
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(differing, ["E.F7"]);
    let low: Vec<String> = catalog()
        .criteria()
        .filter(|c| c.confidence == Confidence::Low)
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(
        low,
        ["A.F3", "B.K1", "C.F3", "D.K1", "E.R4", "G.F4", "G.K3"]
    );
}

#[test]
fn evidence_from_public_sources_is_applied() {
    // catalog-reference.md §4.1: confidence changes.
    let c = |id: &str| catalog().criterion(id.parse().unwrap()).unwrap();
    for id in [
        "D.R1", "D.F8", "D.R2", "F.R1", "F.R2", "F.R3", "E.F4", "E.F6",
    ] {
        assert_eq!(c(id).confidence, Confidence::High, "{id}");
        for r in Regulation::ALL {
            assert_eq!(c(id).confidence_under(r), Confidence::High, "{id} {r}");
        }
    }
    for id in ["D.R3", "B.R1", "B.F3"] {
        assert_eq!(
            c(id).confidence_under(Regulation::Sosfs2015_8),
            Confidence::High,
            "{id}"
        );
        assert_eq!(
            c(id).confidence_under(Regulation::HslfFs2021_8),
            Confidence::Medium,
            "{id}"
        );
        assert_eq!(
            c(id).confidence,
            Confidence::Medium,
            "{id}: the lowest of the two"
        );
    }
    // §4.2: E.R4 keeps its kind, the conflict is recorded and confidence is low.
    let e_r4 = c("E.R4");
    assert_eq!(e_r4.kind(Regulation::Sosfs2015_8), Kind::AllmantRad);
    assert_eq!(e_r4.kind(Regulation::HslfFs2021_8), Kind::AllmantRad);
    assert_eq!(e_r4.confidence, Confidence::Low);
    let note = e_r4.note.as_deref().unwrap();
    assert!(note.contains("Conflict") && note.contains("ska"), "{note}");
    // G.F5/G.F6: the note rests on the seed's label only.
    for id in ["G.F5", "G.F6"] {
        let note = c(id).note.as_deref().unwrap();
        assert!(
            note.contains("endast 2015") && note.contains("STa3"),
            "{id}: {note}"
        );
        assert!(!note.contains("do not prescribe"), "{id}: {note}");
    }
    // §4.3: the K criteria are the allmänmedicin (SFAM) set; the shared part has none.
    assert!(!Catalog::shared().has_indicators());
    assert_eq!(Catalog::shared().criteria().count(), 60);
    let set = catalog().indicator_set.as_ref().unwrap();
    assert_eq!(set.specialty, "allmänmedicin");
    assert!(set.society.contains("SFAM"));
}

#[test]
fn every_swedish_text_of_the_reference_is_present_exactly_once() {
    let Some(reference) = reference() else { return };
    let mut in_reference = Vec::new();
    let lines: Vec<&str> = reference.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("- **`") {
            let id = rest.split('`').next().unwrap();
            let sv = lines[i + 1]
                .trim()
                .strip_prefix("- sv: ")
                .expect("sv line follows the id line");
            in_reference.push((id.to_string(), sv.to_string()));
        }
    }
    assert_eq!(in_reference.len(), 75, "the reference lists 75 criteria");
    for (id, sv) in &in_reference {
        let matching: Vec<_> = catalog().criteria().filter(|c| &c.sv == sv).collect();
        assert_eq!(
            matching.len(),
            1,
            "{id}: text present {} times",
            matching.len()
        );
        assert_eq!(&matching[0].id.to_string(), id);
    }
    // And the level texts and area titles.
    for area in &catalog().areas {
        assert!(reference.contains(&area.sv), "area title {}", area.sv);
        for level in &area.levels {
            assert!(reference.contains(&level.sv), "level text {}", level.sv);
        }
        if let Some(basis) = &area.legal_basis {
            assert!(reference.contains(basis.as_str()));
        }
    }
}

#[test]
fn a_user_catalog_goes_through_the_same_parser_and_reports_every_problem() {
    let broken = Catalog::embedded_source()
        .replacen("id = \"D.F2\"", "id = \"D.F1\"", 1)
        .replacen("handlingsplan = false", "handlingsplan = true", 1)
        .replacen(
            "kind = { \"SOSFS 2015:8\" = \"allmänt råd\", \"HSLF-FS 2021:8\" = \"allmänt råd\" }",
            "kind = { \"SOSFS 2015:8\" = \"not applicable\", \"HSLF-FS 2021:8\" = \"not applicable\" }",
            1,
        );
    let err = Catalog::from_toml_str(&broken, "my-catalog.toml").unwrap_err();
    let spur_core::Error::Invalid(diags) = err else {
        panic!()
    };
    let text = diags.to_string();
    assert!(text.contains("criterion id D.F1 is used twice"), "{text}");
    assert!(
        text.contains("handlingsplan = true but its kinds say false"),
        "{text}"
    );
    assert!(
        text.contains("not applicable under any regulation"),
        "{text}"
    );
    assert!(text.contains("my-catalog.toml:"), "located: {text}");
    assert!(diags.len() >= 3);
    // The repeated id is reported at the second copy, with the first as a label.
    let twice = diags
        .0
        .iter()
        .find(|d| d.message.contains("D.F1 is used twice"))
        .unwrap();
    let line_of = |at: usize| broken[..at].lines().count() + 1;
    let copies: Vec<usize> = broken
        .match_indices("id = \"D.F1\"")
        .map(|(at, _)| line_of(at))
        .collect();
    assert_eq!(twice.location.as_ref().unwrap().line, copies[1]);
    assert_eq!(twice.labels[0].location.line, copies[0]);

    let syntax = Catalog::from_toml_str("version = \"x\"\ntitle = 3\n", "c.toml").unwrap_err();
    assert!(syntax.to_string().contains("c.toml:2:9"), "{syntax}");

    // A valid user catalog with a new version name loads.
    let renamed = Catalog::embedded_source().replacen(
        "version = \"spur-2026.1\"",
        "version = \"spur-2027.1\"",
        1,
    );
    assert_eq!(
        Catalog::from_toml_str(&renamed, "new.toml")
            .unwrap()
            .version,
        "spur-2027.1"
    );
}

#[test]
fn kinds_iterate_and_every_regulation_has_metadata() {
    assert_eq!(Kind::iter().count(), 4);
    let regs: Vec<Regulation> = catalog().regulations.iter().map(|r| r.id).collect();
    assert_eq!(regs, Regulation::ALL);
    for r in &catalog().regulations {
        assert_eq!(r.designation, r.id.designation());
        assert!(!r.title.is_empty());
    }
}
