//! Specialty indicator sets: the kvalitetsindikatorer (K criteria) of one specialty, set by its
//! specialty society, per area. The föreskrift and allmänt råd criteria follow the regulations
//! and are shared by every specialty (the catalog); a set adds the K criteria of one specialty.
//!
//! Users add sets as TOML files (`spur catalog new-indicators --specialty NAME` writes a
//! skeleton, `spur catalog check FILE` validates it).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::catalog::{Catalog, Criterion, IndicatorSetInfo};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::messages::{Arg, Msg, Text};
use crate::model::{AreaId, Confidence, CriterionId, Kind, KindLetter, Regulation};
use crate::read::{Checked, Reader, Span};
use crate::specialty::{find_specialty, known_specialties};

mod read;
use read::SetSpans;

const ALLMANMEDICIN_TOML: &str = include_str!("../catalog/indicators/allmanmedicin.toml");

/// The kvalitetsindikatorer of one specialty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "SPUR indicator set")]
pub struct IndicatorSet {
    /// The specialty, a name from Socialstyrelsen's list (`kardiologi`).
    pub specialty: String,
    /// The specialty society that sets the indicators.
    pub society: String,
    /// Version of the set, e.g. `svensk-kardiologi-2026.1`.
    pub version: String,
    /// The shared catalog version the set was written for (e.g. `spur-2026.1`); absent: any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// Where the indicators come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The indicators, area by area.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// One kvalitetsindikator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Id `<area>.K<n>`, numbered from 1 within the area.
    pub id: CriterionId,
    /// Swedish text.
    pub sv: String,
    /// English text (defaults to the Swedish one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Kind per regulation: `kvalitetsindikator` or `not applicable`. Absent: a
    /// kvalitetsindikator under every regulation.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kind: BTreeMap<Regulation, Kind>,
    /// How sure the set is of the indicator (default high).
    #[serde(default = "high")]
    pub confidence: Confidence,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn high() -> Confidence {
    Confidence::High
}

static ALLMANMEDICIN: OnceLock<IndicatorSet> = OnceLock::new();

impl IndicatorSet {
    /// The embedded allmänmedicin set (SFAM; the seed report's 15 indicators).
    pub fn embedded_allmanmedicin() -> &'static IndicatorSet {
        ALLMANMEDICIN.get_or_init(|| {
            IndicatorSet::from_toml_str(ALLMANMEDICIN_TOML, "embedded allmänmedicin set")
                .unwrap_or_else(|e| panic!("the embedded indicator set is invalid: {e}"))
        })
    }

    /// The embedded allmänmedicin set's TOML source.
    pub fn embedded_allmanmedicin_source() -> &'static str {
        ALLMANMEDICIN_TOML
    }

    /// Parse and validate a set from TOML through the reading layer ([`crate::read`]): one
    /// parse, every problem at once, each located in `source`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem (TOML syntax, wrong types, missing or unknown keys,
    /// unknown areas, malformed or repeated ids, missing texts), located in `file`.
    pub fn from_toml_str(source: &str, file: &str) -> Result<IndicatorSet, Error> {
        let mut r = Reader::new(file, source);
        let read = read::read(&mut r);
        let mut problems = r.take_listing();
        if let Some((set, spans)) = &read {
            let locate = |span: Option<Span>| span.map(|s| r.location(s));
            problems.extend(set.validate_located(spans, &locate));
        }
        let checked = Checked::listed(read.map(|(s, _)| s), problems, file);
        match checked.document {
            Some(set) if checked.diagnostics.is_empty() => Ok(set),
            _ => Err(Error::Invalid(checked.diagnostics)),
        }
    }

    /// Every problem of the set on its own (composition with a catalog checks the rest).
    pub fn validate(&self) -> Vec<Diagnostic> {
        self.validate_located(&SetSpans::default(), &|_| None)
    }

    /// [`IndicatorSet::validate`], each problem located through `spans` (read with the set).
    fn validate_located(
        &self,
        spans: &SetSpans,
        locate: &dyn Fn(Option<Span>) -> Option<Location>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let bad = |path: String, at: Option<Span>, msg: Text| {
            Diagnostic::error(Code::CatalogInconsistent, path, msg).at(locate(at))
        };
        if find_specialty(&self.specialty).is_none() {
            out.push(
                bad(
                    "specialty".into(),
                    spans.specialty,
                    Text::new(Msg::UnknownSpecialty).val("name", &self.specialty),
                )
                .with_hint(Text::new(Msg::KnownSpecialties).val("known", known_specialties())),
            );
        }
        if self.society.trim().is_empty() {
            out.push(bad(
                "society".into(),
                spans.society,
                Msg::SetSocietyEmpty.into(),
            ));
        }
        if self.version.trim().is_empty() {
            out.push(bad(
                "version".into(),
                spans.version,
                Msg::SetVersionEmpty.into(),
            ));
        }
        let mut seen: BTreeMap<CriterionId, Option<Span>> = BTreeMap::new();
        let mut numbers: BTreeMap<AreaId, Vec<u16>> = BTreeMap::new();
        for (i, ind) in self.indicators.iter().enumerate() {
            let path = format!("indicators[{i}]");
            let at = spans.indicator(i);
            if ind.id.letter() != KindLetter::K {
                out.push(
                    bad(
                        path.clone(),
                        at,
                        Text::new(Msg::SetNotIndicatorId).val("id", ind.id),
                    )
                    .with_hint(Msg::SetNotIndicatorIdHint),
                );
            }
            if let Some(first) = seen.get(&ind.id) {
                let d = bad(
                    path.clone(),
                    at,
                    Text::new(Msg::SetIdTwice).val("id", ind.id),
                );
                out.push(match locate(*first) {
                    Some(loc) => d.with_label(loc, Msg::FirstGivenHere),
                    None => d,
                });
            } else {
                seen.insert(ind.id, at);
            }
            numbers
                .entry(ind.id.area())
                .or_default()
                .push(ind.id.number());
            if ind.sv.trim().is_empty() {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::SetEmptyText).val("id", ind.id),
                ));
            }
            if ind.sv.contains("TODO") {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::SetTodoText).val("id", ind.id),
                ));
            }
            for (r, k) in &ind.kind {
                if !matches!(k, Kind::Kvalitetsindikator | Kind::NotApplicable) {
                    out.push(bad(
                        path.clone(),
                        at,
                        Text::new(Msg::SetWrongKind)
                            .val("id", ind.id)
                            .arg("kind", Arg::Kind(*k))
                            .val("regulation", r),
                    ));
                }
            }
            if !ind.kind.is_empty() && !ind.kind.values().any(|k| k.is_applicable()) {
                out.push(bad(
                    path.clone(),
                    at,
                    Text::new(Msg::SetNowhere).val("id", ind.id),
                ));
            }
            if ind.confidence != Confidence::High
                && ind.note.as_deref().is_none_or(|n| n.trim().is_empty())
            {
                out.push(bad(
                    path,
                    at,
                    Text::new(Msg::SetConfidenceNoNote)
                        .val("id", ind.id)
                        .arg("confidence", Arg::Confidence(ind.confidence)),
                ));
            }
        }
        for (area, mut ns) in numbers {
            ns.sort_unstable();
            let want: Vec<u16> = (1..=ns.len() as u16).collect();
            if ns != want {
                let at = self
                    .indicators
                    .iter()
                    .position(|i| i.id.area() == area)
                    .unwrap_or(0);
                out.push(bad(
                    format!("indicators[{at}]"),
                    spans.indicator(at),
                    Text::new(Msg::SetNumbering)
                        .val("area", area)
                        .val("count", want.len()),
                ));
            }
        }
        out
    }

    /// Check the set against a catalog it would be composed with.
    pub fn check_against(&self, catalog: &Catalog) -> Vec<Diagnostic> {
        match catalog.with_indicators(self) {
            Ok(_) => Vec::new(),
            Err(d) => d.0,
        }
    }
}

static EMBEDDED: OnceLock<Catalog> = OnceLock::new();

/// The composition of a catalog with an indicator set (here, so that the catalog module needs
/// nothing of indicator sets).
impl Catalog {
    /// The catalog compiled into the library, parsed once on first use: the shared regulation
    /// criteria composed with the embedded allmänmedicin (SFAM) indicator set — the seed unit's
    /// catalog.
    ///
    /// ```
    /// use spur_core::{Catalog, AreaId};
    /// let catalog = Catalog::embedded();
    /// assert_eq!(catalog.areas.len(), 8);
    /// assert_eq!(catalog.area(AreaId::D).sv, "Tjänstgöringens upplägg");
    /// assert!(catalog.criterion("D.F6".parse().unwrap()).is_some());
    /// assert_eq!(catalog.specialty.as_deref(), Some("allmänmedicin"));
    /// ```
    pub fn embedded() -> &'static Catalog {
        EMBEDDED.get_or_init(|| {
            // Validated by the whole-catalog tests; a failure here is a build defect.
            Catalog::shared()
                .with_indicators(IndicatorSet::embedded_allmanmedicin())
                .unwrap_or_else(|e| panic!("the embedded catalog is invalid: {e}"))
        })
    }

    /// This catalog with `set`'s kvalitetsindikatorer appended to their areas (replacing any
    /// indicators the catalog had inline). Every problem is reported at once.
    ///
    /// # Errors
    ///
    /// Every problem of combining the two: an indicator for an area the catalog does not have,
    /// or an id the catalog already uses.
    pub fn with_indicators(&self, set: &IndicatorSet) -> Result<Catalog, Diagnostics> {
        let mut out = self.without_indicators(&set.specialty);
        out.indicator_set = Some(IndicatorSetInfo {
            specialty: set.specialty.clone(),
            society: set.society.clone(),
            version: set.version.clone(),
        });
        for ind in &set.indicators {
            let kind: BTreeMap<Regulation, Kind> = out
                .regulations
                .iter()
                .map(|r| {
                    let k = if ind.kind.is_empty() {
                        Kind::Kvalitetsindikator
                    } else {
                        ind.kind.get(&r.id).copied().unwrap_or(Kind::NotApplicable)
                    };
                    (r.id, k)
                })
                .collect();
            let criterion = Criterion {
                id: ind.id,
                sv: ind.sv.clone(),
                en: ind.en.clone().unwrap_or_else(|| ind.sv.clone()),
                kind,
                handlingsplan: false,
                confidence: ind.confidence,
                confidence_by_regulation: BTreeMap::new(),
                note: ind.note.clone(),
            };
            if let Some(area) = out.areas.iter_mut().find(|a| a.id == ind.id.area()) {
                area.criteria.push(criterion);
            }
        }
        let problems = out.validate();
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics(problems))
        }
    }
}

/// A skeleton set for `specialty`: one placeholder indicator per area, to be filled in.
pub fn indicator_skeleton(specialty: &str, catalog: &Catalog) -> String {
    let name = find_specialty(specialty).map_or(specialty, |s| s.name.as_str());
    let slug: String = crate::specialty::normalize_specialty(name).replace(' ', "-");
    let mut s = String::new();
    s.push_str(&format!(
        "# Kvalitetsindikatorer for {name}: the specialty society's own indicators for good ST training.\n\
         # Fill in one [[indicators]] entry per indicator, numbered <area>.K1, <area>.K2, … within each area;\n\
         # delete the areas the society sets no indicator for. Check with `spur catalog check FILE`,\n\
         # then put the file in a directory given by --catalog-dir DIR or SPUR_CATALOG_PATH.\n\n"
    ));
    s.push_str(&format!("specialty = {}\n", toml_str(name)));
    s.push_str("society = \"TODO: the specialty society\"\n");
    s.push_str(&format!(
        "version = \"{slug}-{}\"\n",
        catalog.version.trim_start_matches("spur-")
    ));
    s.push_str(&format!("catalog = {}\n", toml_str(&catalog.version)));
    for area in &catalog.areas {
        s.push_str(&format!("\n# {} {} ({})\n", area.id, area.sv, area.en));
        s.push_str("[[indicators]]\n");
        s.push_str(&format!("id = \"{}.K1\"\n", area.id));
        s.push_str("sv = \"TODO: indikatorns text på svenska\"\n");
        s.push_str("en = \"TODO: the indicator in English\"\n");
        s.push_str("# kind = { \"SOSFS 2015:8\" = \"not applicable\", \"HSLF-FS 2021:8\" = \"kvalitetsindikator\" }  # only when it differs\n");
    }
    s
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_set_has_the_seeds_fifteen_indicators() {
        let set = IndicatorSet::embedded_allmanmedicin();
        assert_eq!(set.indicators.len(), 15);
        assert_eq!(set.specialty, "allmänmedicin");
        assert!(set.society.contains("SFAM"));
    }

    #[test]
    fn a_skeleton_parses_but_is_rejected_until_filled_in() {
        let sk = indicator_skeleton("Kardiologi", Catalog::shared());
        let err = IndicatorSet::from_toml_str(&sk, "k.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("TODO"), "{err}");
        assert!(err.contains("k.toml:"), "{err}");
        let filled = sk
            .replace("TODO: indikatorns text på svenska", "Text")
            .replace("TODO: ", "");
        let filled = filled.replace("sv = \"Text\"", "sv = \"Text AREA\"");
        // Texts must differ between indicators for the composed catalog.
        let mut n = 0;
        let filled: String = filled
            .lines()
            .map(|l| {
                if l == "sv = \"Text AREA\"" {
                    n += 1;
                    format!("sv = \"Text {n}\"\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let set = IndicatorSet::from_toml_str(&filled, "k.toml").unwrap();
        assert_eq!(set.specialty, "kardiologi");
        assert!(set.check_against(Catalog::shared()).is_empty());
    }
}
