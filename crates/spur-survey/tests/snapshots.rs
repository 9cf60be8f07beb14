//! Snapshots of every renderer: the questions (md, html, csv, json) and the summary of the
//! seed fixture (md, html, json, csv) and as the report's appendix (md, html).

use spur_core::Lang;
use spur_survey::{AnswerSheet, DEFAULT_MARGIN, Group, Questions, Survey, summarize, survey_page};

fn survey() -> Survey {
    Survey::embedded(None).unwrap()
}

#[test]
fn questions_for_st_lakare_in_swedish() {
    let q = Questions::new(&survey(), Some(Group::StLakare), Lang::Sv);
    insta::assert_snapshot!("questions_st_sv_md", q.to_markdown());
    insta::assert_snapshot!("questions_st_sv_html", q.to_html());
    let csv = q.to_csv().unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    insta::assert_snapshot!("questions_st_sv_csv", String::from_utf8(csv).unwrap());
}

#[test]
fn every_question_in_english_as_json() {
    let q = Questions::new(&survey(), None, Lang::En);
    insta::assert_snapshot!("questions_all_en_json", q.to_json());
}

#[test]
fn questions_for_handledare_in_allmanmedicin() {
    let survey = Survey::embedded(Some("allmänmedicin")).unwrap();
    let q = Questions::new(&survey, Some(Group::Handledare), Lang::Sv);
    insta::assert_snapshot!("questions_handledare_allmanmedicin_md", q.to_markdown());
}

#[test]
fn the_seed_summary() {
    let path = format!(
        "{}/../../fixtures/survey/seed-area-h.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(path).unwrap();
    let sheet = AnswerSheet::check(&src, "seed-area-h.csv", &survey())
        .into_result()
        .unwrap()
        .0;
    let s = summarize(&survey(), &sheet.responses, DEFAULT_MARGIN);
    insta::assert_snapshot!("summary_seed_sv_md", s.to_markdown(Lang::Sv));
    insta::assert_snapshot!("summary_seed_en_html", s.to_html(Lang::En));
    insta::assert_snapshot!("summary_seed_json", s.to_json());
    let csv = s.to_csv(Lang::Sv).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    insta::assert_snapshot!("summary_seed_sv_csv", String::from_utf8(csv).unwrap());
    insta::assert_snapshot!("appendix_seed_sv_md", s.appendix_markdown(Lang::Sv));
    insta::assert_snapshot!("appendix_seed_en_html", s.appendix_html(Lang::En));
}

#[test]
fn the_survey_page_for_a_supervisor() {
    let html = survey_page(
        &survey(),
        Group::Handledare,
        Lang::Sv,
        "/survey/TOKEN",
        "/assets",
    );
    insta::assert_snapshot!("page_handledare_sv", html);
}
