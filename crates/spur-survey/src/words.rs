//! The words of the survey's documents, in Swedish and English: one table, both languages side
//! by side (the diagnostics' words are in `spur_core::messages`).

use spur_core::{AreaId, Catalog, Lang};

use crate::{Group, MIN_ANONYMOUS};

/// The fixed words of the questions document, the summary and the survey page.
#[derive(Debug)]
pub(crate) struct Words {
    pub title: &'static str,
    pub intro: &'static str,
    pub anonymity: &'static str,
    pub shown_as_theirs: &'static str,
    pub scale: &'static str,
    pub group: &'static str,
    pub groups: &'static str,
    pub statement: &'static str,
    pub area: &'static str,
    pub criteria: &'static str,
    pub free_text: &'static str,
    pub summary_title: &'static str,
    pub summary_intro: &'static str,
    pub respondents: &'static str,
    pub answers: &'static str,
    pub share_positive: &'static str,
    pub too_few: &'static str,
    pub withheld: &'static str,
    pub shown_individually: &'static str,
    pub no_answers: &'static str,
    pub discrepancies: &'static str,
    pub discrepancies_intro: &'static str,
    pub no_discrepancies: &'static str,
    pub difference: &'static str,
    pub free_texts: &'static str,
    pub answered: &'static str,
    pub send: &'static str,
    pub thanks_title: &'static str,
    pub thanks: &'static str,
    pub saved_locally: &'static str,
    pub required_note: &'static str,
    pub sending: &'static str,
    pub send_failed: &'static str,
    pub skip_to_content: &'static str,
    pub progress: &'static str,
}

const SV: Words = Words {
    title: "Förenkät inför SPUR-granskning",
    intro: "Påståendena gäller de åtta områden som granskas i SPUR. Svara utifrån din egen erfarenhet av ST-utbildningen på enheten. Välj \"Ej relevant\" om påståendet inte gäller dig.",
    anonymity: "Svaren är anonyma. Handledarnas och ST-läkarnas svar redovisas bara per grupp och bara när minst tre i gruppen har svarat; fritexter redovisas per område.",
    shown_as_theirs: "Du svarar som verksamhetschef eller studierektor. Dina svar talar för enhetens ledning och redovisas som dina.",
    scale: "Svarsskala",
    group: "Grupp",
    groups: "Grupper",
    statement: "Påstående",
    area: "Område",
    criteria: "Kriterier",
    free_text: "Övriga kommentarer om området (frivilligt)",
    summary_title: "Förenkät: sammanställning",
    summary_intro: "Andel \"stämmer helt/ganska bra\" är svaren 1–2 av alla svar utom \"Ej relevant\".",
    respondents: "Svarande",
    answers: "Svar",
    share_positive: "Andel helt/ganska bra",
    too_few: "för få svar",
    withheld: "Gruppens siffror och fritexter redovisas inte när färre än tre har svarat.",
    shown_individually: "svar redovisas som personens",
    no_answers: "inga svar",
    discrepancies: "Skillnader mellan handledare och ST-läkare",
    discrepancies_intro: "Parade påståenden där andelen helt/ganska bra skiljer sig med minst marginalen",
    no_discrepancies: "Inga skillnader över marginalen.",
    difference: "Skillnad",
    free_texts: "Fritexter",
    answered: "Besvarad",
    send: "Skicka svaren",
    thanks_title: "Tack för dina svar!",
    thanks: "Dina svar är skickade. Du kan stänga sidan.",
    saved_locally: "Dina svar sparas i den här webbläsaren tills du skickar dem.",
    required_note: "Du kan skicka även om du inte har svarat på allt.",
    sending: "Skickar …",
    send_failed: "Svaren kunde inte skickas. Försök igen; dina svar finns kvar.",
    skip_to_content: "Hoppa till enkäten",
    progress: "besvarade",
};

const EN: Words = Words {
    title: "Pre-visit survey for a SPUR inspection",
    intro: "The statements concern the eight areas a SPUR inspection reviews. Answer from your own experience of ST training at the unit. Choose \"Not relevant\" if a statement does not apply to you.",
    anonymity: "Answers are anonymous. The supervisors' and ST doctors' answers are shown only per group and only when at least three in the group have answered; free texts are shown per area.",
    shown_as_theirs: "You answer as head of unit or director of studies. Your answers speak for the unit's management and are shown as yours.",
    scale: "Answer scale",
    group: "Group",
    groups: "Groups",
    statement: "Statement",
    area: "Area",
    criteria: "Criteria",
    free_text: "Other comments on this area (optional)",
    summary_title: "Pre-visit survey: summary",
    summary_intro: "The share \"fully/largely agree\" is answers 1–2 over all answers except \"Not relevant\".",
    respondents: "Respondents",
    answers: "Answers",
    share_positive: "Share fully/largely agree",
    too_few: "too few answers",
    withheld: "A group's figures and free texts are not shown when fewer than three have answered.",
    shown_individually: "answers shown as the person's",
    no_answers: "no answers",
    discrepancies: "Differences between supervisors and ST doctors",
    discrepancies_intro: "Paired statements whose share fully/largely agree differs by at least the margin",
    no_discrepancies: "No differences above the margin.",
    difference: "Difference",
    free_texts: "Free texts",
    answered: "Answered",
    send: "Send answers",
    thanks_title: "Thank you for your answers!",
    thanks: "Your answers have been sent. You can close this page.",
    saved_locally: "Your answers are kept in this browser until you send them.",
    required_note: "You can send even if you have not answered everything.",
    sending: "Sending …",
    send_failed: "The answers could not be sent. Try again; your answers are kept.",
    skip_to_content: "Skip to the survey",
    progress: "answered",
};

pub(crate) fn words(lang: Lang) -> &'static Words {
    // The anonymity sentence states the threshold; keep it in step with the constant.
    const _: () = assert!(MIN_ANONYMOUS == 3);
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// The area's title in `lang`, from the embedded catalog (`A. Verksamheten`).
pub(crate) fn area_title(area: AreaId, lang: Lang) -> String {
    let a = Catalog::embedded().area(area);
    let name = match lang {
        Lang::Sv => &a.sv,
        Lang::En => &a.en,
    };
    format!("{area}. {name}")
}

/// Group labels joined with `, `.
pub(crate) fn group_list(groups: &[Group], lang: Lang) -> String {
    groups
        .iter()
        .map(|g| g.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A share as a whole percentage (`67 %`).
pub(crate) fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round() {
        assert_eq!(percent(2.0 / 3.0), "67 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(1.0), "100 %");
    }
}
