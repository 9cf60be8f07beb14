//! Small text helpers shared by the renderers: aligned tables, Markdown, HTML and CSV escaping.

pub(crate) use spur_report::{text_table, write_text_table};

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
