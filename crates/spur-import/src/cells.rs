//! Small pieces both spreadsheet and document readers use: a column's letter and an XML entity
//! reference. A leaf module: `read.rs`, `xlsx.rs` and `docx.rs` use it, it uses none of them.

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

/// The character an entity reference (`amp`, `#x41`, `#65`) stands for.
pub(crate) fn resolve_reference(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.as_ref() {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        n => n
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default(),
    }
}
