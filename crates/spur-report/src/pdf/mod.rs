//! PDF through typst used as a library: the document is compiled in-process from an embedded
//! template, with the fonts embedded in the binary (Libertinus Serif from `typst-assets`), so
//! the same document gives the same PDF on every machine.
//!
//! User text never becomes typst markup: the template reads every value from a JSON file the
//! [`World`] serves (`/data.json`, the typed structs of [`data`]), and a string placed into
//! content is typeset as text. There is nothing to escape and nothing to inject.
//!
//! The output is PDF/A-2b (archivable), A4, with the document title, author, language and
//! keywords set; the fingerprint of a final report is one of the keywords.

use std::sync::OnceLock;

use serde_json::Value;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::Error;

pub(crate) mod data;
mod limits;
#[cfg(test)]
mod tests;

const COMMON: &str = include_str!("common.typ");
const REPORT: &str = include_str!("report.typ");
const PLAN: &str = include_str!("plan.typ");

/// How many compilations a memoised typst result survives without being used again.
///
/// typst memoises layout and text shaping in a process-wide cache (comemo) that nothing evicts
/// by itself: a server rendering one different inspection after another kept about 8.5 MB per
/// document, 2.2 GB after ~250 (issue 34). After each compile every entry not used by the last
/// `CACHE_MAX_AGE` compilations is dropped, so memory stays flat while a document rendered again
/// right away (preview, then download) still finds its entries.
const CACHE_MAX_AGE: usize = 2;

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .filter(|f| f.info().family == "Libertinus Serif")
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The smallest world: one source (the template), one data file, the embedded fonts.
struct Doc {
    main: Source,
    data: Bytes,
    data_id: FileId,
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        // The output never depends on the clock.
        None
    }
}

fn diagnostics(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Compile `template` (after the common preamble) with `data` as `/data.json` into PDF/A-2b.
pub(crate) fn compile(template: &str, data: &Value) -> Result<Vec<u8>, Error> {
    let main_id = FileId::new(None, VirtualPath::new("/main.typ"));
    let data_id = FileId::new(None, VirtualPath::new("/data.json"));
    let ident = data
        .get("ident")
        .and_then(Value::as_str)
        .unwrap_or("spur")
        .to_string();
    // No text may become a PDF string over the PDF/A limit (see `limits`).
    let data = serde_json::to_vec(&limits::fit(data))?;
    let world = Doc {
        main: Source::new(main_id, format!("{COMMON}\n{template}")),
        data: Bytes::new(data),
        data_id,
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    typst::comemo::evict(CACHE_MAX_AGE);
    let document = compiled.map_err(|e| Error::Pdf(diagnostics(&e)))?;
    let archival =
        PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| Error::Pdf(e.to_string()))?;
    let pdf = |standards: PdfStandards| {
        typst_pdf::pdf(
            &document,
            &PdfOptions {
                ident: Smart::Custom(&ident),
                standards,
                ..PdfOptions::default()
            },
        )
    };
    match pdf(archival) {
        Ok(bytes) => Ok(bytes),
        // PDF/A forbids text the embedded font has no glyph for (user text in a script the
        // font lacks). Such a document is still written, as plain PDF without the PDF/A claim,
        // rather than refused: the unit's text must reach the reader.
        Err(e)
            if e.iter()
                .all(|d| d.message.contains("could not be displayed")) =>
        {
            pdf(PdfStandards::default()).map_err(|e| Error::Pdf(diagnostics(&e)))
        }
        Err(e) => Err(Error::Pdf(diagnostics(&e))),
    }
}

pub(crate) fn report(data: &data::PdfReport<'_>) -> Result<Vec<u8>, Error> {
    compile(REPORT, &serde_json::to_value(data)?)
}

pub(crate) fn plan(data: &data::PdfPlan<'_>) -> Result<Vec<u8>, Error> {
    compile(PLAN, &serde_json::to_value(data)?)
}
