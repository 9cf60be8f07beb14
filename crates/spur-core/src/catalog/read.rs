//! Reading a catalog: node tree → [`Catalog`], every problem at once, through the shared
//! reading layer ([`crate::read`]), as inspection documents are read.
//!
//! The source is parsed once. Besides the model, reading returns [`CatalogSpans`]: where the
//! values the consistency checks point at were written, list by list beside the model's own
//! lists, so [`Catalog::validate_located`] locates its problems without parsing again.
//!
//! A catalog is read whole or not at all (see [`crate::read::tables`]): the consistency checks
//! run only on a catalog whose every area, level and criterion could be read, so that an area
//! with a typo is reported for the typo, not as missing.

use super::{Area, Catalog, Criterion, IndicatorSetInfo, Level, Mapping, RegulationInfo};
use crate::Format;
use crate::messages::Msg;
use crate::model::{AreaId, Confidence, CriterionId, Grade, Group, Kind, Regulation, Scale};
use crate::read::{Path, Reader, Span, Spanned, Table, keyed, tables, values};
use crate::spanned::Node;

const CATALOG_FIELDS: &[&str] = &[
    "version",
    "title",
    "source",
    "regulations",
    "areas",
    "specialty",
    "indicator_set",
    "mapping",
];
const REGULATION_FIELDS: &[&str] = &["id", "designation", "short", "title", "effective"];
const AREA_FIELDS: &[&str] = &[
    "id",
    "group",
    "sv",
    "en",
    "scale",
    "legal_basis",
    "levels",
    "criteria",
];
const LEVEL_FIELDS: &[&str] = &["grade", "sv", "en", "intended_sv", "note"];
const CRITERION_FIELDS: &[&str] = &[
    "id",
    "sv",
    "en",
    "kind",
    "handlingsplan",
    "confidence",
    "confidence_by_regulation",
    "note",
];
const SET_INFO_FIELDS: &[&str] = &["specialty", "society", "version"];
const MAPPING_FIELDS: &[&str] = &["from", "renamed", "split", "merged", "removed"];

/// The hint of every reading problem that has no better one of its own.
const FORMAT_HINT: Msg = Msg::CatalogSyntaxHint;

/// Where the values the consistency checks point at were written. A catalog built in code
/// (or composed with an indicator set) has none: the default, where every lookup is `None`.
#[derive(Debug, Default)]
pub(super) struct CatalogSpans {
    /// The value of `version`.
    pub version: Option<Span>,
    /// The value of `regulations` (the list).
    pub regulations: Option<Span>,
    /// Per regulation of the model, in order: its `id` and `designation` values.
    regulation: Vec<RegulationSpans>,
    /// The value of `areas` (the list).
    pub areas: Option<Span>,
    /// Per area of the model, in order.
    area: Vec<AreaSpans>,
    /// The value of `mapping` (the table).
    pub mapping: Option<Span>,
}

/// Where one regulation's values were written.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct RegulationSpans {
    /// The value of `id`.
    pub id: Option<Span>,
    /// The value of `designation`.
    pub designation: Option<Span>,
}

/// Where one area's values were written.
#[derive(Debug, Default)]
pub(super) struct AreaSpans {
    /// The value of `id`.
    pub id: Option<Span>,
    /// The value of each criterion's `id`, in the model's order.
    criteria: Vec<Option<Span>>,
}

impl CatalogSpans {
    /// The spans of the model's regulation `i`.
    pub(super) fn regulation(&self, i: usize) -> RegulationSpans {
        self.regulation.get(i).copied().unwrap_or_default()
    }
    /// The spans of the model's area `i`, if read from a source.
    pub(super) fn area(&self, i: usize) -> Option<&AreaSpans> {
        self.area.get(i)
    }
}

impl AreaSpans {
    /// The `id` value of the area's criterion `j`.
    pub(super) fn criterion(&self, j: usize) -> Option<Span> {
        self.criteria.get(j).copied().flatten()
    }
}

/// Read a catalog from the reader's TOML source: the model and where its values are, or `None`
/// (every problem reported, each without a hint of its own given the catalog format hint).
pub(super) fn read(r: &mut Reader<'_>) -> Option<(Catalog, CatalogSpans)> {
    let root = r.parse(Format::Toml, Some(FORMAT_HINT.into()))?;
    let mut spans = CatalogSpans::default();
    let catalog = catalog(r, &root, &mut spans);
    r.hint_unhinted(FORMAT_HINT);
    Some((catalog?, spans))
}

/// An optional part as read (`Some` when present, holding `None` when it could not be read):
/// `Some(None)` when absent, `None` when present but unreadable.
pub(crate) fn present<T>(part: Option<Option<T>>) -> Option<Option<T>> {
    match part {
        None => Some(None),
        Some(read) => read.map(Some),
    }
}

/// A part that is empty when absent (`[mapping] renamed`, `confidence_by_regulation`) as read:
/// `None` only when present but unreadable.
pub(crate) fn or_default<T: Default>(part: Option<Option<T>>) -> Option<T> {
    part.unwrap_or_else(|| Some(T::default()))
}

fn text(r: &mut Reader<'_>, t: &mut Table<'_, '_>, name: &str) -> Option<String> {
    t.required::<String>(r, name, FORMAT_HINT)
        .map(Spanned::into_inner)
}

fn optional_text(r: &mut Reader<'_>, t: &mut Table<'_, '_>, name: &str) -> Option<String> {
    t.optional::<String>(r, name).map(Spanned::into_inner)
}

fn catalog(r: &mut Reader<'_>, root: &Node, spans: &mut CatalogSpans) -> Option<Catalog> {
    let mut t = Table::new(r, root, Path::ROOT, CATALOG_FIELDS)?;
    let version = t.required::<String>(r, "version", FORMAT_HINT);
    spans.version = version.as_ref().map(|v| v.span);
    let title = text(r, &mut t, "title");
    let source = optional_text(r, &mut t, "source");
    let regulations = t
        .required_node(r, "regulations", FORMAT_HINT)
        .and_then(|n| {
            spans.regulations = Span::of(&n.span);
            let path = Path::ROOT.key("regulations");
            tables(r, n, path, "regulations", REGULATION_FIELDS, regulation)
        });
    let areas = t.required_node(r, "areas", FORMAT_HINT).and_then(|n| {
        spans.areas = Span::of(&n.span);
        tables(r, n, Path::ROOT.key("areas"), "areas", AREA_FIELDS, area)
    });
    let specialty = optional_text(r, &mut t, "specialty");
    let indicator_set = t.node("indicator_set").map(|n| {
        let path = Path::ROOT.key("indicator_set");
        let mut t = Table::new(r, n, path, SET_INFO_FIELDS)?;
        let info = (
            text(r, &mut t, "specialty"),
            text(r, &mut t, "society"),
            text(r, &mut t, "version"),
        );
        t.finalize(r);
        Some(IndicatorSetInfo {
            specialty: info.0?,
            society: info.1?,
            version: info.2?,
        })
    });
    let mapping = t.node("mapping").map(|n| {
        spans.mapping = Span::of(&n.span);
        mapping(r, n)
    });
    t.finalize(r);
    let (regulations, regulation_spans) = regulations?.into_iter().unzip();
    spans.regulation = regulation_spans;
    let (areas, area_spans) = areas?.into_iter().unzip();
    spans.area = area_spans;
    Some(Catalog {
        version: version?.value,
        title: title?,
        source,
        regulations,
        areas,
        specialty,
        indicator_set: present(indicator_set)?,
        mapping: present(mapping)?,
    })
}

fn regulation(
    r: &mut Reader<'_>,
    t: &mut Table<'_, '_>,
) -> Option<(RegulationInfo, RegulationSpans)> {
    let id = t.required::<Regulation>(r, "id", FORMAT_HINT);
    let designation = t.required::<String>(r, "designation", FORMAT_HINT);
    let short = text(r, t, "short");
    let title = text(r, t, "title");
    let effective = t.required::<chrono::NaiveDate>(r, "effective", FORMAT_HINT);
    let spans = RegulationSpans {
        id: id.as_ref().map(|s| s.span),
        designation: designation.as_ref().map(|s| s.span),
    };
    let info = RegulationInfo {
        id: id?.value,
        designation: designation?.value,
        short: short?,
        title: title?,
        effective: effective?.value,
    };
    Some((info, spans))
}

fn area(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Area, AreaSpans)> {
    let path = t.path();
    let id = t.required::<AreaId>(r, "id", FORMAT_HINT);
    let group = t.required::<Group>(r, "group", FORMAT_HINT);
    let sv = text(r, t, "sv");
    let en = text(r, t, "en");
    let scale = t.required::<Scale>(r, "scale", FORMAT_HINT);
    let legal_basis = optional_text(r, t, "legal_basis");
    let levels = t.required_node(r, "levels", FORMAT_HINT).and_then(|n| {
        let path = path.key("levels");
        tables(r, n, path, "areas.levels", LEVEL_FIELDS, level)
    });
    let criteria = t.required_node(r, "criteria", FORMAT_HINT).and_then(|n| {
        let path = path.key("criteria");
        tables(r, n, path, "areas.criteria", CRITERION_FIELDS, criterion)
    });
    let (criteria, criteria_spans) = criteria?.into_iter().unzip();
    let spans = AreaSpans {
        id: id.as_ref().map(|s| s.span),
        criteria: criteria_spans,
    };
    let area = Area {
        id: id?.value,
        group: group?.value,
        sv: sv?,
        en: en?,
        scale: scale?.value,
        legal_basis,
        levels: levels?,
        criteria,
    };
    Some((area, spans))
}

fn level(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<Level> {
    let grade = t.required::<Grade>(r, "grade", FORMAT_HINT);
    let sv = text(r, t, "sv");
    let en = text(r, t, "en");
    let intended_sv = optional_text(r, t, "intended_sv");
    let note = optional_text(r, t, "note");
    Some(Level {
        grade: grade?.value,
        sv: sv?,
        en: en?,
        intended_sv,
        note,
    })
}

/// One criterion and the span of its `id` value.
fn criterion(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Criterion, Option<Span>)> {
    let path = t.path();
    let id = t.required::<CriterionId>(r, "id", FORMAT_HINT);
    let sv = text(r, t, "sv");
    let en = text(r, t, "en");
    let kind = t.required_node(r, "kind", FORMAT_HINT).and_then(|n| {
        keyed::<Regulation, Kind>(r, n, path.key("kind"), |r, n, p| {
            r.value::<Kind>(n, p).map(Spanned::into_inner)
        })
    });
    let handlingsplan = t.required::<bool>(r, "handlingsplan", FORMAT_HINT);
    let confidence = t.required::<Confidence>(r, "confidence", FORMAT_HINT);
    let by_regulation = t.node("confidence_by_regulation").map(|n| {
        let path = path.key("confidence_by_regulation");
        keyed::<Regulation, Confidence>(r, n, path, |r, n, p| {
            r.value::<Confidence>(n, p).map(Spanned::into_inner)
        })
    });
    let note = optional_text(r, t, "note");
    let span = id.as_ref().map(|s| s.span);
    let criterion = Criterion {
        id: id?.value,
        sv: sv?,
        en: en?,
        kind: kind?,
        handlingsplan: handlingsplan?.value,
        confidence: confidence?.value,
        confidence_by_regulation: or_default(by_regulation)?,
        note,
    };
    Some((criterion, span))
}

/// A list of criterion ids.
fn ids(r: &mut Reader<'_>, n: &Node, path: Path<'_>) -> Option<Vec<CriterionId>> {
    values::<CriterionId>(r, n, path, Msg::ExpectCriterionIds)
}

/// `[mapping]`: how the ids of the catalog version before this one map onto it.
fn mapping(r: &mut Reader<'_>, node: &Node) -> Option<Mapping> {
    let path = Path::ROOT.key("mapping");
    let mut t = Table::new(r, node, path, MAPPING_FIELDS)?;
    let from = text(r, &mut t, "from");
    let renamed = t.node("renamed").map(|n| {
        keyed(r, n, path.key("renamed"), |r, n, p| {
            r.value::<CriterionId>(n, p).map(Spanned::into_inner)
        })
    });
    let split = t.node("split").map(|n| keyed(r, n, path.key("split"), ids));
    let merged = t
        .node("merged")
        .map(|n| keyed(r, n, path.key("merged"), ids));
    let removed = t.node("removed").map(|n| ids(r, n, path.key("removed")));
    t.finalize(r);
    Some(Mapping {
        from: from?,
        renamed: or_default(renamed)?,
        split: or_default(split)?,
        merged: or_default(merged)?,
        removed: or_default(removed)?,
    })
}
