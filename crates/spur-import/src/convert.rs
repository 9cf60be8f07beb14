//! The fields read from the unit's file turned into handlingsplan entries: dates, names, texts
//! and statuses read leniently (Swedish and English words, several date spellings), each
//! problem located in the unit's file.

use super::*;
use spur_core::PlanSlot;
use spur_core::messages::Arg;

use crate::read::RawField;

/// One entry the unit's file gives, with where each field was read.
pub(crate) struct Answer {
    pub(crate) entry: PlanEntry,
    pub(crate) locations: Vec<(Field, Phrase)>,
}

/// What the unit's file answers: the date the plan was received and its entries.
pub(crate) struct Answers {
    pub(crate) received: Option<NaiveDate>,
    pub(crate) received_location: Option<Phrase>,
    pub(crate) entries: Vec<Answer>,
}

fn parse_raw_date(v: &RawValue, loc: &Phrase, problems: &mut Problems) -> Option<NaiveDate> {
    match v {
        RawValue::Date(d) => Some(*d),
        RawValue::Text(t) if t.trim().is_empty() => None,
        RawValue::Text(t) => {
            let t = t.trim();
            // Excel may add a time: `2026-03-01 00:00:00`.
            let head = t
                .get(..10)
                .filter(|_| t.len() > 10 && t.as_bytes()[10] == b' ');
            match parse_human_date(t).or_else(|| head.and_then(parse_date)) {
                Some(d) => Some(d),
                None => {
                    problems.push(Problem::error(
                        loc.clone(),
                        Text::new(Msg::ImportNotADate)
                            .val("text", t)
                            .arg("hint", Msg::ImportDateHint),
                    ));
                    None
                }
            }
        }
        RawValue::List(_) => {
            problems.push(Problem::error(
                loc.clone(),
                Text::new(Msg::ImportListNotDate).arg("hint", Msg::ImportDateHint),
            ));
            None
        }
    }
}

fn names(v: &RawValue) -> Vec<String> {
    match v {
        RawValue::List(l) => l
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        RawValue::Text(t) => t
            .split([',', ';', '\n'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        RawValue::Date(d) => vec![d.to_string()],
    }
}

fn text(v: &RawValue) -> Option<String> {
    let s = match v {
        RawValue::Text(t) => t.trim().to_string(),
        RawValue::List(l) => l.join(", "),
        RawValue::Date(d) => d.to_string(),
    };
    (!s.is_empty()).then_some(s)
}

/// A status label reduced to its words: lower case, punctuation (`,` `;` `-` `–` `_`) as
/// spaces, runs of spaces as one, and the Swedish `ej` read as `inte` — so `Uppföljd, ej
/// effektiv` (the form), `uppföljd, inte effektiv` (the report and the XLSX drop-down),
/// `uppföljd – inte effektiv` and `not_effective` all compare by their words.
fn status_words(s: &str) -> String {
    let s = s.to_lowercase();
    let spaced: String = s
        .chars()
        .map(|c| {
            if matches!(c, ',' | ';' | '-' | '–' | '—' | '_' | '/') {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced
        .split_whitespace()
        .map(|w| if w == "ej" { "inte" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A plan status from its snake_case name or a label (Swedish or English) that the report, the
/// templates or the form offer, compared by [`status_words`].
fn plan_status(s: &str) -> Option<PlanStatus> {
    let s = s.trim();
    if let Ok(p) = s.parse::<PlanStatus>() {
        return Some(p);
    }
    let words = status_words(s);
    for p in [
        PlanStatus::Planned,
        PlanStatus::InProgress,
        PlanStatus::Done,
        PlanStatus::VerifiedEffective,
        PlanStatus::NotEffective,
    ] {
        if status_words(&p.to_string()) == words {
            return Some(p);
        }
        for lang in [spur_report::Lang::Sv, spur_report::Lang::En] {
            let m = spur_report::messages::Messages::for_lang(lang);
            if status_words(m.plan_status_label(p)) == words {
                return Some(p);
            }
        }
    }
    None
}

/// The name under which the unit sees `field` in its file, quoted: the column header (CSV,
/// XLSX) or the row label (DOCX) as written there when the file has the field, else the
/// template's label (in the reader's language); the key in TOML and JSON.
fn shown_name(field: PlanField, format: FilledFormat, read: Option<&RawField>) -> Text {
    let quoted = Text::new(Msg::ImportQuoted);
    match (read, format) {
        (Some(r), _) => quoted.val("name", &r.shown),
        (None, FilledFormat::Toml | FilledFormat::Json) => quoted.val("name", field.key()),
        (None, _) => quoted.arg("name", field.msg()),
    }
}

pub(crate) fn convert(
    raw: &read::Raw,
    format: FilledFormat,
    doc: &InspectionDocument,
    grading: &Grading,
    catalog: &Catalog,
    problems: &mut Problems,
) -> Answers {
    let received = raw
        .received
        .as_ref()
        .and_then(|(v, loc)| parse_raw_date(v, loc, problems));
    let mut entries: Vec<Answer> = Vec::new();
    for e in &raw.entries {
        let id: CriterionId = match e.criterion.trim().parse() {
            Ok(id) if catalog.criterion(id).is_some() => id,
            _ => {
                problems.push(Problem::error(
                    e.location.clone(),
                    Text::new(Msg::ImportNotACriterion)
                        .val("id", &e.criterion)
                        .val("catalog", &catalog.version),
                ));
                continue;
            }
        };
        if entries.iter().any(|a| a.entry.criterion == id) {
            problems.push(Problem::error(
                e.location.clone(),
                Text::new(Msg::ImportAnsweredTwice).val("id", id),
            ));
            continue;
        }
        let mut entry = PlanEntry::blank(id);
        let mut locations = Vec::new();
        // Fields written but not readable (a date that is not one): reported once, where they
        // are, and not again as empty.
        let mut unreadable: Vec<Field> = Vec::new();
        for RawField {
            field, value, at, ..
        } in &e.fields
        {
            let loc = at;
            locations.push((*field, loc.clone()));
            let mut date = |problems: &mut Problems| {
                let before = problems.len();
                let d = parse_raw_date(value, loc, problems);
                if problems.len() > before {
                    unreadable.push(*field);
                }
                d
            };
            match field {
                Field::Plan(f) => match f.slot(&mut entry) {
                    PlanSlot::Text(t) => *t = text(value),
                    PlanSlot::Date(d) => *d = date(problems),
                    PlanSlot::Names(n) => *n = names(value),
                },
                Field::Note => entry.note = text(value),
                Field::Completed => entry.completed = date(problems),
                Field::Status => {
                    if let Some(t) = text(value) {
                        match plan_status(&t) {
                            Some(s) => entry.status = Some(s),
                            None => problems.push(Problem::error(
                                loc.clone(),
                                Text::new(Msg::ImportNotAStatus).val("text", &t),
                            )),
                        }
                    }
                }
            }
        }
        let loc_of = |f: Field| {
            locations
                .iter()
                .find(|(g, _)| *g == f)
                .map_or_else(|| e.location.clone(), |(_, l)| l.clone())
        };
        let visit = doc.inspection.visit_date;
        if let Some(due) = entry.due
            && due < visit
        {
            problems.push(Problem::warning(
                loc_of(Field::Plan(PlanField::Due)),
                Text::new(Msg::ImportDueBeforeVisit)
                    .val("id", id)
                    .val("due", due)
                    .val("visit", visit),
            ));
        }
        if let (Some(due), Some(f)) = (entry.due, entry.follow_up)
            && f < due
        {
            problems.push(Problem::warning(
                loc_of(Field::Plan(PlanField::FollowUp)),
                Text::new(Msg::ImportFollowUpBeforeDue)
                    .val("id", id)
                    .val("follow_up", f)
                    .val("due", due),
            ));
        }
        let item = grading.plan_items.iter().find(|i| i.criterion == id);
        let blank = unreadable.is_empty()
            && entry.missing_fields().len() == PlanField::all().filter(|f| f.is_required()).count()
            && entry.status.is_none()
            && entry.completed.is_none()
            && entry.note.is_none();
        if blank {
            if item.is_some_and(|i| i.relevance == PlanRelevance::Required) {
                problems.push(Problem::warning(
                    e.location.clone(),
                    Text::new(Msg::ImportRequiredUnanswered).val("id", id),
                ));
            }
            continue;
        }
        if item.is_none() {
            problems.push(Problem::warning(
                e.location.clone(),
                Text::new(Msg::ImportNotBrist).val("id", id),
            ));
        }
        let missing: Vec<Text> = entry
            .missing_fields()
            .into_iter()
            .filter_map(PlanField::from_key)
            .filter(|f| !unreadable.contains(&Field::Plan(*f)))
            .map(|f| {
                let read = e.fields.iter().find(|r| r.field == Field::Plan(f));
                shown_name(f, format, read)
            })
            .collect();
        if !missing.is_empty() && item.is_some() {
            problems.push(Problem::warning(
                e.location.clone(),
                Text::new(Msg::ImportNothingWritten)
                    .val("id", id)
                    .arg("fields", Arg::List(missing)),
            ));
        }
        entries.push(Answer { entry, locations });
    }
    for item in &grading.plan_items {
        if item.relevance == PlanRelevance::Required
            && !raw.entries.iter().any(|e| {
                e.criterion
                    .trim()
                    .eq_ignore_ascii_case(&item.criterion.to_string())
            })
            && !doc
                .handlingsplan
                .as_ref()
                .is_some_and(|p| p.entries.iter().any(|e| e.criterion == item.criterion))
        {
            problems.push(Problem::warning(
                Msg::ImportTheFile,
                Text::new(Msg::ImportRequiredMissing).val("id", item.criterion),
            ));
        }
    }
    Answers {
        received,
        received_location: raw.received.as_ref().map(|(_, l)| l.clone()),
        entries,
    }
}

pub(crate) fn show_list(v: &[String]) -> String {
    v.join(", ")
}
