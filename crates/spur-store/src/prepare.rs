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
        let grading = serde_json::to_string(grading)
            .map_err(|e| Error::Document(format!("cannot write the grading: {e}")))?;
        Ok(Prepared {
            doc,
            toml,
            sha256,
            grading,
        })
    }
}
