//! The fields read from the unit's file turned into handlingsplan entries: dates, names, texts
//! and statuses read leniently (Swedish and English words, several date spellings), each
//! problem located in the unit's file.

use super::*;

/// One entry the unit's file gives, with where each field was read.
pub(crate) struct Answer {
    pub(crate) entry: PlanEntry,
    pub(crate) locations: Vec<(Field, String)>,
}

/// What the unit's file answers: the date the plan was received and its entries.
pub(crate) struct Answers {
    pub(crate) received: Option<NaiveDate>,
    pub(crate) received_location: Option<String>,
    pub(crate) entries: Vec<Answer>,
}

fn date_hint() -> &'static str {
    "write dates as YYYY-MM-DD, e.g. 2026-03-01 (or 1 mars 2026)"
}

fn parse_raw_date(v: &RawValue, loc: &str, problems: &mut Problems) -> Option<NaiveDate> {
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
                        loc,
                        format!("`{t}` is not a date: {}", date_hint()),
                    ));
                    None
                }
            }
        }
        RawValue::List(_) => {
            problems.push(Problem::error(
                loc,
                format!("expected a date, found a list: {}", date_hint()),
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

/// The name under which the unit sees `field` in its file: the column header (CSV, XLSX) or the
/// row label (DOCX) as written there, taken from the field's location; the key in TOML and
/// JSON. Quoted.
fn shown_name(field: Field, format: FilledFormat, location: Option<&str>) -> String {
    let from_location = location.and_then(|loc| match format {
        // `row 2, column I (Datum för uppföljning)`
        FilledFormat::Csv | FilledFormat::Xlsx => loc
            .rsplit_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .map(str::to_string),
        // `table 1 (D.F6), row "Datum för uppföljning"`
        FilledFormat::Docx => loc
            .rsplit_once(", row \"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
            .map(str::to_string),
        FilledFormat::Toml | FilledFormat::Json => None,
    });
    let name = from_location.unwrap_or_else(|| match format {
        FilledFormat::Toml | FilledFormat::Json => field.key().to_string(),
        _ => {
            let m = spur_report::messages::Messages::for_lang(spur_report::Lang::Sv);
            match field {
                Field::Action => m.action,
                Field::Due => m.due,
                Field::Responsible => m.responsible,
                Field::FollowUp => m.follow_up,
                Field::FollowUpResponsible => m.follow_up_responsible,
                Field::Status => m.plan_status,
                Field::Completed => m.completed,
                Field::Note => m.note,
            }
            .to_string()
        }
    });
    format!("\"{name}\"")
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
                    format!(
                        "`{}` is not a criterion of catalog {}",
                        e.criterion, catalog.version
                    ),
                ));
                continue;
            }
        };
        if entries.iter().any(|a| a.entry.criterion == id) {
            problems.push(Problem::error(
                e.location.clone(),
                format!("{id} is answered twice"),
            ));
            continue;
        }
        let mut entry = PlanEntry::blank(id);
        let mut locations = Vec::new();
        // Fields written but not readable (a date that is not one): reported once, where they
        // are, and not again as empty.
        let mut unreadable: Vec<Field> = Vec::new();
        for (field, value, loc) in &e.fields {
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
                Field::Action => entry.action = text(value),
                Field::Note => entry.note = text(value),
                Field::Due => entry.due = date(problems),
                Field::FollowUp => entry.follow_up = date(problems),
                Field::Completed => entry.completed = date(problems),
                Field::Responsible => entry.responsible = names(value),
                Field::FollowUpResponsible => entry.follow_up_responsible = names(value),
                Field::Status => {
                    if let Some(t) = text(value) {
                        match plan_status(&t) {
                            Some(s) => entry.status = Some(s),
                            None => problems.push(Problem::error(
                                loc.clone(),
                                format!(
                                    "`{t}` is not a plan status: use planned, in_progress, done, verified_effective or not_effective"
                                ),
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
                loc_of(Field::Due),
                format!("{id}: due {due} is before the visit ({visit})"),
            ));
        }
        if let (Some(due), Some(f)) = (entry.due, entry.follow_up)
            && f < due
        {
            problems.push(Problem::warning(
                loc_of(Field::FollowUp),
                format!("{id}: follow-up {f} is before the due date {due}"),
            ));
        }
        let item = grading.plan_items.iter().find(|i| i.criterion == id);
        let blank = unreadable.is_empty()
            && entry.missing_fields().len() == 5
            && entry.status.is_none()
            && entry.completed.is_none()
            && entry.note.is_none();
        if blank {
            if item.is_some_and(|i| i.relevance == PlanRelevance::Required) {
                problems.push(Problem::warning(
                    e.location.clone(),
                    format!("{id} is required and was left unanswered"),
                ));
            }
            continue;
        }
        if item.is_none() {
            problems.push(Problem::warning(
                e.location.clone(),
                format!("{id} is not a brist of this inspection; the answer is kept"),
            ));
        }
        let missing: Vec<String> = entry
            .missing_fields()
            .into_iter()
            .filter_map(|key| Field::ALL.into_iter().find(|f| f.key() == key))
            .filter(|f| !unreadable.contains(f))
            .map(|f| {
                let at = locations
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, l)| l.as_str());
                shown_name(f, format, at)
            })
            .collect();
        if !missing.is_empty() && item.is_some() {
            problems.push(Problem::warning(
                e.location.clone(),
                format!("{id}: nothing written in {}", missing.join(", ")),
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
                "the unit's file",
                format!("required item {} is missing", item.criterion),
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
