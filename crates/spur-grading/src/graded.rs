//! [`Graded`]: the graded inspection as one value — the document, the catalog it was checked
//! and graded against, the mappings applied to its findings, the warnings of its check and its
//! grading. Built once, after the check; every output (report, handlingsplan, comparison,
//! fingerprint, the server's answers, the store's versions) takes it whole, so the pieces can
//! never come from different documents or catalogs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use spur_core::{AppliedMapping, Catalog, CheckedIn, Diagnostics, InspectionDocument};

use crate::{Error, Grading, Settings, grade};

/// A checked inspection document and its grading, together.
///
/// ```
/// use std::sync::Arc;
/// use spur_core::{AreaId, Catalog, Grade, InspectionDocument, Regulation};
/// use spur_grading::{Graded, Settings};
///
/// let doc = InspectionDocument::from_toml_str(r#"
/// [inspection]
/// unit = "Exempel"
/// visit_date = 2026-01-20
/// regulations = ["HSLF-FS 2021:8"]
/// [findings]
/// "D.F6" = "not_met"
/// "#).unwrap();
/// let graded = Graded::new(doc, Arc::new(Catalog::embedded().clone()), &Settings::default());
/// let d = graded.grading().result(AreaId::D, Regulation::HslfFs2021_8).unwrap();
/// assert_eq!(d.final_grade, Some(Grade::D));
/// assert_eq!(graded.grading().unit, graded.document().inspection.unit);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graded {
    /// The document, findings mapped to the catalog's version.
    document: InspectionDocument,
    /// The catalog the document was checked and graded against.
    #[serde(with = "shared")]
    catalog: Arc<Catalog>,
    /// The warnings of the check (never errors: a document with errors is not graded).
    #[serde(default)]
    diagnostics: Diagnostics,
    /// The grading; its `mappings` are the mappings applied to the document.
    grading: Grading,
}

impl Graded {
    /// Grade `document`, already valid against `catalog`, with no mappings and no warnings.
    pub fn new(document: InspectionDocument, catalog: Arc<Catalog>, settings: &Settings) -> Graded {
        Graded::with_check(
            document,
            catalog,
            Vec::new(),
            Diagnostics::default(),
            settings,
        )
    }

    /// Grade `document`, already valid against `catalog`, recording the `mappings` applied to
    /// it and the `diagnostics` (warnings) of its check.
    pub fn with_check(
        document: InspectionDocument,
        catalog: Arc<Catalog>,
        mappings: Vec<AppliedMapping>,
        diagnostics: Diagnostics,
        settings: &Settings,
    ) -> Graded {
        let mut grading = grade(&document, &catalog, settings);
        grading.mappings = mappings;
        Graded {
            document,
            catalog,
            diagnostics,
            grading,
        }
    }

    /// Grade what [`InspectionDocument::check_in`] read: the document, the catalog chosen for
    /// it, the mappings applied and its warnings.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem (errors and warnings) when the document could not
    /// be read or has an error: nothing is graded.
    pub fn from_checked(checked: CheckedIn, settings: &Settings) -> Result<Graded, Error> {
        let CheckedIn {
            checked,
            catalog,
            mappings,
        } = checked;
        match checked.document {
            Some(document) if !checked.diagnostics.has_errors() => Ok(Graded::with_check(
                document,
                catalog,
                mappings,
                checked.diagnostics,
                settings,
            )),
            _ => Err(Error::Invalid {
                catalog: catalog.version.clone(),
                diagnostics: checked.diagnostics,
            }),
        }
    }

    /// A graded inspection as it was kept: the store keeps the document and the grading of
    /// every version, and renders a version from them without grading it again (a later
    /// indicator set does not change what was decided). `grading` must be the grading of
    /// `document` under `catalog`, as [`Graded::grading`] gave it when the version was saved.
    pub fn stored(document: InspectionDocument, catalog: Arc<Catalog>, grading: Grading) -> Graded {
        Graded {
            document,
            catalog,
            diagnostics: Diagnostics::default(),
            grading,
        }
    }

    /// Grade again with other settings (another tolerance): same document, catalog, mappings.
    #[must_use]
    pub fn regraded(&self, settings: &Settings) -> Graded {
        Graded::with_check(
            self.document.clone(),
            self.catalog.clone(),
            self.grading.mappings.clone(),
            self.diagnostics.clone(),
            settings,
        )
    }

    /// The document (findings mapped to the catalog's version).
    pub fn document(&self) -> &InspectionDocument {
        &self.document
    }

    /// The catalog it was checked and graded against.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog, shared.
    pub fn catalog_arc(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// Each mapping from an older catalog version applied to the document's findings.
    pub fn mappings(&self) -> &[AppliedMapping] {
        &self.grading.mappings
    }

    /// The warnings of the check.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// The grading.
    pub fn grading(&self) -> &Grading {
        &self.grading
    }

    /// The document and the grading, owned.
    pub fn into_parts(self) -> (InspectionDocument, Grading) {
        (self.document, self.grading)
    }
}

/// A graded inspection reads as its grading (`graded.result(…)`, `graded.plan_items`): the
/// grading is what it adds to the checked document.
impl std::ops::Deref for Graded {
    type Target = Grading;
    fn deref(&self) -> &Grading {
        &self.grading
    }
}

/// Serde for the shared catalog: written as the catalog itself, read into a new `Arc` (serde's
/// own `Arc` support needs its `rc` feature, which the workspace does not enable).
mod shared {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use spur_core::Catalog;

    pub(super) fn serialize<S: Serializer>(c: &Arc<Catalog>, s: S) -> Result<S::Ok, S::Error> {
        c.as_ref().serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Catalog>, D::Error> {
        Catalog::deserialize(d).map(Arc::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graded_inspection_survives_json() {
        let doc = InspectionDocument::from_toml_str(
            "[inspection]\nunit = \"X\"\nvisit_date = 2026-01-20\nregulations = [\"HSLF-FS 2021:8\"]\n[findings]\n\"D.F6\" = \"not_met\"\n",
        )
        .unwrap();
        let graded = Graded::new(
            doc,
            Arc::new(Catalog::embedded().clone()),
            &Settings::default(),
        );
        let json = serde_json::to_string(&graded).unwrap();
        let back: Graded = serde_json::from_str(&json).unwrap();
        assert_eq!(back, graded);
    }
}
