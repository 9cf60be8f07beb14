//! The XLSX reader: the first worksheet's cells, streamed from the sheet's XML.
//!
//! It reads the ZIP parts itself (quick-xml over a [`Budget`]-bounded reader) instead of going
//! through calamine, whose `Xlsx::new` reads the whole shared-string table unbounded, whose
//! `worksheet_range` allocates the rectangle between the outermost cells (`A1` and
//! `XFD1048576`: 512 GiB) and which panics on a shared-string index out of range. Here:
//!
//! - a cell's coordinates are checked before anything is stored, and only the cells a template
//!   can hold are kept ([`MAX_COLUMNS`] × [`MAX_ROWS`]); nothing is padded from a coordinate
//!   beyond them;
//! - the shared strings are one text buffer and an index, at most [`MAX_SHARED_STRINGS`];
//! - every part is read against the file's unpacked-bytes budget;
//! - a shared-string index out of range, a broken cell reference or a number that is not one
//!   are located problems.

use std::io::{BufRead, BufReader, Cursor, Read};

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};

use crate::cells::{column_letter, resolve_reference};
use crate::limits::{Budget, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, Problems};
use spur_core::Phrase;
use spur_core::messages::{Arg, Msg, Text};

use crate::{Error, Problem};

/// A cell as the table reader takes it: its text, and the date when it is a date cell.
pub(crate) type CellValue = (String, Option<NaiveDate>);

fn unreadable(why: impl Into<Phrase>) -> Error {
    Error::unreadable("XLSX", why)
}

/// A problem in ZIP part `part`.
fn in_part(part: &str, detail: impl Into<Arg>) -> Error {
    unreadable(
        Text::new(Msg::ImportInPart)
            .val("part", part)
            .arg("detail", detail),
    )
}

/// The open workbook: its ZIP and the unpacked-bytes budget its parts are read against.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: Budget,
}

/// The XML reader of one part.
type Xml<'z> = quick_xml::Reader<BufReader<Box<dyn Read + 'z>>>;

impl<'a> Package<'a> {
    /// Run `f` over the XML of `part`, when the workbook has it.
    fn with_part<T>(
        &mut self,
        part: &str,
        f: impl FnOnce(&mut Xml<'_>) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        let file = match self.zip.by_name(part) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(in_part(part, e.to_string())),
        };
        let bounded: Box<dyn Read + '_> = Box::new(self.budget.reader(file, part));
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(bounded));
        let result = f(&mut xml);
        match result {
            Err(_) if self.budget.spent() => Err(unreadable(self.budget.message(part))),
            Err(Error::Unreadable { words, .. }) => Err(in_part(part, words)),
            other => other.map(Some),
        }
    }
}

/// One XML event, with errors as [`Error::Unreadable`].
fn next<'b, R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    buf: &'b mut Vec<u8>,
) -> Result<Event<'b>, Error> {
    buf.clear();
    xml.read_event_into(buf).map_err(|e| {
        unreadable(
            Text::new(Msg::ImportBrokenXmlAt)
                .val("byte", xml.buffer_position())
                .val("detail", e),
        )
    })
}

/// The raw value of attribute `name` (by local name) of `e`.
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// The text inside the element just opened (named `end` by its local name) up to its end:
/// the `<t>` runs, without phonetic runs (`<rPh>`).
fn text_until<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    end: &[u8],
    out: &mut String,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let mut in_t = 0usize;
    let mut in_phonetic = 0usize;
    loop {
        match next(xml, &mut buf)? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_t += 1,
                b"rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                n if n == end => return Ok(()),
                b"t" => in_t = in_t.saturating_sub(1),
                b"rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_t > 0 && in_phonetic == 0 => {
                out.push_str(&t.xml_content().map_err(|e| unreadable(e.to_string()))?);
            }
            Event::CData(t) if in_t > 0 && in_phonetic == 0 => {
                out.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if in_t > 0 && in_phonetic == 0 => {
                out.push_str(&resolve_reference(&r));
            }
            Event::Eof => return Err(unreadable(Msg::ImportXmlEndsInText)),
            _ => {}
        }
    }
}

/// The text of a value element (`<v>`) up to its end.
fn value_until<R: BufRead>(xml: &mut quick_xml::Reader<R>, out: &mut String) -> Result<(), Error> {
    let mut buf = Vec::new();
    loop {
        match next(xml, &mut buf)? {
            Event::End(e) if e.local_name().as_ref() == b"v" => return Ok(()),
            Event::Text(t) => {
                out.push_str(&t.xml_content().map_err(|e| unreadable(e.to_string()))?);
            }
            Event::GeneralRef(r) => out.push_str(&resolve_reference(&r)),
            Event::Eof => return Err(unreadable(Msg::ImportXmlEndsInValue)),
            _ => {}
        }
    }
}

/// The shared-string table: one text buffer and where each string ends in it.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

fn too_many_strings() -> Error {
    unreadable(Text::new(Msg::ImportTooManyStrings).val("max", MAX_SHARED_STRINGS))
}

fn shared_strings<R: BufRead>(xml: &mut quick_xml::Reader<R>) -> Result<SharedStrings, Error> {
    let mut strings = SharedStrings::default();
    let mut buf = Vec::new();
    loop {
        match next(xml, &mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == b"si" => {
                if strings.ends.len() >= MAX_SHARED_STRINGS {
                    return Err(too_many_strings());
                }
                text_until(xml, b"si", &mut strings.text)?;
                strings.ends.push(strings.text.len());
            }
            Event::Empty(e) if e.local_name().as_ref() == b"si" => {
                if strings.ends.len() >= MAX_SHARED_STRINGS {
                    return Err(too_many_strings());
                }
                strings.ends.push(strings.text.len());
            }
            Event::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// Whether a number format code shows a date or a time (the first section, outside quotes,
/// escapes and brackets, has `d`, `m`, `y`, `h` or `s`).
fn is_date_code(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    let mut bracket = 0usize;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' | '_' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            ';' => return false,
            '[' => bracket += 1,
            ']' => bracket = bracket.saturating_sub(1),
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' if bracket == 0 => {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Whether a built-in number format id is a date or time format.
fn is_date_id(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// For each cell style (`s` attribute), whether it shows a date.
fn date_styles<R: BufRead>(xml: &mut quick_xml::Reader<R>) -> Result<Vec<bool>, Error> {
    let mut custom: Vec<(u32, bool)> = Vec::new();
    let mut styles = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        match next(xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, b"numFmtId"), attr(&e, b"formatCode"))
                        && let Ok(id) = String::from_utf8_lossy(&id).parse::<u32>()
                        && custom.len() < MAX_SHARED_STRINGS
                    {
                        custom.push((id, is_date_code(&String::from_utf8_lossy(&code))));
                    }
                }
                b"cellXfs" => in_xfs = true,
                b"xf" if in_xfs && styles.len() < MAX_SHARED_STRINGS => {
                    let id = attr(&e, b"numFmtId")
                        .and_then(|v| String::from_utf8_lossy(&v).parse::<u32>().ok())
                        .unwrap_or(0);
                    let date = custom
                        .iter()
                        .find(|(c, _)| *c == id)
                        .map_or_else(|| is_date_id(id), |(_, d)| *d);
                    styles.push(date);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_xfs = false,
            Event::Eof => return Ok(styles),
            _ => {}
        }
    }
}

/// The first sheet's relationship id, and whether the workbook counts days from 1904.
fn workbook<R: BufRead>(xml: &mut quick_xml::Reader<R>) -> Result<(Option<Vec<u8>>, bool), Error> {
    let mut first = None;
    let mut date1904 = false;
    let mut buf = Vec::new();
    loop {
        match next(xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"workbookPr" => {
                    date1904 = attr(&e, b"date1904").is_some_and(|v| v == b"1" || v == b"true");
                }
                b"sheet" if first.is_none() => first = attr(&e, b"id"),
                _ => {}
            },
            Event::Eof => return Ok((first, date1904)),
            _ => {}
        }
    }
}

/// The target of relationship `id` in a `.rels` part.
fn relationship<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    id: &[u8],
) -> Result<Option<String>, Error> {
    let mut buf = Vec::new();
    loop {
        match next(xml, &mut buf)? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"Relationship"
                    && attr(&e, b"Id").as_deref() == Some(id) =>
            {
                return Ok(attr(&e, b"Target").map(|t| String::from_utf8_lossy(&t).into_owned()));
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// A cell reference (`B7`, `xfd1048576`) as a 0-based (row, column), checked: one to three
/// letters, then a row number from 1 to 1 048 576; `None` for anything else.
pub(crate) fn cell_ref(r: &[u8]) -> Option<(usize, usize)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &r[letters..];
    if !(1..=3).contains(&letters)
        || digits.is_empty()
        || digits.len() > 7
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let mut col = 0usize;
    for b in &r[..letters] {
        col = col * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
    if col > 16_384 || !(1..=1_048_576).contains(&row) {
        return None;
    }
    Some((row - 1, col - 1))
}

/// An Excel serial day number as a date (`date1904`: the Mac 1904 system).
fn serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    let serial = if date1904 { serial + 1462.0 } else { serial };
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

/// What the sheet reader keeps: rows by their 0-based number, each a list of (column, value)
/// of its filled cells within the template's bounds.
#[derive(Default)]
struct Sheet {
    rows: Vec<Vec<(usize, CellValue)>>,
    /// Filled cells right of [`MAX_COLUMNS`]: how many, and the first.
    wide: (usize, Option<String>),
    /// Filled cells below [`MAX_ROWS`]: how many, and the first.
    deep: (usize, Option<String>),
}

struct Context<'s> {
    strings: &'s SharedStrings,
    styles: &'s [bool],
    date1904: bool,
}

/// The value of one `<c>` whose start tag is `c` (its content read up to `</c>` when it has
/// any).
fn cell_value<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    c: &BytesStart<'_>,
    has_content: bool,
    place: &Text,
    cx: &Context<'_>,
    problems: &mut Problems,
) -> Result<Option<CellValue>, Error> {
    let mut v = String::new();
    let mut inline = String::new();
    let mut has_v = false;
    if has_content {
        let mut buf = Vec::new();
        loop {
            match next(xml, &mut buf)? {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"v" => {
                        has_v = true;
                        value_until(xml, &mut v)?;
                    }
                    b"is" => text_until(xml, b"is", &mut inline)?,
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == b"c" => break,
                Event::Eof => return Err(unreadable(Msg::ImportXmlEndsInCell)),
                _ => {}
            }
        }
    }
    let kind = attr(c, b"t");
    let value = match kind.as_deref() {
        Some(b"inlineStr") => (inline, None),
        _ if !has_v => return Ok(None),
        Some(b"s") => {
            let text = v
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| cx.strings.get(i));
            match text {
                Some(t) => (t.to_string(), None),
                None => {
                    problems.push(Problem::error(
                        place.clone(),
                        Text::new(Msg::ImportBadSharedString)
                            .val("index", v.trim())
                            .val("count", cx.strings.ends.len()),
                    ));
                    return Ok(None);
                }
            }
        }
        Some(b"b") => ((v.trim() != "0").to_string(), None),
        Some(b"e") => (v, None),
        Some(b"str" | b"d") => (v, None),
        _ => match v.trim().parse::<f64>() {
            Ok(f) => {
                let style = attr(c, b"s")
                    .and_then(|s| String::from_utf8_lossy(&s).parse::<usize>().ok())
                    .unwrap_or(0);
                match cx.styles.get(style) {
                    Some(true) => match serial_date(f, cx.date1904) {
                        Some(d) => (d.to_string(), Some(d)),
                        None => (format_number(f), None),
                    },
                    _ => (format_number(f), None),
                }
            }
            Err(_) => (v, None),
        },
    };
    Ok(Some(value))
}

fn sheet<R: BufRead>(
    xml: &mut quick_xml::Reader<R>,
    cx: &Context<'_>,
    problems: &mut Problems,
) -> Result<Sheet, Error> {
    let mut out = Sheet::default();
    let mut buf = Vec::new();
    // The position of a cell without a reference: after the previous one.
    let (mut row, mut col) = (0usize, 0usize);
    let mut in_data = false;
    loop {
        let (c, has_content) = match next(xml, &mut buf)? {
            Event::Start(e) if e.local_name().as_ref() == b"sheetData" => {
                in_data = true;
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == b"sheetData" => return Ok(out),
            Event::Start(e) | Event::Empty(e) if in_data && e.local_name().as_ref() == b"row" => {
                if let Some(r) = attr(&e, b"r") {
                    row = String::from_utf8_lossy(&r)
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|r| (1..=1_048_576).contains(r))
                        .ok_or_else(|| {
                            unreadable(
                                Text::new(Msg::ImportNotRowNumber)
                                    .val("value", String::from_utf8_lossy(&r))
                                    .val("row", row + 1),
                            )
                        })?
                        - 1;
                }
                col = 0;
                continue;
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => {
                row += 1;
                continue;
            }
            Event::Start(e) if in_data && e.local_name().as_ref() == b"c" => (e.into_owned(), true),
            Event::Empty(e) if in_data && e.local_name().as_ref() == b"c" => {
                (e.into_owned(), false)
            }
            Event::Eof => return Ok(out),
            _ => continue,
        };
        if let Some(r) = attr(&c, b"r") {
            (row, col) = cell_ref(&r).ok_or_else(|| {
                unreadable(
                    Text::new(Msg::ImportNotCellRef)
                        .val("value", String::from_utf8_lossy(&r))
                        .val("row", row + 1),
                )
            })?;
        }
        let (r, k) = (row, col);
        col += 1;
        let place = Text::new(Msg::ImportAtRowColumn)
            .val("row", r + 1)
            .val("column", column_letter(k));
        let Some(value) = cell_value(xml, &c, has_content, &place, cx, problems)? else {
            continue;
        };
        if value.0.trim().is_empty() && value.1.is_none() {
            continue;
        }
        let cell = format!("{}{}", column_letter(k), r + 1);
        if r >= MAX_ROWS {
            out.deep.0 += 1;
            out.deep.1.get_or_insert(cell);
            continue;
        }
        if k >= MAX_COLUMNS {
            out.wide.0 += 1;
            out.wide.1.get_or_insert(cell);
            continue;
        }
        if out.rows.len() <= r {
            out.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut out.rows[r];
        match cells.iter_mut().find(|(c, _)| *c == k) {
            Some(slot) => slot.1 = value,
            None => cells.push((k, value)),
        }
    }
}

/// The first worksheet's rows as the table reader takes them: row `i` is Excel row `i + 1`,
/// cell `j` column `j`; only filled cells within [`MAX_COLUMNS`] × [`MAX_ROWS`] are kept.
///
/// # Errors
///
/// [`Error::Unreadable`] when the file is not a readable workbook, a part unpacks beyond the
/// budget, or the shared strings are more than [`MAX_SHARED_STRINGS`]. Cells beyond the
/// template's rows are an error in `problems`, beyond its columns a warning.
// The closures are needed: a generic fn item is not general enough over the part's lifetime.
#[allow(clippy::redundant_closure)]
pub(crate) fn rows(bytes: &[u8], problems: &mut Problems) -> Result<Vec<Vec<CellValue>>, Error> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut pkg = Package {
        zip,
        budget: Budget::for_packed(bytes.len()),
    };
    let (first, date1904) = pkg
        .with_part("xl/workbook.xml", |x| workbook(x))?
        .ok_or_else(|| unreadable(Msg::ImportNoWorkbook))?;
    let target = match &first {
        Some(id) => pkg.with_part("xl/_rels/workbook.xml.rels", |x| relationship(x, id))?,
        None => None,
    }
    .flatten();
    let sheet_part = match target {
        Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_string(),
        Some(t) => format!("xl/{t}"),
        None => "xl/worksheets/sheet1.xml".to_string(),
    };
    let strings = pkg
        .with_part("xl/sharedStrings.xml", |x| shared_strings(x))?
        .unwrap_or_default();
    let styles = pkg
        .with_part("xl/styles.xml", |x| date_styles(x))?
        .unwrap_or_default();
    let cx = Context {
        strings: &strings,
        styles: &styles,
        date1904,
    };
    let sheet = pkg
        .with_part(&sheet_part, |x| sheet(x, &cx, problems))?
        .ok_or_else(|| unreadable(Text::new(Msg::ImportNoSheet).val("part", &sheet_part)))?;
    if let (n, Some(first)) = &sheet.deep {
        problems.push(Problem::error(
            first.clone(),
            Text::new(Msg::ImportDeepCells)
                .val("n", n)
                .val("rows", MAX_ROWS)
                .val("first", first)
                .val("max", MAX_ROWS - 1),
        ));
    }
    if let (n, Some(first)) = &sheet.wide {
        problems.push(Problem::warning(
            first.clone(),
            Text::new(Msg::ImportWideCells)
                .val("n", n)
                .val("column", column_letter(MAX_COLUMNS - 1))
                .val("first", first)
                .val("max", MAX_COLUMNS),
        ));
    }
    drop(strings);
    Ok(sheet
        .rows
        .into_iter()
        .map(|cells| {
            let width = cells.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
            let mut row = vec![(String::new(), None); width];
            for (c, v) in cells {
                row[c] = v;
            }
            row
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_are_checked() {
        for (r, want) in [
            (&b"A1"[..], Some((0, 0))),
            (b"k2", Some((1, 10))),
            (b"XFD1048576", Some((1_048_575, 16_383))),
            (b"XFE1", None),
            (b"A1048577", None),
            (b"A0", None),
            (b"1A", None),
            (b"A", None),
            (b"AAAA1", None),
            (b"A99999999999999999999", None),
            (b"A-1", None),
            (b"", None),
        ] {
            assert_eq!(cell_ref(r), want, "{}", String::from_utf8_lossy(r));
        }
    }

    #[test]
    fn date_formats_are_recognised() {
        for (code, date) in [
            ("yyyy-mm-dd", true),
            ("d/m/yyyy", true),
            ("[$-41D]d mmmm yyyy", true),
            ("0.00", false),
            ("\"day\" 0", false),
            ("[Red]0", false),
            ("General", false),
            ("0;[Red]dd", false),
        ] {
            assert_eq!(is_date_code(code), date, "{code}");
        }
        assert!(is_date_id(14));
        assert!(!is_date_id(0));
    }
}
