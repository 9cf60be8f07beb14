//! Small Markdown helpers shared by the agenda and the commitments report, on top of
//! [`spur_core::escape`].

/// A possibly multi-line text as Markdown lines, each prefixed with `indent`, joined with hard
/// line breaks (`\` at line end). A line that would start a list, heading or quote is escaped so
/// it stays text.
pub(crate) fn md_lines(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            format!(
                "{indent}{}",
                spur_core::escape::markdown_block(l.trim_end())
            )
        })
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Text safe for a table cell or a heading: Markdown escaped, pipes escaped, line breaks as
/// spaces.
pub(crate) fn md_cell(text: &str) -> String {
    spur_core::escape::markdown_inline(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_escape_list_markers_and_break_hard() {
        assert_eq!(md_lines("a\n- b", "  "), "  a\\\n  \\- b");
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }
}
