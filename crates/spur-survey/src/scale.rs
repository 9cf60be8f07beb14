//! The survey's vocabulary: who answers ([`Group`]) and the answer scale ([`Step`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::Lang;

/// Fewer respondents than this in an anonymous group ([`Group::is_anonymous`]) and the group's
/// figures and free texts are withheld everywhere ("för få svar").
pub const MIN_ANONYMOUS: usize = 3;

/// A group of respondents. LIPUS sends the survey "till chef, studierektor, handledare och
/// adepter"; spur names the four groups with these ids.
///
/// ```
/// use spur_survey::Group;
/// let g: Group = "st-lakare".parse().unwrap();
/// assert_eq!(g, Group::StLakare);
/// assert_eq!(g.label(spur_core::Lang::Sv), "ST-läkare");
/// assert!(g.is_anonymous() && !Group::Verksamhetschef.is_anonymous());
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
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Group {
    /// The head of the unit (verksamhetschef): one person, whose answers are shown as theirs.
    Verksamhetschef,
    /// The director of studies (studierektor): one person, whose answers are shown as theirs.
    Studierektor,
    /// Supervisors (handledare): anonymous, shown only from [`MIN_ANONYMOUS`] respondents.
    Handledare,
    /// ST doctors (ST-läkare, the trainees): anonymous, shown only from [`MIN_ANONYMOUS`]
    /// respondents.
    StLakare,
}

impl Group {
    /// Every group, in the order the survey lists them.
    pub const ALL: &'static [Group] = <Group as strum::VariantArray>::VARIANTS;

    /// The id as written in files (`st-lakare`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// Whether the group is anonymous (handledare, ST-läkare): its figures are shown only from
    /// [`MIN_ANONYMOUS`] respondents. The verksamhetschef and the studierektor are single people
    /// whose answers speak for the unit's management and are shown as theirs.
    pub fn is_anonymous(self) -> bool {
        matches!(self, Group::Handledare | Group::StLakare)
    }

    /// The group's name (plural for the anonymous groups).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Group::Verksamhetschef, Lang::Sv) => "Verksamhetschef",
            (Group::Verksamhetschef, Lang::En) => "Head of unit (verksamhetschef)",
            (Group::Studierektor, Lang::Sv) => "Studierektor",
            (Group::Studierektor, Lang::En) => "Director of studies (studierektor)",
            (Group::Handledare, Lang::Sv) => "Handledare",
            (Group::Handledare, Lang::En) => "Supervisors (handledare)",
            (Group::StLakare, Lang::Sv) => "ST-läkare",
            (Group::StLakare, Lang::En) => "ST doctors (ST-läkare)",
        }
    }

    /// A short name for table columns.
    pub fn short(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Group::Verksamhetschef, Lang::Sv) => "VC",
            (Group::Verksamhetschef, Lang::En) => "Head",
            (Group::Studierektor, Lang::Sv) => "SR",
            (Group::Studierektor, Lang::En) => "DoS",
            (Group::Handledare, Lang::Sv) => "Handledare",
            (Group::Handledare, Lang::En) => "Supervisors",
            (Group::StLakare, Lang::Sv) => "ST-läkare",
            (Group::StLakare, Lang::En) => "ST doctors",
        }
    }

    /// The group a written name means: the id (`st-lakare`), either language's label or short
    /// name, or a common spelling (`ST-läkare`, `st_lakare`, `supervisor`), ignoring case.
    ///
    /// ```
    /// use spur_survey::Group;
    /// assert_eq!(Group::from_name("ST-läkare"), Some(Group::StLakare));
    /// assert_eq!(Group::from_name(" Handledare "), Some(Group::Handledare));
    /// assert_eq!(Group::from_name("supervisor"), Some(Group::Handledare));
    /// assert_eq!(Group::from_name("chef"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Group> {
        let n = name.trim().to_lowercase().replace(['_', ' '], "-");
        if let Ok(g) = n.parse::<Group>() {
            return Some(g);
        }
        let folded = n.replace('ä', "a");
        Group::ALL.iter().copied().find(|g| {
            folded == g.id()
                || Lang::ALL.iter().any(|&l| {
                    let label = g.label(l).to_lowercase().replace(' ', "-");
                    label == n || g.short(l).to_lowercase().replace(' ', "-") == n
                })
                || match g {
                    Group::Handledare => matches!(n.as_str(), "supervisor" | "supervisors"),
                    Group::StLakare => {
                        matches!(n.as_str(), "st" | "st-doctor" | "st-doctors" | "trainee")
                    }
                    Group::Verksamhetschef => matches!(n.as_str(), "head-of-unit" | "head"),
                    Group::Studierektor => matches!(n.as_str(), "director-of-studies"),
                }
        })
    }
}

/// A step of the answer scale: the four steps of the inspectors' checklist of 2009 ("Stämmer
/// helt / Stämmer ganska bra / Stämmer ganska dåligt / Stämmer inte alls") plus "Ej relevant",
/// which is not a step of agreement and is left out of shares.
///
/// ```
/// use spur_survey::Step;
/// use spur_core::Lang;
/// assert_eq!(Step::StammerHelt.label(Lang::Sv), "Stämmer helt");
/// assert_eq!(Step::StammerHelt.label(Lang::En), "Fully agree");
/// assert!(Step::StammerGanskaBra.is_positive() && !Step::EjRelevant.is_positive());
/// assert_eq!(Step::from_answer("stämmer ganska dåligt"), Some(Step::StammerGanskaDalig));
/// assert_eq!(Step::from_answer("4"), Some(Step::StammerInteAlls));
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
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Step {
    /// "Stämmer helt": fully agree (step 1).
    StammerHelt,
    /// "Stämmer ganska bra": largely agree (step 2).
    StammerGanskaBra,
    /// "Stämmer ganska dåligt": largely disagree (step 3).
    StammerGanskaDalig,
    /// "Stämmer inte alls": fully disagree (step 4).
    StammerInteAlls,
    /// "Ej relevant": not relevant to the respondent; not counted in shares.
    EjRelevant,
}

impl Step {
    /// Every step, in the order of the scale.
    pub const ALL: &'static [Step] = <Step as strum::VariantArray>::VARIANTS;

    /// The id as written in files (`stammer_helt`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The step's words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Step::StammerHelt, Lang::Sv) => "Stämmer helt",
            (Step::StammerHelt, Lang::En) => "Fully agree",
            (Step::StammerGanskaBra, Lang::Sv) => "Stämmer ganska bra",
            (Step::StammerGanskaBra, Lang::En) => "Largely agree",
            (Step::StammerGanskaDalig, Lang::Sv) => "Stämmer ganska dåligt",
            (Step::StammerGanskaDalig, Lang::En) => "Largely disagree",
            (Step::StammerInteAlls, Lang::Sv) => "Stämmer inte alls",
            (Step::StammerInteAlls, Lang::En) => "Fully disagree",
            (Step::EjRelevant, Lang::Sv) => "Ej relevant",
            (Step::EjRelevant, Lang::En) => "Not relevant",
        }
    }

    /// The step's number on a paper form: 1–4, and 0 for "Ej relevant".
    pub fn number(self) -> u8 {
        match self {
            Step::StammerHelt => 1,
            Step::StammerGanskaBra => 2,
            Step::StammerGanskaDalig => 3,
            Step::StammerInteAlls => 4,
            Step::EjRelevant => 0,
        }
    }

    /// Steps 1–2 ("helt/ganska bra"): the answers the share of agreement counts.
    pub fn is_positive(self) -> bool {
        matches!(self, Step::StammerHelt | Step::StammerGanskaBra)
    }

    /// The step an answer cell means: the id, either language's words, or the number (1–4, 0
    /// for "Ej relevant"), ignoring case, surrounding blanks and `å/ä/ö` folding.
    pub fn from_answer(text: &str) -> Option<Step> {
        let t = text.trim().to_lowercase();
        let fold = |s: &str| {
            s.to_lowercase()
                .replace(['å', 'ä'], "a")
                .replace('ö', "o")
                .replace([' ', '-'], "_")
        };
        let folded = fold(&t);
        Step::ALL.iter().copied().find(|s| {
            folded == s.id()
                || t == s.number().to_string()
                || Lang::ALL.iter().any(|&l| fold(s.label(l)) == folded)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back_and_serialise_as_themselves() {
        for &g in Group::ALL {
            assert_eq!(g.id().parse::<Group>().unwrap(), g);
            assert_eq!(serde_json::to_value(g).unwrap(), g.id());
            for l in Lang::ALL {
                assert_eq!(Group::from_name(g.label(l)), Some(g), "{g:?} {l:?}");
                assert_eq!(Group::from_name(g.short(l)), Some(g), "{g:?} {l:?}");
            }
        }
        for &s in Step::ALL {
            assert_eq!(s.id().parse::<Step>().unwrap(), s);
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
            for l in Lang::ALL {
                assert_eq!(Step::from_answer(s.label(l)), Some(s));
            }
            assert_eq!(Step::from_answer(&s.number().to_string()), Some(s));
        }
    }

    #[test]
    fn the_scale_reads_as_the_issue_names_it() {
        let ids: Vec<&str> = Step::ALL.iter().map(|s| s.id()).collect();
        assert_eq!(
            ids,
            [
                "stammer_helt",
                "stammer_ganska_bra",
                "stammer_ganska_dalig",
                "stammer_inte_alls",
                "ej_relevant"
            ]
        );
        let groups: Vec<&str> = Group::ALL.iter().map(|g| g.id()).collect();
        assert_eq!(
            groups,
            ["verksamhetschef", "studierektor", "handledare", "st-lakare"]
        );
    }

    #[test]
    fn unknown_words_are_not_steps_or_groups() {
        for w in ["", "5", "ja", "stämmer"] {
            assert_eq!(Step::from_answer(w), None, "{w}");
        }
        for w in ["", "chef", "läkare"] {
            assert_eq!(Group::from_name(w), None, "{w}");
        }
    }
}
