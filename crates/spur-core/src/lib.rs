//! # spur-core
//!
//! The model of a SPUR inspection — the external quality review of Swedish specialist-doctor
//! training (ST) that LIPUS runs for the regions. An inspector assesses ~75 criteria in eight
//! areas A–H against two regulations at once (SOSFS 2015:8 and HSLF-FS 2021:8); each area gets a
//! grade A–D per regulation, and the unit answers every brist with a *handlingsplan*.
//!
//! This crate owns:
//! - the vocabulary ([`AreaId`], [`CriterionId`], [`Regulation`], [`Kind`], [`Status`], [`Grade`]);
//! - the embedded criteria [`Catalog`] (data in TOML, parsed once) and loading user catalogs;
//! - the [`InspectionDocument`] inspectors write, read with every problem reported at once as
//!   located [`Diagnostic`]s;
//! - JSON Schemas of both formats ([`schema`]).
//!
//! ```
//! use spur_core::{Catalog, AreaId, Kind, Regulation};
//! let e_f7 = Catalog::embedded().criterion("E.F7".parse().unwrap()).unwrap();
//! assert_eq!(e_f7.kind(Regulation::Sosfs2015_8), Kind::AllmantRad);
//! assert_eq!(e_f7.kind(Regulation::HslfFs2021_8), Kind::Foreskrift);
//! ```
#![forbid(unsafe_code)]

pub mod catalog;
pub mod dates;
pub mod diagnostic;
pub mod escape;
pub mod indicators;
pub mod inspection;
mod json;
pub mod lang;
pub mod library;
pub mod messages;
pub mod model;
pub mod read;
pub mod render;
pub mod schema;
pub mod spanned;
pub mod specialty;
pub mod template;
mod tree;
pub mod validation;

pub use catalog::{
    Area, Catalog, Criterion, EMBEDDED_VERSION, IndicatorSetInfo, Level, Mapping, RegulationInfo,
};
pub use dates::parse_date;
pub use diagnostic::{
    Code, Diagnostic, Diagnostics, Label, LineIndex, Listing, Location, MAX_PROBLEMS, Phrase,
    Severity, Unlisted, closest,
};
pub use indicators::{Indicator, IndicatorSet, indicator_skeleton};
pub use inspection::{
    AreaText, Checked, CheckedIn, Finding, FindingStatus, Format, Handlingsplan, Inspection,
    InspectionDocument, Override, OverrideGrade, PlanEntry, PlanField, PlanFieldKind, PlanSlot,
    PlanValue, ReportText, Statuses, Strictness, Warnings,
};
pub use lang::{Lang, UnknownLang, Wording, fill};
pub use library::{AppliedMapping, CatalogLibrary, DEFAULT_SPECIALTY, Resolved};
pub use model::{
    AreaId, Confidence, CriterionId, CriterionIdError, Grade, Group, Kind, KindLetter,
    PlanRelevance, PlanStatus, Regulation, RegulationError, ReportStatus, Scale, Status,
};
pub use specialty::{
    Specialty, find_specialty, known_specialties, normalize_specialty, specialties,
};
pub use validation::{FileReport, ValidationReport};

/// Everything that can go wrong in spur-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems; each is located and explained.
    #[error("{0}")]
    Invalid(Diagnostics),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}
