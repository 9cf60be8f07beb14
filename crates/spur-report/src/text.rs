//! Text normalisation shared by every renderer: what never reaches an output, one line,
//! paragraphs. A leaf module: the views and renderers use it, it uses none of them.

/// Drop characters XML 1.0 cannot carry (C0 controls except tab and newline, DEL–C1, U+FFFE/F)
/// and normalise line ends.
pub(crate) fn clean(text: &str) -> String {
    // `\r` is a control character, so `\r\n` becomes `\n` by dropping it.
    text.chars().filter(|&c| !is_dropped(c)).collect()
}

/// Single spaces between words, nothing to drop, no other whitespace.
fn is_one_clean_line(text: &str) -> bool {
    let mut prev_space = true; // also rejects a leading space
    for c in text.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
        } else if (c as u32) < 0x20
            || c == '\u{7f}'
            || (!c.is_ascii() && (c.is_whitespace() || is_dropped(c)))
        {
            return false;
        } else {
            prev_space = false;
        }
    }
    !prev_space || text.is_empty()
}

/// Characters that never reach an output: controls other than newline and tab (they are not
/// valid in XML), and the noncharacters U+FFFE/U+FFFF.
fn is_dropped(c: char) -> bool {
    c == '\r' || spur_core::escape::is_unsafe_control(c) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// One line: cleaned, runs of whitespace (line breaks included) collapsed to one space.
pub(crate) fn one_line(text: &str) -> String {
    // This runs for every criterion text of every report: most texts are already one clean
    // line, so check that first and copy them whole.
    if is_one_clean_line(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().filter(|&c| !is_dropped(c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Paragraphs: split on blank lines, each joined to one line; empty paragraphs dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let cleaned = clean(text);
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in cleaned.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(one_line(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(one_line(&current.join(" ")));
    }
    out.retain(|p| !p.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_xml_invalid_characters_only() {
        assert_eq!(clean("a\u{1}b\u{1b}c\td\ne\u{FFFF}å"), "abc\td\neå");
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_join_lines() {
        let p = paragraphs("\nEtt\ntvå  tre.\n\n  \nFyra.\r\n\r\nFem\u{0}.\n");
        assert_eq!(p, ["Ett två tre.", "Fyra.", "Fem."]);
    }

    #[test]
    fn one_line_fast_path_agrees_with_the_slow_path() {
        for t in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\nb",
            "å\u{a0}b",
            "x\u{1}y",
            "ok text, åäö.",
        ] {
            let slow: String = clean(t).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(one_line(t), slow, "{t:?}");
        }
    }
}
