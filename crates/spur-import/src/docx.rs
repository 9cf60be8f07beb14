//! The DOCX reader: the text of every table cell of `word/document.xml`, streamed from the ZIP
//! against the file's unpacked-bytes budget, with at most [`MAX_ENTRIES`] tables and
//! [`MAX_DOCX_CELLS`] rows and cells.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use spur_core::Phrase;
use spur_core::messages::{Msg, Text};

use crate::Error;
use crate::cells::resolve_reference;
use crate::limits::{Budget, MAX_DOCX_CELLS, MAX_ENTRIES};

fn unreadable(why: impl Into<Phrase>) -> Error {
    Error::unreadable("DOCX", why)
}

/// The text of every cell of every table of a DOCX body: tables → rows → cells → text. Nested
/// tables are flattened into their outer table's cell.
///
/// # Errors
///
/// [`Error::Unreadable`] when the file is not a ZIP with `word/document.xml`, its XML is
/// broken, it unpacks beyond the budget, or it has more than [`MAX_ENTRIES`] tables or
/// [`MAX_DOCX_CELLS`] rows and cells.
pub(crate) fn tables(bytes: &[u8]) -> Result<Vec<Vec<Vec<String>>>, Error> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let budget = Budget::for_packed(bytes.len());
    let part = "word/document.xml";
    let file = zip
        .by_name(part)
        .map_err(|e| unreadable(Text::new(Msg::ImportNoDocumentXml).val("detail", e)))?;
    let bounded: Box<dyn Read + '_> = Box::new(budget.reader(file, part));
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(bounded));
    let broken = |e: &dyn std::fmt::Display| {
        if budget.spent() {
            unreadable(budget.message(part))
        } else {
            unreadable(Text::new(Msg::ImportBrokenXml).val("detail", e))
        }
    };
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut depth = 0usize; // nested tables are flattened into their outer table
    let mut in_text = false;
    let mut cell: Option<String> = None;
    let mut parts = 0usize; // rows and cells built
    let mut buf = Vec::new();
    let count = |parts: &mut usize| -> Result<(), Error> {
        *parts += 1;
        if *parts > MAX_DOCX_CELLS {
            return Err(unreadable(
                Text::new(Msg::ImportTooManyCells).val("max", MAX_DOCX_CELLS),
            ));
        }
        Ok(())
    };
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"w:tbl" => {
                    depth += 1;
                    if depth == 1 {
                        if tables.len() >= MAX_ENTRIES {
                            return Err(unreadable(
                                Text::new(Msg::ImportTooManyTables).val("max", MAX_ENTRIES),
                            ));
                        }
                        tables.push(Vec::new());
                    }
                }
                b"w:tr" if depth == 1 => {
                    count(&mut parts)?;
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                b"w:tc" if depth == 1 => {
                    count(&mut parts)?;
                    cell = Some(String::new());
                }
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
                    c.push_str(&resolve_reference(&r));
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
            Err(e) => return Err(broken(&e)),
            _ => {}
        }
    }
    Ok(tables)
}
