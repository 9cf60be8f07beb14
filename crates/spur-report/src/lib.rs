//! # spur-report
//!
//! Renders what a SPUR inspector sends and what the unit fills in:
//!
//! - the **report** ([`render_report`]) in the order of the seed report — header, the
//!   dual-regulation note, a one-page summary with a grade overview picture, Styrkor, Svagheter,
//!   Förbättringspotential (numbered), STRUKTUR (A–C) and PROCESS (D–H) with each area's
//!   narrative, criteria grouped by kind with their findings and the grade under each regulation
//!   side by side, then the HANDLINGSPLAN as received — as Markdown, standalone HTML (prints on
//!   A4, one area per page), DOCX or JSON (the full graded inspection);
//! - the **handlingsplan template** ([`render_handlingsplan`]): one entry per required item
//!   (föreskrift brist), then the recommended items (allmänt råd brist), grouped by area, each
//!   with the five fields of the SPUR form left to fill in — as Markdown, HTML, DOCX (a table
//!   per entry), CSV for Swedish Excel, XLSX (date cells, a status list), or TOML that pastes into the inspection document;
//! - the **grade overview** picture ([`grade_overview_svg`]): areas × regulations, in a
//!   colour-blind-safe palette with the grade written in every cell.
//!
//! Swedish by default, English on request ([`Lang`]); every fixed phrase comes from the
//! [`messages`] table of the language. User text is escaped for every format: HTML and SVG by
//! [`escape_html`], DOCX by XML escaping, CSV cells that could start a formula are neutralised.
//!
//! ```
//! use std::sync::Arc;
//! use spur_core::{Catalog, InspectionDocument};
//! use spur_grading::{Graded, Settings};
//! use spur_report::{render_report, render_handlingsplan, Lang, PlanFormat, ReportFormat};
//!
//! let doc = InspectionDocument::from_toml_str(r#"
//! [inspection]
//! unit = "Vårdcentralen Exempel"
//! visit_date = 2026-01-20
//! regulations = ["HSLF-FS 2021:8"]
//! [findings]
//! "D.F6" = { status = "not_met", note = "IUP saknas" }
//! "#).unwrap();
//! let graded = Graded::new(doc, Arc::new(Catalog::embedded().clone()), &Settings::default());
//!
//! let md = render_report(&graded, ReportFormat::Markdown, Lang::Sv).unwrap();
//! let md = String::from_utf8(md).unwrap();
//! assert!(md.contains("### D. Tjänstgöringens upplägg"));
//!
//! let toml = render_handlingsplan(&graded, PlanFormat::Toml, Lang::Sv).unwrap();
//! assert!(String::from_utf8(toml).unwrap().contains("criterion = \"D.F6\""));
//! ```
#![forbid(unsafe_code)]

use std::str::FromStr;

use serde::Serialize;
use spur_core::{Catalog, InspectionDocument};
use spur_grading::{Graded, Grading};

pub use compare::Comparison;
pub use strum::VariantArray;

pub mod compare;
mod csv_out;
#[cfg(feature = "docx")]
mod docx;
mod html;
mod life;
mod markdown;
mod markup;
pub mod messages;
#[cfg(feature = "pdf")]
mod pdf;
mod svg;
mod table;
mod text;
mod toml_out;
pub mod verify;
mod view;
mod xlsx;

pub use csv_out::neutralise_formula;
pub use life::{FINGERPRINT_PREFIX, ReportStatus, canonical_json, fingerprint, fingerprints_in};
pub use markup::escape_html;
pub use svg::grade_overview_svg;
pub use table::{text_table, write_text_table};

/// Everything that can go wrong while rendering.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A language code other than `sv` or `en`.
    #[error("unknown language `{0}`: use `sv` (Swedish) or `en` (English)")]
    UnknownLang(String),
    /// A format name that is not one of the choices.
    #[error("unknown {what} format `{input}`: use one of {choices}")]
    UnknownFormat {
        /// `report` or `handlingsplan`.
        what: &'static str,
        /// The rejected input.
        input: String,
        /// The accepted names.
        choices: String,
    },
    /// Writing the DOCX package failed.
    #[error("cannot write DOCX: {0}")]
    Docx(String),
    /// Writing the XLSX workbook failed.
    #[error("cannot write XLSX: {0}")]
    Xlsx(String),
    /// A final report was asked for while the document is not finished: the errors validation
    /// gives the document at the final strictness
    /// ([`InspectionDocument::final_report_problems`]), each with its path and code.
    #[error(
        "the report is marked final ([report] status = \"final\") but the document is not finished:\n{}",
        .0.iter().map(|d| format!("  - {}: {}", d.path, d.message)).collect::<Vec<_>>().join("\n")
    )]
    NotFinal(Vec<spur_core::Diagnostic>),
    /// Typesetting the PDF failed.
    #[error("cannot write PDF: {0}")]
    Pdf(String),
    /// The format was left out of this build (cargo features `pdf`, `docx`).
    #[error("this build of spur has no {0} output (built without the cargo feature `{0}`)")]
    FormatNotBuilt(&'static str),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(String),
    /// Serialising JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The language of the output (defined in spur-core, whose diagnostics speak it too).
///
/// ```
/// use spur_report::Lang;
/// assert_eq!("sv".parse::<Lang>().unwrap(), Lang::Sv);
/// assert!("de".parse::<Lang>().is_err());
/// ```
pub use spur_core::Lang;

impl From<spur_core::lang::UnknownLang> for Error {
    fn from(e: spur_core::lang::UnknownLang) -> Self {
        Error::UnknownLang(e.0)
    }
}

/// Formats of the report. Everything about a format is here: its name (the CLI's `--format`
/// value and the API's `?format=`), extension, media type, whether it is binary, and the line
/// the CLI's help shows; the CLI, the server and the OpenAPI description list
/// [`ReportFormat::VARIANTS`], so a new variant is offered everywhere once it renders.
///
/// ```
/// use spur_report::ReportFormat;
/// assert_eq!("md".parse::<ReportFormat>().unwrap(), ReportFormat::Markdown);
/// assert_eq!(ReportFormat::Docx.extension(), "docx");
/// assert_eq!(ReportFormat::Pdf.media_type(), "application/pdf");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum ReportFormat {
    /// Markdown (CommonMark with pipe tables).
    Markdown,
    /// A standalone HTML page: no external assets, prints on A4 with one area per page.
    Html,
    /// A Word document (opens in Word and LibreOffice).
    Docx,
    /// PDF/A-2b, A4, typeset in-process with embedded fonts.
    Pdf,
    /// `{"inspection": …, "grading": …}`: the full graded inspection, pretty-printed.
    Json,
}

impl ReportFormat {
    /// The name the CLI and the API take (`md`, `html`, `docx`, `pdf`, `json`).
    pub fn name(self) -> &'static str {
        self.extension()
    }
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
            ReportFormat::Docx => "docx",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Json => "json",
        }
    }
    /// The media type of the output (the server's `Content-Type`).
    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Markdown => MARKDOWN,
            ReportFormat::Html => HTML,
            ReportFormat::Docx => DOCX,
            ReportFormat::Pdf => PDF,
            ReportFormat::Json => JSON,
        }
    }
    /// Whether the output is binary (not text).
    pub fn is_binary(self) -> bool {
        matches!(self, ReportFormat::Docx | ReportFormat::Pdf)
    }
    /// One line for the CLI's help.
    pub fn description(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "Markdown",
            ReportFormat::Html => "Standalone HTML, printable on A4",
            ReportFormat::Docx => "Word document",
            ReportFormat::Pdf => "PDF/A-2b on A4, typeset in-process",
            ReportFormat::Json => "The full graded inspection as JSON",
        }
    }
}

/// The format `input` names (any case; `markdown` for `md`, `htm` for `html`), one of
/// `F`'s variants by `name`; else [`Error::UnknownFormat`] listing the choices.
fn parse_format<F: strum::VariantArray + Copy>(
    input: &str,
    what: &'static str,
    name: fn(F) -> &'static str,
) -> Result<F, Error> {
    let key = input.trim().to_ascii_lowercase();
    let alias = match key.as_str() {
        "markdown" => "md",
        "htm" => "html",
        other => other,
    };
    F::VARIANTS
        .iter()
        .copied()
        .find(|f| name(*f) == alias)
        .ok_or_else(|| Error::UnknownFormat {
            what,
            input: input.to_string(),
            choices: names(F::VARIANTS.iter().map(|f| name(*f))),
        })
}

impl FromStr for ReportFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        parse_format(s, "report", ReportFormat::name)
    }
}

/// Formats of the handlingsplan template, described like [`ReportFormat`].
///
/// ```
/// use spur_report::PlanFormat;
/// assert_eq!("csv".parse::<PlanFormat>().unwrap(), PlanFormat::Csv);
/// assert_eq!(PlanFormat::Toml.extension(), "toml");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum PlanFormat {
    /// Markdown.
    Markdown,
    /// A standalone, printable HTML page.
    Html,
    /// A Word document with a table per entry, like the seed's form.
    Docx,
    /// PDF/A-2b with a table per entry.
    Pdf,
    /// CSV for Swedish Excel: UTF-8 with BOM, `;` separator, CRLF line ends.
    Csv,
    /// TOML that pastes into the inspection document as its `[handlingsplan]`.
    Toml,
    /// An Excel workbook: the CSV's columns with date cells and a status drop-down list.
    Xlsx,
}

impl PlanFormat {
    /// The name the CLI and the API take (`md`, `html`, `docx`, `pdf`, `csv`, `toml`, `xlsx`).
    pub fn name(self) -> &'static str {
        self.extension()
    }
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            PlanFormat::Markdown => "md",
            PlanFormat::Html => "html",
            PlanFormat::Docx => "docx",
            PlanFormat::Pdf => "pdf",
            PlanFormat::Csv => "csv",
            PlanFormat::Toml => "toml",
            PlanFormat::Xlsx => "xlsx",
        }
    }
    /// The media type of the output (the server's `Content-Type`).
    pub fn media_type(self) -> &'static str {
        match self {
            PlanFormat::Markdown => MARKDOWN,
            PlanFormat::Html => HTML,
            PlanFormat::Docx => DOCX,
            PlanFormat::Pdf => PDF,
            PlanFormat::Csv => "text/csv; charset=utf-8",
            PlanFormat::Toml => "application/toml; charset=utf-8",
            PlanFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
    /// Whether the output is binary (not text).
    pub fn is_binary(self) -> bool {
        matches!(self, PlanFormat::Docx | PlanFormat::Pdf | PlanFormat::Xlsx)
    }
    /// One line for the CLI's help.
    pub fn description(self) -> &'static str {
        match self {
            PlanFormat::Markdown => "Markdown",
            PlanFormat::Html => "Standalone, printable HTML",
            PlanFormat::Docx => "Word document, a table per entry",
            PlanFormat::Pdf => "PDF/A-2b on A4, a table per entry",
            PlanFormat::Csv => "CSV for Swedish Excel (UTF-8 with BOM, `;`)",
            PlanFormat::Toml => "TOML to paste into the inspection document",
            PlanFormat::Xlsx => "Excel workbook with date cells and a status list",
        }
    }
}

impl FromStr for PlanFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        parse_format(s, "handlingsplan", PlanFormat::name)
    }
}

const MARKDOWN: &str = "text/markdown; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF: &str = "application/pdf";
const JSON: &str = "application/json";

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// `spur report --format json` (and `POST /v1/report?format=json`): the document as read and
/// its grading, together. Schema: `docs/schema/report.schema.json` ([`ReportJson::json_schema`]).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[schemars(title = "SPUR report (JSON)")]
#[non_exhaustive]
pub struct ReportJson {
    /// The inspection document, as read (canonical spellings).
    pub inspection: InspectionDocument,
    /// Its grading (the grading JSON).
    pub grading: Grading,
    /// The comparison with the unit's previous inspection (`spur report --previous`), as
    /// `spur compare --format json` gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Comparison>,
}

#[derive(Serialize)]
struct ReportJsonRef<'a> {
    inspection: &'a InspectionDocument,
    grading: &'a Grading,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<&'a Comparison>,
}

impl ReportJson {
    /// The report JSON of `doc` and its `grading`.
    pub fn new(doc: InspectionDocument, grading: Grading) -> ReportJson {
        ReportJson {
            inspection: doc,
            grading,
            previous: None,
        }
    }

    /// The same with the comparison with the previous inspection.
    pub fn with_previous(mut self, previous: Option<Comparison>) -> ReportJson {
        self.previous = previous;
        self
    }

    fn borrowed<'a>(
        doc: &'a InspectionDocument,
        grading: &'a Grading,
        previous: Option<&'a Comparison>,
    ) -> impl Serialize + 'a {
        ReportJsonRef {
            inspection: doc,
            grading,
            previous,
        }
    }

    /// The JSON Schema of the report JSON.
    pub fn json_schema() -> String {
        spur_core::schema::generate::<ReportJson>("report", spur_core::schema::Direction::Output)
    }
}

/// Render the SPUR report of a graded inspection ([`Graded`]: the document, its catalog and
/// its grading, which belong together by construction).
///
/// Rendering a report:
///
/// ```
/// use std::sync::Arc;
/// use spur_core::{Catalog, InspectionDocument};
/// use spur_grading::{Graded, Settings};
/// use spur_report::{Lang, ReportFormat, render_report};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-vardcentral.toml");
/// let (doc, _) = InspectionDocument::read_file(path.as_ref(), Catalog::embedded()).unwrap();
/// let graded = Graded::new(doc, Arc::new(Catalog::embedded().clone()), &Settings::default());
/// let markdown = render_report(&graded, ReportFormat::Markdown, Lang::Sv).unwrap();
/// let text = String::from_utf8(markdown).unwrap();
/// assert!(text.contains("Vårdcentralen Exempel (seed-enheten)"));
/// assert!(text.contains("Styrkor"));
/// let docx = render_report(&graded, ReportFormat::Docx, Lang::En).unwrap();
/// assert_eq!(&docx[..2], b"PK"); // a ZIP package
/// ```
///
/// # Errors
///
/// [`Error::NotFinal`] for a final report of an unfinished document; [`Error::Docx`] or
/// [`Error::Json`] when the output cannot be written (a bug, never the user's input).
pub fn render_report(graded: &Graded, format: ReportFormat, lang: Lang) -> Result<Vec<u8>, Error> {
    render_report_with_previous(graded, format, lang, None)
}

/// [`render_report`] with the section "Jämfört med föregående inspektion" ("Compared with the
/// previous inspection"): `previous` is the comparison of the unit's previous inspection with
/// this one ([`compare::compare_previous`]). Every format shows it after the HANDLINGSPLAN; the
/// JSON gains the member `previous`.
///
/// # Errors
///
/// As [`render_report`].
pub fn render_report_with_previous(
    graded: &Graded,
    format: ReportFormat,
    lang: Lang,
    previous: Option<&Comparison>,
) -> Result<Vec<u8>, Error> {
    render_report_in_store(graded, format, lang, previous, &FromStore::default())
}

/// The head of a store's audit chain (issue 30): the sequence number of the last event and its
/// hash (lowercase hex SHA-256), printed beside the fingerprint of a final report rendered from
/// the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    /// The last event's sequence number.
    pub seq: i64,
    /// The last event's hash.
    pub hash: String,
}

impl std::fmt::Display for ChainHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.seq, self.hash)
    }
}

/// A coordinator's correction of a final report (issue 31): the version it made, who, when and
/// why. A report rendered from a store lists those up to its version as its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The version the correction saved.
    pub version: i64,
    /// Who corrected (the coordinator's name).
    pub by: String,
    /// When (the version's time, RFC 3339).
    pub at: String,
    /// Why (mandatory in the store).
    pub reason: String,
}

/// What a store adds to a rendered report: the audit chain's head (printed beside a final
/// report's fingerprint), the history of corrections, and an appendix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromStore {
    /// The audit chain's head at the time of rendering.
    pub chain_head: Option<ChainHead>,
    /// The corrections up to the rendered version, oldest first.
    pub corrections: Vec<Correction>,
    /// An appendix after everything else (the pre-visit survey's summary), rendered by the
    /// DOCX and PDF report; the Markdown and HTML report carry the survey's own appendix, with
    /// its anchors, appended by the caller.
    pub appendix: Option<Appendix>,
}

/// An appendix in the report's own style: a title (a level-one heading on a new page) and
/// plain parts. Every text is escaped by the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// The appendix heading, e.g. "Bilaga: Förenkät: sammanställning".
    pub title: String,
    /// Its parts, in order.
    pub parts: Vec<AppendixPart>,
}

/// One part of an [`Appendix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendixPart {
    /// A section heading (level two).
    Heading(String),
    /// A paragraph.
    Paragraph(String),
    /// A table with its column heads.
    Table {
        /// The column heads.
        heads: Vec<String>,
        /// The rows.
        rows: Vec<Vec<String>>,
    },
    /// A bulleted list.
    List(Vec<String>),
}

/// [`render_report_with_previous`] for a report rendered from a store: a final report also
/// prints the audit chain's head at the time of rendering beside its fingerprint, and every
/// report its history of corrections, a table after everything else ("Rättelser" /
/// "Corrections"; every format but JSON, whose bytes stay the inspection's own).
///
/// # Errors
///
/// As [`render_report`].
pub fn render_report_in_store(
    graded: &Graded,
    format: ReportFormat,
    lang: Lang,
    previous: Option<&Comparison>,
    store: &FromStore,
) -> Result<Vec<u8>, Error> {
    let (doc, grading, catalog) = (graded.document(), graded.grading(), graded.catalog());
    if life::meta(doc).status == ReportStatus::Final && format != ReportFormat::Json {
        let problems = doc.final_report_problems(catalog);
        if !problems.is_empty() {
            return Err(Error::NotFinal(problems));
        }
    }
    let view = || {
        let mut v = report_view(doc, grading, catalog, lang, previous);
        if v.life.fingerprint.is_some() {
            v.life.chain_head = store.chain_head.as_ref().map(ChainHead::to_string);
        }
        v.life.corrections = store.corrections.clone();
        v.life.appendix = store.appendix.clone();
        v
    };
    match format {
        ReportFormat::Json => {
            let mut out = serde_json::to_vec_pretty(&ReportJson::borrowed(doc, grading, previous))?;
            out.push(b'\n');
            Ok(out)
        }
        ReportFormat::Markdown => Ok(markdown::report(&view()).into_bytes()),
        ReportFormat::Html => {
            let svg = grade_overview_svg(grading, catalog, lang);
            Ok(html::report(&view(), &svg).into_bytes())
        }
        #[cfg(feature = "docx")]
        ReportFormat::Docx => docx::report(&view()),
        #[cfg(not(feature = "docx"))]
        ReportFormat::Docx => Err(Error::FormatNotBuilt("docx")),
        #[cfg(feature = "pdf")]
        ReportFormat::Pdf => pdf::report(&pdf::data::report(&view())),
        #[cfg(not(feature = "pdf"))]
        ReportFormat::Pdf => Err(Error::FormatNotBuilt("pdf")),
    }
}

/// Render the handlingsplan template of a graded inspection: what the unit fills in.
///
/// Items come from `grading.plan_items`: required items (föreskrift brist) first, then
/// recommended items (allmänt råd brist), each group ordered by area. The five form fields
/// are left empty. The TOML format parses as the `[handlingsplan]` of the inspection document.
///
/// # Errors
///
/// [`Error::Docx`], [`Error::Xlsx`] or [`Error::Csv`] when the output cannot be written (a bug,
/// never the user's input).
pub fn render_handlingsplan(
    graded: &Graded,
    format: PlanFormat,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    let (doc, grading, catalog) = (graded.document(), graded.grading(), graded.catalog());
    let v = view::template(doc, grading, catalog, lang);
    match format {
        PlanFormat::Markdown => Ok(markdown::template(&v).into_bytes()),
        PlanFormat::Html => Ok(html::template(&v).into_bytes()),
        #[cfg(feature = "docx")]
        PlanFormat::Docx => docx::template(&v),
        #[cfg(not(feature = "docx"))]
        PlanFormat::Docx => Err(Error::FormatNotBuilt("docx")),
        #[cfg(feature = "pdf")]
        PlanFormat::Pdf => pdf::plan(&pdf::data::plan(&v)),
        #[cfg(not(feature = "pdf"))]
        PlanFormat::Pdf => Err(Error::FormatNotBuilt("pdf")),
        PlanFormat::Csv => csv_out::template(&v),
        PlanFormat::Toml => Ok(toml_out::template(&v).into_bytes()),
        PlanFormat::Xlsx => xlsx::template(&v, &doc.inspection.visit_date.to_string()),
    }
}

fn report_view<'a>(
    doc: &'a InspectionDocument,
    grading: &'a Grading,
    catalog: &'a Catalog,
    lang: Lang,
    previous: Option<&Comparison>,
) -> view::ReportView<'a> {
    let mut v = view::report(doc, grading, catalog, lang);
    v.previous = previous.map(|c| c.view(lang));
    v
}
