//! The small vocabulary of SPUR: areas, regulations, kinds, statuses, grades and scales.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use strum::{Display, EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};

/// One of the eight SPUR areas, `A`–`H`.
///
/// ```
/// use spur_core::AreaId;
/// let d: AreaId = "D".parse().unwrap();
/// assert_eq!(d, AreaId::D);
/// assert_eq!(d.to_string(), "D");
/// assert!("I".parse::<AreaId>().is_err());
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[strum(ascii_case_insensitive)]
#[allow(missing_docs)]
pub enum AreaId {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
}

impl AreaId {
    /// All areas in report order.
    pub const ALL: [AreaId; 8] = [
        AreaId::A,
        AreaId::B,
        AreaId::C,
        AreaId::D,
        AreaId::E,
        AreaId::F,
        AreaId::G,
        AreaId::H,
    ];

    /// The area's letter as a `char`.
    pub fn letter(self) -> char {
        let s: &'static str = self.into();
        s.chars().next().unwrap_or('?')
    }
}

/// The letter inside a criterion id that tells its (primary) kind: `F`, `R` or `K`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
pub enum KindLetter {
    /// Föreskrift (binding regulation).
    F,
    /// Allmänt råd (general advice).
    R,
    /// Kvalitetsindikator (SPUR quality indicator).
    K,
}

/// A stable criterion id such as `D.F3`: area letter, kind letter, number from 1.
///
/// Ids are validated when parsed; a malformed id never exists as a value.
///
/// ```
/// use spur_core::{AreaId, CriterionId};
/// let id: CriterionId = "D.F3".parse().unwrap();
/// assert_eq!(id.area(), AreaId::D);
/// assert_eq!(id.to_string(), "D.F3");
/// assert!("D-F3".parse::<CriterionId>().is_err());
/// assert!("D.F0".parse::<CriterionId>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CriterionId {
    area: AreaId,
    letter: KindLetter,
    number: u16,
}

/// Why a string is not a criterion id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a criterion id: expected `<area A–H>.<F|R|K><number>`, e.g. `D.F3`")]
pub struct CriterionIdError {
    /// The rejected input.
    pub input: String,
}

impl CriterionId {
    /// Build an id from its parts; `number` must be at least 1.
    pub fn new(area: AreaId, letter: KindLetter, number: u16) -> Option<Self> {
        (number >= 1).then_some(Self {
            area,
            letter,
            number,
        })
    }
    /// The area the criterion belongs to.
    pub fn area(self) -> AreaId {
        self.area
    }
    /// The kind letter (`F`, `R`, `K`).
    pub fn letter(self) -> KindLetter {
        self.letter
    }
    /// The running number within area and kind letter.
    pub fn number(self) -> u16 {
        self.number
    }
}

impl FromStr for CriterionId {
    type Err = CriterionIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || CriterionIdError {
            input: s.to_string(),
        };
        let (area, rest) = s.split_once('.').ok_or_else(err)?;
        if area.len() != 1 || rest.len() < 2 || !rest.is_ascii() {
            return Err(err());
        }
        let area: AreaId = area.parse().map_err(|_| err())?;
        let letter: KindLetter = rest[..1].to_ascii_uppercase().parse().map_err(|_| err())?;
        let digits = &rest[1..];
        if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
            return Err(err());
        }
        let number: u16 = digits.parse().map_err(|_| err())?;
        CriterionId::new(area, letter, number).ok_or_else(err)
    }
}

impl fmt::Display for CriterionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}{}", self.area, self.letter, self.number)
    }
}

impl Serialize for CriterionId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CriterionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for CriterionId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CriterionId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-H]\\.[FRK][1-9][0-9]*$",
            "description": "A criterion id: area letter, `.`, kind letter (F föreskrift, R allmänt råd, K kvalitetsindikator) and a number, e.g. `D.F3`.",
        })
    }
}

/// A regulation (föreskrift) the ST-läkare train under. Units may run both at once.
///
/// Serialised as its official designation; parsed from the designation, the slug or the year.
///
/// ```
/// use spur_core::Regulation;
/// assert_eq!("SOSFS 2015:8".parse::<Regulation>().unwrap(), Regulation::Sosfs2015_8);
/// assert_eq!("sosfs-2015-8".parse::<Regulation>().unwrap(), Regulation::Sosfs2015_8);
/// assert_eq!("2021".parse::<Regulation>().unwrap(), Regulation::HslfFs2021_8);
/// assert_eq!(Regulation::HslfFs2021_8.to_string(), "HSLF-FS 2021:8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter)]
pub enum Regulation {
    /// SOSFS 2015:8, Socialstyrelsens föreskrifter och allmänna råd om läkarnas
    /// specialiseringstjänstgöring (the older regime, still used under transition rules).
    Sosfs2015_8,
    /// HSLF-FS 2021:8, the current regime (ST starts with BT).
    HslfFs2021_8,
}

/// Why a string is not a regulation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{input}` is not a known regulation: use \"SOSFS 2015:8\" or \"HSLF-FS 2021:8\" (or \"sosfs-2015-8\", \"hslf-fs-2021-8\", \"2015\", \"2021\")"
)]
pub struct RegulationError {
    /// The rejected input.
    pub input: String,
}

impl Regulation {
    /// Both regulations, oldest first.
    pub const ALL: [Regulation; 2] = [Regulation::Sosfs2015_8, Regulation::HslfFs2021_8];

    /// Official designation, e.g. `SOSFS 2015:8`.
    pub fn designation(self) -> &'static str {
        match self {
            Regulation::Sosfs2015_8 => "SOSFS 2015:8",
            Regulation::HslfFs2021_8 => "HSLF-FS 2021:8",
        }
    }
    /// Slug id, e.g. `sosfs-2015-8`.
    pub fn slug(self) -> &'static str {
        match self {
            Regulation::Sosfs2015_8 => "sosfs-2015-8",
            Regulation::HslfFs2021_8 => "hslf-fs-2021-8",
        }
    }
    /// The year as printed in report column heads: `2015` or `2021`.
    pub fn year(self) -> &'static str {
        match self {
            Regulation::Sosfs2015_8 => "2015",
            Regulation::HslfFs2021_8 => "2021",
        }
    }
}

impl Regulation {
    /// Every spelling a document may use (any letter case, surrounding spaces ignored): the
    /// designation, the slug and the year. The inspection schema lists the same set.
    pub const SPELLINGS: [(&'static str, Regulation); 6] = [
        ("SOSFS 2015:8", Regulation::Sosfs2015_8),
        ("sosfs-2015-8", Regulation::Sosfs2015_8),
        ("2015", Regulation::Sosfs2015_8),
        ("HSLF-FS 2021:8", Regulation::HslfFs2021_8),
        ("hslf-fs-2021-8", Regulation::HslfFs2021_8),
        ("2021", Regulation::HslfFs2021_8),
    ];
}

impl FromStr for Regulation {
    type Err = RegulationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        Regulation::SPELLINGS
            .iter()
            .find(|(spelling, _)| spelling.eq_ignore_ascii_case(text))
            .map(|(_, r)| *r)
            .ok_or_else(|| RegulationError {
                input: s.to_string(),
            })
    }
}

impl fmt::Display for Regulation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.designation())
    }
}

impl Serialize for Regulation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.designation())
    }
}

impl<'de> Deserialize<'de> for Regulation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Regulation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Regulation".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A regulation by official designation (\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"); the slugs \"sosfs-2015-8\", \"hslf-fs-2021-8\" and the years \"2015\", \"2021\" are accepted too.",
            "examples": ["SOSFS 2015:8", "HSLF-FS 2021:8"],
        })
    }
}

/// What kind of requirement a criterion is under one regulation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub enum Kind {
    /// Föreskrift: a binding rule ("ska"); a brist gives grade D and requires a handlingsplan entry.
    #[serde(rename = "föreskrift", alias = "foreskrift")]
    #[strum(serialize = "föreskrift", serialize = "foreskrift")]
    Foreskrift,
    /// Allmänt råd: a recommendation ("bör"); a brist gives at worst C on the 4-level scale.
    #[serde(
        rename = "allmänt råd",
        alias = "allmant rad",
        alias = "allmänt_råd",
        alias = "allmant_rad"
    )]
    #[strum(
        serialize = "allmänt råd",
        serialize = "allmant rad",
        serialize = "allmänt_råd",
        serialize = "allmant_rad"
    )]
    AllmantRad,
    /// Kvalitetsindikator: SPUR's own quality indicator, deciding A versus B.
    #[serde(rename = "kvalitetsindikator")]
    #[strum(serialize = "kvalitetsindikator")]
    Kvalitetsindikator,
    /// The criterion does not apply under this regulation.
    #[serde(rename = "not applicable", alias = "not_applicable")]
    #[strum(serialize = "not applicable", serialize = "not_applicable")]
    NotApplicable,
}

impl Kind {
    /// Whether the criterion counts under the regulation at all.
    pub fn is_applicable(self) -> bool {
        self != Kind::NotApplicable
    }
    /// The canonical name (`föreskrift`, `allmänt råd`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Foreskrift => "föreskrift",
            Kind::AllmantRad => "allmänt råd",
            Kind::Kvalitetsindikator => "kvalitetsindikator",
            Kind::NotApplicable => "not applicable",
        }
    }
    /// What a brist of this kind means for the handlingsplan.
    pub fn plan_relevance(self) -> PlanRelevance {
        match self {
            Kind::Foreskrift => PlanRelevance::Required,
            Kind::AllmantRad => PlanRelevance::Recommended,
            _ => PlanRelevance::None,
        }
    }
}

/// Whether a brist on a criterion goes into the handlingsplan.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlanRelevance {
    /// A föreskrift brist: the unit must answer it.
    Required,
    /// An allmänt råd brist: the unit is recommended to answer it.
    Recommended,
    /// Not part of a handlingsplan.
    None,
}

/// An inspector's finding for one criterion.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    /// Uppfyllt: the criterion is met. Swedish alias: `uppfyllt`.
    #[serde(alias = "uppfyllt", alias = "Uppfyllt")]
    Met,
    /// Delvis uppfyllt: partly met; counts as a brist. Swedish alias: `delvis uppfyllt`.
    #[serde(
        alias = "delvis uppfyllt",
        alias = "Delvis uppfyllt",
        alias = "delvis_uppfyllt"
    )]
    PartiallyMet,
    /// Ej uppfyllt: not met; a brist. Swedish alias: `ej uppfyllt`.
    #[serde(alias = "ej uppfyllt", alias = "Ej uppfyllt", alias = "ej_uppfyllt")]
    NotMet,
    /// Ej bedömt: not yet assessed; makes the grade provisional. Swedish alias: `ej bedömt`.
    #[serde(alias = "ej bedömt", alias = "Ej bedömt", alias = "ej_bedömt")]
    NotAssessed,
    /// Ej tillämpligt: does not apply to this unit; ignored. Swedish alias: `ej tillämpligt`.
    #[serde(
        alias = "ej tillämpligt",
        alias = "Ej tillämpligt",
        alias = "ej_tillämpligt"
    )]
    NotApplicable,
}

impl Status {
    /// `not_met` or `partially_met`: a brist.
    pub fn is_brist(self) -> bool {
        matches!(self, Status::NotMet | Status::PartiallyMet)
    }

    /// The snake_case name used in documents.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Every spelling a document may use for a status: the canonical snake_case names, then
    /// the Swedish words the report prints (`uppfyllt`, `delvis uppfyllt`, `ej uppfyllt`,
    /// `ej bedömt`, `ej tillämpligt`), lower case or capitalised as in the report, with a space
    /// or an underscore. The inspection schema lists exactly this set.
    ///
    /// ```
    /// use spur_core::Status;
    /// assert_eq!(Status::parse_lenient("ej uppfyllt"), Some(Status::NotMet));
    /// assert_eq!(Status::parse_lenient("Delvis uppfyllt"), Some(Status::PartiallyMet));
    /// assert_eq!(Status::parse_lenient(" met "), Some(Status::Met));
    /// assert_eq!(Status::parse_lenient("MET"), None);
    /// assert_eq!(Status::NotMet.to_string(), "not_met");
    /// ```
    pub fn spellings() -> Vec<String> {
        let mut out: Vec<String> = Status::iter().map(|s| s.name().to_string()).collect();
        for swedish in Status::iter().map(Status::swedish) {
            let underscored = swedish.replace(' ', "_");
            for word in [swedish.to_string(), capitalise(swedish), underscored] {
                if !out.contains(&word) {
                    out.push(word);
                }
            }
        }
        out
    }

    /// Parse a status in any of [`Status::spellings`] (surrounding spaces ignored).
    pub fn parse_lenient(text: &str) -> Option<Status> {
        let text = text.trim();
        if let Some(s) = Status::iter().find(|s| s.name() == text) {
            return Some(s);
        }
        let spaced = text.replace('_', " ");
        Status::iter().find(|s| {
            let word = s.swedish();
            word == spaced || capitalise(word) == spaced
        })
    }

    /// The Swedish words for this status as the report prints them, in lower case
    /// (`ej uppfyllt`).
    pub const fn swedish(self) -> &'static str {
        match self {
            Status::Met => "uppfyllt",
            Status::PartiallyMet => "delvis uppfyllt",
            Status::NotMet => "ej uppfyllt",
            Status::NotAssessed => "ej bedömt",
            Status::NotApplicable => "ej tillämpligt",
        }
    }

    /// The status in plain English words, lower case (`not met`).
    pub const fn english(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::PartiallyMet => "partially met",
            Status::NotMet => "not met",
            Status::NotAssessed => "not assessed",
            Status::NotApplicable => "not applicable",
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A SPUR grade. Ordered from best to worst: `A < B < C < D`.
///
/// ```
/// use spur_core::Grade;
/// assert!(Grade::A < Grade::D);
/// assert_eq!(Grade::C.to_string(), "C");
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[allow(missing_docs)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

/// An area's grading scale.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Display,
    EnumString,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Scale {
    /// Four levels A/B/C/D: the area has allmänna råd.
    Abcd,
    /// Three levels A/B/D: no allmänna råd, so no C.
    Abd,
}

impl Scale {
    /// The grades of the scale, best first.
    pub fn grades(self) -> &'static [Grade] {
        match self {
            Scale::Abcd => &[Grade::A, Grade::B, Grade::C, Grade::D],
            Scale::Abd => &[Grade::A, Grade::B, Grade::D],
        }
    }
    /// Whether `grade` is a level of this scale.
    pub fn has(self, grade: Grade) -> bool {
        self.grades().contains(&grade)
    }
}

/// STRUKTUR (areas A–C) or PROCESS (areas D–H).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Display, EnumString, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum Group {
    /// Structure: the unit, staff, premises.
    Struktur,
    /// Process: how the training is carried out.
    Process,
}

/// How sure the catalog is of a criterion's kind assignment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Confidence {
    /// An explicit label or the layout forces it.
    High,
    /// Layout and regulation content agree, but a row boundary is not visible.
    Medium,
    /// It could reasonably be the neighbouring kind; verify before relying on it.
    Low,
}

/// Where a report is in its life (`[report] status`).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReportStatus {
    /// Being written: every output carries the banner "UTKAST".
    #[default]
    Draft,
    /// Sent to the unit for fact-checking: "PRELIMINÄR – för faktagranskning".
    Preliminary,
    /// The report as published: refused while the document is unfinished; signed and
    /// fingerprinted.
    Final,
}

/// Lifecycle of one handlingsplan entry.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PlanStatus {
    /// Planned, not started.
    Planned,
    /// Being carried out.
    InProgress,
    /// Carried out, awaiting follow-up.
    Done,
    /// Followed up and found effective: closed.
    VerifiedEffective,
    /// Followed up and found not effective: needs a new action.
    NotEffective,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn criterion_ids_round_trip_and_reject_garbage() {
        for s in ["A.F1", "H.K1", "E.R5", "G.F12"] {
            assert_eq!(s.parse::<CriterionId>().unwrap().to_string(), s);
        }
        assert_eq!("d.f3".parse::<CriterionId>().unwrap().to_string(), "D.F3");
        for bad in [
            "", "D", "D.", "D.F", "D.X3", "I.F1", "D.F03", "D.F-1", "DD.F1", "D.F3 ", "Д.F3",
        ] {
            assert!(bad.parse::<CriterionId>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn regulations_parse_every_spelling() {
        for r in Regulation::iter() {
            assert_eq!(r.designation().parse::<Regulation>().unwrap(), r);
            assert_eq!(r.slug().parse::<Regulation>().unwrap(), r);
            assert_eq!(r.year().parse::<Regulation>().unwrap(), r);
        }
        assert!("SOSFS 2016:8".parse::<Regulation>().is_err());
    }

    #[test]
    fn kinds_have_names_that_parse_back() {
        for k in Kind::iter() {
            assert_eq!(k.name().parse::<Kind>().unwrap(), k);
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }

    #[test]
    fn three_level_scale_has_no_c() {
        assert!(!Scale::Abd.has(Grade::C));
        assert!(Scale::Abcd.has(Grade::C));
    }
}
