//! Issue 19: the overview over `fixtures/overview-trend/` (three inspections of the seed unit,
//! 2017, 2021 and 2025, and a unit of the same name in another region) shows the seed unit's
//! trend per area, oldest first, in every format.

use std::path::PathBuf;

use spur_core::{AreaId, Catalog, Grade, parse_date};
use spur_followup::{Change, Overview, OverviewOptions, collect_files, overview};

const DIR: &str = "../../fixtures/overview-trend";

fn trend_overview() -> Overview {
    let (files, errors) = collect_files(&[PathBuf::from(DIR)]);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 4);
    let ov = overview(
        &files,
        Catalog::embedded(),
        &OverviewOptions::new(parse_date("2026-11-23").unwrap()),
    );
    assert!(ov.errors.is_empty(), "{:?}", ov.errors);
    ov
}

#[test]
fn one_trend_for_the_unit_inspected_three_times_oldest_first() {
    let ov = trend_overview();
    assert_eq!(ov.units.len(), 4);
    assert_eq!(
        ov.trends.len(),
        1,
        "the unit in another region has no trend"
    );
    let t = &ov.trends[0];
    assert_eq!(t.unit, "Vårdcentralen Exempel (seed-enheten)");
    assert_eq!(t.region.as_deref(), Some("Västra Götalandsregionen"));
    let dates: Vec<String> = t.visits.iter().map(|v| v.visit_date.to_string()).collect();
    assert_eq!(dates, ["2017-04-04", "2021-03-10", "2025-11-12"]);
    assert!(t.visits[0].file.ends_with("exempel-2017.toml"));
    assert_eq!(t.areas.len(), AreaId::ALL.len());
    for a in &t.areas {
        assert_eq!(a.marks.len(), 3);
        assert_eq!(a.worst.len(), 3);
    }
    // Each area's marks are the overview table's cells of the three rows.
    for (k, v) in t.visits.iter().enumerate() {
        let row = ov.units.iter().find(|u| u.file == v.file).unwrap();
        for a in &t.areas {
            let cells: Vec<String> = spur_core::Regulation::ALL
                .iter()
                .map(|r| row.grades.cell_text(a.area, *r))
                .collect();
            assert_eq!(a.marks[k], cells.join("/"));
            assert_eq!(a.worst[k], row.grades.worst_in(a.area));
        }
    }
    // The change compares the newest with the oldest visit.
    for a in &t.areas {
        let expected = match (a.worst[0], a.worst[2]) {
            (Some(x), Some(y)) if y < x => Change::Improved,
            (Some(x), Some(y)) if y > x => Change::Worsened,
            (Some(_), Some(_)) => Change::Unchanged,
            _ => Change::NotComparable,
        };
        assert_eq!(a.change, expected, "{}", a.area);
    }
    let c = t.areas.iter().find(|a| a.area == AreaId::C).unwrap();
    assert_eq!(c.worst[0], Some(Grade::D), "C.F1 not met in 2017");
    assert_ne!(c.change, Change::Worsened);
}

#[test]
fn every_format_shows_the_trend() {
    let ov = trend_overview();
    insta::assert_snapshot!("overview_trend_table", ov.to_table());
    let sv = ov.to_table_in(spur_core::Lang::Sv);
    assert!(sv.contains("Utveckling per enhet som inspekterats flera gånger (äldst → nyast): 1"));
    let v: serde_json::Value = serde_json::from_str(&ov.to_json()).unwrap();
    insta::assert_json_snapshot!("overview_trend_json", v["trends"]);
    let csv = String::from_utf8(ov.to_csv().unwrap()).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.ends_with(";A trend;B trend;C trend;D trend;E trend;F trend;G trend;H trend"));
    let seed_rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains("Västra Götalandsregionen"))
        .collect();
    assert_eq!(seed_rows.len(), 3);
    for row in &seed_rows {
        assert!(row.contains("2017-04-04: "), "{row}");
        assert!(row.contains(" → 2021-03-10: "), "{row}");
        assert!(row.contains(" → 2025-11-12: "), "{row}");
    }
    let other = csv.lines().find(|l| l.contains("Region Skåne")).unwrap();
    assert!(other.ends_with(";;;;;;;;"), "{other}");
    let html = ov.to_html_in(spur_core::Lang::Sv);
    assert!(html.contains("<section class=\"trends\">"));
    assert!(html.contains("<th>2017-04-04</th><th>2021-03-10</th><th>2025-11-12</th>"));
    insta::assert_snapshot!(
        "overview_trend_html",
        &html[html.find("<section class=\"trends\">").unwrap()
            ..html.find("</section>").unwrap() + "</section>".len()]
    );
}

#[test]
fn without_repeated_units_there_is_no_trend() {
    let (files, _) = collect_files(&[PathBuf::from("../../fixtures/overview")]);
    let ov = overview(
        &files,
        Catalog::embedded(),
        &OverviewOptions::new(parse_date("2026-11-23").unwrap()),
    );
    assert!(ov.trends.is_empty());
    assert!(!ov.to_json().contains("\"trends\""));
    assert!(!ov.to_html().contains("class=\"trends\""));
}

#[test]
fn a_unit_inspected_again_is_not_due_for_re_inspection_by_its_older_visits() {
    // On 2026-11-23 with 5 years: the 2017 visit (due 2022-04-04) and the 2021 visit (due
    // 2026-03-10) are past their date, but the unit was inspected again in 2025.
    let ov = trend_overview();
    let due: Vec<&str> = ov
        .reinspection_due
        .iter()
        .map(|r| r.file.rsplit('/').next().unwrap())
        .collect();
    assert!(
        !due.iter().any(|f| f.starts_with("exempel-20")),
        "superseded visits listed as due: {due:?}"
    );
    for row in &ov.units {
        let superseded =
            row.file.ends_with("exempel-2017.toml") || row.file.ends_with("exempel-2021.toml");
        if superseded {
            assert!(!row.reinspection_overdue, "{}", row.file);
            assert!(
                row.reinspection_due < ov.as_of,
                "{}: the date itself has passed",
                row.file
            );
        }
    }
}
