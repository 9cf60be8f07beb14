//! The TOML template pastes into the inspection document: template → filled → graded →
//! adjusted.

mod common;

use common::{MINIMAL, SEED, graded, parse};
use spur_core::{AreaId, Grade, Regulation};
use spur_report::{Lang, PlanFormat, render_handlingsplan};

/// The seed fixture up to (not including) its `[handlingsplan]`.
fn seed_without_plan() -> &'static str {
    let at = SEED
        .find("\n[handlingsplan]")
        .expect("the seed has a handlingsplan");
    &SEED[..at + 1]
}

fn template(src: &str, lang: Lang) -> String {
    let doc = parse(src);
    let g = graded(&doc);
    String::from_utf8(render_handlingsplan(&g, PlanFormat::Toml, lang).unwrap()).unwrap()
}

/// Fill every empty value the way a unit would, with dates after `visit`.
fn fill(template: &str, received: &str, due: &str, follow_up: &str) -> String {
    let mut out = String::new();
    for line in template.lines() {
        let filled = if line == "# received = YYYY-MM-DD" {
            format!("received = {received}")
        } else if let Some(rest) = line.strip_prefix("action = \"\"") {
            format!("action = \"Åtgärd enligt plan: \\\"IUP\\\" & uppföljning\"{rest}")
        } else if let Some(rest) = line.strip_prefix("due = \"\"") {
            format!("due = {due}{rest}")
        } else if let Some(rest) = line.strip_prefix("responsible = []") {
            format!("responsible = [\"ST-läkare\", \"handledare\"]{rest}")
        } else if let Some(rest) = line.strip_prefix("follow_up = \"\"") {
            format!("follow_up = {follow_up}{rest}")
        } else if let Some(rest) = line.strip_prefix("follow_up_responsible = []") {
            format!("follow_up_responsible = [\"VC-chef\", \"Studierektor\"]{rest}")
        } else {
            line.to_string()
        };
        out.push_str(&filled);
        out.push('\n');
    }
    out
}

#[test]
fn seed_template_filled_in_adjusts_d_e_h_to_c() {
    let base = seed_without_plan();
    let before = graded(&parse(base));
    for area in [AreaId::D, AreaId::E, AreaId::H] {
        assert_eq!(
            before
                .result(area, Regulation::HslfFs2021_8)
                .unwrap()
                .final_grade,
            Some(Grade::D)
        );
    }
    for lang in [Lang::Sv, Lang::En] {
        let tpl = template(base, lang);
        assert_eq!(
            tpl.matches("[[handlingsplan.entries]]").count(),
            6,
            "D.F6, E.F1, E.F4, H.F2, H.F7, H.F9"
        );
        let filled = fill(&tpl, "2026-01-15", "2026-03-01", "2026-10-01");
        assert!(
            !filled.contains("= \"\"") && !filled.contains("= []"),
            "everything is filled:\n{filled}"
        );
        let doc = parse(&format!("{base}\n{filled}"));
        let plan = doc
            .handlingsplan
            .as_ref()
            .expect("the pasted template is the handlingsplan");
        assert_eq!(plan.entries.len(), 6);
        assert!(plan.entries.iter().all(|e| e.is_complete()));
        assert_eq!(
            plan.entries[0].action.as_deref(),
            Some("Åtgärd enligt plan: \"IUP\" & uppföljning")
        );
        let g = graded(&doc);
        for area in AreaId::ALL {
            for reg in Regulation::ALL {
                let r = g.result(area, reg).unwrap();
                if matches!(area, AreaId::D | AreaId::E | AreaId::H) {
                    assert!(r.adjusted, "{area} {reg} adjusted");
                    assert_eq!(r.computed, Some(Grade::D));
                    assert_eq!(r.final_grade, Some(Grade::C), "{area} {reg}");
                } else {
                    assert!(!r.adjusted, "{area} {reg}");
                }
            }
        }
        assert!(g.plan_items.iter().all(|i| i.answered));
    }
}

#[test]
fn unfilled_template_parses_and_leaves_the_grade_at_d() {
    let base = seed_without_plan();
    let tpl = template(base, Lang::Sv);
    let doc = parse(&format!("{base}\n{tpl}"));
    let plan = doc.handlingsplan.as_ref().unwrap();
    assert_eq!(plan.received, None);
    assert_eq!(plan.entries.len(), 6);
    assert!(
        plan.entries.iter().all(|e| e.missing_fields().len() == 5),
        "empty strings and lists read as absent"
    );
    let g = graded(&doc);
    let d = g.result(AreaId::D, Regulation::Sosfs2015_8).unwrap();
    assert_eq!(d.final_grade, Some(Grade::D));
    assert!(!d.adjusted);
}

#[test]
fn received_but_half_filled_plan_does_not_adjust() {
    let base = seed_without_plan();
    let tpl =
        template(base, Lang::Sv).replacen("# received = YYYY-MM-DD", "received = 2026-01-15", 1);
    let g = graded(&parse(&format!("{base}\n{tpl}")));
    let e = g.result(AreaId::E, Regulation::HslfFs2021_8).unwrap();
    assert_eq!(e.final_grade, Some(Grade::D));
    assert!(!e.missing_plan_items.is_empty());
}

#[test]
fn minimal_template_round_trips_with_dates_after_its_visit() {
    let tpl = template(MINIMAL, Lang::En);
    assert_eq!(tpl.matches("[[handlingsplan.entries]]").count(), 1);
    assert!(tpl.contains("criterion = \"D.F6\""));
    assert!(tpl.contains("# Note: IUP saknas för en ST-läkare."));
    let filled = fill(&tpl, "2026-03-01", "2026-04-01", "2026-09-01");
    let g = graded(&parse(&format!("{MINIMAL}\n{filled}")));
    let d = g.result(AreaId::D, Regulation::HslfFs2021_8).unwrap();
    // A föreskrift brist decides D whatever the unassessed criteria are, so D is final and
    // the complete, received plan adjusts it.
    assert!(!d.provisional);
    assert!(d.adjusted);
    assert_eq!(d.final_grade, Some(Grade::C));
    assert!(g.plan_items.iter().all(|i| i.answered));
}

#[test]
fn recommended_items_follow_required_ones_and_are_marked() {
    let src = "[inspection]\nunit = \"Råd\"\nvisit_date = 2026-01-01\nregulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]\n[findings]\n\"B.R1\" = { status = \"not_met\", note = \"Ingen plan\" }\n\"H.F2\" = \"partially_met\"\n\"E.F7\" = \"not_met\"\n";
    let tpl = template(src, Lang::Sv);
    let ids: Vec<&str> = tpl
        .lines()
        .filter_map(|l| l.strip_prefix("criterion = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    // E.F7 is a föreskrift under 2021, so it is required; B.R1 is only an allmänt råd.
    assert_eq!(ids, ["E.F7", "H.F2", "B.R1"]);
    assert!(tpl.contains("# B.R1 (rekommendation): "));
    assert!(tpl.contains("# E.F7 (krav): "));
    // Pasted and filled, the recommended entry is accepted by validation too.
    let filled = fill(&tpl, "2026-02-01", "2026-03-01", "2026-06-01");
    let doc = parse(&format!("{src}\n{filled}"));
    assert_eq!(doc.handlingsplan.unwrap().entries.len(), 3);
}
