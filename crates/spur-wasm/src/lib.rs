//! # spur-wasm
//!
//! spur compiled to WebAssembly for JavaScript: the npm package (`bindings/npm`) and the
//! browser form that grades without a server. Every function takes the inspection document as
//! text and answers JSON text in the shapes of the published schemas; the npm package's
//! `index.js` parses it and turns failures into `InvalidDocument` errors.
//!
//! | export | returns |
//! |---|---|
//! | `check(source, format)` | `{"valid", "errors", "warnings"}` (located diagnostics) |
//! | `grade(source, format, options)` | the grading JSON; `options` is `{"tolerance": N}` as JSON |
//! | `report(source, format, lang, reportFormat, options)` | the report, `html` or `md` (or `json`) |
//! | `handlingsplanTemplate(source, format, lang, planFormat, options)` | `md`, `html`, `csv`, `toml` |
//! | `catalog()` | the embedded catalog |
//! | `convert(source, format, to)` | the document as `json` or `toml` |
//! | `schema(name)` | `inspection`, `catalog` or `grading` JSON Schema |
//!
//! `format` is `"toml"`, `"json"` or empty (recognised from the content). A failure is thrown
//! as a string: the JSON of `{"kind": "invalid" | "argument", "message", "errors", "warnings"}`.
//!
//! Diagnostics are located in the file name `input`.
//!
//! Build: `bash bindings/npm/build.sh` (cargo for `wasm32-unknown-unknown`, then the
//! wasm-bindgen CLI of the same version as the `wasm-bindgen` crate).

/// The file name diagnostics are located in.
pub const FILE: &str = "input";

/// The functions behind the exports, callable (and tested) on any target: `Ok` is the JSON or
/// text answer, `Err` the JSON of the failure.
pub mod api {
    use spur_embed::{Error, Options};

    use super::FILE;

    fn fmt(format: &str) -> Option<&str> {
        Some(format)
    }

    /// The failure as thrown: `{"kind", "message", "errors", "warnings"}`.
    pub fn failure(e: &Error) -> String {
        let kind = match e {
            Error::Invalid(_) => "invalid",
            Error::Argument(_) => "argument",
        };
        let p = e.problems();
        serde_json::json!({
            "kind": kind,
            "message": p.message,
            "errors": p.errors,
            "warnings": p.warnings,
        })
        .to_string()
    }

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// `check`.
    pub fn check(source: &str, format: &str) -> Result<String, String> {
        let v = spur_embed::check(source, FILE, fmt(format)).map_err(|e| failure(&e))?;
        Ok(serde_json::to_string(&v).unwrap_or_default())
    }

    /// `grade`.
    pub fn grade(source: &str, format: &str, options: &str) -> Result<String, String> {
        let options = Options::from_json(options).map_err(|e| failure(&e))?;
        let g = spur_embed::grade(source, FILE, fmt(format), &options).map_err(|e| failure(&e))?;
        Ok(serde_json::to_string(&g).unwrap_or_default())
    }

    /// `report`.
    pub fn report(
        source: &str,
        format: &str,
        lang: &str,
        report_format: &str,
        options: &str,
    ) -> Result<String, String> {
        let options = Options::from_json(options).map_err(|e| failure(&e))?;
        let out = if report_format.trim().is_empty() {
            "html"
        } else {
            report_format
        };
        spur_embed::report(source, FILE, fmt(format), out, Some(lang), &options)
            .map(text)
            .map_err(|e| failure(&e))
    }

    /// `handlingsplanTemplate`.
    pub fn handlingsplan(
        source: &str,
        format: &str,
        lang: &str,
        plan_format: &str,
        options: &str,
    ) -> Result<String, String> {
        let options = Options::from_json(options).map_err(|e| failure(&e))?;
        let out = if plan_format.trim().is_empty() {
            "md"
        } else {
            plan_format
        };
        spur_embed::handlingsplan(source, FILE, fmt(format), out, Some(lang), &options)
            .map(text)
            .map_err(|e| failure(&e))
    }

    /// `convert`.
    pub fn convert(source: &str, format: &str, to: &str) -> Result<String, String> {
        spur_embed::convert(source, FILE, fmt(format), to).map_err(|e| failure(&e))
    }

    /// `schema`.
    pub fn schema(name: &str) -> Result<String, String> {
        spur_embed::schema(name).map_err(|e| failure(&e))
    }
}

/// The wasm-bindgen exports. The macro's generated shims need `unsafe`; nothing here is
/// hand-written unsafe code.
#[allow(unsafe_code)]
mod exports {
    use wasm_bindgen::prelude::*;

    use super::api;

    fn throw(r: Result<String, String>) -> Result<String, JsValue> {
        r.map_err(|e| JsValue::from_str(&e))
    }

    /// Every problem of a document: `{"valid", "errors", "warnings"}` as JSON.
    #[wasm_bindgen]
    pub fn check(source: &str, format: &str) -> Result<String, JsValue> {
        throw(api::check(source, format))
    }

    /// The grading JSON of a valid document.
    #[wasm_bindgen]
    pub fn grade(source: &str, format: &str, options: &str) -> Result<String, JsValue> {
        throw(api::grade(source, format, options))
    }

    /// The SPUR report (`html`, `md` or `json`) in `lang` (`sv` or `en`).
    #[wasm_bindgen]
    pub fn report(
        source: &str,
        format: &str,
        lang: &str,
        report_format: &str,
        options: &str,
    ) -> Result<String, JsValue> {
        throw(api::report(source, format, lang, report_format, options))
    }

    /// The handlingsplan template (`md`, `html`, `csv` or `toml`) in `lang`.
    #[wasm_bindgen(js_name = handlingsplanTemplate)]
    pub fn handlingsplan_template(
        source: &str,
        format: &str,
        lang: &str,
        plan_format: &str,
        options: &str,
    ) -> Result<String, JsValue> {
        throw(api::handlingsplan(
            source,
            format,
            lang,
            plan_format,
            options,
        ))
    }

    /// The embedded catalog as JSON.
    #[wasm_bindgen]
    pub fn catalog() -> String {
        spur_embed::catalog_json()
    }

    /// The document re-written as `json` or `toml`.
    #[wasm_bindgen]
    pub fn convert(source: &str, format: &str, to: &str) -> Result<String, JsValue> {
        throw(api::convert(source, format, to))
    }

    /// A JSON Schema: `inspection`, `catalog` or `grading`.
    #[wasm_bindgen]
    pub fn schema(name: &str) -> Result<String, JsValue> {
        throw(api::schema(name))
    }

    /// The spur version.
    #[wasm_bindgen]
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::api;

    const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

    #[test]
    fn grade_and_failures_are_json() {
        let g: serde_json::Value =
            serde_json::from_str(&api::grade(SEED, "", "").unwrap()).unwrap();
        assert_eq!(g["areas"][3]["results"][1]["final"], "C");
        let e = api::grade("[inspection]\nunit = 3\n", "toml", "").unwrap_err();
        let e: serde_json::Value = serde_json::from_str(&e).unwrap();
        assert_eq!(e["kind"], "invalid");
        assert_eq!(e["errors"][0]["location"]["file"], "input");
        let e: serde_json::Value =
            serde_json::from_str(&api::grade(SEED, "", "{\"x\":1}").unwrap_err()).unwrap();
        assert_eq!(e["kind"], "argument");
        assert!(
            api::report(SEED, "", "en", "md", "")
                .unwrap()
                .starts_with('#')
        );
        assert!(
            api::handlingsplan(SEED, "toml", "sv", "csv", "")
                .unwrap()
                .contains(';')
        );
    }
}
