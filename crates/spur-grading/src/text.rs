//! Fixed phrases of the grading trace: one message table ([`spur_core::phrases!`]) with both
//! languages side by side. Each reason keeps both renderings ([`Text`]), so a grading can be
//! shown in either language after the fact.

use spur_core::{Grade, Kind, Lang, Regulation, Status, Wording, lang::capitalise};

use crate::Text;

/// The seed's adjustment note, verbatim.
pub const ADJUSTMENT_NOTE_SV: &str = "Handlingsplan inkommen. Gradering justerad till C.";

spur_core::phrases! {
    /// The phrases of the grading trace.
    pub(crate) enum Says {
        /// No applicable criterion assessed.
        NotGraded => "Not graded: no applicable criteria assessed under {regulation}.",
            "Ej bedömd: inga tillämpliga kriterier bedömda under {regulation}.";
        /// D by one föreskrift.
        DOne => "D: {n} regulation (föreskrift) not met ({ids}). Actions are required.",
            "D: {n} föreskrift ej uppfylld ({ids}). Åtgärder krävs.";
        /// D by several föreskrifter.
        DMany => "D: {n} regulations (föreskrift) not met ({ids}). Actions are required.",
            "D: {n} föreskrifter ej uppfyllda ({ids}). Åtgärder krävs.";
        /// C by one allmänt råd.
        COne => "C: the regulations are followed, but {n} general advice item not met ({ids}). Actions are recommended.",
            "C: föreskrifterna följs, men {n} allmänt råd ej uppfyllt ({ids}). Åtgärder rekommenderas.";
        /// C by several allmänna råd.
        CMany => "C: the regulations are followed, but {n} general advice items not met ({ids}). Actions are recommended.",
            "C: föreskrifterna följs, men {n} allmänna råd ej uppfyllda ({ids}). Åtgärder rekommenderas.";
        /// What is followed on the 3-level scale.
        FollowedAbd => "the regulations are followed", "föreskrifterna följs";
        /// What is followed on the 4-level scale.
        FollowedAbcd => "regulations and general advice are followed",
            "föreskrifter och allmänna råd följs";
        /// B by one kvalitetsindikator.
        BOne => "B: {followed}; {n} quality indicator not met ({ids}), more than the tolerance of {tolerance}.",
            "B: {followed}; {n} kvalitetsindikator ej uppfylld ({ids}), fler än toleransen {tolerance}.";
        /// B by several kvalitetsindikatorer.
        BMany => "B: {followed}; {n} quality indicators not met ({ids}), more than the tolerance of {tolerance}.",
            "B: {followed}; {n} kvalitetsindikatorer ej uppfyllda ({ids}), fler än toleransen {tolerance}.";
        /// A with everything met.
        AAll => "A: regulations, general advice and quality indicators are met.",
            "A: föreskrifter, allmänna råd och kvalitetsindikatorer uppfyllda.";
        /// A within the tolerance, one indicator not met.
        AOne => "A: regulations and general advice are followed; {n} quality indicator not met ({ids}), within the tolerance of {tolerance} (isolated exceptions).",
            "A: föreskrifter och allmänna råd följs; {n} kvalitetsindikator ej uppfylld ({ids}), inom toleransen {tolerance} (enstaka undantag).";
        /// A within the tolerance, several indicators not met.
        AMany => "A: regulations and general advice are followed; {n} quality indicators not met ({ids}), within the tolerance of {tolerance} (isolated exceptions).",
            "A: föreskrifter och allmänna råd följs; {n} kvalitetsindikatorer ej uppfyllda ({ids}), inom toleransen {tolerance} (enstaka undantag).";
        /// Unassessed criteria decide a provisional grade.
        Provisional => " Provisional {best}–{worst}: {count} unassessed criteria decide it ({ids}).",
            " Preliminär {best}–{worst}: {count} kriterier ej bedömda avgör ({ids}).";
        /// One deciding criterion.
        Reason => "{kind} {id} {status}: {text}", "{kind} {id} {status}: {text}";
        /// One unassessed criterion that could decide.
        UnassessedReason => "{kind} {id} not assessed: could give {grade} if not met.",
            "{kind} {id} ej bedömt: kan ge {grade} om det inte är uppfyllt.";
        /// The seed's adjustment note.
        Adjusted => "Action plan (handlingsplan) received. Grade adjusted to C.", ADJUSTMENT_NOTE_SV;
        /// A received plan on the 3-level scale.
        ReceivedNoC => "Action plan received. The area is graded on the 3-level scale (A/B/D), which has no C; the grade stays D.",
            "Handlingsplan inkommen. Området bedöms på 3-gradig skala (A/B/D) utan C-nivå; graderingen kvarstår som D.";
        /// A received plan that does not answer every requirement.
        ReceivedIncomplete => "Action plan received, but it does not answer every requirement: {ids} missing or incomplete. The grade stays D.",
            "Handlingsplan inkommen men den besvarar inte alla krav: {ids} saknas eller är ofullständiga. Graderingen kvarstår som D.";
        /// An inspector's override.
        Overridden => "The inspector set the grade to {to} (computed: {from}). Reason: {reason}",
            "Inspektören har satt graderingen till {to} (beräknad: {from}). Motivering: {reason}";
        /// A grade that is not given.
        NoGrade => "not graded", "ej bedömd";
    }
}

impl Says {
    /// Both renderings with the same values.
    fn both(self, values: &[(&str, &str)]) -> Text {
        Text {
            sv: self.say(Lang::Sv, values),
            en: self.say(Lang::En, values),
        }
    }
}

fn ids(list: &[String]) -> String {
    list.join(", ")
}

pub(crate) fn summary_not_graded(reg: Regulation) -> Text {
    Says::NotGraded.both(&[("regulation", &reg.to_string())])
}

pub(crate) fn summary(
    grade: Grade,
    three_level: bool,
    deciding: &[String],
    tolerance: usize,
) -> Text {
    let n = deciding.len();
    let (one, many) = match grade {
        Grade::D => (Says::DOne, Says::DMany),
        Grade::C => (Says::COne, Says::CMany),
        Grade::B => (Says::BOne, Says::BMany),
        Grade::A if n == 0 => return Says::AAll.both(&[]),
        Grade::A => (Says::AOne, Says::AMany),
    };
    let phrase = plural(n, one, many);
    let followed = if three_level {
        Says::FollowedAbd
    } else {
        Says::FollowedAbcd
    };
    let (n, ids, tolerance) = (n.to_string(), ids(deciding), tolerance.to_string());
    let values = |lang| {
        [
            ("n", n.as_str()),
            ("ids", ids.as_str()),
            ("tolerance", tolerance.as_str()),
            ("followed", followed.template(lang)),
        ]
    };
    Text {
        sv: phrase.say(Lang::Sv, &values(Lang::Sv)),
        en: phrase.say(Lang::En, &values(Lang::En)),
    }
}

pub(crate) fn provisional_suffix(best: Grade, worst: Grade, open: &[String]) -> Text {
    Says::Provisional.both(&[
        ("best", &best.to_string()),
        ("worst", &worst.to_string()),
        ("count", &open.len().to_string()),
        ("ids", &ids(open)),
    ])
}

/// The kind as a reason line starts with it (`Allmänt råd`, `General advice (allmänt råd)`).
fn kind_word(kind: Kind, lang: Lang) -> String {
    capitalise(kind.term(lang))
}

pub(crate) fn reason(
    kind: Kind,
    id: &str,
    status: Status,
    text_sv: &str,
    text_en: &str,
) -> (String, String) {
    let say = |lang, text| {
        Says::Reason.say(
            lang,
            &[
                ("kind", &kind_word(kind, lang)),
                ("id", id),
                ("status", status.term(lang)),
                ("text", text),
            ],
        )
    };
    (say(Lang::Sv, text_sv), say(Lang::En, text_en))
}

pub(crate) fn unassessed_reason(kind: Kind, id: &str, could_give: Grade) -> (String, String) {
    let say = |lang| {
        Says::UnassessedReason.say(
            lang,
            &[
                ("kind", &kind_word(kind, lang)),
                ("id", id),
                ("grade", &could_give.to_string()),
            ],
        )
    };
    (say(Lang::Sv), say(Lang::En))
}

pub(crate) fn adjusted() -> Text {
    Says::Adjusted.both(&[])
}

pub(crate) fn received_no_c_level() -> Text {
    Says::ReceivedNoC.both(&[])
}

pub(crate) fn received_incomplete(missing: &[String]) -> Text {
    Says::ReceivedIncomplete.both(&[("ids", &ids(missing))])
}

pub(crate) fn overridden(computed: Option<Grade>, to: Grade, reason: &str) -> Text {
    let say = |lang| {
        let from = computed.map_or_else(
            || Says::NoGrade.template(lang).to_string(),
            |g| g.to_string(),
        );
        Says::Overridden.say(
            lang,
            &[("to", &to.to_string()), ("from", &from), ("reason", reason)],
        )
    };
    Text {
        sv: say(Lang::Sv),
        en: say(Lang::En),
    }
}

/// `one` when `n == 1`, else `many`: number agreement for counted nouns in either language.
pub(crate) fn plural<T>(n: usize, one: T, many: T) -> T {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_phrase_has_both_languages_with_the_same_placeholders() {
        assert_eq!(
            spur_core::lang::parity_problems::<super::Says>(),
            Vec::<String>::new()
        );
    }
}
