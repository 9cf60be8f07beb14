//! Grading the seed fixture: D, E and H are D, adjusted to C after the handlingsplan.
use spur_core::{AreaId, Catalog, Format, Grade, InspectionDocument, Regulation};
use spur_grading::{ADJUSTMENT_NOTE_SV, Settings, grade};

fn seed() -> InspectionDocument {
    let src = include_str!("../../../fixtures/seed-vardcentral.toml");
    InspectionDocument::check(src, "seed", Format::Toml, Catalog::embedded())
        .into_result()
        .unwrap()
        .0
}

#[test]
fn seed_grades_d_in_d_e_h_under_both_regulations_adjusted_to_c() {
    let doc = seed();
    let g = grade(&doc, Catalog::embedded(), &Settings::default());
    assert!(g.handlingsplan_required);
    for area in AreaId::ALL {
        for reg in Regulation::ALL {
            let r = g.result(area, reg).unwrap();
            assert!(!r.provisional, "{area} {reg} provisional");
            if matches!(area, AreaId::D | AreaId::E | AreaId::H) {
                assert_eq!(r.computed, Some(Grade::D), "{area} {reg}");
                assert_eq!(r.final_grade, Some(Grade::C), "{area} {reg}");
                assert!(r.adjusted);
                assert_eq!(r.notes[0].sv, ADJUSTMENT_NOTE_SV);
                assert!(
                    r.reasons
                        .iter()
                        .all(|x| x.kind == spur_core::Kind::Foreskrift)
                );
            } else {
                assert_ne!(r.computed, Some(Grade::D), "{area} {reg}");
                assert!(!r.adjusted);
            }
        }
    }
    let h = g.result(AreaId::H, Regulation::HslfFs2021_8).unwrap();
    let ids: Vec<String> = h.reasons.iter().map(|r| r.criterion.to_string()).collect();
    assert_eq!(ids, ["H.F2", "H.F7", "H.F9"]);
}

#[test]
fn seed_without_plan_stays_d() {
    let mut doc = seed();
    doc.handlingsplan = None;
    let g = grade(&doc, Catalog::embedded(), &Settings::default());
    let d = g.result(AreaId::D, Regulation::Sosfs2015_8).unwrap();
    assert_eq!(d.final_grade, Some(Grade::D));
    assert!(!d.adjusted);
    assert_eq!(d.missing_plan_items.len(), 1);
}
