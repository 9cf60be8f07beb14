//! Reading the unit's filled file into raw answers: one [`RawEntry`] per answered item, every
//! value with the place in the unit's file it came from.

use chrono::NaiveDate;
use spur_report::Lang;
use spur_report::messages::Messages;

use crate::limits::{MAX_COLUMNS, MAX_ENTRIES, MAX_FIELDS, MAX_ROWS, Problems};
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
///
/// Every reader is bounded ([`crate::limits`]), and a panic in a reader (a bug, in spur or in a
/// library it reads with) is caught here and becomes [`Error::Unreadable`]: no input makes the
/// caller panic.
pub fn read(bytes: &[u8], format: FilledFormat, problems: &mut Problems) -> Result<Raw, Error> {
    guarded(format, || match format {
        FilledFormat::Csv => read_csv(bytes, problems),
        FilledFormat::Xlsx => read_xlsx(bytes, problems),
        FilledFormat::Docx => read_docx(bytes, problems),
        FilledFormat::Toml => read_toml(bytes, problems),
        FilledFormat::Json => read_json(bytes, problems),
    })
}

/// `reader` with a panic turned into [`Error::Unreadable`]: the importer's boundary.
fn guarded(
    format: FilledFormat,
    reader: impl FnOnce() -> Result<Raw, Error>,
) -> Result<Raw, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(reader)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::Unreadable {
            format: format.name(),
            message: format!(
                "the {} reader failed on it ({why}): the file is damaged or not the template; save it again, or send it to spur's maintainers",
                format.name()
            ),
        })
    })
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
    problems: &mut Problems,
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
        if raw.entries.len() >= MAX_ENTRIES {
            problems.push(Problem::error(
                format!("{what}: row {row_no}"),
                format!(
                    "more than {MAX_ENTRIES} entries: a handlingsplan has at most one per criterion; nothing was read beyond"
                ),
            ));
            break;
        }
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

fn read_csv(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
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
    let mut wide: Option<(usize, String)> = None;
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(r) => {
                let filled = r.iter().any(|c| !c.trim().is_empty());
                if rows.len() >= MAX_ROWS && filled {
                    problems.push(Problem::error(
                        format!("row {}", i + 1),
                        format!(
                            "more than {MAX_ROWS} rows: a handlingsplan template holds at most {MAX_ENTRIES} entries, one per row; nothing was read beyond"
                        ),
                    ));
                    break;
                }
                if let Some(k) = r
                    .iter()
                    .skip(MAX_COLUMNS)
                    .position(|c| !c.trim().is_empty())
                {
                    let w = wide.get_or_insert((
                        0,
                        format!("row {}, column {}", i + 1, column_letter(MAX_COLUMNS + k)),
                    ));
                    w.0 += 1;
                }
                if filled || rows.len() < MAX_ROWS {
                    rows.push(
                        r.iter()
                            .take(MAX_COLUMNS)
                            .map(|c| (c.to_string(), None))
                            .collect(),
                    );
                }
            }
            Err(e) => {
                problems.push(Problem::error(format!("row {}", i + 1), e.to_string()));
            }
        }
    }
    if let Some((n, first)) = wide {
        problems.push(Problem::warning(
            first,
            format!(
                "{n} row(s) have filled cells right of column {}, which were ignored: a handlingsplan template has at most {MAX_COLUMNS} columns",
                column_letter(MAX_COLUMNS - 1)
            ),
        ));
    }
    Ok(table_rows(rows, "CSV", problems))
}

fn read_xlsx(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
    let rows = crate::xlsx::rows(bytes, problems)?;
    Ok(table_rows(rows, "XLSX", problems))
}

/// The criterion id in a template table's first row: `D. Område · D.F6 (krav)`.
fn heading_criterion(text: &str) -> Option<String> {
    let after = text.rsplit_once('·').map_or(text, |(_, a)| a).trim();
    let id = after.split_whitespace().next()?;
    Some(id.to_string())
}

fn read_docx(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
    let tables = crate::docx::tables(bytes)?;
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

fn read_toml(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
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
        if i >= MAX_ENTRIES {
            problems.push(too_many_entries(where_));
            break;
        }
        if t.len() > MAX_FIELDS {
            problems.push(too_many_fields(where_, t.len()));
            continue;
        }
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

fn too_many_entries(location: String) -> Problem {
    Problem::error(
        location,
        format!(
            "more than {MAX_ENTRIES} entries: a handlingsplan has at most one per criterion; nothing was read beyond"
        ),
    )
}

fn too_many_fields(location: String, n: usize) -> Problem {
    Problem::error(
        location,
        format!("{n} fields: an entry has at most eight (criterion, action, due, …); skipped"),
    )
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

fn read_json(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
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
        .map_or(&[][..], Vec::as_slice);
    for (i, e) in entries.iter().enumerate() {
        // Counted from 1 as in TOML ("entry 1"), with the JSON pointer (which counts from 0).
        let pointer = format!("{base}/entries/{i}");
        let where_ = format!("entry {} ({pointer})", i + 1);
        if i >= MAX_ENTRIES {
            problems.push(too_many_entries(where_));
            break;
        }
        if let Some(obj) = e.as_object()
            && obj.len() > MAX_FIELDS
        {
            problems.push(too_many_fields(where_, obj.len()));
            continue;
        }
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
    fn a_panic_in_a_reader_is_an_unreadable_file_not_a_panic() {
        let e = guarded(FilledFormat::Xlsx, || {
            let strings: Vec<String> = Vec::new();
            let i = strings.len() + 7;
            // What calamine 0.30 does with a shared-string index out of range.
            Ok(Raw {
                received: None,
                entries: vec![RawEntry {
                    criterion: strings[i].clone(),
                    location: String::new(),
                    fields: Vec::new(),
                }],
            })
        })
        .unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("cannot read the filled XLSX file: the XLSX reader failed on it (index out of bounds"), "{text}");
    }

    #[test]
    fn heading_ids() {
        assert_eq!(
            heading_criterion("D. Tjänstgöringens upplägg · D.F6 (krav)").as_deref(),
            Some("D.F6")
        );
    }
}
