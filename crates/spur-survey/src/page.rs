//! The survey page a respondent answers on (served at `/survey/{token}`): phone first, Swedish
//! by default, every statement a `<fieldset>` of radio buttons with the statement as its
//! `<legend>` (keyboard: Tab between statements, arrow keys between steps; screen readers read
//! the statement with each step), a labelled free-text field per area, one submit button.
//!
//! The page has no inline script or style: it links [`SURVEY_CSS`] and [`SURVEY_JS`], which a
//! server serves under `assets` (e.g. `/assets/survey.css`), so a strict Content-Security-Policy
//! holds. The script keeps progress in `localStorage` until the answers are sent, sends them once
//! with `fetch` and shows the thank-you; without it the form posts normally and the server
//! answers with [`thanks_page`].
//!
//! The form posts `application/x-www-form-urlencoded`: `<statement id>=<step id>` for each
//! answered statement (`H.S3=stammer_ganska_bra`) and `<area>.fritext=<text>` for each free text;
//! [`Response::from_form`](crate::Response::from_form) reads it back.

use spur_core::{AreaId, Lang, escape};

use crate::questions::free_text_id;
use crate::words::{area_title, words};
use crate::{Group, Step, Survey};

/// The page's stylesheet.
pub const SURVEY_CSS: &str = include_str!("../assets/survey.css");
/// The page's script.
pub const SURVEY_JS: &str = include_str!("../assets/survey.js");

/// The survey page for `group` in `lang`, posting to `action_url`; `assets` is the URL prefix
/// the server serves [`SURVEY_CSS`] and [`SURVEY_JS`] under, as `survey.css` and `survey.js`
/// (e.g. `/assets`).
///
/// ```
/// use spur_core::Lang;
/// use spur_survey::{Group, Survey, survey_page};
/// let survey = Survey::embedded(None).unwrap();
/// let html = survey_page(&survey, Group::StLakare, Lang::Sv, "/survey/abc", "/assets");
/// assert!(html.contains("<html lang=\"sv\">"));
/// assert!(html.contains("<legend>Jag har en utsedd huvudansvarig handledare.</legend>"));
/// assert!(html.contains("action=\"/survey/abc\""));
/// assert!(!html.contains("H.S2")); // a supervisors' statement
/// ```
pub fn survey_page(
    survey: &Survey,
    group: Group,
    lang: Lang,
    action_url: &str,
    assets: &str,
) -> String {
    let w = words(lang);
    let h = escape::html;
    let assets = assets.trim_end_matches('/');
    let mut out = String::new();
    out += &format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}/survey.css\">\n<script src=\"{}/survey.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#survey\">{}</a>\n<main>\n<h1>{}</h1>\n",
        lang.code(),
        h(w.title),
        h(assets),
        h(assets),
        h(w.skip_to_content),
        h(w.title)
    );
    out += &format!(
        "<p class=\"intro\"><strong>{}:</strong> {}</p>\n<p class=\"intro\">{}</p>\n",
        w.group,
        h(group.label(lang)),
        h(w.intro)
    );
    let privacy = if group.is_anonymous() {
        w.anonymity
    } else {
        w.shown_as_theirs
    };
    out += &format!(
        "<p class=\"intro\">{}</p>\n<p class=\"intro note\">{} {}</p>\n",
        h(privacy),
        h(w.saved_locally),
        h(w.required_note)
    );
    out += &format!(
        "<form id=\"survey\" method=\"post\" action=\"{}\" data-sending=\"{}\" data-failed=\"{}\">\n",
        h(action_url),
        h(w.sending),
        h(w.send_failed)
    );
    for area in AreaId::ALL {
        let statements: Vec<_> = survey.in_area(area).filter(|s| s.is_for(group)).collect();
        if statements.is_empty() {
            continue;
        }
        let heading = format!("h-{area}");
        out += &format!(
            "<section aria-labelledby=\"{heading}\">\n<h2 id=\"{heading}\">{}</h2>\n",
            h(&area_title(area, lang))
        );
        for s in statements {
            out += &format!(
                "<fieldset>\n<legend>{}</legend>\n<div class=\"steps\">\n",
                h(s.text(lang))
            );
            for step in Step::ALL {
                let id = format!("{}-{}", s.id, step.id());
                out += &format!(
                    "<label for=\"{}\"><input type=\"radio\" id=\"{}\" name=\"{}\" value=\"{}\"><span>{}</span></label>\n",
                    h(&id),
                    h(&id),
                    h(&s.id),
                    step.id(),
                    h(step.label(lang))
                );
            }
            out += "</div>\n</fieldset>\n";
        }
        let free = free_text_id(area);
        out += &format!(
            "<label class=\"free\" for=\"{}\">{}</label>\n<textarea id=\"{}\" name=\"{}\" rows=\"3\" maxlength=\"{}\" aria-describedby=\"{heading}\"></textarea>\n</section>\n",
            h(&free),
            h(w.free_text),
            h(&free),
            h(&free),
            crate::answers::MAX_FREE_TEXT
        );
    }
    out += &format!(
        "<div class=\"submit\">\n<p id=\"progress\" class=\"note\" data-word=\"{}\"></p>\n<button type=\"submit\">{}</button>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n</form>\n",
        h(w.progress),
        h(w.send)
    );
    out += &format!(
        "<section id=\"thanks\" hidden aria-labelledby=\"thanks-h\">\n<h2 id=\"thanks-h\">{}</h2>\n<p>{}</p>\n</section>\n</main>\n</body>\n</html>\n",
        h(w.thanks_title),
        h(w.thanks)
    );
    out
}

/// The thank-you page a server answers a plain (script-less) form post with.
///
/// ```
/// let html = spur_survey::page::thanks_page(spur_core::Lang::Sv, "/assets");
/// assert!(html.contains("Tack för dina svar!"));
/// ```
pub fn thanks_page(lang: Lang, assets: &str) -> String {
    let w = words(lang);
    let h = escape::html;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"{}/survey.css\">\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>{}</p>\n</main>\n</body>\n</html>\n",
        lang.code(),
        h(w.thanks_title),
        h(assets.trim_end_matches('/')),
        h(w.thanks_title),
        h(w.thanks)
    )
}
