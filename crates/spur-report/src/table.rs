//! Small text helpers: an aligned plain-text table for the terminal outputs (here and in spur-followup).

/// A plain-text table: columns padded to the widest cell (in characters), two spaces apart,
/// a dashed rule under the header, no trailing spaces.
/// Cells are escaped for a terminal ([`spur_core::escape::terminal`]).
pub fn text_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_text_table(&mut out, headers, || rows.iter().cloned());
    String::from_utf8(out).unwrap_or_default()
}

/// [`text_table`] written to `out` line by line, for tables too long to hold: `rows` is called
/// twice, once to measure the columns and once to write them, so no row outlives its line.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write_text_table<I>(
    out: &mut dyn std::io::Write,
    headers: &[&str],
    rows: impl Fn() -> I,
) -> std::io::Result<()>
where
    I: Iterator<Item = Vec<String>>,
{
    let escaped = |row: Vec<String>| -> Vec<String> {
        row.iter()
            .map(|c| spur_core::escape::terminal(c).into_owned())
            .collect()
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows().map(escaped) {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
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
        out.write_all(l.trim_end().as_bytes())?;
        out.write_all(b"\n")
    };
    line(&mut headers.iter().copied())?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut rule.iter().map(String::as_str))?;
    for row in rows().map(escaped) {
        line(&mut row.iter().map(String::as_str))?;
    }
    Ok(())
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
}
