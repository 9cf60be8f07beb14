//! User text (statement texts of a set, free texts) is escaped in every output.

use chrono::NaiveDate;
use spur_core::{AreaId, Catalog, Lang};
use spur_survey::{
    DEFAULT_MARGIN, Group, Questions, Response, StatementSet, Step, Survey, summarize, survey_page,
};

const HOSTILE: &str = "=HYPERLINK(\"x\") <img src=x onerror=alert(1)> | **b** & </td>";

fn survey() -> Survey {
    let src = format!(
        "set = \"x\"\ncatalog = \"spur-2026.1\"\n[[statements]]\nid = \"H.X1\"\narea = \"H\"\ngroups = [\"st-lakare\", \"verksamhetschef\"]\ncriteria = [\"H.F2\"]\nsv = '{HOSTILE}'\nen = '{HOSTILE}'\n"
    );
    let set = StatementSet::from_toml_str(&src, "x.toml", Catalog::embedded(), None).unwrap();
    Survey::merge(&set, None)
}

fn responses() -> Vec<Response> {
    let day = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
    (0..3)
        .map(|_| {
            Response::new(Group::StLakare)
                .answer("H.X1", Step::StammerHelt)
                .free_text(AreaId::H, HOSTILE)
                .on(day)
        })
        .collect()
}

#[test]
fn html_outputs_escape() {
    let s = survey();
    let summary = summarize(&s, &responses(), DEFAULT_MARGIN);
    for html in [
        Questions::new(&s, None, Lang::Sv).to_html(),
        summary.to_html(Lang::Sv),
        survey_page(&s, Group::StLakare, Lang::Sv, "/s?a=\"b\"", "/a"),
    ] {
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(!html.contains("</td>\"") && html.contains("&lt;/td&gt;"));
    }
}

#[test]
fn markdown_outputs_escape() {
    let s = survey();
    let summary = summarize(&s, &responses(), DEFAULT_MARGIN);
    for md in [
        Questions::new(&s, None, Lang::Sv).to_markdown(),
        summary.to_markdown(Lang::Sv),
    ] {
        assert!(!md.contains("| **b**"), "{md}");
        assert!(!md.contains(" <img"), "{md}");
        assert!(md.contains("\\<img"), "{md}");
    }
}

#[test]
fn csv_neutralises_formulas() {
    let csv = Questions::new(&survey(), None, Lang::Sv).to_csv().unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
}
