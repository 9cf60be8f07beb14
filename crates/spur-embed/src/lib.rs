//! # spur-embed
//!
//! spur for programs that are not written in Rust: every operation takes the inspection
//! document as text (TOML or JSON) and plain string arguments, and answers with the same JSON
//! shapes as the published schemas (`docs/schema/`) and the HTTP API (`docs/openapi.json`):
//!
//! | function | answers |
//! |---|---|
//! | [`check`] | [`Validation`]: `{"valid", "errors", "warnings"}` with located diagnostics |
//! | [`grade`] | the grading JSON (`docs/grading-json.md`) |
//! | [`report`] | the SPUR report: `html`, `md`, `json` (and `docx` with the `docx` feature) |
//! | [`handlingsplan`] | the handlingsplan template: `md`, `html`, `csv`, `toml` (and `docx`) |
//! | [`catalog_json`] | the embedded criteria catalog |
//! | [`convert`] | the document re-written as `json` or `toml` |
//!
//! A document that cannot be read or has errors is [`Error::Invalid`], a bad argument (format,
//! language, tolerance) [`Error::Argument`]; both carry [`Problems`] — `{"message", "errors",
//! "warnings"}`, the body of the HTTP API's 4xx responses.
//!
//! The WebAssembly build (`crates/spur-wasm`) and the Python extension (`crates/spur-py`) are
//! thin wrappers over this crate, so the three agree by construction.
//!
//! ```
//! let seed = std::fs::read_to_string("../../fixtures/seed-vardcentral.toml").unwrap();
//! let grading = spur_embed::grade(&seed, "seed.toml", None, &Default::default()).unwrap();
//! let json = serde_json::to_value(&grading).unwrap();
//! assert_eq!(json["areas"][3]["results"][0]["computed"], "D");
//! assert_eq!(json["areas"][3]["results"][0]["final"], "C");
//! ```
#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};
use spur_core::{Catalog, Code, Diagnostic, Format, InspectionDocument};
use spur_grading::{Grading, Settings};
use spur_report::{Lang, PlanFormat, ReportFormat};

/// Every problem of a document, or of an argument: the body of the HTTP API's 4xx responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problems {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The errors (severity `error`), in document order.
    pub errors: Vec<Diagnostic>,
    /// The warnings (e.g. unassessed criteria), in document order.
    pub warnings: Vec<Diagnostic>,
}

impl Problems {
    /// The problems as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn argument(path: &str, message: String, hint: Option<String>) -> Problems {
        let mut d = Diagnostic::error(Code::InvalidValue, path, message.clone());
        d.hint = hint;
        Problems {
            message,
            errors: vec![d],
            warnings: Vec::new(),
        }
    }
}

/// The result of [`check`]: the shape of `POST /v1/validate` (`Validation` in the OpenAPI
/// document), except that a document with errors is answered here too, with `valid: false`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// `true` when the document has no errors.
    pub valid: bool,
    /// The errors, in document order.
    pub errors: Vec<Diagnostic>,
    /// The warnings, in document order.
    pub warnings: Vec<Diagnostic>,
}

/// Everything that can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The document cannot be read, or has errors.
    #[error("{}", .0.message)]
    Invalid(Problems),
    /// An argument (format, language, tolerance, options) is not one spur knows.
    #[error("{}", .0.message)]
    Argument(Problems),
}

impl Error {
    /// The problems, located.
    pub fn problems(&self) -> &Problems {
        match self {
            Error::Invalid(p) | Error::Argument(p) => p,
        }
    }
}

/// Grading options, as JSON: `{"tolerance": 1, "indicator_sets": ["…TOML…"]}` (every field
/// optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Unmet kvalitetsindikatorer an area may have and still get A (default 1).
    pub tolerance: Option<usize>,
    /// Extra indicator sets, each the text of a TOML file as `spur catalog new-indicators`
    /// writes it (e.g. a kardiologi set): a document chooses its set by `[inspection]
    /// specialty`. Without a set for its specialty a document is graded on the shared criteria
    /// (A–B where only the indicators could decide).
    #[serde(default)]
    pub indicator_sets: Vec<String>,
}

impl Options {
    /// Read options from JSON; an empty string or `null` is the defaults.
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] when `json` is not an options object (bad JSON, an unknown key, a
    /// negative or fractional `tolerance`).
    pub fn from_json(json: &str) -> Result<Options, Error> {
        let json = json.trim();
        if json.is_empty() || json == "null" || json == "undefined" {
            return Ok(Options::default());
        }
        serde_json::from_str(json).map_err(|e| {
            Error::Argument(Problems::argument(
                "options",
                format!("bad options: {e}"),
                Some("options are {\"tolerance\": N, \"indicator_sets\": [\"…TOML…\"]} (every field optional)".into()),
            ))
        })
    }

    /// The embedded catalogs plus [`Options::indicator_sets`].
    ///
    /// # Errors
    ///
    /// [`Error::Argument`] with every problem of a set that is not a valid indicator set
    /// (located in `indicator_sets[N]`).
    pub fn library(&self) -> Result<spur_core::CatalogLibrary, Error> {
        let mut library = spur_core::CatalogLibrary::embedded();
        for (i, source) in self.indicator_sets.iter().enumerate() {
            let name = format!("indicator_sets[{i}]");
            match spur_core::IndicatorSet::from_toml_str(source, &name) {
                Ok(set) => library.add_set(set),
                Err(spur_core::Error::Invalid(d)) => {
                    return Err(Error::Argument(Problems {
                        message: format!("`{name}` is not a valid indicator set"),
                        errors: d.0,
                        warnings: Vec::new(),
                    }));
                }
                Err(e) => {
                    return Err(Error::Argument(Problems::argument(
                        &name,
                        e.to_string(),
                        None,
                    )));
                }
            }
        }
        Ok(library)
    }

    fn settings(&self) -> Settings {
        Settings::with_tolerance(self.tolerance.unwrap_or(Settings::default().tolerance))
    }
}

/// The document format an argument names: `toml`, `json`, or nothing/`auto` to sniff.
///
/// # Errors
///
/// [`Error::Argument`] for any other name.
pub fn parse_format(format: Option<&str>, source: &str) -> Result<Format, Error> {
    match format.map(|f| f.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "auto") => Ok(Format::sniff(source)),
        Some("toml") => Ok(Format::Toml),
        Some("json") => Ok(Format::Json),
        Some(other) => Err(Error::Argument(Problems::argument(
            "format",
            format!("unknown document format `{other}`: use `toml` or `json`"),
            Some("leave it out to recognise the format from the content".into()),
        ))),
    }
}

fn parse_lang(lang: Option<&str>) -> Result<Lang, Error> {
    match lang.map(str::trim) {
        None | Some("") => Ok(Lang::Sv),
        Some(l) => l.parse().map_err(|e: spur_core::UnknownLang| {
            Error::Argument(Problems::argument("lang", e.to_string(), None))
        }),
    }
}

/// Read and validate a document: every problem, located in `file`.
///
/// # Errors
///
/// [`Error::Argument`] for an unknown `format`; a document with errors is not an error here
/// (see [`Validation::valid`]).
pub fn check(source: &str, file: &str, format: Option<&str>) -> Result<Validation, Error> {
    let format = parse_format(format, source)?;
    let checked = InspectionDocument::check(source, file, format, Catalog::embedded());
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = checked
        .diagnostics
        .0
        .into_iter()
        .partition(Diagnostic::is_error);
    let valid = errors.is_empty() && checked.document.is_some() && !source.trim().is_empty();
    let errors = if valid || !errors.is_empty() {
        errors
    } else {
        vec![empty_document(file)]
    };
    Ok(Validation {
        valid,
        errors,
        warnings,
    })
}

fn empty_document(file: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::Syntax,
        "",
        format!("`{file}` is not an inspection document (it is empty)"),
    );
    d.hint = Some("start one with `spur init`".into());
    d
}

/// Read a document that must be valid: the document and its warnings, or [`Error::Invalid`].
///
/// # Errors
///
/// [`Error::Argument`] for an unknown `format`; [`Error::Invalid`] with every problem when the
/// document has errors.
pub fn read(
    source: &str,
    file: &str,
    format: Option<&str>,
) -> Result<(InspectionDocument, Vec<Diagnostic>), Error> {
    let format = parse_format(format, source)?;
    let checked = InspectionDocument::check(source, file, format, Catalog::embedded());
    accept(checked, source, file)
}

/// The document and its warnings, or [`Error::Invalid`] with every problem.
fn accept(
    checked: spur_core::Checked,
    source: &str,
    file: &str,
) -> Result<(InspectionDocument, Vec<Diagnostic>), Error> {
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = checked
        .diagnostics
        .0
        .into_iter()
        .partition(Diagnostic::is_error);
    match checked.document {
        Some(doc) if errors.is_empty() && !source.trim().is_empty() => Ok((doc, warnings)),
        _ => {
            let errors = if errors.is_empty() {
                vec![empty_document(file)]
            } else {
                errors
            };
            Err(Error::Invalid(Problems {
                message: format!(
                    "`{file}` has {} error(s)",
                    spur_core::diagnostic::totals(&errors).0
                ),
                errors,
                warnings,
            }))
        }
    }
}

/// Grade a document: the grading JSON model.
///
/// # Errors
///
/// As [`read`].
pub fn grade(
    source: &str,
    file: &str,
    format: Option<&str>,
    options: &Options,
) -> Result<Grading, Error> {
    read_and_grade(source, file, format, options).map(|graded| graded.into_parts().1)
}

/// [`grade`] as JSON text (pretty-printed, the shape of `spur grade --format json`).
///
/// # Errors
///
/// As [`read`].
pub fn grade_json(
    source: &str,
    file: &str,
    format: Option<&str>,
    options: &Options,
) -> Result<String, Error> {
    let grading = grade(source, file, format, options)?;
    Ok(serde_json::to_string_pretty(&grading).unwrap_or_default())
}

/// Parse a report or template format name (`ReportFormat`, `PlanFormat`): an unknown name is
/// the caller's argument error.
fn output_format<F>(f: &str) -> Result<F, Error>
where
    F: std::str::FromStr<Err = spur_report::Error>,
{
    f.parse().map_err(|e: spur_report::Error| {
        Error::Argument(Problems::argument("format", e.to_string(), None))
    })
}

/// A format left out of this build (cargo features) is the caller's argument error; any other
/// rendering failure is the document's.
fn render_failed(e: spur_report::Error) -> Error {
    if let spur_report::Error::FormatNotBuilt(_) = e {
        return Error::Argument(Problems::argument("format", e.to_string(), None));
    }
    Error::Invalid(Problems {
        message: e.to_string(),
        errors: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Whether a report or template format gives bytes rather than text (`docx`, `xlsx`, `pdf`).
pub fn is_binary(format: &str) -> bool {
    format
        .parse::<ReportFormat>()
        .is_ok_and(ReportFormat::is_binary)
        || format
            .parse::<PlanFormat>()
            .is_ok_and(PlanFormat::is_binary)
}

/// The SPUR report of a document in `report_format` (`html`, `md`, `json`; `docx` with the
/// feature) and `lang` (`sv`, the default, or `en`).
///
/// # Errors
///
/// [`Error::Argument`] for an unknown `format`, `report_format` or `lang`; [`Error::Invalid`]
/// when the document has errors.
pub fn report(
    source: &str,
    file: &str,
    format: Option<&str>,
    report_format: &str,
    lang: Option<&str>,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    let out = output_format::<ReportFormat>(report_format)?;
    let lang = parse_lang(lang)?;
    let graded = read_and_grade(source, file, format, options)?;
    spur_report::render_report(&graded, out, lang).map_err(render_failed)
}

/// The handlingsplan template of a document in `plan_format` (`md`, `html`, `csv`, `toml`;
/// `docx` with the feature) and `lang`.
///
/// # Errors
///
/// [`Error::Argument`] for an unknown `format`, `plan_format` or `lang`; [`Error::Invalid`]
/// when the document has errors.
pub fn handlingsplan(
    source: &str,
    file: &str,
    format: Option<&str>,
    plan_format: &str,
    lang: Option<&str>,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    let out = output_format::<PlanFormat>(plan_format)?;
    let lang = parse_lang(lang)?;
    let graded = read_and_grade(source, file, format, options)?;
    spur_report::render_handlingsplan(&graded, out, lang).map_err(render_failed)
}

/// Read a document (errors refuse it) and grade it with the catalog its `specialty` chooses
/// among the embedded ones and [`Options::indicator_sets`].
fn read_and_grade(
    source: &str,
    file: &str,
    format: Option<&str>,
    options: &Options,
) -> Result<spur_grading::Graded, Error> {
    let fmt = parse_format(format, source)?;
    let library = options.library()?;
    let checked =
        InspectionDocument::check_in(source, file, fmt, &library, spur_core::Warnings::Include);
    let spur_core::CheckedIn {
        checked,
        catalog,
        mappings,
    } = checked;
    let (doc, warnings) = accept(checked, source, file)?;
    Ok(spur_grading::Graded::with_check(
        doc,
        catalog,
        mappings,
        spur_core::Diagnostics(warnings),
        &options.settings(),
    ))
}

/// The embedded catalog as JSON (the shape of `docs/schema/catalog.schema.json`).
pub fn catalog_json() -> String {
    serde_json::to_string(Catalog::embedded()).unwrap_or_default()
}

/// A JSON Schema by name: `inspection`, `catalog` or `grading`.
///
/// # Errors
///
/// [`Error::Argument`] for an unknown schema name (the message lists the known ones).
pub fn schema(name: &str) -> Result<String, Error> {
    match name.trim() {
        "inspection" => Ok(spur_core::schema::inspection()),
        "catalog" => Ok(spur_core::schema::catalog()),
        "grading" => Ok(Grading::json_schema()),
        other => Err(Error::Argument(Problems::argument(
            "name",
            format!("no schema named `{other}`: use inspection, catalog or grading"),
            None,
        ))),
    }
}

/// The document re-written as `json` (the model, pretty) or `toml` (reads back to the same
/// document); it is validated first.
///
/// # Errors
///
/// [`Error::Argument`] for an unknown `from` or `to` format; [`Error::Invalid`] when the
/// document has errors.
pub fn convert(source: &str, file: &str, format: Option<&str>, to: &str) -> Result<String, Error> {
    let to = to.trim().to_ascii_lowercase();
    if to != "json" && to != "toml" {
        return Err(Error::Argument(Problems::argument(
            "to",
            format!("unknown target format `{to}`: use `json` or `toml`"),
            None,
        )));
    }
    let (doc, _) = read(source, file, format)?;
    if to == "json" {
        return Ok(doc.to_json());
    }
    let mut text = String::from("# SPUR inspection document (written by spur).\n\n");
    let body = toml::to_string_pretty(&doc).map_err(|e| {
        Error::Invalid(Problems {
            message: format!("cannot write TOML: {e}"),
            errors: Vec::new(),
            warnings: Vec::new(),
        })
    })?;
    text.push_str(&body);
    Ok(text)
}
