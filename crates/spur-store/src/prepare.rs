//! Turning a document into what the store keeps — its canonical TOML, SHA-256 and graded
//! result — before any transaction begins (grading is CPU work; no transaction waits for it).

use sha2::{Digest, Sha256};
use spur_core::{CatalogLibrary, Format, InspectionDocument, Warnings};
use spur_grading::Settings;

use crate::Error;

/// A document ready to be written: checked, graded and in canonical form.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document as read (catalog mappings applied).
    pub doc: InspectionDocument,
    /// The canonical TOML of the document (what is stored and exported).
    pub toml: String,
    /// Lowercase hex SHA-256 of [`Prepared::toml`].
    pub sha256: String,
    /// The graded result, the JSON of `spur grade --format json`.
    pub grading: String,
    /// What the regional overview reads of this version ([`overview_digest`]).
    pub digest: String,
}

/// The overview's digest of a version: the document and its grading without what the regional
/// overview never reads (report and area texts, findings, overrides, the plan entries' texts,
/// the grading's summaries, reasons, notes and plan items), as the JSON `{"document": …, "grading": …}`. Stored beside each
/// version so that `GET /v1/overview` reads ~1 kB per inspection instead of the whole version;
/// [`crate::Head::read`] reads it back as a document and grading that summarise exactly as the
/// whole ones do.
///
/// # Errors
///
/// [`Error::Document`] when it cannot be serialised (a bug).
pub fn overview_digest(
    doc: &InspectionDocument,
    grading: &spur_grading::Grading,
) -> Result<String, Error> {
    let mut doc = doc.clone();
    doc.report.strengths.clear();
    doc.report.weaknesses.clear();
    doc.report.improvements.clear();
    doc.areas.clear();
    doc.findings.clear();
    doc.overrides.clear();
    // Of the plan the overview reads the criteria, dates and statuses, not the texts.
    for entry in doc
        .handlingsplan
        .iter_mut()
        .flat_map(|p| p.entries.iter_mut())
    {
        entry.action = None;
        entry.responsible.clear();
        entry.follow_up_responsible.clear();
        entry.note = None;
    }
    let mut grading = grading.clone();
    grading.plan_items.clear();
    for result in grading.areas.iter_mut().flat_map(|a| a.results.iter_mut()) {
        result.reasons.clear();
        result.notes.clear();
        result.missing_plan_items.clear();
        result.deciding.clear();
        result.summary.sv.clear();
        result.summary.en.clear();
    }
    serde_json::to_string(&serde_json::json!({"document": doc, "grading": grading}))
        .map_err(|e| Error::Document(format!("cannot write the overview digest: {e}")))
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The canonical TOML of a document: `toml`'s pretty form of the model, which reads back to the
/// same document and is the same text for the same document however it was written (JSON or
/// TOML, any key order, comments).
///
/// # Errors
///
/// [`Error::Document`] when the model cannot be written as TOML (a bug).
pub fn canonical_toml(doc: &InspectionDocument) -> Result<String, Error> {
    toml::to_string_pretty(doc).map_err(|e| Error::Document(format!("cannot write TOML: {e}")))
}

impl Prepared {
    /// Read, check and grade a document's source (TOML or JSON) with the catalog its
    /// `specialty` and `catalog` choose from `library`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem when the document has errors.
    pub fn from_source(
        source: &str,
        file: &str,
        format: Format,
        library: &CatalogLibrary,
        settings: &Settings,
    ) -> Result<Prepared, Error> {
        let checked = InspectionDocument::check_in(source, file, format, library, Warnings::Skip);
        let (doc, grading) = spur_grading::Graded::from_checked(checked, settings)
            .map_err(|spur_grading::Error::Invalid { diagnostics, .. }| {
                Error::Invalid(spur_core::Error::Invalid(diagnostics))
            })?
            .into_parts();
        Prepared::graded(doc, &grading)
    }

    /// A document already checked and graded (by the server's reading layer).
    ///
    /// # Errors
    ///
    /// [`Error::Document`] when the document or its grading cannot be serialised (a bug).
    pub fn graded(
        doc: InspectionDocument,
        grading: &spur_grading::Grading,
    ) -> Result<Prepared, Error> {
        let toml = canonical_toml(&doc)?;
        let sha256 = sha256_hex(toml.as_bytes());
        let digest = overview_digest(&doc, grading)?;
        let grading = serde_json::to_string(grading)
            .map_err(|e| Error::Document(format!("cannot write the grading: {e}")))?;
        Ok(Prepared {
            doc,
            toml,
            sha256,
            grading,
            digest,
        })
    }
}
