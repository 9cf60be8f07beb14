//! One table-driven case per branch of the grading rule, and proptest invariants.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use spur_core::{
    AreaId, Catalog, Finding, Format, Grade, Handlingsplan, Inspection, InspectionDocument, Kind,
    Override, PlanEntry, Regulation, Status,
};
use spur_grading::{Counts, Settings, evaluate, grade};

const R15: Regulation = Regulation::Sosfs2015_8;
const R21: Regulation = Regulation::HslfFs2021_8;

/// Every criterion of the catalog `met`, then the given findings on top (TOML values).
fn doc(regs: &str, findings: &[(&str, &str)], extra: &str) -> InspectionDocument {
    let mut map: BTreeMap<String, String> = Catalog::embedded()
        .criteria()
        .map(|c| (c.id.to_string(), "\"met\"".to_string()))
        .collect();
    for (id, v) in findings {
        map.insert((*id).to_string(), (*v).to_string());
    }
    let regs_list: Vec<Regulation> = regs.split(',').map(|r| r.parse().unwrap()).collect();
    map.retain(|id, _| {
        let c = Catalog::embedded().criterion(id.parse().unwrap()).unwrap();
        regs_list.iter().any(|r| c.applies(*r))
    });
    let mut src = format!(
        "[inspection]\nunit = \"Test\"\nvisit_date = 2026-01-20\nregulations = [{}]\n[findings]\n",
        regs_list
            .iter()
            .map(|r| format!("\"{r}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (id, v) in &map {
        src.push_str(&format!("\"{id}\" = {v}\n"));
    }
    src.push_str(extra);
    let checked = InspectionDocument::check(&src, "case.toml", Format::Toml, Catalog::embedded());
    assert!(
        !checked.diagnostics.has_errors(),
        "{}\n{src}",
        checked.diagnostics
    );
    checked.document.unwrap()
}

fn final_of(d: &InspectionDocument, area: AreaId, reg: Regulation) -> Option<Grade> {
    grade(d, Catalog::embedded(), &Settings::default())
        .result(area, reg)
        .unwrap()
        .final_grade
}

const COMPLETE_ENTRY: &str = "action = \"Åtgärd\"\ndue = 2026-03-01\nresponsible = [\"ST-läkare\"]\nfollow_up = 2026-10-01\nfollow_up_responsible = \"VC-chef, Studierektor\"\n";

#[test]
fn table_of_rule_branches() {
    use AreaId::*;
    let nm = "\"not_met\"";
    let pm = "\"partially_met\"";
    let na = "\"not_applicable\"";
    let cases: Vec<(&str, InspectionDocument, AreaId, Regulation, Option<Grade>)> = vec![
        ("all met → A", doc("2021", &[], ""), D, R21, Some(Grade::A)),
        (
            "föreskrift brist → D",
            doc("2021", &[("D.F1", nm)], ""),
            D,
            R21,
            Some(Grade::D),
        ),
        (
            "partially met counts as brist",
            doc("2021", &[("D.F1", pm)], ""),
            D,
            R21,
            Some(Grade::D),
        ),
        (
            "allmänt råd brist → C",
            doc("2021", &[("D.R1", nm)], ""),
            D,
            R21,
            Some(Grade::C),
        ),
        (
            "one indicator within tolerance → A",
            doc("2021", &[("D.K1", nm)], ""),
            D,
            R21,
            Some(Grade::A),
        ),
        (
            "two indicators over tolerance → B",
            doc("2021", &[("D.K1", nm), ("D.K2", pm)], ""),
            D,
            R21,
            Some(Grade::B),
        ),
        (
            "3-level: föreskrift brist → D",
            doc("2021", &[("A.F3", nm)], ""),
            A,
            R21,
            Some(Grade::D),
        ),
        (
            "3-level: indicator within tolerance → A",
            doc("2021", &[("C.K1", nm)], ""),
            C,
            R21,
            Some(Grade::A),
        ),
        (
            "not_applicable ignored",
            doc("2021", &[("D.K1", na), ("D.K2", na)], ""),
            D,
            R21,
            Some(Grade::A),
        ),
        (
            "all not_applicable → not graded",
            doc(
                "2021",
                &[("A.F1", na), ("A.F2", na), ("A.F3", na), ("A.K1", na)],
                "",
            ),
            A,
            R21,
            None,
        ),
        (
            "E.F7 unmet: allmänt råd under 2015 → C",
            doc("2015,2021", &[("E.F7", nm)], ""),
            E,
            R15,
            Some(Grade::C),
        ),
        (
            "E.F7 unmet: föreskrift under 2021 → D",
            doc("2015,2021", &[("E.F7", nm)], ""),
            E,
            R21,
            Some(Grade::D),
        ),
        (
            "G.F5 only counts under 2015",
            doc("2015,2021", &[("G.F5", nm)], ""),
            G,
            R15,
            Some(Grade::D),
        ),
        (
            "G.F5 ignored under 2021",
            doc("2015,2021", &[("G.F5", nm)], ""),
            G,
            R21,
            Some(Grade::A),
        ),
        (
            "per-regulation status",
            doc(
                "2015,2021",
                &[(
                    "D.F1",
                    "{ status = { \"SOSFS 2015:8\" = \"met\", \"HSLF-FS 2021:8\" = \"not_met\" } }",
                )],
                "",
            ),
            D,
            R15,
            Some(Grade::A),
        ),
        (
            "per-regulation status (other column)",
            doc(
                "2015,2021",
                &[(
                    "D.F1",
                    "{ status = { \"SOSFS 2015:8\" = \"met\", \"HSLF-FS 2021:8\" = \"not_met\" } }",
                )],
                "",
            ),
            D,
            R21,
            Some(Grade::D),
        ),
        (
            "override replaces the grade",
            doc(
                "2021",
                &[("D.F1", nm)],
                "[overrides.D]\ngrade = \"B\"\nreason = \"Åtgärdat under besöket\"\n",
            ),
            D,
            R21,
            Some(Grade::B),
        ),
        (
            "per-regulation override leaves the other column",
            doc(
                "2015,2021",
                &[("D.F1", nm)],
                "[overrides.D]\ngrade = { \"SOSFS 2015:8\" = \"C\" }\nreason = \"x\"\n",
            ),
            D,
            R21,
            Some(Grade::D),
        ),
        (
            "complete received plan adjusts D → C",
            doc(
                "2021",
                &[("E.F1", nm)],
                &format!(
                    "[handlingsplan]\nreceived = 2026-02-01\n[[handlingsplan.entries]]\ncriterion = \"E.F1\"\n{COMPLETE_ENTRY}"
                ),
            ),
            E,
            R21,
            Some(Grade::C),
        ),
        (
            "plan not received keeps D",
            doc(
                "2021",
                &[("E.F1", nm)],
                &format!("[[handlingsplan.entries]]\ncriterion = \"E.F1\"\n{COMPLETE_ENTRY}"),
            ),
            E,
            R21,
            Some(Grade::D),
        ),
        (
            "plan covering only some brister keeps D",
            doc(
                "2021",
                &[("E.F1", nm), ("E.F4", nm)],
                &format!(
                    "[handlingsplan]\nreceived = 2026-02-01\n[[handlingsplan.entries]]\ncriterion = \"E.F1\"\n{COMPLETE_ENTRY}"
                ),
            ),
            E,
            R21,
            Some(Grade::D),
        ),
        (
            "3-level area: received plan keeps D",
            doc(
                "2021",
                &[("C.F1", nm)],
                &format!(
                    "[handlingsplan]\nreceived = 2026-02-01\n[[handlingsplan.entries]]\ncriterion = \"C.F1\"\n{COMPLETE_ENTRY}"
                ),
            ),
            C,
            R21,
            Some(Grade::D),
        ),
    ];
    for (name, d, area, reg, expected) in cases {
        assert_eq!(final_of(&d, area, reg), expected, "{name}");
    }
}

#[test]
fn adjustment_details_and_missing_items() {
    let d = doc(
        "2021",
        &[("E.F1", "\"not_met\""), ("E.F4", "\"not_met\"")],
        "[handlingsplan]\nreceived = 2026-02-01\n[[handlingsplan.entries]]\ncriterion = \"E.F1\"\naction = \"x\"\ndue = 2026-03-01\n",
    );
    let g = grade(&d, Catalog::embedded(), &Settings::default());
    let e = g.result(AreaId::E, R21).unwrap();
    assert!(!e.adjusted && e.plan_received);
    let missing: Vec<(String, Vec<String>)> = e
        .missing_plan_items
        .iter()
        .map(|m| (m.criterion.to_string(), m.missing_fields.clone()))
        .collect();
    assert_eq!(
        missing,
        [
            (
                "E.F1".to_string(),
                vec![
                    "responsible".to_string(),
                    "follow_up".into(),
                    "follow_up_responsible".into()
                ]
            ),
            ("E.F4".to_string(), vec![])
        ]
    );
    assert!(e.notes[0].sv.contains("E.F1, E.F4"));

    let c = doc(
        "2021",
        &[("C.F1", "\"not_met\"")],
        &format!(
            "[handlingsplan]\nreceived = 2026-02-01\n[[handlingsplan.entries]]\ncriterion = \"C.F1\"\n{COMPLETE_ENTRY}"
        ),
    );
    let g = grade(&c, Catalog::embedded(), &Settings::default());
    let r = g.result(AreaId::C, R21).unwrap();
    assert!(r.plan_received && !r.adjusted);
    assert!(r.notes[0].sv.contains("3-gradig"));
}

#[test]
fn override_keeps_computed_grade_and_reason() {
    let d = doc(
        "2021",
        &[("D.F1", "\"not_met\"")],
        "[overrides.D]\ngrade = \"B\"\nreason = \"Åtgärdat under besöket\"\n",
    );
    let g = grade(&d, Catalog::embedded(), &Settings::default());
    let r = g.result(AreaId::D, R21).unwrap();
    assert_eq!(
        (r.computed, r.final_grade, r.overridden),
        (Some(Grade::D), Some(Grade::B), true)
    );
    assert_eq!(r.override_reason.as_deref(), Some("Åtgärdat under besöket"));
    assert_eq!(r.reasons[0].criterion.to_string(), "D.F1");
}

#[test]
fn not_assessed_gives_a_provisional_range_and_the_deciding_criteria() {
    let d = doc(
        "2021",
        &[("D.F1", "\"not_assessed\""), ("D.R2", "\"not_assessed\"")],
        "",
    );
    let g = grade(&d, Catalog::embedded(), &Settings::default());
    let r = g.result(AreaId::D, R21).unwrap();
    assert!(r.provisional);
    assert_eq!(r.range, Some([Grade::A, Grade::D]));
    let deciding: Vec<String> = r.deciding.iter().map(ToString::to_string).collect();
    assert_eq!(deciding, ["D.F1", "D.R2"]);
    let json = serde_json::to_value(r).unwrap();
    assert_eq!(json["range"], serde_json::json!(["A", "D"]));

    let k = doc(
        "2021",
        &[("D.K1", "\"not_met\""), ("D.K2", "\"not_assessed\"")],
        "",
    );
    let g = grade(&k, Catalog::embedded(), &Settings::default());
    assert_eq!(
        g.result(AreaId::D, R21).unwrap().range,
        Some([Grade::A, Grade::B])
    );

    let fine = doc("2021", &[("D.K2", "\"not_assessed\"")], "");
    let g = grade(&fine, Catalog::embedded(), &Settings::default());
    let r = g.result(AreaId::D, R21).unwrap();
    assert!(
        !r.provisional,
        "one unassessed indicator cannot change A with tolerance 1"
    );
}

#[test]
fn regulation_not_trained_under_has_no_column_and_tolerance_is_a_setting() {
    let d = doc("2021", &[("D.K1", "\"not_met\"")], "");
    let g = grade(&d, Catalog::embedded(), &Settings::with_tolerance(0));
    assert!(
        g.areas
            .iter()
            .all(|a| a.results.len() == 1 && a.results[0].regulation == R21)
    );
    assert_eq!(
        g.result(AreaId::D, R21).unwrap().final_grade,
        Some(Grade::B)
    );
    assert!(g.result(AreaId::D, R15).is_none());
}

#[test]
fn three_level_scale_has_no_c_even_with_allmant_rad_counts() {
    let c = |f, r, k| Counts {
        foreskrift: f,
        allmant_rad: r,
        indikator: k,
    };
    assert_eq!(evaluate(spur_core::Scale::Abd, c(0, 3, 0), 1), Grade::A);
    assert_eq!(evaluate(spur_core::Scale::Abd, c(0, 3, 2), 1), Grade::B);
    assert_eq!(evaluate(spur_core::Scale::Abd, c(1, 0, 0), 1), Grade::D);
}

#[test]
fn json_shape_matches_the_documented_one() {
    let d = doc(
        "2015,2021",
        &[("D.F3", "{ status = \"not_met\", note = \"x\" }")],
        "",
    );
    let v: serde_json::Value =
        serde_json::from_str(&grade(&d, Catalog::embedded(), &Settings::default()).to_json())
            .unwrap();
    assert_eq!(v["unit"], "Test");
    assert_eq!(v["handlingsplan_required"], true);
    let area_d = &v["areas"][3];
    assert_eq!(area_d["area"], "D");
    let r = &area_d["results"][0];
    assert_eq!(r["regulation"], "SOSFS 2015:8");
    for key in [
        "computed",
        "final",
        "provisional",
        "range",
        "adjusted",
        "overridden",
        "reasons",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["computed"], "D");
    assert_eq!(r["range"], serde_json::Value::Null);
    let reason = &r["reasons"][0];
    assert_eq!(reason["criterion"], "D.F3");
    assert_eq!(reason["kind"], "föreskrift");
    assert_eq!(reason["status"], "not_met");
    assert!(
        reason["sv"]
            .as_str()
            .unwrap()
            .contains("Alla ST-läkare har lika rättigheter")
    );
    assert!(
        reason["en"]
            .as_str()
            .unwrap()
            .starts_with("Regulation (föreskrift) D.F3 not met")
    );
}

// ----------------------------------------------------------------------------------------
// proptest invariants

fn build(statuses: &[Status], regs: Vec<Regulation>) -> InspectionDocument {
    let findings = Catalog::embedded()
        .criteria()
        .zip(statuses.iter().cycle())
        .filter(|(c, _)| regs.iter().any(|r| c.applies(*r)))
        .map(|(c, s)| (c.id, Finding::new(*s)))
        .collect();
    let mut doc = InspectionDocument::new(Inspection::new(
        "P",
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        regs,
    ));
    doc.findings = findings;
    doc
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        4 => Just(Status::Met),
        1 => Just(Status::PartiallyMet),
        1 => Just(Status::NotMet),
        1 => Just(Status::NotAssessed),
        1 => Just(Status::NotApplicable),
    ]
}

fn regs() -> impl Strategy<Value = Vec<Regulation>> {
    prop_oneof![Just(vec![R15]), Just(vec![R21]), Just(vec![R15, R21])]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn met_to_not_met_never_improves_a_grade(statuses in proptest::collection::vec(status(), 75), regs in regs(), flip in 0usize..75, tol in 0usize..3) {
        let settings = Settings::with_tolerance(tol);
        let mut flipped = statuses.clone();
        if flipped[flip] != Status::Met { flipped[flip] = Status::Met; }
        let better = build(&flipped, regs.clone());
        flipped[flip] = Status::NotMet;
        let worse = build(&flipped, regs);
        let gb = grade(&better, Catalog::embedded(), &settings);
        let gw = grade(&worse, Catalog::embedded(), &settings);
        for (ab, aw) in gb.areas.iter().zip(&gw.areas) {
            for (rb, rw) in ab.results.iter().zip(&aw.results) {
                if let (Some(b), Some(w)) = (rb.computed, rw.computed) { prop_assert!(w >= b, "{} {}: {b} → {w}", ab.area, rb.regulation); }
                if let (Some([_, b]), Some([_, w])) = (rb.range, rw.range) { prop_assert!(w >= b); }
            }
        }
    }

    #[test]
    fn d_iff_some_foreskrift_unmet(statuses in proptest::collection::vec(status(), 75), regs in regs()) {
        let d = build(&statuses, regs);
        let g = grade(&d, Catalog::embedded(), &Settings::default());
        for area in &g.areas {
            for r in &area.results {
                let unmet_f = Catalog::embedded().area(area.area).criteria_under(r.regulation)
                    .any(|c| c.kind(r.regulation) == Kind::Foreskrift && d.status(c.id, r.regulation).is_brist());
                prop_assert_eq!(r.computed == Some(Grade::D), unmet_f, "{} {}", area.area, r.regulation);
            }
        }
    }

    #[test]
    fn provisional_best_le_final_le_worst_and_deterministic(statuses in proptest::collection::vec(status(), 75), regs in regs(), tol in 0usize..3) {
        let d = build(&statuses, regs);
        let settings = Settings::with_tolerance(tol);
        let g = grade(&d, Catalog::embedded(), &settings);
        prop_assert_eq!(&g, &grade(&d, Catalog::embedded(), &settings));
        for area in &g.areas {
            for r in &area.results {
                match r.range {
                    Some([best, worst]) => {
                        prop_assert!(r.provisional && best < worst);
                        let f = r.final_grade.unwrap();
                        prop_assert!(best <= f && f <= worst);
                        prop_assert!(!r.deciding.is_empty());
                    }
                    None => prop_assert!(!r.provisional),
                }
            }
        }
    }

    #[test]
    fn grading_any_document_does_not_panic(statuses in proptest::collection::vec(status(), 1..80), regs in regs(), ov in proptest::option::of(0usize..4)) {
        let mut d = build(&statuses, regs);
        if let Some(i) = ov {
            let g = [Grade::A, Grade::B, Grade::C, Grade::D][i];
            d.overrides.insert(AreaId::E, Override::new(g, "r"));
        }
        d.handlingsplan = Some(Handlingsplan::new(NaiveDate::from_ymd_opt(2026, 2, 1), vec![PlanEntry::blank("E.F1".parse().unwrap())]));
        let g = grade(&d, Catalog::embedded(), &Settings::default());
        prop_assert_eq!(g.areas.len(), 8);
    }
}
