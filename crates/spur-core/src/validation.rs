//! The machine-readable result of validating documents: what `spur validate --format json`
//! prints (schema `docs/schema/validation.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The diagnostics of every file checked, with the totals.
///
/// ```
/// use spur_core::{Catalog, Format, InspectionDocument, ValidationReport};
/// let checked = InspectionDocument::check("[inspection]\n", "a.toml", Format::Toml, Catalog::embedded());
/// let mut report = ValidationReport::default();
/// report.push("a.toml", checked.diagnostics.0);
/// assert!(report.errors > 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "spur validation result")]
#[non_exhaustive]
pub struct ValidationReport {
    /// Errors in all files together (a file that cannot be read counts as one).
    pub errors: usize,
    /// Warnings in all files together.
    pub warnings: usize,
    /// One entry per file that could be read, in the order given.
    pub files: Vec<FileReport>,
}

/// The diagnostics of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct FileReport {
    /// The file name as given (`<stdin>` for `-`).
    pub file: String,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// The diagnostics of `file`.
    pub fn new(file: impl Into<String>, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            file: file.into(),
            diagnostics,
        }
    }
}

impl ValidationReport {
    /// Add one file's diagnostics and count them.
    pub fn push(&mut self, file: impl Into<String>, diagnostics: Vec<Diagnostic>) {
        let (errors, warnings) = crate::diagnostic::totals(&diagnostics);
        self.errors += errors;
        self.warnings += warnings;
        self.files.push(FileReport::new(file, diagnostics));
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        crate::schema::pretty(&serde_json::to_value(self).unwrap_or_default())
    }
}
