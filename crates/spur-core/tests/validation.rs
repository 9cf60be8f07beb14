//! One test per problem kind: the message, the code and the location (line, column).

use spur_core::{Catalog, Code, Diagnostic, Format, InspectionDocument, Severity};

const HEAD: &str = "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-01-20\nregulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]\n";

fn check(src: &str) -> Vec<Diagnostic> {
    InspectionDocument::check(src, "doc.toml", Format::Toml, Catalog::embedded())
        .diagnostics
        .0
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Exactly one error of `code`; returns it.
fn one(src: &str, code: Code) -> Diagnostic {
    let errors = check(src);
    let matching: Vec<_> = errors.iter().filter(|d| d.code == code).cloned().collect();
    assert_eq!(matching.len(), 1, "expected one {code:?}, got {errors:#?}");
    matching[0].clone()
}

fn line_col(d: &Diagnostic) -> (usize, usize) {
    let loc = d.location.as_ref().expect("located");
    assert_eq!(loc.file, "doc.toml");
    (loc.line, loc.column)
}

#[test]
fn unknown_criterion_suggests_the_closest() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D.F33\" = \"met\"\n"),
        Code::UnknownCriterion,
    );
    assert_eq!(d.message, "unknown criterion id `D.F33`");
    assert!(d.hint.as_deref().unwrap().contains("did you mean `D.F3`?"));
    assert_eq!(line_col(&d), (6, 1));
}

#[test]
fn malformed_id_and_unicode_lookalike() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D-F3\" = \"met\"\n"),
        Code::MalformedId,
    );
    assert!(d.message.contains("`D-F3` is not a criterion id"));
    assert_eq!(line_col(&d), (6, 1));
    // Cyrillic Е in place of Latin E.
    let d = one(
        &format!("{HEAD}[findings]\n\"\u{415}.F1\" = \"met\"\n"),
        Code::MalformedId,
    );
    assert!(d.hint.as_deref().unwrap().contains("look-alike"));
}

#[test]
fn unknown_field_suggests_the_closest() {
    let src = "[inspection]\nunit = \"Enhet\"\nvisit_dat = 2026-01-20\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\n";
    let d = one(src, Code::UnknownField);
    assert_eq!(d.message, "unknown key `visit_dat` in inspection");
    assert_eq!(d.hint.as_deref(), Some("did you mean `visit_date`?"));
    assert_eq!(line_col(&d), (3, 1));
}

#[test]
fn bad_date_is_located() {
    let src =
        "[inspection]\nunit = \"Enhet\"\nvisit_date = \"2026-02-30\"\nregulations = [\"2021\"]\n";
    let d = one(src, Code::BadDate);
    assert_eq!(d.message, "`2026-02-30` is not a valid date");
    assert_eq!(line_col(&d), (3, 14));
}

#[test]
fn finding_not_applicable_under_listed_regulations() {
    let src = "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-01-20\nregulations = [\"HSLF-FS 2021:8\"]\n[findings]\n\"G.F5\" = \"met\"\n";
    let d = one(src, Code::NotApplicable);
    assert_eq!(
        d.message,
        "criterion G.F5 is not applicable under HSLF-FS 2021:8"
    );
    assert!(d.hint.as_deref().unwrap().contains("SOSFS 2015:8"));
    assert_eq!(line_col(&d), (6, 1));
}

#[test]
fn override_without_reason() {
    let d = one(
        &format!("{HEAD}[overrides.D]\ngrade = \"C\"\n"),
        Code::OverrideWithoutReason,
    );
    assert_eq!(d.message, "the override of area D has no reason");
    assert_eq!(line_col(&d).0, 5);
}

#[test]
fn override_grade_not_on_three_level_scale() {
    let d = one(
        &format!("{HEAD}[overrides.A]\ngrade = \"C\"\nreason = \"x\"\n"),
        Code::GradeNotOnScale,
    );
    assert!(d.message.contains("3-level scale"));
    assert_eq!(line_col(&d), (6, 9));
}

#[test]
fn plan_entry_for_a_criterion_that_is_not_a_brist() {
    let src = format!(
        "{HEAD}[findings]\n\"D.F6\" = \"met\"\n[handlingsplan]\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\n"
    );
    let d = one(&src, Code::PlanEntryNotBrist);
    assert!(
        d.message
            .starts_with("handlingsplan entry for D.F6, which is not a brist"),
        "{}",
        d.message
    );
    assert_eq!(line_col(&d), (9, 13));
}

#[test]
fn plan_entry_for_a_kvalitetsindikator_is_not_a_brist_either() {
    let src = format!(
        "{HEAD}[findings]\n\"D.K1\" = \"not_met\"\n[[handlingsplan.entries]]\ncriterion = \"D.K1\"\n"
    );
    one(&src, Code::PlanEntryNotBrist);
}

#[test]
fn due_before_visit_and_follow_up_before_due() {
    let src = format!(
        "{HEAD}[findings]\n\"D.F6\" = \"not_met\"\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\ndue = 2025-12-01\nfollow_up = 2025-11-01\n"
    );
    let d = one(&src, Code::DueBeforeVisit);
    assert_eq!(
        d.message,
        "due date 2025-12-01 is before the visit date 2026-01-20"
    );
    assert_eq!(line_col(&d), (9, 7));
    let d = one(&src, Code::FollowUpBeforeDue);
    assert_eq!(
        d.message,
        "follow-up date 2025-11-01 is before the due date 2025-12-01"
    );
    assert_eq!(line_col(&d), (10, 13));
}

#[test]
fn duplicate_keys_are_syntax_errors_with_location() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D.F6\" = \"met\"\n\"D.F6\" = \"not_met\"\n"),
        Code::Syntax,
    );
    assert!(d.message.contains("duplicate key"), "{}", d.message);
    assert_eq!(line_col(&d).0, 7);
}

#[test]
fn a_json_key_given_twice_shows_both_places() {
    let src = "{\n  \"inspection\": {\"unit\": \"Enhet\", \"visit_date\": \"2026-01-20\",\n    \"regulations\": [\"SOSFS 2015:8\"]},\n  \"findings\": {\n    \"D.F6\": \"met\",\n    \"D.F6\": \"not_met\"\n  }\n}\n";
    let ds = InspectionDocument::check(src, "doc.json", Format::Json, Catalog::embedded())
        .diagnostics
        .0;
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = &ds[0];
    assert_eq!(d.code, Code::Syntax);
    assert!(d.message.contains("duplicate key `D.F6`"), "{}", d.message);
    let at = d.location.as_ref().expect("located");
    assert_eq!((at.line, at.column), (6, 5));
    assert_eq!(d.labels.len(), 1, "{d:#?}");
    assert_eq!(d.labels[0].message, "first given here");
    let first = &d.labels[0].location;
    assert_eq!((first.line, first.column), (5, 5));
}

#[test]
fn duplicate_ids_differing_in_case() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D.F6\" = \"met\"\n\"d.f6\" = \"met\"\n"),
        Code::Duplicate,
    );
    assert_eq!(d.message, "criterion D.F6 has two findings");
}

#[test]
fn missing_required_fields_are_all_reported() {
    let errors = check("[inspection]\nregion = \"x\"\n");
    let paths: Vec<&str> = errors
        .iter()
        .filter(|d| d.code == Code::MissingField)
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "inspection.unit",
            "inspection.visit_date",
            "inspection.regulations"
        ]
    );
}

#[test]
fn unknown_regulation_and_status_and_wrong_type() {
    let src = "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-01-20\nregulations = [\"SOSFS 2016:8\"]\ninspectors = \"Anna\"\n[findings]\n\"D.F6\" = \"unmet\"\n";
    let errors = check(src);
    let codes: Vec<Code> = errors.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::UnknownRegulation, Code::WrongType, Code::InvalidValue],
        "{errors:#?}"
    );
    let status = &errors[2];
    assert!(
        status
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `not_met`?"),
        "{status:?}"
    );
    assert_eq!(line_col(status), (7, 10));
}

#[test]
fn per_regulation_status_for_unlisted_regulation() {
    let src = "[inspection]\nunit = \"E\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\n[findings]\n\"D.F6\" = { status = { \"SOSFS 2015:8\" = \"met\" } }\n";
    let d = one(src, Code::RegulationNotListed);
    assert!(d.message.contains("SOSFS 2015:8"));
    assert_eq!(line_col(&d), (6, 23));
}

#[test]
fn unknown_catalog_version() {
    let src = "[inspection]\nunit = \"E\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\ncatalog = \"spur-1999\"\n";
    let d = one(src, Code::UnknownCatalog);
    assert_eq!(line_col(&d), (5, 11));
}

#[test]
fn every_error_is_reported_at_once() {
    let src = format!(
        "{HEAD}bogus = 1\n[findings]\n\"D.F33\" = \"met\"\n\"G.F5\" = \"meet\"\n[overrides.D]\ngrade = \"C\"\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\ndue = \"2026-02-30\"\n"
    );
    let codes: Vec<Code> = check(&src).iter().map(|d| d.code).collect();
    for code in [
        Code::UnknownField,
        Code::UnknownCriterion,
        Code::InvalidValue,
        Code::OverrideWithoutReason,
        Code::BadDate,
        Code::PlanEntryNotBrist,
    ] {
        assert!(codes.contains(&code), "{code:?} missing from {codes:?}");
    }
}

#[test]
fn unassessed_criteria_are_warnings_not_errors() {
    let checked = InspectionDocument::check(HEAD, "doc.toml", Format::Toml, Catalog::embedded());
    assert!(!checked.diagnostics.has_errors());
    let warnings: Vec<_> = checked.diagnostics.warnings().collect();
    assert_eq!(warnings.len(), 75);
    assert!(warnings.iter().all(|w| w.code == Code::Unassessed));
}

#[test]
fn json_is_the_same_model() {
    let json = r#"{"inspection": {"unit": "E", "visit_date": "2026-01-20", "regulations": ["sosfs-2015-8"]},
                   "findings": {"D.F6": {"status": "not_met", "note": "x"}, "E.F1": "met"}}"#;
    let checked = InspectionDocument::check(json, "doc.json", Format::Json, Catalog::embedded());
    assert!(!checked.diagnostics.has_errors(), "{}", checked.diagnostics);
    let doc = checked.document.unwrap();
    // Serialising and reading back gives the same document.
    let again = InspectionDocument::check(
        &doc.to_json(),
        "again.json",
        Format::Json,
        Catalog::embedded(),
    );
    assert_eq!(again.document.unwrap(), doc);
    let bad = InspectionDocument::check(
        "{\"inspection\": ",
        "bad.json",
        Format::Json,
        Catalog::embedded(),
    );
    assert_eq!(bad.diagnostics.0[0].code, Code::Syntax);
    assert_eq!(bad.diagnostics.0[0].location.as_ref().unwrap().line, 1);
}

#[test]
fn bom_and_crlf_are_accepted_and_locations_stay_right() {
    let src = format!(
        "\u{feff}{}[findings]\r\n\"D.F33\" = \"met\"\r\n",
        HEAD.replace('\n', "\r\n")
    );
    let d = one(&src, Code::UnknownCriterion);
    assert_eq!(line_col(&d), (6, 1));
}

#[test]
fn rendered_message_has_file_line_col_caret_and_hint() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D.F33\" = \"met\"\n"),
        Code::UnknownCriterion,
    );
    let text = d.to_string();
    assert!(text.contains("--> doc.toml:6:1"), "{text}");
    assert!(text.contains("6 | \"D.F33\" = \"met\""), "{text}");
    assert!(text.contains("^^^^^^^"), "{text}");
    assert!(text.contains("hint: did you mean `D.F3`?"), "{text}");
}

#[test]
fn an_impossible_native_toml_date_is_a_located_date_error() {
    let src = "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-02-30\nregulations = [\"2021\"]\n";
    let d = one(src, Code::BadDate);
    assert_eq!(line_col(&d), (3, 14));
}

#[test]
fn swedish_status_words_are_aliases() {
    let src = format!(
        "{HEAD}[findings]\n\"D.F6\" = \"ej uppfyllt\"\n\"D.F1\" = \"Delvis uppfyllt\"\n\"E.F1\" = \"uppfyllt\"\n\"H.K1\" = {{ status = \"ej tillämpligt\" }}\n\"E.F7\" = {{ status = {{ \"2015\" = \"ej bedömt\", \"2021\" = \"ej_uppfyllt\" }} }}\n"
    );
    let checked = InspectionDocument::check(&src, "doc.toml", Format::Toml, Catalog::embedded());
    assert!(check(&src).is_empty(), "{:#?}", check(&src));
    let doc = checked.document.expect("read");
    let status =
        |id: &str| doc.findings[&id.parse().unwrap()].status(spur_core::Regulation::HslfFs2021_8);
    use spur_core::Status::*;
    assert_eq!(status("D.F6"), NotMet);
    assert_eq!(status("D.F1"), PartiallyMet);
    assert_eq!(status("E.F1"), Met);
    assert_eq!(status("H.K1"), NotApplicable);
    assert_eq!(status("E.F7"), NotMet);
}

#[test]
fn misspelt_swedish_status_suggests_the_word() {
    let d = one(
        &format!("{HEAD}[findings]\n\"D.F6\" = \"ej uppfylld\"\n"),
        Code::InvalidValue,
    );
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("did you mean `ej uppfyllt`?"),
        "{d:?}"
    );
    assert_eq!(line_col(&d), (6, 10));
}

#[test]
fn unquoted_impossible_date_is_a_date_error_among_the_others() {
    let src = "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\nspeciality = \"x\"\n\n[findings]\n\"D.F6\" = \"not_met\"\n\n[handlingsplan]\nreceived = 2026-02-01\n\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\naction = \"IUP\"\ndue = 2026-13-01\nresponsible = \"studierektor\"\nfollow_up = 2026-02-30\nfollow_up_responsible = \"vc-chef\"\n";
    let errors = check(src);
    let codes: Vec<Code> = errors.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&Code::Syntax), "{errors:#?}");
    assert!(codes.contains(&Code::UnknownField), "{errors:#?}");
    let dates: Vec<&Diagnostic> = errors.iter().filter(|d| d.code == Code::BadDate).collect();
    assert_eq!(dates.len(), 2, "{errors:#?}");
    assert_eq!(dates[0].message, "`2026-13-01` is not a valid date");
    assert_eq!(line_col(dates[0]), (16, 7));
    assert!(dates[0].hint.as_deref().unwrap().contains("YYYY-MM-DD"));
    assert_eq!(line_col(dates[1]), (18, 13));
}

#[test]
fn a_real_syntax_error_next_to_a_bad_date_stays_a_syntax_error() {
    let src = format!("{HEAD}[handlingsplan]\nreceived = 2026-13-01\nbroken = \n");
    let errors = check(&src);
    assert!(errors.iter().any(|d| d.code == Code::Syntax), "{errors:#?}");
}

#[test]
fn a_blank_visit_date_is_a_located_date_error_not_a_silent_nothing() {
    // Before: no document and no diagnostic, so `spur validate` said "0 error(s)" and exited 0.
    for (src, format, at) in [
        (
            "[inspection]\nunit = \"Enhet\"\nvisit_date = \"\"\nregulations = [\"SOSFS 2015:8\"]\n",
            Format::Toml,
            (3, 14),
        ),
        (
            "{\"inspection\": {\"unit\": \"Enhet\", \"visit_date\": \"  \", \"regulations\": [\"SOSFS 2015:8\"]}}",
            Format::Json,
            (1, 48),
        ),
    ] {
        let checked = InspectionDocument::check(src, "doc.toml", format, Catalog::embedded());
        let errors: Vec<_> = checked
            .diagnostics
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].code, Code::BadDate);
        assert_eq!(line_col(errors[0]), at);
        assert!(checked.into_result().is_err());
    }
}

#[test]
fn a_date_with_surrounding_spaces_is_refused_as_the_schema_refuses_it() {
    // Before: the reader trimmed " 2026-01-01 " and accepted it, while the published schema's
    // pattern (`^[0-9]{4}-…$`) rejects it, so a document spur accepted failed the schema.
    for (src, format) in [
        (
            "[inspection]\nunit = \"Enhet\"\nvisit_date = \" 2026-01-01 \"\nregulations = [\"SOSFS 2015:8\"]\n",
            Format::Toml,
        ),
        (
            "{\"inspection\": {\"unit\": \"Enhet\", \"visit_date\": \"2026-01-01 \", \"regulations\": [\"SOSFS 2015:8\"]}}",
            Format::Json,
        ),
    ] {
        let checked = InspectionDocument::check(src, "doc.toml", format, Catalog::embedded());
        let errors: Vec<_> = checked.diagnostics.errors().collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].code, Code::BadDate);
        assert!(errors[0].location.is_some());
    }
}

#[test]
fn a_document_with_more_problems_than_listed_keeps_the_first_and_counts_the_rest() {
    // Before: 110 000 bad ids built 110 000 diagnostics (~1 KB each), 57–69× the document in
    // memory. Now the first MAX_PROBLEMS are listed and one `too-many-problems` counts the rest.
    for (bad, format) in [
        ("D-F", Format::Toml),
        ("Q.Z", Format::Toml),
        ("D.F9", Format::Json),
    ] {
        let n = 20_000;
        let src = match format {
            Format::Toml => {
                let mut s = String::from(
                    "[inspection]\nunit = \"Enhet\"\nvisit_date = 2026-01-20\nregulations = [\"SOSFS 2015:8\"]\n\n[findings]\n",
                );
                for i in 0..n {
                    s.push_str(&format!("\"{bad}{i}\" = \"met\"\n"));
                }
                s
            }
            Format::Json => {
                let ids: Vec<String> = (0..n).map(|i| format!("\"{bad}{i}\":\"met\"")).collect();
                format!(
                    "{{\"inspection\":{{\"unit\":\"Enhet\",\"visit_date\":\"2026-01-20\",\"regulations\":[\"2015\"]}},\"findings\":{{{}}}}}",
                    ids.join(",")
                )
            }
        };
        let checked = InspectionDocument::check(&src, "doc", format, Catalog::embedded());
        let all = &checked.diagnostics.0;
        assert_eq!(all.len(), spur_core::MAX_PROBLEMS + 1, "{bad}");
        let summary = all.last().unwrap();
        assert_eq!(summary.code, Code::TooManyProblems);
        assert_eq!(summary.severity, Severity::Error);
        let (errors, _) = checked.diagnostics.totals();
        assert!(
            errors >= n,
            "{bad}: {errors} errors counted for {n} bad ids"
        );
        assert!(
            checked
                .diagnostics
                .to_string()
                .contains(&format!("{errors} error(s)"))
        );
        assert!(checked.into_result().is_err());
    }
}
