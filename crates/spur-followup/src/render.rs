//! Small text helpers shared by the renderers: aligned tables, Markdown, HTML and CSV escaping.

/// A plain-text table: columns padded to the widest cell (in characters), two spaces apart,
/// a dashed rule under the header, no trailing spaces.
/// Cells are escaped for a terminal ([`spur_core::escape::terminal`]).
pub(crate) fn text_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| spur_core::escape::terminal(c).into_owned())
                .collect()
        })
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, c) in cells.enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(c);
            let pad = widths[i].saturating_sub(c.chars().count());
            l.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut rule.iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// Escape text for a Markdown table cell (see [`spur_core::escape::markdown_cell`]).
pub(crate) fn md_escape(s: &str) -> String {
    spur_core::escape::markdown_cell(s)
}

/// Escape text for HTML element content and attribute values (see [`spur_core::escape::html`]).
pub(crate) fn html_escape(s: &str) -> String {
    spur_core::escape::html(s)
}

/// Neutralise spreadsheet formula injection: a cell that starts with `=`, `+`, `-`, `@`, their
/// fullwidth forms, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as
/// text instead of evaluating it (see [`spur_core::escape::csv`]).
///
/// ```
/// use spur_followup::csv_cell;
/// assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_cell("-"), "'-");
/// assert_eq!(csv_cell("＝1"), "'＝1");
/// assert_eq!(csv_cell("Vårdcentralen"), "Vårdcentralen");
/// ```
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    spur_core::escape::csv(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_by_characters() {
        let t = text_table(
            &["A", "B"],
            &[vec!["åäö".into(), "x".into()], vec!["a".into(), "".into()]],
        );
        assert_eq!(t, "A    B\n---  -\nåäö  x\na\n");
    }

    #[test]
    fn escapes() {
        assert_eq!(md_escape("a|b\nc*d"), "a\\|b<br>c\\*d");
        assert_eq!(md_escape("x\n~~~"), "x<br>\\~\\~\\~");
        assert_eq!(
            html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell(""), "");
    }
}
