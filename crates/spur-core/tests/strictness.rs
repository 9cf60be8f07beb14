//! The check at each strictness: what each report stage promotes to located errors (table of
//! stage × problem), and that a document's own `status = "final"` is always checked as final.

use spur_core::{
    CatalogLibrary, Diagnostic, Format, InspectionDocument, Lang, Severity, Strictness, Warnings,
};

/// A draft as `spur init` leaves it, with one criterion assessed: the placeholder unit name,
/// unassessed criteria, no Styrkor, no narrative.
const UNFINISHED: &str = r#"[inspection]
unit = "Enhetens namn"
visit_date = 2026-03-10
regulations = ["HSLF-FS 2021:8"]
inspectors = ["Anna Andersson"]

[findings]
"D.F6" = "met"
"#;

fn check(source: &str, strictness: Strictness) -> Vec<Diagnostic> {
    InspectionDocument::check_in_at(
        source,
        "u.toml",
        Format::Toml,
        &CatalogLibrary::embedded(),
        Warnings::Include,
        strictness,
    )
    .checked
    .diagnostics
    .0
}

fn severity_at(diagnostics: &[Diagnostic], path: &str) -> Option<Severity> {
    diagnostics
        .iter()
        .filter(|d| d.path == path)
        .map(|d| d.severity)
        .max_by_key(|s| matches!(s, Severity::Error))
}

fn unassessed(diagnostics: &[Diagnostic]) -> Option<Severity> {
    diagnostics
        .iter()
        .find(|d| d.code == spur_core::Code::Unassessed)
        .map(|d| d.severity)
}

#[test]
fn each_stage_promotes_what_a_report_at_that_stage_may_not_carry() {
    use Severity::{Error, Warning};
    // stage, placeholder unit name, unassessed criteria, empty Styrkor
    let table = [
        (Strictness::Draft, Some(Warning), Some(Warning), None),
        (Strictness::Preliminary, Some(Error), Some(Warning), None),
        (Strictness::Final, Some(Error), Some(Error), Some(Error)),
    ];
    for (stage, unit, criteria, strengths) in table {
        let found = check(UNFINISHED, stage);
        assert_eq!(
            severity_at(&found, "inspection.unit"),
            unit,
            "{stage}: unit"
        );
        assert_eq!(unassessed(&found), criteria, "{stage}: unassessed");
        assert_eq!(
            severity_at(&found, "report.strengths"),
            strengths,
            "{stage}: strengths"
        );
    }
}

#[test]
fn promoted_problems_are_located_and_say_why_in_both_languages() {
    let found = check(UNFINISHED, Strictness::Preliminary);
    let unit = found
        .iter()
        .find(|d| d.path == "inspection.unit")
        .expect("the placeholder unit is reported");
    assert_eq!(unit.severity, Severity::Error);
    assert_eq!(unit.location.as_ref().map(|l| l.line), Some(2));
    let en = unit.clone().localized(Lang::En);
    let sv = unit.clone().localized(Lang::Sv);
    assert!(
        en.notes.iter().any(|n| n.contains("preliminary report")),
        "{:?}",
        en.notes
    );
    assert!(
        sv.notes.iter().any(|n| n.contains("preliminär rapport")),
        "{:?}",
        sv.notes
    );

    let found = check(UNFINISHED, Strictness::Final);
    let strengths = found
        .iter()
        .find(|d| d.path == "report.strengths")
        .expect("empty Styrkor is reported at final");
    let en = strengths.clone().localized(Lang::En);
    assert!(
        en.notes
            .iter()
            .any(|n| n.contains("checked as a final report")),
        "{:?}",
        en.notes
    );
}

#[test]
fn a_document_marked_final_is_checked_as_final_at_any_stage() {
    let marked = format!("{UNFINISHED}\n[report]\nstatus = \"final\"\n");
    for stage in [
        Strictness::Draft,
        Strictness::Preliminary,
        Strictness::Final,
    ] {
        let found = check(&marked, stage);
        assert_eq!(unassessed(&found), Some(Severity::Error), "{stage}");
        let strengths = found
            .iter()
            .find(|d| d.path == "report.strengths")
            .expect("empty Styrkor");
        // Located at `[report] status`, which is what makes it a rule.
        assert!(strengths.location.is_some(), "{stage}");
    }
}

#[test]
fn the_unlocated_final_problems_are_the_final_strictness() {
    let (doc, _) = InspectionDocument::check_in(
        UNFINISHED,
        "u.toml",
        Format::Toml,
        &CatalogLibrary::embedded(),
        Warnings::Include,
    )
    .checked
    .into_result()
    .expect("a draft reads");
    let catalog = spur_core::Catalog::embedded();
    let unlocated: Vec<(String, spur_core::Code)> = doc
        .final_report_problems(catalog)
        .into_iter()
        .map(|d| (d.path, d.code))
        .collect();
    let located: Vec<(String, spur_core::Code)> = check(UNFINISHED, Strictness::Final)
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| (d.path, d.code))
        .collect();
    assert!(!unlocated.is_empty());
    // The same problems; the located ones come in document order.
    let sorted = |mut v: Vec<(String, spur_core::Code)>| {
        v.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
        v
    };
    assert_eq!(sorted(unlocated), sorted(located));
}
