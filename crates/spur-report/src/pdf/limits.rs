//! Texts made fit for PDF before typesetting (issue 27).
//!
//! PDF/A allows no string over 32 767 bytes, and typst writes some texts as one string: the
//! document's title, authors and keywords (metadata), and a line of text in the page content
//! (a run with no break opportunity stays on one line, so a 40 000-character word would be one
//! 80 000-byte string). A long text also costs memory on every page it is repeated on (the
//! running header names the unit). So before the data reaches the template:
//!
//! - a run of more than [`RUN`] characters without white space gets an invisible break
//!   opportunity (U+200B ZERO WIDTH SPACE) every [`RUN`] characters: it wraps instead of running
//!   off the page, and no line is one huge string;
//! - the metadata (`title`, each of `authors` and `keywords`) is clipped to [`META`] characters,
//!   at most [`META_ITEMS`] authors and keywords;
//! - the running header and footer (`running`) are clipped to [`RUNNING`] characters.
//!
//! Clipped texts end in `…`; the body of the report keeps every character of every text.

use serde_json::Value;

/// The longest run of characters without a break opportunity.
pub(crate) const RUN: usize = 100;

/// The longest metadata text (characters).
pub(crate) const META: usize = 1_000;

/// The most authors and keywords in the metadata.
pub(crate) const META_ITEMS: usize = 20;

/// The longest text of the running header and footer (characters).
pub(crate) const RUNNING: usize = 150;

/// `s` with a zero-width space after every [`RUN`] characters of a run without white space.
pub(crate) fn breakable(s: &str) -> Option<String> {
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in s.chars() {
        run = if c.is_whitespace() || c == '\u{200b}' {
            0
        } else {
            run + 1
        };
        longest = longest.max(run);
    }
    if longest <= RUN {
        return None;
    }
    let mut out = String::with_capacity(s.len() + s.len() / RUN * 3 + 3);
    run = 0;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' {
            run = 0;
        } else {
            if run == RUN {
                out.push('\u{200b}');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    Some(out)
}

/// `s` cut to `max` characters, ending in `…` when cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{head}…")
}

fn each_string(v: &mut Value, f: &mut impl FnMut(&mut String)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter_mut().for_each(|v| each_string(v, f)),
        Value::Object(o) => o.values_mut().for_each(|v| each_string(v, f)),
        _ => {}
    }
}

/// The template's data made fit for PDF (see the module).
pub(crate) fn fit(data: &Value) -> Value {
    let mut data = data.clone();
    if let Some(o) = data.as_object_mut() {
        if let Some(Value::String(t)) = o.get_mut("title") {
            *t = clip(t, META);
        }
        for key in ["authors", "keywords"] {
            if let Some(Value::Array(items)) = o.get_mut(key) {
                items.truncate(META_ITEMS);
                for item in items.iter_mut() {
                    if let Value::String(s) = item {
                        *s = clip(s, META);
                    }
                }
            }
        }
        if let Some(running) = o.get_mut("running") {
            each_string(running, &mut |s| *s = clip(s, RUNNING));
        }
    }
    each_string(&mut data, &mut |s| {
        if let Some(b) = breakable(s) {
            *s = b;
        }
    });
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_get_a_break_opportunity_and_short_ones_stay() {
        assert_eq!(breakable("kort text"), None);
        assert_eq!(breakable(&"x".repeat(RUN)), None);
        let b = breakable(&"x".repeat(2 * RUN + 1)).unwrap();
        assert_eq!(b.matches('\u{200b}').count(), 2);
        assert_eq!(b.replace('\u{200b}', ""), "x".repeat(2 * RUN + 1));
        let words = format!("a {} b", "y".repeat(RUN + 1));
        assert_eq!(breakable(&words).unwrap().matches('\u{200b}').count(), 1);
    }

    #[test]
    fn clipping_counts_characters() {
        assert_eq!(clip("åäö", 3), "åäö");
        assert_eq!(clip("åäöx", 3), "åä…");
        assert_eq!(clip("", 3), "");
    }

    #[test]
    fn metadata_and_running_texts_are_clipped_and_the_body_is_kept() {
        let long = "ord ".repeat(10_000);
        let data = serde_json::json!({
            "title": long,
            "authors": vec![long.clone(); 30],
            "running": {"unit": long},
            "notes": [long],
        });
        let fit = fit(&data);
        assert_eq!(fit["title"].as_str().unwrap().chars().count(), META);
        assert_eq!(fit["authors"].as_array().unwrap().len(), META_ITEMS);
        assert_eq!(
            fit["running"]["unit"].as_str().unwrap().chars().count(),
            RUNNING
        );
        assert_eq!(fit["notes"][0].as_str().unwrap(), long);
    }
}
