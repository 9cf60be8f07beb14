//! The survey page: every control labelled, one submit, no inline code, the right statements,
//! and the answers it posts read back.

use chrono::NaiveDate;
use spur_core::Lang;
use spur_survey::page::{SURVEY_CSS, SURVEY_JS, thanks_page};
use spur_survey::{Group, Response, Step, Survey, survey_page};

fn page(group: Group, lang: Lang) -> String {
    survey_page(
        &Survey::embedded(None).unwrap(),
        group,
        lang,
        "/survey/t0k3n",
        "/assets/",
    )
}

#[test]
fn every_control_is_labelled_and_there_is_one_submit() {
    for &group in Group::ALL {
        let html = page(group, Lang::Sv);
        let survey = Survey::embedded(None).unwrap();
        let n = survey.for_group(group).count();
        assert_eq!(html.matches("<fieldset>").count(), n, "{group}");
        assert_eq!(html.matches("<legend>").count(), n, "{group}");
        assert_eq!(html.matches("type=\"radio\"").count(), n * Step::ALL.len());
        // Every input and textarea has an id that a label points at.
        for part in html
            .split("<input ")
            .skip(1)
            .chain(html.split("<textarea ").skip(1))
        {
            let id = part
                .split("id=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert!(
                html.contains(&format!("<label for=\"{id}\""))
                    || html.contains(&format!("for=\"{id}\">")),
                "{id}"
            );
        }
        assert_eq!(html.matches("type=\"submit\"").count(), 1);
        assert!(html.contains("<html lang=\"sv\">"));
        // No inline script or style: a strict Content-Security-Policy holds.
        assert!(
            !html.contains("<script>") && !html.contains("<style") && !html.contains(" style=")
        );
        assert!(!html.contains(" on"), "an inline event handler");
        assert!(html.contains("<script src=\"/assets/survey.js\" defer></script>"));
    }
}

#[test]
fn the_page_says_whose_answers_are_shown_as_theirs() {
    assert!(
        page(Group::Verksamhetschef, Lang::Sv)
            .contains("Dina svar talar för enhetens ledning och redovisas som dina.")
    );
    assert!(page(Group::Studierektor, Lang::En).contains("and are shown as yours."));
    let st = page(Group::StLakare, Lang::Sv);
    assert!(st.contains("Svaren är anonyma."));
    assert!(!st.contains("redovisas som dina"));
}

#[test]
fn the_page_in_english_and_the_thanks() {
    let html = page(Group::StLakare, Lang::En);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<legend>I have a designated main supervisor.</legend>"));
    assert!(html.contains("<h2 id=\"thanks-h\">Thank you for your answers!</h2>"));
    assert!(thanks_page(Lang::En, "/a").contains("href=\"/a/survey.css\""));
}

#[test]
fn the_assets_do_what_the_page_promises() {
    assert!(SURVEY_JS.contains("localStorage.setItem"));
    assert!(SURVEY_JS.contains("localStorage.removeItem"));
    assert!(SURVEY_JS.contains("button.disabled = true"));
    assert!(SURVEY_CSS.contains("@media (min-width: 40rem)"));
}

#[test]
fn what_the_page_posts_reads_back_as_a_response() {
    let survey = Survey::embedded(None).unwrap();
    let html = survey_page(&survey, Group::StLakare, Lang::Sv, "/s", "/a");
    // Every radio's name and value is accepted by from_form.
    let day = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
    let mut fields = Vec::new();
    for part in html.split("type=\"radio\"").skip(1) {
        let name = part
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = part
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        if value == "stammer_helt" {
            fields.push((name.to_string(), value.to_string()));
        }
    }
    fields.push(("H.fritext".into(), "  Bra.  ".into()));
    let r = Response::from_form(
        &survey,
        Group::StLakare,
        day,
        fields.iter().map(|(a, b)| (a.as_str(), b.as_str())),
    )
    .unwrap();
    assert_eq!(r.answers.len(), survey.for_group(Group::StLakare).count());
    assert_eq!(r.free_texts[&spur_core::AreaId::H], "Bra.");
    assert_eq!(r.answered, Some(day));

    let long = "x".repeat(spur_survey::answers::MAX_FREE_TEXT + 1);
    let Err(spur_survey::Error::Invalid(d)) = Response::from_form(
        &survey,
        Group::StLakare,
        day,
        [
            ("H.S2", "stammer_helt"),
            ("X.Y", "1"),
            ("H.S3", "ja"),
            ("H.fritext", long.as_str()),
        ],
    ) else {
        panic!("accepted")
    };
    let text = d.to_string();
    assert_eq!(d.len(), 4, "{text}");
    assert!(
        text.contains("statement `H.S2` is not put to st-lakare"),
        "{text}"
    );
    assert!(text.contains("unknown statement id `X.Y`"), "{text}");
    assert!(
        text.contains("`ja` is not an answer on the scale"),
        "{text}"
    );
    assert!(text.contains("longer than 4000 characters"), "{text}");
}
