//! `placeholder_word` (one pass, nothing allocated) answers as the plain definition does:
//! lower-case the text and each word, find the first word of the list that occurs, as a whole
//! word where it is made of letters and spaces.

use proptest::prelude::*;
use spur_core::template::{PLACEHOLDER_UNIT, PLACEHOLDER_WORDS, placeholder_word};

fn by_definition(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    if trimmed == PLACEHOLDER_UNIT {
        return Some(PLACEHOLDER_UNIT);
    }
    if matches!(trimmed, "…" | "..." | "?" | "-" | "–") {
        return Some("[…]");
    }
    let lower = text.to_lowercase();
    PLACEHOLDER_WORDS.iter().copied().find(|p| {
        let p_lower = p.to_lowercase();
        if !p.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            return lower.contains(&p_lower);
        }
        lower.match_indices(&p_lower).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + p_lower.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

fn text() -> impl Strategy<Value = String> {
    let pieces = vec![
        "todo",
        "TODO",
        "ToDo",
        "tbd",
        "fixme",
        "xxx",
        "XXXL",
        "fyll i",
        "att fylla i",
        "Fyll I",
        "fill in",
        "lorem ipsum",
        "<…>",
        "<...>",
        "[…]",
        "[...]",
        "…",
        "...",
        "?",
        "-",
        "–",
        " ",
        "a",
        "å",
        "Ö",
        "1",
        ".",
        ",",
        "IUP",
        "Enhetens namn",
        "x",
        "t",
        "<",
        "[",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 0..8).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn one_pass_answers_as_the_definition(text in text()) {
        prop_assert_eq!(placeholder_word(&text), by_definition(&text), "{:?}", text);
    }
}

#[test]
fn a_later_word_earlier_in_the_text_does_not_win() {
    // "[…]" stands first in the text, "TODO" first in the list: the list decides.
    assert_eq!(placeholder_word("[…] och TODO"), Some("TODO"));
    assert_eq!(placeholder_word("storlek XXXL, todo"), Some("TODO"));
    assert_eq!(placeholder_word("storlek XXXL"), None);
}
