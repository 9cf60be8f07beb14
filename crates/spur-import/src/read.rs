//! Reading the unit's filled file into raw answers: one [`RawEntry`] per answered item, every
//! value with the place in the unit's file it came from.

use std::io::{Cursor, Read};

use chrono::NaiveDate;
use spur_report::Lang;
use spur_report::messages::Messages;

use crate::{Error, FilledFormat, Problem};

/// A field of a handlingsplan entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Planerad åtgärd.
    Action,
    /// Datum när åtgärden ska vara genomförd.
    Due,
    /// Ansvarig för genomförandet.
    Responsible,
    /// Datum för uppföljning.
    FollowUp,
    /// Ansvarig för uppföljningen.
    FollowUpResponsible,
    /// Status of the entry.
    Status,
    /// Date completed.
    Completed,
    /// Free note.
    Note,
}

impl Field {
    /// The key in the inspection document.
    pub fn key(self) -> &'static str {
        match self {
            Field::Action => "action",
            Field::Due => "due",
            Field::Responsible => "responsible",
            Field::FollowUp => "follow_up",
            Field::FollowUpResponsible => "follow_up_responsible",
            Field::Status => "status",
            Field::Completed => "completed",
            Field::Note => "note",
        }
    }
    /// Every field.
    pub const ALL: [Field; 8] = [
        Field::Action,
        Field::Due,
        Field::Responsible,
        Field::FollowUp,
        Field::FollowUpResponsible,
        Field::Status,
        Field::Completed,
        Field::Note,
    ];
    fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
    /// The field a template label (Swedish or English, any case) names.
    fn from_label(label: &str) -> Option<Field> {
        let label = label.trim().trim_end_matches(':').trim();
        for m in [Messages::for_lang(Lang::Sv), Messages::for_lang(Lang::En)] {
            for (l, f) in [
                (m.action, Field::Action),
                (m.due, Field::Due),
                (m.responsible, Field::Responsible),
                (m.follow_up, Field::FollowUp),
                (m.follow_up_responsible, Field::FollowUpResponsible),
                (m.plan_status, Field::Status),
                (m.completed, Field::Completed),
            ] {
                if l.eq_ignore_ascii_case(label) || l.to_lowercase() == label.to_lowercase() {
                    return Some(f);
                }
            }
        }
        Field::from_key(label)
    }
}

/// A value as the unit wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// Text (a date written as text is parsed later).
    Text(String),
    /// A real date (XLSX date cell, TOML date).
    Date(NaiveDate),
    /// A list of names (TOML/JSON arrays).
    List(Vec<String>),
}

/// One answered item.
#[derive(Debug, Clone)]
pub struct RawEntry {
    /// The criterion id as written.
    pub criterion: String,
    /// Where the entry is (table, row, entry number).
    pub location: String,
    /// The fields with their own locations.
    pub fields: Vec<(Field, RawValue, String)>,
}

/// Everything read from the unit's file.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// The `received` date, when the file carries one (TOML/JSON).
    pub received: Option<(RawValue, String)>,
    /// The entries in file order.
    pub entries: Vec<RawEntry>,
}

/// Read the unit's file.
///
/// # Errors
///
/// [`Error::Unreadable`] when the bytes are not a file of `format` at all (not a ZIP, broken
/// XML, not UTF-8, bad syntax); problems with single entries and cells go to `problems`
/// instead.
pub fn read(bytes: &[u8], format: FilledFormat, problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    match format {
        FilledFormat::Csv => read_csv(bytes, problems),
        FilledFormat::Xlsx => read_xlsx(bytes, problems),
        FilledFormat::Docx => read_docx(bytes, problems),
        FilledFormat::Toml => read_toml(bytes, problems),
        FilledFormat::Json => read_json(bytes, problems),
    }
}

/// `A`, `B`, … `Z`, `AA` for a 0-based column.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The columns of a table by header label.
struct Columns {
    criterion: Option<usize>,
    fields: Vec<(usize, Field)>,
    headers: Vec<String>,
}

fn columns(header: &[String]) -> Columns {
    let sv = Messages::for_lang(Lang::Sv);
    let en = Messages::for_lang(Lang::En);
    let mut criterion = None;
    let mut fields = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        if h.eq_ignore_ascii_case(sv.csv_criterion)
            || h.eq_ignore_ascii_case(en.csv_criterion)
            || h.eq_ignore_ascii_case("criterion")
        {
            criterion.get_or_insert(i);
        } else if let Some(f) = Field::from_label(h) {
            // The note column of the template is the inspector's; the unit's note is not read.
            fields.push((i, f));
        }
    }
    Columns {
        criterion,
        fields,
        headers: header.to_vec(),
    }
}

fn cell_location(row: usize, col: usize, header: &Columns) -> String {
    let name = header.headers.get(col).map(|h| h.trim()).unwrap_or("");
    format!("row {row}, column {} ({name})", column_letter(col))
}

/// Undo the formula neutralisation of the CSV template (`'=x` → `=x`).
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn table_rows(
    rows: Vec<Vec<(String, Option<NaiveDate>)>>,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Raw {
    let mut raw = Raw::default();
    let Some(header) = rows.first() else {
        problems.push(Problem::error(
            format!("{what}: row 1"),
            "the file is empty: expected the template's header row",
        ));
        return raw;
    };
    let header: Vec<String> = header.iter().map(|(s, _)| s.clone()).collect();
    let cols = columns(&header);
    let Some(crit_col) = cols.criterion else {
        problems.push(Problem::error(
            format!("{what}: row 1"),
            "no `Kriterium`/`Criterion` column: is this the handlingsplan template?",
        ));
        return raw;
    };
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row_no = i + 1;
        let get = |c: usize| row.get(c).cloned().unwrap_or_default();
        let (criterion, _) = get(crit_col);
        let criterion = unneutralise(criterion.trim()).to_string();
        if criterion.is_empty() && row.iter().all(|(s, d)| s.trim().is_empty() && d.is_none()) {
            continue;
        }
        let mut fields = Vec::new();
        for (col, field) in &cols.fields {
            let (text, date) = get(*col);
            let value = match date {
                Some(d) => RawValue::Date(d),
                None => RawValue::Text(unneutralise(&text).to_string()),
            };
            fields.push((*field, value, cell_location(row_no, *col, &cols)));
        }
        raw.entries.push(RawEntry {
            criterion,
            location: format!("row {row_no}"),
            fields,
        });
    }
    raw
}

fn read_csv(bytes: &[u8], problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::Unreadable {
            format: "CSV",
            message: format!(
                "not UTF-8 (byte {}): save it as \"CSV UTF-8\"",
                e.valid_up_to()
            ),
        })?
        .trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() >= first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(r) => rows.push(r.iter().map(|c| (c.to_string(), None)).collect()),
            Err(e) => {
                problems.push(Problem::error(format!("row {}", i + 1), e.to_string()));
            }
        }
    }
    Ok(table_rows(rows, "CSV", problems))
}

fn read_xlsx(bytes: &[u8], problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |message: String| Error::Unreadable {
        format: "XLSX",
        message,
    };
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| unreadable(e.to_string()))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no sheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    // Rows as written in Excel: the range may start below row 1.
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<(String, Option<NaiveDate>)>> = Vec::new();
    for _ in 0..start_row {
        rows.push(Vec::new());
    }
    for r in range.rows() {
        let mut row: Vec<(String, Option<NaiveDate>)> =
            vec![(String::new(), None); start_col as usize];
        for c in r {
            let cell = match c {
                Data::Empty => (String::new(), None),
                Data::String(s) => (s.clone(), None),
                Data::Float(f) => (format_number(*f), None),
                Data::Int(i) => (i.to_string(), None),
                Data::Bool(b) => (b.to_string(), None),
                Data::DateTime(dt) => match excel_serial_date(dt.as_f64()) {
                    Some(d) => (d.to_string(), Some(d)),
                    None => (dt.to_string(), None),
                },
                Data::DateTimeIso(s) => (s.clone(), None),
                Data::DurationIso(s) => (s.clone(), None),
                Data::Error(e) => (format!("#{e:?}"), None),
            };
            row.push(cell);
        }
        rows.push(row);
    }
    let _ = problems;
    Ok(table_rows(rows, "XLSX", problems))
}

/// An Excel serial day number (1900 date system) as a date.
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The text of every cell of every table of a DOCX body: tables → rows → cells → text.
fn docx_tables(bytes: &[u8]) -> Result<Vec<Vec<Vec<String>>>, Error> {
    use quick_xml::events::Event;
    let unreadable = |message: String| Error::Unreadable {
        format: "DOCX",
        message,
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| unreadable(format!("no word/document.xml: {e}")))?
        .take(64 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| unreadable(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut depth = 0usize; // nested tables are flattened into their outer table
    let mut in_text = false;
    let mut cell: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"w:tbl" => {
                    depth += 1;
                    if depth == 1 {
                        tables.push(Vec::new());
                    }
                }
                b"w:tr" if depth == 1 => {
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                b"w:tc" if depth == 1 => cell = Some(String::new()),
                b"w:p" => {
                    if let Some(c) = cell.as_mut()
                        && !c.is_empty()
                    {
                        c.push('\n');
                    }
                }
                b"w:t" => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:br" | b"w:cr" => {
                    if let Some(c) = cell.as_mut() {
                        c.push('\n');
                    }
                }
                b"w:tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.push('\t');
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                if let Some(c) = cell.as_mut() {
                    let s = t.xml_content().map_err(|e| unreadable(e.to_string()))?;
                    c.push_str(&s);
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Some(c) = cell.as_mut() {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let s = match name.as_str() {
                        "amp" => "&".to_string(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        n => n
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32)
                            .map(String::from)
                            .unwrap_or_default(),
                    };
                    c.push_str(&s);
                }
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"w:tbl" => depth = depth.saturating_sub(1),
                b"w:tc" if depth == 1 => {
                    if let (Some(c), Some(t)) = (cell.take(), tables.last_mut())
                        && let Some(r) = t.last_mut()
                    {
                        r.push(c);
                    }
                }
                b"w:t" => in_text = false,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(unreadable(format!("broken XML: {e}"))),
            _ => {}
        }
    }
    Ok(tables)
}

/// The criterion id in a template table's first row: `D. Område · D.F6 (krav)`.
fn heading_criterion(text: &str) -> Option<String> {
    let after = text.rsplit_once('·').map_or(text, |(_, a)| a).trim();
    let id = after.split_whitespace().next()?;
    Some(id.to_string())
}

fn read_docx(bytes: &[u8], problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    let tables = docx_tables(bytes)?;
    let mut raw = Raw::default();
    for (ti, table) in tables.iter().enumerate() {
        let t_no = ti + 1;
        let Some(first) = table.first().and_then(|r| r.first()) else {
            continue;
        };
        let Some(criterion) = heading_criterion(first) else {
            continue;
        };
        let location = format!("table {t_no} ({criterion})");
        let mut fields = Vec::new();
        for row in table.iter().skip(1) {
            if row.len() < 2 {
                continue;
            }
            let label = row[0].trim();
            let Some(field) = Field::from_label(label) else {
                continue;
            };
            let value = row[1..].join("\n");
            fields.push((
                field,
                RawValue::Text(value.trim().to_string()),
                format!("table {t_no} ({criterion}), row \"{label}\""),
            ));
        }
        if fields.is_empty() {
            problems.push(Problem::warning(
                location.clone(),
                "the table has none of the five fields (Planerad åtgärd, …): skipped",
            ));
            continue;
        }
        raw.entries.push(RawEntry {
            criterion,
            location,
            fields,
        });
    }
    if raw.entries.is_empty() {
        problems.push(Problem::error(
            "DOCX",
            "no handlingsplan table found: is this the template `spur handlingsplan --format docx` wrote?",
        ));
    }
    Ok(raw)
}

fn read_toml(bytes: &[u8], problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Unreadable {
        format: "TOML",
        message: format!("not UTF-8 (byte {})", e.valid_up_to()),
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let doc: toml_edit::Document<&str> =
        toml_edit::Document::parse(text).map_err(|e| Error::Unreadable {
            format: "TOML",
            message: e.to_string(),
        })?;
    let line_col = |span: Option<std::ops::Range<usize>>| -> String {
        match span {
            Some(s) => {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!("line {line}, column {col}")
            }
            None => String::new(),
        }
    };
    let mut raw = Raw::default();
    let Some(plan) = doc.get("handlingsplan").and_then(|i| i.as_table_like()) else {
        problems.push(Problem::error(
            "TOML",
            "no [handlingsplan] table: expected the template `spur handlingsplan --format toml` wrote, or an inspection document with its [handlingsplan]",
        ));
        return Ok(raw);
    };
    if let Some(item) = plan.get("received") {
        let loc = format!("{} (received)", line_col(item.span()));
        if let Some(v) = toml_value(item) {
            raw.received = Some((v, loc));
        }
    }
    let entries: Vec<&toml_edit::Table> = match plan.get("entries") {
        Some(toml_edit::Item::ArrayOfTables(a)) => a.iter().collect(),
        Some(_) => {
            problems.push(Problem::error(
                "handlingsplan.entries",
                "expected [[handlingsplan.entries]] tables",
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    for (i, t) in entries.into_iter().enumerate() {
        let where_ = format!("entry {} ({})", i + 1, line_col(t.span()));
        let criterion = t
            .get("criterion")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .to_string();
        let mut fields = Vec::new();
        for (key, item) in t.iter() {
            if key == "criterion" {
                continue;
            }
            let loc = format!("{}, `{key}` ({})", where_, line_col(item.span()));
            let Some(field) = Field::from_key(key) else {
                problems.push(Problem::warning(
                    loc,
                    format!("unknown field `{key}`: ignored"),
                ));
                continue;
            };
            match toml_value(item) {
                Some(v) => fields.push((field, v, loc)),
                None => problems.push(Problem::error(
                    loc,
                    format!("`{key}` must be text, a date or a list of names"),
                )),
            }
        }
        raw.entries.push(RawEntry {
            criterion,
            location: where_,
            fields,
        });
    }
    Ok(raw)
}

fn toml_value(item: &toml_edit::Item) -> Option<RawValue> {
    let v = item.as_value()?;
    Some(match v {
        toml_edit::Value::String(s) => RawValue::Text(s.value().clone()),
        toml_edit::Value::Datetime(d) => {
            let dt = d.value();
            match (dt.date, dt.time) {
                (Some(date), None) => NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .map_or_else(|| RawValue::Text(dt.to_string()), RawValue::Date),
                _ => RawValue::Text(dt.to_string()),
            }
        }
        toml_edit::Value::Array(a) => RawValue::List(
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect(),
        ),
        toml_edit::Value::Integer(i) => RawValue::Text(i.value().to_string()),
        _ => return None,
    })
}

fn read_json(bytes: &[u8], problems: &mut Vec<Problem>) -> Result<Raw, Error> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| Error::Unreadable {
            format: "JSON",
            message: e.to_string(),
        })?;
    let mut raw = Raw::default();
    let Some(plan) = value.get("handlingsplan").or_else(|| {
        // A bare plan: `{"received": …, "entries": […]}`.
        value.get("entries").map(|_| &value)
    }) else {
        problems.push(Problem::error(
            "JSON",
            "no `handlingsplan` object: expected the unit's answer or an inspection document",
        ));
        return Ok(raw);
    };
    let base = if value.get("handlingsplan").is_some() {
        "/handlingsplan"
    } else {
        ""
    };
    if let Some(v) = plan.get("received").and_then(json_value) {
        raw.received = Some((v, format!("{base}/received")));
    }
    let entries = plan
        .get("entries")
        .and_then(|e| e.as_array())
        .cloned()
        .unwrap_or_default();
    for (i, e) in entries.iter().enumerate() {
        // Counted from 1 as in TOML ("entry 1"), with the JSON pointer (which counts from 0).
        let pointer = format!("{base}/entries/{i}");
        let where_ = format!("entry {} ({pointer})", i + 1);
        let criterion = e
            .get("criterion")
            .and_then(|c| c.as_str())
            .unwrap_or("")
            .to_string();
        let mut fields = Vec::new();
        if let Some(obj) = e.as_object() {
            for (key, v) in obj {
                if key == "criterion" {
                    continue;
                }
                let loc = format!("entry {}, `{key}` ({pointer}/{key})", i + 1);
                let Some(field) = Field::from_key(key) else {
                    problems.push(Problem::warning(
                        loc,
                        format!("unknown field `{key}`: ignored"),
                    ));
                    continue;
                };
                match json_value(v) {
                    Some(v) => fields.push((field, v, loc)),
                    None => problems.push(Problem::error(
                        loc,
                        format!("`{key}` must be text or a list of names"),
                    )),
                }
            }
        }
        raw.entries.push(RawEntry {
            criterion,
            location: where_,
            fields,
        });
    }
    Ok(raw)
}

fn json_value(v: &serde_json::Value) -> Option<RawValue> {
    Some(match v {
        serde_json::Value::String(s) => RawValue::Text(s.clone()),
        serde_json::Value::Null => RawValue::Text(String::new()),
        serde_json::Value::Array(a) => RawValue::List(
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect(),
        ),
        serde_json::Value::Number(n) => RawValue::Text(n.to_string()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(6), "G");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn heading_ids() {
        assert_eq!(
            heading_criterion("D. Tjänstgöringens upplägg · D.F6 (krav)").as_deref(),
            Some("D.F6")
        );
    }
}
