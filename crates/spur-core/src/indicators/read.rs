//! Reading an indicator set: node tree → [`IndicatorSet`], every problem at once, through the
//! shared reading layer ([`crate::read`]), as catalogs and inspection documents are read.
//! Besides the model, reading returns [`SetSpans`], so the set's own checks locate their
//! problems without parsing the source again. A set is read whole or not at all.

use std::collections::BTreeMap;

use super::{Indicator, IndicatorSet};
use crate::Format;
use crate::catalog::read::{or_default, present};
use crate::messages::Msg;
use crate::model::{Confidence, CriterionId, Kind, Regulation};
use crate::read::{Path, Reader, Span, Spanned, Table, keyed, tables};
use crate::spanned::Node;

const SET_FIELDS: &[&str] = &[
    "specialty",
    "society",
    "version",
    "catalog",
    "source",
    "indicators",
];
const INDICATOR_FIELDS: &[&str] = &["id", "sv", "en", "kind", "confidence", "note"];

/// The hint of every reading problem that has no better one of its own.
const FORMAT_HINT: Msg = Msg::IndicatorSyntaxHint;

/// Where the values the set's checks point at were written. A set built in code has none.
#[derive(Debug, Default)]
pub(super) struct SetSpans {
    /// The value of `specialty`.
    pub specialty: Option<Span>,
    /// The value of `society`.
    pub society: Option<Span>,
    /// The value of `version`.
    pub version: Option<Span>,
    /// The `id` value of each indicator of the model, in order.
    indicators: Vec<Option<Span>>,
}

impl SetSpans {
    /// The `id` value of the model's indicator `i`.
    pub(super) fn indicator(&self, i: usize) -> Option<Span> {
        self.indicators.get(i).copied().flatten()
    }
}

/// Read an indicator set from the reader's TOML source: the model and where its values are, or
/// `None` (every problem reported, each without a hint of its own given the format hint).
pub(super) fn read(r: &mut Reader<'_>) -> Option<(IndicatorSet, SetSpans)> {
    let root = r.parse(Format::Toml, Some(FORMAT_HINT.into()))?;
    let mut spans = SetSpans::default();
    let set = set(r, &root, &mut spans);
    r.hint_unhinted(FORMAT_HINT);
    Some((set?, spans))
}

fn set(r: &mut Reader<'_>, root: &Node, spans: &mut SetSpans) -> Option<IndicatorSet> {
    let mut t = Table::new(r, root, Path::ROOT, SET_FIELDS)?;
    let mut required = |t: &mut Table<'_, '_>, name: &str, at: &mut Option<Span>| {
        let value = t.required::<String>(r, name, FORMAT_HINT)?;
        *at = Some(value.span);
        Some(value.value)
    };
    let specialty = required(&mut t, "specialty", &mut spans.specialty);
    let society = required(&mut t, "society", &mut spans.society);
    let version = required(&mut t, "version", &mut spans.version);
    let catalog = t.optional::<String>(r, "catalog").map(Spanned::into_inner);
    let source = t.optional::<String>(r, "source").map(Spanned::into_inner);
    let indicators = t.node("indicators").map(|n| {
        let path = Path::ROOT.key("indicators");
        tables(r, n, path, "indicators", INDICATOR_FIELDS, indicator)
    });
    t.finalize(r);
    let (indicators, ids): (Vec<Indicator>, _) = or_default(indicators)?.into_iter().unzip();
    spans.indicators = ids;
    Some(IndicatorSet {
        specialty: specialty?,
        society: society?,
        version: version?,
        catalog,
        source,
        indicators,
    })
}

/// One indicator and the span of its `id` value.
fn indicator(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<(Indicator, Option<Span>)> {
    let path = t.path();
    let id = t.required::<CriterionId>(r, "id", FORMAT_HINT);
    let sv = t.required::<String>(r, "sv", FORMAT_HINT);
    let en = t.optional::<String>(r, "en").map(Spanned::into_inner);
    let kind = t.node("kind").map(|n| {
        keyed::<Regulation, Kind>(r, n, path.key("kind"), |r, n, p| {
            r.value::<Kind>(n, p).map(Spanned::into_inner)
        })
    });
    let confidence = t.node("confidence").map(|n| {
        r.value::<Confidence>(n, path.key("confidence"))
            .map(Spanned::into_inner)
    });
    let note = t.optional::<String>(r, "note").map(Spanned::into_inner);
    let span = id.as_ref().map(|s| s.span);
    let indicator = Indicator {
        id: id?.value,
        sv: sv?.value,
        en,
        kind: or_default::<BTreeMap<_, _>>(kind)?,
        // Absent: a kvalitetsindikator the society is sure of.
        confidence: present(confidence)?.unwrap_or(Confidence::High),
        note,
    };
    Some((indicator, span))
}
