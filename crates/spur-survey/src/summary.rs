//! The summary of a survey's answers ([`summarize`]): per area, statement and group the counts
//! per step and the share "stämmer helt/ganska bra"; anonymous groups under [`MIN_ANONYMOUS`]
//! withheld everywhere; discrepancies between supervisors and ST-läkare on paired statements.
//!
//! ## Anonymity
//!
//! - An anonymous group (handledare, ST-läkare) with fewer than [`MIN_ANONYMOUS`] respondents
//!   is *suppressed*: its respondent count, every figure of every statement and its free texts
//!   are left out of the summary itself (the JSON carries only `"suppressed": true`), so no
//!   renderer can show them.
//! - A statement fewer than [`MIN_ANONYMOUS`] of a shown anonymous group answered (others left
//!   it blank) is suppressed for that group in the same way: the literal rule "fewer than 3
//!   answers".
//! - Free texts are listed per area, sorted (never in the order they were given), labelled with
//!   their group only; a suppressed group's are left out.
//! - The verksamhetschef and the studierektor are single people whose answers speak for the
//!   unit's management: they are shown as theirs, whatever their number.
//! - Answer days are kept only as the first and last day of the whole survey.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::AreaId;

use crate::{Group, MIN_ANONYMOUS, Response, Step, Survey};

/// The default margin for a discrepancy: the shares "helt/ganska bra" of supervisors and
/// ST-läkare on a pair differ by at least this much (an **assumption**: a third of the group,
/// e.g. all supervisors agree and two of four ST-läkare do not, is a gap worth asking about).
pub const DEFAULT_MARGIN: f64 = 0.34;

/// Floating-point slack when comparing a difference with the margin, so a difference of exactly
/// the margin counts.
const EPSILON: f64 = 1e-9;

/// The summary of a survey's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SurveySummary {
    /// The statement sets asked (`spur-default` first).
    pub sets: Vec<String>,
    /// The specialty whose statements were added, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// The margin discrepancies were found with (a share, 0–1).
    pub margin: f64,
    /// The fewest respondents an anonymous group is shown with.
    pub min_respondents: usize,
    /// The first and last day answers were given, when the answers carry days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<Period>,
    /// Each group: shown or suppressed, and how many answered when shown.
    pub groups: Vec<GroupOverview>,
    /// Per area, in order A–H, the areas that have statements.
    pub areas: Vec<AreaSummary>,
    /// Paired statements whose shares differ by at least the margin, where neither group is
    /// suppressed.
    pub discrepancies: Vec<Discrepancy>,
}

/// The first and last day of the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Period {
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

/// A group's place in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupOverview {
    /// The group.
    pub group: Group,
    /// Withheld: an anonymous group with fewer than `min_respondents` respondents ("för få
    /// svar"); nothing else of it is given.
    pub suppressed: bool,
    /// How many answered (absent when suppressed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondents: Option<usize>,
    /// The group is a single person (verksamhetschef, studierektor) whose answers are shown as
    /// theirs.
    pub individual: bool,
}

/// One area's statements and free texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaSummary {
    /// The area letter.
    pub area: AreaId,
    /// The area's statements, in survey order.
    pub statements: Vec<StatementSummary>,
    /// The free texts given for the area, sorted by group and text; none of a suppressed group.
    pub free_texts: Vec<FreeText>,
}

/// One statement's figures, per group it is put to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StatementSummary {
    /// The statement id.
    pub id: String,
    /// The Swedish text.
    pub sv: String,
    /// The English text.
    pub en: String,
    /// The twin statement of the other group, if paired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
    /// The figures of each group the statement is put to.
    pub groups: Vec<Figures>,
}

/// A group's figures for one statement; only `group` and `suppressed` when suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Figures {
    /// The group.
    pub group: Group,
    /// Withheld ("för få svar"): no counts are given.
    pub suppressed: bool,
    /// How many of the group answered the statement ("Ej relevant" included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<usize>,
    /// The answers per step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// Steps 1–2 over the answers other than "Ej relevant" (absent when all were "Ej relevant"
    /// or nobody answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_positive: Option<f64>,
}

impl Figures {
    pub(crate) fn suppressed(group: Group) -> Figures {
        Figures {
            group,
            suppressed: true,
            answers: None,
            counts: None,
            share_positive: None,
        }
    }
}

/// Answers per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    /// "Stämmer helt".
    pub stammer_helt: usize,
    /// "Stämmer ganska bra".
    pub stammer_ganska_bra: usize,
    /// "Stämmer ganska dåligt".
    pub stammer_ganska_dalig: usize,
    /// "Stämmer inte alls".
    pub stammer_inte_alls: usize,
    /// "Ej relevant".
    pub ej_relevant: usize,
}

impl Counts {
    /// The count of `step`.
    pub fn get(&self, step: Step) -> usize {
        match step {
            Step::StammerHelt => self.stammer_helt,
            Step::StammerGanskaBra => self.stammer_ganska_bra,
            Step::StammerGanskaDalig => self.stammer_ganska_dalig,
            Step::StammerInteAlls => self.stammer_inte_alls,
            Step::EjRelevant => self.ej_relevant,
        }
    }

    fn add(&mut self, step: Step) {
        let slot = match step {
            Step::StammerHelt => &mut self.stammer_helt,
            Step::StammerGanskaBra => &mut self.stammer_ganska_bra,
            Step::StammerGanskaDalig => &mut self.stammer_ganska_dalig,
            Step::StammerInteAlls => &mut self.stammer_inte_alls,
            Step::EjRelevant => &mut self.ej_relevant,
        };
        *slot += 1;
    }

    /// Every answer, "Ej relevant" included.
    pub fn total(&self) -> usize {
        Step::ALL.iter().map(|&s| self.get(s)).sum()
    }

    /// Steps 1–2 over the answers other than "Ej relevant"; `None` when there are none.
    ///
    /// ```
    /// use spur_survey::{Counts, Step};
    /// let c = Counts { stammer_helt: 1, stammer_ganska_bra: 1, stammer_inte_alls: 2, ej_relevant: 5, ..Counts::default() };
    /// assert_eq!(c.share_positive(), Some(0.5));
    /// assert_eq!(Counts { ej_relevant: 3, ..Counts::default() }.share_positive(), None);
    /// ```
    pub fn share_positive(&self) -> Option<f64> {
        let rated = self.total() - self.ej_relevant;
        (rated > 0).then(|| (self.stammer_helt + self.stammer_ganska_bra) as f64 / rated as f64)
    }
}

/// A free text of an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FreeText {
    /// The group of the respondent who wrote it.
    pub group: Group,
    /// The text, as written.
    pub text: String,
}

/// A paired statement whose supervisors' and ST-läkare's shares differ by at least the margin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Discrepancy {
    /// The area.
    pub area: AreaId,
    /// The supervisors' statement and share.
    pub handledare: Side,
    /// The ST-läkare's statement and share.
    pub st_lakare: Side,
    /// The absolute difference of the shares.
    pub difference: f64,
}

/// One side of a discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Side {
    /// The statement id.
    pub statement: String,
    /// The group's share "helt/ganska bra".
    pub share_positive: f64,
}

impl SurveySummary {
    /// The overview of `group`.
    pub fn group(&self, group: Group) -> Option<&GroupOverview> {
        self.groups.iter().find(|g| g.group == group)
    }

    /// The summary of `area`.
    pub fn area(&self, area: AreaId) -> Option<&AreaSummary> {
        self.areas.iter().find(|a| a.area == area)
    }

    /// The summary of statement `id`.
    pub fn statement(&self, id: &str) -> Option<&StatementSummary> {
        self.areas
            .iter()
            .flat_map(|a| &a.statements)
            .find(|s| s.id == id)
    }

    /// Pretty JSON with a trailing newline (schema `docs/schema/survey-summary.schema.json`).
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }
}

/// Summarise `responses` to `survey`: a pure function of its inputs.
///
/// Answers to statements the survey does not have, or does not put to the respondent's group,
/// are ignored (readers such as [`crate::AnswerSheet`] report them). `margin` is a share
/// (0–1); a pair is flagged when the difference of the two shares is at least `margin`.
pub fn summarize(survey: &Survey, responses: &[Response], margin: f64) -> SurveySummary {
    let respondents = |g: Group| responses.iter().filter(|r| r.group == g).count();
    let suppressed = |g: Group| g.is_anonymous() && respondents(g) < MIN_ANONYMOUS;
    let groups = Group::ALL
        .iter()
        .map(|&g| GroupOverview {
            group: g,
            suppressed: suppressed(g),
            respondents: (!suppressed(g)).then(|| respondents(g)),
            individual: !g.is_anonymous(),
        })
        .collect();

    // Counts per (statement, group), from the shown groups only.
    let mut counts: BTreeMap<(&str, Group), Counts> = BTreeMap::new();
    for r in responses.iter().filter(|r| !suppressed(r.group)) {
        for (id, step) in &r.answers {
            if let Some(s) = survey.statement(id)
                && s.is_for(r.group)
            {
                counts
                    .entry((s.id.as_str(), r.group))
                    .or_default()
                    .add(*step);
            }
        }
    }
    let figures = |id: &str, g: Group| -> Figures {
        if suppressed(g) {
            return Figures::suppressed(g);
        }
        let c = counts.get(&(id, g)).copied().unwrap_or_default();
        if g.is_anonymous() && c.total() < MIN_ANONYMOUS {
            return Figures::suppressed(g);
        }
        Figures {
            group: g,
            suppressed: false,
            answers: Some(c.total()),
            counts: Some(c),
            share_positive: c.share_positive(),
        }
    };

    let mut areas = Vec::new();
    for area in AreaId::ALL {
        let statements: Vec<StatementSummary> = survey
            .in_area(area)
            .map(|s| StatementSummary {
                id: s.id.clone(),
                sv: s.sv.clone(),
                en: s.en.clone(),
                pair: s.pair.clone(),
                groups: s.groups.iter().map(|&g| figures(&s.id, g)).collect(),
            })
            .collect();
        if statements.is_empty() {
            continue;
        }
        let mut free_texts: Vec<FreeText> = responses
            .iter()
            .filter(|r| !suppressed(r.group))
            .filter_map(|r| {
                let text = r.free_texts.get(&area)?.trim();
                (!text.is_empty()).then(|| FreeText {
                    group: r.group,
                    text: text.to_string(),
                })
            })
            .collect();
        free_texts.sort_by(|a, b| (a.group, &a.text).cmp(&(b.group, &b.text)));
        areas.push(AreaSummary {
            area,
            statements,
            free_texts,
        });
    }

    let mut discrepancies = Vec::new();
    for (h, s) in survey.pairs() {
        let (fh, fs) = (
            figures(&h.id, Group::Handledare),
            figures(&s.id, Group::StLakare),
        );
        if let (Some(a), Some(b)) = (fh.share_positive, fs.share_positive) {
            let difference = (a - b).abs();
            if difference + EPSILON >= margin {
                discrepancies.push(Discrepancy {
                    area: h.area,
                    handledare: Side {
                        statement: h.id.clone(),
                        share_positive: a,
                    },
                    st_lakare: Side {
                        statement: s.id.clone(),
                        share_positive: b,
                    },
                    difference,
                });
            }
        }
    }

    let days: Vec<NaiveDate> = responses.iter().filter_map(|r| r.answered).collect();
    let answered = match (days.iter().min(), days.iter().max()) {
        (Some(&first), Some(&last)) => Some(Period { first, last }),
        _ => None,
    };
    SurveySummary {
        sets: survey.sets.clone(),
        specialty: survey.specialty.clone(),
        margin,
        min_respondents: MIN_ANONYMOUS,
        answered,
        groups,
        areas,
        discrepancies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> Survey {
        Survey::embedded(None).unwrap()
    }

    fn many(n: usize, group: Group, id: &str, step: Step) -> Vec<Response> {
        (0..n)
            .map(|_| Response::new(group).answer(id, step))
            .collect()
    }

    #[test]
    fn counts_and_share_per_statement_and_group() {
        let mut r = many(2, Group::StLakare, "H.S3", Step::StammerHelt);
        r.extend(many(1, Group::StLakare, "H.S3", Step::StammerInteAlls));
        r.extend(many(1, Group::StLakare, "H.S3", Step::EjRelevant));
        let s = summarize(&survey(), &r, DEFAULT_MARGIN);
        let f = &s.statement("H.S3").unwrap().groups[0];
        assert_eq!(f.answers, Some(4));
        assert_eq!(f.counts.unwrap().ej_relevant, 1);
        assert!((f.share_positive.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.group(Group::StLakare).unwrap().respondents, Some(4));
    }

    #[test]
    fn suppression_is_decided_by_the_table() {
        // (respondents of the group, answers to the statement, suppressed?)
        for (respondents, answering, hidden) in [
            (0, 0, true),
            (2, 2, true),
            (3, 3, false),
            (3, 2, true), // one left the statement blank: fewer than 3 answers
            (5, 3, false),
        ] {
            let mut r = many(answering, Group::Handledare, "H.S2", Step::StammerHelt);
            r.extend(many(
                respondents - answering,
                Group::Handledare,
                "H.S4",
                Step::StammerHelt,
            ));
            let s = summarize(&survey(), &r, DEFAULT_MARGIN);
            let f = &s.statement("H.S2").unwrap().groups[0];
            assert_eq!(f.suppressed, hidden, "{respondents}/{answering}");
            assert_eq!(f.counts.is_none(), hidden);
            assert_eq!(
                s.group(Group::Handledare).unwrap().suppressed,
                respondents < MIN_ANONYMOUS
            );
        }
    }

    #[test]
    fn single_people_are_shown_as_theirs() {
        let r = vec![
            Response::new(Group::Verksamhetschef)
                .answer("A.S1", Step::StammerGanskaDalig)
                .free_text(AreaId::A, "Riktlinjerna revideras i vår."),
        ];
        let s = summarize(&survey(), &r, DEFAULT_MARGIN);
        let g = s.group(Group::Verksamhetschef).unwrap();
        assert!(!g.suppressed && g.individual);
        let f = &s.statement("A.S1").unwrap().groups[0];
        assert_eq!(f.counts.unwrap().stammer_ganska_dalig, 1);
        assert_eq!(s.area(AreaId::A).unwrap().free_texts.len(), 1);
    }

    #[test]
    fn free_texts_of_a_suppressed_group_are_withheld_and_the_rest_sorted() {
        let mut r: Vec<Response> = (0..2)
            .map(|i| {
                Response::new(Group::Handledare).free_text(AreaId::H, &format!("handledare {i}"))
            })
            .collect();
        for t in ["c", "a", "b"] {
            r.push(Response::new(Group::StLakare).free_text(AreaId::H, t));
        }
        let s = summarize(&survey(), &r, DEFAULT_MARGIN);
        let texts: Vec<&str> = s
            .area(AreaId::H)
            .unwrap()
            .free_texts
            .iter()
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert!(!s.to_json().contains("handledare 0"));
    }

    #[test]
    fn a_discrepancy_needs_the_margin_and_both_groups() {
        // Supervisors 3/3 positive; ST-läkare k/4 positive.
        for (k, flagged) in [(0, true), (2, true), (3, false), (4, false)] {
            let mut r = many(3, Group::Handledare, "H.S2", Step::StammerHelt);
            r.extend(many(k, Group::StLakare, "H.S3", Step::StammerGanskaBra));
            r.extend(many(
                4 - k,
                Group::StLakare,
                "H.S3",
                Step::StammerGanskaDalig,
            ));
            let s = summarize(&survey(), &r, DEFAULT_MARGIN);
            assert_eq!(!s.discrepancies.is_empty(), flagged, "{k}");
        }
        // Exactly the margin counts.
        let mut r = many(3, Group::Handledare, "H.S2", Step::StammerHelt);
        r.extend(many(2, Group::StLakare, "H.S3", Step::StammerHelt));
        r.extend(many(2, Group::StLakare, "H.S3", Step::StammerInteAlls));
        assert_eq!(summarize(&survey(), &r, 0.5).discrepancies.len(), 1);
        assert!(summarize(&survey(), &r, 0.51).discrepancies.is_empty());
    }
}
