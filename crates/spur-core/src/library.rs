//! Where catalogs and indicator sets come from, and which one grades a document: the embedded
//! shared catalog and allmänmedicin set, plus user files from catalog directories
//! (`--catalog-dir DIR`, `SPUR_CATALOG_PATH`). A document's `[inspection] specialty` selects the
//! indicator set, its `catalog` the version (mapped through a newer version's `[mapping]` when
//! the old one is not available).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::catalog::{Catalog, Mapping};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::indicators::IndicatorSet;
use crate::lang::Lang;
use crate::messages::{Arg, Msg, Text};
use crate::model::CriterionId;
use crate::specialty::{find_specialty, known_specialties};

/// The specialty of a document that names none (the seed unit's).
pub const DEFAULT_SPECIALTY: &str = "allmänmedicin";

/// Composed catalogs by (shared catalog, set) address.
type Composed = HashMap<(usize, usize), Arc<Catalog>>;

/// The catalogs and indicator sets available for grading.
#[derive(Debug, Clone)]
pub struct CatalogLibrary {
    catalogs: Vec<Arc<Catalog>>,
    sets: Vec<Arc<IndicatorSet>>,
    pinned: Option<Arc<Catalog>>,
    /// Catalogs composed with a set so far, by shared catalog and set: composing clones the
    /// whole catalog, and a server or an overview resolves the same few pairs again and again.
    composed: Arc<Mutex<Composed>>,
}

/// One mapping applied to a document's findings (old catalog version → new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AppliedMapping {
    /// The document's catalog version.
    pub from_version: String,
    /// The version it was graded with.
    pub to_version: String,
    /// `renamed`, `split`, `merged` or `removed`.
    pub change: String,
    /// The old ids.
    pub from: Vec<CriterionId>,
    /// The new ids (empty when removed).
    pub to: Vec<CriterionId>,
}

impl std::fmt::Display for AppliedMapping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids = |v: &[CriterionId]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.to.is_empty() {
            write!(
                f,
                "{} {}: {} (finding dropped; not in {})",
                self.from_version,
                self.change,
                ids(&self.from),
                self.to_version
            )
        } else {
            write!(
                f,
                "{} → {} {}: {} → {}",
                self.from_version,
                self.to_version,
                self.change,
                ids(&self.from),
                ids(&self.to)
            )
        }
    }
}

/// The catalog that grades one document.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The composed catalog (shared criteria + the specialty's set, or none).
    pub catalog: Arc<Catalog>,
    /// The mapping to apply to the document, when it was made with an older version.
    pub mapping: Option<Mapping>,
    /// Problems found while resolving (errors stop grading; warnings name a missing set).
    pub diagnostics: Vec<Diagnostic>,
}

impl Default for CatalogLibrary {
    fn default() -> Self {
        Self::embedded()
    }
}

impl CatalogLibrary {
    /// Only what is compiled in: `spur-2026.1` and the allmänmedicin set.
    pub fn embedded() -> Self {
        CatalogLibrary {
            catalogs: vec![Arc::new(Catalog::shared().clone())],
            sets: vec![Arc::new(IndicatorSet::embedded_allmanmedicin().clone())],
            pinned: None,
            composed: Arc::default(),
        }
    }

    /// Use `catalog` (e.g. a `--catalog FILE`) for every document, mapping older documents.
    pub fn pin(&mut self, catalog: Catalog) {
        let c = Arc::new(catalog);
        self.catalogs.push(c.clone());
        self.pinned = Some(c);
        self.composed = Arc::default();
    }

    /// Add an indicator set.
    pub fn add_set(&mut self, set: IndicatorSet) {
        self.sets.push(Arc::new(set));
        self.composed = Arc::default();
    }

    /// Add a shared catalog version.
    pub fn add_catalog(&mut self, catalog: Catalog) {
        self.catalogs.push(Arc::new(catalog));
        self.composed = Arc::default();
    }

    /// The directories of `SPUR_CATALOG_PATH` (separated like `PATH`).
    pub fn env_dirs() -> Vec<PathBuf> {
        std::env::var_os("SPUR_CATALOG_PATH")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Load every `*.toml` in `dir`: indicator sets (with `specialty`) and shared catalogs (with
    /// `areas`). Every problem of every file is reported.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when `dir` cannot be listed or a file cannot be read; [`Error::Invalid`]
    /// with the problems of every file that is not a valid indicator set or catalog.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), Error> {
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        files.sort();
        let mut problems = Vec::new();
        for path in files {
            let name = path.display().to_string();
            let source = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: name.clone(),
                source,
            })?;
            let result = if is_indicator_set(&source) {
                IndicatorSet::from_toml_str(&source, &name).map(|s| self.add_set(s))
            } else {
                Catalog::from_toml_str(&source, &name).map(|c| self.add_catalog(c))
            };
            if let Err(Error::Invalid(d)) = result {
                problems.extend(d.0);
            } else {
                result?;
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(Diagnostics(problems)))
        }
    }

    /// The embedded library plus `dirs` and `SPUR_CATALOG_PATH`.
    ///
    /// # Errors
    ///
    /// As [`CatalogLibrary::add_dir`], for the first directory (of `dirs`, then
    /// `SPUR_CATALOG_PATH`) that fails.
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<Self, Error> {
        let mut lib = Self::embedded();
        for d in dirs.iter().cloned().chain(Self::env_dirs()) {
            lib.add_dir(&d)?;
        }
        Ok(lib)
    }

    /// The indicator sets available, in load order.
    pub fn sets(&self) -> impl Iterator<Item = &IndicatorSet> {
        self.sets.iter().map(|s| s.as_ref())
    }

    /// The best set for `specialty` (a known name) with catalog `version`: one written for that
    /// version, else any; the last loaded wins (user sets over embedded ones).
    pub fn set_for(&self, specialty: &str, version: &str) -> Option<&IndicatorSet> {
        let wanted = find_specialty(specialty).map(|k| k.name.as_str());
        let matching: Vec<&IndicatorSet> = self
            .sets
            .iter()
            .map(|s| s.as_ref())
            .filter(|s| {
                wanted.is_some() && find_specialty(&s.specialty).map(|k| k.name.as_str()) == wanted
            })
            .collect();
        matching
            .iter()
            .rev()
            .find(|s| s.catalog.as_deref() == Some(version))
            .or_else(|| matching.iter().rev().find(|s| s.catalog.is_none()))
            .or_else(|| matching.last())
            .copied()
    }

    /// The default catalog (pinned or embedded) composed for `specialty`.
    pub fn default_catalog(&self) -> Arc<Catalog> {
        self.resolve(None, None).catalog
    }

    /// Choose the catalog for a document with `specialty` and catalog `version`.
    pub fn resolve(&self, specialty: Option<&str>, version: Option<&str>) -> Resolved {
        let mut diagnostics = Vec::new();
        let base = self
            .pinned
            .clone()
            .unwrap_or_else(|| self.catalogs[0].clone());
        let (shared, mapping) = match version {
            None => (base, None),
            Some(v) if v == base.version => (base, None),
            Some(v) => {
                let exact = if self.pinned.is_none() {
                    self.catalogs.iter().rev().find(|c| c.version == v).cloned()
                } else {
                    None
                };
                let mapped = self
                    .catalogs
                    .iter()
                    .rev()
                    .filter(|c| self.pinned.as_ref().is_none_or(|p| Arc::ptr_eq(p, c)))
                    .find(|c| c.mapping.as_ref().is_some_and(|m| m.from == v))
                    .cloned();
                match (exact, mapped) {
                    (Some(c), _) => (c, None),
                    (None, Some(c)) => {
                        let m = c.mapping.clone();
                        (c, m)
                    }
                    (None, None) => {
                        let known: Vec<&str> =
                            self.catalogs.iter().map(|c| c.version.as_str()).collect();
                        diagnostics.push(
                            Diagnostic::error(
                                Code::UnknownCatalog,
                                "inspection.catalog",
                                Text::new(Msg::CatalogNotAvailable)
                                    .arg("version", v)
                                    .arg("known", known.join(", ")),
                            )
                            .with_hint(Msg::CatalogNotAvailableHint),
                        );
                        (base, None)
                    }
                }
            }
        };
        // A self-contained catalog (indicators inline, no specialty) is used as it is when the
        // document names no specialty.
        if specialty.is_none() && shared.specialty.is_none() && shared.has_indicators() {
            return Resolved {
                catalog: shared,
                mapping,
                diagnostics,
            };
        }
        let name = match specialty {
            None => DEFAULT_SPECIALTY.to_string(),
            Some(s) => match find_specialty(s) {
                Some(k) => k.name.clone(),
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            "inspection.specialty",
                            Text::new(Msg::UnknownSpecialty).arg("name", s),
                        )
                        .with_hint(unknown_specialty_text(s)),
                    );
                    DEFAULT_SPECIALTY.to_string()
                }
            },
        };
        let catalog = match self.set_for(&name, &shared.version) {
            Some(set) => match self.compose(&shared, set) {
                Ok(c) => c,
                Err(d) => {
                    diagnostics.extend(d.0.into_iter().map(|x| {
                        let message: Arg = match x.words.message() {
                            Some(t) => t.clone().into(),
                            None => x.message.into(),
                        };
                        let msg = Text::new(Msg::IndicatorSetProblem)
                            .arg("version", &set.version)
                            .arg("specialty", &set.specialty)
                            .arg("message", message);
                        Diagnostic::error(Code::CatalogInconsistent, "inspection.specialty", msg)
                    }));
                    Arc::new(shared.without_indicators(&name))
                }
            },
            None => {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::UnknownCatalog,
                        "inspection.specialty",
                        Text::new(Msg::NoIndicatorSet).arg("specialty", &name),
                    )
                    .with_hint(missing_set_text(&name)),
                );
                Arc::new(shared.without_indicators(&name))
            }
        };
        Resolved {
            catalog,
            mapping,
            diagnostics,
        }
    }

    /// `shared` with the indicators of `set`, composed once per pair and then shared.
    fn compose(
        &self,
        shared: &Arc<Catalog>,
        set: &IndicatorSet,
    ) -> Result<Arc<Catalog>, Diagnostics> {
        let key = (
            Arc::as_ptr(shared) as usize,
            std::ptr::from_ref(set) as usize,
        );
        let cached = self.composed.lock().ok().and_then(|m| m.get(&key).cloned());
        if let Some(c) = cached {
            return Ok(c);
        }
        let c = Arc::new(shared.with_indicators(set)?);
        if let Ok(mut m) = self.composed.lock() {
            m.insert(key, c.clone());
        }
        Ok(c)
    }
}

/// "did you mean" (when a known name is close) and every known specialty.
pub fn unknown_specialty_hint(name: &str) -> String {
    unknown_specialty_text(name).render(Lang::En)
}

/// [`unknown_specialty_hint`] as a phrase of the message table.
pub fn unknown_specialty_text(name: &str) -> Text {
    let names = crate::specialty::specialties()
        .iter()
        .map(|s| s.name.as_str());
    match crate::diagnostic::closest(name, names) {
        Some(c) => Text::new(Msg::DidYouMeanSpecialty).arg("name", c),
        None => Text::new(Msg::KnownSpecialties),
    }
    .arg("known", known_specialties())
}

/// How to add a missing indicator set.
pub fn missing_set_hint(specialty: &str) -> String {
    missing_set_text(specialty).render(Lang::En)
}

/// [`missing_set_hint`] as a phrase of the message table.
pub fn missing_set_text(specialty: &str) -> Text {
    Text::new(Msg::MissingSetHint).arg("specialty", specialty)
}

/// Whether a TOML source is an indicator set (it has a top-level `specialty`), not a catalog.
/// A source that does not parse is not one: it is read as a catalog, which reports its syntax.
///
/// ```
/// use spur_core::library::is_indicator_set;
/// assert!(is_indicator_set("specialty = \"kardiologi\"\n"));
/// assert!(!is_indicator_set("version = \"spur-2027.1\"\n"));
/// assert!(!is_indicator_set("specialty = \n"));
/// ```
pub fn is_indicator_set(source: &str) -> bool {
    crate::spanned::parse(source, crate::Format::Toml).is_ok_and(|root| {
        matches!(&root.value, crate::spanned::Value::Table(top)
            if top.iter().any(|(key, _)| key.name == "specialty"))
    })
}
