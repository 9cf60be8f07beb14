//! Fixed phrases of the grading trace, in Swedish and English.

use spur_core::{Grade, Kind, Regulation, Status};

use crate::Text;

/// The seed's adjustment note, verbatim.
pub const ADJUSTMENT_NOTE_SV: &str = "Handlingsplan inkommen. Gradering justerad till C.";
const ADJUSTMENT_NOTE_EN: &str = "Action plan (handlingsplan) received. Grade adjusted to C.";

pub(crate) fn kind_sv(kind: Kind) -> &'static str {
    match kind {
        Kind::Foreskrift => "Föreskrift",
        Kind::AllmantRad => "Allmänt råd",
        Kind::Kvalitetsindikator => "Kvalitetsindikator",
        Kind::NotApplicable => "Ej tillämplig",
    }
}

pub(crate) fn kind_en(kind: Kind) -> &'static str {
    match kind {
        Kind::Foreskrift => "Regulation (föreskrift)",
        Kind::AllmantRad => "General advice (allmänt råd)",
        Kind::Kvalitetsindikator => "Quality indicator",
        Kind::NotApplicable => "Not applicable",
    }
}

pub(crate) fn status_sv(status: Status) -> &'static str {
    status.swedish()
}

pub(crate) fn status_en(status: Status) -> &'static str {
    status.english()
}

fn ids(list: &[String]) -> String {
    list.join(", ")
}

pub(crate) fn summary_not_graded(reg: Regulation) -> Text {
    Text {
        sv: format!("Ej bedömd: inga tillämpliga kriterier bedömda under {reg}."),
        en: format!("Not graded: no applicable criteria assessed under {reg}."),
    }
}

pub(crate) fn summary(
    grade: Grade,
    three_level: bool,
    deciding: &[String],
    tolerance: usize,
) -> Text {
    let n = deciding.len();
    match grade {
        Grade::D => Text {
            sv: format!(
                "D: {n} {} ({}). Åtgärder krävs.",
                plural(n, "föreskrift ej uppfylld", "föreskrifter ej uppfyllda"),
                ids(deciding)
            ),
            en: format!(
                "D: {n} {} (föreskrift) not met ({}). Actions are required.",
                plural(n, "regulation", "regulations"),
                ids(deciding)
            ),
        },
        Grade::C => Text {
            sv: format!(
                "C: föreskrifterna följs, men {n} {} ({}). Åtgärder rekommenderas.",
                plural(n, "allmänt råd ej uppfyllt", "allmänna råd ej uppfyllda"),
                ids(deciding)
            ),
            en: format!(
                "C: the regulations are followed, but {n} {} not met ({}). Actions are recommended.",
                plural(n, "general advice item", "general advice items"),
                ids(deciding)
            ),
        },
        Grade::B => {
            let followed_sv = if three_level {
                "föreskrifterna följs"
            } else {
                "föreskrifter och allmänna råd följs"
            };
            let followed_en = if three_level {
                "the regulations are followed"
            } else {
                "regulations and general advice are followed"
            };
            Text {
                sv: format!(
                    "B: {followed_sv}; {n} {} ({}), fler än toleransen {tolerance}.",
                    plural(
                        n,
                        "kvalitetsindikator ej uppfylld",
                        "kvalitetsindikatorer ej uppfyllda"
                    ),
                    ids(deciding)
                ),
                en: format!(
                    "B: {followed_en}; {n} {} not met ({}), more than the tolerance of {tolerance}.",
                    plural(n, "quality indicator", "quality indicators"),
                    ids(deciding)
                ),
            }
        }
        Grade::A if n == 0 => Text {
            sv: "A: föreskrifter, allmänna råd och kvalitetsindikatorer uppfyllda.".into(),
            en: "A: regulations, general advice and quality indicators are met.".into(),
        },
        Grade::A => Text {
            sv: format!(
                "A: föreskrifter och allmänna råd följs; {n} {} ({}), inom toleransen {tolerance} (enstaka undantag).",
                plural(
                    n,
                    "kvalitetsindikator ej uppfylld",
                    "kvalitetsindikatorer ej uppfyllda"
                ),
                ids(deciding)
            ),
            en: format!(
                "A: regulations and general advice are followed; {n} {} not met ({}), within the tolerance of {tolerance} (isolated exceptions).",
                plural(n, "quality indicator", "quality indicators"),
                ids(deciding)
            ),
        },
    }
}

pub(crate) fn provisional_suffix(best: Grade, worst: Grade, open: &[String]) -> Text {
    Text {
        sv: format!(
            " Preliminär {best}–{worst}: {} kriterier ej bedömda avgör ({}).",
            open.len(),
            ids(open)
        ),
        en: format!(
            " Provisional {best}–{worst}: {} unassessed criteria decide it ({}).",
            open.len(),
            ids(open)
        ),
    }
}

pub(crate) fn reason(
    kind: Kind,
    id: &str,
    status: Status,
    text_sv: &str,
    text_en: &str,
) -> (String, String) {
    (
        format!("{} {id} {}: {text_sv}", kind_sv(kind), status_sv(status)),
        format!("{} {id} {}: {text_en}", kind_en(kind), status_en(status)),
    )
}

pub(crate) fn unassessed_reason(kind: Kind, id: &str, could_give: Grade) -> (String, String) {
    (
        format!(
            "{} {id} ej bedömt: kan ge {could_give} om det inte är uppfyllt.",
            kind_sv(kind)
        ),
        format!(
            "{} {id} not assessed: could give {could_give} if not met.",
            kind_en(kind)
        ),
    )
}

pub(crate) fn adjusted() -> Text {
    Text {
        sv: ADJUSTMENT_NOTE_SV.into(),
        en: ADJUSTMENT_NOTE_EN.into(),
    }
}

pub(crate) fn received_no_c_level() -> Text {
    Text {
        sv: "Handlingsplan inkommen. Området bedöms på 3-gradig skala (A/B/D) utan C-nivå; graderingen kvarstår som D.".into(),
        en: "Action plan received. The area is graded on the 3-level scale (A/B/D), which has no C; the grade stays D.".into(),
    }
}

pub(crate) fn received_incomplete(missing: &[String]) -> Text {
    Text {
        sv: format!(
            "Handlingsplan inkommen men den besvarar inte alla krav: {} saknas eller är ofullständiga. Graderingen kvarstår som D.",
            ids(missing)
        ),
        en: format!(
            "Action plan received, but it does not answer every requirement: {} missing or incomplete. The grade stays D.",
            ids(missing)
        ),
    }
}

pub(crate) fn overridden(computed: Option<Grade>, to: Grade, reason: &str) -> Text {
    let from = computed.map_or_else(|| "ej bedömd".to_string(), |g| g.to_string());
    let from_en = computed.map_or_else(|| "not graded".to_string(), |g| g.to_string());
    Text {
        sv: format!(
            "Inspektören har satt graderingen till {to} (beräknad: {from}). Motivering: {reason}"
        ),
        en: format!("The inspector set the grade to {to} (computed: {from_en}). Reason: {reason}"),
    }
}

/// `one` when `n == 1`, else `many`: number agreement for counted nouns in either language.
pub(crate) fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
