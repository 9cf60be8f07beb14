//! The regional overview over `fixtures/overview/` (four valid documents and one malformed
//! file): snapshots of the JSON and the table, and the CSV and HTML rules.

use std::path::PathBuf;

use spur_core::{AreaId, Catalog, CatalogLibrary, Grade, Regulation, parse_date};
use spur_followup::{Catalogs, Overview, OverviewOptions, collect_files, overview, overview_in};

/// Relative to the crate (the working directory of `cargo test`), so paths in the output are
/// the same on every machine.
const DIR: &str = "../../fixtures/overview";

fn fixture_overview() -> Overview {
    let (files, errors) = collect_files(&[PathBuf::from(DIR)]);
    assert!(errors.is_empty());
    assert_eq!(files.len(), 5);
    // As `spur overview` reads them: each unit with its own specialty's catalog.
    overview_in(
        &files,
        Catalogs::Library(&CatalogLibrary::embedded()),
        &OverviewOptions::new(parse_date("2026-11-23").unwrap()),
    )
}

#[test]
fn overview_json_snapshot() {
    let ov = fixture_overview();
    let v: serde_json::Value = serde_json::from_str(&ov.to_json()).unwrap();
    insta::assert_json_snapshot!("overview_json", v);
}

#[test]
fn overview_table_snapshot() {
    insta::assert_snapshot!("overview_table", fixture_overview().to_table());
}

#[test]
fn overview_finds_what_the_fixtures_contain() {
    let ov = fixture_overview();
    let units: Vec<&str> = ov.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(
        units,
        [
            "Kirurg- & ortopedkliniken Sundsvall",
            "Medicinkliniken Östersund",
            "Psykiatriska kliniken Lund",
            "Vårdcentralen Norr"
        ],
        "sorted by unit name"
    );
    assert_eq!(ov.files, 5);
    assert_eq!(ov.errors.len(), 1);
    assert!(ov.errors[0].file.ends_with("trasig.toml"));
    assert!(
        ov.errors[0]
            .error
            .starts_with("error[syntax]: invalid TOML"),
        "{}",
        ov.errors[0].error
    );
    assert!(!ov.errors[0].error.contains('\n'));

    let missing: Vec<&str> = ov.missing_plan.iter().map(|m| m.unit.as_str()).collect();
    assert_eq!(missing, ["Kirurg- & ortopedkliniken Sundsvall"]);
    assert_eq!(ov.missing_plan[0].d_areas, [AreaId::D]);

    let overdue: Vec<(String, String)> = ov
        .overdue_entries
        .iter()
        .map(|e| (e.unit.clone(), format!("{} {}", e.criterion, e.state)))
        .collect();
    assert_eq!(
        overdue,
        [
            (
                "Medicinkliniken Östersund".to_string(),
                "E.R1 overdue".to_string()
            ),
            (
                "Psykiatriska kliniken Lund".to_string(),
                "E.F4 follow_up_overdue".to_string()
            ),
        ]
    );
    let reinspect: Vec<&str> = ov
        .reinspection_due
        .iter()
        .map(|r| r.unit.as_str())
        .collect();
    assert_eq!(reinspect, ["Psykiatriska kliniken Lund"]);

    let ostersund = &ov.units[1];
    assert!(!ostersund.grades.trains_under(Regulation::Sosfs2015_8));
    assert_eq!(
        ostersund.grades.grade(AreaId::D, Regulation::HslfFs2021_8),
        Some(Grade::C)
    );
    assert!(
        ostersund
            .grades
            .is_adjusted(AreaId::D, Regulation::HslfFs2021_8)
    );
    // F.F2 not assessed; and without a psykiatri indicator set, A–B stays open where only
    // indicators could separate them (as `spur grade` says).
    let lund = &ov.units[2];
    assert!(lund.provisional_areas.contains(&AreaId::F));
    assert!(!lund.provisional_areas.contains(&AreaId::E), "E is D→C");
}

#[test]
fn reinspection_interval_is_configurable_and_strict() {
    let (files, _) = collect_files(&[PathBuf::from(DIR)]);
    let mut options = OverviewOptions::new(parse_date("2026-11-23").unwrap());
    options.reinspect_years = 2;
    let ov = overview(&files, Catalog::embedded(), &options);
    let units: Vec<&str> = ov
        .reinspection_due
        .iter()
        .map(|r| r.unit.as_str())
        .collect();
    assert_eq!(units, ["Psykiatriska kliniken Lund", "Vårdcentralen Norr"]);
    // Vårdcentralen Norr: visit 2024-03-05, so with 2 years due on 2026-03-05 — not yet on that day.
    options.as_of = parse_date("2026-03-05").unwrap();
    let ov = overview(&files, Catalog::embedded(), &options);
    assert!(
        ov.reinspection_due
            .iter()
            .all(|r| r.unit != "Vårdcentralen Norr")
    );
    options.as_of = parse_date("2026-03-06").unwrap();
    let ov = overview(&files, Catalog::embedded(), &options);
    assert!(
        ov.reinspection_due
            .iter()
            .any(|r| r.unit == "Vårdcentralen Norr" && r.days_overdue == 1)
    );
}

#[test]
fn the_same_inputs_give_the_same_bytes_whatever_the_order() {
    let (mut files, _) = collect_files(&[PathBuf::from(DIR)]);
    let options = OverviewOptions::new(parse_date("2026-11-23").unwrap());
    let a = overview(&files, Catalog::embedded(), &options).to_json();
    files.reverse();
    let b = overview(&files, Catalog::embedded(), &options).to_json();
    assert_eq!(a, b);
}

#[test]
fn csv_has_bom_semicolons_and_no_formulas() {
    let mut ov = fixture_overview();
    ov.units[0].unit = "=HYPERLINK(\"http://x\";\"klick\")".into();
    ov.units[1].region = Some("+46 region".into());
    ov.units[2].specialty = Some("@psykiatri".into());
    let bytes = ov.to_csv().unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    assert_eq!(&header[0], "unit");
    assert_eq!(&header[6], "A SOSFS 2015:8");
    assert_eq!(&header[7], "A HSLF-FS 2021:8");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://x\";\"klick\")");
    assert_eq!(&rows[1][1], "'+46 region");
    assert_eq!(&rows[2][2], "'@psykiatri");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // Kirurgkliniken trains only under HSLF-FS 2021:8: the SOSFS cells are empty.
    let d_col = header.iter().position(|h| h == "D HSLF-FS 2021:8").unwrap();
    assert_eq!(&rows[0][d_col - 1], "");
    assert_eq!(&rows[0][d_col], "D");
}

#[test]
fn html_is_self_contained_escaped_and_has_a_heat_map() {
    let mut ov = fixture_overview();
    ov.units[3].unit = "<script>alert('x')</script>".into();
    let html = ov.to_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "user text is escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Kirurg- &amp; ortopedkliniken Sundsvall"));
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "no external resources"
    );
    assert!(html.contains("<svg"));
    // 4 units × 16 cells, plus 6 legend swatches (A, B, C, D, provisional, not graded).
    assert_eq!(html.matches("<rect ").count(), 4 * 16 + 6);
    // The report's palette (spur_grading::marks), and its marks: D→C, not C^.
    assert!(html.contains("fill=\"#D55E00\""), "a D cell");
    assert!(
        html.contains(">D→C</text>") && !html.contains("C^"),
        "an adjusted cell"
    );
    assert!(html.contains("Files that could not be read (1)"));
    assert!(html.contains("trasig.toml"));
}
