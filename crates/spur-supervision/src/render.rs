//! Small Markdown helpers shared by the agenda and the commitments report.

/// A possibly multi-line text as Markdown lines, each prefixed with `indent`, joined with hard
/// line breaks (`\` at line end). A line that would start a list, heading or quote is escaped so
/// it stays text.
pub(crate) fn md_lines(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_end();
            let escaped = match l.chars().next() {
                Some('-' | '+' | '*' | '#' | '>') => format!("\\{l}"),
                _ => l.to_string(),
            };
            format!("{indent}{escaped}")
        })
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Text safe for a table cell: pipes escaped, line breaks as spaces.
pub(crate) fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
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
