//! Reading the unit's filled file into raw answers: one [`RawEntry`] per answered item, every
//! value with the place in the unit's file it came from.

pub use crate::cells::column_letter;
use chrono::NaiveDate;
use spur_core::messages::{Msg, Text};
use spur_core::{Lang, Phrase, PlanField};
use spur_report::messages::Messages;

use crate::limits::{MAX_COLUMNS, MAX_ENTRIES, MAX_FIELDS, MAX_ROWS, Problems};
use crate::{Error, FilledFormat, Problem};

/// A field of a handlingsplan entry the unit's file may fill: one of the form's
/// [`PlanField`]s, or the follow-up state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// A field of the SPUR form (planerad åtgärd, …).
    Plan(PlanField),
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
            Field::Plan(f) => f.key(),
            Field::Status => "status",
            Field::Completed => "completed",
            Field::Note => "note",
        }
    }
    /// Every field: the form's, then the follow-up state.
    pub fn all() -> impl Iterator<Item = Field> {
        PlanField::all()
            .map(Field::Plan)
            .chain([Field::Status, Field::Completed, Field::Note])
    }
    fn from_key(key: &str) -> Option<Field> {
        Field::all().find(|f| f.key() == key)
    }
    /// The template's label of the field in `lang` (`Datum för uppföljning`).
    pub fn label(self, lang: Lang) -> &'static str {
        let m = Messages::for_lang(lang);
        match self {
            Field::Plan(f) => m.plan_field(f),
            Field::Status => m.plan_status,
            Field::Completed => m.completed,
            Field::Note => m.note,
        }
    }
    /// The field a template label (Swedish or English, any case) names, or its key. The note
    /// column of the template is the inspector's: the unit's note is not read from a label.
    fn from_label(label: &str) -> Option<Field> {
        if let Some(f) = PlanField::from_label(label) {
            return Some(Field::Plan(f));
        }
        let label = label.trim().trim_end_matches(':').trim();
        let lower = label.to_lowercase();
        [Lang::Sv, Lang::En]
            .into_iter()
            .flat_map(|lang| [Field::Status, Field::Completed].map(|f| (f, f.label(lang))))
            .find(|(_, l)| l.to_lowercase() == lower)
            .map(|(f, _)| f)
            .or_else(|| Field::from_key(label))
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

/// One field of an answered item, as the unit wrote it.
#[derive(Debug, Clone)]
pub struct RawField {
    /// Which field.
    pub field: Field,
    /// The value.
    pub value: RawValue,
    /// Where it is in the unit's file.
    pub at: Phrase,
    /// The name under which the unit sees it: the column header (CSV, XLSX) or row label
    /// (DOCX) as written in the file, the key in TOML and JSON.
    pub shown: String,
}

/// One answered item.
#[derive(Debug, Clone)]
pub struct RawEntry {
    /// The criterion id as written.
    pub criterion: String,
    /// Where the entry is (table, row, entry number).
    pub location: Phrase,
    /// The fields with their own locations.
    pub fields: Vec<RawField>,
}

/// Everything read from the unit's file.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// The `received` date, when the file carries one (TOML/JSON).
    pub received: Option<(RawValue, Phrase)>,
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
        Err(Error::unreadable(
            format.name(),
            Text::new(Msg::ImportReaderFailed)
                .val("format", format.name())
                .val("detail", why),
        ))
    })
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

/// The header of column `col` as the unit sees it.
fn header_name(col: usize, header: &Columns) -> &str {
    header.headers.get(col).map(|h| h.trim()).unwrap_or("")
}

fn cell_location(row: usize, col: usize, header: &Columns) -> Text {
    Text::new(Msg::ImportAtCell)
        .val("row", row)
        .val("column", column_letter(col))
        .val("name", header_name(col, header))
}

/// `CSV: row 3`.
fn format_row(what: &str, row: usize) -> Text {
    Text::new(Msg::ImportAtFormatRow)
        .val("format", what)
        .val("row", row)
}

/// `row 3`.
fn at_row(row: usize) -> Text {
    Text::new(Msg::ImportAtRow).val("row", row)
}

fn too_many_rows() -> Text {
    Text::new(Msg::ImportTooManyRows)
        .val("max", MAX_ROWS)
        .val("entries", MAX_ENTRIES)
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
        problems.push(Problem::error(format_row(what, 1), Msg::ImportEmptyTable));
        return raw;
    };
    let header: Vec<String> = header.iter().map(|(s, _)| s.clone()).collect();
    let cols = columns(&header);
    let Some(crit_col) = cols.criterion else {
        problems.push(Problem::error(
            format_row(what, 1),
            Msg::ImportNoCriterionColumn,
        ));
        return raw;
    };
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row_no = i + 1;
        if raw.entries.len() >= MAX_ENTRIES {
            problems.push(too_many_entries(format_row(what, row_no)));
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
            fields.push(RawField {
                field: *field,
                value,
                at: cell_location(row_no, *col, &cols).into(),
                shown: header_name(*col, &cols).to_string(),
            });
        }
        raw.entries.push(RawEntry {
            criterion,
            location: at_row(row_no).into(),
            fields,
        });
    }
    raw
}

fn read_csv(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| {
            Error::unreadable(
                "CSV",
                Text::new(Msg::ImportCsvNotUtf8).val("byte", e.valid_up_to()),
            )
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
    let mut wide: Option<(usize, Text)> = None;
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(r) => {
                let filled = r.iter().any(|c| !c.trim().is_empty());
                if rows.len() >= MAX_ROWS && filled {
                    problems.push(Problem::error(at_row(i + 1), too_many_rows()));
                    break;
                }
                if let Some(k) = r
                    .iter()
                    .skip(MAX_COLUMNS)
                    .position(|c| !c.trim().is_empty())
                {
                    let w = wide.get_or_insert((
                        0,
                        Text::new(Msg::ImportAtRowColumn)
                            .val("row", i + 1)
                            .val("column", column_letter(MAX_COLUMNS + k)),
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
                problems.push(Problem::error(at_row(i + 1), e.to_string()));
            }
        }
    }
    if let Some((n, first)) = wide {
        problems.push(Problem::warning(
            first,
            Text::new(Msg::ImportWideRows)
                .val("n", n)
                .val("column", column_letter(MAX_COLUMNS - 1))
                .val("max", MAX_COLUMNS),
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
        let location = Text::new(Msg::ImportAtTable)
            .val("table", t_no)
            .val("id", &criterion);
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
            fields.push(RawField {
                field,
                value: RawValue::Text(value.trim().to_string()),
                at: Text::new(Msg::ImportAtTableRow)
                    .val("table", t_no)
                    .val("id", &criterion)
                    .val("label", label)
                    .into(),
                shown: label.to_string(),
            });
        }
        if fields.is_empty() {
            problems.push(Problem::warning(location, Msg::ImportTableWithoutFields));
            continue;
        }
        raw.entries.push(RawEntry {
            criterion,
            location: location.into(),
            fields,
        });
    }
    if raw.entries.is_empty() {
        problems.push(Problem::error("DOCX", Msg::ImportNoDocxTable));
    }
    Ok(raw)
}

fn read_toml(bytes: &[u8], problems: &mut Problems) -> Result<Raw, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::unreadable(
            "TOML",
            Text::new(Msg::ImportNotUtf8).val("byte", e.valid_up_to()),
        )
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let doc: toml_edit::Document<&str> =
        toml_edit::Document::parse(text).map_err(|e| Error::unreadable("TOML", e.to_string()))?;
    let line_col = |span: Option<std::ops::Range<usize>>| -> Phrase {
        match span {
            Some(s) => {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Text::new(Msg::ImportAtLine)
                    .val("line", line)
                    .val("column", col)
                    .into()
            }
            None => Phrase::Plain(String::new()),
        }
    };
    let mut raw = Raw::default();
    let Some(plan) = doc.get("handlingsplan").and_then(|i| i.as_table_like()) else {
        problems.push(Problem::error("TOML", Msg::ImportNoTomlPlan));
        return Ok(raw);
    };
    if let Some(item) = plan.get("received") {
        let loc = Text::new(Msg::ImportAtReceived).arg("at", line_col(item.span()));
        if let Some(v) = toml_value(item) {
            raw.received = Some((v, loc.into()));
        }
    }
    let entries: Vec<&toml_edit::Table> = match plan.get("entries") {
        Some(toml_edit::Item::ArrayOfTables(a)) => a.iter().collect(),
        Some(_) => {
            problems.push(Problem::error(
                "handlingsplan.entries",
                Msg::ImportEntriesNotTables,
            ));
            Vec::new()
        }
        None => Vec::new(),
    };
    for (i, t) in entries.into_iter().enumerate() {
        let where_ = Text::new(Msg::ImportAtEntry)
            .val("n", i + 1)
            .arg("at", line_col(t.span()));
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
            let loc = Text::new(Msg::ImportAtEntryKey)
                .arg("entry", where_.clone())
                .val("key", key)
                .arg("at", line_col(item.span()));
            let Some(field) = Field::from_key(key) else {
                problems.push(Problem::warning(loc, unknown_field(key)));
                continue;
            };
            match toml_value(item) {
                Some(value) => fields.push(RawField {
                    field,
                    value,
                    at: loc.into(),
                    shown: key.to_string(),
                }),
                None => problems.push(Problem::error(
                    loc,
                    Text::new(Msg::ImportTomlValue).val("key", key),
                )),
            }
        }
        raw.entries.push(RawEntry {
            criterion,
            location: where_.into(),
            fields,
        });
    }
    Ok(raw)
}

fn too_many_entries(location: Text) -> Problem {
    Problem::error(
        location,
        Text::new(Msg::ImportTooManyEntries).val("max", MAX_ENTRIES),
    )
}

fn too_many_fields(location: Text, n: usize) -> Problem {
    Problem::error(location, Text::new(Msg::ImportTooManyFields).val("n", n))
}

fn unknown_field(key: &str) -> Text {
    Text::new(Msg::ImportUnknownField).val("key", key)
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
        serde_json::from_slice(bytes).map_err(|e| Error::unreadable("JSON", e.to_string()))?;
    let mut raw = Raw::default();
    let Some(plan) = value.get("handlingsplan").or_else(|| {
        // A bare plan: `{"received": …, "entries": […]}`.
        value.get("entries").map(|_| &value)
    }) else {
        problems.push(Problem::error("JSON", Msg::ImportNoJsonPlan));
        return Ok(raw);
    };
    let base = if value.get("handlingsplan").is_some() {
        "/handlingsplan"
    } else {
        ""
    };
    if let Some(v) = plan.get("received").and_then(json_value) {
        raw.received = Some((v, Phrase::Plain(format!("{base}/received"))));
    }
    let entries = plan
        .get("entries")
        .and_then(|e| e.as_array())
        .map_or(&[][..], Vec::as_slice);
    for (i, e) in entries.iter().enumerate() {
        // Counted from 1 as in TOML ("entry 1"), with the JSON pointer (which counts from 0).
        let pointer = format!("{base}/entries/{i}");
        let where_ = Text::new(Msg::ImportAtEntry)
            .val("n", i + 1)
            .val("at", &pointer);
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
                let loc = Text::new(Msg::ImportAtEntryKey)
                    .arg("entry", Text::new(Msg::ImportEntryNo).val("n", i + 1))
                    .val("key", key)
                    .val("at", format!("{pointer}/{key}"));
                let Some(field) = Field::from_key(key) else {
                    problems.push(Problem::warning(loc, unknown_field(key)));
                    continue;
                };
                match json_value(v) {
                    Some(value) => fields.push(RawField {
                        field,
                        value,
                        at: loc.into(),
                        shown: key.clone(),
                    }),
                    None => problems.push(Problem::error(
                        loc,
                        Text::new(Msg::ImportJsonValue).val("key", key),
                    )),
                }
            }
        }
        raw.entries.push(RawEntry {
            criterion,
            location: where_.into(),
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
                    location: String::new().into(),
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
