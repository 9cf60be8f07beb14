//! Where a report differs from the one its inspection renders to: `spur verify` re-renders the
//! report from the inspection (the renderers are deterministic: the same graded document gives
//! the same bytes) and, when the bytes differ, names the page (PDF) or the section (HTML,
//! DOCX: the heading above the first difference) so the recipient knows what was changed.

/// The first place where `given` (the report received) differs from `expected` (the report
/// the inspection renders to), in words for the recipient; `None` when the two are the same
/// bytes.
///
/// ```
/// let a = b"<h2>Styrkor</h2><p>Bra</p>".to_vec();
/// let b = b"<h2>Styrkor</h2><p>Bra!</p>".to_vec();
/// assert_eq!(spur_report::verify::first_difference(&a, &a), None);
/// assert!(spur_report::verify::first_difference(&a, &b).unwrap().contains("Styrkor"));
/// ```
pub fn first_difference(expected: &[u8], given: &[u8]) -> Option<String> {
    if expected == given {
        return None;
    }
    Some(if expected.starts_with(b"%PDF") {
        pdf_difference(expected, given)
    } else if expected.starts_with(b"PK") {
        docx_difference(expected, given)
    } else {
        html_difference(expected, given)
    })
}

/// The offset of the first byte that differs (the shorter length when one is a prefix).
fn first_differing(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// Text without markup, whitespace collapsed, clipped to about 60 characters.
fn plain(markup: &[u8]) -> String {
    let s = String::from_utf8_lossy(markup);
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let one = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() || needle.len() > hay.len() - from {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// The element (`open` … `close`) around offset `at` of `xml`, as plain text.
fn around(xml: &[u8], at: usize, open: &[&[u8]], close: &[u8]) -> String {
    let at = at.min(xml.len());
    let start = open
        .iter()
        .filter_map(|o| rfind(&xml[..at], o))
        .max()
        .unwrap_or(at.saturating_sub(80));
    let end = find_from(xml, close, at).map_or(xml.len().min(at + 80), |e| e + close.len());
    plain(&xml[start..end])
}

/// The headings above `at`, outermost first (`HANDLINGSPLAN › D Tjänstgöringens upplägg`):
/// for each level the last heading before `at`, kept when it comes after the outer one.
/// `find(level, before)` answers the start of the last heading of `level` before `before` and
/// its text.
fn heading_path(
    at: usize,
    levels: usize,
    find: impl Fn(usize, usize) -> Option<(usize, String)>,
) -> Option<String> {
    let mut path: Vec<String> = Vec::new();
    let mut after = 0;
    let mut any = false;
    for level in 1..=levels {
        if let Some((i, text)) = find(level, at)
            && (i >= after || !any)
        {
            after = i;
            any = true;
            path.push(text);
        }
    }
    (!path.is_empty()).then(|| path.join(" › "))
}

/// The text of the last `<hN>` (N = `level`) that starts before `at` in an HTML report.
fn html_heading(html: &[u8], level: usize, at: usize) -> Option<(usize, String)> {
    let digit = b'0' + u8::try_from(level).ok()?;
    let i = rfind(&html[..at.min(html.len())], &[b'<', b'h', digit])?;
    let end = find_from(html, &[b'<', b'/', b'h', digit, b'>'], i)?;
    Some((i, plain(&html[i..end])))
}

fn html_difference(expected: &[u8], given: &[u8]) -> String {
    let at = first_differing(expected, given);
    let section = heading_path(at, 4, |level, before| html_heading(expected, level, before))
        .map_or_else(
            || "before the first heading".to_string(),
            |h| format!("section \"{h}\""),
        );
    let open: &[&[u8]] = &[b"<p", b"<td", b"<li", b"<th", b"<h"];
    format!(
        "{section} differs: the report has \"{}\" where the inspection gives \"{}\"",
        around(given, at, open, b">\n"),
        around(expected, at, open, b">\n")
    )
}

/// The DOCX parts (name, bytes) in archive order; empty when not a ZIP.
#[cfg(not(feature = "docx"))]
fn docx_parts(_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    Vec::new()
}

/// The DOCX parts (name, bytes) in archive order; empty when not a ZIP.
#[cfg(feature = "docx")]
fn docx_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let Ok(file) = archive.by_index(i) else {
            continue;
        };
        let name = file.name().to_string();
        let mut buf = Vec::new();
        // Bounded: a report's part is far below 64 MiB.
        if file.take(64 << 20).read_to_end(&mut buf).is_ok() {
            parts.push((name, buf));
        }
    }
    parts
}

/// The text of the last heading paragraph of `level` (style `HeadingN`) before `at`.
fn docx_heading(xml: &[u8], level: usize, at: usize) -> Option<(usize, String)> {
    let style = format!("<w:pStyle w:val=\"Heading{level}\"");
    let style = rfind(&xml[..at.min(xml.len())], style.as_bytes())?;
    let start = rfind(&xml[..style], b"<w:p>").or_else(|| rfind(&xml[..style], b"<w:p "))?;
    let end = find_from(xml, b"</w:p>", style)?;
    Some((start, plain(&xml[start..end])))
}

fn docx_difference(expected: &[u8], given: &[u8]) -> String {
    let (want, got) = (docx_parts(expected), docx_parts(given));
    if got.is_empty() {
        return "the report is not a readable DOCX package".into();
    }
    for (name, bytes) in &want {
        let Some((_, other)) = got.iter().find(|(n, _)| n == name) else {
            return format!("the part {name} is missing");
        };
        if other == bytes {
            continue;
        }
        if name == "word/document.xml" {
            let at = first_differing(bytes, other);
            let section = heading_path(at, 3, |level, before| docx_heading(bytes, level, before))
                .map_or_else(
                    || "before the first heading".to_string(),
                    |h| format!("section \"{h}\""),
                );
            let open: &[&[u8]] = &[b"<w:p>", b"<w:p "];
            return format!(
                "{section} differs: the report has \"{}\" where the inspection gives \"{}\"",
                around(other, at, open, b"</w:p>"),
                around(bytes, at, open, b"</w:p>")
            );
        }
        return format!("the part {name} differs");
    }
    match got.iter().find(|(n, _)| !want.iter().any(|(w, _)| w == n)) {
        Some((name, _)) => format!("the report has a part the inspection does not give: {name}"),
        None => "the package differs (its parts are the same: the ZIP itself was changed)".into(),
    }
}

fn pdf_difference(expected: &[u8], given: &[u8]) -> String {
    let at = first_differing(expected, given);
    match pdf_page_at(expected, at) {
        Some(PdfPlace::Page(n)) => format!("page {n} differs (from byte {at})"),
        Some(PdfPlace::Object(n)) => format!(
            "object {n} differs (from byte {at}; not one page's content: fonts, images or the document's metadata)"
        ),
        None => format!("the PDF differs from byte {at}"),
    }
}

/// Where a byte offset of a PDF lies.
enum PdfPlace {
    /// In the content stream (or the page object) of the 1-based page.
    Page(usize),
    /// In another object.
    Object(u32),
}

/// The offsets of every `N 0 obj` of a PDF, in file order: (offset, object number).
fn pdf_objects(pdf: &[u8]) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = find_from(pdf, b" 0 obj", i) {
        let mut s = at;
        while s > 0 && pdf[s - 1].is_ascii_digit() {
            s -= 1;
        }
        if s < at
            && (s == 0 || matches!(pdf[s - 1], b'\n' | b'\r' | b' '))
            && let Ok(n) = std::str::from_utf8(&pdf[s..at])
                .unwrap_or("")
                .parse::<u32>()
        {
            out.push((s, n));
        }
        i = at + 6;
    }
    out
}

/// The bytes of object `n` (from `n 0 obj` to `endobj`).
fn pdf_object<'a>(pdf: &'a [u8], objects: &[(usize, u32)], n: u32) -> Option<&'a [u8]> {
    let (start, _) = objects.iter().find(|(_, m)| *m == n)?;
    let end = find_from(pdf, b"endobj", *start)?;
    Some(&pdf[*start..end])
}

/// The numbers after `key` in a dictionary: `/Kids [3 0 R 4 0 R]` → 3, 4.
fn refs_after(dict: &[u8], key: &[u8]) -> Vec<u32> {
    let Some(i) = find_from(dict, key, 0) else {
        return Vec::new();
    };
    let rest = &dict[i + key.len()..];
    let text = String::from_utf8_lossy(rest);
    let text = text.trim_start();
    let nums: Vec<&str> = if let Some(list) = text.strip_prefix('[') {
        list.split(']')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect()
    } else {
        // One reference: `N 0 R`.
        text.split_whitespace().take(3).collect()
    };
    nums.chunks(3)
        .filter(|c| c.len() == 3 && c[2] == "R")
        .filter_map(|c| c[0].parse().ok())
        .collect()
}

/// The page (1-based, in page-tree order) whose page object or content stream holds `at`.
fn pdf_page_at(pdf: &[u8], at: usize) -> Option<PdfPlace> {
    let objects = pdf_objects(pdf);
    let (_, holder) = objects.iter().rev().find(|(o, _)| *o <= at).copied()?;
    // The page tree from the catalog: /Root → /Pages → /Kids (nested /Pages flattened).
    let root = pdf
        .windows(5)
        .rposition(|w| w == b"/Root")
        .map(|i| refs_after(&pdf[i..(i + 40).min(pdf.len())], b"/Root"))
        .and_then(|r| r.first().copied())?;
    let catalog = pdf_object(pdf, &objects, root)?;
    let mut stack: Vec<u32> = refs_after(catalog, b"/Pages");
    let mut pages = Vec::new();
    let mut guard = 0;
    while let Some(n) = stack.pop() {
        guard += 1;
        if guard > 100_000 {
            break;
        }
        let Some(obj) = pdf_object(pdf, &objects, n) else {
            continue;
        };
        let kids = refs_after(obj, b"/Kids");
        if kids.is_empty() {
            pages.push((n, refs_after(obj, b"/Contents")));
        } else {
            stack.extend(kids.into_iter().rev());
        }
    }
    let place = pages
        .iter()
        .position(|(page, contents)| *page == holder || contents.contains(&holder))
        .map_or(PdfPlace::Object(holder), |i| PdfPlace::Page(i + 1));
    Some(place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_names_the_heading_above_the_difference() {
        let a = b"<h1>R</h1>\n<h2>HANDLINGSPLAN</h2>\n<p>IUP uppr\xc3\xa4ttas</p>\n";
        let b = b"<h1>R</h1>\n<h2>HANDLINGSPLAN</h2>\n<p>Inget g\xc3\xb6rs</p>\n";
        let d = first_difference(a, b).unwrap();
        assert!(d.contains("section \"R › HANDLINGSPLAN\""), "{d}");
        assert!(
            d.contains("Inget görs") && d.contains("IUP upprättas"),
            "{d}"
        );
    }

    #[test]
    fn pdf_refs_are_read() {
        assert_eq!(
            refs_after(b"/Kids [3 0 R 4 0 R] /Count 2", b"/Kids"),
            [3, 4]
        );
        assert_eq!(refs_after(b"/Contents 9 0 R /Resources", b"/Contents"), [9]);
    }
}
