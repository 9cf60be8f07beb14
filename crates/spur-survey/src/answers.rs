//! Answers: one [`Response`] per respondent (group, statement → step, free text per area, the
//! day it was answered), and [`AnswerSheet`], answers collected elsewhere read from CSV.
//!
//! ## The answers CSV
//!
//! One row per answer; a header row names the columns, in English or Swedish, in any order:
//!
//! | column | Swedish | holds |
//! |---|---|---|
//! | `respondent` | `svarande` | a pseudonym (`H1`, `ST3`): the rows with the same respondent are one person's answers; it is not shown anywhere |
//! | `group` | `grupp` | `verksamhetschef`, `studierektor`, `handledare` or `st-lakare` (or their names: `ST-läkare`, `Handledare`, …) |
//! | `statement` | `påstående` | a statement id (`H.S3`), or `H.fritext` for the area's free text |
//! | `answer` | `svar` | a step: `stammer_helt`, `stammer_ganska_bra`, `stammer_ganska_dalig`, `stammer_inte_alls`, `ej_relevant`, its words (`Stämmer helt`, `Fully agree`) or number (1–4, 0 for Ej relevant); the text for a `fritext` row; empty for not answered |
//! | `date` | `datum` | optional: the day answered, `YYYY-MM-DD` (no time of day) |
//!
//! `;` or `,` separates (whichever the header row uses more); a UTF-8 BOM is skipped. Every
//! problem is reported at once, located at its row and column, in Swedish and English.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use spur_core::messages::{Msg, Text};
use spur_core::{AreaId, Code, Diagnostic, Diagnostics, Listing, Location, MAX_PROBLEMS};

use crate::{Error, Group, Step, Survey};

/// One respondent's answers: what the store keeps of a submission (no token, no person, the
/// day only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The respondent's group.
    pub group: Group,
    /// The day the answers were given, if known (never a time of day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<NaiveDate>,
    /// Statement id → the step chosen. Statements left unanswered are absent.
    #[serde(default)]
    pub answers: BTreeMap<String, Step>,
    /// Area → the free text given for it.
    #[serde(default)]
    pub free_texts: BTreeMap<AreaId, String>,
}

impl Response {
    /// An empty response of `group`.
    pub fn new(group: Group) -> Response {
        Response {
            group,
            answered: None,
            answers: BTreeMap::new(),
            free_texts: BTreeMap::new(),
        }
    }

    /// With the answer `step` to statement `id`.
    #[must_use]
    pub fn answer(mut self, id: &str, step: Step) -> Response {
        self.answers.insert(id.to_string(), step);
        self
    }

    /// With the free text `text` for `area`.
    #[must_use]
    pub fn free_text(mut self, area: AreaId, text: &str) -> Response {
        self.free_texts.insert(area, text.to_string());
        self
    }

    /// Answered on `day`.
    #[must_use]
    pub fn on(mut self, day: NaiveDate) -> Response {
        self.answered = Some(day);
        self
    }
}

/// The longest free text a form may post, in characters.
pub const MAX_FREE_TEXT: usize = 4000;

impl Response {
    /// Read the fields a [survey page](crate::survey_page) posts — `<statement id>=<step id>`
    /// and `<area>.fritext=<text>`, already URL-decoded — as `group`'s response given on `day`.
    /// Empty values are unanswered. Every problem is reported (the field name as its path).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use spur_survey::{Group, Response, Step, Survey};
    /// let survey = Survey::embedded(None).unwrap();
    /// let day = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
    /// let r = Response::from_form(&survey, Group::StLakare, day,
    ///     [("H.S3", "stammer_ganska_dalig"), ("H.fritext", "Sällan återkoppling."), ("E.S1", "")]).unwrap();
    /// assert_eq!(r.answers["H.S3"], Step::StammerGanskaDalig);
    /// assert_eq!(r.answers.len(), 1);
    /// assert!(Response::from_form(&survey, Group::StLakare, day, [("H.S2", "stammer_helt")]).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with every problem: unknown fields, statements not put to `group`,
    /// values that are not steps, a field given twice, a free text over [`MAX_FREE_TEXT`]
    /// characters.
    pub fn from_form<'a>(
        survey: &Survey,
        group: Group,
        day: NaiveDate,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Response, Error> {
        let mut response = Response::new(group).on(day);
        let mut problems = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in fields {
            let err = |code: Code, msg: Text| Diagnostic::error(code, name.to_string(), msg);
            if seen.contains(&name) {
                problems.push(err(
                    Code::Duplicate,
                    Text::new(Msg::SurveyAnsweredTwice)
                        .arg("respondent", "-")
                        .arg("id", spur_core::spanned::clip(name)),
                ));
                continue;
            }
            seen.push(name);
            if let Some((letter, rest)) = name.split_once('.')
                && rest == "fritext"
                && let Ok(area) = letter.parse::<AreaId>()
            {
                let text = value.trim();
                if text.chars().count() > MAX_FREE_TEXT {
                    problems.push(err(
                        Code::InvalidValue,
                        Text::new(Msg::SurveyFreeTextLong).val("max", MAX_FREE_TEXT),
                    ));
                } else if !text.is_empty() {
                    response.free_texts.insert(area, text.to_string());
                }
                continue;
            }
            let Some(s) = survey.statement(name) else {
                problems.push(err(
                    Code::UnknownField,
                    Text::new(Msg::SurveyUnknownStatement)
                        .arg("id", spur_core::spanned::clip(name)),
                ));
                continue;
            };
            if !s.is_for(group) {
                problems.push(err(
                    Code::InvalidValue,
                    Text::new(Msg::SurveyNotForGroup)
                        .arg("id", s.id.as_str())
                        .arg("group", group.id()),
                ));
                continue;
            }
            if value.trim().is_empty() {
                continue;
            }
            match value.trim().parse::<Step>() {
                Ok(step) => {
                    response.answers.insert(s.id.clone(), step);
                }
                Err(_) => problems.push(err(
                    Code::InvalidValue,
                    Text::new(Msg::SurveyUnknownStep).arg("text", spur_core::spanned::clip(value)),
                )),
            }
        }
        if problems.is_empty() {
            Ok(response)
        } else {
            Err(Error::Invalid(Diagnostics(problems)))
        }
    }
}

/// Answers read from a CSV file: one [`Response`] per respondent, in the order of their
/// pseudonyms (never the file's row order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSheet {
    /// The responses.
    pub responses: Vec<Response>,
}

impl spur_core::read::Document for AnswerSheet {
    type Error = Error;
    fn invalid(diagnostics: Diagnostics) -> Error {
        Error::Invalid(diagnostics)
    }
}

/// The columns of an answers file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Respondent,
    Group,
    Statement,
    Answer,
    Date,
}

impl Column {
    const ALL: [Column; 5] = [
        Column::Respondent,
        Column::Group,
        Column::Statement,
        Column::Answer,
        Column::Date,
    ];

    fn names(self) -> [&'static str; 2] {
        match self {
            Column::Respondent => ["respondent", "svarande"],
            Column::Group => ["group", "grupp"],
            Column::Statement => ["statement", "påstående"],
            Column::Answer => ["answer", "svar"],
            Column::Date => ["date", "datum"],
        }
    }

    fn from_header(h: &str) -> Option<Column> {
        let h = h.trim().to_lowercase();
        let folded = h.replace(['å', 'ä'], "a").replace('ö', "o");
        Column::ALL.into_iter().find(|c| {
            c.names()
                .iter()
                .any(|n| *n == h || n.replace(['å', 'ä'], "a").replace('ö', "o") == folded)
        })
    }
}

impl AnswerSheet {
    /// Read answers from CSV `source` (named `file` in problems), checking every row against
    /// `survey`: known groups, statements and steps, each statement put to the respondent's
    /// group, a respondent in one group with one date, each statement and area free text
    /// answered at most once per respondent.
    ///
    /// ```
    /// use spur_survey::{AnswerSheet, Group, Step, Survey};
    /// let survey = Survey::embedded(None).unwrap();
    /// let csv = "svarande;grupp;påstående;svar;datum\nH1;handledare;H.S2;Stämmer helt;2026-01-12\nH1;handledare;H.fritext;Vi ger återkoppling.;2026-01-12\n";
    /// let sheet = AnswerSheet::check(csv, "svar.csv", &survey).into_result().unwrap().0;
    /// assert_eq!(sheet.responses[0].group, Group::Handledare);
    /// assert_eq!(sheet.responses[0].answers["H.S2"], Step::StammerHelt);
    ///
    /// let bad = "respondent;group;statement;answer\nS1;st-lakare;H.S2;ja\n";
    /// let text = AnswerSheet::check(bad, "svar.csv", &survey).diagnostics.to_string();
    /// assert!(text.contains("svar.csv:2:"), "{text}");
    /// assert!(text.contains("statement `H.S2` is not put to st-lakare"), "{text}");
    /// // (the row's answer is checked once its statement is one of the group's)
    /// ```
    pub fn check(source: &str, file: &str, survey: &Survey) -> spur_core::Checked<AnswerSheet> {
        let text = source.strip_prefix('\u{feff}').unwrap_or(source);
        let mut reading = Reading {
            file,
            text,
            survey,
            listing: Listing::new(MAX_PROBLEMS),
            line_index: spur_core::LineIndex::new(text),
        };
        let sheet = reading.read();
        spur_core::Checked::listed(sheet, reading.listing, file)
    }

    /// Read answers from CSV bytes: [`AnswerSheet::check`] after checking the bytes are UTF-8.
    pub fn check_bytes(
        bytes: &[u8],
        file: &str,
        survey: &Survey,
    ) -> spur_core::Checked<AnswerSheet> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::check(text, file, survey),
            Err(e) => {
                let d = Diagnostic::error(
                    Code::Syntax,
                    "",
                    Text::new(Msg::SurveyNotUtf8).val("byte", e.valid_up_to()),
                )
                .with_hint(Msg::SurveyNotUtf8Hint)
                .at(Some(Location::file_only(file)));
                spur_core::Checked::new(None, vec![d])
            }
        }
    }
}

/// One respondent being collected.
struct Collected {
    response: Response,
    seen: BTreeMap<String, Range<usize>>,
    free_seen: BTreeMap<AreaId, Range<usize>>,
}

struct Reading<'a> {
    file: &'a str,
    text: &'a str,
    survey: &'a Survey,
    listing: Listing,
    line_index: spur_core::LineIndex,
}

impl Reading<'_> {
    fn loc(&self, span: Range<usize>) -> Location {
        Location::from_span_indexed(self.file, self.text, &self.line_index, span)
    }

    fn push(&mut self, d: Diagnostic) {
        self.listing.push(d);
    }

    fn error(&self, code: Code, path: String, span: Range<usize>, msg: Text) -> Diagnostic {
        Diagnostic::error(code, path, msg).at(Some(self.loc(span)))
    }

    fn read(&mut self) -> Option<AnswerSheet> {
        let first = self.text.lines().next().unwrap_or("");
        let delimiter = [b';', b',', b'\t']
            .into_iter()
            .max_by_key(|d| first.matches(char::from(*d)).count())
            .filter(|d| first.contains(char::from(*d)))
            .unwrap_or(b';');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        // Every record with where it starts (byte offset), so fields can be located.
        let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let start = r.position().map_or(0, |p| p.byte() as usize);
                    rows.push((start, r));
                }
                Err(e) => {
                    let at = e.position().map_or(0, |p| p.byte() as usize);
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let detail = match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => "not UTF-8".to_string(),
                        _ => e.to_string(),
                    };
                    let d = self.error(
                        Code::Syntax,
                        format!("row {line}"),
                        at..at,
                        Text::new(Msg::SurveyBadRow).arg("detail", detail),
                    );
                    self.push(d);
                    return None;
                }
            }
        }
        let Some((header_start, header)) = rows.first().cloned() else {
            let d = Diagnostic::error(Code::MissingField, "", Text::new(Msg::SurveyNoHeader))
                .with_hint(Msg::SurveyColumnsHint)
                .at(Some(Location::file_only(self.file)));
            self.push(d);
            return None;
        };
        let header_spans = field_spans(self.text, header_start, delimiter, header.len());
        let mut columns: BTreeMap<usize, Column> = BTreeMap::new();
        for (i, h) in header.iter().enumerate() {
            let span = header_spans
                .get(i)
                .cloned()
                .unwrap_or(header_start..header_start);
            if h.trim().is_empty() {
                continue;
            }
            match Column::from_header(h) {
                Some(c) if !columns.values().any(|x| *x == c) => {
                    columns.insert(i, c);
                }
                _ => {
                    let d = self
                        .error(
                            Code::UnknownField,
                            format!("row 1, column {}", column_letter(i)),
                            span,
                            Text::new(Msg::SurveyUnknownColumn)
                                .arg("column", spur_core::spanned::clip(h.trim())),
                        )
                        .with_hint(Msg::SurveyColumnsHint);
                    self.push(d);
                }
            }
        }
        let col = |c: Column| columns.iter().find(|(_, x)| **x == c).map(|(i, _)| *i);
        let mut missing = false;
        for c in [
            Column::Respondent,
            Column::Group,
            Column::Statement,
            Column::Answer,
        ] {
            if col(c).is_none() {
                missing = true;
                let d = self
                    .error(
                        Code::MissingField,
                        "row 1".into(),
                        header_start..header_start,
                        Text::new(Msg::SurveyMissingColumn).arg("column", c.names()[0]),
                    )
                    .with_hint(Msg::SurveyColumnsHint);
                self.push(d);
            }
        }
        if missing {
            return None;
        }
        let (Some(c_resp), Some(c_group), Some(c_stmt), Some(c_answer)) = (
            col(Column::Respondent),
            col(Column::Group),
            col(Column::Statement),
            col(Column::Answer),
        ) else {
            return None;
        };
        let c_date = col(Column::Date);
        let mut people: BTreeMap<String, Collected> = BTreeMap::new();
        for (start, record) in rows.iter().skip(1) {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let row = record.position().map_or(0, |p| p.line() as usize);
            let spans = field_spans(self.text, *start, delimiter, record.len());
            let cell = |i: usize| record.get(i).unwrap_or("").trim();
            let span = |i: usize| {
                spans
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| spans.last().map_or(*start..*start, |s| s.end..s.end))
            };
            let path = |i: usize| {
                let name = header.get(i).unwrap_or("").trim();
                format!("row {row}, column {} ({name})", column_letter(i))
            };
            // Respondent
            let respondent = cell(c_resp);
            if respondent.is_empty() {
                let d = self
                    .error(
                        Code::MissingField,
                        path(c_resp),
                        span(c_resp),
                        Text::new(Msg::SurveyNoRespondent),
                    )
                    .with_hint(Msg::SurveyRespondentHint);
                self.push(d);
            }
            // Group
            let group = Group::from_name(cell(c_group));
            if group.is_none() {
                let d = self
                    .error(
                        Code::InvalidValue,
                        path(c_group),
                        span(c_group),
                        Text::new(Msg::SurveyUnknownGroup)
                            .arg("text", spur_core::spanned::clip(cell(c_group))),
                    )
                    .with_hint(
                        Text::new(Msg::SurveyGroupsHint)
                            .arg("groups", crate::statements::group_ids()),
                    );
                self.push(d);
            }
            // Date
            let mut date = None;
            if let Some(c) = c_date
                && !cell(c).is_empty()
            {
                date = spur_core::parse_date(cell(c));
                if date.is_none() {
                    let d = self
                        .error(
                            Code::BadDate,
                            path(c),
                            span(c),
                            Text::new(Msg::BadDate).arg("text", spur_core::spanned::clip(cell(c))),
                        )
                        .with_hint(Msg::BadDateHint);
                    self.push(d);
                }
            }
            // Statement and answer
            let stmt = cell(c_stmt);
            let answer_text = record.get(c_answer).unwrap_or("");
            let target = self.target(stmt, group);
            let target = match target {
                Ok(t) => Some(t),
                Err(msg) => {
                    let area = stmt
                        .chars()
                        .next()
                        .filter(|c| ('A'..='H').contains(c))
                        .unwrap_or('H');
                    let hint = match (&msg.1, self.survey.closest_id(stmt)) {
                        (Some(h), _) => h.clone(),
                        (None, Some(c)) => Text::new(Msg::DidYouMean).arg("name", c),
                        (None, None) => Text::new(Msg::SurveyStatementHint).val("area", area),
                    };
                    let d = self
                        .error(msg.2, path(c_stmt), span(c_stmt), msg.0)
                        .with_hint(hint);
                    self.push(d);
                    None
                }
            };
            let value = match target {
                Some(Target::Statement(_)) if answer_text.trim().is_empty() => None,
                Some(Target::Statement(id)) => match Step::from_answer(answer_text) {
                    Some(s) => Some(Value::Step(id, s)),
                    None => {
                        let steps = Step::ALL
                            .iter()
                            .map(|s| s.id())
                            .collect::<Vec<_>>()
                            .join(", ");
                        let d = self
                            .error(
                                Code::InvalidValue,
                                path(c_answer),
                                span(c_answer),
                                Text::new(Msg::SurveyUnknownStep)
                                    .arg("text", spur_core::spanned::clip(answer_text.trim())),
                            )
                            .with_hint(Text::new(Msg::SurveyStepsHint).arg("steps", steps));
                        self.push(d);
                        None
                    }
                },
                Some(Target::FreeText(_)) if answer_text.trim().is_empty() => None,
                Some(Target::FreeText(area)) => {
                    Some(Value::Text(area, answer_text.trim().to_string()))
                }
                None => None,
            };
            let (Some(group), false) = (group, respondent.is_empty()) else {
                continue;
            };
            let person = people
                .entry(respondent.to_string())
                .or_insert_with(|| Collected {
                    response: Response::new(group),
                    seen: BTreeMap::new(),
                    free_seen: BTreeMap::new(),
                });
            if person.response.group != group {
                let other = person.response.group;
                let d = self.error(
                    Code::InvalidValue,
                    path(c_group),
                    span(c_group),
                    Text::new(Msg::SurveyTwoGroups)
                        .arg("respondent", spur_core::spanned::clip(respondent))
                        .arg("group", group.id())
                        .arg("other", other.id()),
                );
                self.push(d);
                continue;
            }
            if let (Some(c), Some(day)) = (c_date, date) {
                match person.response.answered {
                    Some(earlier) if earlier != day => {
                        let d = self
                            .error(
                                Code::InvalidValue,
                                path(c),
                                span(c),
                                Text::new(Msg::SurveyTwoDates)
                                    .arg("respondent", spur_core::spanned::clip(respondent))
                                    .val("date", day)
                                    .val("other", earlier),
                            )
                            .with_hint(Msg::SurveyTwoDatesHint);
                        self.push(d);
                    }
                    Some(_) => {}
                    None => {
                        person.response.answered = Some(day);
                    }
                }
            }
            match value {
                Some(Value::Step(id, step)) => {
                    if let Some(first) = person.seen.get(&id).cloned() {
                        let msg = Text::new(Msg::SurveyAnsweredTwice)
                            .arg("respondent", spur_core::spanned::clip(respondent))
                            .arg("id", id.as_str());
                        let first = self.loc(first);
                        let d = self
                            .error(Code::Duplicate, path(c_stmt), span(c_stmt), msg)
                            .with_label(first, Msg::FirstGivenHere);
                        self.push(d);
                    } else {
                        person.seen.insert(id.clone(), span(c_stmt));
                        person.response.answers.insert(id, step);
                    }
                }
                Some(Value::Text(area, text)) => {
                    if let Some(first) = person.free_seen.get(&area).cloned() {
                        let msg = Text::new(Msg::SurveyFreeTextTwice)
                            .arg("respondent", spur_core::spanned::clip(respondent))
                            .val("area", area);
                        let first = self.loc(first);
                        let d = self
                            .error(Code::Duplicate, path(c_stmt), span(c_stmt), msg)
                            .with_label(first, Msg::FirstGivenHere);
                        self.push(d);
                    } else {
                        person.free_seen.insert(area, span(c_stmt));
                        person.response.free_texts.insert(area, text);
                    }
                }
                None => {}
            }
        }
        Some(AnswerSheet {
            responses: people.into_values().map(|c| c.response).collect(),
        })
    }

    /// What a `statement` cell names, or the problem (message, hint, code).
    #[allow(clippy::type_complexity)]
    fn target(
        &self,
        stmt: &str,
        group: Option<Group>,
    ) -> Result<Target, (Text, Option<Text>, Code)> {
        if let Some((letter, rest)) = stmt.split_once('.')
            && rest.eq_ignore_ascii_case("fritext")
            && let Ok(area) = letter.trim().parse::<AreaId>()
        {
            return Ok(Target::FreeText(area));
        }
        let Some(s) = self.survey.statement(stmt) else {
            return Err((
                Text::new(Msg::SurveyUnknownStatement).arg("id", spur_core::spanned::clip(stmt)),
                None,
                Code::InvalidValue,
            ));
        };
        if let Some(g) = group
            && !s.is_for(g)
        {
            let to = s
                .groups
                .iter()
                .map(|g| g.id())
                .collect::<Vec<_>>()
                .join(", ");
            return Err((
                Text::new(Msg::SurveyNotForGroup)
                    .arg("id", s.id.as_str())
                    .arg("group", g.id()),
                Some(Text::new(Msg::SurveyPutTo).arg("groups", to)),
                Code::InvalidValue,
            ));
        }
        Ok(Target::Statement(s.id.clone()))
    }
}

enum Target {
    Statement(String),
    FreeText(AreaId),
}

enum Value {
    Step(String, Step),
    Text(AreaId, String),
}

/// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The byte ranges of the first `n` fields of the record starting at `start` in `text`: a
/// quoted field's range covers its quotes. Used to locate a problem at its cell.
fn field_spans(text: &str, start: usize, delimiter: u8, n: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(n);
    let mut i = start;
    while out.len() < n && i <= b.len() {
        let field_start = i;
        if b.get(i) == Some(&b'"') {
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < b.len() && b[i] != delimiter && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        out.push(field_start..i);
        if i < b.len() && b[i] == delimiter {
            i += 1;
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> Survey {
        Survey::embedded(None).unwrap()
    }

    fn problems(csv: &str) -> String {
        AnswerSheet::check(csv, "a.csv", &survey())
            .diagnostics
            .to_string()
    }

    #[test]
    fn fields_are_located_with_quotes_and_delimiters_inside_them() {
        let text = "a;\"b;\"\"c\"\";d\";e\nf";
        let spans = field_spans(text, 0, b';', 3);
        let got: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(got, ["a", "\"b;\"\"c\"\";d\"", "e"]);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn a_clean_file_reads_into_one_response_per_respondent() {
        let csv = "\u{feff}respondent;group;statement;answer;date\r\nS2;ST-läkare;H.S3;2;2026-01-12\r\nS1;st-lakare;H.S3;Stämmer inte alls;\r\nS1;st-lakare;H.fritext;\"Vi får sällan; om ens, återkoppling\";\r\nS1;st-lakare;H.S5;;\r\n;;;;\r\n";
        let (sheet, _) = AnswerSheet::check(csv, "a.csv", &survey())
            .into_result()
            .unwrap();
        assert_eq!(sheet.responses.len(), 2);
        let s1 = &sheet.responses[0];
        assert_eq!(s1.answers.len(), 1, "the blank H.S5 is not an answer");
        assert_eq!(s1.answers["H.S3"], Step::StammerInteAlls);
        assert_eq!(
            s1.free_texts[&AreaId::H],
            "Vi får sällan; om ens, återkoppling"
        );
        assert_eq!(
            sheet.responses[1].answered,
            NaiveDate::from_ymd_opt(2026, 1, 12)
        );
    }

    #[test]
    fn commas_and_swedish_headers_work_too() {
        let csv = "Svarande,Grupp,Påstående,Svar\nV,Verksamhetschef,A.S1,Stämmer helt\n";
        let (sheet, _) = AnswerSheet::check(csv, "a.csv", &survey())
            .into_result()
            .unwrap();
        assert_eq!(sheet.responses[0].group, Group::Verksamhetschef);
    }

    #[test]
    fn every_row_problem_is_reported_at_once_and_located() {
        let csv = "respondent;group;statement;answer;date\n\
            ;handledare;H.S2;1;\n\
            H1;chef;H.S2;1;\n\
            H2;handledare;H.S99;1;\n\
            H3;handledare;H.S3;1;\n\
            H4;handledare;H.S2;kanske;\n\
            H5;handledare;H.S2;1;2026-01-12 10:15\n\
            H6;handledare;H.S2;1;\n\
            H6;st-lakare;H.S3;1;\n\
            H7;handledare;H.S2;1;\n\
            H7;handledare;H.S2;2;\n\
            H8;handledare;H.fritext;a;\n\
            H8;handledare;H.fritext;b;\n\
            H9;handledare;H.S2;1;2026-01-12\n\
            H9;handledare;H.S4;1;2026-01-13\n";
        let text = problems(csv);
        for (expected, line) in [
            ("the respondent is empty", 2),
            ("`chef` is not a survey group", 3),
            ("unknown statement id `H.S99`", 4),
            ("statement `H.S3` is not put to handledare", 5),
            ("`kanske` is not an answer on the scale", 6),
            ("`2026-01-12 10:15` is not a valid date", 7),
            ("respondent `H6` is st-lakare here but handledare", 9),
            ("respondent `H7` answers `H.S2` twice", 11),
            ("respondent `H8` gives two free texts for area H", 13),
            (
                "respondent `H9` answered on 2026-01-13 here but on 2026-01-12",
                15,
            ),
        ] {
            assert!(text.contains(expected), "{expected}:\n{text}");
            assert!(
                text.contains(&format!("a.csv:{line}:")),
                "{expected} on line {line}:\n{text}"
            );
        }
        let d = AnswerSheet::check(csv, "a.csv", &survey()).diagnostics;
        let sv = spur_core::render::diagnostics_in(&d.0, false, spur_core::Lang::Sv);
        assert!(sv.contains("`kanske` är inget svar på skalan"), "{sv}");
        assert!(
            sv.contains("svarande `H7` besvarar `H.S2` två gånger"),
            "{sv}"
        );
    }

    #[test]
    fn the_cell_is_located_at_its_column() {
        let csv = "respondent;group;statement;answer\nH1;handledare;H.S2;kanske\n";
        let d = AnswerSheet::check(csv, "a.csv", &survey()).diagnostics;
        let loc = d.0[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 20));
        assert!(d.0[0].path.contains("column D (answer)"), "{}", d.0[0].path);
    }

    #[test]
    fn header_problems() {
        assert!(problems("").contains("the file is empty"));
        let text = problems("respondent;grupp;statment;answer\n");
        assert!(text.contains("unknown column `statment`"), "{text}");
        assert!(
            text.contains("the header row has no `statement` column"),
            "{text}"
        );
        let c = AnswerSheet::check_bytes(b"respondent;group\n\xff\n", "a.csv", &survey());
        assert!(c.diagnostics.to_string().contains("not UTF-8"));
    }
}
