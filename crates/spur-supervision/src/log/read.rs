//! Reading a supervision log: node tree → model, collecting every problem (through
//! `spur_core::read`).

use super::*;

const TOP_FIELDS: &[&str] = &[
    "st",
    "meetings",
    "assessments",
    "iup_revisions",
    "specialistkollegium",
    "degree360",
];
const ST_FIELDS: &[&str] = &["id", "start", "planned_end", "regulation"];
const MEETING_FIELDS: &[&str] = &["date", "minutes", "topics", "note"];
const ASSESSMENT_FIELDS: &[&str] = &["date", "instrument", "delmal", "note"];
const IUP_FIELDS: &[&str] = &["date", "note"];

pub(super) fn read_log(r: &mut Reader<'_>, format: Format) -> Option<(SupervisionLog, LogSpans)> {
    let root = match spanned::parse(r.source, format) {
        Ok(root) => root,
        Err(errors) => {
            r.syntax(errors, Some(Msg::SyntaxHint.into()));
            return None;
        }
    };
    let mut spans = LogSpans::default();
    let mut top = table(r, &root, Path::ROOT, TOP_FIELDS)?;
    let st = match top.node("st") {
        Some(n) => st(r, n, &mut spans),
        None => {
            r.missing(
                Path::ROOT.key("st"),
                Some(Span::new(0, 0)),
                "start the log with an [st] table: id, start, planned_end",
            );
            None
        }
    };
    let mut log = SupervisionLog {
        st: St {
            id: String::new(),
            start: NaiveDate::MIN,
            planned_end: NaiveDate::MAX,
            regulation: None,
        },
        meetings: Vec::new(),
        assessments: Vec::new(),
        iup_revisions: Vec::new(),
        specialistkollegium: Vec::new(),
        degree360: Vec::new(),
    };
    if let Some(n) = top.node("meetings") {
        let p = Path::ROOT.key("meetings");
        (log.meetings, spans.meetings) = tables(r, n, p, MEETING_FIELDS, meeting);
    }
    if let Some(n) = top.node("assessments") {
        let p = Path::ROOT.key("assessments");
        (log.assessments, spans.assessments) = tables(r, n, p, ASSESSMENT_FIELDS, assessment);
    }
    if let Some(n) = top.node("iup_revisions") {
        let p = Path::ROOT.key("iup_revisions");
        (log.iup_revisions, spans.iup_revisions) = tables(r, n, p, IUP_FIELDS, iup_revision);
    }
    if let Some(n) = top.node("specialistkollegium") {
        let p = Path::ROOT.key("specialistkollegium");
        (log.specialistkollegium, spans.specialistkollegium) = date_list(r, n, p);
    }
    if let Some(n) = top.node("degree360") {
        let p = Path::ROOT.key("degree360");
        (log.degree360, spans.degree360) = date_list(r, n, p);
    }
    finalize(r, top);
    log.st = st?;
    Some((log, spans))
}

/// A table of the log with its known `fields`; missing keys are reported at the whole table.
fn table<'n, 'p>(
    r: &mut Reader<'_>,
    node: &'n Node,
    path: Path<'p>,
    fields: &'static [&'static str],
) -> Option<Table<'n, 'p>> {
    let span = Span::of(&node.span);
    Table::new(r, node, path, fields).map(|t| t.missing_at(span))
}

/// Unknown keys of a log table: "unknown key `x` in `PATH`" (or "… in the log"); the
/// whole-ST date lists written after a header get their own hint.
fn finalize(r: &mut Reader<'_>, table: Table<'_, '_>) {
    table.finalize_with(r, |t, key| {
        let path = t.path();
        let misplaced =
            !path.is_root() && matches!(key.name.as_str(), "specialistkollegium" | "degree360");
        let hint = if misplaced {
            Text::new(Msg::LogMisplacedKey).arg("key", &key.name)
        } else {
            t.hint_for(&key.name)
        };
        let place: Arg = if path.is_root() {
            Msg::TheLog.into()
        } else {
            format!("`{path}`").into()
        };
        let msg = Text::new(Msg::LogUnknownKey)
            .arg("key", &key.name)
            .arg("place", place);
        (msg, hint)
    });
}

/// Reads one entry of an array of tables: its table (to take keys from) and its spans.
type EntryReader<T> = fn(&mut Reader<'_>, &mut Table<'_, '_>, &mut ItemSpans) -> Option<T>;

/// An array of tables; each entry is read with `read` (which returns `None` when an entry is
/// unusable, its problems already reported).
fn tables<T>(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
    fields: &'static [&'static str],
    read: EntryReader<T>,
) -> (Vec<T>, Vec<ItemSpans>) {
    let what = format!("a list of tables ([[{path}]])");
    let items = r.list(node, path, what);
    let mut out = (Vec::new(), Vec::new());
    for (i, n) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(mut t) = table(r, n, p, fields) else {
            continue;
        };
        let mut spans = ItemSpans {
            index: i,
            ..ItemSpans::default()
        };
        let value = read(r, &mut t, &mut spans);
        finalize(r, t);
        if let Some(v) = value {
            out.0.push(v);
            out.1.push(spans);
        }
    }
    out
}

fn date_list(
    r: &mut Reader<'_>,
    node: &Node,
    path: Path<'_>,
) -> (Vec<NaiveDate>, Vec<(usize, Span)>) {
    let items = r.list(node, path, "a list of dates, e.g. [2026-05-04]");
    let mut out = (Vec::new(), Vec::new());
    for (i, n) in items.iter().enumerate() {
        if let Some(d) = r.value::<NaiveDate>(n, path.index(i)) {
            out.0.push(d.value);
            out.1.push((i, d.span));
        }
    }
    out
}

fn note(r: &mut Reader<'_>, t: &mut Table<'_, '_>) -> Option<String> {
    let n = t.node("note")?;
    r.blank_or_string(n, t.path().key("note"))
}

fn st(r: &mut Reader<'_>, node: &Node, spans: &mut LogSpans) -> Option<St> {
    let path = Path::ROOT.key("st");
    let mut t = table(r, node, path, ST_FIELDS)?;
    let id: Option<Spanned<String>> = t.required(
        r,
        "id",
        "give the ST-läkare a pseudonym, e.g. id = \"ST-07\"",
    );
    let start: Option<Spanned<NaiveDate>> = t.required(
        r,
        "start",
        "the first day of the ST, e.g. start = 2024-09-01",
    );
    let planned_end: Option<Spanned<NaiveDate>> = t.required(
        r,
        "planned_end",
        "the planned last day of the ST, e.g. planned_end = 2029-08-31",
    );
    let mut regulation = None;
    if let Some(n) = t.node("regulation")
        && let Some(s) = r.value::<String>(n, path.key("regulation"))
    {
        match s.parse::<Regulation>() {
            Ok(reg) => regulation = Some(reg),
            Err(e) => r.push(
                Code::UnknownRegulation,
                path.key("regulation"),
                Some(s.span),
                e.to_string(),
                None,
            ),
        }
    }
    finalize(r, t);
    spans.st_id = id.as_ref().map(|s| s.span);
    spans.st_planned_end = planned_end.as_ref().map(|s| s.span);
    Some(St {
        id: id?.value,
        start: start?.value,
        planned_end: planned_end?.value,
        regulation,
    })
}

fn meeting(r: &mut Reader<'_>, t: &mut Table<'_, '_>, spans: &mut ItemSpans) -> Option<Meeting> {
    let path = t.path();
    let date: Option<Spanned<NaiveDate>> =
        t.required(r, "date", "the day of the meeting, e.g. date = 2026-09-02");
    let minutes = t
        .required_node(r, "minutes", "the duration in minutes, e.g. minutes = 60")
        .and_then(|n| minutes(r, n, path.key("minutes")));
    let mut topics = Vec::new();
    if let Some(n) = t.node("topics") {
        let p = path.key("topics");
        let items = r.list(n, p, "a list of topic ids, e.g. [\"T01\", \"T05\"]");
        for (i, item) in items.iter().enumerate() {
            if let Some(s) = r.value::<String>(item, p.index(i)) {
                topics.push(s.trim().to_string());
                spans.topics.push((i, s.span));
            }
        }
    }
    let note = note(r, t);
    spans.date = date.as_ref().map(|d| d.span);
    spans.value = minutes.as_ref().map(|m| m.span);
    Some(Meeting {
        date: date?.value,
        minutes: minutes?.value,
        topics,
        note,
    })
}

/// Minutes: a whole number that fits; `45.5` is "must be a whole number of minutes".
fn minutes(r: &mut Reader<'_>, node: &Node, path: Path<'_>) -> Option<Spanned<u32>> {
    let span = Span::of(&node.span);
    match &node.value {
        Value::Float(f) => {
            r.push(
                Code::InvalidValue,
                path,
                span,
                format!("`{path}` must be a whole number of minutes, found {f}"),
                Some(Msg::LogMinutesHint.into()),
            );
            None
        }
        Value::Int(_) => {
            let i = r.value::<i64>(node, path)?;
            match u32::try_from(i.value) {
                Ok(m) => Some(Spanned::new(m, i.span)),
                Err(_) => {
                    r.push(
                        Code::InvalidValue,
                        path,
                        span,
                        Text::new(Msg::LogMinutes).val("minutes", i.value),
                        Some(Msg::LogMinutesHint.into()),
                    );
                    None
                }
            }
        }
        _ => {
            r.wrong_type(node, path, "a whole number of minutes");
            None
        }
    }
}

fn assessment(
    r: &mut Reader<'_>,
    t: &mut Table<'_, '_>,
    spans: &mut ItemSpans,
) -> Option<Assessment> {
    let path = t.path();
    let date: Option<Spanned<NaiveDate>> = t.required(
        r,
        "date",
        "the day of the assessment, e.g. date = 2026-09-10",
    );
    let instrument = match t.required::<String>(
        r,
        "instrument",
        "e.g. instrument = \"Mini-CEX\" (Mini-CEX, DOPS, CBD, Konsultation or other text)",
    ) {
        Some(s) => match s.parse::<Instrument>() {
            Ok(i) => Some(Spanned::new(i, s.span)),
            Err(e) => {
                r.push(
                    Code::InvalidValue,
                    path.key("instrument"),
                    Some(s.span),
                    e.to_string(),
                    Some(
                        "name the instrument: Mini-CEX, DOPS, CBD, Konsultation or other text"
                            .into(),
                    ),
                );
                None
            }
        },
        None => None,
    };
    let delmal = t
        .optional::<String>(r, "delmal")
        .map(|s| s.map(|d| d.trim().to_string()));
    let note = note(r, t);
    spans.date = date.as_ref().map(|d| d.span);
    spans.value = instrument.as_ref().map(|i| i.span);
    spans.delmal = delmal.as_ref().map(|d| d.span);
    Some(Assessment {
        date: date?.value,
        instrument: instrument?.value,
        delmal: delmal.map(Spanned::into_inner),
        note,
    })
}

fn iup_revision(
    r: &mut Reader<'_>,
    t: &mut Table<'_, '_>,
    spans: &mut ItemSpans,
) -> Option<IupRevision> {
    let date: Option<Spanned<NaiveDate>> = t.required(
        r,
        "date",
        "the day the IUP was revised, e.g. date = 2026-03-01",
    );
    let note = note(r, t);
    spans.date = date.as_ref().map(|d| d.span);
    Some(IupRevision {
        date: date?.value,
        note,
    })
}
