//! The browser pages: the inspection form (`GET /`) and the unit's handlingsplan answer page
//! (`GET /handlingsplan`), their scripts and stylesheet, and the WebAssembly build of spur
//! (`bindings/npm/wasm`, committed) that grades in the page. Everything is compiled into the
//! binary. No CDN, no inline script or style, so a strict Content-Security-Policy holds
//! (`'wasm-unsafe-eval'` lets the page compile the WebAssembly module, nothing else).
//!
//! [`offline_form_html`] is the same form as one self-contained HTML file (`spur form`): the
//! stylesheet, the scripts and the WebAssembly module (base64) inlined.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use crate::input::Problems;

const INDEX_HTML: &str = include_str!("../assets/index.html");
const PLAN_HTML: &str = include_str!("../assets/handlingsplan.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STORE_JS: &str = include_str!("../assets/store.js");
const PLAN_JS: &str = include_str!("../assets/plan.js");
const COMMON_JS: &str = include_str!("../assets/common.js");
const BOOT_JS: &str = include_str!("../assets/boot.js");
const APP_CSS: &str = include_str!("../assets/app.css");
const START_JS: &str = include_str!("../assets/start.js");
const START_CSS: &str = include_str!("../assets/start.css");
/// The pre-visit survey's summary beside each area of the form (a stored inspection only).
const SURVEY_PANEL_JS: &str = include_str!("../assets/survey-panel.js");
const SURVEY_PANEL_CSS: &str = include_str!("../assets/survey-panel.css");
/// The wasm-bindgen glue of the committed WebAssembly build.
const WASM_JS: &str = include_str!("../../../bindings/npm/wasm/spur_wasm.js");
/// The committed WebAssembly build of spur (`bash bindings/npm/build.sh` rebuilds it).
const WASM: &[u8] = include_bytes!("../../../bindings/npm/wasm/spur_wasm_bg.wasm");

/// Only this origin's script, style, and fetches; WebAssembly compiled from this origin; no
/// plugins, no framing, no inline code.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; \
base-uri 'none'; frame-ancestors 'none'";

fn asset(body: &'static [u8], content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        body,
    )
        .into_response()
}

/// `GET /`: the inspection form.
pub(crate) async fn index() -> Response {
    asset(INDEX_HTML.as_bytes(), "text/html; charset=utf-8")
}

/// `GET /handlingsplan`: the unit's answer page.
pub(crate) async fn handlingsplan_page() -> Response {
    asset(PLAN_HTML.as_bytes(), "text/html; charset=utf-8")
}

/// `GET /assets/{name}`: the pages' scripts, stylesheet and the WebAssembly module.
pub(crate) async fn assets(Path(name): Path<String>) -> Response {
    const JS: &str = "text/javascript; charset=utf-8";
    let (body, content_type): (&'static [u8], &'static str) = match name.as_str() {
        "app.js" => (APP_JS.as_bytes(), JS),
        "store.js" => (STORE_JS.as_bytes(), JS),
        "plan.js" => (PLAN_JS.as_bytes(), JS),
        "common.js" => (COMMON_JS.as_bytes(), JS),
        "boot.js" => (BOOT_JS.as_bytes(), JS),
        "spur_wasm.js" => (WASM_JS.as_bytes(), JS),
        "app.css" => (APP_CSS.as_bytes(), "text/css; charset=utf-8"),
        "start.js" => (START_JS.as_bytes(), JS),
        "start.css" => (START_CSS.as_bytes(), "text/css; charset=utf-8"),
        "survey-panel.js" => (SURVEY_PANEL_JS.as_bytes(), JS),
        "survey-panel.css" => (SURVEY_PANEL_CSS.as_bytes(), "text/css; charset=utf-8"),
        "survey.css" => (
            spur_survey::SURVEY_CSS.as_bytes(),
            "text/css; charset=utf-8",
        ),
        "survey.js" => (spur_survey::SURVEY_JS.as_bytes(), JS),
        "spur_wasm_bg.wasm" => (WASM, "application/wasm"),
        _ => {
            return Problems::message(format!("no asset named `{name}`"))
                .into_response_with(StatusCode::NOT_FOUND);
        }
    };
    asset(body, content_type)
}

/// Text safe inside an inline `<script>` or `<style>` element.
fn inline_safe(text: &str) -> String {
    text.replace("</", "<\\/")
}

/// The inspection form as one self-contained HTML file that works opened from disk with no
/// network: stylesheet and scripts inline, the WebAssembly module inlined as base64. Reports
/// and templates in HTML, Markdown, CSV and TOML are made in the page; DOCX/XLSX buttons are
/// hidden (they need `spur serve`).
pub fn offline_form_html() -> String {
    offline_form_html_in(spur_core::Lang::Sv)
}

/// [`offline_form_html`] opening in `lang` (`<html lang>`; the page's own language switch,
/// once used, is remembered and wins).
pub fn offline_form_html_in(lang: spur_core::Lang) -> String {
    let wasm = base64::engine::general_purpose::STANDARD.encode(WASM);
    let boot = format!(
        "{glue}\n;\n{{\n  const b = atob('{wasm}');\n  const bytes = new Uint8Array(b.length);\n  for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);\n  __wbg_init({{ module_or_path: bytes }}).then(\n    () => window.SpurApp.start({{ catalog, check, convert, grade, handlingsplanTemplate, report, schema }}, {{ offline: true }}),\n    (e) => window.SpurApp.fail(e));\n}}\n",
        glue = WASM_JS,
    );
    let head_scripts = format!(
        "<style>\n{}</style>\n<script>\n{}</script>\n<script>\n{}</script>\n<script type=\"module\">\n{}</script>",
        inline_safe(APP_CSS),
        inline_safe(COMMON_JS),
        inline_safe(APP_JS),
        inline_safe(&boot),
    );
    let mut html = String::with_capacity(INDEX_HTML.len() + head_scripts.len());
    let mut replaced = false;
    for line in INDEX_HTML.lines() {
        let l = line.trim();
        if l.starts_with("<link rel=\"stylesheet\"") || l.starts_with("<script") {
            if !replaced {
                html.push_str(&head_scripts);
                html.push('\n');
                replaced = true;
            }
            continue;
        }
        if l.starts_with("<html lang=") {
            html.push_str(&format!("<html lang=\"{}\">", lang.code()));
        } else {
            html.push_str(line);
        }
        html.push('\n');
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offline_form_inlines_everything() {
        let html = offline_form_html();
        assert!(!html.contains("src=\"/assets"), "no external script");
        assert!(!html.contains("href=\"/assets"), "no external stylesheet");
        assert!(html.contains("__wbg_init({ module_or_path: bytes })"));
        assert!(html.contains("window.SpurApp.start("));
        assert!(html.len() > WASM.len(), "the module is inlined");
        // Only the closing tags of the elements themselves.
        assert_eq!(html.matches("</script>").count(), 3);
        assert_eq!(html.matches("</style>").count(), 1);
    }
}
